// Customers > Orders: every order in one virtualized grid (pages read as they scroll into
// view) with a filter per column (reference, customer, date, state, total, payment), sortable
// by id, reference and date (newest first by default); a click opens the order window, the
// e-mail cell the customer's sheet.
#pragma once

#include "core/orders.h"
#include "ui/app.h"
#include "ui/views/paged_rows.h"

#include <map>
#include <string>

namespace clientele::ui {

class OrdersView : public View {
public:
    explicit OrdersView(Context& ctx);
    const char* id() const override { return "orders"; }
    const char* title_key() const override { return "nav.orders"; }
    void draw() override;
    std::string state_json() override;

    // What a user does, for tests and the JS test interface (the query runs at once).
    void set_filter(core::OrderColumn column, const std::string& text);
    void set_sort(core::OrderColumn column, bool descending);
    std::int64_t total();
    const core::OrderRow* row_at(std::int64_t index);
    void open_order(std::int64_t id);

private:
    void requery();
    void refresh_if_needed();
    void draw_table();

    Context& ctx_;
    core::OrderQuery query_;
    std::map<core::OrderColumn, std::string> filters_;
    PagedRows<core::OrderRow> rows_;
    std::int64_t cursor_ = -1;
};

// "#RRGGBB" (PrestaShop's state colours) as an ImGui colour; the muted colour when unreadable.
unsigned int state_color(const std::string& hex);

} // namespace clientele::ui
