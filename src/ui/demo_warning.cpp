#include "ui/demo_warning.h"

#include "core/consents.h"
#include "core/i18n.h"
#include "ui/forms.h"
#include "ui/test_hooks.h"
#include "ui/theme.h"

#include <imgui.h>
#include <imgui_stdlib.h>

namespace clientele::ui {

namespace {

struct State {
    const core::Database* db = nullptr;
    std::uint64_t version = ~0ull;
    bool exposed = false;
    bool open_dialog = false;
    std::string password, error;
};

State& state() {
    static State s;
    return s;
}

} // namespace

bool DemoWarning::shown(Context& ctx) {
    State& s = state();
    core::Database& db = ctx.store.db();
    if (s.db != &db || s.version != db.data_version()) {
        s.db = &db;
        s.version = db.data_version();
        s.exposed = core::demo_account_status(db).exposed();
    }
    return s.exposed;
}

const std::string& DemoWarning::error() {
    return state().error;
}

bool DemoWarning::disable(Context& ctx) {
    try {
        core::disable_demo_account(ctx.store.db());
        state().error.clear();
        ctx.nav.notify(tr("demo_warning.disabled"));
        return true;
    } catch (const std::exception& e) {
        state().error = e.what();
    }
    return false;
}

bool DemoWarning::change_password(Context& ctx, const std::string& password) {
    try {
        core::change_demo_account_password(ctx.store.db(), password);
        state().error.clear();
        ctx.nav.notify(tr("demo_warning.changed"));
        return true;
    } catch (const core::ValidationError& e) {
        state().error = forms::first_error(e.errors(), "password");
    } catch (const std::exception& e) {
        state().error = e.what();
    }
    return false;
}

void DemoWarning::draw(Context& ctx) {
    if (!shown(ctx))
        return;
    State& s = state();
    const Palette& pal = palette();
    ImGui::PushStyleColor(ImGuiCol_ChildBg, pal.warn);
    ImGui::PushStyleColor(ImGuiCol_Text, IM_COL32(20, 20, 20, 255));
    ImGui::BeginChild("##demo_warning", ImVec2(0, ImGui::GetFrameHeight() + 10.0f), false,
                      ImGuiWindowFlags_NoScrollbar | ImGuiWindowFlags_AlwaysUseWindowPadding);
    ImGui::AlignTextToFramePadding();
    ImGui::Text("⚠ %s", tr("demo_warning.text"));
    test_hooks::register_last_item("demo_warning");
    ImGui::SameLine();
    if (ImGui::SmallButton(tr("demo_warning.disable")))
        disable(ctx);
    test_hooks::register_last_item("demo_warning.disable");
    ImGui::SameLine();
    if (ImGui::SmallButton(tr("demo_warning.change"))) {
        s.open_dialog = true;
        s.password.clear();
        s.error.clear();
    }
    test_hooks::register_last_item("demo_warning.change");
    ImGui::EndChild();
    ImGui::PopStyleColor(2);
    if (s.open_dialog) {
        ImGui::OpenPopup("##demo_password");
        s.open_dialog = false;
    }
    if (ImGui::BeginPopupModal("##demo_password", nullptr,
                               ImGuiWindowFlags_AlwaysAutoResize | ImGuiWindowFlags_NoTitleBar)) {
        ImGui::TextUnformatted(tr("demo_warning.new_password"));
        ImGui::SetNextItemWidth(ImGui::GetFontSize() * 16);
        ImGui::InputText("##password", &s.password, ImGuiInputTextFlags_Password);
        test_hooks::register_last_item("demo_warning.password");
        if (!s.error.empty())
            forms::danger_text(s.error);
        if (ImGui::Button(tr("form.save")) && change_password(ctx, s.password)) {
            s.password.clear();
            ImGui::CloseCurrentPopup();
        }
        test_hooks::register_last_item("demo_warning.save");
        ImGui::SameLine();
        if (ImGui::Button(tr("form.cancel"))) {
            s.password.clear();
            ImGui::CloseCurrentPopup();
        }
        ImGui::EndPopup();
    }
}

} // namespace clientele::ui
