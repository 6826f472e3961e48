// The demo generator: deterministic, consistent with the schema's rules, cancellable.
#include "core/demo.h"
#include "core/password.h"
#include "core/store.h"

#include <gtest/gtest.h>

using namespace clientele::core;

namespace {
DemoOptions options(std::int64_t customers, std::uint64_t seed = 42) {
    DemoOptions o;
    o.customers = customers;
    o.seed = seed;
    o.today = "2026-11-23";
    return o;
}

std::string dump(Database& db, const std::string& sql) {
    std::string out;
    Statement st = db.prepare(sql);
    while (st.step()) {
        for (int c = 0; c < st.column_count(); ++c)
            out += st.text(c) + "|";
        out += "\n";
    }
    return out;
}
} // namespace

TEST(Demo, JohnDoeAndCountsMatchTheSummary) {
    Store store(":memory:");
    Database& db = store.db();
    DemoSummary s = generate_demo(db, options(300));
    EXPECT_EQ(s.customers, 301);
    EXPECT_EQ(db.scalar_int("SELECT COUNT(*) FROM ps_customer"), s.customers);
    EXPECT_EQ(db.scalar_int("SELECT COUNT(*) FROM ps_address"), s.addresses);
    EXPECT_EQ(db.scalar_int("SELECT COUNT(*) FROM ps_orders"), s.orders);
    EXPECT_EQ(db.scalar_int("SELECT COUNT(*) FROM ps_cart"), s.carts);
    EXPECT_EQ(db.scalar_int("SELECT COUNT(*) FROM ps_customer_thread"), s.threads);
    EXPECT_GT(s.orders, 200);
    Statement john = db.prepare(
        "SELECT firstname, lastname, passwd FROM ps_customer WHERE email = 'pub@prestashop.com'");
    ASSERT_TRUE(john.step());
    EXPECT_EQ(john.text(0), "John");
    EXPECT_EQ(john.text(1), "DOE");
    EXPECT_TRUE(password::verify("prestashop_demo", john.text(2)));
    Statement other = db.prepare("SELECT passwd FROM ps_customer WHERE id_customer = 2");
    ASSERT_TRUE(other.step());
    EXPECT_TRUE(password::verify("demo1234", other.text(0)));
}

TEST(Demo, SameSeedSameShopDifferentSeedDifferentShop) {
    Store a(":memory:"), b(":memory:"), c(":memory:");
    generate_demo(a.db(), options(120, 7));
    generate_demo(b.db(), options(120, 7));
    generate_demo(c.db(), options(120, 8));
    const std::string q = "SELECT * FROM ps_customer ORDER BY id_customer";
    const std::string o = "SELECT * FROM ps_orders ORDER BY id_order";
    EXPECT_EQ(dump(a.db(), q), dump(b.db(), q));
    EXPECT_EQ(dump(a.db(), o), dump(b.db(), o));
    EXPECT_NE(dump(a.db(), q), dump(c.db(), q));
}

TEST(Demo, RowsFollowTheRules) {
    Store store(":memory:");
    Database& db = store.db();
    generate_demo(db, options(400));
    // Default group always among the customer's groups.
    EXPECT_EQ(
        db.scalar_int("SELECT COUNT(*) FROM ps_customer c WHERE NOT EXISTS (SELECT 1 FROM "
                      "ps_customer_group g WHERE g.id_customer = c.id_customer AND g.id_group = "
                      "c.id_default_group)"),
        0);
    // A valid order is in a logable state; its history ends with its current state.
    EXPECT_EQ(db.scalar_int("SELECT COUNT(*) FROM ps_orders o JOIN ps_order_state s ON "
                            "s.id_order_state = o.current_state WHERE o.valid != s.logable"),
              0);
    EXPECT_EQ(db.scalar_int("SELECT COUNT(*) FROM ps_orders o WHERE o.current_state != (SELECT "
                            "id_order_state FROM ps_order_history h WHERE h.id_order = o.id_order "
                            "ORDER BY date_add DESC, id_order_history DESC LIMIT 1)"),
              0);
    // Derived figures agree with the orders.
    EXPECT_EQ(db.scalar_int(
                  "SELECT COUNT(*) FROM cl_customer_stats s WHERE s.valid_orders != (SELECT "
                  "COUNT(*) FROM ps_orders o WHERE o.id_customer = s.id_customer AND o.valid = 1)"),
              0);
    EXPECT_EQ(db.scalar_int("SELECT COUNT(*) FROM cl_customer_stats WHERE last_visit IS NULL"), 0);
    EXPECT_EQ(db.scalar_int("SELECT COUNT(*) FROM pragma_foreign_key_check"), 0);
    // Several cultures, B2B customers with SIRET, guests, abandoned carts, returns.
    EXPECT_GT(db.scalar_int("SELECT COUNT(*) FROM ps_customer WHERE siret IS NOT NULL"), 5);
    EXPECT_GT(db.scalar_int("SELECT COUNT(*) FROM ps_customer WHERE is_guest = 1"), 0);
    EXPECT_GT(db.scalar_int("SELECT COUNT(*) FROM ps_cart c WHERE NOT EXISTS (SELECT 1 FROM "
                            "ps_orders o WHERE o.id_cart = c.id_cart)"),
              20);
    EXPECT_GT(db.scalar_int("SELECT COUNT(DISTINCT id_country) FROM ps_address"), 5);
    EXPECT_GT(db.scalar_int("SELECT COUNT(*) FROM ps_customer_message"), 20);
    EXPECT_EQ(db.scalar_int("SELECT COUNT(*) FROM ps_customer c JOIN ps_customer d ON c.email = "
                            "d.email COLLATE NOCASE AND c.id_customer < d.id_customer"),
              0);
}

// A lighter shop of the same size: only the given share of customers shops; everyone keeps an
// account, addresses and visits.
TEST(Demo, ActivityPercentKeepsTheCustomersAndThinsTheirPurchases) {
    Store full(":memory:"), light(":memory:"), none(":memory:");
    const DemoSummary f = generate_demo(full.db(), options(1000));
    DemoOptions o = options(1000);
    o.activity_percent = 10;
    const DemoSummary l = generate_demo(light.db(), o);
    o.activity_percent = 0;
    const DemoSummary n = generate_demo(none.db(), o);
    EXPECT_EQ(l.customers, f.customers);
    EXPECT_GT(l.addresses, 1000);
    EXPECT_GT(l.orders, f.orders / 20);
    EXPECT_LT(l.orders, f.orders / 5);
    EXPECT_EQ(n.threads, 0);
    // John Doe, the demo's fixed account, still has his orders and their carts: he always
    // shops.
    EXPECT_GT(n.orders, 0);
    EXPECT_EQ(none.db().scalar_int("SELECT COUNT(*) FROM ps_orders WHERE id_customer <> 1"), 0);
    EXPECT_EQ(none.db().scalar_int("SELECT COUNT(*) FROM ps_cart WHERE id_customer <> 1"), 0);
    EXPECT_EQ(none.db().scalar_int("SELECT COUNT(DISTINCT id_guest) FROM ps_connections"),
              n.customers);
    o.activity_percent = 101;
    Store bad(":memory:");
    EXPECT_THROW(generate_demo(bad.db(), o), std::invalid_argument);
    EXPECT_EQ(bad.db().scalar_int("SELECT COUNT(*) FROM ps_customer"), 0);
}

// "Now" may carry a time: the carts being filled are from the hours just before it.
TEST(Demo, NowWithATimeOfDay) {
    Store store(":memory:");
    DemoOptions o = options(2000);
    o.today = "2026-11-23 15:30:00";
    generate_demo(store.db(), o);
    Statement st = store.db().prepare(
        "SELECT MAX(date_upd) FROM ps_cart c WHERE NOT EXISTS (SELECT 1 FROM ps_orders o "
        "WHERE o.id_cart = c.id_cart)");
    ASSERT_TRUE(st.step());
    EXPECT_LT(st.text(0), "2026-11-23 15:30:00");
    EXPECT_GT(st.text(0), "2026-11-23 09:30:00");
    Store bad(":memory:");
    o.today = "2026-11-23 25:00:00";
    EXPECT_THROW(generate_demo(bad.db(), o), std::invalid_argument);
}

TEST(Demo, RefusesANonEmptyShopAndCancelWritesNothing) {
    Store store(":memory:");
    Database& db = store.db();
    DemoOptions o = options(5000);
    o.progress = [](std::int64_t done, std::int64_t) { return done < 4096; };
    EXPECT_THROW(generate_demo(db, o), std::runtime_error);
    EXPECT_EQ(db.scalar_int("SELECT COUNT(*) FROM ps_customer"), 0);
    EXPECT_EQ(db.scalar_int("SELECT COUNT(*) FROM ps_orders"), 0);
    generate_demo(db, options(10));
    EXPECT_THROW(generate_demo(db, options(10)), std::runtime_error);
}

// The same seed gives the same shop in every build: this digest of the generated rows is the
// same natively (GCC) and in wasm (clang), whose compilers evaluate operands in different
// orders. When the generator changes on purpose, print the new digest and update it.
TEST(Demo, SameShopNativelyAndInWasm) {
    Store store(":memory:");
    DemoOptions o;
    o.customers = 150;
    o.seed = 7;
    o.today = "2026-11-23";
    generate_demo(store.db(), o);
    std::uint64_t h = 1469598103934665603ull; // FNV-1a
    for (const char* table :
         {"ps_customer", "ps_address", "ps_orders", "ps_order_detail", "ps_cart",
          "ps_customer_thread", "ps_customer_message", "ps_connections", "ps_cart_rule"}) {
        Statement st = store.db().prepare(std::string("SELECT * FROM ") + table + " ORDER BY 1");
        while (st.step())
            for (int c = 0; c < st.column_count(); ++c)
                for (char ch : st.text(c) + "|") {
                    h ^= static_cast<unsigned char>(ch);
                    h *= 1099511628211ull;
                }
    }
    EXPECT_EQ(h, 5647225501449653641ull) << "demo digest: " << h;
}
