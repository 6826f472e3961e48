#include "core/reviews.h"

#include "core/audit.h"
#include "core/db.h"
#include "core/list_filters.h"
#include "core/store.h"
#include "core/validate.h"

#include <algorithm>

namespace clientele::core {

const char* review_status_name(ReviewStatus s) {
    switch (s) {
    case ReviewStatus::Pending:
        return "pending";
    case ReviewStatus::Approved:
        return "approved";
    case ReviewStatus::Rejected:
        break;
    }
    return "rejected";
}

std::optional<ReviewStatus> parse_review_status(const std::string& s) {
    for (auto v : {ReviewStatus::Pending, ReviewStatus::Approved, ReviewStatus::Rejected})
        if (s == review_status_name(v))
            return v;
    return std::nullopt;
}

namespace {

bool exists(Database& db, const char* sql, std::int64_t id) {
    Statement st = db.prepare(sql);
    st.bind(1, id);
    return st.step();
}

// Characters, not bytes (UTF-8).
std::size_t length(const std::string& s) {
    return static_cast<std::size_t>(
        std::count_if(s.begin(), s.end(), [](char c) { return (c & 0xC0) != 0x80; }));
}

constexpr const char* kRowColumns =
    "SELECT r.id_review, r.id_product, r.id_customer, COALESCE((SELECT pl.name FROM "
    "ps_product_lang pl WHERE pl.id_product = r.id_product ORDER BY pl.id_lang <> ?1, "
    "pl.id_lang LIMIT 1), ''), COALESCE(c.email, ''), COALESCE(c.firstname || ' ' || "
    "c.lastname, ''), r.grade, r.title, r.content, r.reply, COALESCE(r.reply_date, ''), "
    "r.date_add, r.status FROM cl_product_review r LEFT JOIN ps_customer c ON c.id_customer = "
    "r.id_customer";

ReviewRow read_row(Statement& st) {
    ReviewRow r;
    r.id = st.int64(0);
    r.id_product = st.int64(1);
    r.id_customer = st.int64(2);
    r.product = st.text(3);
    r.email = st.text(4);
    r.customer_name = st.text(5);
    r.grade = st.int32(6);
    r.title = st.text(7);
    r.content = st.text(8);
    r.reply = st.text(9);
    r.reply_date = st.text(10);
    r.date_add = st.text(11);
    r.status = parse_review_status(st.text(12)).value_or(ReviewStatus::Pending);
    return r;
}

} // namespace

std::vector<FieldError> validate_review(Database& db, const ReviewInput& in) {
    std::vector<FieldError> e;
    if (!exists(db, "SELECT 1 FROM ps_product WHERE id_product = ?1", in.id_product))
        e.push_back({"id_product", "no such product", "err.unknown_product"});
    if (!exists(db, "SELECT 1 FROM ps_customer WHERE id_customer = ?1 AND deleted = 0",
                in.id_customer))
        e.push_back({"id_customer", "no such customer", "err.unknown_customer"});
    if (in.grade < 1 || in.grade > 5)
        e.push_back({"grade", "must be 1 to 5", "err.grade"});
    const std::string title = list_filters::trimmed(in.title);
    if (title.empty())
        e.push_back({"title", "is required", "err.required"});
    else if (length(title) > kReviewTitleMax)
        e.push_back({"title", "must be at most 64 characters", "err.too_long"});
    if (length(in.content) > kReviewTextMax)
        e.push_back({"content", "must be at most 2000 characters", "err.too_long"});
    return e;
}

std::int64_t create_review(Database& db, const ReviewInput& in) {
    auto errors = validate_review(db, in);
    if (!errors.empty())
        throw ValidationError(std::move(errors));
    Transaction tx(db);
    const std::int64_t batch = audit::begin_batch(db);
    const std::string now = now_datetime();
    db.prepare("INSERT INTO cl_product_review(id_product, id_customer, grade, title, content, "
               "status, date_add, date_upd) VALUES (?1, ?2, ?3, ?4, ?5, 'pending', ?6, ?7)")
        .bind_all(in.id_product, in.id_customer, in.grade, list_filters::trimmed(in.title),
                  in.content, in.date_add.empty() ? now : in.date_add, now)
        .run();
    const std::int64_t id = db.last_insert_id();
    audit::record(db, batch, "create", "cl_product_review", in.id_customer, nullptr,
                  audit::snapshot(db, "cl_product_review", {{"id_review", id}}),
                  "review written: product #" + std::to_string(in.id_product));
    tx.commit();
    return id;
}

std::int64_t set_review_status(Database& db, const std::vector<std::int64_t>& ids,
                               ReviewStatus status) {
    Transaction tx(db);
    std::int64_t batch = 0, changed = 0;
    const std::string now = now_datetime();
    const char* name = review_status_name(status);
    Statement who = db.prepare(
        "SELECT id_customer FROM cl_product_review WHERE id_review = ?1 AND status <> ?2");
    for (std::int64_t id : ids) {
        who.reset();
        who.bind_all(id, name);
        if (!who.step())
            continue; // unknown, or already so
        const std::int64_t customer = who.int64(0);
        if (!batch)
            batch = audit::begin_batch(db);
        audit::tracked_update(db, batch, "cl_product_review", {{"id_review", id}}, customer,
                              std::string("review ") + name + ": #" + std::to_string(id), [&] {
                                  db.prepare("UPDATE cl_product_review SET status = ?2, date_upd "
                                             "= ?3 WHERE id_review = ?1")
                                      .bind_all(id, name, now)
                                      .run();
                              });
        ++changed;
    }
    tx.commit();
    return changed;
}

void reply_to_review(Database& db, std::int64_t id, const std::string& reply) {
    if (length(reply) > kReviewTextMax)
        throw ValidationError({{"reply", "must be at most 2000 characters", "err.too_long"}});
    Transaction tx(db);
    Statement who = db.prepare("SELECT id_customer FROM cl_product_review WHERE id_review = ?1");
    who.bind(1, id);
    if (!who.step())
        throw std::invalid_argument("no review with id " + std::to_string(id));
    const std::int64_t customer = who.int64(0);
    const std::int64_t batch = audit::begin_batch(db);
    const std::string text = list_filters::trimmed(reply);
    const std::string now = now_datetime();
    audit::tracked_update(db, batch, "cl_product_review", {{"id_review", id}}, customer,
                          "review replied: #" + std::to_string(id), [&] {
                              db.prepare("UPDATE cl_product_review SET reply = ?2, reply_date = "
                                         "?3, date_upd = ?4 WHERE id_review = ?1")
                                  .bind_all(id, text,
                                            text.empty() ? std::optional<std::string>()
                                                         : std::optional<std::string>(now),
                                            now)
                                  .run();
                          });
    tx.commit();
}

ListSql review_list_sql(const ReviewQuery& q) {
    list_filters::Params params;
    params.add(std::to_string(q.id_lang)); // ?1
    std::string where = "1";
    if (q.status)
        where += " AND r.status = " + params.add(review_status_name(*q.status));
    if (q.grade >= 1 && q.grade <= 5)
        where += " AND r.grade = " + params.add(std::to_string(q.grade));
    const std::string product = list_filters::trimmed(q.product);
    if (!product.empty()) {
        // Products are few (the catalogue): their names are read, never the reviews.
        std::string sub = "SELECT id_product FROM ps_product_lang WHERE name LIKE " +
                          params.add(list_filters::prefix_pattern(product)) + " ESCAPE '\\'";
        if (list_filters::all_digits(product))
            sub += " UNION SELECT CAST(" + params.add(product) + " AS INTEGER)";
        where += " AND r.id_product IN (" + sub + ")";
    }
    const std::string customer = list_filters::trimmed(q.customer);
    if (!customer.empty())
        where += " AND r.id_customer IN (" + list_filters::customer_ids_sql(customer, params) + ")";
    return {"cl_product_review", "r", "id_review", where, params.values()};
}

ReviewPage query_reviews(Database& db, const ReviewQuery& q) {
    const ListSql sql = review_list_sql(q);
    ReviewPage page;
    page.total = q.count ? count_list(db, sql) : -1;
    const std::string dir = q.descending ? " DESC" : " ASC";
    const std::string order = q.sort == ReviewSort::Id ? "r.id_review" + dir
                              : q.sort == ReviewSort::Grade
                                  ? "r.grade" + dir + ", r.date_add" + dir + ", r.id_review" + dir
                                  : "r.date_add" + dir + ", r.id_review" + dir;
    Statement st = db.prepare(std::string(kRowColumns) + " WHERE " + sql.where + " ORDER BY " +
                              order + limit_offset_sql(sql));
    bind_page(st, sql, q.limit, q.offset);
    while (st.step())
        page.rows.push_back(read_row(st));
    return page;
}

std::optional<ReviewRow> load_review(Database& db, std::int64_t id, int id_lang) {
    Statement st = db.prepare(std::string(kRowColumns) + " WHERE r.id_review = ?2");
    st.bind_all(id_lang, id);
    if (!st.step())
        return std::nullopt;
    return read_row(st);
}

} // namespace clientele::core
