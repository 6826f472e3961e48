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

class OrdersView : public View,
                   public FilteredGrid<core::OrderQuery, core::OrderRow, core::OrderColumn> {
public:
    explicit OrdersView(Context& ctx);
    const char* id() const override { return "orders"; }
    const char* title_key() const override { return "nav.orders"; }
    void draw() override;
    std::string state_json() override;

    // What a user does, for tests and the JS test interface (the query runs at once).
    void open_order(std::int64_t id);

private:
    void requery() override;
    void draw_table();

    Context& ctx_;
    std::int64_t cursor_ = -1;
};

// "#RRGGBB" (PrestaShop's state colours) as an ImGui colour; the muted colour when unreadable.
unsigned int state_color(const std::string& hex);

} // namespace clientele::ui
