// Headless UI tests of Customers > Carts and Customers > Orders over the demo shop: the grids
// (filters, sort, state JSON), the cart window's reminder, the order window's state change,
// return and credit slip, undo, and opening orders and carts from the customer's sheet.
#include "ui_harness.h"

#include "core/db.h"
#include "core/demo.h"
#include "ui/views/carts_view.h"
#include "ui/views/customer_sheet_view.h"
#include "ui/views/order_window.h"
#include "ui/views/orders_view.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

using clientele::test::UiHarness;
using namespace clientele;
using nlohmann::json;

namespace {

struct Shop : clientele::test::DemoUi {
    Shop() : DemoUi(120) {}
};

} // namespace

TEST(UiOrders, CartsAndOrdersAreInTheSidebar) {
    Shop s;
    for (const char* id : {"carts", "orders"}) {
        ASSERT_TRUE(s.h.click(std::string("nav.") + id)) << id;
        EXPECT_EQ(s.state()["view"], id);
    }
}

TEST(UiOrders, OrdersGridFiltersSortsAndOpensAnOrder) {
    Shop s;
    auto& orders = s.view<ui::OrdersView>("orders");
    const std::int64_t all = s.count("SELECT COUNT(*) FROM ps_orders");
    ASSERT_GT(all, 0);
    EXPECT_EQ(orders.total(), all);
    // Newest first by default.
    EXPECT_EQ(orders.row_at(0)->id, s.count("SELECT MAX(id_order) FROM ps_orders"));
    const core::OrderRow first = *orders.row_at(0);
    orders.set_filter(core::OrderColumn::Reference, first.reference.substr(0, 9));
    EXPECT_GE(orders.total(), 1);
    EXPECT_EQ(orders.row_at(0)->reference, first.reference);
    orders.set_filter(core::OrderColumn::Reference, "");
    orders.set_filter(core::OrderColumn::Customer, first.customer_email);
    EXPECT_EQ(orders.total(), s.count("SELECT COUNT(*) FROM ps_orders WHERE id_customer = " +
                                      std::to_string(first.id_customer)));
    orders.set_filter(core::OrderColumn::Customer, "");
    orders.set_filter(core::OrderColumn::Total, "not a number");
    EXPECT_EQ(orders.total(), 0);
    EXPECT_FALSE(s.state()["orders"]["error"].get<std::string>().empty());
    orders.set_filter(core::OrderColumn::Total, "");
    orders.set_sort(core::OrderColumn::Date, false);
    EXPECT_EQ(orders.row_at(0)->date_add, [&] {
        core::Statement st = s.h.store.db().prepare("SELECT MIN(date_add) FROM ps_orders");
        st.step();
        return st.text(0);
    }());
    orders.set_sort(core::OrderColumn::Id, true);

    // Typing in the reference filter row, then a click on the first row opens its window.
    ASSERT_TRUE(s.h.click("orders.filter.reference"));
    s.h.type(first.reference);
    s.h.frame(2);
    json st = s.state();
    EXPECT_EQ(st["orders"]["filters"]["reference"], first.reference);
    ASSERT_GE(st["orders"]["first_rows"].size(), 1u);
    ASSERT_TRUE(s.h.click("orders.row.0"));
    s.h.frame(2);
    const std::string wid = "order." + std::to_string(first.id);
    st = s.state();
    ASSERT_TRUE(st["window_states"].contains(wid)) << st["windows"].dump();
    EXPECT_EQ(st["window_states"][wid]["reference"], first.reference);
}

TEST(UiOrders, TheCustomerCellOpensTheSheet) {
    Shop s;
    auto& orders = s.view<ui::OrdersView>("orders");
    const std::int64_t customer = orders.row_at(0)->id_customer;
    ASSERT_TRUE(s.h.click("orders.customer.0"));
    s.h.frame(2);
    EXPECT_TRUE(s.state()["window_states"].contains("sheet." + std::to_string(customer)));
}

TEST(UiOrders, OrderWindowChangesStateReturnsAndRefundsThenUndo) {
    Shop s;
    // A delivered order (shipped and paid) with a line nothing was returned or refunded of.
    const std::int64_t id =
        s.count("SELECT MIN(o.id_order) FROM ps_orders o WHERE o.current_state = 5 AND NOT EXISTS "
                "(SELECT 1 FROM ps_order_return r WHERE r.id_order = o.id_order) AND NOT EXISTS "
                "(SELECT 1 FROM ps_order_slip l WHERE l.id_order = o.id_order)");
    ASSERT_GT(id, 0);
    auto& orders = s.view<ui::OrdersView>("orders");
    orders.open_order(id);
    s.h.frame(2);
    auto* w = s.window<ui::OrderWindow>("order." + std::to_string(id));
    ASSERT_NE(w, nullptr);
    const std::int64_t line = w->order()->order.lines.front().id_order_detail;
    const std::int64_t history = w->order()->order.history.size();

    // Too many to return: refused under the line; then one.
    EXPECT_EQ(w->request_return({{line, 999}}, ""), 0);
    EXPECT_FALSE(w->errors().empty());
    const std::int64_t ret = w->request_return({{line, 1}}, "Broken");
    ASSERT_GT(ret, 0);
    EXPECT_TRUE(w->set_return_state(ret, core::kReturnWaitingPackage));
    EXPECT_FALSE(w->set_return_state(ret, core::kReturnCompleted)); // skips a step
    s.h.frame(2);
    json st = json::parse(w->state_json());
    ASSERT_EQ(st["returns"].size(), 1u);
    EXPECT_EQ(st["returns"][0]["id_state"], core::kReturnWaitingPackage);

    // A credit slip for that line and the shipping.
    const std::int64_t slip = w->create_credit_slip({{line, 1}}, true);
    ASSERT_GT(slip, 0);
    s.h.frame(2);
    EXPECT_EQ(w->order()->order.lines.front().quantity_refunded, 1);

    // Refunded: the state change through the window's widgets (tab, combo item, button).
    ASSERT_TRUE(s.h.click("order." + std::to_string(id) + ".order.timeline"));
    ASSERT_TRUE(s.h.click("order." + std::to_string(id) + ".state"));
    ASSERT_TRUE(s.h.click("order." + std::to_string(id) + ".state.7"));
    ASSERT_TRUE(s.h.click("order." + std::to_string(id) + ".change_state"));
    s.h.frame(2);
    st = json::parse(w->state_json());
    EXPECT_EQ(st["id_state"], 7);
    EXPECT_EQ(st["valid"], false);
    EXPECT_EQ(st["history"].size(), static_cast<std::size_t>(history + 1));

    // Ctrl+Z takes the changes back one by one.
    s.h.app->undo();
    s.h.frame(2);
    EXPECT_EQ(json::parse(w->state_json())["id_state"], 5);
    s.h.app->undo(); // the slip
    s.h.app->undo(); // the return's state
    s.h.app->undo(); // the return
    s.h.frame(2);
    st = json::parse(w->state_json());
    EXPECT_TRUE(st["slips"].empty());
    EXPECT_TRUE(st["returns"].empty());
    EXPECT_EQ(w->order()->order.lines.front().quantity_refunded, 0);
}

TEST(UiOrders, CartsGridFiltersAndReminder) {
    Shop s;
    auto& carts = s.view<ui::CartsView>("carts");
    EXPECT_EQ(carts.total(), s.count("SELECT COUNT(*) FROM ps_cart"));
    EXPECT_EQ(carts.row_at(0)->id, s.count("SELECT MAX(id_cart) FROM ps_cart"));
    carts.set_status(core::CartStatus::Abandoned);
    const std::int64_t abandoned = carts.total();
    ASSERT_GT(abandoned, 0);
    for (std::int64_t i = 0; i < std::min<std::int64_t>(abandoned, 20); ++i)
        EXPECT_EQ(carts.row_at(i)->status, core::CartStatus::Abandoned);
    carts.set_abandoned_days(3);
    EXPECT_LE(carts.total(), abandoned);
    carts.set_abandoned_days(0);
    carts.set_status(core::CartStatus::Ordered);
    EXPECT_EQ(carts.total(),
              s.count("SELECT COUNT(*) FROM ps_cart c WHERE EXISTS (SELECT 1 FROM ps_orders o "
                      "WHERE o.id_cart = c.id_cart)"));
    const core::CartRow ordered = *carts.row_at(0);
    carts.set_customer_filter(ordered.customer_email);
    EXPECT_GE(carts.total(), 1);
    EXPECT_EQ(carts.row_at(0)->customer_email, ordered.customer_email);
    EXPECT_EQ(s.state()["carts"]["status"], "ordered");

    // An ordered cart refuses a reminder, with the reason under the button.
    carts.open_cart(ordered.id);
    s.h.frame(2);
    auto* w = s.window<ui::CartWindow>("cart." + std::to_string(ordered.id));
    ASSERT_NE(w, nullptr);
    EXPECT_FALSE(w->prepare_reminder());
    EXPECT_EQ(w->errors().front().code, "err.cart_not_abandoned");

    // An abandoned cart of a customer with an e-mail: the reminder through the window's button.
    carts.set_customer_filter("");
    carts.set_status(core::CartStatus::Abandoned);
    std::int64_t id = 0;
    for (std::int64_t i = 0; i < carts.total() && !id; ++i)
        if (!carts.row_at(i)->customer_email.empty() && carts.row_at(i)->line_count > 0)
            id = carts.row_at(i)->id;
    ASSERT_GT(id, 0);
    ASSERT_TRUE(s.h.click("carts.row.0")); // a click opens a cart window
    carts.open_cart(id);
    s.h.frame(2);
    w = s.window<ui::CartWindow>("cart." + std::to_string(id));
    ASSERT_NE(w, nullptr);
    w->set_percent_text("0");
    EXPECT_FALSE(w->prepare_reminder());
    w->set_percent_text("12.5");
    w->set_days_text("14");
    EXPECT_TRUE(w->errors().empty()) << w->state_json();
    const std::int64_t outbox = s.count("SELECT COUNT(*) FROM cl_outbox");
    s.h.frame(2);
    ASSERT_TRUE(s.h.click("cart." + std::to_string(id) + ".prepare"));
    json st = json::parse(w->state_json());
    const std::string code = st["reminder_code"];
    ASSERT_EQ(code.rfind("REM-", 0), 0u) << st.dump();
    EXPECT_EQ(s.count("SELECT COUNT(*) FROM cl_outbox WHERE kind = 'cart_reminder'"), outbox + 1);
    EXPECT_EQ(
        s.count("SELECT reduction_percent * 10 FROM ps_cart_rule WHERE code = '" + code + "'"),
        125);
    s.h.app->undo();
    EXPECT_EQ(s.count("SELECT COUNT(*) FROM cl_outbox"), outbox);
    EXPECT_EQ(s.count("SELECT COUNT(*) FROM ps_cart_rule WHERE code = '" + code + "'"), 0);
}

TEST(UiOrders, TheCustomerSheetOpensOrdersAndCarts) {
    Shop s;
    const std::int64_t customer =
        s.count("SELECT MIN(o.id_customer) FROM ps_orders o WHERE EXISTS (SELECT 1 FROM ps_cart c "
                "WHERE c.id_customer = o.id_customer)");
    ASSERT_GT(customer, 0);
    s.h.app->open_customer(customer);
    s.h.frame(2);
    const std::string sheet = "sheet." + std::to_string(customer);
    const std::int64_t order = s.count("SELECT MAX(id_order) FROM ps_orders WHERE id_customer = " +
                                       std::to_string(customer));
    // The cart first: the order window, once open, covers the sheet's tabs.
    const std::int64_t cart =
        s.count("SELECT MAX(id_cart) FROM ps_cart WHERE id_customer = " + std::to_string(customer));
    ASSERT_TRUE(s.h.click(sheet + ".sheet.carts"));
    ASSERT_TRUE(s.h.click(sheet + ".cart." + std::to_string(cart)));
    s.h.frame(2);
    EXPECT_TRUE(s.state()["window_states"].contains("cart." + std::to_string(cart)));
    s.h.app->open_customer(customer); // back in front
    s.h.frame(2);
    ASSERT_TRUE(s.h.click(sheet + ".sheet.orders"));
    ASSERT_TRUE(s.h.click(sheet + ".order." + std::to_string(order)));
    s.h.frame(2);
    EXPECT_TRUE(s.state()["window_states"].contains("order." + std::to_string(order)));
}
