// GDPR requests about one customer, as PrestaShop's psgdpr module handles them:
// - the export (right of access): everything stored about the customer, as one JSON document
//   or one CSV file a data-protection officer can read (sections one after another);
// - the erase (right to erasure): personal data deleted for good, orders kept for the
//   accounts but attached to the anonymous customer.
// Both are logged in cl_gdpr_request without personal data (see gdpr_requests).
// The password hash, the secure key and the password reset token are never read.
#pragma once

#include "core/csv.h"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

namespace clientele::core {

class Database;

// No customer has this id ("no customer with id 42").
class UnknownCustomer : public std::invalid_argument {
public:
    explicit UnknownCustomer(std::int64_t id);
};

// One section of the export: a table (`single` sections, the account and the consents, have
// exactly one row and read as field/value pairs). Values are null, numbers or strings.
struct GdprSection {
    std::string name;  // JSON key: "customer", "addresses", "orders", ...
    std::string title; // English heading in the CSV: "Addresses"
    bool single = false;
    std::vector<std::string> columns;
    std::vector<std::vector<nlohmann::json>> rows;
};

struct GdprData {
    std::int64_t id_customer = 0;
    std::string generated; // "YYYY-MM-DD HH:MM:SS" (UTC)
    std::vector<GdprSection> sections;
    // nullptr when there is no section of that name.
    const GdprSection* section(const std::string& name) const;
};

// Every section, in the order of the export: customer (every ps_customer column but the
// hash, secure key and reset token, plus the names of what its ids point to), consents,
// groups, addresses, orders, order_lines, order_history, order_discounts, carts, cart_lines,
// threads, messages, connections, vouchers, returns, return_lines, credit_slips, outbox
// (e-mails prepared for the customer) and activity (the audit log's summaries).
const std::vector<std::string>& gdpr_section_names();

// Reads everything stored about the customer (writes nothing). Names are in `id_lang`
// (falling back to any language). Throws UnknownCustomer.
GdprData gdpr_collect(Database& db, std::int64_t id_customer, int id_lang = 1);

// {"generated": ..., "id_customer": ..., "<section>": ...}: single sections as one object,
// the others as arrays of objects (keys are the columns).
nlohmann::json gdpr_json(const GdprData& data);

// One CSV file: three heading rows ("Personal data export", "Customer ID;N",
// "Generated;date"), then for each section after an empty line: a title row ("Orders (3)"),
// a header row and the rows. Single sections read as "Field;Value" rows. Every text cell is
// formula-neutralised (core/csv.h); numbers are written as they are.
std::string gdpr_csv(const GdprData& data, const csv::Format& format = {});

// Collects, renders and logs an export request (counts: rows per section), in one go.
nlohmann::json gdpr_export_json(Database& db, std::int64_t id_customer, int id_lang = 1);
std::string gdpr_export_csv(Database& db, std::int64_t id_customer, const csv::Format& format = {},
                            int id_lang = 1);

struct GdprErasure {
    std::int64_t id_customer = 0;
    std::int64_t anonymous_customer = 0; // who keeps the orders now
    std::int64_t request_id = 0;         // the cl_gdpr_request row
    // How many rows of each kind were deleted or moved to the anonymous customer (see
    // core::remove_account), plus "audit_entries" purged from the log.
    std::vector<std::pair<std::string, std::int64_t>> counts;
    std::int64_t count(const std::string& kind) const;
};

// Erases the customer in one transaction, as psgdpr does. NOT UNDOABLE: nothing of it goes
// to the audit log, and the log's own entries about the customer (their old and new values
// hold personal data) are purged, so undo cannot bring anything back; the redo history ends.
// Deleted: the account, group memberships, addresses, vouchers no order used, customer
// service threads and messages, visits (guests and connections with their IP addresses),
// e-mails prepared for the customer, a block on their e-mail, the newsletter and partner
// consents (they live on the account). Kept, on the anonymous customer: orders (lines,
// history), returns, credit slips and vouchers used on an order; carts keep no customer.
// The e-mail can register again. Throws UnknownCustomer; refuses the anonymous customer.
GdprErasure gdpr_erase(Database& db, std::int64_t id_customer);

// One logged request. `reference` ("customer #42") and `counts` hold no personal data.
struct GdprRequest {
    std::int64_t id = 0;
    std::string request_type; // "export" or "erase"
    std::string requested_at; // "YYYY-MM-DD HH:MM:SS" (UTC)
    std::string reference;
    nlohmann::json counts; // {"addresses": 2, ...} (null when none was stored)
};

// The log, newest first (`limit` 0: all of it).
std::vector<GdprRequest> gdpr_requests(Database& db, int limit = 0);

} // namespace clientele::core
