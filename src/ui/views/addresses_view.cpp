// Sections: 1. query and pages  2. toolbar and required fields  3. grid  4. test state
#include "ui/views/addresses_view.h"

#include "core/i18n.h"
#include "ui/forms.h"
#include "ui/keys.h"
#include "ui/test_hooks.h"
#include "ui/views/address_form_view.h"
#include "ui/views/grid_helpers.h"

#include <imgui.h>
#include <imgui_stdlib.h>
#include <nlohmann/json.hpp>

#include <memory>

namespace clientele::ui {

namespace {
struct AddressColumnInfo {
    core::AddressColumn column;
    const char* id;
    const char* label_key;
    float width_em;
};
const AddressColumnInfo kColumns[] = {
    {core::AddressColumn::Id, "id", "col.id", 4},
    {core::AddressColumn::Alias, "alias", "address.alias", 8},
    {core::AddressColumn::Firstname, "firstname", "col.firstname", 8},
    {core::AddressColumn::Lastname, "lastname", "col.lastname", 8},
    {core::AddressColumn::Company, "company", "col.company", 9},
    {core::AddressColumn::Address1, "address1", "address.address1", 13},
    {core::AddressColumn::Postcode, "postcode", "address.postcode", 6},
    {core::AddressColumn::City, "city", "address.city", 9},
    {core::AddressColumn::Country, "country", "col.country", 8},
    {core::AddressColumn::State, "state", "address.state", 8},
    {core::AddressColumn::Phone, "phone", "address.phone", 9},
    {core::AddressColumn::PhoneMobile, "phone_mobile", "address.phone_mobile", 9},
    {core::AddressColumn::VatNumber, "vat_number", "address.vat_number", 9},
    {core::AddressColumn::Dni, "dni", "address.dni", 8},
    {core::AddressColumn::CustomerEmail, "customer", "address.customer", 14},
};

const std::string& cell(const core::AddressRow& r, core::AddressColumn c) {
    static const std::string none;
    switch (c) {
    case core::AddressColumn::Alias:
        return r.alias;
    case core::AddressColumn::Firstname:
        return r.firstname;
    case core::AddressColumn::Lastname:
        return r.lastname;
    case core::AddressColumn::Company:
        return r.company;
    case core::AddressColumn::Address1:
        return r.address1;
    case core::AddressColumn::Postcode:
        return r.postcode;
    case core::AddressColumn::City:
        return r.city;
    case core::AddressColumn::Country:
        return r.country;
    case core::AddressColumn::State:
        return r.state;
    case core::AddressColumn::Phone:
        return r.phone;
    case core::AddressColumn::PhoneMobile:
        return r.phone_mobile;
    case core::AddressColumn::VatNumber:
        return r.vat_number;
    case core::AddressColumn::Dni:
        return r.dni;
    case core::AddressColumn::CustomerEmail:
        return r.customer_email;
    case core::AddressColumn::Id:
        break;
    }
    return none;
}
} // namespace

// --- 1. query and pages ------------------------------------------------------------------------

AddressesView::AddressesView(Context& ctx) : FilteredGrid(ctx.store.db()), ctx_(ctx) {
    query_.limit = kPageSize;
}

void AddressesView::requery() {
    query_.filters = grid::active_filters<core::AddressFilter>(filters_);
    query_.id_lang = core::i18n::language_id();
    core::Database& db = ctx_.store.db();
    rows_.reload_list(db, query_, core::query_addresses,
                      [q = query_] { return core::address_list_sql(q); });
    required_ = core::required_address_fields(db);
}

// --- 2. toolbar and required fields -------------------------------------------------------------

void draw_required_address_fields(Context& ctx, const std::string& hook) {
    core::Database& db = ctx.store.db();
    const std::set<std::string> required = core::required_address_fields(db);
    for (const std::string& f : core::optional_address_fields()) {
        bool on = required.count(f) > 0;
        const std::string key = "address." + f;
        if (ImGui::Checkbox(tr(key.c_str()), &on)) {
            std::set<std::string> next = required;
            if (on)
                next.insert(f);
            else
                next.erase(f);
            core::set_required_address_fields(db, next);
        }
        test_hooks::register_last_item((hook + "." + f).c_str());
    }
}

void AddressesView::set_required_fields(const std::set<std::string>& fields) {
    core::set_required_address_fields(ctx_.store.db(), fields);
    required_ = fields;
}

void AddressesView::draw_toolbar() {
    if (ImGui::Button(tr("address.new_title")))
        ctx_.nav.open(std::make_unique<AddressFormView>(ctx_, 0));
    test_hooks::register_last_item("addresses.new");
    ImGui::SameLine();
    if (ImGui::Button(tr("address.required_fields")))
        required_open_ = true;
    test_hooks::register_last_item("addresses.required");
    ImGui::SameLine();
    if (ImGui::Button(tr("customers.reset"))) {
        filters_.clear();
        query_.sort = core::AddressColumn::Id;
        query_.descending = false;
        rows_.invalidate();
    }
    ImGui::SameLine();
    ImGui::AlignTextToFramePadding();
    ImGui::TextUnformatted(core::i18n::format_count("address.results", rows_.total()).c_str());
    rows_.draw_counting();
    if (!rows_.error().empty())
        forms::danger_text(rows_.error());
}

void AddressesView::draw_required_popup() {
    if (required_open_ && !ImGui::IsPopupOpen("##required")) {
        ImGui::OpenPopup("##required");
        required_ = core::required_address_fields(ctx_.store.db());
    }
    required_open_ = false;
    if (!ImGui::BeginPopup("##required"))
        return;
    ImGui::TextUnformatted(tr("address.required_fields"));
    ImGui::TextDisabled("%s", tr("address.required_hint"));
    ImGui::Separator();
    draw_required_address_fields(ctx_, "addresses.required");
    required_ = core::required_address_fields(ctx_.store.db());
    ImGui::EndPopup();
}

// --- 3. grid -----------------------------------------------------------------------------------

void AddressesView::draw() {
    total(); // reads again when the query or the data changed
    draw_toolbar();
    draw_required_popup();
    draw_table();
}

void AddressesView::draw_table() {
    const int ncols = static_cast<int>(std::size(kColumns));
    const ImGuiTableFlags flags =
        ImGuiTableFlags_Sortable | ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerV |
        ImGuiTableFlags_Resizable | ImGuiTableFlags_Reorderable | ImGuiTableFlags_Hideable |
        ImGuiTableFlags_ScrollY | ImGuiTableFlags_ScrollX | ImGuiTableFlags_SizingFixedFit;
    if (!ImGui::BeginTable("##addresses", ncols, flags))
        return;
    ImGui::TableSetupScrollFreeze(1, 2);
    for (const auto& c : kColumns)
        ImGui::TableSetupColumn(
            tr(c.label_key),
            ImGuiTableColumnFlags_WidthFixed |
                (c.column == core::AddressColumn::Id ? ImGuiTableColumnFlags_DefaultSort : 0),
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
        if (grid::filter_cell("addresses", kColumns[c].id, filters_[kColumns[c].column]))
            rows_.invalidate(); // the query runs next frame, once for all of this frame's typing
    }
    ImGuiListClipper clipper;
    clipper.Begin(static_cast<int>(rows_.total()));
    while (clipper.Step()) {
        for (int i = clipper.DisplayStart; i < clipper.DisplayEnd; ++i) {
            const core::AddressRow* r = row_at(i);
            ImGui::TableNextRow();
            if (!r)
                continue;
            ImGui::TableNextColumn();
            const std::string label = std::to_string(r->id) + "##a" + std::to_string(r->id);
            if (ImGui::Selectable(label.c_str(), cursor_ == i,
                                  ImGuiSelectableFlags_SpanAllColumns |
                                      ImGuiSelectableFlags_AllowDoubleClick)) {
                cursor_ = i;
                if (ImGui::IsMouseDoubleClicked(0))
                    ctx_.nav.open(std::make_unique<AddressFormView>(ctx_, r->id));
            }
            test_hooks::register_last_item(("addresses.row." + std::to_string(i)).c_str());
            for (int c = 1; c < ncols; ++c) {
                ImGui::TableNextColumn();
                const std::string& text = cell(*r, kColumns[c].column);
                if (kColumns[c].column == core::AddressColumn::CustomerEmail) {
                    ImGui::PushID(i);
                    if (ImGui::SmallButton(text.c_str()))
                        ctx_.nav.open_customer(r->id_customer);
                    ImGui::PopID();
                } else {
                    ImGui::TextUnformatted(text.c_str());
                }
            }
        }
    }
    if (cursor_ >= 0 && ImGui::IsWindowFocused() && keys::pressed(ImGuiKey_Enter, false))
        if (const core::AddressRow* r = row_at(cursor_))
            ctx_.nav.open(std::make_unique<AddressFormView>(ctx_, r->id));
    ImGui::EndTable();
}

// --- 4. test state -----------------------------------------------------------------------------

std::string AddressesView::state_json() {
    nlohmann::json j{{"total", total()}, {"error", rows_.error()}, {"required", required_}};
    nlohmann::json rows = nlohmann::json::array();
    for (std::int64_t i = 0; i < std::min<std::int64_t>(rows_.total(), 5); ++i)
        if (const core::AddressRow* r = row_at(i))
            rows.push_back({{"id", r->id}, {"city", r->city}, {"customer", r->customer_email}});
    j["first_rows"] = rows;
    return j.dump();
}

} // namespace clientele::ui
