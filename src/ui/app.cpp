// Sections: 1. construction and settings  2. frame and layout  3. top bar, sidebar, status bar
// 4. windows, jobs, notifications, shortcuts  5. test state
#include "ui/app.h"

#include "core/audit.h"
#include "core/i18n.h"
#include "ui/demo_warning.h"
#include "ui/keys.h"
#include "ui/test_hooks.h"
#include "ui/views/addresses_view.h"
#include "ui/views/carts_view.h"
#include "ui/views/contacts_view.h"
#include "ui/views/customer_form_view.h"
#include "ui/views/customer_sheet_view.h"
#include "ui/views/customers_view.h"
#include "ui/views/data_view.h"
#include "ui/views/duplicates_view.h"
#include "ui/views/followup_view.h"
#include "ui/views/groups_view.h"
#include "ui/views/loyalty_view.h"
#include "ui/views/orders_view.h"
#include "ui/views/outstanding_view.h"
#include "ui/views/overview_view.h"
#include "ui/views/preferences_view.h"
#include "ui/views/reviews_view.h"
#include "ui/views/segments_view.h"
#include "ui/views/service_view.h"
#include "ui/views/statistics_view.h"
#include "ui/views/subscriptions_view.h"
#include "ui/views/titles_view.h"

#include <imgui.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <chrono>
#include <cstdio>

namespace clientele::ui {

// --- 1. construction and settings ---------------------------------------------------------

App::App(core::Store& store, Host& host) : ctx_{store, host, *this} {
    // The sidebar, section by section (PrestaShop's Customers menu first).
    auto add = [this](const char* section, std::unique_ptr<View> view) {
        sections_.push_back(section);
        views_.push_back(std::move(view));
    };
    const char* customers = "nav.section.customers";
    add(customers, std::make_unique<CustomersView>(ctx_));
    add(customers, std::make_unique<AddressesView>(ctx_));
    add(customers, std::make_unique<GroupsView>(ctx_));
    add(customers, std::make_unique<TitlesView>(ctx_));
    add(customers, std::make_unique<SegmentsView>(ctx_));
    add(customers, std::make_unique<OutstandingView>(ctx_));
    add(customers, std::make_unique<DuplicatesView>(ctx_));
    add(customers, std::make_unique<PreferencesView>(ctx_));
    const char* orders = "nav.section.orders";
    add(orders, std::make_unique<OrdersView>(ctx_));
    add(orders, std::make_unique<CartsView>(ctx_));
    const char* service = "nav.section.service";
    add(service, std::make_unique<ServiceView>(ctx_));
    add(service, std::make_unique<ContactsView>(ctx_));
    const char* marketing = "nav.section.marketing";
    add(marketing, std::make_unique<StatisticsView>(ctx_));
    add(marketing, std::make_unique<FollowupView>(ctx_));
    add(marketing, std::make_unique<LoyaltyView>(ctx_));
    add(marketing, std::make_unique<SubscriptionsView>(ctx_));
    add(marketing, std::make_unique<ReviewsView>(ctx_));
    const char* data = "nav.section.data";
    add(data, std::make_unique<DataView>(ctx_));
    add(data, std::make_unique<OverviewView>(ctx_));
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

void App::receive_file(const std::string& name, std::string bytes) {
    for (auto* list : {&windows_, &opening_})
        for (auto& w : *list)
            if (w && w->wants_file()) {
                w->receive_file(name, std::move(bytes));
                return;
            }
    for (auto& v : views_) {
        if (auto* data = dynamic_cast<DataView*>(v.get())) {
            select_view(data->id());
            data->receive_file(name, std::move(bytes));
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
    const auto started = std::chrono::steady_clock::now();
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
    DemoWarning::draw(ctx_);
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
    draw_windows();
    draw_job();
    draw_notifications();
    handle_shortcuts();
    frame_ms_ =
        std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started)
            .count();
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
    const char* section = nullptr;
    for (std::size_t i = 0; i < views_.size(); ++i) {
        auto& v = views_[i];
        if (section != sections_[i]) {
            section = sections_[i];
            if (i > 0)
                ImGui::Spacing();
            ImGui::TextDisabled("%s", tr(section));
            ImGui::Separator();
        }
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

// --- 4. windows, jobs, notifications, shortcuts ------------------------------------------------

void App::open_window(std::unique_ptr<Window> w) {
    focus_window_ = w->window_id();
    for (auto* list : {&windows_, &opening_})
        for (auto& existing : *list)
            if (existing && existing->window_id() == focus_window_)
                return; // already open: focused below
    opening_.push_back(std::move(w));
}

void App::open_customer(std::int64_t id) {
    open_window(std::make_unique<CustomerSheetView>(ctx_, id));
}

void App::edit_customer(std::int64_t id) {
    open_window(std::make_unique<CustomerFormView>(ctx_, id));
}

void App::run_job(std::unique_ptr<core::Job> job, std::function<void(core::Job&)> done) {
    if (job_)
        return;
    job_ = std::move(job);
    job_done_ = std::move(done);
}

void App::notify(const std::string& message) {
    message_ = message;
    message_until_ = ImGui::GetTime() + 4.0;
}

void App::undo() {
    if (job_)
        return;
    if (auto summary = core::audit::undo(ctx_.store.db()))
        notify(std::string(tr("undo.done")) + " " + *summary);
    else
        notify(tr("undo.nothing"));
}

void App::redo() {
    if (job_)
        return;
    if (auto summary = core::audit::redo(ctx_.store.db()))
        notify(std::string(tr("redo.done")) + " " + *summary);
    else
        notify(tr("redo.nothing"));
}

void App::draw_windows() {
    for (auto& w : opening_)
        windows_.push_back(std::move(w));
    opening_.clear();
    for (auto& w : windows_) {
        if (w->window_id() == focus_window_) {
            ImGui::SetNextWindowFocus();
            focus_window_.clear();
        }
        if (!w->draw())
            w.reset();
    }
    windows_.erase(std::remove(windows_.begin(), windows_.end(), nullptr), windows_.end());
}

// A running job: a few milliseconds of work per frame behind a modal progress dialog, so the
// page keeps drawing and the user can cancel.
void App::draw_job() {
    if (!job_)
        return;
    job_->step(std::chrono::milliseconds(8));
    if (!ImGui::IsPopupOpen("##job"))
        ImGui::OpenPopup("##job");
    const ImGuiViewport* vp = ImGui::GetMainViewport();
    ImGui::SetNextWindowPos(
        ImVec2(vp->WorkPos.x + vp->WorkSize.x / 2, vp->WorkPos.y + vp->WorkSize.y / 2),
        ImGuiCond_Always, ImVec2(0.5f, 0.5f));
    if (ImGui::BeginPopupModal("##job", nullptr,
                               ImGuiWindowFlags_AlwaysAutoResize | ImGuiWindowFlags_NoTitleBar)) {
        ImGui::TextUnformatted(job_->title().c_str());
        const std::string overlay = core::i18n::format_number(job_->done()) + " / " +
                                    core::i18n::format_number(job_->total());
        ImGui::ProgressBar(static_cast<float>(job_->progress()),
                           ImVec2(ImGui::GetFontSize() * 20, 0), overlay.c_str());
        test_hooks::register_last_item("job.progress");
        if (ImGui::Button(tr("job.cancel")))
            job_->cancel();
        test_hooks::register_last_item("job.cancel");
        if (job_->finished())
            ImGui::CloseCurrentPopup();
        ImGui::EndPopup();
    }
    if (job_->finished()) {
        std::unique_ptr<core::Job> finished = std::move(job_);
        auto done = std::move(job_done_);
        if (!finished->error().empty())
            notify(std::string(tr("job.failed")) + " " + finished->error());
        else if (finished->cancelled())
            notify(tr("job.cancelled"));
        if (done)
            done(*finished);
    }
}

void App::draw_notifications() {
    if (message_.empty() || ImGui::GetTime() > message_until_)
        return;
    const ImGuiViewport* vp = ImGui::GetMainViewport();
    ImGui::SetNextWindowPos(ImVec2(vp->WorkPos.x + vp->WorkSize.x - 16, vp->WorkPos.y + 48),
                            ImGuiCond_Always, ImVec2(1.0f, 0.0f));
    ImGui::SetNextWindowBgAlpha(0.92f);
    ImGui::Begin("##toast", nullptr,
                 ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_AlwaysAutoResize |
                     ImGuiWindowFlags_NoFocusOnAppearing | ImGuiWindowFlags_NoNav |
                     ImGuiWindowFlags_NoSavedSettings);
    ImGui::TextUnformatted(message_.c_str());
    ImGui::End();
}

void App::handle_shortcuts() {
    // Text fields keep their own Ctrl+Z; the app's undo applies when no text is being edited.
    if (ImGui::GetIO().WantTextInput || !keys::ctrl())
        return;
    if (keys::pressed(ImGuiKey_Z, false)) {
        if (keys::shift())
            redo();
        else
            undo();
    } else if (keys::pressed(ImGuiKey_Y, false)) {
        redo();
    }
}

// --- 5. test state --------------------------------------------------------------------------

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
    j["job"] = job_ ? job_->title() : "";
    j["job_done"] = job_ ? job_->done() : 0;
    j["job_total"] = job_ ? job_->total() : 0;
    j["frame_ms"] = frame_ms_;
    j["frame"] = ImGui::GetFrameCount();            // frames drawn so far
    j["text_input"] = ImGui::GetIO().WantTextInput; // a text field has the keyboard
    j["message"] = ImGui::GetTime() <= message_until_ ? message_ : "";
    j["windows"] = nlohmann::json::array();
    j["window_states"] = nlohmann::json::object();
    for (auto* list : {&windows_, &opening_})
        for (auto& w : *list) {
            j["windows"].push_back(w->window_id());
            j["window_states"][w->window_id()] = nlohmann::json::parse(w->state_json());
        }
    for (auto& v : views_) {
        const std::string s = v->state_json();
        if (s != "{}")
            j[v->id()] = nlohmann::json::parse(s);
    }
    return j.dump();
}

} // namespace clientele::ui
