// The time-boxed count (CustomerCounter) and the pages read with it (query_customers_counted),
// held against count_customers and query_customers on a demo shop plus customers with
// awkward names (accents, ß, Ł, CJK, one-letter words, digits), some of them deleted. Chunks
// are forced tiny and each step gets a deadline already past, so every count takes many steps
// (one unit of work each); no test depends on how long anything takes.
#include "core/customer_query.h"
#include "core/db.h"
#include "core/demo.h"
#include "core/schema.h"

#include <gtest/gtest.h>

#include <chrono>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace {

using clientele::core::ColumnFilter;
using clientele::core::count_customers;
using clientele::core::customer_query_tuning;
using clientele::core::CustomerCounter;
using clientele::core::CustomerQuery;
using clientele::core::CustomerQueryTuning;
using clientele::core::Database;
using clientele::core::query_customers;
using clientele::core::query_customers_counted;
using clientele::core::SortSpec;
using clientele::core::Transaction;
using Clock = std::chrono::steady_clock;
using Ids = std::vector<std::int64_t>;

Ids ids_of(const std::vector<clientele::core::CustomerRow>& rows) {
    Ids out;
    for (const auto& r : rows)
        out.push_back(r.id);
    return out;
}

// Restores the tuning after a test changes it.
struct TuningGuard {
    CustomerQueryTuning saved = customer_query_tuning();
    ~TuningGuard() { customer_query_tuning() = saved; }
};

class CustomerCount : public ::testing::Test {
protected:
    static void SetUpTestSuite() {
        db_ = std::make_unique<Database>(":memory:");
        clientele::core::migrate(*db_);
        clientele::core::DemoOptions o;
        o.customers = 1500;
        o.today = "2025-06-15";
        clientele::core::generate_demo(*db_, o);
        Transaction tx(*db_);
        db_->exec(R"SQL(
INSERT INTO ps_customer(id_shop, id_gender, id_default_group, company, firstname, lastname,
  email, birthday, newsletter, optin, active, deleted, date_add, date_upd) VALUES
  (1, 1, 3, 'Aßmann & Söhne', 'A', 'Aßmann', 'a.assmann@example.de', '1970-01-01', 1, 0, 1, 0,
   '2020-01-01 00:00:00', '2020-01-01 00:00:00'),
  (1, 2, 3, NULL, 'Łucja', 'Łukasiewicz', 'l1@example.pl', NULL, 0, 0, 1, 0,
   '2021-01-01 00:00:00', '2021-01-01 00:00:00'),
  (1, 2, 3, '東京商事', '東子', '山田', 'yamada@example.jp', NULL, 0, 1, 1, 0,
   '2022-01-01 00:00:00', '2022-01-01 00:00:00'),
  (1, 1, 3, NULL, 'Ærøskøbing', 'Øst', 'aero@example.dk', NULL, 1, 1, 1, 1,
   '2022-02-01 00:00:00', '2022-02-01 00:00:00'),
  (1, 1, 3, 'A-B Consulting', 'Jean-Pierre', 'O''Brien', '1a2b@example.ie', NULL, 1, 1, 0, 0,
   '2023-01-01 00:00:00', '2023-01-01 00:00:00'),
  (1, 2, 3, NULL, 'Élodie', 'Ängström', 'elodie_1999@example.se', NULL, 0, 0, 1, -1,
   '2023-06-01 00:00:00', '2023-06-01 00:00:00'),
  (1, 1, 3, '100% Bio', 'Zoë', 'Z', 'z@example.com', NULL, 1, 0, 1, 0,
   '2024-01-01 00:00:00', '2024-01-01 00:00:00');
)SQL");
        tx.commit();
    }
    static void TearDownTestSuite() { db_.reset(); }

    static Database& db() { return *db_; }

    static CustomerQuery query() {
        CustomerQuery q;
        q.today = "2025-06-15";
        return q;
    }

    // Adds a live customer (in the transaction the caller has open); its id.
    static std::int64_t add_customer(const std::string& firstname, const std::string& lastname,
                                     const std::string& email) {
        clientele::core::Statement st = db().prepare(
            "INSERT INTO ps_customer(id_shop, id_gender, id_default_group, firstname, lastname, "
            "email, active, deleted, date_add, date_upd) VALUES (1, 1, 3, ?1, ?2, ?3, 1, 0, "
            "'2024-05-05 00:00:00', '2024-05-05 00:00:00')");
        st.bind(1, firstname);
        st.bind(2, lastname);
        st.bind(3, email);
        st.step();
        return db().last_insert_id();
    }

    // The whole result of `q` in its order: query_customers', and the counter's once its
    // steps (a few rows each) have no more work (empty when it gives no page).
    static Ids whole_result(CustomerQuery q) {
        q.limit = 10000;
        return ids_of(query_customers(db(), q).rows);
    }
    static Ids settled_result(CustomerCounter& counter, CustomerQuery q) {
        while (counter.busy())
            counter.step(Clock::now());
        q.limit = 10000;
        auto page = query_customers_counted(db(), q, counter);
        return page ? ids_of(page->rows) : Ids{};
    }

    // Counts with one unit of work per step (a deadline already past) and checks the
    // figures along the way; `steps` receives the number of steps.
    static std::int64_t count_in_steps(const CustomerQuery& q, std::int64_t* steps = nullptr) {
        CustomerCounter counter(db(), q);
        std::int64_t last = 0;
        double progress = 0;
        while (!counter.step(Clock::now())) {
            EXPECT_GE(counter.count(), last) << "a count never goes down";
            EXPECT_GE(counter.progress(), progress);
            EXPECT_GE(counter.estimate(), counter.count());
            last = counter.count();
            progress = counter.progress();
            if (counter.steps() > 1000000) {
                ADD_FAILURE() << "the count does not end";
                break;
            }
        }
        EXPECT_TRUE(counter.done());
        EXPECT_EQ(counter.progress(), 1.0);
        EXPECT_EQ(counter.estimate(), counter.count());
        EXPECT_TRUE(counter.step(Clock::now())); // done stays done
        if (steps)
            *steps = counter.steps();
        return counter.count();
    }

    // Every query the tests count: searches of every shape, a filter of each kind, with and
    // without deleted customers, and combinations.
    static std::vector<std::pair<std::string, CustomerQuery>> queries() {
        std::vector<std::pair<std::string, CustomerQuery>> out;
        auto add = [&](const std::string& name, auto&& edit) {
            CustomerQuery q = query();
            edit(q);
            out.emplace_back(name, q);
            q.include_deleted = true;
            out.emplace_back(name + " (deleted too)", q);
        };
        add("everyone", [](CustomerQuery&) {});
        for (const char* s : {"a",
                              "A",
                              "e",
                              "é",
                              "É",
                              "z",
                              "ł",
                              "Ł",
                              "ß",
                              "東",
                              "1",
                              "7",
                              "12",
                              "192.168.",
                              "81.",
                              "ma",
                              "mar",
                              "mari",
                              "marie",
                              "exam",
                              "example",
                              "jo do",
                              "j doe",
                              "a b",
                              "a-b",
                              "jean-p",
                              "o'b",
                              "\"",
                              "%",
                              "_",
                              "pub@prestashop.com",
                              "1a2b",
                              "99999",
                              "1234567",
                              "  ",
                              "zzzzzz"})
            add(std::string("search ") + s, [&](CustomerQuery& q) { q.search = s; });
        auto text = [](const char* column, const char* value) {
            ColumnFilter f;
            f.column = column;
            f.text = value;
            return f;
        };
        auto range = [](const char* column, std::optional<double> min, std::optional<double> max) {
            ColumnFilter f;
            f.column = column;
            f.min = min;
            f.max = max;
            return f;
        };
        for (const auto& column_value :
             std::vector<std::pair<const char*, const char*>>{{"email", "example"},
                                                              {"email", "@"},
                                                              {"lastname", "ar"},
                                                              {"firstname", "é"},
                                                              {"company", "a"},
                                                              {"country", "an"},
                                                              {"title", "m"},
                                                              {"default_group", "cust"},
                                                              {"shop", "shop"},
                                                              {"email", "100%"}})
            add(std::string("filter ") + column_value.first + " " + column_value.second,
                [&](CustomerQuery& q) {
                    q.filters.push_back(text(column_value.first, column_value.second));
                });
        add("sales", [&](CustomerQuery& q) { q.filters.push_back(range("sales", 10, 500)); });
        add("valid orders",
            [&](CustomerQuery& q) { q.filters.push_back(range("valid_orders", 1, {})); });
        add("age", [&](CustomerQuery& q) { q.filters.push_back(range("age", 30, 50)); });
        add("id", [&](CustomerQuery& q) { q.filters.push_back(range("id", 100, 900)); });
        add("dates", [](CustomerQuery& q) {
            ColumnFilter f;
            f.column = "date_add";
            f.date_from = "2022-01-01";
            f.date_to = "2024-12-31";
            q.filters.push_back(f);
            f.column = "last_visit";
            f.date_from = "2023-01-01";
            f.date_to = "";
            q.filters.push_back(f);
        });
        for (const char* column : {"active", "newsletter", "optin"})
            add(std::string("flag ") + column, [&](CustomerQuery& q) {
                ColumnFilter f;
                f.column = column;
                f.yes = true;
                q.filters.push_back(f);
            });
        add("search a, newsletter", [](CustomerQuery& q) {
            q.search = "a";
            ColumnFilter f;
            f.column = "newsletter";
            f.yes = true;
            q.filters.push_back(f);
        });
        add("search 1, email contains 1", [&](CustomerQuery& q) {
            q.search = "1";
            q.filters.push_back(text("email", "1"));
        });
        add("search mar, sales", [&](CustomerQuery& q) {
            q.search = "mar";
            q.filters.push_back(range("sales", 1, {}));
        });
        add("search e, lastname contains e, country", [&](CustomerQuery& q) {
            q.search = "e";
            q.filters.push_back(text("lastname", "e"));
            q.filters.push_back(text("country", "a"));
        });
        return out;
    }

    static std::unique_ptr<Database> db_;
};

std::unique_ptr<Database> CustomerCount::db_;

TEST_F(CustomerCount, TheShopHasWhatTheTestsNeed) {
    EXPECT_GT(db().scalar_int("SELECT COUNT(*) FROM ps_customer WHERE deleted <> 0"), 2);
    CustomerQuery q = query();
    q.search = "a";
    EXPECT_GT(count_customers(db(), q), 100);
}

// Tiny chunks, every count in many steps, equal to the one-statement count.
TEST_F(CustomerCount, CountsInManyStepsEqualTheSynchronousCount) {
    TuningGuard guard;
    customer_query_tuning().count_chunk = 7;
    for (const auto& [name, q] : queries()) {
        std::int64_t steps = 0;
        const std::int64_t expected = count_customers(db(), q);
        EXPECT_EQ(count_in_steps(q, &steps), expected) << name;
        if (expected > 7) {
            EXPECT_GT(steps, 2) << name;
        }
    }
}

// The same without keeping any id (probe 0), and in the default mode: the first step tries
// the whole count (here interrupted at once, or done), then chunks sized by the clock.
TEST_F(CustomerCount, EveryModeGivesTheSameCount) {
    TuningGuard guard;
    customer_query_tuning().count_chunk = 3;
    customer_query_tuning().probe = 0;
    for (const auto& [name, q] : queries())
        EXPECT_EQ(count_in_steps(q), count_customers(db(), q)) << name << ", probe 0";
    customer_query_tuning() = guard.saved;
    for (const auto& [name, q] : queries())
        EXPECT_EQ(count_in_steps(q), count_customers(db(), q)) << name << ", adaptive";
}

// With time to spare, a count an index answers ends in its first step; the next steps only
// index the matches for the pages, the count stays.
TEST_F(CustomerCount, ACheapCountEndsInTheFirstStep) {
    CustomerCounter counter(db(), query());
    EXPECT_TRUE(counter.busy());
    EXPECT_TRUE(counter.step(Clock::now() + std::chrono::hours(1)));
    const std::int64_t expected = count_customers(db(), query());
    EXPECT_EQ(counter.count(), expected);
    EXPECT_EQ(counter.chunks(), 0);
    EXPECT_TRUE(counter.busy());
    while (counter.busy()) {
        EXPECT_TRUE(counter.step(Clock::now()));
        EXPECT_EQ(counter.count(), expected);
    }
    EXPECT_GT(counter.chunks(), 0);
}

// An interrupted first step leaves the connection as it was: no transaction open, no
// interrupt left behind.
TEST_F(CustomerCount, AnInterruptedStepLeavesNoTrace) {
    CustomerQuery q = query();
    q.filters.push_back({"email", "example", {}, {}, "", "", std::nullopt});
    CustomerCounter counter(db(), q);
    EXPECT_FALSE(counter.step(Clock::now() - std::chrono::seconds(1)));
    EXPECT_FALSE(db().in_transaction());
    {
        Transaction tx(db());
        tx.commit();
    }
    EXPECT_EQ(count_customers(db(), q), db().scalar_int("SELECT COUNT(*) FROM ps_customer WHERE "
                                                        "deleted = 0 AND email LIKE '%example%'"));
    while (!counter.step(Clock::now()))
        ;
    EXPECT_EQ(counter.count(), count_customers(db(), q));
}

TEST_F(CustomerCount, BadQueriesThrowLikeCountCustomers) {
    CustomerQuery q = query();
    q.filters.push_back({"nope", "x", {}, {}, "", "", std::nullopt});
    EXPECT_THROW(CustomerCounter(db(), q), std::invalid_argument);
    q = query();
    q.sort = {{"nope", false}};
    EXPECT_THROW(CustomerCounter(db(), q), std::invalid_argument);
    q = query();
    q.filters.push_back({"date_add", "", {}, {}, "2024-02-30", "", std::nullopt});
    EXPECT_THROW(CustomerCounter(db(), q), std::invalid_argument);
}

// Pages read with a counter are query_customers' pages: while counting (when one is given at
// all) and once done, in every order, at the start, the middle and the end, whichever way
// the count ran (ids kept, the bitmap walk, or counted at once).
TEST_F(CustomerCount, PagesReadWithTheCountAreTheQueryPages) {
    TuningGuard guard;
    std::vector<std::vector<SortSpec>> sorts = {{},
                                                {{"id", true}},
                                                {{"lastname", false}},
                                                {{"sales", true}},
                                                {{"company", false}},
                                                {{"country", true}},
                                                {{"age", false}},
                                                {{"default_group", false}, {"sales", true}}};
    struct Mode {
        const char* name;
        std::int64_t chunk, probe;
    };
    for (const Mode& mode : {Mode{"ids kept", 50, 2000}, Mode{"bitmap", 50, 0},
                             Mode{"small probe", 50, 20}, Mode{"at once", 0, 2000}}) {
        customer_query_tuning().count_chunk = mode.chunk;
        customer_query_tuning().probe = mode.probe;
        for (const auto& [name, base] : queries()) {
            static const std::set<std::string> some = {"everyone",
                                                       "search a",
                                                       "search é",
                                                       "search 1",
                                                       "search 12",
                                                       "search mar",
                                                       "search exam",
                                                       "search j doe",
                                                       "search 192.168.",
                                                       "search zzzzzz",
                                                       "filter email example",
                                                       "filter lastname ar",
                                                       "filter company a",
                                                       "filter country an",
                                                       "flag newsletter",
                                                       "search a, newsletter",
                                                       "search 1, email contains 1",
                                                       "dates (deleted too)"};
            if (!some.count(name))
                continue;
            for (const auto& sort : sorts) {
                CustomerQuery q = base;
                q.sort = sort;
                q.limit = 9;
                const std::string what = std::string(mode.name) + ", " + name + ", sort " +
                                         (sort.empty() ? "none" : sort.front().column);
                const std::int64_t total = count_customers(db(), q);
                const std::vector<std::int64_t> offsets = {0, 9, total / 2,
                                                           std::max<std::int64_t>(0, total - 4)};
                std::vector<Ids> expected;
                for (std::int64_t offset : offsets) {
                    CustomerQuery pq = q;
                    pq.offset = offset;
                    expected.push_back(ids_of(query_customers(db(), pq).rows));
                }
                CustomerCounter counter(db(), q);
                const bool at_once = mode.chunk == 0;
                while (
                    !counter.step(at_once ? Clock::now() + std::chrono::hours(1) : Clock::now())) {
                    // Any page given while counting is already the right one.
                    for (std::size_t i = 0; i < 2 && counter.steps() % 3 == 1; ++i) {
                        CustomerQuery pq = q;
                        pq.offset = offsets[i];
                        if (auto page = query_customers_counted(db(), pq, counter)) {
                            EXPECT_EQ(page->total, counter.count()) << what;
                            ASSERT_EQ(ids_of(page->rows), expected[i])
                                << what << " while counting, at " << offsets[i];
                        }
                    }
                }
                // Done; then (after a count at once) while and once the matches are indexed.
                for (int stage = 0; stage < 3; ++stage) {
                    if (stage == 1)
                        counter.step(Clock::now());
                    if (stage == 2) {
                        while (counter.busy())
                            counter.step(Clock::now());
                    }
                    for (std::size_t i = 0; i < offsets.size(); ++i) {
                        CustomerQuery pq = q;
                        pq.offset = offsets[i];
                        auto page = query_customers_counted(db(), pq, counter);
                        if (!page && counter.busy())
                            continue; // a page slower than a frame waits for the pass
                        ASSERT_TRUE(page) << what;
                        EXPECT_EQ(page->total, total) << what;
                        ASSERT_EQ(ids_of(page->rows), expected[i])
                            << what << " at " << offsets[i] << ", stage " << stage;
                    }
                }
            }
        }
    }
}

// Every column's order, both ways, read into memory a few rows per step (each step resumes
// by seeking after the last row: NULLs, ties, case-insensitive names, looked-up names), gives
// query_customers' pages; the cache is shared by the counters of a grid and read again after
// a change of the data.
TEST_F(CustomerCount, OrdersReadIntoMemoryGiveTheQueryPages) {
    TuningGuard guard;
    customer_query_tuning().probe = 0; // pages from the bitmap, not from a list of the matches
    auto orders = clientele::core::make_customer_order_cache();
    std::vector<std::vector<SortSpec>> sorts;
    for (const auto& col : clientele::core::customer_columns())
        for (bool desc : {false, true})
            sorts.push_back({{col.id, desc}});
    sorts.push_back({{"lastname", false}, {"email", false}});
    sorts.push_back({{"country", false}, {"sales", false}});
    for (const auto& sort : sorts) {
        const std::string what = sort.front().column + (sort.front().descending ? " desc" : "") +
                                 (sort.size() > 1 ? " then " + sort.back().column : "");
        for (bool deleted_too : {false, true}) {
            CustomerQuery q = query();
            q.include_deleted = deleted_too;
            q.sort = sort;
            CustomerCounter counter(db(), q, 1, orders);
            std::int64_t steps = 0;
            while (counter.busy() && ++steps < 100000)
                counter.step(Clock::now()); // a few rows per step
            ASSERT_FALSE(counter.busy()) << what;
            if (!deleted_too && sort.size() == 1 && sort.front().column != "id") {
                EXPECT_GT(steps, 10) << what << ": read in many steps";
            }
            const Ids expected = whole_result(q);
            ASSERT_GT(expected.size(), 1000u);
            ASSERT_EQ(settled_result(counter, q), expected) << what;
            std::optional<clientele::core::CustomerPage> page;
            for (std::int64_t offset : {std::int64_t{1}, std::int64_t{700}}) {
                q.offset = offset;
                q.limit = 25;
                page = query_customers_counted(db(), q, counter);
                ASSERT_TRUE(page) << what;
                EXPECT_EQ(ids_of(page->rows),
                          Ids(expected.begin() + offset, expected.begin() + offset + 25))
                    << what << " at " << offset;
            }
            // From the end, read backwards.
            q.offset = static_cast<std::int64_t>(expected.size()) - 3;
            page = query_customers_counted(db(), q, counter);
            ASSERT_TRUE(page) << what;
            EXPECT_EQ(ids_of(page->rows), Ids(expected.end() - 3, expected.end())) << what;
        }
    }
    // A new customer: the next counter's order is read again and has them.
    CustomerQuery q = query();
    q.sort = {{"lastname", false}};
    std::int64_t id = 0;
    {
        Transaction tx(db());
        id = add_customer("Anna", "AAA", "anna.aaa@example.com");
        tx.commit();
    }
    db().notify_committed();
    CustomerCounter counter(db(), q, 1, orders);
    EXPECT_TRUE(counter.busy());
    const Ids got = settled_result(counter, q);
    EXPECT_EQ(got, whole_result(q));
    ASSERT_FALSE(got.empty());
    EXPECT_EQ(got.front(), id);
    Transaction tx(db());
    db().exec("DELETE FROM ps_customer WHERE id_customer = " + std::to_string(id));
    tx.commit();
    db().notify_committed();
}

// A "contains" filter sorted by the column it tests: its matches lie together along the order,
// so its first page comes from the column's distinct values while the count has only begun,
// and it is the query's page, both ways, with deleted customers hidden or shown.
TEST_F(CustomerCount, AContainsFilterSortedByItsColumnShowsItsPageBeforeTheCountEnds) {
    TuningGuard guard;
    customer_query_tuning().count_chunk = 7;
    for (const auto& [column, text] : std::vector<std::pair<std::string, std::string>>{
             {"lastname", "sk"}, {"email", "ski"}, {"firstname", "ar"}}) {
        for (bool desc : {false, true}) {
            for (bool deleted_too : {false, true}) {
                CustomerQuery q = query();
                q.filters.push_back({column, text, {}, {}, "", "", std::nullopt});
                q.sort = {{column, desc}};
                q.include_deleted = deleted_too;
                q.limit = 25;
                const std::string what = column + (desc ? " desc" : "");
                q.limit = 28;
                const Ids expected = ids_of(query_customers(db(), q).rows);
                ASSERT_EQ(expected.size(), 28u) << what << " (matches to page through)";
                q.limit = 25;
                CustomerCounter counter(db(), q);
                std::optional<clientele::core::CustomerPage> page;
                while (!page && !counter.step(Clock::now()))
                    page = query_customers_counted(db(), q, counter);
                ASSERT_TRUE(page) << what << ": a page before the count ends";
                EXPECT_FALSE(counter.done()) << what;
                EXPECT_EQ(ids_of(page->rows), Ids(expected.begin(), expected.begin() + 25)) << what;
                q.offset = 3;
                page = query_customers_counted(db(), q, counter);
                ASSERT_TRUE(page) << what;
                EXPECT_EQ(ids_of(page->rows), Ids(expected.begin() + 3, expected.end())) << what;
            }
        }
    }
}

// While a job holds a write transaction open (its rows may yet be rolled back), the order is
// not read; it is once the transaction has ended, without the rolled-back customer.
TEST_F(CustomerCount, NoOrderIsReadInsideAnOpenTransaction) {
    TuningGuard guard;
    customer_query_tuning().probe = 0;
    CustomerQuery q = query();
    q.sort = {{"email", false}};
    CustomerCounter counter(db(), q);
    while (!counter.done())
        counter.step(Clock::now());
    {
        Transaction tx(db());
        add_customer("Ann", "Rolled", "aaa.rolled@example.com");
        for (int i = 0; i < 50; ++i)
            counter.step(Clock::now());
        EXPECT_TRUE(counter.busy()) << "the order waits for the transaction";
    } // rolled back
    const Ids got = settled_result(counter, q);
    EXPECT_FALSE(got.empty());
    EXPECT_EQ(got, whole_result(q));
}

// Only the sort, offset and limit of the query given to query_customers_counted count; its
// search and filters are the counter's.
TEST_F(CustomerCount, APageTakesTheCountersMatches) {
    CustomerQuery q = query();
    q.search = "mar";
    CustomerCounter counter(db(), q);
    while (!counter.step(Clock::now()))
        ;
    CustomerQuery other = query();
    other.search = "zzzzzz";
    other.sort = {{"lastname", false}};
    other.limit = 5;
    auto page = query_customers_counted(db(), other, counter);
    ASSERT_TRUE(page);
    q.sort = other.sort;
    q.limit = 5;
    EXPECT_EQ(ids_of(page->rows), ids_of(query_customers(db(), q).rows));
    EXPECT_EQ(page->total, count_customers(db(), q));
}

} // namespace
