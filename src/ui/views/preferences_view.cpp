#include "ui/views/preferences_view.h"

#include "core/i18n.h"
#include "ui/forms.h"
#include "ui/test_hooks.h"
#include "ui/views/addresses_view.h"

#include <imgui.h>
#include <nlohmann/json.hpp>

namespace clientele::ui {

namespace {
// A whole number as typed: nullopt-like -1 marker handled by the caller.
bool parse_whole(const std::string& text, std::int64_t& out) {
    if (text.empty())
        return false;
    try {
        std::size_t used = 0;
        const long long v = std::stoll(text, &used);
        if (used != text.size())
            return false;
        out = v;
        return true;
    } catch (const std::exception&) {
        return false;
    }
}
} // namespace

PreferencesView::PreferencesView(Context& ctx) : ctx_(ctx) {}

void PreferencesView::load() {
    version_ = ctx_.store.db().data_version();
    input_ = core::load_preferences(ctx_.store.db());
    delay_text_ = std::to_string(input_.password_delay);
    hours_text_ = std::to_string(input_.abandoned_cart_hours);
    errors_.clear();
    edited_ = false;
}

bool PreferencesView::save() {
    errors_.clear();
    if (!parse_whole(delay_text_, input_.password_delay))
        errors_.push_back({"password_delay", "is not a whole number", "err.not_a_number"});
    if (!parse_whole(hours_text_, input_.abandoned_cart_hours))
        errors_.push_back({"abandoned_cart_hours", "is not a whole number", "err.not_a_number"});
    // Core's rules for what did parse, so every problem shows at once.
    for (const core::FieldError& e : core::validate_preferences(input_)) {
        bool shown = false;
        for (const auto& p : errors_)
            shown = shown || p.field == e.field;
        if (!shown)
            errors_.push_back(e);
    }
    if (!errors_.empty())
        return false;
    try {
        core::save_preferences(ctx_.store.db(), input_);
    } catch (const core::ValidationError& e) {
        errors_ = e.errors();
        return false;
    }
    load();
    ctx_.nav.notify(tr("preferences.saved"));
    return true;
}

void PreferencesView::draw() {
    if (!edited_ && version_ != ctx_.store.db().data_version())
        load();
    const float fs = ImGui::GetFontSize();
    forms::hint(tr("preferences.intro"));
    ImGui::Spacing();
    if (!ImGui::BeginTable("##preferences", 2, ImGuiTableFlags_SizingStretchProp))
        return;
    ImGui::TableSetupColumn("##label", ImGuiTableColumnFlags_WidthFixed, fs * 18);
    ImGui::TableSetupColumn("##value", ImGuiTableColumnFlags_WidthStretch);
    auto yes_no = [&](const char* label_key, const char* hook, bool& value) {
        forms::row(label_key);
        int v = value ? 1 : 0;
        if (ImGui::RadioButton((std::string(tr("common.yes")) + "##" + hook).c_str(), &v, 1))
            edited_ = true;
        test_hooks::register_last_item((std::string("preferences.") + hook + ".yes").c_str());
        ImGui::SameLine();
        if (ImGui::RadioButton((std::string(tr("common.no")) + "##" + hook).c_str(), &v, 0))
            edited_ = true;
        test_hooks::register_last_item((std::string("preferences.") + hook + ".no").c_str());
        value = v == 1;
    };
    forms::row("preferences.registration");
    int reg = static_cast<int>(input_.registration);
    if (ImGui::RadioButton(tr("preferences.account_only"), &reg, 0))
        edited_ = true;
    test_hooks::register_last_item("preferences.registration.account_only");
    ImGui::SameLine();
    if (ImGui::RadioButton(tr("preferences.standard"), &reg, 1))
        edited_ = true;
    test_hooks::register_last_item("preferences.registration.standard");
    input_.registration = static_cast<core::RegistrationProcess>(reg);
    forms::errors(errors_, "registration");
    yes_no("preferences.cart_following", "cart_following", input_.cart_following);
    yes_no("preferences.welcome_email", "welcome_email", input_.welcome_email);
    forms::row("preferences.password_delay");
    double ignored = 0;
    bool valid = false;
    if (forms::number("preferences", "password_delay", delay_text_, ignored, valid))
        edited_ = true;
    forms::errors(errors_, "password_delay");
    yes_no("preferences.b2b", "b2b", input_.b2b);
    yes_no("preferences.birthdate", "birthdate", input_.birthdate);
    yes_no("preferences.optin", "optin", input_.optin);
    forms::row("preferences.abandoned_hours");
    if (forms::number("preferences", "abandoned_cart_hours", hours_text_, ignored, valid))
        edited_ = true;
    forms::errors(errors_, "abandoned_cart_hours");
    ImGui::EndTable();
    ImGui::Spacing();
    if (ImGui::Button(tr("form.save")))
        save();
    test_hooks::register_last_item("preferences.save");
    ImGui::SameLine();
    ImGui::BeginDisabled(!edited_);
    if (ImGui::Button(tr("form.cancel")))
        load();
    ImGui::EndDisabled();
    test_hooks::register_last_item("preferences.cancel");

    // Required address fields: saved at each tick, like on the Addresses screen.
    ImGui::Spacing();
    ImGui::Separator();
    ImGui::TextUnformatted(tr("preferences.address_required"));
    forms::hint(tr("address.required_hint"));
    draw_required_address_fields(ctx_, "preferences.required");
}

std::string PreferencesView::state_json() {
    if (!edited_ && version_ != ctx_.store.db().data_version())
        load();
    nlohmann::json errors = nlohmann::json::array();
    for (const auto& e : errors_)
        errors.push_back({{"field", e.field}, {"code", e.code}});
    return nlohmann::json{{"registration", static_cast<int>(input_.registration)},
                          {"b2b", input_.b2b},
                          {"password_delay", delay_text_},
                          {"abandoned_cart_hours", hours_text_},
                          {"edited", edited_},
                          {"errors", errors}}
        .dump();
}

} // namespace clientele::ui
