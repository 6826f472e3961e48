// Vouchers made for one customer (follow-up e-mails, loyalty points): a ps_cart_rule that only
// that customer can use, once (quantity 1, quantity_per_user 1), named in every shop language,
// recorded in an audit batch. Codes are a prefix and random letters and digits without
// look-alikes, checked unused through the ps_cart_rule_code index.
#pragma once

#include <cstdint>
#include <string>

namespace clientele::core {

class Database;

struct CustomerVoucher {
    std::int64_t id_customer = 0;
    std::string code, name, description;
    std::string date_from, date_to; // "YYYY-MM-DD HH:MM:SS"
    double reduction_percent = 0, reduction_amount = 0;
};

// `prefix` followed by `chars` random characters, not used by any voucher yet.
std::string unused_voucher_code(Database& db, const std::string& prefix, int chars = 10);

// Inserts the voucher and its names (one per language) and records them in `batch`. Returns
// the new id_cart_rule. Needs an open transaction.
std::int64_t create_customer_voucher(Database& db, std::int64_t batch, const CustomerVoucher& v,
                                     const std::string& summary);

// `today` ("YYYY-MM-DD" or "YYYY-MM-DD HH:MM:SS"; empty: now) as a datetime, and that plus
// `days`; "" when `today` is unreadable.
std::string datetime_of(Database& db, const std::string& today, int days = 0);

} // namespace clientele::core
