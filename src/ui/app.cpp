// Sections: 1. construction and settings  2. frame and layout  3. top bar, sidebar, status bar
// 4. test state
#include "ui/app.h"

#include "core/i18n.h"
#include "ui/test_hooks.h"
#include "ui/views/customers_view.h"
#include "ui/views/overview_view.h"

#include <imgui.h>
#include <nlohmann/json.hpp>

#include <cstdio>

namespace clientele::ui {

// --- 1. construction and settings ---------------------------------------------------------

App::App(core::Store& store, Host& host) : ctx_{store, host} {
    views_.push_back(std::make_unique<CustomersView>(ctx_));
    views_.push_back(std::make_unique<OverviewView>(ctx_));
    core::i18n::set_language(store.setting("CL_UI_LANGUAGE", "en"));
    theme_ = store.setting("CL_UI_THEME", "light") == "dark" ? Theme::Dark : Theme::Light;
    current_ = store.setting("CL_UI_VIEW", views_.front()->id());
    bool known = false;
    for (auto& v : views_)
        known = known || current_ == v->id();
    if (!known)
        current_ = views_.front()->id();
}

App::~App() = default;

bool App::update_fonts(float pixel_ratio) {
    if (pixel_ratio <= 0.0f || pixel_ratio == pixel_ratio_)
        return false;
    pixel_ratio_ = pixel_ratio;
    build_fonts(pixel_ratio);
    apply_theme(theme_);
    return true;
}

void App::select_view(const std::string& id) {
    for (auto& v : views_) {
        if (id == v->id() && current_ != id) {
            current_ = id;
            ctx_.store.set_setting("CL_UI_VIEW", id);
        }
    }
}

std::vector<std::string> App::view_ids() const {
    std::vector<std::string> ids;
    for (auto& v : views_)
        ids.push_back(v->id());
    return ids;
}

void App::set_language(const std::string& iso) {
    core::i18n::set_language(iso);
    ctx_.store.set_setting("CL_UI_LANGUAGE", core::i18n::language());
}

void App::set_theme(Theme theme) {
    theme_ = theme;
    apply_theme(theme);
    ctx_.store.set_setting("CL_UI_THEME", theme == Theme::Dark ? "dark" : "light");
}

// --- 2. frame and layout -------------------------------------------------------------------

void App::frame() {
    test_hooks::begin_frame();
    const ImGuiViewport* vp = ImGui::GetMainViewport();
    ImGui::SetNextWindowPos(vp->WorkPos);
    ImGui::SetNextWindowSize(vp->WorkSize);
    ImGuiWindowFlags flags = ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove |
                             ImGuiWindowFlags_NoSavedSettings |
                             ImGuiWindowFlags_NoBringToFrontOnFocus;
    ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, ImVec2(0, 0));
    ImGui::Begin("##shell", nullptr, flags);
    ImGui::PopStyleVar();

    draw_top_bar();
    const float status_h = ImGui::GetFrameHeightWithSpacing() + 4.0f;
    const float body_h = ImGui::GetContentRegionAvail().y - status_h;
    ImGui::BeginChild("##nav", ImVec2(ImGui::GetFontSize() * 12.0f, body_h), true);
    draw_sidebar();
    ImGui::EndChild();
    ImGui::SameLine(0, 0);
    ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, ImVec2(10, 8));
    ImGui::BeginChild("##content", ImVec2(0, body_h), false,
                      ImGuiWindowFlags_AlwaysUseWindowPadding);
    for (auto& v : views_) {
        if (current_ == v->id())
            v->draw();
    }
    ImGui::EndChild();
    ImGui::PopStyleVar();
    draw_status_bar();
    ImGui::End();
}

// --- 3. top bar, sidebar, status bar ----------------------------------------------------------

void App::draw_top_bar() {
    ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, ImVec2(10, 6));
    ImGui::BeginChild("##top", ImVec2(0, ImGui::GetFrameHeight() + 12.0f), false,
                      ImGuiWindowFlags_AlwaysUseWindowPadding | ImGuiWindowFlags_NoScrollbar);
    ImGui::AlignTextToFramePadding();
    ImGui::TextUnformatted("Clientèle");
    ImGui::SameLine();
    ImGui::TextDisabled("%s", tr("app.tagline"));

    const float combo_w = ImGui::GetFontSize() * 8.0f;
    const char* theme_label = theme_ == Theme::Dark ? tr("theme.light") : tr("theme.dark");
    const float theme_w = ImGui::CalcTextSize(theme_label).x + ImGui::GetStyle().FramePadding.x * 2;
    ImGui::SameLine(ImGui::GetWindowWidth() - combo_w - theme_w - 30.0f);
    if (ImGui::Button(theme_label))
        set_theme(theme_ == Theme::Dark ? Theme::Light : Theme::Dark);
    test_hooks::register_last_item("theme.toggle");
    ImGui::SameLine();
    ImGui::SetNextItemWidth(combo_w);
    const std::string lang = core::i18n::language();
    if (ImGui::BeginCombo("##language", core::i18n::language_name(lang))) {
        for (const std::string& iso : core::i18n::languages()) {
            if (ImGui::Selectable(core::i18n::language_name(iso), iso == lang))
                set_language(iso);
            test_hooks::register_last_item(("language." + iso).c_str());
        }
        ImGui::EndCombo();
    }
    test_hooks::register_last_item("language");
    ImGui::EndChild();
}

void App::draw_sidebar() {
    ImGui::TextDisabled("%s", tr("nav.heading"));
    ImGui::Separator();
    for (auto& v : views_) {
        if (ImGui::Selectable(tr(v->title_key()), current_ == v->id()))
            select_view(v->id());
        test_hooks::register_last_item(("nav." + std::string(v->id())).c_str());
    }
}

void App::refresh_counts() {
    std::uint64_t version = ctx_.store.db().data_version();
    if (version == counts_version_)
        return;
    counts_version_ = version;
    counts_ = ctx_.store.table_counts();
    db_bytes_ = ctx_.store.db().size_bytes();
}

void App::draw_status_bar() {
    refresh_counts();
    ImGui::Separator();
    ImGui::SetCursorPosX(10.0f);
    ImGui::AlignTextToFramePadding();
    auto count = [&](const char* name) -> long long {
        for (auto& [k, v] : counts_)
            if (k == name)
                return v;
        return 0;
    };
    ImGui::Text("%s %s   %s %s   %s %s   %s %.1f MB", tr("status.customers"),
                core::i18n::format_number(count("customers")).c_str(), tr("status.orders"),
                core::i18n::format_number(count("orders")).c_str(), tr("status.carts"),
                core::i18n::format_number(count("carts")).c_str(), tr("status.database"),
                static_cast<double>(db_bytes_) / (1024.0 * 1024.0));
    const SaveState st = ctx_.host.save_state();
    const char* label = st == SaveState::Saved    ? tr("status.saved")
                        : st == SaveState::Saving ? tr("status.saving")
                                                  : tr("status.save_failed");
    const Palette& pal = palette();
    ImU32 col = st == SaveState::Saved ? pal.ok : st == SaveState::Saving ? pal.warn : pal.danger;
    const float w = ImGui::CalcTextSize(label).x + ImGui::GetFontSize() * 1.5f;
    ImGui::SameLine(ImGui::GetWindowWidth() - w - 12.0f);
    ImGui::PushStyleColor(ImGuiCol_Text, col);
    ImGui::Text("● %s", label);
    ImGui::PopStyleColor();
    test_hooks::register_last_item("status.saved");
}

// --- 4. test state --------------------------------------------------------------------------

std::string App::state_json() {
    refresh_counts();
    nlohmann::json j;
    j["view"] = current_;
    j["views"] = view_ids();
    j["language"] = core::i18n::language();
    j["theme"] = theme_ == Theme::Dark ? "dark" : "light";
    const SaveState st = ctx_.host.save_state();
    j["saved"] = st == SaveState::Saved;
    j["save_state"] = st == SaveState::Saved    ? "saved"
                      : st == SaveState::Saving ? "saving"
                                                : "failed";
    j["platform"] = ctx_.host.platform_name();
    j["pixel_ratio"] = pixel_ratio_;
    for (auto& [k, v] : counts_)
        j["counts"][k] = v;
    j["db_bytes"] = db_bytes_;
    for (auto& v : views_) {
        if (auto* cv = dynamic_cast<CustomersView*>(v.get()))
            j["customers"] = nlohmann::json::parse(cv->state_json());
    }
    return j.dump();
}

} // namespace clientele::ui
