// Cross-selling: who bought chosen products (and did not buy others), as a paged list and a
// CSV export job; and, for one customer, products often bought together with theirs.
// Purchases are lines of valid orders (ps_orders.valid = 1) of live customers (deleted = 0).
#pragma once

#include "core/csv.h"
#include "core/jobs.h"

#include <cstdint>
#include <string>
#include <vector>

namespace clientele::core {

class Database;

struct ProductHit {
    std::int64_t id = 0;
    std::string name, reference;
};

// Products whose name (in id_lang, or any language) contains `text`, whose reference starts
// with it, or whose id is it; by id, at most `limit`.
std::vector<ProductHit> search_products(Database& db, const std::string& text, int id_lang,
                                        int limit = 20);
// The products with these ids, in that order (unknown ids are left out).
std::vector<ProductHit> products_by_id(Database& db, const std::vector<std::int64_t>& ids,
                                       int id_lang);

// Customers who bought every product of `bought` and none of `not_bought`.
struct BuyerQuery {
    std::vector<std::int64_t> bought, not_bought;
    std::int64_t offset = 0;
    std::int64_t limit = 50;
    std::int64_t after_id = 0; // keyset paging: only ids above this (the export)
};

struct BuyerRow {
    std::int64_t id = 0;
    std::string firstname, lastname, email;
    std::int64_t quantity = 0; // units of the `bought` products
    std::string last_purchase; // date of the latest valid order holding one of them
};

struct BuyerPage {
    std::int64_t total = 0;
    std::vector<BuyerRow> rows; // by customer id
};

// Empty when `bought` is empty. `with_total`: also count every match (the first page).
BuyerPage query_buyers(Database& db, const BuyerQuery& q, bool with_total = true);

// The same customers as a segment's text (docs/segments.md), e.g.
// "bought(12) AND bought(13) AND NOT bought(15)"; empty when `bought` is empty.
std::string buyers_segment_text(const BuyerQuery& q);

// Every match as CSV (id, names, e-mail, quantity, last purchase), a few thousand per step.
class BuyersExportJob : public TextExportJob {
public:
    BuyersExportJob(Database& db, BuyerQuery query, csv::Format format);
    std::string title() const override;

protected:
    bool work(std::chrono::steady_clock::time_point deadline) override;

private:
    BuyerQuery query_;
    bool started_ = false;
};

// "Often bought together": products that appear in the same valid orders as the customer's
// products and that the customer never bought, with the number of such orders; the most
// frequent first (ties: lower product id), at most `limit`. Each of the customer's products is
// looked at through its latest `sample` order lines, so the cost stays bounded in big shops.
struct Suggestion {
    std::int64_t product_id = 0;
    std::string name;
    std::int64_t orders = 0;
};
std::vector<Suggestion> bought_together(Database& db, std::int64_t id_customer, int id_lang,
                                        int limit = 5, int sample = 2000);

} // namespace clientele::core
