// `statistics`, `duplicates` and `merge`: the figures of Customers > Statistics with how long
// each took, the likely duplicate accounts, and merging two accounts (undoable in the app).
#include "cli/commands.h"

#include "core/duplicates.h"
#include "core/statistics.h"
#include "core/store.h"

#include <nlohmann/json.hpp>

#include <chrono>
#include <ostream>

namespace clientele::cli {

namespace {

std::int64_t id_arg(const std::string& what, const std::string& value) {
    try {
        std::size_t used = 0;
        const long long v = std::stoll(value, &used);
        if (used == value.size() && v > 0)
            return v;
    } catch (const std::exception&) {
    }
    throw CommandUsageError(what + " must be a customer id, got '" + value + "'");
}

} // namespace

int run_statistics(const std::vector<std::string>& args, const StoreOpener& open,
                   std::ostream& out) {
    core::StatisticsOptions o;
    bool json = false;
    for (std::size_t i = 1; i < args.size(); ++i) {
        const std::string& a = args[i];
        auto value = [&]() -> const std::string& {
            if (i + 1 >= args.size())
                throw CommandUsageError(a + " needs a value");
            return args[++i];
        };
        if (a == "--json")
            json = true;
        else if (a == "--from")
            o.range.from = value();
        else if (a == "--to")
            o.range.to = value();
        else if (a == "--today")
            o.today = value();
        else if (a == "--top") {
            const std::string& v = value();
            try {
                o.top = std::stoi(v);
            } catch (const std::exception&) {
                throw CommandUsageError("--top needs a number, got '" + v + "'");
            }
            if (o.top < 1)
                throw CommandUsageError("--top must be at least 1");
        } else if (a == "--preset") {
            const std::string& v = value();
            const std::string today = o.today.empty() ? core::today_date() : o.today;
            if (v == "last30")
                o.range = core::preset_range(core::RangePreset::Last30Days, today);
            else if (v == "year")
                o.range = core::preset_range(core::RangePreset::ThisYear, today);
            else if (v == "all")
                o.range = {};
            else
                throw CommandUsageError("--preset takes last30, year or all");
        } else {
            throw CommandUsageError("unknown option " + a);
        }
    }
    for (const auto& e : core::validate_range(o.range))
        throw CommandError("--" + e.field + ": " + e.message);
    auto store = open();
    const auto started = std::chrono::steady_clock::now();
    const core::StatisticsReport r = core::compute_statistics(store->db(), o);
    const double total_ms =
        std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started)
            .count();
    if (json) {
        nlohmann::json j = nlohmann::json::parse(core::statistics_json(r));
        j["total_ms"] = total_ms;
        out << j.dump() << "\n";
        return 0;
    }
    out << "range: " << (r.options.range.from.empty() ? "..." : r.options.range.from) << " to "
        << (r.options.range.to.empty() ? "..." : r.options.range.to) << "\n";
    out << "valid orders: " << r.basket.orders << ", sales " << two_decimals(r.basket.sales)
        << ", average basket " << two_decimals(r.basket.average) << "\n";
    out << "carts: " << r.conversion.carts << ", ordered " << r.conversion.converted
        << ", conversion " << two_decimals(r.conversion.rate * 100) << " %\n";
    std::int64_t new_customers = 0;
    for (const auto& m : r.new_customers)
        new_customers += m.count;
    out << "new customers: " << new_customers << " over " << r.new_customers.size() << " months\n";
    out << "best customers:\n";
    for (const auto& c : r.customers)
        out << "  " << c.rank << ". #" << c.id << " " << c.firstname << " " << c.lastname << "  "
            << two_decimals(c.sales) << " (" << c.orders << " orders)\n";
    out << "top products by quantity:\n";
    for (const auto& p : r.products_by_quantity)
        out << "  #" << p.product_id << " " << p.name << "  " << p.quantity << " units, "
            << two_decimals(p.revenue) << "\n";
    out << "timings (ms):";
    for (const auto& [f, ms] : r.timings)
        out << " " << core::figure_id(f) << "=" << two_decimals(ms);
    out << " total=" << two_decimals(total_ms) << "\n";
    return 0;
}

int run_duplicates(const std::vector<std::string>& args, const StoreOpener& open,
                   std::ostream& out) {
    bool json = false;
    for (std::size_t i = 1; i < args.size(); ++i) {
        if (args[i] == "--json")
            json = true;
        else
            throw CommandUsageError("unknown option " + args[i]);
    }
    auto store = open();
    const auto started = std::chrono::steady_clock::now();
    const auto groups = core::find_duplicates(store->db());
    const double ms =
        std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started)
            .count();
    if (json) {
        nlohmann::json a = nlohmann::json::array();
        for (const auto& g : groups) {
            nlohmann::json reasons = nlohmann::json::array();
            for (const auto& m : g.matches)
                reasons.push_back(
                    {{"reason", core::duplicate_reason_name(m.reason)}, {"key", m.key}});
            a.push_back({{"ids", g.ids}, {"reasons", reasons}});
        }
        out << nlohmann::json{{"groups", a}, {"ms", ms}}.dump() << "\n";
        return 0;
    }
    for (const auto& g : groups) {
        std::string ids;
        for (std::int64_t id : g.ids)
            ids += (ids.empty() ? "#" : ", #") + std::to_string(id);
        out << ids << ":";
        for (const auto& m : g.matches)
            out << "  " << core::duplicate_reason_name(m.reason) << " " << m.key;
        out << "\n";
    }
    out << groups.size() << " groups of likely duplicates (" << two_decimals(ms / 1000.0)
        << " s)\n";
    return 0;
}

int run_merge(const std::vector<std::string>& args, const StoreOpener& open, std::ostream& out) {
    if (args.size() != 3)
        throw CommandUsageError("merge needs: KEEP_ID OTHER_ID");
    const std::int64_t keep = id_arg("KEEP_ID", args[1]);
    const std::int64_t other = id_arg("OTHER_ID", args[2]);
    auto store = open();
    std::vector<std::pair<std::string, std::int64_t>> counts;
    try {
        counts = core::merge_customers(store->db(), keep, other);
    } catch (const core::ValidationError& e) {
        throw CommandError(e.errors().at(0).message);
    }
    out << "merged #" << other << " into #" << keep << ":";
    bool first = true;
    for (const auto& [what, n] : counts) {
        if (n == 0)
            continue;
        out << (first ? " " : ", ") << n << " " << what;
        first = false;
    }
    if (first)
        out << " nothing but the account";
    out << "; #" << other << " deleted (undo in the app with Ctrl+Z)\n";
    return 0;
}

} // namespace clientele::cli
