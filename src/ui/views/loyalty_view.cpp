// Sections: 1. loyalty screen  2. sheet panels
#include "ui/views/loyalty_view.h"

#include "core/i18n.h"
#include "ui/forms.h"
#include "ui/test_hooks.h"
#include "ui/theme.h"

#include <imgui.h>
#include <imgui_stdlib.h>
#include <nlohmann/json.hpp>

#include <cmath>
#include <cstdio>

namespace clientele::ui {

using core::i18n::format_date;
using core::i18n::format_money;
using core::i18n::format_number;

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
} // namespace

// --- 1. loyalty screen
// ------------------------------------------------------------------------------

LoyaltyView::LoyaltyView(Context& ctx) : ctx_(ctx) {}

void LoyaltyView::load_settings() {
    settings_version_ = ctx_.store.db().data_version();
    settings_ = core::load_loyalty_settings(ctx_.store.db());
    rate_text_ = number_text(settings_.rate);
    value_text_ = number_text(settings_.point_value);
    errors_.clear();
    edited_ = false;
}

void LoyaltyView::requery() {
    const core::LoyaltyQuery q = query_;
    core::Database& db = ctx_.store.db();
    rows_.reload(db.data_version(), [&db, q](std::int64_t offset, std::int64_t limit) {
        core::LoyaltyQuery page = q;
        page.offset = offset;
        page.limit = limit;
        core::LoyaltyPage p = core::query_loyalty(db, page);
        return std::make_pair(p.total, std::move(p.rows));
    });
}

void LoyaltyView::set_customer_filter(const std::string& text) {
    query_.customer = text;
    requery();
}

void LoyaltyView::revalidate() {
    errors_.clear();
    if (!parse(rate_text_, settings_.rate))
        errors_.push_back({"rate", "is not a number", "err.not_a_number"});
    if (!parse(value_text_, settings_.point_value))
        errors_.push_back({"point_value", "is not a number", "err.not_a_number"});
    for (const auto& e : core::validate_loyalty_settings(settings_)) {
        bool shown = false;
        for (const auto& p : errors_)
            shown = shown || p.field == e.field;
        if (!shown)
            errors_.push_back(e);
    }
}

void LoyaltyView::set_rate_text(const std::string& text) {
    rate_text_ = text;
    edited_ = true;
    revalidate();
}

void LoyaltyView::set_value_text(const std::string& text) {
    value_text_ = text;
    edited_ = true;
    revalidate();
}

bool LoyaltyView::save_settings() {
    revalidate();
    if (!errors_.empty())
        return false;
    try {
        core::save_loyalty_settings(ctx_.store.db(), settings_);
    } catch (const core::ValidationError& e) {
        errors_ = e.errors();
        return false;
    }
    load_settings();
    ctx_.nav.notify(tr("loyalty.saved"));
    return true;
}

bool LoyaltyView::convert(std::int64_t id_customer) {
    try {
        const core::LoyaltyVoucher v = core::convert_loyalty_points(ctx_.store.db(), id_customer);
        ctx_.nav.notify(std::string(tr("loyalty.converted")) + " " + v.code + " (" +
                        format_money(v.amount) + ")");
        return true;
    } catch (const core::ValidationError& e) {
        ctx_.nav.notify(forms::first_error(e.errors(), "points"));
    }
    return false;
}

std::int64_t LoyaltyView::total() {
    if (rows_.stale(ctx_.store.db().data_version()))
        requery();
    return rows_.total();
}

const core::LoyaltyRow* LoyaltyView::row_at(std::int64_t index) {
    if (rows_.stale(ctx_.store.db().data_version()))
        requery();
    return rows_.at(index);
}

void LoyaltyView::draw() {
    if (!edited_ && settings_version_ != ctx_.store.db().data_version())
        load_settings();
    if (rows_.stale(ctx_.store.db().data_version()))
        requery();
    const float fs = ImGui::GetFontSize();
    forms::hint(tr("loyalty.intro"));
    if (ImGui::BeginTable("##settings", 2, ImGuiTableFlags_SizingStretchProp)) {
        ImGui::TableSetupColumn("label", ImGuiTableColumnFlags_WidthFixed, fs * 16);
        ImGui::TableSetupColumn("value", ImGuiTableColumnFlags_WidthStretch);
        forms::row("loyalty.rate");
        ImGui::PushItemWidth(fs * 8);
        if (forms::text("loyalty", "rate", rate_text_)) {
            edited_ = true;
            revalidate();
        }
        forms::errors(errors_, "rate");
        forms::row("loyalty.point_value");
        if (forms::text("loyalty", "point_value", value_text_)) {
            edited_ = true;
            revalidate();
        }
        ImGui::PopItemWidth();
        forms::errors(errors_, "point_value");
        ImGui::EndTable();
    }
    ImGui::BeginDisabled(!edited_ || !errors_.empty());
    if (ImGui::Button(tr("form.save")))
        save_settings();
    ImGui::EndDisabled();
    test_hooks::register_last_item("loyalty.save");
    ImGui::Separator();
    ImGui::SetNextItemWidth(fs * 16);
    if (ImGui::InputTextWithHint("##customer", tr("carts.customer_hint"), &query_.customer))
        rows_.invalidate();
    test_hooks::register_last_item("loyalty.customer");
    ImGui::SameLine();
    ImGui::AlignTextToFramePadding();
    ImGui::TextUnformatted(core::i18n::format_count("loyalty.results", rows_.total()).c_str());
    if (!rows_.error().empty())
        forms::danger_text(rows_.error());
    const ImGuiTableFlags flags = ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerV |
                                  ImGuiTableFlags_Resizable | ImGuiTableFlags_ScrollY |
                                  ImGuiTableFlags_SizingFixedFit;
    if (!ImGui::BeginTable("##balances", 7, flags))
        return;
    ImGui::TableSetupScrollFreeze(0, 1);
    for (auto [key, w] : {std::pair<const char*, float>{"col.id", 5},
                          {"cart.customer", 16},
                          {"cart.name", 12},
                          {"col.sales", 8},
                          {"loyalty.earned", 6},
                          {"loyalty.balance", 6},
                          {"loyalty.actions", 8}})
        ImGui::TableSetupColumn(tr(key), ImGuiTableColumnFlags_WidthFixed, w * fs);
    ImGui::TableHeadersRow();
    ImGuiListClipper clipper;
    clipper.Begin(static_cast<int>(rows_.total()));
    while (clipper.Step()) {
        for (int i = clipper.DisplayStart; i < clipper.DisplayEnd; ++i) {
            const core::LoyaltyRow* r = rows_.at(i);
            ImGui::TableNextRow();
            if (!r)
                continue;
            const std::int64_t id = r->id_customer;
            ImGui::PushID(i);
            ImGui::TableNextColumn();
            ImGui::Text("%lld", static_cast<long long>(id));
            ImGui::TableNextColumn();
            if (ImGui::SmallButton(r->email.c_str()))
                ctx_.nav.open_customer(id);
            test_hooks::register_last_item(("loyalty.customer." + std::to_string(i)).c_str());
            ImGui::TableNextColumn();
            ImGui::TextUnformatted(r->name.c_str());
            ImGui::TableNextColumn();
            ImGui::TextUnformatted(format_money(r->sales).c_str());
            ImGui::TableNextColumn();
            ImGui::TextUnformatted(format_number(r->earned).c_str());
            ImGui::TableNextColumn();
            ImGui::TextUnformatted(format_number(r->balance).c_str());
            ImGui::TableNextColumn();
            if (ImGui::SmallButton(tr("loyalty.convert")))
                convert(id);
            test_hooks::register_last_item(("loyalty.convert." + std::to_string(i)).c_str());
            ImGui::PopID();
        }
    }
    ImGui::EndTable();
}

std::string LoyaltyView::state_json() {
    nlohmann::json j{{"total", total()}, {"edited", edited_}, {"rate", rate_text_}};
    j["errors"] = nlohmann::json::array();
    for (const auto& e : errors_)
        j["errors"].push_back({{"field", e.field}, {"code", e.code}});
    j["first_rows"] = nlohmann::json::array();
    for (std::int64_t i = 0; i < std::min<std::int64_t>(rows_.total(), 5); ++i)
        if (const core::LoyaltyRow* r = rows_.at(i))
            j["first_rows"].push_back({{"id", r->id_customer}, {"balance", r->balance}});
    return j.dump();
}

// --- 2. sheet panels
// ------------------------------------------------------------------------------

LoyaltySheetPanel::LoyaltySheetPanel(Context& ctx, std::int64_t id_customer)
    : ctx_(ctx), id_(id_customer) {}

void LoyaltySheetPanel::reload() {
    core::Database& db = ctx_.store.db();
    version_ = db.data_version();
    balance_ = core::loyalty_balance(db, id_);
    conversions_ = core::loyalty_conversions(db, id_);
    subscriptions_ = core::customer_subscriptions(db, id_, core::i18n::language_id());
}

const core::LoyaltyBalance& LoyaltySheetPanel::balance() {
    if (version_ != ctx_.store.db().data_version())
        reload();
    return balance_;
}

bool LoyaltySheetPanel::convert() {
    try {
        const core::LoyaltyVoucher v = core::convert_loyalty_points(ctx_.store.db(), id_);
        message_ = std::string(tr("loyalty.converted")) + " " + v.code + " (" +
                   format_money(v.amount) + ")";
        ctx_.nav.notify(message_);
        return true;
    } catch (const core::ValidationError& e) {
        message_ = forms::first_error(e.errors(), "points");
    }
    return false;
}

void LoyaltySheetPanel::draw(const std::string& hook) {
    balance();
    ImGui::Text("%s %s   (%s %s, %s %s)", tr("loyalty.balance"),
                format_number(balance_.balance).c_str(), tr("loyalty.earned"),
                format_number(balance_.earned).c_str(), tr("loyalty.converted_points"),
                format_number(balance_.converted).c_str());
    ImGui::Text("%s %s", tr("loyalty.worth"), format_money(balance_.value).c_str());
    ImGui::BeginDisabled(balance_.balance <= 0);
    if (ImGui::Button(tr("loyalty.convert")))
        convert();
    ImGui::EndDisabled();
    test_hooks::register_last_item((hook + ".loyalty_convert").c_str());
    if (!message_.empty())
        ImGui::TextWrapped("%s", message_.c_str());
    for (const auto& c : conversions_)
        ImGui::BulletText("%s  %s  %lld → %s", format_date(c.date).c_str(), c.code.c_str(),
                          static_cast<long long>(c.points), format_money(c.amount).c_str());
    ImGui::Separator();
    ImGui::TextUnformatted(tr("nav.subscriptions"));
    if (subscriptions_.empty())
        ImGui::TextDisabled("%s", tr("sheet.none"));
    for (const auto& s : subscriptions_)
        ImGui::BulletText(
            "%s × %d  %s %s  %s", s.product.c_str(), s.quantity,
            format_date(s.next_renewal).c_str(),
            tr((std::string("subscriptions.status_") + core::subscription_status_name(s.status))
                   .c_str()),
            "");
}

ConsentSheetPanel::ConsentSheetPanel(Context& ctx, std::int64_t id_customer)
    : ctx_(ctx), id_(id_customer) {}

const std::vector<core::ConsentEntry>& ConsentSheetPanel::entries() {
    if (version_ != ctx_.store.db().data_version()) {
        version_ = ctx_.store.db().data_version();
        entries_ = core::consent_log(ctx_.store.db(), id_);
    }
    return entries_;
}

void ConsentSheetPanel::draw() {
    entries();
    forms::hint(tr("consent.intro"));
    if (entries_.empty()) {
        ImGui::TextDisabled("%s", tr("sheet.none"));
        return;
    }
    if (!ImGui::BeginTable("##consents", 5,
                           ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerH |
                               ImGuiTableFlags_SizingStretchProp))
        return;
    for (const char* key :
         {"consent.date", "consent.consent", "consent.change", "consent.source", "consent.ip"})
        ImGui::TableSetupColumn(tr(key));
    ImGui::TableHeadersRow();
    for (const auto& e : entries_) {
        ImGui::TableNextRow();
        ImGui::TableNextColumn();
        ImGui::TextUnformatted(format_date(e.date).c_str());
        ImGui::TableNextColumn();
        ImGui::TextUnformatted(tr(("consent." + e.consent).c_str()));
        ImGui::TableNextColumn();
        ImGui::TextUnformatted(e.given ? tr("consent.given") : tr("consent.withdrawn"));
        ImGui::TableNextColumn();
        ImGui::TextUnformatted(tr(("consent.source_" + e.source).c_str()));
        ImGui::TableNextColumn();
        ImGui::TextUnformatted(e.ip.c_str());
    }
    ImGui::EndTable();
}

} // namespace clientele::ui
