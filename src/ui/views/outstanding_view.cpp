// Sections: 1. query and pages  2. B2B mode off  3. grid  4. test state
#include "ui/views/outstanding_view.h"

#include "core/i18n.h"
#include "core/preferences.h"
#include "ui/forms.h"
#include "ui/test_hooks.h"
#include "ui/theme.h"
#include "ui/views/grid_helpers.h"

#include <imgui.h>
#include <imgui_stdlib.h>
#include <nlohmann/json.hpp>

namespace clientele::ui {

namespace {
using core::OutstandingColumn;
using core::i18n::format_money;

struct ColumnInfo {
    OutstandingColumn column;
    const char* id;
    const char* label_key;
    float width_em;
};
const ColumnInfo kColumns[] = {
    {OutstandingColumn::Customer, "customer", "outstanding.customer", 14},
    {OutstandingColumn::Company, "company", "col.company", 11},
    {OutstandingColumn::Risk, "risk", "form.risk", 7},
    {OutstandingColumn::Allowance, "allowance", "form.allowance", 8},
    {OutstandingColumn::Outstanding, "outstanding", "sheet.outstanding", 8},
    {OutstandingColumn::Overdue, "overdue", "outstanding.overdue_amount", 8},
    {OutstandingColumn::UnpaidOrders, "unpaid_orders", "outstanding.unpaid_orders", 6},
    {OutstandingColumn::OldestUnpaid, "oldest_unpaid", "outstanding.oldest_unpaid", 8},
    {OutstandingColumn::PaymentDays, "payment_days", "form.payment_days", 6},
};
} // namespace

// --- 1. query and pages -----------------------------------------------------------------------

OutstandingView::OutstandingView(Context& ctx) : FilteredGrid(ctx.store.db()), ctx_(ctx) {}

void OutstandingView::requery() {
    core::Database& db = ctx_.store.db();
    b2b_ = core::b2b_mode(db);
    risks_ = core::list_risks(db, core::i18n::language_id());
    error_.clear();
    query_.filters = grid::active_filters<core::OutstandingFilter>(filters_);
    query_.id_lang = core::i18n::language_id();
    if (!b2b_) { // nothing to list while B2B mode is off
        rows_.reload(db.data_version(), [](std::int64_t, std::int64_t) {
            return std::make_pair(std::int64_t{0}, std::vector<core::OutstandingRow>{});
        });
        return;
    }
    rows_.reload_list(db, query_, core::query_outstanding,
                      [q = query_] { return core::outstanding_list_sql(q); });
}

void OutstandingView::set_flags(bool owing_only, bool over_only) {
    query_.owing_only = owing_only;
    query_.over_only = over_only;
    requery();
}

void OutstandingView::turn_b2b_on() {
    try {
        core::set_b2b_mode(ctx_.store.db(), true);
        ctx_.nav.notify(tr("outstanding.b2b_on"));
    } catch (const std::exception& e) {
        error_ = e.what();
    }
    requery();
}

// --- 2. B2B mode off ------------------------------------------------------------------------

void OutstandingView::draw_off() {
    ImGui::TextWrapped("%s", tr("outstanding.b2b_off"));
    if (ImGui::Button(tr("outstanding.turn_on")))
        turn_b2b_on();
    test_hooks::register_last_item("outstanding.turn_on");
    if (!error_.empty() || !rows_.error().empty())
        forms::danger_text(error_.empty() ? rows_.error() : error_);
}

// --- 3. grid -----------------------------------------------------------------------------------

void OutstandingView::draw() {
    total(); // reads again when the query or the data changed
    if (!b2b_) {
        draw_off();
        return;
    }
    forms::hint(tr("outstanding.definition"));
    if (ImGui::Checkbox(tr("outstanding.owing_only"), &query_.owing_only))
        rows_.invalidate();
    test_hooks::register_last_item("outstanding.owing_only");
    ImGui::SameLine();
    if (ImGui::Checkbox(tr("outstanding.over_only"), &query_.over_only))
        rows_.invalidate();
    test_hooks::register_last_item("outstanding.over_only");
    ImGui::SameLine();
    if (ImGui::Button(tr("customers.reset"))) {
        filters_.clear();
        query_.owing_only = query_.over_only = false;
        query_.sort = OutstandingColumn::Outstanding;
        query_.descending = true;
        rows_.invalidate();
    }
    ImGui::SameLine();
    ImGui::AlignTextToFramePadding();
    ImGui::TextUnformatted(core::i18n::format_count("outstanding.results", rows_.total()).c_str());
    rows_.draw_counting();
    if (!error_.empty() || !rows_.error().empty())
        forms::danger_text(error_.empty() ? rows_.error() : error_);
    draw_table();
}

void OutstandingView::draw_table() {
    const int ncols = static_cast<int>(std::size(kColumns));
    const ImGuiTableFlags flags = ImGuiTableFlags_Sortable | ImGuiTableFlags_RowBg |
                                  ImGuiTableFlags_BordersInnerV | ImGuiTableFlags_Resizable |
                                  ImGuiTableFlags_ScrollY | ImGuiTableFlags_ScrollX |
                                  ImGuiTableFlags_SizingFixedFit;
    if (!ImGui::BeginTable("##outstanding", ncols, flags))
        return;
    ImGui::TableSetupScrollFreeze(1, 2);
    const float fs = ImGui::GetFontSize();
    for (const auto& c : kColumns)
        ImGui::TableSetupColumn(tr(c.label_key),
                                ImGuiTableColumnFlags_WidthFixed |
                                    (c.column == OutstandingColumn::Outstanding
                                         ? ImGuiTableColumnFlags_DefaultSort |
                                               ImGuiTableColumnFlags_PreferSortDescending
                                         : 0),
                                c.width_em * fs);
    ImGui::TableHeadersRow();
    if (const auto sort = grid::take_sort_change()) {
        query_.sort = kColumns[sort->column].column;
        query_.descending = sort->descending;
        rows_.invalidate();
    }
    ImGui::TableNextRow();
    for (int c = 0; c < ncols; ++c) {
        ImGui::TableSetColumnIndex(c);
        ImGui::SetNextItemWidth(-1);
        const ColumnInfo& col = kColumns[c];
        std::string& value = filters_[col.column];
        const std::string hook = std::string("outstanding.filter.") + col.id;
        if (col.column == OutstandingColumn::Risk) {
            std::string shown = tr("service.any");
            for (const auto& r : risks_)
                if (std::to_string(r.id) == value)
                    shown = r.name;
            if (ImGui::BeginCombo("##f_risk", shown.c_str())) {
                if (ImGui::Selectable(tr("service.any"), value.empty())) {
                    value.clear();
                    rows_.invalidate();
                }
                for (const auto& r : risks_)
                    if (ImGui::Selectable(r.name.c_str(), value == std::to_string(r.id))) {
                        value = std::to_string(r.id);
                        rows_.invalidate();
                    }
                ImGui::EndCombo();
            }
        } else {
            const bool minimum = col.column != OutstandingColumn::Customer &&
                                 col.column != OutstandingColumn::Company;
            const char* hint = col.column == OutstandingColumn::OldestUnpaid
                                   ? tr("outstanding.before_hint")
                               : minimum ? tr("outstanding.min_hint")
                                         : tr("records.filter");
            if (grid::filter_cell("outstanding", col.id, value, hint))
                rows_.invalidate();
            continue;
        }
        test_hooks::register_last_item(hook.c_str());
    }
    const Palette& pal = palette();
    ImGuiListClipper clipper;
    clipper.Begin(static_cast<int>(rows_.total()));
    while (clipper.Step()) {
        for (int i = clipper.DisplayStart; i < clipper.DisplayEnd; ++i) {
            const core::OutstandingRow* r = row_at(i);
            ImGui::TableNextRow();
            if (!r)
                continue;
            ImGui::PushID(i);
            ImGui::TableNextColumn();
            const std::string who = r->firstname + " " + r->lastname;
            if (ImGui::SmallButton(who.c_str()))
                ctx_.nav.open_customer(r->id);
            test_hooks::register_last_item(("outstanding.customer." + std::to_string(i)).c_str());
            ImGui::TableNextColumn();
            ImGui::TextUnformatted(r->company.c_str());
            ImGui::TableNextColumn();
            if (!r->risk.empty())
                ImGui::TextUnformatted(r->risk.c_str());
            ImGui::TableNextColumn();
            ImGui::TextUnformatted(format_money(r->allowance).c_str());
            ImGui::TableNextColumn();
            if (r->over_allowance) {
                ImGui::PushStyleColor(ImGuiCol_Text, pal.danger);
                ImGui::Text("%s  %s", format_money(r->outstanding).c_str(),
                            tr("sheet.over_allowance"));
                ImGui::PopStyleColor();
            } else {
                ImGui::TextUnformatted(format_money(r->outstanding).c_str());
            }
            ImGui::TableNextColumn();
            if (r->overdue_amount > 0) {
                ImGui::PushStyleColor(ImGuiCol_Text, pal.danger);
                ImGui::TextUnformatted(format_money(r->overdue_amount).c_str());
                ImGui::PopStyleColor();
            }
            ImGui::TableNextColumn();
            ImGui::Text("%lld", static_cast<long long>(r->unpaid_orders));
            ImGui::TableNextColumn();
            if (!r->oldest_unpaid.empty()) {
                if (r->overdue)
                    ImGui::PushStyleColor(ImGuiCol_Text, pal.danger);
                ImGui::Text("%s%s", core::i18n::format_date(r->oldest_unpaid).c_str(),
                            r->overdue ? (std::string("  ") + tr("outstanding.overdue")).c_str()
                                       : "");
                if (r->overdue)
                    ImGui::PopStyleColor();
            }
            ImGui::TableNextColumn();
            ImGui::Text("%d", r->max_payment_days);
            ImGui::PopID();
        }
    }
    ImGui::EndTable();
}

// --- 4. test state -----------------------------------------------------------------------------

std::string OutstandingView::state_json() {
    nlohmann::json j{
        {"b2b", b2b_}, {"total", total()}, {"error", error_.empty() ? rows_.error() : error_}};
    nlohmann::json rows = nlohmann::json::array();
    for (std::int64_t i = 0; i < std::min<std::int64_t>(rows_.total(), 5); ++i)
        if (const core::OutstandingRow* r = row_at(i))
            rows.push_back({{"id", r->id},
                            {"company", r->company},
                            {"outstanding", r->outstanding},
                            {"overdue_amount", r->overdue_amount},
                            {"over_allowance", r->over_allowance}});
    j["first_rows"] = rows;
    return j.dump();
}

} // namespace clientele::ui
