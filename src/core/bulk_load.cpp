#include "core/bulk_load.h"

#include "core/db.h"

#include <algorithm>
#include <limits>
#include <stdexcept>

namespace clientele::core {

namespace {
using Clock = std::chrono::steady_clock;

constexpr std::int64_t kFirstId = std::numeric_limits<std::int64_t>::min();
constexpr std::int64_t kLastId = std::numeric_limits<std::int64_t>::max();

double seconds(Clock::duration d) {
    return std::chrono::duration<double>(d).count();
}

// Drops the schema objects of `kind` ("INDEX", "TRIGGER") that `select` lists as (name, sql)
// and returns their SQL, to create them again. Names and definitions come from the schema
// itself, never from user input.
std::vector<std::string> drop_from_schema(Database& db, const char* kind, Statement& select) {
    std::vector<std::string> names, sql;
    while (select.step()) {
        names.push_back(select.text(0));
        sql.push_back(select.text(1));
    }
    for (const std::string& name : names)
        db.exec(std::string("DROP ") + kind + " \"" + name + "\"");
    return sql;
}

std::int64_t fts_setting(Database& db, const char* key, std::int64_t fallback) {
    Statement q = db.prepare("SELECT v FROM cl_customer_fts_config WHERE k = ?1");
    q.bind(1, key);
    return q.step() ? q.int64(0) : fallback;
}

void set_fts_setting(Database& db, const char* key, std::int64_t value) {
    db.prepare("INSERT INTO cl_customer_fts(cl_customer_fts, rank) VALUES (?1, ?2)")
        .bind_all(key, value)
        .run();
}

// A derived range of a step: this many customers at first, then sized to the time the
// previous range took.
constexpr std::int64_t kMinRange = 100, kMaxRange = 1 << 20;
} // namespace

BulkLoad::BulkLoad(Database& db, const std::vector<std::string>& index_tables) : db_(db) {
    if (!db.in_transaction())
        throw std::logic_error("a bulk load needs an open transaction");
    db_.exec("UPDATE cl_state SET bulk_load = 1");
    // The search index is filled again at the end, every customer at once: a contentless index
    // cannot drop a row without its old text, so it starts empty (its update and delete
    // triggers leave alone the customers it does not hold).
    empty_search_index(db_);
    // The triggers that stand aside during a bulk load still run their WHEN test on every
    // row (five on each new customer: a third of an import's time); they go until the end.
    Statement triggers = db_.prepare("SELECT name, sql FROM sqlite_schema WHERE type = 'trigger' "
                                     "AND sql LIKE '%bulk!_load%' ESCAPE '!'");
    trigger_sql_ = drop_from_schema(db_, "TRIGGER", triggers);
    for (const std::string& tables : index_tables) {
        Statement indexes = db_.prepare("SELECT name, sql FROM sqlite_schema WHERE type = 'index' "
                                        "AND sql IS NOT NULL AND tbl_name GLOB ?1");
        indexes.bind(1, tables);
        for (std::string& sql : drop_from_schema(db_, "INDEX", indexes))
            index_sql_.push_back(std::move(sql));
    }
    stage_total_ = static_cast<std::int64_t>(index_sql_.size());
}

void BulkLoad::build_index(const std::string& sql) {
    // SQLite's sorter sorts runs of up to the page cache's size and merges them, the runs in
    // temporary files (Database sets temp_store = FILE; in the browser they are in memory).
    // Runs of 2 MiB fit the processor's caches: a million-row index builds 1.3-1.5x faster
    // than with one sort of 64 MiB runs. The page cache's size comes back afterwards.
    const std::string restore =
        "PRAGMA cache_size = " + std::to_string(db_.scalar_int("PRAGMA cache_size"));
    db_.exec("PRAGMA cache_size = -2048");
    try {
        db_.exec(sql);
    } catch (...) {
        db_.exec(restore);
        throw;
    }
    db_.exec(restore);
}

void BulkLoad::start_derived() {
    stage_ = Stage::Derived;
    stage_done_ = 0;
    stage_total_ = db_.scalar_int("SELECT COUNT(*) FROM ps_customer");
    next_id_ = kFirstId;
    range_ = kMinRange;
    // The search index builds about twice as fast with a bigger in-memory buffer and no merging
    // while it fills (FTS5 settings, put back at the end; a rollback puts them back too).
    fts_hashsize_ = fts_setting(db_, "hashsize", 1024 * 1024);
    fts_automerge_ = fts_setting(db_, "automerge", 4);
    set_fts_setting(db_, "hashsize", 64 * 1024 * 1024);
    set_fts_setting(db_, "automerge", 0);
}

void BulkLoad::end_derived() {
    set_fts_setting(db_, "hashsize", fts_hashsize_);
    set_fts_setting(db_, "automerge", fts_automerge_);
    for (const std::string& sql : trigger_sql_)
        db_.exec(sql);
    db_.exec("UPDATE cl_state SET bulk_load = 0");
    stage_ = Stage::Done;
}

bool BulkLoad::finish_step(Clock::time_point deadline) {
    const Clock::time_point step_started = Clock::now();
    while (stage_ == Stage::Indexes) {
        if (stage_done_ == static_cast<std::int64_t>(index_sql_.size())) {
            start_derived();
            break;
        }
        build_index(index_sql_[static_cast<std::size_t>(stage_done_++)]);
        if (Clock::now() >= deadline)
            return false;
    }
    while (stage_ == Stage::Derived) {
        // The range ends before the customer `range_` places after its start (or at the end).
        Statement end = db_.prepare("SELECT id_customer FROM ps_customer WHERE id_customer >= ?1 "
                                    "ORDER BY id_customer LIMIT 1 OFFSET ?2");
        end.bind_all(next_id_, range_);
        const bool last = !end.step();
        const std::int64_t first = next_id_, until = last ? kLastId : end.int64(0) - 1;
        const Clock::time_point started = Clock::now();
        rebuild_derived(db_, first, until);
        const double took = seconds(Clock::now() - started);
        stage_done_ = std::min(stage_total_, stage_done_ + range_);
        if (last) {
            stage_done_ = stage_total_;
            end_derived();
            return true;
        }
        next_id_ = until + 1;
        // The next range fills what is left of this step, or else 80 % of a step as long as
        // this one.
        const double left = seconds(deadline - Clock::now());
        const double per_customer = std::max(took, 1e-6) / static_cast<double>(range_);
        const double aim = 0.8 * (left > 0 ? left : seconds(deadline - step_started));
        range_ = std::clamp<std::int64_t>(
            static_cast<std::int64_t>(std::min(aim / per_customer, 1e12)), kMinRange, kMaxRange);
        if (left <= 0)
            return false;
    }
    return stage_ == Stage::Done;
}

const char* BulkLoad::stage_key() const {
    return stage_ == Stage::Indexes ? "job.bulk_indexes" : "job.bulk_derived";
}

void BulkLoad::finish() {
    while (!finish_step(Clock::time_point::max())) {
    }
}

void rebuild_derived(Database& db, std::int64_t first, std::int64_t last) {
    // The same figures the triggers keep: valid orders' totals and dates, the latest valid
    // order's addresses, the latest visit and its IP, the first live address's country.
    db.prepare("DELETE FROM cl_customer_stats WHERE id_customer BETWEEN ?1 AND ?2")
        .bind_all(first, last)
        .run();
    db.prepare(R"SQL(
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
           FROM ps_orders WHERE valid = 1 AND id_customer BETWEEN ?1 AND ?2
           GROUP BY id_customer) o
       ON o.id_customer = c.id_customer
LEFT JOIN (SELECT id_customer, id_address_invoice, id_address_delivery, MAX(date_add)
           FROM ps_orders WHERE valid = 1 AND id_customer BETWEEN ?1 AND ?2
           GROUP BY id_customer) lo
       ON lo.id_customer = c.id_customer
LEFT JOIN (SELECT g.id_customer, MAX(x.date_add) AS last_visit, x.ip_address AS ip
           FROM ps_connections x JOIN ps_guest g ON g.id_guest = x.id_guest
           WHERE g.id_customer > 0 AND g.id_customer BETWEEN ?1 AND ?2
           GROUP BY g.id_customer) v
       ON v.id_customer = c.id_customer
WHERE c.id_customer BETWEEN ?1 AND ?2)SQL")
        .bind_all(first, last)
        .run();
    // The search index was emptied when the bulk load began (see the constructor); its entries
    // are the expressions of the schema's triggers (migration 7).
    db.prepare(R"SQL(
INSERT INTO cl_customer_fts(rowid, firstname, lastname, email, company)
SELECT id_customer, firstname, lastname, replace(replace(email, '@', ' '), '.', ' '),
       COALESCE(company, '')
FROM ps_customer WHERE id_customer BETWEEN ?1 AND ?2)SQL")
        .bind_all(first, last)
        .run();
}

void empty_search_index(Database& db) {
    db.exec("INSERT INTO cl_customer_fts(cl_customer_fts) VALUES ('delete-all')");
}

} // namespace clientele::core
