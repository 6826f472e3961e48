#include "core/bulk_load.h"

#include "core/db.h"

#include <stdexcept>

namespace clientele::core {

namespace {
// Drops the schema objects of `kind` ("INDEX", "TRIGGER") that `select` lists as (name, sql)
// and returns their SQL, to create them again. Names and definitions come from the schema
// itself, never from user input.
std::vector<std::string> drop_from_schema(Database& db, const char* kind, const char* select) {
    Statement st = db.prepare(select);
    std::vector<std::string> names, sql;
    while (st.step()) {
        names.push_back(st.text(0));
        sql.push_back(st.text(1));
    }
    for (const std::string& name : names)
        db.exec(std::string("DROP ") + kind + " \"" + name + "\"");
    return sql;
}
} // namespace

BulkLoad::BulkLoad(Database& db, bool rebuild_indexes) : db_(db) {
    if (!db.in_transaction())
        throw std::logic_error("a bulk load needs an open transaction");
    db_.exec("UPDATE cl_state SET bulk_load = 1");
    // The triggers that stand aside during a bulk load still run their WHEN test on every
    // row (five on each new customer: a third of an import's time); they go until finish().
    trigger_sql_ = drop_from_schema(db_, "TRIGGER",
                                    "SELECT name, sql FROM sqlite_schema WHERE type = 'trigger' "
                                    "AND sql LIKE '%bulk!_load%' ESCAPE '!'");
    if (rebuild_indexes)
        index_sql_ = drop_from_schema(db_, "INDEX",
                                      "SELECT name, sql FROM sqlite_schema WHERE type = 'index' "
                                      "AND sql IS NOT NULL AND tbl_name LIKE 'ps!_%' ESCAPE '!'");
}

void BulkLoad::finish() {
    if (finished_)
        return;
    for (const std::string& sql : index_sql_)
        db_.exec(sql);
    rebuild_derived(db_);
    for (const std::string& sql : trigger_sql_)
        db_.exec(sql);
    db_.exec("UPDATE cl_state SET bulk_load = 0");
    finished_ = true;
}

void rebuild_derived(Database& db) {
    // The same figures the triggers keep: valid orders' totals and dates, the latest valid
    // order's addresses, the latest visit and its IP, the first live address's country.
    db.exec(R"SQL(
DELETE FROM cl_customer_stats;
INSERT INTO cl_customer_stats(id_customer, sales, valid_orders, first_order, last_order,
                              last_visit, last_visit_ip, id_country, id_address_invoice,
                              id_address_delivery)
SELECT c.id_customer, COALESCE(o.sales, 0), COALESCE(o.n, 0), o.first_order, o.last_order,
       v.last_visit, v.ip,
       (SELECT a.id_country FROM ps_address a WHERE a.id_customer = c.id_customer
          AND a.deleted = 0 ORDER BY a.id_address LIMIT 1),
       lo.id_address_invoice, lo.id_address_delivery
FROM ps_customer c
LEFT JOIN (SELECT id_customer, SUM(total_paid_real / conversion_rate) AS sales, COUNT(*) AS n,
                  MIN(date_add) AS first_order, MAX(date_add) AS last_order
           FROM ps_orders WHERE valid = 1 GROUP BY id_customer) o
       ON o.id_customer = c.id_customer
LEFT JOIN (SELECT id_customer, id_address_invoice, id_address_delivery, MAX(date_add)
           FROM ps_orders WHERE valid = 1 GROUP BY id_customer) lo
       ON lo.id_customer = c.id_customer
LEFT JOIN (SELECT g.id_customer, MAX(x.date_add) AS last_visit, x.ip_address AS ip
           FROM ps_connections x JOIN ps_guest g ON g.id_guest = x.id_guest
           WHERE g.id_customer > 0 GROUP BY g.id_customer) v
       ON v.id_customer = c.id_customer;
DELETE FROM cl_customer_fts;
INSERT INTO cl_customer_fts(rowid, firstname, lastname, email, company, ip)
SELECT c.id_customer, c.firstname, c.lastname, replace(replace(c.email, '@', ' '), '.', ' '),
       COALESCE(c.company, ''), COALESCE(s.last_visit_ip, '')
FROM ps_customer c LEFT JOIN cl_customer_stats s ON s.id_customer = c.id_customer;
)SQL");
}

} // namespace clientele::core
