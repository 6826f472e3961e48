// Customer segments: a small query language over customer facts, e.g.
//   orders >= 3 AND amount_spent > 500 AND last_order < 90d AND country IN (FR, ES)
//   AND group = "VIP" AND newsletter
// parsed into an AST (errors carry the 0-based character position), compiled to an SQL
// condition over ps_customer c and cl_customer_stats s whose values are all bound parameters
// (identifiers only come from the fact table below), and saved by name (cl_segment, audited).
// The grammar and the facts are documented in docs/segments.md.
//
// Counting and listing a segment's customers goes through the customers grid's engine
// (CustomerQuery::segment in customer_query.h), so the deleted customers stay hidden and the
// count can be time-boxed with CustomerCounter.
#pragma once

#include "core/customers.h" // FieldError

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <variant>
#include <vector>

namespace clientele::core {

class Database;

// --- facts ----------------------------------------------------------------------------------

enum class FactType {
    Number, // integers or amounts: = != < <= > >= IN BETWEEN
    Date,   // a date (YYYY-MM-DD) or a duration (90d, 6w, 12m, 1y: "that long ago")
    Text,   // case-insensitive = != IN CONTAINS
    Code,   // a name or an id resolved in a table (country ISO code, group name...): = != IN
    Bool,   // bare (`newsletter`), or = true/false/yes/no/1/0
};

struct FactInfo {
    const char* name; // as written in a segment ("amount_spent")
    FactType type;
    const char* help_key; // translation key of a one-line description ("seg.fact.orders")
};

// Every fact, in the builder's order (bought(...) is a function, listed last as "bought").
const std::vector<FactInfo>& segment_facts();
const FactInfo* find_segment_fact(const std::string& name); // case-insensitive

// --- AST ----------------------------------------------------------------------------------

enum class ValueKind { Number, String, Word, Date, Duration };

struct SegmentValue {
    ValueKind kind = ValueKind::Word;
    std::string text;  // string contents (unescaped), word, date "YYYY-MM-DD"
    double number = 0; // Number; Duration: the count
    char unit = 'd';   // Duration: d, w, m or y
    std::size_t position = 0;
};

enum class CompareOp { Eq, Ne, Lt, Le, Gt, Ge, In, NotIn, Between, NotBetween, Contains };

struct SegmentNode {
    enum class Kind { And, Or, Not, Compare, Flag, Bought } kind = Kind::Flag;
    std::vector<std::unique_ptr<SegmentNode>> children; // And, Or (2+), Not (1)
    std::string fact;                                   // Compare, Flag: the fact's name
    CompareOp op = CompareOp::Eq;
    std::vector<SegmentValue> values; // Compare: 1 (2 for BETWEEN, n for IN); Bought: 1
    std::size_t position = 0;         // of the fact or the keyword
};

// A parse or compile error: an English message that ends with " at N", N the 0-based
// character (not byte) position in the text.
class SegmentError : public std::invalid_argument {
public:
    SegmentError(const std::string& message, std::size_t position)
        : std::invalid_argument(message + " at " + std::to_string(position)), position_(position),
          bare_(message) {}
    std::size_t position() const { return position_; }
    // The message without " at N".
    const std::string& bare() const { return bare_; }

private:
    std::size_t position_;
    std::string bare_;
};

// Throws SegmentError. An empty (or blank) text is an error too ("expected a condition").
std::unique_ptr<SegmentNode> parse_segment(const std::string& text);

// Parses and checks the facts, operators and values (throws SegmentError); nullopt when valid.
struct SegmentCheck {
    std::size_t position = 0;
    std::string message; // with " at N"
};
std::optional<SegmentCheck> check_segment(const std::string& text);

// --- SQL ----------------------------------------------------------------------------------

using SegmentParam = std::variant<std::int64_t, double, std::string>;

// The condition, to paste into a WHERE over `ps_customer c` joined with
// `cl_customer_stats s ON s.id_customer = c.id_customer`. `param` receives each value and
// returns its placeholder ("?7"); `today` (YYYY-MM-DD) anchors durations and ages.
struct SegmentSql {
    std::string sql;
    bool uses_stats = false;
};
SegmentSql compile_segment(const SegmentNode& ast, const std::string& today,
                           const std::function<std::string(SegmentParam)>& param);
// Parses and compiles in one go (throws SegmentError).
SegmentSql compile_segment(const std::string& text, const std::string& today,
                           const std::function<std::string(SegmentParam)>& param);

// The matching customers (deleted ones hidden): count, and a page of ids by id.
std::int64_t count_segment(Database& db, const std::string& text, const std::string& today = "");
std::vector<std::int64_t> segment_ids(Database& db, const std::string& text, std::int64_t offset,
                                      int limit, const std::string& today = "");

// --- saved segments -------------------------------------------------------------------------

struct SavedSegment {
    std::int64_t id = 0;
    std::string name, text, date_add, date_upd;
};

constexpr std::size_t kSegmentNameMax = 64;
constexpr std::size_t kSegmentTextMax = 4000;

std::vector<SavedSegment> list_segments(Database& db);
std::optional<SavedSegment> load_segment(Database& db, std::int64_t id);
std::optional<SavedSegment> find_segment(Database& db, const std::string& name);

// Errors: name (err.segment_name_required, err.segment_name_too_long,
// err.segment_name_taken), text (err.segment_syntax: the message has the position,
// err.segment_too_long). `id`: the segment being edited (0 for a new one).
std::vector<FieldError> validate_segment(Database& db, std::int64_t id, const std::string& name,
                                         const std::string& text);

// Creates the segment, or replaces the text of the one with that name; returns its id. One
// undoable batch. Throws ValidationError.
std::int64_t save_segment(Database& db, const std::string& name, const std::string& text);
std::int64_t create_segment(Database& db, const std::string& name, const std::string& text);
void update_segment(Database& db, std::int64_t id, const std::string& text);
void rename_segment(Database& db, std::int64_t id, const std::string& name);
void delete_segment(Database& db, std::int64_t id);

// The saved segments the customer is in (by name), for the customer sheet. Segments whose
// text no longer compiles are skipped.
std::vector<SavedSegment> segments_of_customer(Database& db, std::int64_t id_customer,
                                               const std::string& today = "");

} // namespace clientele::core
