// `segment 'QUERY' [--limit N] [--offset N] [--today YYYY-MM-DD] [--json]`: the customers a
// segment matches (core/segments.h), and `rfm [--json]`: recomputes the RFM scores, then the
// size of each RFM segment (core/rfm.h).
#include "cli/commands.h"

#include "core/customer_query.h"
#include "core/rfm.h"
#include "core/segments.h"
#include "core/store.h"

#include <nlohmann/json.hpp>

#include <ostream>

namespace clientele::cli {

namespace {

struct Parsed {
    std::vector<std::string> positional;
    bool json = false;
    std::string limit = "100", offset = "0", today;
};

Parsed parse(const std::vector<std::string>& args, bool values) {
    Parsed p;
    for (std::size_t i = 1; i < args.size(); ++i) {
        const std::string& a = args[i];
        if (a == "--json") {
            p.json = true;
        } else if (values && (a == "--limit" || a == "--offset" || a == "--today")) {
            if (i + 1 >= args.size())
                throw CommandUsageError(a + " needs a value");
            std::string& v = a == "--limit" ? p.limit : a == "--offset" ? p.offset : p.today;
            v = args[++i];
        } else if (a.size() > 2 && a.compare(0, 2, "--") == 0) {
            throw CommandUsageError("unknown option " + a);
        } else {
            p.positional.push_back(a);
        }
    }
    return p;
}

std::int64_t whole(const std::string& option, const std::string& v, std::int64_t most) {
    std::size_t used = 0;
    long long n = -1;
    try {
        n = std::stoll(v, &used);
    } catch (const std::exception&) {
        used = 0;
    }
    if (used != v.size() || n < 0 || n > most)
        throw CommandUsageError(option + " needs a whole number from 0 to " + std::to_string(most) +
                                ", got '" + v + "'");
    return n;
}

} // namespace

int run_segment_command(const std::vector<std::string>& args, const StoreOpener& open,
                        std::ostream& out) {
    Parsed p = parse(args, true);
    if (p.positional.size() != 1)
        throw CommandUsageError("segment needs one QUERY (quote it), e.g. segment 'orders >= 3'");
    core::CustomerQuery q;
    q.segment = p.positional[0];
    q.limit = static_cast<int>(whole("--limit", p.limit, 10000));
    q.offset = whole("--offset", p.offset, std::int64_t{1} << 53);
    q.today = p.today;
    // The text first: its errors need no database.
    try {
        core::parse_segment(q.segment);
    } catch (const core::SegmentError& e) {
        throw CommandError(e.what());
    }
    auto store = open();
    core::CustomerPage page;
    try {
        page = core::query_customers(store->db(), q);
    } catch (const std::invalid_argument& e) {
        throw CommandError(e.what());
    }
    if (p.json) {
        nlohmann::json j;
        j["count"] = page.total;
        j["rows"] = nlohmann::json::array();
        for (const core::CustomerRow& r : page.rows)
            j["rows"].push_back({{"id", r.id},
                                 {"firstname", r.firstname},
                                 {"lastname", r.lastname},
                                 {"email", r.email},
                                 {"company", r.company},
                                 {"country", r.country},
                                 {"orders", r.valid_orders},
                                 {"amount_spent", std::stod(two_decimals(r.sales))},
                                 {"last_visit", r.last_visit},
                                 {"rfm", r.rfm}});
        out << j.dump(2) << "\n";
        return 0;
    }
    out << page.total << (page.total == 1 ? " customer\n" : " customers\n");
    for (const core::CustomerRow& r : page.rows)
        out << r.id << "\t" << r.firstname << " " << r.lastname << "\t" << r.email << "\t"
            << r.valid_orders << "\t" << two_decimals(r.sales) << "\n";
    return 0;
}

int run_rfm_command(const std::vector<std::string>& args, const StoreOpener& open,
                    std::ostream& out) {
    Parsed p = parse(args, false);
    if (!p.positional.empty())
        throw CommandUsageError("rfm takes no argument besides --json");
    auto store = open();
    core::RfmJob job(store->db());
    core::run_to_completion(job);
    if (!job.error().empty())
        throw CommandError(job.error());
    const auto sizes = core::rfm_segment_sizes(store->db());
    const std::string at = core::rfm_computed_at(store->db()).value_or("");
    if (p.json) {
        nlohmann::json j;
        j["computed_at"] = at;
        j["scored"] = job.scored();
        j["segments"] = nlohmann::json::array();
        for (const core::RfmSize& s : sizes)
            j["segments"].push_back(
                {{"id", s.id}, {"slug", s.slug}, {"name", s.name}, {"customers", s.customers}});
        out << j.dump(2) << "\n";
        return 0;
    }
    out << "RFM scores of " << job.scored() << " customers with valid orders, computed " << at
        << "\n";
    for (const core::RfmSize& s : sizes)
        out << s.name << "\t" << s.customers << "\n";
    return 0;
}

} // namespace clientele::cli
