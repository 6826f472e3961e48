// `followup preview|run [--json] [--today YYYY-MM-DD]`: how many customers each follow-up event
// would reach now, or run the enabled events (core/followup.h) — the same selection and job as
// the Follow-up screen; a run is one undoable batch and never sends an event twice.
#include "core/followup.h"
#include "cli/commands.h"
#include "core/store.h"

#include <nlohmann/json.hpp>

#include <ostream>

namespace clientele::cli {

int run_followup_command(const std::vector<std::string>& args, const StoreOpener& open,
                         std::ostream& out) {
    std::string action, today;
    bool json = false;
    for (std::size_t i = 1; i < args.size(); ++i) {
        const std::string& a = args[i];
        if (a == "--json") {
            json = true;
        } else if (a == "--today") {
            if (i + 1 >= args.size())
                throw CommandUsageError("--today needs a value");
            today = args[++i];
        } else if (a.rfind("--", 0) == 0) {
            throw CommandUsageError("unknown option " + a);
        } else if (action.empty()) {
            action = a;
        } else {
            throw CommandUsageError("followup needs: preview or run");
        }
    }
    if (action != "preview" && action != "run")
        throw CommandUsageError("followup needs: preview or run");
    auto store = open();
    core::Database& db = store->db();
    const core::FollowupSettings settings = core::load_followup_settings(db);
    if (action == "preview") {
        const auto counts = core::preview_followup(db, settings, today);
        nlohmann::json j = nlohmann::json::array();
        for (core::FollowupEvent e : core::kFollowupEvents) {
            const int i = core::followup_index(e);
            if (json)
                j.push_back({{"event", core::followup_event_name(e)},
                             {"number", static_cast<int>(e)},
                             {"enabled", settings.of(e).enabled},
                             {"candidates", counts[i]}});
            else
                out << core::followup_event_name(e) << ": " << counts[i]
                    << (settings.of(e).enabled ? "" : " (disabled)") << "\n";
        }
        if (json)
            out << nlohmann::json{{"events", j}}.dump(2) << "\n";
        return 0;
    }
    core::FollowupRunResult r;
    try {
        r = core::run_followup(db, today);
    } catch (const std::exception& e) {
        throw CommandError(e.what());
    }
    if (json) {
        nlohmann::json sent;
        for (core::FollowupEvent e : core::kFollowupEvents)
            sent[core::followup_event_name(e)] = r.sent[core::followup_index(e)];
        out << nlohmann::json{{"sent", sent}, {"total", r.total()}, {"codes", r.codes}}.dump(2)
            << "\n";
    } else {
        out << "sent " << r.total() << " vouchers:";
        for (core::FollowupEvent e : core::kFollowupEvents)
            out << (e == core::FollowupEvent::AbandonedCart ? " " : ", ")
                << core::followup_event_name(e) << " " << r.sent[core::followup_index(e)];
        out << "\n";
    }
    return 0;
}

} // namespace clientele::cli
