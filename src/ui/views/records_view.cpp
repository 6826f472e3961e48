// Sections: 1. rows, search, filters, sort  2. editor commands  3. drawing  4. test state
#include "ui/views/records_view.h"

#include "core/i18n.h"
#include "ui/forms.h"
#include "ui/test_hooks.h"
#include "ui/theme.h"

#include <imgui.h>
#include <imgui_stdlib.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cctype>
#include <cstdlib>

namespace clientele::ui {

namespace {
std::string lower(std::string s) {
    for (char& c : s)
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return s;
}
bool contains(const std::string& haystack, const std::string& needle) {
    return needle.empty() || lower(haystack).find(lower(needle)) != std::string::npos;
}
} // namespace

// --- 1. rows, search, filters, sort --------------------------------------------------------

void RecordsView::refresh() {
    const std::uint64_t version = ctx_.store.db().data_version();
    if (version == rows_version_)
        return;
    rows_version_ = version;
    languages_ = core::list_languages(ctx_.store.db());
    rows_ = load_rows();
    filters_.resize(columns().size());
    order_dirty_ = true;
    if (selected_ > 0) {
        const bool still_there = std::any_of(rows_.begin(), rows_.end(),
                                             [&](const Row& r) { return r.id == selected_; });
        if (!still_there)
            selected_ = -1; // deleted (or undone) elsewhere
    }
}

bool RecordsView::matches(const Row& r) const {
    bool any = search_.empty();
    for (std::size_t c = 0; c < r.cells.size(); ++c) {
        if (c < filters_.size() && !contains(r.cells[c], filters_[c]))
            return false;
        any = any || contains(r.cells[c], search_);
    }
    return any;
}

std::vector<std::int64_t> RecordsView::shown_ids() {
    refresh();
    if (order_dirty_) {
        order_dirty_ = false;
        order_.clear();
        for (std::size_t i = 0; i < rows_.size(); ++i)
            if (matches(rows_[i]))
                order_.push_back(static_cast<std::int64_t>(i));
        const auto cols = columns();
        const std::size_t c = static_cast<std::size_t>(sort_column_);
        const bool numeric = c < cols.size() && cols[c].numeric;
        std::stable_sort(order_.begin(), order_.end(), [&](std::int64_t a, std::int64_t b) {
            const std::string& x = rows_[a].cells[c];
            const std::string& y = rows_[b].cells[c];
            bool less = numeric ? std::strtod(x.c_str(), nullptr) < std::strtod(y.c_str(), nullptr)
                                : lower(x) < lower(y);
            bool greater = numeric
                               ? std::strtod(y.c_str(), nullptr) < std::strtod(x.c_str(), nullptr)
                               : lower(y) < lower(x);
            return sort_descending_ ? greater : less;
        });
    }
    std::vector<std::int64_t> ids;
    for (std::int64_t i : order_)
        ids.push_back(rows_[i].id);
    return ids;
}

void RecordsView::set_search(const std::string& text) {
    search_ = text;
    order_dirty_ = true;
}

void RecordsView::set_column_filter(std::size_t column, const std::string& text) {
    refresh();
    if (column < filters_.size()) {
        filters_[column] = text;
        order_dirty_ = true;
    }
}

// --- 2. editor commands ----------------------------------------------------------------------

void RecordsView::select(std::int64_t id) {
    refresh();
    selected_ = id;
    message_.clear();
    confirm_delete_ = false;
    show_errors_ = id != 0;
    load_input(id);
    errors_ = validate();
}

void RecordsView::edited() {
    show_errors_ = true;
    message_.clear();
    errors_ = validate();
}

void RecordsView::field_errors(const std::string& field) {
    if (show_errors_)
        forms::errors(errors_, field);
}

std::int64_t RecordsView::save() {
    show_errors_ = true;
    errors_ = validate();
    if (!errors_.empty() || selected_ < 0)
        return 0;
    try {
        selected_ = write(selected_);
        message_ = tr("records.saved");
        ctx_.nav.notify(message_);
        load_input(selected_);
        errors_ = validate();
        return selected_;
    } catch (const core::ValidationError& e) {
        errors_ = e.errors();
    } catch (const std::exception& e) {
        message_ = e.what();
    }
    return 0;
}

bool RecordsView::remove() {
    confirm_delete_ = false;
    if (selected_ <= 0)
        return false;
    try {
        erase(selected_);
        ctx_.nav.notify(tr("records.deleted"));
        selected_ = -1;
        message_.clear();
        return true;
    } catch (const core::ValidationError& e) {
        message_ = e.errors().empty() ? e.what() : e.errors().front().message;
    } catch (const std::exception& e) {
        message_ = e.what();
    }
    return false;
}

std::string RecordsView::selected_label() const {
    for (const auto& r : rows_)
        if (r.id == selected_ && r.cells.size() > 1)
            return r.cells[1];
    return selected_ > 0 ? "#" + std::to_string(selected_) : std::string();
}

// --- 3. drawing -------------------------------------------------------------------------------

void RecordsView::draw() {
    refresh();
    const float fs = ImGui::GetFontSize();
    const float list_w = std::max(fs * 22, ImGui::GetContentRegionAvail().x * 0.55f);
    ImGui::BeginChild("##list", ImVec2(list_w, 0), false);
    draw_list();
    ImGui::EndChild();
    ImGui::SameLine();
    ImGui::BeginChild("##editor", ImVec2(0, 0), true);
    draw_editor();
    ImGui::EndChild();
    draw_confirm_delete();
}

void RecordsView::draw_list() {
    const std::string h = id();
    if (ImGui::Button(tr(new_key())))
        select(0);
    test_hooks::register_last_item((h + ".new").c_str());
    ImGui::SameLine();
    ImGui::SetNextItemWidth(ImGui::GetFontSize() * 12);
    if (ImGui::InputTextWithHint("##search", tr("records.search"), &search_))
        order_dirty_ = true;
    test_hooks::register_last_item((h + ".search").c_str());
    const std::vector<std::int64_t> ids = shown_ids();
    ImGui::SameLine();
    ImGui::TextDisabled("%s",
                        (core::i18n::format_number(static_cast<long long>(ids.size())) + " / " +
                         core::i18n::format_number(static_cast<long long>(rows_.size())))
                            .c_str());

    const auto cols = columns();
    const ImGuiTableFlags flags = ImGuiTableFlags_Sortable | ImGuiTableFlags_RowBg |
                                  ImGuiTableFlags_BordersInnerV | ImGuiTableFlags_Resizable |
                                  ImGuiTableFlags_ScrollY | ImGuiTableFlags_ScrollX |
                                  ImGuiTableFlags_SizingFixedFit;
    if (!ImGui::BeginTable("##records", static_cast<int>(cols.size()), flags))
        return;
    ImGui::TableSetupScrollFreeze(0, 2);
    for (const auto& c : cols)
        ImGui::TableSetupColumn(tr(c.label_key), ImGuiTableColumnFlags_WidthFixed,
                                c.width_em * ImGui::GetFontSize());
    ImGui::TableHeadersRow();
    if (ImGuiTableSortSpecs* specs = ImGui::TableGetSortSpecs()) {
        if (specs->SpecsDirty && specs->SpecsCount > 0) {
            sort_column_ = specs->Specs[0].ColumnIndex;
            sort_descending_ = specs->Specs[0].SortDirection == ImGuiSortDirection_Descending;
            order_dirty_ = true;
            specs->SpecsDirty = false;
        }
    }
    // The filter row.
    ImGui::TableNextRow();
    for (std::size_t c = 0; c < cols.size(); ++c) {
        ImGui::TableSetColumnIndex(static_cast<int>(c));
        ImGui::SetNextItemWidth(-1);
        const std::string fid = "##filter" + std::to_string(c);
        if (ImGui::InputTextWithHint(fid.c_str(), tr("records.filter"), &filters_[c]))
            order_dirty_ = true;
        test_hooks::register_last_item((h + ".filter." + std::to_string(c)).c_str());
    }
    ImGuiListClipper clipper;
    clipper.Begin(static_cast<int>(order_.size()));
    while (clipper.Step()) {
        for (int i = clipper.DisplayStart; i < clipper.DisplayEnd; ++i) {
            const Row& r = rows_[order_[i]];
            ImGui::TableNextRow();
            ImGui::TableNextColumn();
            const std::string label = r.cells[0] + "##row" + std::to_string(r.id);
            if (ImGui::Selectable(label.c_str(), r.id == selected_,
                                  ImGuiSelectableFlags_SpanAllColumns))
                select(r.id);
            test_hooks::register_last_item((h + ".row." + std::to_string(r.id)).c_str());
            for (std::size_t c = 1; c < r.cells.size(); ++c) {
                ImGui::TableNextColumn();
                ImGui::TextUnformatted(r.cells[c].c_str());
            }
        }
    }
    ImGui::EndTable();
}

void RecordsView::draw_editor() {
    const std::string h = hook();
    if (selected_ < 0) {
        ImGui::TextDisabled("%s", tr("records.pick"));
        return;
    }
    if (selected_ == 0)
        ImGui::TextUnformatted(tr(new_key()));
    else
        ImGui::Text("%s #%lld · %s", tr(record_key()), static_cast<long long>(selected_),
                    selected_label().c_str());
    ImGui::Separator();
    if (ImGui::BeginTable("##form", 2, ImGuiTableFlags_SizingStretchProp)) {
        ImGui::TableSetupColumn("label", ImGuiTableColumnFlags_WidthFixed,
                                ImGui::GetFontSize() * 11);
        ImGui::TableSetupColumn("value", ImGuiTableColumnFlags_WidthStretch);
        draw_fields();
        ImGui::EndTable();
    }
    const bool valid = errors_.empty();
    ImGui::BeginDisabled(!valid);
    if (ImGui::Button(tr("form.save")))
        save();
    ImGui::EndDisabled();
    test_hooks::register_last_item((h + ".save").c_str());
    if (selected_ > 0) {
        ImGui::SameLine();
        const std::string blocker = delete_blocker(selected_);
        ImGui::BeginDisabled(!blocker.empty());
        if (ImGui::Button(tr("records.delete")))
            confirm_delete_ = true;
        ImGui::EndDisabled();
        test_hooks::register_last_item((h + ".delete").c_str());
        if (!blocker.empty()) {
            ImGui::SameLine();
            ImGui::TextDisabled("%s", blocker.c_str());
        }
    }
    ImGui::SameLine();
    if (ImGui::Button(tr("form.cancel")))
        select(selected_ > 0 ? selected_ : -1);
    if (!valid && show_errors_) {
        ImGui::SameLine();
        ImGui::TextDisabled("%s", tr("form.fix_errors"));
    }
    if (!message_.empty())
        ImGui::TextWrapped("%s", message_.c_str());
    if (selected_ > 0) {
        ImGui::Spacing();
        draw_related(selected_);
    }
}

void RecordsView::draw_confirm_delete() {
    const std::string popup = std::string(id()) + ".confirm_delete";
    if (confirm_delete_ && !ImGui::IsPopupOpen(popup.c_str()))
        ImGui::OpenPopup(popup.c_str());
    if (!ImGui::BeginPopupModal(popup.c_str(), nullptr, ImGuiWindowFlags_AlwaysAutoResize))
        return;
    ImGui::Text("%s %s?", tr("records.confirm_delete"), selected_label().c_str());
    ImGui::TextDisabled("%s", tr("records.undo_hint"));
    if (ImGui::Button(tr("records.delete"))) {
        remove();
        ImGui::CloseCurrentPopup();
    }
    test_hooks::register_last_item((hook() + ".confirm_delete").c_str());
    ImGui::SameLine();
    if (ImGui::Button(tr("form.cancel"))) {
        confirm_delete_ = false;
        ImGui::CloseCurrentPopup();
    }
    ImGui::EndPopup();
}

// --- 4. test state ---------------------------------------------------------------------------

std::string RecordsView::state_json() {
    nlohmann::json j{{"shown", shown_ids()},
                     {"total", rows_.size()},
                     {"selected", selected_},
                     {"message", message_},
                     {"errors", nlohmann::json::array()}};
    for (const auto& e : errors_)
        j["errors"].push_back({{"field", e.field}, {"code", e.code}});
    return j.dump();
}

} // namespace clientele::ui
