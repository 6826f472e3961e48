// Exports besides the grid's own (core/customer_export.h): PrestaShop's customer export
// columns, every address in PrestaShop's address import format (a time-boxed job, so the
// file re-imports into a shop), and one customer's orders. Every text cell goes through
// core/csv.h (quoting, formula neutralisation); password hashes are never read.
#pragma once

#include "core/csv.h"
#include "core/customer_query.h"
#include "core/jobs.h"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <string>
#include <vector>

namespace clientele::core {

class Database;

// The columns of PrestaShop's customer export (Customers > Export), as customer_cell column
// ids: id, title, firstname, lastname, email, default_group, company, sales, active,
// newsletter, optin, date_add, last_visit.
std::vector<std::string> prestashop_export_columns();
// Their English headers, in the same order: ID, Social title, First name, Last name, Email
// address, Group, Company, Sales, Enabled, Newsletter, Partner offers, Registration, Last visit.
std::vector<std::string> prestashop_export_headers();

// Every customer of `query` (offset and limit are ignored) as a JSON array of objects keyed by
// column id; numbers and yes/no columns are typed, an unknown age is null. Throws
// std::invalid_argument for an unknown column.
nlohmann::json customers_export_json(Database& db, CustomerQuery query,
                                     const std::vector<std::string>& columns, int id_lang = 1);

// PrestaShop's address import columns (Advanced parameters > Import > Addresses), in order:
// Address ID;Alias*;Active (0/1);Customer e-mail*;Customer ID;Manufacturer;Supplier;Company;
// Lastname*;Firstname*;Address 1*;Address 2;Zipcode*;City*;Country*;State;Other;Phone;
// Mobile Phone;VAT number;DNI
std::vector<std::string> address_import_headers();
// The same columns as JSON keys: address_id, alias, active, customer_email, customer_id, ...
std::vector<std::string> address_json_keys();

// Every live customer address (deleted = 0, id_customer > 0) by id, in the import format:
// the country and state by name (in `id_lang`, as the import looks them up), manufacturer and
// supplier by id (empty when none). Csv: the header row first; Json: an array of objects
// keyed by address_json_keys().
class AddressesExportJob : public TextExportJob {
public:
    enum class Output { Csv, Json };
    explicit AddressesExportJob(Database& db, csv::Format format = {}, int id_lang = 1,
                                Output output = Output::Csv);
    std::string title() const override;
    void cancel() override;

protected:
    bool work(std::chrono::steady_clock::time_point deadline) override;

private:
    Output output_;
    std::int64_t last_id_ = 0;
    nlohmann::json json_ = nlohmann::json::array();
};

// One customer's orders, newest first: Reference, Date, State, Total paid (tax incl.),
// Payment, Lines (order lines count). Throws std::invalid_argument for an unknown customer.
std::string customer_orders_csv(Database& db, std::int64_t id_customer,
                                const csv::Format& format = {}, int id_lang = 1);

} // namespace clientele::core
