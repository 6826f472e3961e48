// Segments (see segments.h and docs/segments.md).
//
// Sections: 1. facts  2. tokenizer  3. parser (with the fact, operator and value checks)
// 4. compiler to SQL  5. counting and listing  6. saved segments
//
// Every comparison compiles to a term that is 0 or 1, never NULL (COALESCE(..., 0)): a
// customer without a country, an order or a birthday simply does not match `country = FR`,
// `last_order < 90d` or `age > 30`, and NOT is then the exact complement (`NOT last_order <
// 90d` includes the customers who never ordered).
#include "core/segments.h"

#include "core/audit.h"
#include "core/customer_query.h"
#include "core/db.h"
#include "core/store.h"
#include "core/validate.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <map>

namespace clientele::core {

namespace {

// --- 1. facts -------------------------------------------------------------------------------

struct FactDef {
    FactInfo info;
    // Number, Date, Text, Bool: the value as SQL over c and s. Code: the id column.
    const char* expr;
    bool stats;
    // Code facts: the ids named by ?N (a name, code or slug, case-insensitive); may use ?N
    // more than once (it is the same parameter).
    const char* by_name;
};

constexpr const char* kAge = "";

const std::vector<FactDef>& fact_defs() {
    using T = FactType;
    static const std::vector<FactDef> defs = {
        {{"id", T::Number, "seg.fact.id"}, "c.id_customer", false, nullptr},
        {{"firstname", T::Text, "seg.fact.firstname"}, "c.firstname", false, nullptr},
        {{"lastname", T::Text, "seg.fact.lastname"}, "c.lastname", false, nullptr},
        {{"email", T::Text, "seg.fact.email"}, "c.email", false, nullptr},
        {{"company", T::Text, "seg.fact.company"}, "c.company", false, nullptr},
        {{"orders", T::Number, "seg.fact.orders"}, "s.valid_orders", true, nullptr},
        {{"amount_spent", T::Number, "seg.fact.amount_spent"}, "s.sales", true, nullptr},
        {{"avg_basket", T::Number, "seg.fact.avg_basket"},
         "(CASE WHEN s.valid_orders > 0 THEN s.sales / s.valid_orders END)",
         true,
         nullptr},
        {{"first_order", T::Date, "seg.fact.first_order"}, "s.first_order", true, nullptr},
        {{"last_order", T::Date, "seg.fact.last_order"}, "s.last_order", true, nullptr},
        {{"registered", T::Date, "seg.fact.registered"}, "c.date_add", false, nullptr},
        {{"last_visit", T::Date, "seg.fact.last_visit"}, "s.last_visit", true, nullptr},
        {{"age", T::Number, "seg.fact.age"}, kAge, false, nullptr},
        {{"gender", T::Code, "seg.fact.gender"},
         "c.id_gender",
         false,
         "SELECT id_gender FROM ps_gender WHERE type = (CASE lower(?N) WHEN 'male' THEN 0 WHEN "
         "'female' THEN 1 WHEN 'neutral' THEN 2 END) UNION SELECT id_gender FROM ps_gender_lang "
         "WHERE name = ?N COLLATE NOCASE"},
        {{"title", T::Code, "seg.fact.title"},
         "c.id_gender",
         false,
         "SELECT id_gender FROM ps_gender_lang WHERE name = ?N COLLATE NOCASE"},
        {{"country", T::Code, "seg.fact.country"},
         "s.id_country",
         true,
         "SELECT id_country FROM ps_country WHERE iso_code = ?N COLLATE NOCASE UNION SELECT "
         "id_country FROM ps_country_lang WHERE name = ?N COLLATE NOCASE"},
        {{"group", T::Code, "seg.fact.group"},
         "", // membership: see compile_code
         false,
         "SELECT id_group FROM ps_group_lang WHERE name = ?N COLLATE NOCASE"},
        {{"default_group", T::Code, "seg.fact.default_group"},
         "c.id_default_group",
         false,
         "SELECT id_group FROM ps_group_lang WHERE name = ?N COLLATE NOCASE"},
        {{"newsletter", T::Bool, "seg.fact.newsletter"}, "c.newsletter", false, nullptr},
        {{"optin", T::Bool, "seg.fact.optin"}, "c.optin", false, nullptr},
        {{"active", T::Bool, "seg.fact.active"}, "c.active", false, nullptr},
        {{"guest", T::Bool, "seg.fact.guest"}, "c.is_guest", false, nullptr},
        {{"lang", T::Code, "seg.fact.lang"},
         "c.id_lang",
         false,
         "SELECT id_lang FROM ps_lang WHERE iso_code = ?N COLLATE NOCASE"},
        {{"shop", T::Code, "seg.fact.shop"},
         "c.id_shop",
         false,
         "SELECT id_shop FROM ps_shop WHERE name = ?N COLLATE NOCASE"},
        {{"rfm", T::Code, "seg.fact.rfm"},
         "s.id_rfm_segment",
         true,
         "SELECT id_rfm_segment FROM cl_rfm_segment WHERE slug = ?N COLLATE NOCASE UNION SELECT "
         "id_rfm_segment FROM cl_rfm_segment_lang WHERE name = ?N COLLATE NOCASE"},
        {{"r", T::Number, "seg.fact.r"}, "s.rfm_r", true, nullptr},
        {{"f", T::Number, "seg.fact.f"}, "s.rfm_f", true, nullptr},
        {{"m", T::Number, "seg.fact.m"}, "s.rfm_m", true, nullptr},
    };
    return defs;
}

bool iequals(const std::string& a, const char* b) {
    std::size_t n = std::char_traits<char>::length(b);
    if (a.size() != n)
        return false;
    for (std::size_t i = 0; i < n; ++i)
        if (std::tolower(static_cast<unsigned char>(a[i])) !=
            std::tolower(static_cast<unsigned char>(b[i])))
            return false;
    return true;
}

const FactDef* find_def(const std::string& name) {
    for (const FactDef& d : fact_defs())
        if (iequals(name, d.info.name))
            return &d;
    return nullptr;
}

// --- 2. tokenizer ---------------------------------------------------------------------------

enum class Tok {
    Word,
    Number,
    String,
    Date,
    Duration,
    Op,
    LParen,
    RParen,
    Comma,
    End,
};

struct Token {
    Tok kind = Tok::End;
    std::string text;   // Word, Number, Date, Duration, Op: as written; String: unescaped
    std::size_t at = 0; // byte offset
};

bool word_char(unsigned char ch) {
    return std::isalnum(ch) || ch == '_' || ch >= 0x80;
}

// The 0-based character position of byte offset `byte` of `text` (UTF-8).
std::size_t char_pos(const std::string& text, std::size_t byte) {
    std::size_t n = 0;
    for (std::size_t i = 0; i < byte && i < text.size(); ++i)
        if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80)
            ++n;
    return n + (byte > text.size() ? byte - text.size() : 0);
}

class Lexer {
public:
    explicit Lexer(const std::string& text) : s_(text) {}

    [[noreturn]] void fail(const std::string& message, std::size_t byte) const {
        throw SegmentError(message, char_pos(s_, byte));
    }

    std::vector<Token> run() {
        std::vector<Token> out;
        std::size_t i = 0;
        const std::size_t n = s_.size();
        while (true) {
            while (i < n && std::isspace(static_cast<unsigned char>(s_[i])))
                ++i;
            if (i >= n) {
                out.push_back({Tok::End, "", n});
                return out;
            }
            const std::size_t start = i;
            const char ch = s_[i];
            if (ch == '(' || ch == ')' || ch == ',') {
                out.push_back({ch == '('   ? Tok::LParen
                               : ch == ')' ? Tok::RParen
                                           : Tok::Comma,
                               std::string(1, ch), start});
                ++i;
            } else if (ch == '"' || ch == '\'') {
                out.push_back(string_token(i));
            } else if (ch == '=' || ch == '<' || ch == '>' || ch == '!') {
                std::string op(1, ch);
                const char after = i + 1 < n ? s_[i + 1] : '\0';
                if (after == '=' || (ch == '<' && after == '>'))
                    op += after;
                if (op == "!")
                    fail("unexpected character '!' (did you mean != or NOT?)", start);
                i += op.size();
                if (op == "==")
                    op = "=";
                else if (op == "<>")
                    op = "!=";
                out.push_back({Tok::Op, op, start});
            } else if (std::isdigit(static_cast<unsigned char>(ch)) ||
                       ((ch == '-' || ch == '+') && i + 1 < n &&
                        std::isdigit(static_cast<unsigned char>(s_[i + 1])))) {
                out.push_back(number_token(i));
            } else if (word_char(static_cast<unsigned char>(ch))) {
                while (i < n && word_char(static_cast<unsigned char>(s_[i])))
                    ++i;
                out.push_back({Tok::Word, s_.substr(start, i - start), start});
            } else {
                // One whole UTF-8 character in the message.
                std::size_t len = 1;
                while (start + len < n &&
                       (static_cast<unsigned char>(s_[start + len]) & 0xC0) == 0x80)
                    ++len;
                fail("unexpected character '" + s_.substr(start, len) + "'", start);
            }
        }
    }

private:
    Token string_token(std::size_t& i) {
        const std::size_t start = i;
        const char quote = s_[i++];
        std::string out;
        while (true) {
            if (i >= s_.size())
                fail("unterminated string", start);
            const char ch = s_[i++];
            if (ch == quote)
                break;
            if (ch == '\\') {
                if (i >= s_.size())
                    fail("unterminated string", start);
                const char e = s_[i++];
                switch (e) {
                case 'n':
                    out += '\n';
                    break;
                case 't':
                    out += '\t';
                    break;
                case '\\':
                case '"':
                case '\'':
                    out += e;
                    break;
                default:
                    fail(std::string("unknown escape '\\") + e + "' in a string", i - 2);
                }
            } else {
                out += ch;
            }
        }
        return {Tok::String, out, start};
    }

    Token number_token(std::size_t& i) {
        const std::size_t start = i;
        const std::size_t n = s_.size();
        if (s_[i] == '-' || s_[i] == '+')
            ++i;
        while (i < n && std::isdigit(static_cast<unsigned char>(s_[i])))
            ++i;
        // A date: YYYY-MM-DD.
        if (i - start == 4 && s_[start] != '-' && s_[start] != '+' && i + 6 <= n && s_[i] == '-' &&
            std::isdigit(static_cast<unsigned char>(s_[i + 1])) &&
            std::isdigit(static_cast<unsigned char>(s_[i + 2])) && s_[i + 3] == '-' &&
            std::isdigit(static_cast<unsigned char>(s_[i + 4])) &&
            std::isdigit(static_cast<unsigned char>(s_[i + 5])) &&
            (i + 6 == n || !word_char(static_cast<unsigned char>(s_[i + 6])))) {
            i += 6;
            const std::string date = s_.substr(start, 10);
            if (!validate::is_date(date))
                fail("invalid date '" + date + "'", start);
            return {Tok::Date, date, start};
        }
        if (i < n && s_[i] == '.' && i + 1 < n &&
            std::isdigit(static_cast<unsigned char>(s_[i + 1]))) {
            ++i;
            while (i < n && std::isdigit(static_cast<unsigned char>(s_[i])))
                ++i;
        }
        // A duration: digits and one of d w m y.
        if (i < n && std::strchr("dwmyDWMY", s_[i]) && s_[start] != '-' && s_[start] != '+' &&
            (i + 1 == n || !word_char(static_cast<unsigned char>(s_[i + 1])))) {
            const std::string digits = s_.substr(start, i - start);
            if (digits.find('.') != std::string::npos)
                fail("a duration is a whole number (90d, 12m, 1y)", start);
            ++i;
            return {Tok::Duration, s_.substr(start, i - start), start};
        }
        if (i < n && word_char(static_cast<unsigned char>(s_[i])))
            fail("unexpected character '" + std::string(1, s_[i]) + "' after a number", i);
        return {Tok::Number, s_.substr(start, i - start), start};
    }

    const std::string& s_;
};

// --- 3. parser ------------------------------------------------------------------------------

bool is_keyword(const Token& t, const char* kw) {
    return t.kind == Tok::Word && iequals(t.text, kw);
}

const char* type_words(FactType t) {
    switch (t) {
    case FactType::Number:
        return "a number";
    case FactType::Date:
        return "a date (YYYY-MM-DD) or a duration (90d, 12m, 1y)";
    case FactType::Text:
        return "a text";
    case FactType::Code:
        return "a name, a code or an id";
    case FactType::Bool:
        return "true or false";
    }
    return "a value";
}

class Parser {
public:
    explicit Parser(const std::string& text) : text_(text), toks_(Lexer(text).run()) {}

    std::unique_ptr<SegmentNode> run() {
        if (peek().kind == Tok::End)
            fail("expected a condition", peek().at);
        auto node = parse_or();
        if (peek().kind != Tok::End) {
            if (peek().kind == Tok::RParen)
                fail("unexpected ')'", peek().at);
            fail("expected AND, OR or the end", peek().at);
        }
        return node;
    }

private:
    [[noreturn]] void fail(const std::string& message, std::size_t byte) const {
        throw SegmentError(message, char_pos(text_, byte));
    }
    const Token& peek(std::size_t ahead = 0) const {
        return toks_[std::min(pos_ + ahead, toks_.size() - 1)];
    }
    const Token& take() {
        const Token& t = peek();
        if (pos_ < toks_.size() - 1)
            ++pos_;
        return t;
    }

    std::unique_ptr<SegmentNode> combine(SegmentNode::Kind kind, const char* kw,
                                         std::unique_ptr<SegmentNode> (Parser::*next)()) {
        auto first = (this->*next)();
        if (!is_keyword(peek(), kw))
            return first;
        auto node = std::make_unique<SegmentNode>();
        node->kind = kind;
        node->position = first->position;
        node->children.push_back(std::move(first));
        while (is_keyword(peek(), kw)) {
            const Token& op = take();
            if (peek().kind == Tok::End)
                fail("expected a condition after '" + op.text + "'", peek().at);
            node->children.push_back((this->*next)());
        }
        return node;
    }

    std::unique_ptr<SegmentNode> parse_or() {
        return combine(SegmentNode::Kind::Or, "OR", &Parser::parse_and);
    }
    std::unique_ptr<SegmentNode> parse_and() {
        return combine(SegmentNode::Kind::And, "AND", &Parser::parse_not);
    }

    std::unique_ptr<SegmentNode> parse_not() {
        if (is_keyword(peek(), "NOT")) {
            const Token& t = take();
            if (peek().kind == Tok::End)
                fail("expected a condition after 'NOT'", peek().at);
            auto node = std::make_unique<SegmentNode>();
            node->kind = SegmentNode::Kind::Not;
            node->position = char_pos(text_, t.at);
            node->children.push_back(parse_not());
            return node;
        }
        return parse_primary();
    }

    std::unique_ptr<SegmentNode> parse_primary() {
        const Token& t = peek();
        if (t.kind == Tok::LParen) {
            take();
            if (peek().kind == Tok::RParen)
                fail("expected a condition", peek().at);
            auto node = parse_or();
            if (peek().kind != Tok::RParen)
                fail("expected ')'", peek().at);
            take();
            return node;
        }
        if (t.kind != Tok::Word || is_keyword(t, "AND") || is_keyword(t, "OR") ||
            is_keyword(t, "IN") || is_keyword(t, "BETWEEN") || is_keyword(t, "CONTAINS")) {
            if (t.kind == Tok::End)
                fail("expected a condition", t.at);
            fail("expected a fact (orders, country, newsletter...) but found '" + t.text + "'",
                 t.at);
        }
        take();
        if (iequals(t.text, "bought"))
            return parse_bought(t);
        const FactDef* def = find_def(t.text);
        if (!def)
            fail("unknown fact '" + t.text + "'", t.at);
        auto node = std::make_unique<SegmentNode>();
        node->fact = def->info.name;
        node->position = char_pos(text_, t.at);
        const Token& next = peek();
        const bool negated = is_keyword(next, "NOT") &&
                             (is_keyword(peek(1), "IN") || is_keyword(peek(1), "BETWEEN"));
        if (negated)
            take();
        const Token& op = peek();
        if (op.kind == Tok::Op) {
            take();
            node->kind = SegmentNode::Kind::Compare;
            node->op = op.text == "="    ? CompareOp::Eq
                       : op.text == "!=" ? CompareOp::Ne
                       : op.text == "<"  ? CompareOp::Lt
                       : op.text == "<=" ? CompareOp::Le
                       : op.text == ">"  ? CompareOp::Gt
                                         : CompareOp::Ge;
            node->values.push_back(value_after(op));
        } else if (is_keyword(op, "IN")) {
            take();
            node->kind = SegmentNode::Kind::Compare;
            node->op = negated ? CompareOp::NotIn : CompareOp::In;
            if (peek().kind != Tok::LParen)
                fail("expected '(' after 'IN'", peek().at);
            const Token* last = &take();
            while (true) {
                node->values.push_back(value_after(*last));
                if (peek().kind == Tok::Comma) {
                    last = &take();
                    continue;
                }
                if (peek().kind != Tok::RParen)
                    fail("expected ',' or ')' in the IN list", peek().at);
                take();
                break;
            }
        } else if (is_keyword(op, "BETWEEN")) {
            take();
            node->kind = SegmentNode::Kind::Compare;
            node->op = negated ? CompareOp::NotBetween : CompareOp::Between;
            node->values.push_back(value_after(op));
            if (!is_keyword(peek(), "AND"))
                fail("expected AND in BETWEEN ... AND ...", peek().at);
            const Token& and_tok = take();
            node->values.push_back(value_after(and_tok));
        } else if (is_keyword(op, "CONTAINS")) {
            take();
            node->kind = SegmentNode::Kind::Compare;
            node->op = CompareOp::Contains;
            node->values.push_back(value_after(op));
        } else {
            if (def->info.type != FactType::Bool)
                fail("'" + std::string(def->info.name) + "' needs a comparison (for example " +
                         std::string(def->info.name) + example(def->info.type) + ")",
                     op.at);
            node->kind = SegmentNode::Kind::Flag;
            return node;
        }
        check(*def, *node, op);
        return node;
    }

    static const char* example(FactType t) {
        switch (t) {
        case FactType::Number:
            return " >= 3";
        case FactType::Date:
            return " < 90d";
        case FactType::Text:
            return " CONTAINS \"dupont\"";
        default:
            return " = FR";
        }
    }

    std::unique_ptr<SegmentNode> parse_bought(const Token& t) {
        auto node = std::make_unique<SegmentNode>();
        node->kind = SegmentNode::Kind::Bought;
        node->fact = "bought";
        node->position = char_pos(text_, t.at);
        if (peek().kind != Tok::LParen)
            fail("expected '(' after 'bought'", peek().at);
        const Token& open = take();
        SegmentValue v = value_after(open);
        if (v.kind == ValueKind::Number &&
            (v.number != std::floor(v.number) || v.number < 1 || v.number > 9.0e18))
            fail("a product id is a positive whole number", byte_of(v));
        if (v.kind == ValueKind::Date || v.kind == ValueKind::Duration)
            fail("expected a product id or \"reference\"", byte_of(v));
        node->values.push_back(std::move(v));
        if (peek().kind != Tok::RParen)
            fail("expected ')'", peek().at);
        take();
        return node;
    }

    std::size_t byte_of(const SegmentValue& v) const { return byte_at_.at(v.position); }

    SegmentValue value_after(const Token& after) {
        const Token& t = peek();
        SegmentValue v;
        switch (t.kind) {
        case Tok::Number:
            v.kind = ValueKind::Number;
            v.number = std::strtod(t.text.c_str(), nullptr);
            break;
        case Tok::String:
            v.kind = ValueKind::String;
            break;
        case Tok::Date:
            v.kind = ValueKind::Date;
            break;
        case Tok::Duration:
            v.kind = ValueKind::Duration;
            v.number = std::strtod(t.text.substr(0, t.text.size() - 1).c_str(), nullptr);
            v.unit = static_cast<char>(std::tolower(static_cast<unsigned char>(t.text.back())));
            break;
        case Tok::Word:
            if (!is_keyword(t, "AND") && !is_keyword(t, "OR") && !is_keyword(t, "NOT") &&
                !is_keyword(t, "IN") && !is_keyword(t, "BETWEEN")) {
                v.kind = ValueKind::Word;
                break;
            }
            [[fallthrough]];
        default:
            fail("expected a value after '" + after.text + "'", t.at);
        }
        v.text = t.text;
        v.position = char_pos(text_, t.at);
        byte_at_[v.position] = t.at;
        take();
        return v;
    }

    [[noreturn]] void bad_value(const FactDef& def, const SegmentValue& v) const {
        fail("expected " + std::string(type_words(def.info.type)) + " for '" + def.info.name +
                 "' but found '" + v.text + "'",
             byte_at_.at(v.position));
    }

    // The operator applies to the fact and each value has the fact's type.
    void check(const FactDef& def, const SegmentNode& node, const Token& op) const {
        const FactType type = def.info.type;
        const CompareOp o = node.op;
        const bool order = o == CompareOp::Lt || o == CompareOp::Le || o == CompareOp::Gt ||
                           o == CompareOp::Ge || o == CompareOp::Between ||
                           o == CompareOp::NotBetween;
        auto refuse = [&] {
            fail("operator '" + op.text + "' does not apply to '" + def.info.name + "'", op.at);
        };
        if (o == CompareOp::Contains && type != FactType::Text)
            refuse();
        if (order && (type == FactType::Text || type == FactType::Code || type == FactType::Bool))
            refuse();
        if (type == FactType::Bool && o != CompareOp::Eq && o != CompareOp::Ne)
            refuse();
        if (type == FactType::Date && (o == CompareOp::In || o == CompareOp::NotIn))
            refuse();
        for (const SegmentValue& v : node.values) {
            switch (type) {
            case FactType::Number:
                if (v.kind != ValueKind::Number)
                    bad_value(def, v);
                break;
            case FactType::Date:
                if (v.kind != ValueKind::Date && v.kind != ValueKind::Duration)
                    bad_value(def, v);
                if (v.kind == ValueKind::Duration && (o == CompareOp::Eq || o == CompareOp::Ne))
                    fail("use < or > with a duration ('" + std::string(def.info.name) + " < " +
                             v.text + "': less than " + v.text + " ago)",
                         op.at);
                if (v.kind == ValueKind::Duration && v.number > 100000)
                    fail("duration too long", byte_at_.at(v.position));
                break;
            case FactType::Text:
                if (v.kind == ValueKind::Date || v.kind == ValueKind::Duration)
                    bad_value(def, v);
                break;
            case FactType::Code:
                if (v.kind == ValueKind::Date || v.kind == ValueKind::Duration ||
                    (v.kind == ValueKind::Number &&
                     (v.number != std::floor(v.number) || std::fabs(v.number) > 9.0e18)))
                    bad_value(def, v);
                break;
            case FactType::Bool:
                if (!bool_value(v))
                    bad_value(def, v);
                break;
            }
        }
        if ((o == CompareOp::Between || o == CompareOp::NotBetween) && type == FactType::Date &&
            node.values[0].kind != node.values[1].kind)
            fail("BETWEEN needs two dates or two durations", byte_at_.at(node.values[1].position));
    }

public:
    static std::optional<bool> bool_value(const SegmentValue& v) {
        if (v.kind == ValueKind::Number && (v.number == 0 || v.number == 1))
            return v.number == 1;
        if (v.kind != ValueKind::Word && v.kind != ValueKind::String)
            return std::nullopt;
        for (const char* yes : {"true", "yes", "on"})
            if (iequals(v.text, yes))
                return true;
        for (const char* no : {"false", "no", "off"})
            if (iequals(v.text, no))
                return false;
        return std::nullopt;
    }

private:
    const std::string& text_;
    std::vector<Token> toks_;
    std::size_t pos_ = 0;
    std::map<std::size_t, std::size_t> byte_at_; // a value's character position -> byte offset
};

// --- 4. compiler ----------------------------------------------------------------------------

class Compiler {
public:
    Compiler(const std::string& today, const std::function<std::string(SegmentParam)>& param)
        : today_(today), param_(param) {}

    std::string node(const SegmentNode& n) {
        switch (n.kind) {
        case SegmentNode::Kind::And:
        case SegmentNode::Kind::Or: {
            std::string out = "(";
            for (std::size_t i = 0; i < n.children.size(); ++i) {
                if (i)
                    out += n.kind == SegmentNode::Kind::And ? " AND " : " OR ";
                out += node(*n.children[i]);
            }
            return out + ")";
        }
        case SegmentNode::Kind::Not:
            return "(NOT " + node(*n.children[0]) + ")";
        case SegmentNode::Kind::Flag: {
            const FactDef& def = *find_def(n.fact);
            stats_ = stats_ || def.stats;
            return "(" + std::string(def.expr) + " <> 0)";
        }
        case SegmentNode::Kind::Bought: {
            const SegmentValue& v = n.values[0];
            const bool id = v.kind == ValueKind::Number;
            const std::string p = id ? param(static_cast<std::int64_t>(v.number)) : param(v.text);
            return "EXISTS (SELECT 1 FROM ps_orders bo JOIN ps_order_detail bd ON bd.id_order = "
                   "bo.id_order WHERE bo.id_customer = c.id_customer AND bo.valid = 1 AND " +
                   std::string(id ? "bd.product_id = " : "bd.product_reference = ") + p + ")";
        }
        case SegmentNode::Kind::Compare:
            return compare(n);
        }
        return "0";
    }

    bool uses_stats() const { return stats_; }

private:
    std::string param(SegmentParam v) { return param_(std::move(v)); }
    const std::string& today() {
        if (today_p_.empty())
            today_p_ = param(today_);
        return today_p_;
    }

    std::string number(const SegmentValue& v, bool integer) {
        if (integer && v.number == std::floor(v.number) && std::fabs(v.number) < 9.0e18)
            return param(static_cast<std::int64_t>(v.number));
        return param(v.number);
    }

    static std::string zero_one(const std::string& cond) { return "COALESCE(" + cond + ", 0)"; }
    static std::string negate(bool neg, const std::string& cond) {
        return neg ? "(NOT " + cond + ")" : cond;
    }

    std::string age_expr() {
        const std::string& t = today();
        return "(CASE WHEN c.birthday >= '0001-01-01' AND c.birthday <= " + t +
               " THEN CAST(substr(" + t +
               ", 1, 4) AS INTEGER) - CAST(substr(c.birthday, 1, 4) "
               "AS INTEGER) - (substr(" +
               t + ", 6, 5) < substr(c.birthday, 6, 5)) END)";
    }

    // The date that many units before today: date(?today, ?"-90 days"[, '+1 day']).
    std::string ago(const SegmentValue& v, bool plus_day) {
        long long n = static_cast<long long>(v.number);
        std::string unit = "days";
        if (v.unit == 'w')
            n *= 7;
        else if (v.unit == 'm')
            unit = "months";
        else if (v.unit == 'y')
            unit = "years";
        const std::string& t = today();
        return "date(" + t + ", " + param("-" + std::to_string(n) + " " + unit) +
               (plus_day ? ", '+1 day')" : ")");
    }

    std::string date_compare(const std::string& e, CompareOp op, const SegmentValue& v) {
        if (v.kind == ValueKind::Duration) {
            // `< 90d`: less than 90 days ago, i.e. after the day 90 days before today.
            switch (op) {
            case CompareOp::Lt:
                return e + " >= " + ago(v, true);
            case CompareOp::Le:
                return e + " >= " + ago(v, false);
            case CompareOp::Gt:
                return e + " < " + ago(v, false);
            case CompareOp::Ge:
                return e + " < " + ago(v, true);
            default:
                return "0";
            }
        }
        const std::string d = param(v.text);
        switch (op) {
        case CompareOp::Eq:
            return "(" + e + " >= " + d + " AND " + e + " < date(" + d + ", '+1 day'))";
        case CompareOp::Lt:
            return e + " < " + d;
        case CompareOp::Le:
            return e + " < date(" + d + ", '+1 day')";
        case CompareOp::Gt:
            return e + " >= date(" + d + ", '+1 day')";
        case CompareOp::Ge:
            return e + " >= " + d;
        default:
            return "0";
        }
    }

    std::string like_param(const std::string& text) {
        std::string out = "%";
        for (char ch : text) {
            if (ch == '%' || ch == '_' || ch == '\\')
                out += '\\';
            out += ch;
        }
        return param(out + "%");
    }

    // The ids a Code fact's values name: `SELECT ?n UNION ALL <by name>...`.
    std::string id_set(const FactDef& def, const std::vector<SegmentValue>& values) {
        std::string out;
        for (const SegmentValue& v : values) {
            if (!out.empty())
                out += " UNION ";
            if (v.kind == ValueKind::Number) {
                out += "SELECT " + param(static_cast<std::int64_t>(v.number));
            } else {
                std::string by_name = def.by_name;
                const std::string p = param(v.text);
                for (std::size_t at; (at = by_name.find("?N")) != std::string::npos;)
                    by_name.replace(at, 2, p);
                out += by_name;
            }
        }
        return out;
    }

    std::string compare(const SegmentNode& n) {
        const FactDef& def = *find_def(n.fact);
        stats_ = stats_ || def.stats;
        const CompareOp op = n.op;
        const bool neg =
            op == CompareOp::Ne || op == CompareOp::NotIn || op == CompareOp::NotBetween;
        switch (def.info.type) {
        case FactType::Bool: {
            const bool yes = *Parser::bool_value(n.values[0]);
            return "(" + std::string(def.expr) +
                   (yes != (op == CompareOp::Ne) ? " <> 0)" : " = 0)");
        }
        case FactType::Code: {
            const std::string set = id_set(def, n.values);
            if (std::string(def.info.name) == "group")
                return negate(neg, "EXISTS (SELECT 1 FROM ps_customer_group cg WHERE "
                                   "cg.id_customer = c.id_customer AND cg.id_group IN (" +
                                       set + "))");
            return negate(neg, zero_one(std::string(def.expr) + " IN (" + set + ")"));
        }
        case FactType::Text: {
            const std::string e = def.expr;
            if (op == CompareOp::Contains)
                return zero_one(e + " LIKE " + like_param(n.values[0].text) + " ESCAPE '\\'");
            if (op == CompareOp::In || op == CompareOp::NotIn) {
                std::string list;
                for (const SegmentValue& v : n.values)
                    list += (list.empty() ? "" : ", ") + param(v.text);
                return negate(neg, zero_one(e + " COLLATE NOCASE IN (" + list + ")"));
            }
            return negate(neg, zero_one(e + " = " + param(n.values[0].text) + " COLLATE NOCASE"));
        }
        case FactType::Number: {
            const bool integer = std::string(def.info.name) != "amount_spent" &&
                                 std::string(def.info.name) != "avg_basket";
            const std::string e = std::string(def.info.name) == "age" ? age_expr() : def.expr;
            switch (op) {
            case CompareOp::In:
            case CompareOp::NotIn: {
                std::string list;
                for (const SegmentValue& v : n.values)
                    list += (list.empty() ? "" : ", ") + number(v, integer);
                return negate(neg, zero_one(e + " IN (" + list + ")"));
            }
            case CompareOp::Between:
            case CompareOp::NotBetween:
                return negate(neg, zero_one(e + " BETWEEN " + number(n.values[0], integer) +
                                            " AND " + number(n.values[1], integer)));
            default: {
                static const char* ops[] = {"=", "=", "<", "<=", ">", ">="};
                const int i = static_cast<int>(op);
                return negate(neg, zero_one(e + " " + ops[i] + " " + number(n.values[0], integer)));
            }
            }
        }
        case FactType::Date: {
            const std::string e = def.expr;
            if (op == CompareOp::Between || op == CompareOp::NotBetween) {
                const SegmentValue& a = n.values[0];
                const SegmentValue& b = n.values[1];
                std::string both;
                if (a.kind == ValueKind::Duration) // between 30 and 90 days ago
                    both = date_compare(e, CompareOp::Le, b) + " AND " +
                           date_compare(e, CompareOp::Ge, a);
                else
                    both = date_compare(e, CompareOp::Ge, a) + " AND " +
                           date_compare(e, CompareOp::Le, b);
                return negate(neg, zero_one("(" + both + ")"));
            }
            if (op == CompareOp::Ne)
                return negate(true,
                              zero_one("(" + date_compare(e, CompareOp::Eq, n.values[0]) + ")"));
            return zero_one("(" + date_compare(e, op, n.values[0]) + ")");
        }
        }
        return "0";
    }

    std::string today_;
    const std::function<std::string(SegmentParam)>& param_;
    std::string today_p_;
    bool stats_ = false;
};

std::string today_or(const std::string& today) {
    return today.empty() ? today_date() : today;
}

// --- 6. saved segments helpers ----------------------------------------------------------------

SavedSegment read_segment(Statement& st) {
    return {st.int64(0), st.text(1), st.text(2), st.text(3), st.text(4)};
}

constexpr const char* kSegmentColumns =
    "SELECT id_segment, name, query, date_add, date_upd FROM cl_segment";

std::string trimmed(const std::string& s) {
    const char* ws = " \t\r\n";
    const std::size_t b = s.find_first_not_of(ws);
    if (b == std::string::npos)
        return {};
    return s.substr(b, s.find_last_not_of(ws) - b + 1);
}

} // namespace

// --- public: facts, parsing, compiling ---------------------------------------------------------

const std::vector<FactInfo>& segment_facts() {
    static const std::vector<FactInfo> facts = [] {
        std::vector<FactInfo> out;
        for (const FactDef& d : fact_defs())
            out.push_back(d.info);
        out.push_back({"bought", FactType::Code, "seg.fact.bought"});
        return out;
    }();
    return facts;
}

const FactInfo* find_segment_fact(const std::string& name) {
    for (const FactInfo& f : segment_facts())
        if (iequals(name, f.name))
            return &f;
    return nullptr;
}

std::unique_ptr<SegmentNode> parse_segment(const std::string& text) {
    if (!validate::is_valid_utf8(text))
        throw SegmentError("the text is not valid UTF-8", 0);
    return Parser(text).run();
}

std::optional<SegmentCheck> check_segment(const std::string& text) {
    try {
        parse_segment(text);
        return std::nullopt;
    } catch (const SegmentError& e) {
        return SegmentCheck{e.position(), e.what()};
    }
}

SegmentSql compile_segment(const SegmentNode& ast, const std::string& today,
                           const std::function<std::string(SegmentParam)>& param) {
    Compiler c(today_or(today), param);
    SegmentSql out;
    out.sql = c.node(ast);
    out.uses_stats = c.uses_stats();
    return out;
}

SegmentSql compile_segment(const std::string& text, const std::string& today,
                           const std::function<std::string(SegmentParam)>& param) {
    return compile_segment(*parse_segment(text), today, param);
}

// --- 5. counting and listing -----------------------------------------------------------------

std::int64_t count_segment(Database& db, const std::string& text, const std::string& today) {
    CustomerQuery q;
    q.segment = text;
    q.today = today;
    if (trimmed(text).empty())
        parse_segment(text); // throws "expected a condition"
    return count_customers(db, q);
}

std::vector<std::int64_t> segment_ids(Database& db, const std::string& text, std::int64_t offset,
                                      int limit, const std::string& today) {
    CustomerQuery q;
    q.segment = text;
    q.today = today;
    q.offset = offset;
    q.limit = limit;
    if (trimmed(text).empty())
        parse_segment(text);
    std::vector<std::int64_t> ids;
    for (const CustomerRow& r : query_customers(db, q).rows)
        ids.push_back(r.id);
    return ids;
}

// --- 6. saved segments --------------------------------------------------------------------------

std::vector<SavedSegment> list_segments(Database& db) {
    std::vector<SavedSegment> out;
    Statement st = db.prepare(std::string(kSegmentColumns) + " ORDER BY name COLLATE NOCASE");
    while (st.step())
        out.push_back(read_segment(st));
    return out;
}

std::optional<SavedSegment> load_segment(Database& db, std::int64_t id) {
    Statement st = db.prepare(std::string(kSegmentColumns) + " WHERE id_segment = ?1");
    st.bind(1, id);
    if (st.step())
        return read_segment(st);
    return std::nullopt;
}

std::optional<SavedSegment> find_segment(Database& db, const std::string& name) {
    Statement st = db.prepare(std::string(kSegmentColumns) + " WHERE name = ?1 COLLATE NOCASE");
    st.bind(1, trimmed(name));
    if (st.step())
        return read_segment(st);
    return std::nullopt;
}

std::vector<FieldError> validate_segment(Database& db, std::int64_t id, const std::string& name,
                                         const std::string& text) {
    std::vector<FieldError> e;
    const std::string n = trimmed(name);
    if (n.empty())
        e.push_back({"name", "is required", "err.segment_name_required"});
    else if (!validate::fits_length(n, kSegmentNameMax))
        e.push_back({"name", "is longer than 64 characters", "err.segment_name_too_long"});
    else {
        auto other = find_segment(db, n);
        if (other && other->id != id)
            e.push_back({"name", "is already used by another segment", "err.segment_name_taken"});
    }
    if (!validate::fits_length(text, kSegmentTextMax))
        e.push_back({"text", "is longer than 4000 characters", "err.segment_too_long"});
    else if (auto bad = check_segment(text))
        e.push_back({"text", bad->message, "err.segment_syntax"});
    return e;
}

std::int64_t create_segment(Database& db, const std::string& name, const std::string& text) {
    auto errors = validate_segment(db, 0, name, text);
    if (!errors.empty())
        throw ValidationError(std::move(errors));
    Transaction tx(db);
    const std::int64_t batch = audit::begin_batch(db);
    const std::string now = now_datetime();
    db.prepare("INSERT INTO cl_segment(name, query, date_add, date_upd) VALUES (?1, ?2, ?3, ?3)")
        .bind_all(trimmed(name), text, now)
        .run();
    const std::int64_t id = db.last_insert_id();
    audit::record(db, batch, "create", "cl_segment", 0, nullptr,
                  audit::snapshot(db, "cl_segment", {{"id_segment", id}}),
                  "segment created: " + trimmed(name));
    tx.commit();
    return id;
}

void update_segment(Database& db, std::int64_t id, const std::string& text) {
    auto current = load_segment(db, id);
    if (!current)
        throw std::invalid_argument("no segment with id " + std::to_string(id));
    auto errors = validate_segment(db, id, current->name, text);
    if (!errors.empty())
        throw ValidationError(std::move(errors));
    Transaction tx(db);
    const std::int64_t batch = audit::begin_batch(db);
    audit::tracked_update(db, batch, "cl_segment", {{"id_segment", id}}, 0,
                          "segment edited: " + current->name, [&] {
                              db.prepare("UPDATE cl_segment SET query = ?2, date_upd = ?3 WHERE "
                                         "id_segment = ?1")
                                  .bind_all(id, text, now_datetime())
                                  .run();
                          });
    tx.commit();
}

void rename_segment(Database& db, std::int64_t id, const std::string& name) {
    auto current = load_segment(db, id);
    if (!current)
        throw std::invalid_argument("no segment with id " + std::to_string(id));
    auto errors = validate_segment(db, id, name, current->text);
    errors.erase(std::remove_if(errors.begin(), errors.end(),
                                [](const FieldError& f) { return f.field != "name"; }),
                 errors.end());
    if (!errors.empty())
        throw ValidationError(std::move(errors));
    Transaction tx(db);
    const std::int64_t batch = audit::begin_batch(db);
    audit::tracked_update(db, batch, "cl_segment", {{"id_segment", id}}, 0,
                          "segment renamed: " + current->name + " -> " + trimmed(name), [&] {
                              db.prepare("UPDATE cl_segment SET name = ?2, date_upd = ?3 WHERE "
                                         "id_segment = ?1")
                                  .bind_all(id, trimmed(name), now_datetime())
                                  .run();
                          });
    tx.commit();
}

std::int64_t save_segment(Database& db, const std::string& name, const std::string& text) {
    if (auto existing = find_segment(db, name)) {
        update_segment(db, existing->id, text);
        return existing->id;
    }
    return create_segment(db, name, text);
}

void delete_segment(Database& db, std::int64_t id) {
    auto current = load_segment(db, id);
    if (!current)
        throw std::invalid_argument("no segment with id " + std::to_string(id));
    Transaction tx(db);
    const std::int64_t batch = audit::begin_batch(db);
    audit::tracked_update(
        db, batch, "cl_segment", {{"id_segment", id}}, 0, "segment deleted: " + current->name,
        [&] { db.prepare("DELETE FROM cl_segment WHERE id_segment = ?1").bind_all(id).run(); });
    tx.commit();
}

std::vector<SavedSegment> segments_of_customer(Database& db, std::int64_t id_customer,
                                               const std::string& today) {
    std::vector<SavedSegment> out;
    const std::string day = today_or(today);
    for (SavedSegment& seg : list_segments(db)) {
        std::vector<SegmentParam> params{id_customer};
        SegmentSql sql;
        try {
            sql = compile_segment(seg.text, day, [&](SegmentParam v) {
                params.push_back(std::move(v));
                return "?" + std::to_string(params.size());
            });
        } catch (const SegmentError&) {
            continue;
        }
        Statement st = db.prepare("SELECT 1 FROM ps_customer c LEFT JOIN cl_customer_stats s ON "
                                  "s.id_customer = c.id_customer WHERE c.id_customer = ?1 AND " +
                                  sql.sql);
        int i = 0;
        for (const SegmentParam& p : params) {
            ++i;
            std::visit([&](const auto& x) { st.bind(i, x); }, p);
        }
        if (st.step())
            out.push_back(std::move(seg));
    }
    return out;
}

} // namespace clientele::core
