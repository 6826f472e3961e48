#include "ui/views/customers_view.h"

#include "core/i18n.h"
#include "ui/test_hooks.h"
#include "ui/theme.h"

#include <imgui.h>
#include <nlohmann/json.hpp>

#include <cstring>

namespace clientele::ui {

namespace {
// Table columns: customer_query column id and width in font sizes.
struct GridColumn {
    const char* column;
    float width;
};
const GridColumn kColumns[] = {
    {"id", 4.5f},          {"title", 3.5f},     {"firstname", 8.f},     {"lastname", 8.f},
    {"email", 15.f},       {"company", 9.f},    {"default_group", 7.f}, {"sales", 7.f},
    {"valid_orders", 4.f}, {"active", 4.f},     {"newsletter", 5.f},    {"age", 3.5f},
    {"date_add", 7.f},     {"last_visit", 7.f}, {"country", 8.f},
};
constexpr int kColumnCount = static_cast<int>(sizeof(kColumns) / sizeof(kColumns[0]));
} // namespace

CustomersView::CustomersView(Context& ctx) : ctx_(ctx) {}

void CustomersView::set_search(const std::string& text) {
    std::snprintf(search_, sizeof search_, "%s", text.c_str());
    requery();
}

void CustomersView::requery() {
    query_.search = search_;
    query_.offset = 0;
    query_.limit = 0;
    pages_.clear();
    error_.clear();
    try {
        total_ = core::count_customers(ctx_.store.db(), query_);
    } catch (const std::exception& e) {
        total_ = 0;
        error_ = e.what();
    }
    data_version_ = ctx_.store.db().data_version();
}

const core::CustomerRow* CustomersView::row_at(std::int64_t index) {
    if (index < 0 || index >= total_)
        return nullptr;
    const std::int64_t page = index / kPageSize;
    auto it = pages_.find(page);
    if (it == pages_.end()) {
        core::CustomerQuery q = query_;
        q.offset = page * kPageSize;
        q.limit = kPageSize;
        auto result = core::query_customers(ctx_.store.db(), q, core::i18n::language_id());
        it = pages_.emplace(page, std::move(result.rows)).first;
        // Keep memory bounded while scrolling through a million rows.
        while (pages_.size() > 64)
            pages_.erase(pages_.begin()->first == page ? std::prev(pages_.end()) : pages_.begin());
    }
    const std::size_t offset = static_cast<std::size_t>(index % kPageSize);
    return offset < it->second.size() ? &it->second[offset] : nullptr;
}

void CustomersView::draw() {
    if (data_version_ != ctx_.store.db().data_version())
        requery();

    ImGui::SetNextItemWidth(ImGui::GetFontSize() * 22.0f);
    if (ImGui::InputTextWithHint("##search", tr("customers.search_hint"), search_, sizeof search_))
        requery();
    test_hooks::register_last_item("customers.search");
    ImGui::SameLine();
    if (ImGui::Button(tr("customers.reset"))) {
        search_[0] = '\0';
        query_.sort.clear();
        requery();
    }
    test_hooks::register_last_item("customers.reset");
    ImGui::SameLine();
    ImGui::AlignTextToFramePadding();
    ImGui::Text("%s %s", core::i18n::format_number(total_).c_str(), tr("customers.results"));
    test_hooks::register_last_item("customers.count");
    if (!error_.empty()) {
        ImGui::PushStyleColor(ImGuiCol_Text, palette().danger);
        ImGui::TextWrapped("%s", error_.c_str());
        ImGui::PopStyleColor();
    }
    draw_table();
}

void CustomersView::draw_table() {
    const ImGuiTableFlags flags =
        ImGuiTableFlags_ScrollX | ImGuiTableFlags_ScrollY | ImGuiTableFlags_RowBg |
        ImGuiTableFlags_BordersV | ImGuiTableFlags_Resizable | ImGuiTableFlags_Reorderable |
        ImGuiTableFlags_Hideable | ImGuiTableFlags_Sortable | ImGuiTableFlags_SortMulti;
    if (!ImGui::BeginTable("##customers", kColumnCount, flags))
        return;
    ImGui::TableSetupScrollFreeze(1, 1);
    const float fs = ImGui::GetFontSize();
    for (const GridColumn& c : kColumns) {
        const core::ColumnInfo* info = core::find_customer_column(c.column);
        ImGuiTableColumnFlags cf = ImGuiTableColumnFlags_WidthFixed;
        if (std::strcmp(c.column, "id") == 0)
            cf |= ImGuiTableColumnFlags_DefaultSort;
        ImGui::TableSetupColumn(info ? tr(info->label_key) : c.column, cf, c.width * fs);
    }
    ImGui::TableHeadersRow();

    if (ImGuiTableSortSpecs* specs = ImGui::TableGetSortSpecs(); specs && specs->SpecsDirty) {
        query_.sort.clear();
        for (int i = 0; i < specs->SpecsCount; ++i) {
            const ImGuiTableColumnSortSpecs& s = specs->Specs[i];
            query_.sort.push_back(
                {kColumns[s.ColumnIndex].column, s.SortDirection == ImGuiSortDirection_Descending});
        }
        specs->SpecsDirty = false;
        requery();
    }

    const Palette& pal = palette();
    ImGuiListClipper clipper;
    clipper.Begin(static_cast<int>(total_));
    while (clipper.Step()) {
        for (int i = clipper.DisplayStart; i < clipper.DisplayEnd; ++i) {
            const core::CustomerRow* r = row_at(i);
            ImGui::TableNextRow();
            if (!r)
                continue;
            ImGui::TableNextColumn();
            char label[32];
            std::snprintf(label, sizeof label, "%lld", static_cast<long long>(r->id));
            if (ImGui::Selectable(label, selected_ == r->id, ImGuiSelectableFlags_SpanAllColumns))
                selected_ = r->id;
            ImGui::TableNextColumn();
            ImGui::TextUnformatted(r->title.c_str());
            ImGui::TableNextColumn();
            if (r->has_valid_order)
                ImGui::PushStyleColor(ImGuiCol_Text, pal.ok);
            ImGui::TextUnformatted(r->firstname.c_str());
            ImGui::TableNextColumn();
            ImGui::TextUnformatted(r->lastname.c_str());
            if (r->has_valid_order)
                ImGui::PopStyleColor();
            ImGui::TableNextColumn();
            ImGui::TextUnformatted(r->email.c_str());
            ImGui::TableNextColumn();
            ImGui::TextUnformatted(r->company.c_str());
            ImGui::TableNextColumn();
            ImGui::TextUnformatted(r->default_group.c_str());
            ImGui::TableNextColumn();
            ImGui::TextUnformatted(core::i18n::format_money(r->sales).c_str());
            ImGui::TableNextColumn();
            ImGui::Text("%lld", static_cast<long long>(r->valid_orders));
            ImGui::TableNextColumn();
            ImGui::TextUnformatted(r->active ? "✓" : "✗");
            ImGui::TableNextColumn();
            ImGui::TextUnformatted(r->newsletter ? "✓" : "✗");
            ImGui::TableNextColumn();
            if (r->age)
                ImGui::Text("%d", *r->age);
            ImGui::TableNextColumn();
            ImGui::TextUnformatted(core::i18n::format_date(r->date_add).c_str());
            ImGui::TableNextColumn();
            ImGui::TextUnformatted(core::i18n::format_date(r->last_visit).c_str());
            ImGui::TableNextColumn();
            ImGui::TextUnformatted(r->country.c_str());
        }
    }
    ImGui::EndTable();
}

std::string CustomersView::state_json() const {
    nlohmann::json j;
    j["search"] = search_;
    j["total"] = total_;
    j["selected"] = selected_;
    j["error"] = error_;
    return j.dump();
}

} // namespace clientele::ui
