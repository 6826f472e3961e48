// Sections: 1. argument parsing  2. commands (seed, list, show, stats)  3. dispatch
#include "cli/cli.h"

#include "cli/commands.h"
#include "core/customer_query.h"
#include "core/demo.h"
#include "core/loyalty_demo.h"
#include "core/store.h"

#include <nlohmann/json.hpp>

#include <iomanip>
#include <iostream>
#include <stdexcept>

namespace clientele::cli {

namespace {

// A user error: exit code 1 with a one-line message.
struct UserError : std::runtime_error {
    using std::runtime_error::runtime_error;
};
// Bad usage: exit code 2 with the help text.
struct UsageError : std::runtime_error {
    using std::runtime_error::runtime_error;
};

std::int64_t parse_int(const std::string& option, const std::string& value) {
    try {
        std::size_t used = 0;
        long long v = std::stoll(value, &used);
        if (used != value.size())
            throw std::invalid_argument(value);
        return v;
    } catch (const std::exception&) {
        throw UsageError(option + " needs a whole number, got '" + value + "'");
    }
}

// --- 1. argument parsing ------------------------------------------------------------------

// Reads the subcommand's options: flags listed in `flags`, options with one value otherwise.
struct Args {
    std::vector<std::string> positional;
    std::vector<std::pair<std::string, std::string>> options;
    bool has(const std::string& name) const {
        for (auto& [k, v] : options)
            if (k == name)
                return true;
        return false;
    }
    std::string get(const std::string& name, const std::string& fallback = "") const {
        for (auto& [k, v] : options)
            if (k == name)
                return v;
        return fallback;
    }
    std::vector<std::string> all(const std::string& name) const {
        std::vector<std::string> out;
        for (auto& [k, v] : options)
            if (k == name)
                out.push_back(v);
        return out;
    }
};

Args parse_args(const std::vector<std::string>& in, std::size_t from,
                const std::vector<std::string>& flags, const std::vector<std::string>& valued) {
    Args a;
    for (std::size_t i = from; i < in.size(); ++i) {
        const std::string& s = in[i];
        if (s.rfind("--", 0) != 0) {
            a.positional.push_back(s);
            continue;
        }
        bool is_flag = false, is_valued = false;
        for (auto& f : flags)
            is_flag = is_flag || f == s;
        for (auto& v : valued)
            is_valued = is_valued || v == s;
        if (is_flag) {
            a.options.emplace_back(s, "1");
        } else if (is_valued) {
            if (i + 1 >= in.size())
                throw UsageError(s + " needs a value");
            a.options.emplace_back(s, in[++i]);
        } else {
            throw UsageError("unknown option " + s);
        }
    }
    return a;
}

std::unique_ptr<core::Store> open_store(const Invocation& inv) {
    if (inv.db_path.empty())
        throw UsageError("this command needs --db FILE");
    return std::make_unique<core::Store>(inv.db_path);
}

// --- 2. commands ------------------------------------------------------------------------------

int cmd_seed(const Invocation& inv, std::ostream& out) {
    Args a =
        parse_args(inv.args, 1, {"--json"}, {"--customers", "--seed", "--today", "--activity"});
    auto store = open_store(inv);
    core::DemoOptions o;
    o.customers = parse_int("--customers", a.get("--customers", "2000"));
    if (o.customers < 0)
        throw UsageError("--customers must be 0 or more");
    o.seed = static_cast<std::uint64_t>(parse_int("--seed", a.get("--seed", "42")));
    o.today = a.get("--today", core::today_date());
    o.activity_percent = static_cast<int>(parse_int("--activity", a.get("--activity", "100")));
    if (o.activity_percent < 0 || o.activity_percent > 100)
        throw UsageError("--activity is the percentage of customers who shop (0 to 100)");
    if (!store->empty())
        throw UserError("the database already holds customers; seed needs an empty database");
    core::DemoSummary s = core::generate_demo(store->db(), o);
    core::seed_loyalty_demo(store->db(), o.today); // subscriptions and reviews
    if (a.has("--json")) {
        out << nlohmann::json{{"customers", s.customers},
                              {"addresses", s.addresses},
                              {"orders", s.orders},
                              {"carts", s.carts},
                              {"threads", s.threads}}
                   .dump()
            << "\n";
    } else {
        out << "seeded " << s.customers << " customers, " << s.addresses << " addresses, "
            << s.orders << " orders, " << s.carts << " carts, " << s.threads << " threads\n";
    }
    return 0;
}

nlohmann::json row_json(const core::CustomerRow& r) {
    nlohmann::json j{{"id", r.id},
                     {"title", r.title},
                     {"firstname", r.firstname},
                     {"lastname", r.lastname},
                     {"email", r.email},
                     {"company", r.company},
                     {"default_group", r.default_group},
                     {"sales", r.sales},
                     {"valid_orders", r.valid_orders},
                     {"active", r.active},
                     {"newsletter", r.newsletter},
                     {"optin", r.optin},
                     {"is_guest", r.is_guest},
                     {"date_add", r.date_add},
                     {"last_visit", r.last_visit},
                     {"country", r.country},
                     {"shop", r.shop}};
    j["age"] = r.age ? nlohmann::json(*r.age) : nlohmann::json(nullptr);
    return j;
}

// --filter COL=VALUE: text contains; numbers "N", "N..M", "N..", "..M"; dates the same with
// YYYY-MM-DD; yes/no columns 1/0/yes/no.
core::ColumnFilter parse_filter(const std::string& spec) {
    auto eq = spec.find('=');
    if (eq == std::string::npos || eq == 0)
        throw UsageError("--filter needs COL=VALUE, got '" + spec + "'");
    core::ColumnFilter f;
    f.column = spec.substr(0, eq);
    std::string value = spec.substr(eq + 1);
    const core::ColumnInfo* col = core::find_customer_column(f.column);
    if (!col)
        throw UserError("unknown column '" + f.column + "'");
    auto range = [&](std::string& lo, std::string& hi) {
        auto dots = value.find("..");
        if (dots == std::string::npos) {
            lo = hi = value;
        } else {
            lo = value.substr(0, dots);
            hi = value.substr(dots + 2);
        }
    };
    switch (col->type) {
    case core::ColumnType::Text:
        f.text = value;
        break;
    case core::ColumnType::Bool:
        if (value == "1" || value == "yes" || value == "true")
            f.yes = true;
        else if (value == "0" || value == "no" || value == "false")
            f.yes = false;
        else
            throw UserError("filter " + f.column + " takes 1/0 or yes/no, got '" + value + "'");
        break;
    case core::ColumnType::Date:
        range(f.date_from, f.date_to);
        break;
    case core::ColumnType::Integer:
    case core::ColumnType::Money: {
        std::string lo, hi;
        range(lo, hi);
        try {
            if (!lo.empty())
                f.min = std::stod(lo);
            if (!hi.empty())
                f.max = std::stod(hi);
        } catch (const std::exception&) {
            throw UserError("filter " + f.column + " needs a number or a range N..M, got '" +
                            value + "'");
        }
        break;
    }
    }
    return f;
}

int cmd_list(const Invocation& inv, std::ostream& out) {
    if (inv.args.size() < 2 || inv.args[1] != "customers")
        throw UsageError("list needs what to list: customers");
    Args a = parse_args(inv.args, 2, {"--json"},
                        {"--search", "--filter", "--sort", "--limit", "--offset"});
    auto store = open_store(inv);
    core::CustomerQuery q;
    q.search = a.get("--search");
    for (const std::string& f : a.all("--filter"))
        q.filters.push_back(parse_filter(f));
    for (const std::string& s : a.all("--sort")) {
        core::SortSpec spec;
        auto colon = s.find(':');
        spec.column = s.substr(0, colon);
        if (colon != std::string::npos) {
            std::string dir = s.substr(colon + 1);
            if (dir != "asc" && dir != "desc")
                throw UsageError("--sort takes COL, COL:asc or COL:desc, got '" + s + "'");
            spec.descending = dir == "desc";
        }
        q.sort.push_back(spec);
    }
    q.limit = static_cast<int>(parse_int("--limit", a.get("--limit", "50")));
    q.offset = parse_int("--offset", a.get("--offset", "0"));
    if (q.limit < 0 || q.offset < 0)
        throw UsageError("--limit and --offset must be 0 or more");
    core::CustomerPage page;
    try {
        page = core::query_customers(store->db(), q);
    } catch (const std::invalid_argument& e) {
        throw UserError(e.what());
    }
    if (a.has("--json")) {
        nlohmann::json j;
        j["total"] = page.total;
        j["rows"] = nlohmann::json::array();
        for (auto& r : page.rows)
            j["rows"].push_back(row_json(r));
        out << j.dump() << "\n";
    } else {
        out << page.total << " customers\n";
        for (auto& r : page.rows)
            out << std::setw(8) << r.id << "  " << r.firstname << " " << r.lastname << "  <"
                << r.email << ">\n";
    }
    return 0;
}

int cmd_stats(const Invocation& inv, std::ostream& out) {
    Args a = parse_args(inv.args, 1, {"--json"}, {});
    auto store = open_store(inv);
    auto counts = store->table_counts();
    if (a.has("--json")) {
        nlohmann::json j = nlohmann::json::object();
        for (auto& [k, v] : counts)
            j[k] = v;
        j["db_bytes"] = store->db().size_bytes();
        out << j.dump() << "\n";
    } else {
        for (auto& [k, v] : counts)
            out << std::left << std::setw(16) << k << v << "\n";
    }
    return 0;
}

} // namespace

// --- 3. dispatch ------------------------------------------------------------------------------

const char* usage() {
    return "usage:\n"
           "  clientele [--db FILE] [--demo-customers N]       open the app\n"
           "  clientele --db FILE seed [--customers N] [--seed S] [--today YYYY-MM-DD]\n"
           "                          [--activity PERCENT] [--json]\n"
           "  clientele --db FILE list customers [--search TEXT] [--filter COL=VALUE]...\n"
           "            [--sort COL[:desc]]... [--limit N] [--offset N] [--json]\n"
           "  clientele --db FILE show customer ID [--json]\n"
           "  clientele --db FILE stats [--json]\n"
           "  clientele --db FILE import customers|addresses FILE   PrestaShop CSV import\n"
           "            [--mode all-or-nothing|valid-rows] [--match email|id] [--report R.json]\n"
           "  clientele --db FILE export customers|addresses [--format csv|excel|json] [-o FILE]\n"
           "  clientele --db FILE gdpr export --customer ID [--format json|csv|excel] [-o FILE]\n"
           "  clientele --db FILE gdpr erase --customer ID [--json]     (cannot be undone)\n"
           "  clientele --db FILE gdpr log [--json]\n"
           "  clientele --db FILE followup preview|run [--json] [--today YYYY-MM-DD]\n"
           "  clientele --db FILE segment 'QUERY' [--limit N] [--offset N] [--today D] [--json]\n"
           "            customers of a segment (docs/segments.md), e.g. 'orders >= 3 AND "
           "newsletter'\n"
           "  clientele --db FILE rfm [--json]     recompute the RFM scores, then segment sizes\n"
           "  clientele --db FILE snapshot export FILE    the whole database as JSON Lines\n"
           "  clientele --db FILE snapshot import FILE [--replace]   replaces the whole database\n"
           "  clientele --db FILE statistics [--from D] [--to D] [--preset last30|year|all]\n"
           "            [--top N] [--today D] [--json]   the statistics figures, timed\n"
           "  clientele --db FILE duplicates [--json]   likely duplicate accounts\n"
           "  clientele --db FILE merge KEEP_ID OTHER_ID   merges OTHER into KEEP\n"
           "  clientele bench [--customers N] [--searches N] [--json]\n"
           "  clientele bench-io [--customers N] [--json]\n"
           "  clientele --db FILE bench-lists [--json]   first page and count of every list\n"
           "filters: text contains (email=gmail), numbers and dates N..M (sales=100..,\n"
           "  date_add=2024-01-01..2024-12-31), yes/no columns 1/0 (newsletter=1)\n";
}

Invocation parse_invocation(int argc, char** argv) {
    std::vector<std::string> v;
    for (int i = 1; i < argc; ++i)
        v.emplace_back(argv[i]);
    return parse_invocation(v);
}

Invocation parse_invocation(const std::vector<std::string>& argv) {
    Invocation inv;
    std::size_t i = 0;
    for (; i < argv.size(); ++i) {
        const std::string& s = argv[i];
        if (s == "--db" || s == "--demo-customers") {
            if (i + 1 >= argv.size()) {
                inv.usage_error = s + " needs a value";
                inv.gui = false;
                return inv;
            }
            if (s == "--db") {
                inv.db_path = argv[++i];
            } else {
                try {
                    inv.demo_customers = std::stoll(argv[++i]);
                } catch (const std::exception&) {
                    inv.usage_error = "--demo-customers needs a number";
                    inv.gui = false;
                }
            }
        } else if (s == "--help" || s == "-h" || s == "help") {
            inv.gui = false;
            inv.args = {"help"};
            return inv;
        } else if (s.rfind("--", 0) == 0) {
            inv.usage_error = "unknown option " + s;
            inv.gui = false;
            return inv;
        } else {
            break;
        }
    }
    inv.args.assign(argv.begin() + static_cast<std::ptrdiff_t>(i), argv.end());
    if (!inv.args.empty())
        inv.gui = false;
    return inv;
}

int run(const Invocation& inv, std::ostream& out, std::ostream& err) {
    try {
        if (!inv.usage_error.empty())
            throw UsageError(inv.usage_error);
        if (inv.args.empty())
            throw UsageError("missing command");
        const std::string& cmd = inv.args[0];
        if (cmd == "help") {
            out << usage();
            return 0;
        }
        if (cmd == "seed")
            return cmd_seed(inv, out);
        if (cmd == "list")
            return cmd_list(inv, out);
        if (cmd == "stats")
            return cmd_stats(inv, out);
        if (cmd == "show") {
            Args a = parse_args(inv.args, 1, {"--json"}, {});
            if (a.positional.size() != 2 || a.positional[0] != "customer")
                throw UsageError("show needs: customer ID");
            auto store = open_store(inv);
            return show_customer(*store, parse_int("customer ID", a.positional[1]), a.has("--json"),
                                 out);
        }
        if (cmd == "import") {
            StoreOpener open = [&inv] { return open_store(inv); };
            return run_import(inv.args, open, out);
        }
        if (cmd == "export" || cmd == "gdpr") {
            StoreOpener open = [&inv] { return open_store(inv); };
            return cmd == "export" ? run_export(inv.args, open, out)
                                   : run_gdpr(inv.args, open, out);
        }
        if (cmd == "followup") {
            StoreOpener open = [&inv] { return open_store(inv); };
            return run_followup_command(inv.args, open, out);
        }
        if (cmd == "statistics" || cmd == "duplicates" || cmd == "merge") {
            StoreOpener open = [&inv] { return open_store(inv); };
            return cmd == "statistics"   ? run_statistics(inv.args, open, out)
                   : cmd == "duplicates" ? run_duplicates(inv.args, open, out)
                                         : run_merge(inv.args, open, out);
        }
        if (cmd == "segment" || cmd == "rfm") {
            StoreOpener open = [&inv] { return open_store(inv); };
            return cmd == "segment" ? run_segment_command(inv.args, open, out)
                                    : run_rfm_command(inv.args, open, out);
        }
        if (cmd == "snapshot") {
            Args a = parse_args(inv.args, 1, {"--replace"}, {});
            const bool ex = a.positional.size() == 2 && a.positional[0] == "export";
            const bool im = a.positional.size() == 2 && a.positional[0] == "import";
            if ((!ex && !im) || (ex && a.has("--replace")))
                throw UsageError("snapshot needs: export FILE, or import FILE [--replace]");
            auto store = open_store(inv);
            return ex ? snapshot_export(*store, a.positional[1], out)
                      : snapshot_import(*store, a.positional[1], a.has("--replace"), out);
        }
        if (cmd == "bench-lists") {
            Args a = parse_args(inv.args, 1, {"--json"}, {});
            auto store = open_store(inv);
            return run_bench_lists(*store, a.has("--json"), out);
        }
        if (cmd == "bench-io") {
            Args a = parse_args(inv.args, 1, {"--json"}, {"--customers"});
            const std::int64_t n = parse_int("--customers", a.get("--customers", "1000000"));
            if (n < 1)
                throw UsageError("--customers must be at least 1");
            return run_bench_io(n, a.has("--json"), out);
        }
        if (cmd == "bench") {
            Args a =
                parse_args(inv.args, 1, {"--json"}, {"--customers", "--searches", "--db-file"});
            BenchOptions o;
            o.customers = parse_int("--customers", a.get("--customers", "1000000"));
            o.searches = static_cast<int>(parse_int("--searches", a.get("--searches", "100")));
            o.db_file = a.get("--db-file");
            o.json = a.has("--json");
            if (o.customers < 1 || o.searches < 1)
                throw UsageError("--customers and --searches must be at least 1");
            return run_bench(o, out);
        }
        throw UsageError("unknown command '" + cmd + "'");
    } catch (const UsageError& e) {
        err << "clientele: " << e.what() << "\n" << usage();
        return 2;
    } catch (const CommandUsageError& e) {
        err << "clientele: " << e.what() << "\n" << usage();
        return 2;
    } catch (const CommandError& e) {
        err << "clientele: " << e.what() << "\n";
        return 1;
    } catch (const UserError& e) {
        err << "clientele: " << e.what() << "\n";
        return 1;
    } catch (const std::exception& e) {
        err << "clientele: " << e.what() << "\n";
        return 1;
    }
}

} // namespace clientele::cli
