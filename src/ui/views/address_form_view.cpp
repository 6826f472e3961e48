// Sections: 1. load, fields and validation  2. commands  3. window
#include "ui/views/address_form_view.h"

#include "core/customers.h"
#include "core/i18n.h"
#include "core/store.h"
#include "ui/forms.h"
#include "ui/test_hooks.h"

#include <imgui.h>
#include <imgui_stdlib.h>
#include <nlohmann/json.hpp>

#include <cstdlib>

namespace clientele::ui {

namespace {
std::uint64_t next_serial() {
    static std::uint64_t serial = 0;
    return ++serial;
}
} // namespace

// --- 1. load, fields and validation ------------------------------------------------------------

AddressFormView::AddressFormView(Context& ctx, std::int64_t id, std::int64_t id_customer)
    : ctx_(ctx), id_(id), serial_(id == 0 ? next_serial() : 0) {
    input_.id_customer = id_customer;
    load();
}

std::string AddressFormView::window_id() const {
    return id_ ? "address." + std::to_string(id_) : "address.new" + std::to_string(serial_);
}

void AddressFormView::load() {
    core::Database& db = ctx_.store.db();
    countries_ = core::list_countries(db, core::i18n::language_id());
    required_ = core::required_address_fields(db);
    if (id_ != 0) {
        tried_save_ = true; // an existing address shows what is wrong with it at once
        if (auto in = core::load_address(db, id_))
            input_ = *in;
    } else {
        const std::string country = ctx_.store.setting("PS_COUNTRY_DEFAULT", "");
        input_.id_country = !country.empty()     ? std::atoll(country.c_str())
                            : countries_.empty() ? 0
                                                 : countries_.front().id;
        input_.alias = tr("address.default_alias");
    }
    customer_text_ = input_.id_customer ? std::to_string(input_.id_customer) : std::string();
    states_ = core::list_states(db, input_.id_country);
    resolve_customer();
    revalidate();
}

void AddressFormView::resolve_customer() {
    core::Database& db = ctx_.store.db();
    input_.id_customer = 0;
    customer_label_.clear();
    char* end = nullptr;
    const long long n = std::strtoll(customer_text_.c_str(), &end, 10);
    if (!customer_text_.empty() && *end == '\0')
        input_.id_customer = n;
    else if (!customer_text_.empty())
        if (auto found = core::find_account_by_email(db, customer_text_, std::nullopt))
            input_.id_customer = *found;
    const auto labels = core::customer_labels(db, {input_.id_customer});
    if (!labels.empty())
        customer_label_ = labels.front().name;
}

void AddressFormView::revalidate() {
    errors_ = core::validate_address(ctx_.store.db(), input_);
}

std::string* AddressFormView::text_of(const std::string& f) {
    core::AddressInput& in = input_;
    std::string* fields[] = {&in.alias,    &in.company,  &in.lastname,     &in.firstname,
                             &in.address1, &in.address2, &in.postcode,     &in.city,
                             &in.other,    &in.phone,    &in.phone_mobile, &in.vat_number,
                             &in.dni};
    const char* names[] = {"alias",        "company",    "lastname", "firstname", "address1",
                           "address2",     "postcode",   "city",     "other",     "phone",
                           "phone_mobile", "vat_number", "dni"};
    for (std::size_t i = 0; i < std::size(names); ++i)
        if (f == names[i])
            return fields[i];
    return nullptr;
}

void AddressFormView::set_field(const std::string& field, const std::string& value) {
    touched_.insert(field);
    if (field == "customer") {
        customer_text_ = value;
        touched_.insert("id_customer");
        resolve_customer();
    } else if (std::string* s = text_of(field)) {
        *s = value;
    }
    revalidate();
}

void AddressFormView::set_country(std::int64_t id_country) {
    input_.id_country = id_country;
    input_.id_state = 0;
    states_ = core::list_states(ctx_.store.db(), id_country);
    touched_.insert("id_country");
    revalidate();
}

void AddressFormView::set_state(std::int64_t id_state) {
    input_.id_state = id_state;
    touched_.insert("id_state");
    revalidate();
}

// --- 2. commands -------------------------------------------------------------------------------

std::int64_t AddressFormView::save() {
    tried_save_ = true;
    revalidate();
    if (!errors_.empty())
        return 0;
    try {
        if (id_ == 0) {
            id_ = core::create_address(ctx_.store.db(), input_);
        } else {
            const std::int64_t kept = core::update_address(ctx_.store.db(), id_, input_);
            if (kept != id_)
                ctx_.nav.notify(tr("address.kept_for_orders"));
            id_ = kept;
        }
        message_.clear();
        return id_;
    } catch (const core::ValidationError& e) {
        errors_ = e.errors();
    } catch (const std::exception& e) {
        message_ = e.what();
    }
    return 0;
}

bool AddressFormView::remove() {
    if (id_ == 0)
        return false;
    try {
        const core::AddressDeletion d = core::delete_address(ctx_.store.db(), id_);
        ctx_.nav.notify(
            tr(d == core::AddressDeletion::Soft ? "address.deleted_soft" : "address.deleted"));
        open_ = false;
        return d != core::AddressDeletion::None;
    } catch (const std::exception& e) {
        message_ = e.what();
    }
    return false;
}

std::string AddressFormView::state_json() const {
    nlohmann::json j{{"id", id_},
                     {"id_customer", input_.id_customer},
                     {"can_save", errors_.empty()},
                     {"errors", nlohmann::json::array()}};
    for (const auto& e : errors_)
        j["errors"].push_back({{"field", e.field}, {"code", e.code}});
    return j.dump();
}

// --- 3. window ---------------------------------------------------------------------------------

void AddressFormView::text_row(const char* field, const char* label_key) {
    const bool required = required_.count(field) > 0;
    ImGui::TableNextRow();
    ImGui::TableNextColumn();
    ImGui::AlignTextToFramePadding();
    ImGui::Text("%s%s", tr(label_key), required ? " *" : "");
    ImGui::TableNextColumn();
    std::string* value = text_of(field);
    if (forms::text(window_id(), field, *value)) {
        touched_.insert(field);
        revalidate();
    }
    if (tried_save_ || touched_.count(field))
        forms::errors(errors_, field);
}

void AddressFormView::draw_country_state() {
    const bool show = tried_save_ || touched_.count("id_country");
    forms::row("col.country");
    std::string current;
    for (const auto& c : countries_)
        if (c.id == input_.id_country)
            current = c.name;
    ImGui::SetNextItemWidth(-1);
    if (ImGui::BeginCombo("##country", current.c_str(), ImGuiComboFlags_HeightLarge)) {
        for (const auto& c : countries_)
            if (ImGui::Selectable(c.name.c_str(), c.id == input_.id_country))
                set_country(c.id);
        ImGui::EndCombo();
    }
    test_hooks::register_last_item((window_id() + ".country").c_str());
    if (show)
        forms::errors(errors_, "id_country");
    if (states_.empty())
        return;
    forms::row("address.state");
    current.clear();
    for (const auto& s : states_)
        if (s.id == input_.id_state)
            current = s.name;
    ImGui::SetNextItemWidth(-1);
    if (ImGui::BeginCombo("##state", current.c_str(), ImGuiComboFlags_HeightLarge)) {
        for (const auto& s : states_)
            if (ImGui::Selectable(s.name.c_str(), s.id == input_.id_state))
                set_state(s.id);
        ImGui::EndCombo();
    }
    if (tried_save_ || touched_.count("id_state"))
        forms::errors(errors_, "id_state");
}

bool AddressFormView::draw() {
    const float fs = ImGui::GetFontSize();
    ImGui::SetNextWindowSize(ImVec2(fs * 34, fs * 42), ImGuiCond_FirstUseEver);
    const std::string title =
        (id_ == 0 ? std::string(tr("address.new_title"))
                  : std::string(tr("address.edit_title")) + " #" + std::to_string(id_)) +
        "###" + window_id();
    if (!ImGui::Begin(title.c_str(), &open_)) {
        ImGui::End();
        return open_;
    }
    if (ImGui::BeginTable("##address", 2, ImGuiTableFlags_SizingStretchProp)) {
        ImGui::TableSetupColumn("label", ImGuiTableColumnFlags_WidthFixed, fs * 10);
        ImGui::TableSetupColumn("value", ImGuiTableColumnFlags_WidthStretch);
        forms::row("address.customer");
        ImGui::SetNextItemWidth(-1);
        if (ImGui::InputTextWithHint("##customer", tr("address.customer_hint"), &customer_text_)) {
            touched_.insert("id_customer");
            resolve_customer();
            revalidate();
        }
        test_hooks::register_last_item((window_id() + ".customer").c_str());
        if (!customer_label_.empty()) {
            if (ImGui::SmallButton(customer_label_.c_str()))
                ctx_.nav.open_customer(input_.id_customer);
        }
        if (tried_save_ || touched_.count("id_customer"))
            forms::errors(errors_, "id_customer");
        text_row("alias", "address.alias");
        text_row("firstname", "col.firstname");
        text_row("lastname", "col.lastname");
        text_row("company", "col.company");
        text_row("vat_number", "address.vat_number");
        text_row("address1", "address.address1");
        text_row("address2", "address.address2");
        text_row("postcode", "address.postcode");
        text_row("city", "address.city");
        draw_country_state();
        text_row("dni", "address.dni");
        text_row("phone", "address.phone");
        text_row("phone_mobile", "address.phone_mobile");
        text_row("other", "address.other");
        ImGui::EndTable();
    }
    ImGui::Separator();
    ImGui::BeginDisabled(!errors_.empty());
    if (ImGui::Button(tr("form.save")) && save())
        ctx_.nav.notify(tr("records.saved"));
    ImGui::EndDisabled();
    test_hooks::register_last_item((window_id() + ".save").c_str());
    if (id_ != 0) {
        ImGui::SameLine();
        if (ImGui::Button(tr("records.delete")))
            confirm_delete_ = true;
        test_hooks::register_last_item((window_id() + ".delete").c_str());
    }
    ImGui::SameLine();
    if (ImGui::Button(tr("form.cancel")))
        open_ = false;
    if (!errors_.empty() && tried_save_) {
        ImGui::SameLine();
        ImGui::TextDisabled("%s", tr("form.fix_errors"));
    }
    if (confirm_delete_) {
        ImGui::TextUnformatted(tr("address.confirm_delete"));
        if (ImGui::Button(tr("records.delete"))) {
            confirm_delete_ = false;
            remove();
        }
        test_hooks::register_last_item((window_id() + ".confirm_delete").c_str());
        ImGui::SameLine();
        if (ImGui::Button((std::string(tr("form.cancel")) + "##keep").c_str()))
            confirm_delete_ = false;
    }
    if (!message_.empty())
        forms::danger_text(message_);
    ImGui::End();
    return open_;
}

} // namespace clientele::ui
