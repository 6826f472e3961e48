// The paged lists' time-boxed count (ListCounter) against the one-statement count, and the
// page read that gives up walking the sort order (read_list_page), on a demo shop. Ranges are
// forced small and each step gets a deadline already past, so every count takes many steps;
// no test depends on how long anything takes.
#include "core/addresses.h"
#include "core/carts.h"
#include "core/db.h"
#include "core/demo.h"
#include "core/list_count.h"
#include "core/orders.h"
#include "core/schema.h"
#include "core/service.h"

#include <gtest/gtest.h>

#include <chrono>
#include <memory>
#include <string>
#include <vector>

namespace {

using namespace clientele::core;
using Clock = std::chrono::steady_clock;

class ListCount : public ::testing::Test {
protected:
    static void SetUpTestSuite() {
        db_ = std::make_unique<Database>(":memory:");
        migrate(*db_);
        DemoOptions o;
        o.customers = 800;
        o.today = "2025-06-15";
        generate_demo(*db_, o);
    }
    static void TearDownTestSuite() { db_.reset(); }
    static Database& db() { return *db_; }

    // Counts with `sql` in steps of `keys` keys, each step's deadline already past.
    static std::int64_t count_in_steps(const ListSql& sql, std::int64_t keys,
                                       std::int64_t* steps = nullptr) {
        ListCounter counter(db(), sql);
        counter.set_fixed_range(keys);
        int guard = 0;
        while (!counter.step(Clock::now() - std::chrono::seconds(1)) && ++guard < 100000) {
            EXPECT_GE(counter.progress(), 0.0);
            EXPECT_LE(counter.progress(), 1.0);
        }
        EXPECT_TRUE(counter.done());
        if (steps)
            *steps = counter.steps();
        return counter.count();
    }

    static std::unique_ptr<Database> db_;
};
std::unique_ptr<Database> ListCount::db_;

TEST_F(ListCount, StepsAddUpToTheOneStatementCountForEveryList) {
    std::vector<ListSql> lists;
    lists.push_back(order_list_sql({}));
    OrderQuery by_state;
    by_state.filters = {{OrderColumn::State, "livr"}, {OrderColumn::Total, ">50"}};
    lists.push_back(order_list_sql(by_state));
    CartQuery abandoned;
    abandoned.abandoned_days = 10;
    abandoned.today = "2025-06-15";
    lists.push_back(cart_list_sql(db(), abandoned));
    ThreadQuery open;
    open.filters = {{ThreadColumn::Status, "open"}};
    lists.push_back(thread_list_sql(open));
    AddressQuery paris;
    paris.filters = {{AddressColumn::City, "pa"}};
    lists.push_back(address_list_sql(paris));
    for (const ListSql& sql : lists) {
        SCOPED_TRACE(sql.table + " " + sql.where);
        const std::int64_t expected = count_list(db(), sql);
        std::int64_t steps = 0;
        EXPECT_EQ(count_in_steps(sql, 7, &steps), expected);
        EXPECT_GT(steps, 3); // the deadline passed: the whole count was not tried twice
    }
}

TEST_F(ListCount, AFilterThatMatchesNothingAndAnEmptyTableCountZero) {
    OrderQuery none;
    none.filters = {{OrderColumn::Reference, "NO-SUCH-REFERENCE"}};
    EXPECT_EQ(count_in_steps(order_list_sql(none), 50), 0);
    Database empty(":memory:");
    migrate(empty);
    ListCounter counter(empty, order_list_sql({}));
    counter.set_fixed_range(10);
    while (!counter.step(Clock::now() - std::chrono::seconds(1))) {
    }
    EXPECT_EQ(counter.count(), 0);
    EXPECT_DOUBLE_EQ(counter.progress(), 1.0);
}

TEST_F(ListCount, AGenerousDeadlineCountsAtOnce) {
    ListCounter counter(db(), order_list_sql({}));
    EXPECT_TRUE(counter.step(Clock::now() + std::chrono::seconds(30)));
    EXPECT_EQ(counter.count(), count_list(db(), order_list_sql({})));
    EXPECT_EQ(counter.ranges(), 0);
}

TEST_F(ListCount, PagesWithoutTheirCountAreTheCountedPagesRows) {
    // The UI reads pages with count = false; the rows are the same.
    OrderQuery q;
    q.filters = {{OrderColumn::State, "livr"}};
    q.limit = 30;
    q.offset = 10;
    const OrderPage counted = query_orders(db(), q);
    q.count = false;
    const OrderPage uncounted = query_orders(db(), q);
    EXPECT_EQ(uncounted.total, -1);
    ASSERT_EQ(uncounted.rows.size(), counted.rows.size());
    for (std::size_t i = 0; i < counted.rows.size(); ++i)
        EXPECT_EQ(uncounted.rows[i].id, counted.rows[i].id);
}

TEST_F(ListCount, AWalkGivenUpIsReadAgainInTheSameOrderWithTheFiltersIndexes) {
    const ListSql sql = order_list_sql({});
    const std::string columns = "SELECT o.id_order";
    // No index serves this order: the walk sorts every order, far more than the thousand
    // steps after which a time box already past stops it.
    const std::string order = "o.payment DESC, o.total_paid_real, o.id_order DESC";
    int restarts = 0;
    auto page = [&](const std::string& unindexed, std::chrono::milliseconds walk) {
        std::vector<std::int64_t> ids;
        read_list_page(
            db(), sql, columns, "", order, unindexed, 25, 40,
            [&](Statement& st) { ids.push_back(st.int64(0)); },
            [&] {
                ids.clear();
                ++restarts;
            },
            walk);
        return ids;
    };
    const auto walked = page("", std::chrono::milliseconds(0));
    EXPECT_EQ(restarts, 0); // nothing else to try: the walk runs to its end
    const auto sorted =
        page("+o.payment DESC, +o.total_paid_real, +o.id_order DESC", std::chrono::milliseconds(0));
    EXPECT_EQ(restarts, 1);
    ASSERT_EQ(walked.size(), 25u);
    EXPECT_EQ(walked, sorted);
}

} // namespace
