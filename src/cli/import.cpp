// `import customers|addresses FILE [--mode all-or-nothing|valid-rows] [--match email|id]
// [--report REPORT.json]`: a PrestaShop CSV import (core/importer.h) run to the end, a one-line
// summary on standard output and, with --report, the report as JSON.
//
// Exit codes: 0 when the import committed (valid-rows mode commits the valid rows even when
// some rows have errors); 1 when nothing was written because an all-or-nothing import found
// errors, or the file could not be imported at all; 2 for bad usage.
#include "cli/commands.h"
#include "core/importer.h"
#include "core/store.h"

#include <fstream>
#include <ostream>
#include <sstream>

namespace clientele::cli {

namespace imp = core::import;

namespace {

std::string read_file(const std::string& path) {
    std::ifstream f(path, std::ios::binary);
    if (!f)
        throw CommandError("cannot read '" + path + "'");
    std::ostringstream s;
    s << f.rdbuf();
    if (f.bad())
        throw CommandError("cannot read '" + path + "'");
    return s.str();
}

void write_file(const std::string& path, const std::string& text) {
    std::ofstream f(path, std::ios::binary | std::ios::trunc);
    if (!f || !f.write(text.data(), static_cast<std::streamsize>(text.size())) || !f.flush())
        throw CommandError("cannot write '" + path + "'");
}

} // namespace

int run_import(const std::vector<std::string>& args, const StoreOpener& open, std::ostream& out) {
    std::vector<std::string> positional;
    std::string mode = "all-or-nothing", match = "email", report_path;
    for (std::size_t i = 1; i < args.size(); ++i) {
        const std::string& a = args[i];
        auto value = [&]() -> std::string {
            if (i + 1 >= args.size())
                throw CommandUsageError(a + " needs a value");
            return args[++i];
        };
        if (a == "--mode")
            mode = value();
        else if (a == "--match")
            match = value();
        else if (a == "--report")
            report_path = value();
        else if (a.rfind("--", 0) == 0)
            throw CommandUsageError("unknown option " + a);
        else
            positional.push_back(a);
    }
    if (positional.size() != 2 || (positional[0] != "customers" && positional[0] != "addresses"))
        throw CommandUsageError("import needs: customers|addresses FILE");
    if (mode != "all-or-nothing" && mode != "valid-rows")
        throw CommandUsageError("--mode takes all-or-nothing or valid-rows, got '" + mode + "'");
    if (match != "email" && match != "id")
        throw CommandUsageError("--match takes email or id, got '" + match + "'");

    imp::Options o;
    o.entity = positional[0] == "customers" ? imp::Entity::Customers : imp::Entity::Addresses;
    o.mode = mode == "valid-rows" ? imp::Mode::ValidRows : imp::Mode::AllOrNothing;
    o.match = match == "id" ? imp::Match::Id : imp::Match::Email;
    o.today = core::today_date();
    const std::string bytes = read_file(positional[1]);
    auto store = open();

    imp::ImportJob job(store->db(), bytes, o);
    core::run_to_completion(job);
    if (!job.error().empty())
        throw CommandError("cannot import '" + positional[1] + "': " + job.error());
    const imp::Report& r = job.report();
    if (!report_path.empty())
        write_file(report_path, r.to_json() + "\n");

    out << positional[0] << ": " << r.imported << " imported, " << r.updated << " updated, "
        << r.skipped << " skipped, " << r.errors.size() << " errors";
    if (!r.committed) {
        out << "; nothing was written (all-or-nothing)";
        if (!r.errors.empty()) {
            const imp::RowError& e = r.errors.front();
            out << "; first: line " << e.line << (e.field.empty() ? "" : " " + e.field) << ": "
                << e.reason;
        }
    }
    out << "\n";
    return r.committed ? 0 : 1;
}

} // namespace clientele::cli
