#include "core/store.h"

#include "core/config.h"

#include "core/schema.h"

#include <ctime>

namespace clientele::core {

namespace {
// Counted tables, by the name the CLI and the status bar use.
const std::vector<std::pair<const char*, const char*>>& counted_tables() {
    static const std::vector<std::pair<const char*, const char*>> t = {
        {"customers", "SELECT COUNT(*) FROM ps_customer WHERE deleted = 0"},
        {"addresses", "SELECT COUNT(*) FROM ps_address WHERE deleted = 0"},
        {"groups", "SELECT COUNT(*) FROM ps_group"},
        {"titles", "SELECT COUNT(*) FROM ps_gender"},
        {"countries", "SELECT COUNT(*) FROM ps_country"},
        {"products", "SELECT COUNT(*) FROM ps_product"},
        {"carts", "SELECT COUNT(*) FROM ps_cart"},
        {"orders", "SELECT COUNT(*) FROM ps_orders"},
        {"order_returns", "SELECT COUNT(*) FROM ps_order_return"},
        {"credit_slips", "SELECT COUNT(*) FROM ps_order_slip"},
        {"threads", "SELECT COUNT(*) FROM ps_customer_thread"},
        {"messages", "SELECT COUNT(*) FROM ps_customer_message"},
        {"contacts", "SELECT COUNT(*) FROM ps_contact"},
        {"vouchers", "SELECT COUNT(*) FROM ps_cart_rule"},
        {"connections", "SELECT COUNT(*) FROM ps_connections"},
        {"audit_entries", "SELECT COUNT(*) FROM cl_audit"},
    };
    return t;
}
} // namespace

Store::Store(const std::string& path) : db_(std::make_unique<Database>(path)) {
    migrate(*db_);
}

bool Store::empty() {
    return db_->scalar_int("SELECT NOT EXISTS (SELECT 1 FROM ps_customer)") != 0;
}

std::string Store::setting(const std::string& name, const std::string& fallback) {
    return read_config(*db_, name).value_or(fallback);
}

void Store::set_setting(const std::string& name, const std::string& value) {
    Transaction tx(*db_);
    write_config_plain(*db_, name, value);
    tx.commit();
}

std::vector<std::pair<std::string, std::int64_t>> Store::table_counts() {
    std::vector<std::pair<std::string, std::int64_t>> out;
    for (auto& [name, sql] : counted_tables())
        out.emplace_back(name, db_->scalar_int(sql));
    return out;
}

std::string now_datetime() {
    std::time_t t = std::time(nullptr);
    std::tm tm{};
    gmtime_r(&t, &tm);
    char buf[32];
    std::strftime(buf, sizeof buf, "%Y-%m-%d %H:%M:%S", &tm);
    return buf;
}

std::string today_date() {
    return now_datetime().substr(0, 10);
}

} // namespace clientele::core
