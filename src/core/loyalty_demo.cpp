#include "core/loyalty_demo.h"

#include "core/db.h"

#include <vector>

namespace clientele::core {

namespace {

// xorshift64*: the same sequence everywhere.
class Draws {
public:
    explicit Draws(std::uint64_t seed) : s_(seed ? seed : 1) {}
    std::uint64_t next() {
        s_ ^= s_ >> 12;
        s_ ^= s_ << 25;
        s_ ^= s_ >> 27;
        return s_ * 2685821657736338717ull;
    }
    int range(int lo, int hi) {
        return lo + static_cast<int>(next() % static_cast<std::uint64_t>(hi - lo + 1));
    }

private:
    std::uint64_t s_;
};

struct Bought {
    std::int64_t id_customer, id_product;
    std::string date;
};

const char* const kTitles[][2] = {
    {"Excellent", "Exactly as described, fast delivery. I recommend it."},
    {"Very good", "Good quality for the price; the size runs a little small."},
    {"Good value", "Does the job. The packaging could be better."},
    {"Disappointed", "The colour is not the one in the pictures."},
    {"Perfect gift", "Bought it for my sister, she loves it!"},
    {"Average", "Fine, but I expected a sturdier finish."},
    {"Great", "Second time I order it, still as good."},
    {"Not for me", "Returned it: too heavy for daily use."},
};

} // namespace

LoyaltyDemoSummary seed_loyalty_demo(Database& db, const std::string& today) {
    LoyaltyDemoSummary out;
    if (db.scalar_int("SELECT EXISTS (SELECT 1 FROM cl_subscription) OR EXISTS (SELECT 1 FROM "
                      "cl_product_review)"))
        return out;
    // One product each customer bought on a valid order (their first order's first line), for
    // the first customers in id order: a bounded read whatever the shop's size.
    std::vector<Bought> bought;
    {
        Statement st = db.prepare(
            "SELECT o.id_customer, (SELECT d.product_id FROM ps_order_detail d WHERE d.id_order = "
            "o.id_order ORDER BY d.id_order_detail LIMIT 1), o.date_add FROM ps_orders o JOIN "
            "ps_customer c ON c.id_customer = o.id_customer WHERE o.valid = 1 AND c.deleted = 0 "
            "AND o.id_order = (SELECT MIN(o2.id_order) FROM ps_orders o2 WHERE o2.id_customer = "
            "o.id_customer AND o2.valid = 1) AND EXISTS (SELECT 1 FROM ps_product p WHERE "
            "p.id_product = (SELECT d.product_id FROM ps_order_detail d WHERE d.id_order = "
            "o.id_order ORDER BY d.id_order_detail LIMIT 1)) ORDER BY o.id_customer LIMIT 600");
        while (st.step())
            bought.push_back({st.int64(0), st.int64(1), st.text(2)});
    }
    if (bought.empty())
        return out;
    Transaction tx(db);
    Draws draws(20261123);
    Statement sub = db.prepare(
        "INSERT INTO cl_subscription(id_customer, id_product, quantity, period_count, period_unit, "
        "next_renewal, status, date_add, date_upd) VALUES (?1, ?2, ?3, ?4, ?5, date(?6, ?7), ?8, "
        "?9, ?9)");
    Statement rev = db.prepare(
        "INSERT INTO cl_product_review(id_product, id_customer, grade, title, content, status, "
        "reply, reply_date, date_add, date_upd) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?9)");
    const char* const statuses[] = {"active", "active", "active", "paused", "cancelled"};
    for (std::size_t i = 0; i < bought.size(); ++i) {
        const Bought& b = bought[i];
        if (i % 4 == 0) {
            const int months = draws.range(0, 1);
            const int count = months ? draws.range(1, 3) : draws.range(7, 30);
            const int offset = draws.range(-5, 40);
            const int quantity = draws.range(1, 3);
            const char* status = statuses[draws.range(0, 4)];
            sub.reset();
            sub.bind_all(b.id_customer, b.id_product, quantity, count, months ? "month" : "day",
                         today, (offset < 0 ? "" : "+") + std::to_string(offset) + " days", status,
                         b.date);
            sub.run();
            ++out.subscriptions;
        }
        if (i % 3 == 0) {
            const int pick = draws.range(0, 7);
            const int grade_draw = draws.range(0, 9);
            const int grade = pick == 3 || pick == 7 ? 1 + grade_draw % 2
                              : pick == 5            ? 3
                                                     : 4 + grade_draw % 2;
            const int st = draws.range(0, 9);
            const char* status = st < 3 ? "pending" : st < 9 ? "approved" : "rejected";
            const bool replied = std::string(status) == "approved" && grade <= 2;
            rev.reset();
            rev.bind_all(b.id_product, b.id_customer, grade, kTitles[pick][0], kTitles[pick][1],
                         status, replied ? "We are sorry: our service team will contact you." : "",
                         replied ? std::optional<std::string>(b.date) : std::nullopt, b.date);
            rev.run();
            ++out.reviews;
        }
    }
    tx.commit();
    return out;
}

} // namespace clientele::core
