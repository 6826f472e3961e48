#include "ui/forms.h"

#include "core/i18n.h"
#include "ui/test_hooks.h"
#include "ui/theme.h"

#include <imgui.h>
#include <imgui_stdlib.h>

#include <cstdlib>

namespace clientele::ui::forms {

void row(const char* label_key) {
    ImGui::TableNextRow();
    ImGui::TableNextColumn();
    ImGui::AlignTextToFramePadding();
    ImGui::TextUnformatted(tr(label_key));
    ImGui::TableNextColumn();
}

void hint(const char* text) {
    ImGui::PushStyleColor(ImGuiCol_Text, ImGui::GetStyleColorVec4(ImGuiCol_TextDisabled));
    ImGui::TextWrapped("%s", text);
    ImGui::PopStyleColor();
}

void danger_text(const std::string& message) {
    ImGui::PushStyleColor(ImGuiCol_Text, palette().danger);
    ImGui::TextWrapped("%s", message.c_str());
    ImGui::PopStyleColor();
}

void errors(const std::vector<core::FieldError>& errors, const std::string& field) {
    for (const auto& e : errors)
        if (e.field == field)
            danger_text(tr(e.code.c_str()));
}

std::string first_error(const std::vector<core::FieldError>& errors, const std::string& field) {
    for (const auto& e : errors)
        if (e.field == field)
            return tr(e.code.c_str());
    return {};
}

bool text(const std::string& hook, const char* field, std::string& value, bool multiline) {
    const std::string id = "##" + std::string(field);
    ImGui::SetNextItemWidth(-1);
    const bool changed =
        multiline
            ? ImGui::InputTextMultiline(id.c_str(), &value, ImVec2(-1, ImGui::GetFontSize() * 4.5f))
            : ImGui::InputText(id.c_str(), &value);
    test_hooks::register_last_item((hook + "." + field).c_str());
    return changed;
}

bool lang_texts(const std::string& hook, const char* field, const char* label_key,
                const std::vector<core::NamedId>& languages, std::map<int, std::string>& values,
                const std::vector<core::FieldError>* shown, bool multiline) {
    bool changed = false;
    for (const auto& lang : languages) {
        ImGui::TableNextRow();
        ImGui::TableNextColumn();
        ImGui::AlignTextToFramePadding();
        // ps_lang names read "Français (French)": the language's own name is enough here.
        const std::string own = lang.name.substr(0, lang.name.find(" ("));
        ImGui::Text("%s (%s)", tr(label_key), own.c_str());
        ImGui::TableNextColumn();
        const std::string name = std::string(field) + "[" + std::to_string(lang.id) + "]";
        changed |= text(hook, name.c_str(), values[static_cast<int>(lang.id)], multiline);
        if (shown)
            errors(*shown, name);
    }
    return changed;
}

bool number(const std::string& hook, const char* field, std::string& text_value, double& parsed,
            bool& valid) {
    const bool changed = text(hook, field, text_value);
    char* end = nullptr;
    const double v = std::strtod(text_value.c_str(), &end);
    valid = !text_value.empty() && end && *end == '\0';
    if (valid)
        parsed = v;
    return changed;
}

} // namespace clientele::ui::forms
