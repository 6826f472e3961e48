// Customers > Carts: every cart in one virtualized grid (pages read as they scroll into view),
// newest first, sortable by id or date; filters by status, "abandoned for more than N days" and
// customer (e-mail or name); a click opens the cart window, the e-mail cell the customer's
// sheet. The cart window shows the lines and, for an abandoned cart, prepares a reminder (a
// voucher and a message in the outbox, one undoable change).
#pragma once

#include "core/carts.h"
#include "ui/app.h"
#include "ui/views/paged_rows.h"

#include <optional>
#include <string>
#include <vector>

namespace clientele::ui {

class CartsView : public View {
public:
    explicit CartsView(Context& ctx);
    const char* id() const override { return "carts"; }
    const char* title_key() const override { return "nav.carts"; }
    void draw() override;
    std::string state_json() override;

    // What a user does, for tests and the JS test interface (the query runs at once).
    void set_customer_filter(const std::string& text);
    void set_status(std::optional<core::CartStatus> status);
    void set_abandoned_days(int days);
    void set_sort(core::CartSort sort, bool descending);
    std::int64_t total();
    const core::CartRow* row_at(std::int64_t index);
    void open_cart(std::int64_t id);

private:
    void requery();
    void refresh_if_needed();
    void draw_toolbar();
    void draw_table();

    Context& ctx_;
    core::CartQuery query_;
    PagedRows<core::CartRow> rows_;
    std::int64_t cursor_ = -1;
};

// The cart window: customer, status, lines and total; the reminder for an abandoned cart.
class CartWindow : public Window {
public:
    CartWindow(Context& ctx, std::int64_t id_cart);
    std::string window_id() const override { return "cart." + std::to_string(id_); }
    bool draw() override;
    std::string state_json() const override;

    // For tests: the reminder's fields as typed, and preparing it (false when refused:
    // errors() says why).
    void set_percent_text(const std::string& text);
    void set_days_text(const std::string& text);
    bool prepare_reminder();
    const std::vector<core::FieldError>& errors() const { return errors_; }
    const std::optional<core::CartDetail>& cart() const { return cart_; }

private:
    void reload();
    void revalidate();
    void draw_reminder();

    Context& ctx_;
    std::int64_t id_;
    bool open_ = true;
    std::optional<core::CartDetail> cart_;
    std::uint64_t version_ = ~0ull;
    std::string percent_text_ = "10", days_text_ = "7";
    double percent_ = 10, days_ = 7;
    bool percent_ok_ = true, days_ok_ = true;
    std::vector<core::FieldError> errors_;
    std::string last_code_, last_email_;
};

// A cart status in the UI language.
const char* cart_status_label(core::CartStatus s);

} // namespace clientele::ui
