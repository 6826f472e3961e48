// Sections: 1. query and rows  2. grid  3. test state
#include "ui/views/orders_view.h"

#include "core/i18n.h"
#include "ui/forms.h"
#include "ui/keys.h"
#include "ui/test_hooks.h"
#include "ui/theme.h"
#include "ui/views/grid_helpers.h"
#include "ui/views/order_window.h"

#include <imgui.h>
#include <imgui_stdlib.h>
#include <nlohmann/json.hpp>

#include <cstdio>
#include <memory>

namespace clientele::ui {

using core::i18n::format_date;
using core::i18n::format_money;

namespace {
struct OrderColumnInfo {
    core::OrderColumn column;
    const char* id;
    const char* label_key;
    float width_em;
};
const OrderColumnInfo kColumns[] = {
    {core::OrderColumn::Id, "id", "col.id", 5},
    {core::OrderColumn::Reference, "reference", "order.reference", 8},
    {core::OrderColumn::Customer, "customer", "order.customer", 15},
    {core::OrderColumn::Date, "date", "order.date", 8},
    {core::OrderColumn::State, "state", "order.state", 13},
    {core::OrderColumn::Total, "total", "sheet.total", 7},
    {core::OrderColumn::Payment, "payment", "order.payment", 9},
};
} // namespace

unsigned int state_color(const std::string& hex) {
    unsigned int r = 0, g = 0, b = 0;
    if (hex.size() == 7 && hex[0] == '#' &&
        std::sscanf(hex.c_str() + 1, "%2x%2x%2x", &r, &g, &b) == 3)
        return IM_COL32(r, g, b, 255);
    return palette().muted;
}

// --- 1. query and rows ---------------------------------------------------------------------------

OrdersView::OrdersView(Context& ctx) : FilteredGrid(ctx.store.db()), ctx_(ctx) {}

void OrdersView::requery() {
    query_.filters = grid::active_filters<core::OrderFilter>(filters_);
    query_.id_lang = core::i18n::language_id();
    const core::OrderQuery q = query_;
    core::Database& db = ctx_.store.db();
    rows_.reload_list(db, q, core::query_orders, [q] { return core::order_list_sql(q); });
}

void OrdersView::open_order(std::int64_t id) {
    ctx_.nav.open(std::make_unique<OrderWindow>(ctx_, id));
}

// --- 2. grid -------------------------------------------------------------------------------------

void OrdersView::draw() {
    total(); // reads again first when the data changed
    if (ImGui::Button(tr("customers.reset"))) {
        filters_.clear();
        query_.sort = core::OrderColumn::Id;
        query_.descending = true;
        rows_.invalidate();
    }
    ImGui::SameLine();
    ImGui::AlignTextToFramePadding();
    ImGui::TextUnformatted(core::i18n::format_count("orders.results", rows_.total()).c_str());
    rows_.draw_counting();
    ImGui::SameLine();
    ImGui::TextDisabled("%s", tr("orders.filter_hint"));
    if (!rows_.error().empty())
        forms::danger_text(rows_.error());
    draw_table();
}

void OrdersView::draw_table() {
    const int ncols = static_cast<int>(std::size(kColumns));
    const ImGuiTableFlags flags = ImGuiTableFlags_Sortable | ImGuiTableFlags_RowBg |
                                  ImGuiTableFlags_BordersInnerV | ImGuiTableFlags_Resizable |
                                  ImGuiTableFlags_ScrollY | ImGuiTableFlags_SizingFixedFit;
    if (!ImGui::BeginTable("##orders", ncols, flags))
        return;
    ImGui::TableSetupScrollFreeze(1, 2);
    for (const auto& c : kColumns)
        ImGui::TableSetupColumn(
            tr(c.label_key),
            ImGuiTableColumnFlags_WidthFixed |
                (c.column == core::OrderColumn::Id ? ImGuiTableColumnFlags_DefaultSort |
                                                         ImGuiTableColumnFlags_PreferSortDescending
                                                   : 0) |
                (core::order_column_sortable(c.column) ? 0 : ImGuiTableColumnFlags_NoSort),
            c.width_em * ImGui::GetFontSize());
    ImGui::TableHeadersRow();
    if (const auto sort = grid::take_sort_change()) {
        query_.sort = kColumns[sort->column].column;
        query_.descending = sort->descending;
        rows_.invalidate();
    }
    ImGui::TableNextRow();
    for (int c = 0; c < ncols; ++c) {
        ImGui::TableSetColumnIndex(c);
        if (grid::filter_cell("orders", kColumns[c].id, filters_[kColumns[c].column]))
            rows_.invalidate(); // the query runs next frame, once for all of this frame's typing
    }
    ImGuiListClipper clipper;
    clipper.Begin(static_cast<int>(rows_.total()));
    while (clipper.Step()) {
        for (int i = clipper.DisplayStart; i < clipper.DisplayEnd; ++i) {
            const core::OrderRow* r = rows_.at(i);
            ImGui::TableNextRow();
            if (!r)
                continue;
            const std::int64_t id = r->id;
            ImGui::TableNextColumn();
            const std::string label = std::to_string(id) + "##o" + std::to_string(id);
            if (ImGui::Selectable(label.c_str(), cursor_ == i,
                                  ImGuiSelectableFlags_SpanAllColumns |
                                      ImGuiSelectableFlags_AllowItemOverlap)) {
                cursor_ = i;
                open_order(id);
            }
            test_hooks::register_last_item(("orders.row." + std::to_string(i)).c_str());
            ImGui::TableNextColumn();
            ImGui::TextUnformatted(r->reference.c_str());
            ImGui::TableNextColumn();
            ImGui::PushID(i);
            if (ImGui::SmallButton(r->customer_email.c_str()))
                ctx_.nav.open_customer(r->id_customer);
            ImGui::PopID();
            test_hooks::register_last_item(("orders.customer." + std::to_string(i)).c_str());
            if (ImGui::IsItemHovered() && !r->customer_name.empty())
                ImGui::SetTooltip("%s", r->customer_name.c_str());
            ImGui::TableNextColumn();
            ImGui::TextUnformatted(format_date(r->date_add).c_str());
            ImGui::TableNextColumn();
            ImGui::PushStyleColor(ImGuiCol_Text, state_color(r->state_color));
            ImGui::TextUnformatted("●");
            ImGui::PopStyleColor();
            ImGui::SameLine();
            ImGui::TextUnformatted(r->state.c_str());
            ImGui::TableNextColumn();
            ImGui::TextUnformatted(format_money(r->total_paid_real).c_str());
            ImGui::TableNextColumn();
            ImGui::TextUnformatted(r->payment.c_str());
        }
    }
    if (cursor_ >= 0 && ImGui::IsWindowFocused() && keys::pressed(ImGuiKey_Enter, false))
        if (const core::OrderRow* r = rows_.at(cursor_))
            open_order(r->id);
    ImGui::EndTable();
}

// --- 3. test state -------------------------------------------------------------------------------

std::string OrdersView::state_json() {
    nlohmann::json j{{"total", total()}, {"error", rows_.error()}};
    nlohmann::json filters = nlohmann::json::object();
    for (const auto& c : kColumns) {
        auto it = filters_.find(c.column);
        if (it != filters_.end() && !it->second.empty())
            filters[c.id] = it->second;
    }
    j["filters"] = filters;
    nlohmann::json rows = nlohmann::json::array();
    for (std::int64_t i = 0; i < std::min<std::int64_t>(rows_.total(), 5); ++i)
        if (const core::OrderRow* r = rows_.at(i))
            rows.push_back({{"id", r->id},
                            {"reference", r->reference},
                            {"customer", r->customer_email},
                            {"id_state", r->id_state},
                            {"state", r->state},
                            {"total", r->total_paid_real}});
    j["first_rows"] = rows;
    return j.dump();
}

} // namespace clientele::ui
