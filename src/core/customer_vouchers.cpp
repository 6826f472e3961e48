#include "core/customer_vouchers.h"

#include "core/audit.h"
#include "core/db.h"
#include "core/lang_names.h"
#include "core/store.h"

#include <random>

namespace clientele::core {

std::string unused_voucher_code(Database& db, const std::string& prefix, int chars) {
    static const char alphabet[] = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";
    static std::mt19937 rng{std::random_device{}()};
    std::uniform_int_distribution<int> pick(0, static_cast<int>(sizeof alphabet) - 2);
    Statement st = db.prepare("SELECT 1 FROM ps_cart_rule WHERE code = ?1");
    for (;;) {
        std::string code = prefix;
        for (int i = 0; i < chars; ++i)
            code += alphabet[pick(rng)];
        st.reset();
        st.bind(1, code);
        if (!st.step())
            return code;
    }
}

std::int64_t create_customer_voucher(Database& db, std::int64_t batch, const CustomerVoucher& v,
                                     const std::string& summary) {
    const std::string now = now_datetime();
    db.prepare("INSERT INTO ps_cart_rule(id_customer, date_from, date_to, description, quantity, "
               "quantity_per_user, code, reduction_percent, reduction_amount, active, date_add, "
               "date_upd) VALUES (?1, ?2, ?3, ?4, 1, 1, ?5, ?6, ?7, 1, ?8, ?8)")
        .bind_all(v.id_customer, v.date_from, v.date_to, v.description, v.code, v.reduction_percent,
                  v.reduction_amount, now)
        .run();
    const std::int64_t id = db.last_insert_id();
    audit::record(db, batch, "create", "ps_cart_rule", v.id_customer, nullptr,
                  audit::snapshot(db, "ps_cart_rule", {{"id_cart_rule", id}}), summary);
    Statement lang = db.prepare(
        "INSERT INTO ps_cart_rule_lang(id_cart_rule, id_lang, name) VALUES (?1, ?2, ?3)");
    for (const auto& [id_lang, iso] : languages(db)) {
        (void)iso;
        lang.reset();
        lang.bind_all(id, id_lang, v.name.empty() ? v.code : v.name);
        lang.run();
        audit::record(
            db, batch, "create", "ps_cart_rule_lang", v.id_customer, nullptr,
            audit::snapshot(db, "ps_cart_rule_lang", {{"id_cart_rule", id}, {"id_lang", id_lang}}),
            summary);
    }
    return id;
}

std::string datetime_of(Database& db, const std::string& today, int days) {
    Statement st = db.prepare("SELECT datetime(?1, ?2)");
    st.bind_all(today.empty() ? now_datetime() : today,
                (days < 0 ? "" : "+") + std::to_string(days) + " days");
    return st.step() && !st.is_null(0) ? st.text(0) : std::string();
}

} // namespace clientele::core
