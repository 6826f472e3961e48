// Sections: 1. load and validation  2. fields  3. window
#include "ui/views/customer_form_view.h"

#include "core/consents.h"
#include "core/i18n.h"
#include "core/store.h"
#include "ui/test_hooks.h"
#include "ui/theme.h"

#include <imgui.h>
#include <imgui_stdlib.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstdlib>

namespace clientele::ui {

// --- 1. load and validation ----------------------------------------------------------------

CustomerFormView::CustomerFormView(Context& ctx, std::int64_t id) : ctx_(ctx), id_(id) {
    load();
}

void CustomerFormView::load() {
    core::Database& db = ctx_.store.db();
    const int lang = core::i18n::language_id();
    titles_ = core::list_titles(db, lang);
    groups_ = core::list_groups(db, lang);
    risks_ = core::list_risks(db, lang);
    b2b_ = ctx_.store.setting("PS_B2B_ENABLE", "0") == "1";
    if (id_ != 0) {
        tried_save_ = true; // an existing record shows what is wrong with it at once
        if (auto in = core::load_customer_input(db, id_))
            input_ = *in;
    } else {
        input_.groups = {3};
        input_.id_default_group = 3;
        input_.id_lang = lang;
    }
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.2f", input_.outstanding_allow_amount);
    allowance_text_ = buf;
    payment_days_text_ = std::to_string(input_.max_payment_days);
    revalidate();
}

void CustomerFormView::revalidate() {
    // Numbers are typed as text: parse first, report what does not parse with the rest.
    std::vector<core::FieldError> parse_errors;
    char* end = nullptr;
    input_.outstanding_allow_amount = std::strtod(allowance_text_.c_str(), &end);
    if (allowance_text_.empty() || *end != '\0')
        parse_errors.push_back({"outstanding_allow_amount", "is not a number", "err.not_a_number"});
    const long days = std::strtol(payment_days_text_.c_str(), &end, 10);
    input_.max_payment_days = static_cast<int>(days);
    if (payment_days_text_.empty() || *end != '\0')
        parse_errors.push_back({"max_payment_days", "is not a whole number", "err.not_a_number"});

    core::ValidateOptions o;
    if (id_ != 0)
        o.self = id_;
    o.password_required = id_ == 0;
    input_.password = password_.empty() ? std::nullopt : std::optional<std::string>(password_);
    errors_ = core::validate_customer(ctx_.store.db(), input_, o);
    errors_.insert(errors_.end(), parse_errors.begin(), parse_errors.end());
    duplicate_.reset();
    for (const auto& e : errors_)
        if (e.field == "email" && e.code == "err.email_taken")
            duplicate_ =
                core::find_account_by_email(ctx_.store.db(), input_.email,
                                            id_ ? std::optional<std::int64_t>(id_) : std::nullopt);
}

void CustomerFormView::set_field(const std::string& field, const std::string& value) {
    touched_.insert(field);
    if (field == "firstname")
        input_.firstname = value;
    else if (field == "lastname")
        input_.lastname = value;
    else if (field == "email")
        input_.email = value;
    else if (field == "password")
        password_ = value;
    else if (field == "birthday")
        input_.birthday = value;
    else if (field == "company")
        input_.company = value;
    else if (field == "siret")
        input_.siret = value;
    else if (field == "ape")
        input_.ape = value;
    else if (field == "website")
        input_.website = value;
    else if (field == "note")
        input_.note = value;
    else if (field == "newsletter")
        input_.newsletter = value == "1";
    else if (field == "optin")
        input_.optin = value == "1";
    revalidate();
}

std::int64_t CustomerFormView::save() {
    tried_save_ = true;
    revalidate();
    if (!errors_.empty())
        return 0;
    try {
        core::ConsentSource source(ctx_.store.db(), "form"); // consents the form changes
        if (id_ == 0) {
            id_ = core::create_customer(ctx_.store.db(), input_);
        } else {
            core::update_customer(ctx_.store.db(), id_, input_);
        }
        password_.clear();
        save_error_.clear();
        return id_;
    } catch (const core::ValidationError& e) {
        errors_ = e.errors();
    } catch (const std::exception& e) {
        save_error_ = e.what();
    }
    return 0;
}

std::string CustomerFormView::state_json() const {
    nlohmann::json j{
        {"id", id_}, {"can_save", errors_.empty()}, {"errors", nlohmann::json::array()}};
    for (const auto& e : errors_)
        j["errors"].push_back({{"field", e.field}, {"code", e.code}});
    if (duplicate_)
        j["duplicate_of"] = *duplicate_;
    return j.dump();
}

// --- 2. fields ------------------------------------------------------------------------------

void CustomerFormView::field_error(const char* field) {
    if (!tried_save_ && !touched_.count(field))
        return;
    for (const auto& e : errors_) {
        if (e.field != field)
            continue;
        ImGui::PushStyleColor(ImGuiCol_Text, palette().danger);
        ImGui::TextWrapped("%s", tr(e.code.c_str()));
        ImGui::PopStyleColor();
    }
}

bool CustomerFormView::text_field(const char* field, const char* label_key, std::string& value,
                                  bool password) {
    ImGui::TableNextRow();
    ImGui::TableNextColumn();
    ImGui::AlignTextToFramePadding();
    ImGui::TextUnformatted(tr(label_key));
    ImGui::TableNextColumn();
    ImGui::SetNextItemWidth(-1);
    std::string id = std::string("##") + field;
    bool changed =
        ImGui::InputText(id.c_str(), &value, password ? ImGuiInputTextFlags_Password : 0);
    test_hooks::register_last_item((window_id() + "." + field).c_str());
    if (changed) {
        touched_.insert(field);
        revalidate();
    }
    field_error(field);
    return changed;
}

// --- 3. window --------------------------------------------------------------------------------

bool CustomerFormView::draw() {
    const float fs = ImGui::GetFontSize();
    ImGui::SetNextWindowSize(ImVec2(fs * 36, fs * 40), ImGuiCond_FirstUseEver);
    std::string title =
        (id_ == 0 ? std::string(tr("form.new_title"))
                  : std::string(tr("form.edit_title")) + " #" + std::to_string(id_)) +
        "###" + window_id();
    if (!ImGui::Begin(title.c_str(), &open_)) {
        ImGui::End();
        return open_;
    }
    if (ImGui::BeginTable("##form", 2, ImGuiTableFlags_SizingStretchProp)) {
        ImGui::TableSetupColumn("label", ImGuiTableColumnFlags_WidthFixed, fs * 10);
        ImGui::TableSetupColumn("value", ImGuiTableColumnFlags_WidthStretch);

        ImGui::TableNextRow();
        ImGui::TableNextColumn();
        ImGui::AlignTextToFramePadding();
        ImGui::TextUnformatted(tr("col.title"));
        ImGui::TableNextColumn();
        for (std::size_t i = 0; i <= titles_.size(); ++i) {
            const int gid = i == 0 ? 0 : static_cast<int>(titles_[i - 1].id);
            const char* name = i == 0 ? tr("form.no_title") : titles_[i - 1].name.c_str();
            if (i)
                ImGui::SameLine();
            if (ImGui::RadioButton(name, input_.id_gender == gid)) {
                input_.id_gender = gid;
                revalidate();
            }
        }

        text_field("firstname", "col.firstname", input_.firstname);
        text_field("lastname", "col.lastname", input_.lastname);
        text_field("email", "col.email", input_.email);
        if (duplicate_) {
            ImGui::TableNextRow();
            ImGui::TableNextColumn();
            ImGui::TableNextColumn();
            ImGui::PushStyleColor(ImGuiCol_Text, palette().warn);
            ImGui::TextWrapped("%s", tr("form.duplicate_warning"));
            ImGui::PopStyleColor();
            if (ImGui::SmallButton(tr("form.open_other_account")))
                ctx_.nav.open_customer(*duplicate_);
            test_hooks::register_last_item((window_id() + ".open_duplicate").c_str());
        }
        text_field("password", id_ == 0 ? "form.password" : "form.new_password", password_, true);
        text_field("birthday", "form.birthday", input_.birthday);

        ImGui::TableNextRow();
        ImGui::TableNextColumn();
        ImGui::TableNextColumn();
        bool changed = ImGui::Checkbox(tr("col.active"), &input_.active);
        ImGui::SameLine();
        changed |= ImGui::Checkbox(tr("col.newsletter"), &input_.newsletter);
        ImGui::SameLine();
        changed |= ImGui::Checkbox(tr("col.optin"), &input_.optin);
        if (changed)
            revalidate();

        // Group access and the default group among them.
        ImGui::TableNextRow();
        ImGui::TableNextColumn();
        ImGui::TextUnformatted(tr("form.group_access"));
        ImGui::TableNextColumn();
        for (const auto& g : groups_) {
            bool member =
                std::find(input_.groups.begin(), input_.groups.end(), g.id) != input_.groups.end();
            if (ImGui::Checkbox((g.name + "##group" + std::to_string(g.id)).c_str(), &member)) {
                if (member)
                    input_.groups.push_back(g.id);
                else
                    input_.groups.erase(
                        std::remove(input_.groups.begin(), input_.groups.end(), g.id),
                        input_.groups.end());
                touched_.insert("groups");
                touched_.insert("id_default_group");
                revalidate();
            }
        }
        field_error("groups");
        ImGui::TableNextRow();
        ImGui::TableNextColumn();
        ImGui::AlignTextToFramePadding();
        ImGui::TextUnformatted(tr("col.default_group"));
        ImGui::TableNextColumn();
        std::string current;
        for (const auto& g : groups_)
            if (g.id == input_.id_default_group)
                current = g.name;
        ImGui::SetNextItemWidth(-1);
        if (ImGui::BeginCombo("##default_group", current.c_str())) {
            for (const auto& g : groups_) {
                if (std::find(input_.groups.begin(), input_.groups.end(), g.id) ==
                    input_.groups.end())
                    continue;
                if (ImGui::Selectable(g.name.c_str(), g.id == input_.id_default_group)) {
                    input_.id_default_group = g.id;
                    revalidate();
                }
            }
            ImGui::EndCombo();
        }
        field_error("id_default_group");

        if (b2b_) {
            ImGui::TableNextRow();
            ImGui::TableNextColumn();
            ImGui::TextDisabled("%s", tr("form.b2b"));
            text_field("company", "col.company", input_.company);
            text_field("siret", "form.siret", input_.siret);
            text_field("ape", "form.ape", input_.ape);
            text_field("website", "form.website", input_.website);
            text_field("outstanding_allow_amount", "form.allowance", allowance_text_);
            text_field("max_payment_days", "form.payment_days", payment_days_text_);
            ImGui::TableNextRow();
            ImGui::TableNextColumn();
            ImGui::AlignTextToFramePadding();
            ImGui::TextUnformatted(tr("form.risk"));
            ImGui::TableNextColumn();
            std::string risk = tr("form.no_risk");
            for (const auto& r : risks_)
                if (r.id == input_.id_risk)
                    risk = r.name;
            ImGui::SetNextItemWidth(-1);
            if (ImGui::BeginCombo("##risk", risk.c_str())) {
                if (ImGui::Selectable(tr("form.no_risk"), input_.id_risk == 0))
                    input_.id_risk = 0;
                for (const auto& r : risks_)
                    if (ImGui::Selectable(r.name.c_str(), r.id == input_.id_risk))
                        input_.id_risk = static_cast<int>(r.id);
                ImGui::EndCombo();
            }
        }

        ImGui::TableNextRow();
        ImGui::TableNextColumn();
        ImGui::TextUnformatted(tr("form.note"));
        ImGui::TableNextColumn();
        if (ImGui::InputTextMultiline("##note", &input_.note, ImVec2(-1, fs * 4)))
            revalidate();
        field_error("note");
        ImGui::EndTable();
    }

    ImGui::Separator();
    const bool valid = errors_.empty();
    ImGui::BeginDisabled(!valid);
    if (ImGui::Button(tr("form.save"))) {
        if (std::int64_t saved = save()) {
            ctx_.nav.notify(tr("form.saved"));
            ctx_.nav.open_customer(saved);
            open_ = false;
        }
    }
    ImGui::EndDisabled();
    test_hooks::register_last_item((window_id() + ".save").c_str());
    ImGui::SameLine();
    if (ImGui::Button(tr("form.cancel")))
        open_ = false;
    if (!valid) {
        ImGui::SameLine();
        ImGui::TextDisabled("%s", tr("form.fix_errors"));
    }
    if (!save_error_.empty()) {
        ImGui::PushStyleColor(ImGuiCol_Text, palette().danger);
        ImGui::TextWrapped("%s", save_error_.c_str());
        ImGui::PopStyleColor();
    }
    ImGui::End();
    return open_;
}

} // namespace clientele::ui
