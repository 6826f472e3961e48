// Sections: 1. customers (PrestaShop's columns, JSON)  2. addresses  3. a customer's orders
#include "core/exports.h"

#include "core/i18n.h"

#include "core/customer_export.h"
#include "core/db.h"

#include <algorithm>
#include <iterator>
#include <stdexcept>

namespace clientele::core {

// --- 1. customers ---------------------------------------------------------------------------

namespace {

struct ExportColumn {
    const char* id;
    const char* header;
};

// PrestaShop's CustomerController::exportAction, in its order.
const ExportColumn kPrestaShopColumns[] = {
    {"id", "ID"},
    {"title", "Social title"},
    {"firstname", "First name"},
    {"lastname", "Last name"},
    {"email", "Email address"},
    {"default_group", "Group"},
    {"company", "Company"},
    {"sales", "Sales"},
    {"active", "Enabled"},
    {"newsletter", "Newsletter"},
    {"optin", "Partner offers"},
    {"date_add", "Registration"},
    {"last_visit", "Last visit"},
};

} // namespace

std::vector<std::string> prestashop_export_columns() {
    std::vector<std::string> out;
    for (const ExportColumn& c : kPrestaShopColumns)
        out.emplace_back(c.id);
    return out;
}

std::vector<std::string> prestashop_export_headers() {
    std::vector<std::string> out;
    for (const ExportColumn& c : kPrestaShopColumns)
        out.emplace_back(c.header);
    return out;
}

nlohmann::json customers_export_json(Database& db, CustomerQuery query,
                                     const std::vector<std::string>& columns, int id_lang) {
    std::vector<const ColumnInfo*> info;
    for (const std::string& c : columns) {
        const ColumnInfo* col = find_customer_column(c);
        if (!col)
            throw std::invalid_argument("unknown column '" + c + "'");
        info.push_back(col);
    }
    nlohmann::json out = nlohmann::json::array();
    query.offset = 0;
    query.limit = 2000;
    while (true) {
        CustomerPage page = query_customers(db, query, id_lang);
        for (const CustomerRow& r : page.rows) {
            nlohmann::json o = nlohmann::json::object();
            for (const ColumnInfo* col : info) {
                const std::string id = col->id;
                if (id == "id")
                    o[id] = r.id;
                else if (id == "sales")
                    o[id] = r.sales;
                else if (id == "valid_orders")
                    o[id] = r.valid_orders;
                else if (id == "age")
                    o[id] = r.age ? nlohmann::json(*r.age) : nlohmann::json(nullptr);
                else if (col->type == ColumnType::Bool)
                    o[id] = customer_cell(r, id) == "1";
                else
                    o[id] = customer_cell(r, id);
            }
            out.push_back(std::move(o));
        }
        query.offset += query.limit;
        if (page.rows.empty() || query.offset >= page.total)
            break;
    }
    return out;
}

// --- 2. addresses -----------------------------------------------------------------------------

namespace {

struct AddressColumn {
    const char* header;
    const char* key;
};

// PrestaShop's AdminImportController address fields, in its order.
const AddressColumn kAddressColumns[] = {
    {"Address ID", "address_id"},
    {"Alias*", "alias"},
    {"Active (0/1)", "active"},
    {"Customer e-mail*", "customer_email"},
    {"Customer ID", "customer_id"},
    {"Manufacturer", "manufacturer"},
    {"Supplier", "supplier"},
    {"Company", "company"},
    {"Lastname*", "lastname"},
    {"Firstname*", "firstname"},
    {"Address 1*", "address1"},
    {"Address 2", "address2"},
    {"Zipcode*", "postcode"},
    {"City*", "city"},
    {"Country*", "country"},
    {"State", "state"},
    {"Other", "other"},
    {"Phone", "phone"},
    {"Mobile Phone", "phone_mobile"},
    {"VAT number", "vat_number"},
    {"DNI", "dni"},
};

// The columns above, in order; ?1 the last id read, ?2 the language, ?3 the chunk size.
constexpr const char* kAddressSql =
    "SELECT a.id_address, a.alias, a.active, COALESCE(c.email, ''), a.id_customer, "
    "CASE WHEN a.id_manufacturer > 0 THEN a.id_manufacturer END, "
    "CASE WHEN a.id_supplier > 0 THEN a.id_supplier END, COALESCE(a.company, ''), a.lastname, "
    "a.firstname, a.address1, COALESCE(a.address2, ''), COALESCE(a.postcode, ''), a.city, "
    "COALESCE((SELECT n.name FROM ps_country_lang n WHERE n.id_country = a.id_country "
    "ORDER BY n.id_lang = ?2 DESC, n.id_lang LIMIT 1), ''), "
    "COALESCE((SELECT s.name FROM ps_state s WHERE s.id_state = a.id_state), ''), "
    "COALESCE(a.other, ''), COALESCE(a.phone, ''), COALESCE(a.phone_mobile, ''), "
    "COALESCE(a.vat_number, ''), COALESCE(a.dni, '') "
    "FROM ps_address a LEFT JOIN ps_customer c ON c.id_customer = a.id_customer "
    "WHERE a.id_address > ?1 AND a.deleted = 0 AND a.id_customer > 0 "
    "ORDER BY a.id_address LIMIT ?3";

// Columns that hold whole numbers (ids and the active flag): typed in JSON.
bool integer_column(int col) {
    return col == 0 || col == 2 || col == 4 || col == 5 || col == 6;
}

} // namespace

std::vector<std::string> address_import_headers() {
    std::vector<std::string> out;
    for (const AddressColumn& c : kAddressColumns)
        out.emplace_back(c.header);
    return out;
}

std::vector<std::string> address_json_keys() {
    std::vector<std::string> out;
    for (const AddressColumn& c : kAddressColumns)
        out.emplace_back(c.key);
    return out;
}

AddressesExportJob::AddressesExportJob(Database& db, csv::Format format, int id_lang, Output output)
    : TextExportJob(db, format, id_lang), output_(output) {
    total_ =
        db_.scalar_int("SELECT COUNT(*) FROM ps_address WHERE deleted = 0 AND id_customer > 0");
    if (output_ == Output::Csv)
        write_header(address_import_headers());
}

std::string AddressesExportJob::title() const {
    return tr("job.export_addresses");
}

void AddressesExportJob::cancel() {
    TextExportJob::cancel();
    json_ = nlohmann::json::array();
}

bool AddressesExportJob::work(std::chrono::steady_clock::time_point deadline) {
    constexpr int kChunk = 500;
    Statement st = db_.prepare(kAddressSql);
    const int columns = static_cast<int>(std::size(kAddressColumns));
    std::vector<std::string> cells(static_cast<std::size_t>(columns));
    while (true) {
        st.reset();
        st.bind_all(last_id_, id_lang_, kChunk);
        int rows = 0;
        while (st.step()) {
            ++rows;
            last_id_ = st.int64(0);
            if (output_ == Output::Json) {
                nlohmann::json o = nlohmann::json::object();
                for (int c = 0; c < columns; ++c) {
                    const char* key = kAddressColumns[c].key;
                    if (st.is_null(c))
                        o[key] = nullptr;
                    else if (integer_column(c))
                        o[key] = st.int64(c);
                    else
                        o[key] = st.text(c);
                }
                json_.push_back(std::move(o));
            } else {
                for (int c = 0; c < columns; ++c)
                    cells[static_cast<std::size_t>(c)] =
                        integer_column(c) ? st.text(c) : csv::cell(st.text(c), format_);
                csv::append_row(out_, cells, format_);
            }
            ++written_;
        }
        done_ = std::min(written_, total_);
        if (rows < kChunk)
            break;
        if (std::chrono::steady_clock::now() >= deadline)
            return false;
    }
    done_ = total_;
    if (output_ == Output::Json) {
        out_ = json_.dump();
        json_ = nlohmann::json::array();
    }
    return true;
}

// --- 3. a customer's orders -------------------------------------------------------------------

std::string customer_orders_csv(Database& db, std::int64_t id_customer, const csv::Format& f,
                                int id_lang) {
    Statement exists = db.prepare("SELECT 1 FROM ps_customer WHERE id_customer = ?1");
    exists.bind(1, id_customer);
    if (!exists.step())
        throw std::invalid_argument("no customer with id " + std::to_string(id_customer));
    std::string out;
    if (f.bom)
        out = "\xEF\xBB\xBF";
    std::vector<std::string> cells;
    for (const char* h : {"Reference", "Date", "State", "Total paid", "Payment", "Lines"})
        cells.push_back(csv::cell(h, f));
    csv::append_row(out, cells, f);
    Statement st = db.prepare(
        "SELECT o.reference, o.date_add, COALESCE((SELECT n.name FROM ps_order_state_lang n "
        "WHERE n.id_order_state = o.current_state ORDER BY n.id_lang = ?2 DESC, n.id_lang "
        "LIMIT 1), ''), o.total_paid_tax_incl, o.payment, (SELECT COUNT(*) FROM ps_order_detail "
        "d WHERE d.id_order = o.id_order) FROM ps_orders o WHERE o.id_customer = ?1 "
        "ORDER BY o.date_add DESC, o.id_order DESC");
    st.bind_all(id_customer, id_lang);
    while (st.step()) {
        cells = {csv::cell(st.text(0), f), csv::cell(st.text(1), f),
                 csv::cell(st.text(2), f), csv::number_cell(st.real(3)),
                 csv::cell(st.text(4), f), std::to_string(st.int64(5))};
        csv::append_row(out, cells, f);
    }
    return out;
}

} // namespace clientele::core
