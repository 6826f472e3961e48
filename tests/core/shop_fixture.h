// What the core tests over a shop (Store(":memory:")) share: the headers, looking for a field
// error, reading rows back as text and inserting an order directly.
#pragma once

#include "core/audit.h"
#include "core/bulk_load.h"
#include "core/customers.h" // FieldError
#include "core/db.h"
#include "core/store.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <limits>
#include <string>
#include <vector>

namespace clientele::test {

using core::Database;

// True when `errors` has one for `field` with `code`.
inline bool has_error(const std::vector<core::FieldError>& errors, const std::string& field,
                      const std::string& code) {
    for (const auto& e : errors)
        if (e.field == field && e.code == code)
            return true;
    return false;
}

inline std::int64_t count(Database& db, const std::string& sql) {
    return db.scalar_int(sql);
}

// The rows `sql` returns, a line each, columns separated by '|'.
inline std::string text_of(Database& db, const std::string& sql) {
    core::Statement st = db.prepare(sql);
    std::string out;
    while (st.step()) {
        for (int c = 0; c < st.column_count(); ++c)
            out += (c ? "|" : "") + st.text(c);
        out += "\n";
    }
    return out;
}

// Every entry of the customer search index (term, customer, column, position) in order: all
// it holds, since it keeps no copy of the text.
inline std::string search_index_text(Database& db) {
    db.exec("CREATE VIRTUAL TABLE IF NOT EXISTS temp.test_fts_instances USING "
            "fts5vocab(main, cl_customer_fts, instance)");
    return text_of(db, "SELECT term, doc, col, offset FROM temp.test_fts_instances "
                       "ORDER BY term, doc, col, offset");
}

// The search index built afresh from ps_customer by the bulk load's code (the database is left
// as it was).
inline std::string search_index_rebuilt(Database& db) {
    db.exec("SAVEPOINT rebuilt");
    core::empty_search_index(db);
    core::rebuild_derived(db, std::numeric_limits<std::int64_t>::min(),
                          std::numeric_limits<std::int64_t>::max());
    std::string out = search_index_text(db);
    db.exec("ROLLBACK TO rebuilt");
    db.exec("RELEASE rebuilt");
    return out;
}

// A valid order (state 2, bank wire) of `customer` paid `total`, delivered to and invoiced at
// `address` (0: none).
inline std::int64_t add_order(Database& db, std::int64_t customer, double total,
                              std::int64_t address = 0) {
    db.prepare("INSERT INTO ps_orders(reference, id_customer, current_state, payment, "
               "total_paid_real, valid, id_address_delivery, id_address_invoice, date_add, "
               "date_upd) VALUES ('REFABCDEF', ?1, 2, 'Bank wire', ?2, 1, ?3, ?3, "
               "'2026-01-01 10:00:00', '2026-01-01 10:00:00')")
        .bind_all(customer, total, address)
        .run();
    return db.last_insert_id();
}

} // namespace clientele::test
