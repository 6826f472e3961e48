// Sections: 1. settings  2. cards  3. run  4. statistics  5. test state
#include "ui/views/followup_view.h"

#include "core/customer_query.h"
#include "core/i18n.h"
#include "core/segments.h"
#include "ui/forms.h"
#include "ui/test_hooks.h"
#include "ui/theme.h"

#include <imgui.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>
#include <memory>
#include <type_traits>

namespace clientele::ui {

namespace {

std::string number_text(double v) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%g", v);
    return buf;
}

bool parse(const std::string& text, double& out) {
    char* end = nullptr;
    const double v = std::strtod(text.c_str(), &end);
    if (text.empty() || *end != '\0' || !std::isfinite(v))
        return false;
    out = v;
    return true;
}

std::string event_key(const char* what, core::FollowupEvent e) {
    return std::string("followup.") + what + "_" + std::to_string(static_cast<int>(e));
}

// Audiences asked for by Customers > Segments, per shop: {text, name}.
std::map<const core::Database*, std::pair<std::string, std::string>>& audience_requests() {
    static std::map<const core::Database*, std::pair<std::string, std::string>> requests;
    return requests;
}

} // namespace

// --- 1. settings ---------------------------------------------------------------------------------

FollowupView::FollowupView(Context& ctx) : ctx_(ctx) {}

void FollowupView::load() {
    settings_ = core::load_followup_settings(ctx_.store.db());
    for (int i = 0; i < 4; ++i) {
        percent_[i] = number_text(settings_.events[i].percent);
        days_[i] = std::to_string(settings_.events[i].validity_days);
    }
    threshold_ = number_text(settings_.best_threshold);
    inactive_ = std::to_string(settings_.inactive_days);
    errors_.clear();
    edited_ = false;
}

void FollowupView::request_audience(const core::Database& db, std::string text, std::string name) {
    audience_requests()[&db] = {std::move(text), std::move(name)};
}

void FollowupView::set_audience(const std::string& text, const std::string& name) {
    audience_text_ = text;
    audience_name_ = text.empty() ? "" : name;
    version_ = ~0ull; // members and preview are read again by refresh()
}

// The audience's members (sorted ids), or none for every customer.
void FollowupView::read_members() {
    audience_error_.clear();
    only_.reset();
    if (audience_text_.empty())
        return;
    try {
        core::CustomerQuery q;
        q.segment = audience_text_;
        std::vector<std::int64_t> ids = core::query_customer_ids(ctx_.store.db(), q);
        std::sort(ids.begin(), ids.end());
        only_ = std::move(ids);
    } catch (const std::exception& e) {
        audience_error_ = e.what();
        only_ = std::vector<std::int64_t>{}; // a broken segment reaches nobody
    }
}

// Figures, the audience's members and (unless being edited) settings follow the data.
void FollowupView::refresh() {
    core::Database& db = ctx_.store.db();
    auto& requests = audience_requests();
    if (auto r = requests.find(&db); r != requests.end()) {
        const auto [text, name] = r->second;
        requests.erase(r);
        set_audience(text, name);
    }
    if (version_ == db.data_version())
        return;
    version_ = db.data_version();
    if (!edited_)
        load();
    read_members();
    const core::FollowupSettings saved = core::load_followup_settings(db);
    preview_ = core::preview_followup(db, saved, "", only_ ? &*only_ : nullptr);
    stats_ = core::followup_stats(db, "", 30);
}

std::string* FollowupView::text_of(const std::string& field) {
    for (int n = 1; n <= 4; ++n) {
        if (field == "percent_" + std::to_string(n))
            return &percent_[n - 1];
        if (field == "days_" + std::to_string(n))
            return &days_[n - 1];
    }
    if (field == "threshold_3")
        return &threshold_;
    if (field == "days_threshold_4")
        return &inactive_;
    return nullptr;
}

void FollowupView::revalidate() {
    errors_.clear();
    auto number = [&](const std::string& field, const std::string& text, auto& target) {
        double v = 0;
        if (!parse(text, v)) {
            errors_.push_back({field, "is not a number", "err.not_a_number"});
            return;
        }
        target = static_cast<std::remove_reference_t<decltype(target)>>(v);
    };
    for (int n = 1; n <= 4; ++n) {
        number("percent_" + std::to_string(n), percent_[n - 1], settings_.events[n - 1].percent);
        number("days_" + std::to_string(n), days_[n - 1], settings_.events[n - 1].validity_days);
    }
    number("threshold_3", threshold_, settings_.best_threshold);
    number("days_threshold_4", inactive_, settings_.inactive_days);
    for (const core::FieldError& e : core::validate_followup_settings(settings_)) {
        bool shown = false;
        for (const auto& p : errors_)
            shown = shown || p.field == e.field;
        if (!shown)
            errors_.push_back(e);
    }
}

void FollowupView::set_enabled(core::FollowupEvent e, bool on) {
    refresh();
    settings_.of(e).enabled = on;
    edited_ = true;
    revalidate();
}

void FollowupView::set_field(const std::string& field, const std::string& text) {
    refresh();
    if (std::string* t = text_of(field)) {
        *t = text;
        edited_ = true;
        revalidate();
    }
}

bool FollowupView::save() {
    revalidate();
    if (!errors_.empty())
        return false;
    try {
        core::save_followup_settings(ctx_.store.db(), settings_);
    } catch (const core::ValidationError& e) {
        errors_ = e.errors();
        return false;
    }
    edited_ = false;
    version_ = ~0ull;
    refresh();
    ctx_.nav.notify(tr("followup.saved"));
    return true;
}

const std::array<std::int64_t, 4>& FollowupView::preview() {
    refresh();
    return preview_;
}

const std::vector<core::FollowupStats>& FollowupView::stats() {
    refresh();
    return stats_;
}

// --- 2. cards ------------------------------------------------------------------------------------

void FollowupView::draw_card(core::FollowupEvent e) {
    const int n = static_cast<int>(e);
    const std::string hook = "followup";
    ImGui::PushID(n);
    ImGui::BeginChild("##card", ImVec2(0, ImGui::GetFontSize() * (n >= 3 ? 11.5f : 9.5f)), true);
    ImGui::TextUnformatted(tr(event_key("title", e).c_str()));
    ImGui::SameLine();
    ImGui::TextDisabled("%s",
                        core::i18n::format_count("followup.would_reach", preview_[n - 1]).c_str());
    test_hooks::register_last_item(("followup.preview_" + std::to_string(n)).c_str());
    forms::hint(tr(event_key("hint", e).c_str()));
    bool on = settings_.of(e).enabled;
    if (ImGui::Checkbox(tr("followup.enabled"), &on))
        set_enabled(e, on);
    test_hooks::register_last_item(("followup.enabled_" + std::to_string(n)).c_str());
    if (ImGui::BeginTable("##fields", 2, ImGuiTableFlags_SizingStretchProp)) {
        ImGui::TableSetupColumn("label", ImGuiTableColumnFlags_WidthFixed,
                                ImGui::GetFontSize() * 14);
        ImGui::TableSetupColumn("value", ImGuiTableColumnFlags_WidthStretch);
        auto field = [&](const char* label_key, const std::string& name) {
            forms::row(label_key);
            std::string* t = text_of(name);
            ImGui::PushItemWidth(ImGui::GetFontSize() * 8);
            if (forms::text(hook, name.c_str(), *t)) {
                edited_ = true;
                revalidate();
            }
            ImGui::PopItemWidth();
            forms::errors(errors_, name);
        };
        field("followup.percent", "percent_" + std::to_string(n));
        field("followup.validity", "days_" + std::to_string(n));
        if (e == core::FollowupEvent::BestCustomer)
            field("followup.threshold", "threshold_3");
        if (e == core::FollowupEvent::Inactive)
            field("followup.inactive_days", "days_threshold_4");
        ImGui::EndTable();
    }
    ImGui::EndChild();
    ImGui::PopID();
}

// --- 3. run --------------------------------------------------------------------------------------

bool FollowupView::run() {
    refresh();
    if (edited_ || ctx_.nav.job_running())
        return false;
    auto job = std::make_unique<core::FollowupRunJob>(ctx_.store.db(), "", only_);
    ctx_.nav.run_job(std::move(job), [this](core::Job& j) {
        auto& run = static_cast<core::FollowupRunJob&>(j);
        if (!j.cancelled() && j.error().empty()) {
            last_sent_ = run.result().total();
            ctx_.nav.notify(core::i18n::format_count("followup.sent", last_sent_));
        }
        version_ = ~0ull;
    });
    return true;
}

void FollowupView::draw_confirm() {
    if (confirm_) {
        ImGui::OpenPopup("##followup_confirm");
        confirm_ = false;
    }
    if (!ImGui::BeginPopupModal("##followup_confirm", nullptr,
                                ImGuiWindowFlags_AlwaysAutoResize | ImGuiWindowFlags_NoTitleBar))
        return;
    ImGui::TextUnformatted(tr("followup.confirm"));
    if (only_)
        ImGui::TextUnformatted((std::string(tr("followup.audience")) + ": " +
                                (audience_name_.empty() ? audience_text_ : audience_name_))
                                   .c_str());
    std::int64_t total = 0;
    for (core::FollowupEvent e : core::kFollowupEvents) {
        if (!settings_.of(e).enabled)
            continue;
        const std::int64_t n = preview_[core::followup_index(e)];
        total += n;
        ImGui::BulletText("%s: %s", tr(event_key("title", e).c_str()),
                          core::i18n::format_number(n).c_str());
    }
    ImGui::TextUnformatted(core::i18n::format_count("followup.confirm_total", total).c_str());
    if (ImGui::Button(tr("followup.run"))) {
        run();
        ImGui::CloseCurrentPopup();
    }
    test_hooks::register_last_item("followup.confirm");
    ImGui::SameLine();
    if (ImGui::Button(tr("form.cancel")))
        ImGui::CloseCurrentPopup();
    test_hooks::register_last_item("followup.confirm_cancel");
    ImGui::EndPopup();
}

// --- 4. statistics
// --------------------------------------------------------------------------------

void FollowupView::draw_stats() {
    ImGui::Spacing();
    ImGui::TextUnformatted(tr("followup.stats"));
    if (!ImGui::BeginTable("##stats", 4,
                           ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerH |
                               ImGuiTableFlags_SizingStretchProp))
        return;
    ImGui::TableSetupColumn(tr("followup.event"));
    ImGui::TableSetupColumn(tr("followup.stat_sent"));
    ImGui::TableSetupColumn(tr("followup.stat_used"));
    ImGui::TableSetupColumn(tr("followup.stat_conversion"));
    ImGui::TableHeadersRow();
    for (const core::FollowupStats& s : stats_) {
        ImGui::TableNextRow();
        ImGui::TableNextColumn();
        ImGui::TextUnformatted(tr(event_key("title", s.event).c_str()));
        ImGui::TableNextColumn();
        ImGui::TextUnformatted(core::i18n::format_number(s.sent).c_str());
        test_hooks::register_last_item(
            ("followup.stat_sent_" + std::to_string(static_cast<int>(s.event))).c_str());
        ImGui::TableNextColumn();
        ImGui::TextUnformatted(core::i18n::format_number(s.used).c_str());
        ImGui::TableNextColumn();
        ImGui::Text("%.1f %%", s.conversion);
    }
    ImGui::EndTable();
}

// "Audience": every customer or a saved segment (or the text Customers > Segments sent).
void FollowupView::draw_audience() {
    ImGui::AlignTextToFramePadding();
    ImGui::TextUnformatted(tr("followup.audience"));
    ImGui::SameLine();
    const std::string shown = audience_text_.empty()   ? tr("followup.everyone")
                              : audience_name_.empty() ? audience_text_
                                                       : audience_name_;
    ImGui::SetNextItemWidth(ImGui::GetFontSize() * 20);
    if (ImGui::BeginCombo("##audience", shown.c_str())) {
        if (ImGui::Selectable(tr("followup.everyone"), audience_text_.empty()))
            set_audience("");
        test_hooks::register_last_item("followup.audience.everyone");
        for (const core::SavedSegment& seg : core::list_segments(ctx_.store.db())) {
            if (ImGui::Selectable(seg.name.c_str(), audience_name_ == seg.name))
                set_audience(seg.text, seg.name);
            test_hooks::register_last_item(("followup.audience." + seg.name).c_str());
        }
        ImGui::EndCombo();
    }
    test_hooks::register_last_item("followup.audience");
    if (only_) {
        ImGui::SameLine();
        ImGui::TextDisabled("%s", core::i18n::format_count("followup.members",
                                                           static_cast<long long>(only_->size()))
                                      .c_str());
    }
    if (!audience_error_.empty())
        forms::danger_text(audience_error_);
}

void FollowupView::draw() {
    refresh();
    forms::hint(tr("followup.intro"));
    ImGui::Spacing();
    draw_audience();
    ImGui::Spacing();
    ImGui::BeginDisabled(!errors_.empty() || !edited_);
    if (ImGui::Button(tr("form.save")))
        save();
    ImGui::EndDisabled();
    test_hooks::register_last_item("followup.save");
    ImGui::SameLine();
    ImGui::BeginDisabled(!edited_);
    if (ImGui::Button(tr("form.cancel")))
        load();
    ImGui::EndDisabled();
    test_hooks::register_last_item("followup.cancel");
    ImGui::SameLine();
    bool any = false;
    for (const auto& e : settings_.events)
        any = any || e.enabled;
    ImGui::BeginDisabled(edited_ || !any || ctx_.nav.job_running());
    if (ImGui::Button(tr("followup.run_now")))
        confirm_ = true;
    ImGui::EndDisabled();
    test_hooks::register_last_item("followup.run_now");
    if (edited_) {
        ImGui::SameLine();
        ImGui::TextDisabled("%s", tr("followup.save_first"));
    }
    draw_confirm();
    ImGui::Spacing();
    for (core::FollowupEvent e : core::kFollowupEvents)
        draw_card(e);
    draw_stats();
}

// --- 5. test state
// --------------------------------------------------------------------------------

std::string FollowupView::state_json() {
    refresh();
    nlohmann::json j;
    j["edited"] = edited_;
    j["preview"] = preview_;
    j["enabled"] = nlohmann::json::array();
    for (const auto& e : settings_.events)
        j["enabled"].push_back(e.enabled);
    j["errors"] = nlohmann::json::array();
    for (const auto& e : errors_)
        j["errors"].push_back({{"field", e.field}, {"code", e.code}});
    j["stats"] = nlohmann::json::array();
    for (const auto& s : stats_)
        j["stats"].push_back({{"event", core::followup_event_name(s.event)},
                              {"sent", s.sent},
                              {"used", s.used},
                              {"conversion", s.conversion}});
    j["last_sent"] = last_sent_;
    j["audience"] = {{"text", audience_text_},
                     {"name", audience_name_},
                     {"members", only_ ? nlohmann::json(only_->size()) : nlohmann::json()}};
    return j.dump();
}

} // namespace clientele::ui
