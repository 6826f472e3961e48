// Product reviews written by customers (PrestaShop's product comments): product, customer,
// grade 1 to 5, title, text, date, status (pending until moderated, approved or rejected) and
// the employee's reply. A paged list with filters (status, product, customer, grade) and sort;
// approve or reject one review or many at once, reply; each an audited, undoable change.
#pragma once

#include "core/customers.h" // FieldError, ValidationError
#include "core/list_count.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace clientele::core {

class Database;

enum class ReviewStatus { Pending, Approved, Rejected };
const char* review_status_name(ReviewStatus s); // "pending", "approved", "rejected"
std::optional<ReviewStatus> parse_review_status(const std::string& s);

inline constexpr std::size_t kReviewTitleMax = 64;
inline constexpr std::size_t kReviewTextMax = 2000;

struct ReviewInput {
    std::int64_t id_product = 0, id_customer = 0;
    int grade = 5;
    std::string title, content;
    std::string date_add; // empty: now
};

// Fields: id_product (err.unknown_product), id_customer (err.unknown_customer), grade
// (err.grade), title (err.required, err.too_long), content (err.too_long).
std::vector<FieldError> validate_review(Database& db, const ReviewInput& in);
// A new review, pending. Throws ValidationError.
std::int64_t create_review(Database& db, const ReviewInput& in);
// Approve or reject (or back to pending) every listed review in one audit batch; returns how
// many changed.
std::int64_t set_review_status(Database& db, const std::vector<std::int64_t>& ids,
                               ReviewStatus status);
// The employee's reply (empty removes it). Throws ValidationError ("reply", err.too_long) and
// std::invalid_argument for an unknown review.
void reply_to_review(Database& db, std::int64_t id, const std::string& reply);

enum class ReviewSort { Date, Grade, Id };

struct ReviewQuery {
    std::optional<ReviewStatus> status;
    std::string product;  // product id, or the start of its name in any language
    std::string customer; // e-mail / name prefix or id
    int grade = 0;        // 1-5: only that grade
    ReviewSort sort = ReviewSort::Date;
    bool descending = true;
    std::int64_t offset = 0, limit = 50;
    int id_lang = 1;
    // false: the page's total is left at -1 (the UI counts with a ListCounter instead).
    bool count = true;
};

struct ReviewRow {
    std::int64_t id = 0, id_product = 0, id_customer = 0;
    std::string product, email, customer_name;
    int grade = 0;
    std::string title, content, reply, reply_date, date_add;
    ReviewStatus status = ReviewStatus::Pending;
};

struct ReviewPage {
    std::int64_t total = 0;
    std::vector<ReviewRow> rows;
};

ReviewPage query_reviews(Database& db, const ReviewQuery& q);
// The query's filter, to count.
ListSql review_list_sql(const ReviewQuery& q);
std::optional<ReviewRow> load_review(Database& db, std::int64_t id, int id_lang = 1);

} // namespace clientele::core
