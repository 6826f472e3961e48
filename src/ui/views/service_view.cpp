// Sections: 1. query and pages  2. ticks and status  3. toolbar  4. grid  5. test state
#include "ui/views/service_view.h"

#include "core/i18n.h"
#include "ui/forms.h"
#include "ui/keys.h"
#include "ui/test_hooks.h"
#include "ui/theme.h"
#include "ui/views/grid_helpers.h"
#include "ui/views/thread_window.h"

#include <imgui.h>
#include <imgui_stdlib.h>
#include <nlohmann/json.hpp>

#include <memory>

namespace clientele::ui {

namespace {
using core::ThreadColumn;
using core::ThreadStatus;

struct ColumnInfo {
    ThreadColumn column;
    const char* id;
    const char* label_key;
    float width_em;
};
const ColumnInfo kColumns[] = {
    {ThreadColumn::Id, "id", "col.id", 4},
    {ThreadColumn::Status, "status", "service.status", 7},
    {ThreadColumn::Contact, "contact", "service.contact", 9},
    {ThreadColumn::Customer, "customer", "service.customer", 16},
    {ThreadColumn::Order, "order", "service.order", 8},
    {ThreadColumn::LastMessage, "message", "service.last_message", 22},
    {ThreadColumn::Unread, "unread", "service.unread", 5},
};
const ThreadStatus kStatuses[] = {ThreadStatus::Open, ThreadStatus::Closed, ThreadStatus::Pending1,
                                  ThreadStatus::Pending2};
} // namespace

// --- 1. query and pages --------------------------------------------------------------------------

ServiceView::ServiceView(Context& ctx) : FilteredGrid(ctx.store.db()), ctx_(ctx) {}

void ServiceView::requery() {
    query_.filters = grid::active_filters<core::ThreadFilter>(filters_);
    query_.id_lang = core::i18n::language_id();
    core::Database& db = ctx_.store.db();
    rows_.reload_list(db, query_, core::query_threads,
                      [q = query_] { return core::thread_list_sql(q); });
}

void ServiceView::open_thread(std::int64_t id) {
    ctx_.nav.open(std::make_unique<ThreadWindow>(ctx_, id));
}

// --- 2. ticks and status ----------------------------------------------------------------------

void ServiceView::tick(std::int64_t id, bool on) {
    if (on)
        ticked_.insert(id);
    else
        ticked_.erase(id);
}

void ServiceView::tick_all_matching() {
    total(); // the query as shown
    try {
        for (std::int64_t id : core::query_thread_ids(ctx_.store.db(), query_))
            ticked_.insert(id);
    } catch (const std::exception& e) {
        error_ = e.what();
    }
}

void ServiceView::set_ticked_status(ThreadStatus status) {
    if (ticked_.empty())
        return;
    std::vector<std::int64_t> ids(ticked_.begin(), ticked_.end());
    if (ids.size() <= core::kBulkStatusDirect) {
        try {
            const std::int64_t n = core::set_threads_status(ctx_.store.db(), ids, status);
            ctx_.nav.notify(core::i18n::format_count("service.status_changed", n));
            ticked_.clear();
        } catch (const std::exception& e) {
            error_ = e.what();
        }
        return;
    }
    auto job = std::make_unique<core::ThreadStatusJob>(ctx_.store.db(), std::move(ids), status);
    ctx_.nav.run_job(std::move(job), [this](core::Job& j) {
        if (j.cancelled() || !j.error().empty())
            return;
        ctx_.nav.notify(core::i18n::format_count("service.status_changed",
                                                 static_cast<core::ThreadStatusJob&>(j).changed()));
        ticked_.clear();
    });
}

// --- 3. toolbar --------------------------------------------------------------------------------

void ServiceView::draw_toolbar() {
    if (ImGui::Button(tr("service.new_message")))
        ctx_.nav.open(std::make_unique<ComposeWindow>(ctx_, 0));
    test_hooks::register_last_item("service.new_message");
    ImGui::SameLine();
    if (ImGui::Button(tr("customers.reset"))) {
        filters_.clear();
        query_.sort = ThreadColumn::LastMessage;
        query_.descending = true;
        rows_.invalidate();
    }
    test_hooks::register_last_item("service.reset");
    ImGui::SameLine();
    ImGui::AlignTextToFramePadding();
    ImGui::TextUnformatted(core::i18n::format_count("service.results", rows_.total()).c_str());
    rows_.draw_counting();
    ImGui::SameLine();
    if (ImGui::SmallButton(tr("service.tick_all")))
        tick_all_matching();
    test_hooks::register_last_item("service.tick_all");
    if (!ticked_.empty()) {
        ImGui::SameLine();
        if (ImGui::SmallButton(tr("service.untick")))
            ticked_.clear();
        test_hooks::register_last_item("service.untick");
        ImGui::SameLine();
        ImGui::TextUnformatted(
            core::i18n::format_count("service.ticked", static_cast<long long>(ticked_.size()))
                .c_str());
        for (ThreadStatus s : kStatuses) {
            ImGui::SameLine();
            const std::string label =
                std::string(thread_status_label(core::thread_status_name(s))) + "##bulk_" +
                core::thread_status_name(s);
            if (ImGui::SmallButton(label.c_str()))
                set_ticked_status(s);
            test_hooks::register_last_item(
                (std::string("service.bulk.") + core::thread_status_name(s)).c_str());
        }
    }
    const std::string& error = error_.empty() ? rows_.error() : error_;
    if (!error.empty()) {
        ImGui::SameLine();
        ImGui::PushStyleColor(ImGuiCol_Text, palette().danger);
        ImGui::TextUnformatted(error.c_str());
        ImGui::PopStyleColor();
    }
}

// --- 4. grid -----------------------------------------------------------------------------------

void ServiceView::draw() {
    total(); // reads again when the query or the data changed
    draw_toolbar();
    draw_table();
}

void ServiceView::draw_table() {
    const int ncols = static_cast<int>(std::size(kColumns)) + 1;
    const ImGuiTableFlags flags = ImGuiTableFlags_Sortable | ImGuiTableFlags_RowBg |
                                  ImGuiTableFlags_BordersInnerV | ImGuiTableFlags_Resizable |
                                  ImGuiTableFlags_ScrollY | ImGuiTableFlags_ScrollX |
                                  ImGuiTableFlags_SizingFixedFit;
    if (!ImGui::BeginTable("##threads", ncols, flags))
        return;
    ImGui::TableSetupScrollFreeze(2, 2);
    const float fs = ImGui::GetFontSize();
    ImGui::TableSetupColumn(
        "##tick", ImGuiTableColumnFlags_NoSort | ImGuiTableColumnFlags_WidthFixed, fs * 1.6f);
    for (const auto& c : kColumns)
        ImGui::TableSetupColumn(tr(c.label_key),
                                ImGuiTableColumnFlags_WidthFixed |
                                    (c.column == ThreadColumn::LastMessage
                                         ? ImGuiTableColumnFlags_DefaultSort |
                                               ImGuiTableColumnFlags_PreferSortDescending
                                         : 0),
                                c.width_em * fs);
    ImGui::TableHeadersRow();
    if (const auto sort = grid::take_sort_change(); sort && sort->column > 0) {
        query_.sort = kColumns[sort->column - 1].column;
        query_.descending = sort->descending;
        rows_.invalidate();
    }
    // The filter row: choices for status and unread, text elsewhere.
    ImGui::TableNextRow();
    for (int c = 1; c < ncols; ++c) {
        ImGui::TableSetColumnIndex(c);
        ImGui::SetNextItemWidth(-1);
        const ColumnInfo& col = kColumns[c - 1];
        std::string& value = filters_[col.column];
        const std::string hook = std::string("service.filter.") + col.id;
        if (col.column == ThreadColumn::Status || col.column == ThreadColumn::Unread) {
            const char* shown = value.empty() ? tr("service.any")
                                : col.column == ThreadColumn::Status
                                    ? thread_status_label(value)
                                    : (value == "1" ? tr("common.yes") : tr("common.no"));
            if (ImGui::BeginCombo(("##f_" + std::string(col.id)).c_str(), shown)) {
                std::vector<std::pair<std::string, std::string>> choices = {
                    {"", tr("service.any")}};
                if (col.column == ThreadColumn::Status) {
                    for (ThreadStatus s : kStatuses)
                        choices.push_back({core::thread_status_name(s),
                                           thread_status_label(core::thread_status_name(s))});
                } else {
                    choices.push_back({"1", tr("common.yes")});
                    choices.push_back({"0", tr("common.no")});
                }
                for (const auto& [v, label] : choices) {
                    if (ImGui::Selectable((label + "##" + v).c_str(), value == v)) {
                        value = v;
                        rows_.invalidate();
                    }
                    test_hooks::register_last_item((hook + "." + (v.empty() ? "any" : v)).c_str());
                }
                ImGui::EndCombo();
            }
            test_hooks::register_last_item(hook.c_str());
        } else if (grid::filter_cell("service", col.id, value)) {
            rows_.invalidate(); // the query runs next frame, once for all of this frame's typing
        }
    }
    ImGuiListClipper clipper;
    clipper.Begin(static_cast<int>(rows_.total()));
    while (clipper.Step()) {
        for (int i = clipper.DisplayStart; i < clipper.DisplayEnd; ++i) {
            const core::ThreadRow* r = row_at(i);
            ImGui::TableNextRow();
            if (!r)
                continue;
            ImGui::PushID(i);
            ImGui::TableNextColumn();
            bool on = ticked_.count(r->id) > 0;
            if (ImGui::Checkbox("##ticked",
                                &on)) // not "##tick": the header of column 0 has that id
                tick(r->id, on);
            test_hooks::register_last_item(("service.tick." + std::to_string(i)).c_str());
            ImGui::TableNextColumn();
            // The id and the message open the thread (cells of their own, so the tick and the
            // customer button keep their clicks).
            const std::string label = std::to_string(r->id) + "##t";
            if (ImGui::Selectable(label.c_str(), cursor_ == i)) {
                cursor_ = i;
                open_thread(r->id);
            }
            test_hooks::register_last_item(("service.row." + std::to_string(i)).c_str());
            ImGui::TableNextColumn();
            ImGui::TextUnformatted(thread_status_label(r->status));
            ImGui::TableNextColumn();
            ImGui::TextUnformatted(r->contact.c_str());
            ImGui::TableNextColumn();
            const std::string who =
                r->customer.empty() ? r->email : r->customer + " <" + r->email + ">";
            if (r->id_customer > 0) {
                if (ImGui::SmallButton(who.c_str()))
                    ctx_.nav.open_customer(r->id_customer);
                test_hooks::register_last_item(("service.customer." + std::to_string(i)).c_str());
            } else {
                ImGui::TextUnformatted(who.c_str());
            }
            ImGui::TableNextColumn();
            ImGui::TextUnformatted(r->order_reference.c_str());
            ImGui::TableNextColumn();
            const std::string message =
                core::i18n::format_date(r->date_upd) + "  " + r->last_message + "##m";
            if (ImGui::Selectable(message.c_str(), cursor_ == i)) {
                cursor_ = i;
                open_thread(r->id);
            }
            ImGui::TableNextColumn();
            if (r->unread > 0) {
                ImGui::PushStyleColor(ImGuiCol_Text, palette().warn);
                ImGui::Text("%lld", static_cast<long long>(r->unread));
                ImGui::PopStyleColor();
            }
            ImGui::PopID();
        }
    }
    if (cursor_ >= 0 && ImGui::IsWindowFocused() && keys::pressed(ImGuiKey_Enter, false))
        if (const core::ThreadRow* r = row_at(cursor_))
            open_thread(r->id);
    ImGui::EndTable();
}

// --- 5. test state -----------------------------------------------------------------------------

std::string ServiceView::state_json() {
    nlohmann::json j{{"total", total()},
                     {"error", error_.empty() ? rows_.error() : error_},
                     {"ticked", ticked_.size()}};
    nlohmann::json filters = nlohmann::json::object();
    for (const auto& [column, text] : filters_)
        if (!text.empty())
            filters[kColumns[static_cast<int>(column)].id] = text;
    j["filters"] = filters;
    nlohmann::json rows = nlohmann::json::array();
    for (std::int64_t i = 0; i < std::min<std::int64_t>(rows_.total(), 5); ++i)
        if (const core::ThreadRow* r = row_at(i))
            rows.push_back({{"id", r->id},
                            {"status", r->status},
                            {"email", r->email},
                            {"unread", r->unread},
                            {"messages", r->messages},
                            {"last_message", r->last_message}});
    j["first_rows"] = rows;
    return j.dump();
}

} // namespace clientele::ui
