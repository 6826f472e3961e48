// Sections: 1. scan and merge  2. groups  3. comparison  4. confirmation  5. test state
#include "ui/views/duplicates_view.h"

#include "core/i18n.h"
#include "core/reference.h"
#include "ui/forms.h"
#include "ui/test_hooks.h"

#include <imgui.h>
#include <nlohmann/json.hpp>

#include <algorithm>

namespace clientele::ui {

namespace {
using core::i18n::format_date;
using core::i18n::format_money;
using core::i18n::format_number;

std::string reasons_text(const core::DuplicateGroup& g) {
    std::string s;
    for (const auto& m : g.matches) {
        if (!s.empty())
            s += "; ";
        s += std::string(
                 tr((std::string("dup.reason.") + core::duplicate_reason_name(m.reason)).c_str())) +
             ": " + m.key;
    }
    return s;
}
} // namespace

// --- 1. scan and merge ------------------------------------------------------------------------

void DuplicatesView::scan() {
    if (ctx_.nav.job_running())
        return;
    ctx_.nav.run_job(std::make_unique<core::DuplicateScanJob>(ctx_.store.db()),
                     [this](core::Job& j) {
                         if (j.cancelled() || !j.error().empty())
                             return;
                         groups_ = static_cast<core::DuplicateScanJob&>(j).groups();
                         scanned_ = true;
                         selected_ = -1;
                         a_ = b_ = 0;
                     });
}

void DuplicatesView::select_group(int index) {
    if (index < 0 || index >= static_cast<int>(groups_.size()))
        return;
    selected_ = index;
    const auto& ids = groups_[static_cast<std::size_t>(index)].ids;
    a_ = ids.at(0);
    b_ = ids.at(1);
    error_.clear();
}

void DuplicatesView::request_merge(std::int64_t keep, std::int64_t other) {
    error_.clear();
    try {
        preview_ = core::merge_preview(ctx_.store.db(), keep, other);
        keep_ = keep;
        other_ = other;
        confirm_open_ = true;
    } catch (const core::ValidationError& e) {
        error_ = forms::first_error(e.errors(), "other");
    } catch (const std::exception& e) {
        error_ = e.what();
    }
}

void DuplicatesView::confirm_merge() {
    confirm_open_ = false;
    if (!keep_ || !other_)
        return;
    try {
        core::merge_customers(ctx_.store.db(), keep_, other_);
        ctx_.nav.notify(std::string(tr("dup.merged")) + " #" + std::to_string(other_) + " → #" +
                        std::to_string(keep_) + ". " + tr("dup.undo_hint"));
        // The merged account leaves every group; groups left with one account go.
        for (auto& g : groups_)
            g.ids.erase(std::remove(g.ids.begin(), g.ids.end(), other_), g.ids.end());
        groups_.erase(
            std::remove_if(groups_.begin(), groups_.end(),
                           [](const core::DuplicateGroup& g) { return g.ids.size() < 2; }),
            groups_.end());
        selected_ = -1;
        a_ = b_ = 0;
    } catch (const core::ValidationError& e) {
        error_ = forms::first_error(e.errors(), "other");
    } catch (const std::exception& e) {
        error_ = e.what();
    }
    keep_ = other_ = 0;
}

const std::string& DuplicatesView::label(std::int64_t id) {
    auto it = labels_.find(id);
    if (it != labels_.end())
        return it->second;
    auto found = core::customer_labels(ctx_.store.db(), {id});
    return labels_[id] = found.empty() ? "#" + std::to_string(id) + " " + tr("dup.gone")
                                       : "#" + std::to_string(id) + " " + found[0].name;
}

const core::CustomerSheet* DuplicatesView::sheet(std::int64_t id) {
    auto it = sheets_.find(id);
    if (it == sheets_.end())
        it = sheets_
                 .emplace(id, core::load_customer_sheet(ctx_.store.db(), id,
                                                        core::i18n::language_id(), ""))
                 .first;
    return it->second ? &*it->second : nullptr;
}

// --- 2. groups
// ------------------------------------------------------------------------------------

void DuplicatesView::draw() {
    if (version_ != ctx_.store.db().data_version()) {
        version_ = ctx_.store.db().data_version();
        labels_.clear();
        sheets_.clear();
    }
    forms::hint(tr("dup.hint"));
    if (ImGui::Button(tr(scanned_ ? "dup.scan_again" : "dup.scan")))
        scan();
    test_hooks::register_last_item("dup.scan");
    if (scanned_) {
        ImGui::SameLine();
        ImGui::AlignTextToFramePadding();
        ImGui::TextUnformatted(
            core::i18n::format_count("dup.groups_found", static_cast<long long>(groups_.size()))
                .c_str());
    }
    if (!error_.empty())
        forms::danger_text(error_);
    if (!scanned_)
        return;
    const float list_h = selected_ >= 0 ? ImGui::GetContentRegionAvail().y * 0.4f : 0.0f;
    ImGui::BeginChild("##dup_groups", ImVec2(0, list_h), false);
    draw_groups();
    ImGui::EndChild();
    if (selected_ >= 0)
        draw_comparison();
    draw_confirm();
}

void DuplicatesView::draw_groups() {
    if (!ImGui::BeginTable("##groups", 3,
                           ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerV |
                               ImGuiTableFlags_ScrollY | ImGuiTableFlags_Resizable |
                               ImGuiTableFlags_SizingStretchProp))
        return;
    ImGui::TableSetupScrollFreeze(0, 1);
    ImGui::TableSetupColumn("", ImGuiTableColumnFlags_WidthFixed, ImGui::GetFontSize() * 6);
    ImGui::TableSetupColumn(tr("dup.accounts"));
    ImGui::TableSetupColumn(tr("dup.reasons"));
    ImGui::TableHeadersRow();
    ImGuiListClipper clipper;
    clipper.Begin(static_cast<int>(groups_.size()));
    while (clipper.Step()) {
        for (int i = clipper.DisplayStart; i < clipper.DisplayEnd; ++i) {
            const auto& g = groups_[static_cast<std::size_t>(i)];
            ImGui::PushID(i);
            ImGui::TableNextRow();
            ImGui::TableNextColumn();
            if (ImGui::SmallButton(tr("dup.compare")))
                select_group(i);
            test_hooks::register_last_item(("dup.group." + std::to_string(i)).c_str());
            ImGui::TableNextColumn();
            std::string accounts;
            for (std::int64_t id : g.ids)
                accounts += (accounts.empty() ? "" : ",  ") + label(id);
            if (i == selected_)
                ImGui::TextColored(ImGui::GetStyleColorVec4(ImGuiCol_PlotHistogram), "%s",
                                   accounts.c_str());
            else
                ImGui::TextUnformatted(accounts.c_str());
            ImGui::TableNextColumn();
            ImGui::TextUnformatted(reasons_text(g).c_str());
            ImGui::PopID();
        }
    }
    ImGui::EndTable();
}

// --- 3. comparison
// ------------------------------------------------------------------------------------

void DuplicatesView::draw_comparison() {
    const auto& g = groups_[static_cast<std::size_t>(selected_)];
    ImGui::Separator();
    ImGui::TextUnformatted(reasons_text(g).c_str());
    if (g.ids.size() > 2) {
        // Which two of the group are compared.
        for (std::int64_t* side : {&a_, &b_}) {
            ImGui::SameLine();
            ImGui::SetNextItemWidth(ImGui::GetFontSize() * 14);
            ImGui::PushID(side == &a_ ? "a" : "b");
            if (ImGui::BeginCombo("##side", label(*side).c_str())) {
                for (std::int64_t id : g.ids)
                    if (ImGui::Selectable(label(id).c_str(), id == *side))
                        *side = id;
                ImGui::EndCombo();
            }
            ImGui::PopID();
        }
    }
    const core::CustomerSheet* sa = sheet(a_);
    const core::CustomerSheet* sb = sheet(b_);
    if (!sa || !sb) {
        ImGui::TextDisabled("%s", tr("dup.gone"));
        return;
    }
    if (ImGui::BeginTable("##compare", 3,
                          ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerH |
                              ImGuiTableFlags_SizingStretchProp)) {
        ImGui::TableSetupColumn("", ImGuiTableColumnFlags_WidthFixed, ImGui::GetFontSize() * 10);
        ImGui::TableSetupColumn(("#" + std::to_string(a_)).c_str());
        ImGui::TableSetupColumn(("#" + std::to_string(b_)).c_str());
        ImGui::TableHeadersRow();
        auto row = [&](const char* key, const std::string& va, const std::string& vb) {
            ImGui::TableNextRow();
            ImGui::TableNextColumn();
            ImGui::TextDisabled("%s", tr(key));
            for (const std::string* v : {&va, &vb}) {
                ImGui::TableNextColumn();
                if (va != vb)
                    ImGui::TextColored(ImGui::GetStyleColorVec4(ImGuiCol_PlotHistogram), "%s",
                                       v->c_str());
                else
                    ImGui::TextUnformatted(v->c_str());
            }
        };
        auto yes_no = [](bool v) { return std::string(tr(v ? "common.yes" : "common.no")); };
        const auto &ca = sa->customer, &cb = sb->customer;
        row("dup.name", ca.firstname + " " + ca.lastname, cb.firstname + " " + cb.lastname);
        row("col.email", ca.email, cb.email);
        row("dup.guest", yes_no(ca.is_guest), yes_no(cb.is_guest));
        row("dup.active", yes_no(ca.active), yes_no(cb.active));
        row("dup.registered", format_date(ca.date_add), format_date(cb.date_add));
        row("dup.birthday", ca.birthday.empty() ? "" : format_date(ca.birthday),
            cb.birthday.empty() ? "" : format_date(cb.birthday));
        row("dup.orders", format_number(ca.valid_orders), format_number(cb.valid_orders));
        row("dup.sales", format_money(ca.sales), format_money(cb.sales));
        row("dup.last_visit", ca.last_visit.empty() ? "" : format_date(ca.last_visit),
            cb.last_visit.empty() ? "" : format_date(cb.last_visit));
        auto addresses = [](const core::CustomerSheet& s) {
            std::string out;
            for (const auto& a : s.addresses)
                if (!a.deleted)
                    out += (out.empty() ? "" : "\n") + a.address1 + ", " + a.postcode + " " +
                           a.city + (a.phone.empty() ? "" : "  ☎ " + a.phone);
            return out;
        };
        row("dup.addresses", addresses(*sa), addresses(*sb));
        row("dup.carts", format_number(static_cast<long long>(sa->carts.size())),
            format_number(static_cast<long long>(sb->carts.size())));
        row("dup.threads", format_number(static_cast<long long>(sa->messages.size())),
            format_number(static_cast<long long>(sb->messages.size())));
        ImGui::EndTable();
    }
    const std::string into_a = std::string(tr("dup.merge_into")) + " #" + std::to_string(a_);
    const std::string into_b = std::string(tr("dup.merge_into")) + " #" + std::to_string(b_);
    if (ImGui::Button(into_a.c_str()))
        request_merge(a_, b_);
    test_hooks::register_last_item("dup.merge_into_a");
    ImGui::SameLine();
    if (ImGui::Button(into_b.c_str()))
        request_merge(b_, a_);
    test_hooks::register_last_item("dup.merge_into_b");
    ImGui::SameLine();
    if (ImGui::Button(tr("dup.open_a")))
        ctx_.nav.open_customer(a_);
    test_hooks::register_last_item("dup.open_a");
    ImGui::SameLine();
    if (ImGui::Button(tr("dup.open_b")))
        ctx_.nav.open_customer(b_);
    test_hooks::register_last_item("dup.open_b");
}

// --- 4. confirmation
// ------------------------------------------------------------------------------

void DuplicatesView::draw_confirm() {
    if (confirm_open_ && !ImGui::IsPopupOpen("##merge_confirm"))
        ImGui::OpenPopup("##merge_confirm");
    if (!ImGui::BeginPopupModal("##merge_confirm", nullptr,
                                ImGuiWindowFlags_AlwaysAutoResize | ImGuiWindowFlags_NoTitleBar))
        return;
    ImGui::Text("%s", (std::string(tr("dup.confirm_title")) + " #" + std::to_string(other_) +
                       " → #" + std::to_string(keep_))
                          .c_str());
    ImGui::TextUnformatted(label(keep_).c_str());
    ImGui::Spacing();
    ImGui::TextUnformatted(tr("dup.what_moves"));
    bool any = false;
    for (const auto& [what, n] : preview_) {
        if (n == 0)
            continue;
        any = true;
        ImGui::BulletText("%s: %s", tr(("dup.move." + what).c_str()), format_number(n).c_str());
    }
    if (!any)
        ImGui::BulletText("%s", tr("dup.nothing_moves"));
    ImGui::TextWrapped("%s", (std::string(tr("dup.other_deleted")) + " " + label(other_)).c_str());
    forms::hint(tr("dup.undo_hint"));
    if (ImGui::Button(tr("dup.confirm"))) {
        confirm_merge();
        ImGui::CloseCurrentPopup();
    }
    test_hooks::register_last_item("dup.confirm");
    ImGui::SameLine();
    if (ImGui::Button(tr("dup.cancel"))) {
        confirm_open_ = false;
        keep_ = other_ = 0;
        ImGui::CloseCurrentPopup();
    }
    test_hooks::register_last_item("dup.cancel");
    ImGui::EndPopup();
}

// --- 5. test state
// -----------------------------------------------------------------------------------

std::string DuplicatesView::state_json() {
    nlohmann::json j{{"scanned", scanned_},      {"selected", selected_}, {"a", a_}, {"b", b_},
                     {"confirm", confirm_open_}, {"error", error_}};
    nlohmann::json groups = nlohmann::json::array();
    for (std::size_t i = 0; i < std::min<std::size_t>(groups_.size(), 20); ++i) {
        nlohmann::json reasons = nlohmann::json::array();
        for (const auto& m : groups_[i].matches)
            reasons.push_back(core::duplicate_reason_name(m.reason));
        groups.push_back({{"ids", groups_[i].ids}, {"reasons", reasons}});
    }
    j["groups"] = groups;
    j["group_count"] = groups_.size();
    nlohmann::json moves = nlohmann::json::object();
    for (const auto& [what, n] : preview_)
        moves[what] = n;
    j["preview"] = moves;
    return j.dump();
}

} // namespace clientele::ui
