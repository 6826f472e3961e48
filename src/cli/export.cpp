// `export customers|addresses` and `gdpr export|erase|log`: the exports of core/exports.h and
// core/customer_export.h, and the GDPR requests of core/gdpr.h, written to a file (-o) or to
// standard output.
//
// Sections: 1. options  2. export  3. gdpr
#include "cli/commands.h"
#include "core/customer_export.h"
#include "core/exports.h"
#include "core/gdpr.h"
#include "core/store.h"

#include <nlohmann/json.hpp>

#include <fstream>
#include <iomanip>
#include <ostream>

namespace clientele::cli {

namespace {

// --- 1. options -------------------------------------------------------------------------------

struct Options {
    std::vector<std::string> positional;
    std::string format, output, customer;
    bool json = false;
};

// `from` is the first argument after the command words.
Options parse_options(const std::vector<std::string>& args, std::size_t from) {
    Options o;
    for (std::size_t i = from; i < args.size(); ++i) {
        const std::string& a = args[i];
        auto value = [&]() -> std::string {
            if (i + 1 >= args.size())
                throw CommandUsageError(a + " needs a value");
            return args[++i];
        };
        if (a == "-o" || a == "--output")
            o.output = value();
        else if (a == "--format")
            o.format = value();
        else if (a == "--customer")
            o.customer = value();
        else if (a == "--json")
            o.json = true;
        else if (a.rfind("-", 0) == 0 && a.size() > 1)
            throw CommandUsageError("unknown option " + a);
        else
            o.positional.push_back(a);
    }
    return o;
}

std::int64_t customer_id(const Options& o) {
    if (o.customer.empty())
        throw CommandUsageError("this command needs --customer ID");
    try {
        std::size_t used = 0;
        long long v = std::stoll(o.customer, &used);
        if (used == o.customer.size() && v > 0)
            return v;
    } catch (const std::exception&) {
    }
    throw CommandUsageError("--customer needs a customer id (a whole number), got '" + o.customer +
                            "'");
}

// Writes to the file named by -o (replacing it), or to `out` without -o.
void emit(const Options& o, const std::string& text, std::ostream& out) {
    if (o.output.empty()) {
        out << text;
        if (!text.empty() && text.back() != '\n')
            out << "\n";
        return;
    }
    std::ofstream f(o.output, std::ios::binary | std::ios::trunc);
    if (!f || !f.write(text.data(), static_cast<std::streamsize>(text.size())) || !f.flush())
        throw CommandError("cannot write '" + o.output + "'");
}

// --- 2. export --------------------------------------------------------------------------------

enum class Kind { Csv, Excel, Json };

Kind parse_kind(const std::string& format, Kind fallback, const char* allowed) {
    if (format.empty())
        return fallback;
    if (format == "csv")
        return Kind::Csv;
    if (format == "excel")
        return Kind::Excel;
    if (format == "json")
        return Kind::Json;
    throw CommandUsageError("--format takes " + std::string(allowed) + ", got '" + format + "'");
}

core::csv::Format csv_format(Kind k) {
    return k == Kind::Excel ? core::csv::excel() : core::csv::Format{};
}

} // namespace

int run_export(const std::vector<std::string>& args, const StoreOpener& open, std::ostream& out) {
    Options o = parse_options(args, 1);
    if (o.positional.size() != 1 ||
        (o.positional[0] != "customers" && o.positional[0] != "addresses"))
        throw CommandUsageError("export needs what to export: customers or addresses");
    if (!o.customer.empty() || o.json)
        throw CommandUsageError("export takes --format and -o only");
    const Kind kind = parse_kind(o.format, Kind::Csv, "csv, excel or json");
    const bool customers = o.positional[0] == "customers";
    auto store = open();
    core::Database& db = store->db();
    std::string text;
    std::int64_t rows = 0;
    if (customers && kind == Kind::Json) {
        nlohmann::json j = core::customers_export_json(db, core::CustomerQuery{},
                                                       core::prestashop_export_columns());
        rows = static_cast<std::int64_t>(j.size());
        text = j.dump(2) + "\n";
    } else if (customers) {
        core::CustomersExportJob job(db, core::CustomerQuery{}, {},
                                     core::prestashop_export_columns(),
                                     core::prestashop_export_headers(), csv_format(kind), 1);
        core::run_to_completion(job);
        if (!job.error().empty())
            throw CommandError("export failed: " + job.error());
        rows = job.rows_written();
        text = job.output();
    } else {
        core::AddressesExportJob job(db, csv_format(kind), 1,
                                     kind == Kind::Json ? core::AddressesExportJob::Output::Json
                                                        : core::AddressesExportJob::Output::Csv);
        core::run_to_completion(job);
        if (!job.error().empty())
            throw CommandError("export failed: " + job.error());
        rows = job.rows_written();
        text = job.output();
        if (kind == Kind::Json)
            text += "\n";
    }
    emit(o, text, out);
    if (!o.output.empty())
        out << "exported " << rows << " " << o.positional[0] << " to " << o.output << "\n";
    return 0;
}

// --- 3. gdpr ------------------------------------------------------------------------------------

namespace {

int gdpr_export(core::Database& db, const Options& o, std::ostream& out) {
    const std::int64_t id = customer_id(o);
    const Kind kind = parse_kind(o.format, Kind::Json, "json, csv or excel");
    std::string text = kind == Kind::Json ? core::gdpr_export_json(db, id).dump(2) + "\n"
                                          : core::gdpr_export_csv(db, id, csv_format(kind));
    emit(o, text, out);
    if (!o.output.empty())
        out << "exported the personal data of customer #" << id << " to " << o.output << "\n";
    return 0;
}

int gdpr_erase(core::Database& db, const Options& o, std::ostream& out) {
    const std::int64_t id = customer_id(o);
    core::GdprErasure r = core::gdpr_erase(db, id);
    if (o.json) {
        nlohmann::json counts = nlohmann::json::object();
        for (const auto& [kind, n] : r.counts)
            counts[kind] = counts.value(kind, std::int64_t{0}) + n;
        out << nlohmann::json{{"id_customer", r.id_customer},
                              {"anonymous_customer", r.anonymous_customer},
                              {"request", r.request_id},
                              {"counts", counts}}
                   .dump()
            << "\n";
        return 0;
    }
    out << "erased customer #" << id << "; orders, returns and credit slips are kept on the "
        << "anonymous customer #" << r.anonymous_customer << "\n";
    for (const auto& [kind, n] : r.counts)
        out << "  " << std::left << std::setw(20) << kind << n << "\n";
    out << "this cannot be undone (request #" << r.request_id << " in the GDPR log)\n";
    return 0;
}

int gdpr_log(core::Database& db, const Options& o, std::ostream& out) {
    auto log = core::gdpr_requests(db);
    if (o.json) {
        nlohmann::json j = nlohmann::json::array();
        for (const auto& r : log)
            j.push_back({{"id", r.id},
                         {"request_type", r.request_type},
                         {"requested_at", r.requested_at},
                         {"reference", r.reference},
                         {"counts", r.counts}});
        out << j.dump() << "\n";
        return 0;
    }
    out << log.size() << " GDPR requests\n";
    for (const auto& r : log)
        out << std::right << std::setw(6) << r.id << "  " << r.requested_at << "  " << std::left
            << std::setw(7) << r.request_type << r.reference << "  "
            << (r.counts.is_null() ? std::string("-") : r.counts.dump()) << "\n";
    return 0;
}

} // namespace

int run_gdpr(const std::vector<std::string>& args, const StoreOpener& open, std::ostream& out) {
    Options o = parse_options(args, 1);
    if (o.positional.size() != 1)
        throw CommandUsageError("gdpr needs what to do: export, erase or log");
    const std::string& what = o.positional[0];
    if (what != "export" && what != "erase" && what != "log")
        throw CommandUsageError("gdpr needs what to do: export, erase or log");
    if (what == "export" || what == "erase")
        customer_id(o); // usage errors before the database is opened
    if (what == "log" && (!o.customer.empty() || !o.format.empty() || !o.output.empty()))
        throw CommandUsageError("gdpr log takes only --json");
    auto store = open();
    try {
        if (what == "export")
            return gdpr_export(store->db(), o, out);
        if (what == "erase")
            return gdpr_erase(store->db(), o, out);
        return gdpr_log(store->db(), o, out);
    } catch (const std::invalid_argument& e) {
        // An unknown customer, or the anonymous customer for an erase.
        throw CommandError(e.what());
    }
}

} // namespace clientele::cli
