// The order window (from Customers > Orders, a cart or the customer's sheet): the order's
// head (reference, customer, state, totals), its lines with what was returned and refunded,
// the state timeline and a state change, merchandise returns (request one for chosen lines and
// quantities, move it through PrestaShop's return states) and credit slips (chosen lines and
// quantities, shipping optionally, the amount shown before creating). Each change is one
// undoable step (Ctrl+Z).
#pragma once

#include "core/orders.h"
#include "ui/app.h"

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace clientele::ui {

class OrderWindow : public Window {
public:
    OrderWindow(Context& ctx, std::int64_t id_order);
    std::string window_id() const override { return "order." + std::to_string(id_); }
    bool draw() override;
    std::string state_json() const override;

    // What a user does, for tests. Each returns false (or 0) when refused: errors() says why.
    bool change_state(std::int64_t id_order_state);
    std::int64_t request_return(const core::LineQuantities& lines, const std::string& question);
    bool set_return_state(std::int64_t id_order_return, int state);
    std::int64_t create_credit_slip(const core::LineQuantities& lines, bool shipping);
    const std::vector<core::FieldError>& errors() const { return errors_; }
    const std::optional<core::OrderDetail>& order() const { return order_; }

private:
    void reload();
    void draw_head();
    void draw_lines();
    void draw_timeline();
    void draw_returns();
    void draw_slips();
    // One quantity field per order line (0 to max[line]); `prefix` names the hooks.
    void quantity_inputs(const char* prefix, core::LineQuantities& values,
                         const std::map<std::int64_t, std::int64_t>& max);
    template <typename F> bool attempt(F&& f);

    Context& ctx_;
    std::int64_t id_;
    bool open_ = true;
    std::optional<core::OrderDetail> order_;
    std::vector<core::OrderStateInfo> states_;
    std::vector<core::ReturnStateInfo> return_states_;
    std::uint64_t version_ = ~0ull;
    std::int64_t new_state_ = 0;
    core::LineQuantities return_lines_, slip_lines_;
    std::string question_;
    bool refund_shipping_ = false;
    std::vector<core::FieldError> errors_;
};

} // namespace clientele::ui
