// Sections: 1. list  2. grid  3. form
#include "ui/views/subscriptions_view.h"

#include "core/i18n.h"
#include "core/store.h"
#include "ui/forms.h"
#include "ui/test_hooks.h"
#include "ui/theme.h"
#include "ui/views/grid_helpers.h"

#include <imgui.h>
#include <imgui_stdlib.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <memory>
#include <type_traits>

namespace clientele::ui {

using core::i18n::format_date;

namespace {
const char* status_label(core::SubscriptionStatus s) {
    switch (s) {
    case core::SubscriptionStatus::Active:
        return tr("subscriptions.status_active");
    case core::SubscriptionStatus::Paused:
        return tr("subscriptions.status_paused");
    case core::SubscriptionStatus::Cancelled:
        break;
    }
    return tr("subscriptions.status_cancelled");
}

std::string period_label(int count, core::PeriodUnit unit) {
    return std::to_string(count) + " " +
           tr(unit == core::PeriodUnit::Day ? "subscriptions.days" : "subscriptions.months");
}
} // namespace

// --- 1. list
// ----------------------------------------------------------------------------------------

SubscriptionsView::SubscriptionsView(Context& ctx) : ctx_(ctx) {}

void SubscriptionsView::requery() {
    query_.id_lang = core::i18n::language_id();
    const core::SubscriptionQuery q = query_;
    core::Database& db = ctx_.store.db();
    rows_.reload_list(db, q, core::query_subscriptions,
                      [&db, q] { return core::subscription_list_sql(db, q); });
}

void SubscriptionsView::set_customer_filter(const std::string& text) {
    query_.customer = text;
    requery();
}

void SubscriptionsView::set_status(std::optional<core::SubscriptionStatus> status) {
    query_.status = status;
    requery();
}

void SubscriptionsView::set_due_days(int days) {
    query_.due_within_days = days < 0 ? -1 : days;
    requery();
}

std::int64_t SubscriptionsView::total() {
    if (rows_.stale(ctx_.store.db().data_version()))
        requery();
    return rows_.total();
}

const core::SubscriptionRow* SubscriptionsView::row_at(std::int64_t index) {
    if (rows_.stale(ctx_.store.db().data_version()))
        requery();
    return rows_.at(index);
}

void SubscriptionsView::set_status_of(std::int64_t id, core::SubscriptionStatus status) {
    try {
        core::set_subscription_status(ctx_.store.db(), id, status);
    } catch (const std::exception& e) {
        ctx_.nav.notify(e.what());
    }
}

void SubscriptionsView::renew(std::int64_t id) {
    try {
        const std::string next = core::renew_subscription(ctx_.store.db(), id);
        ctx_.nav.notify(std::string(tr("subscriptions.renewed")) + " " + format_date(next));
    } catch (const core::ValidationError& e) {
        ctx_.nav.notify(forms::first_error(e.errors(), "status"));
    } catch (const std::exception& e) {
        ctx_.nav.notify(e.what());
    }
}

// --- 2. grid ------------------------------------------------------------------------------------

void SubscriptionsView::draw() {
    if (rows_.stale(ctx_.store.db().data_version()))
        requery();
    const float fs = ImGui::GetFontSize();
    if (ImGui::Button(tr("subscriptions.new")))
        ctx_.nav.open(std::make_unique<SubscriptionWindow>(ctx_, 0));
    test_hooks::register_last_item("subscriptions.new");
    ImGui::SameLine();
    ImGui::SetNextItemWidth(fs * 9);
    const char* current = query_.status ? status_label(*query_.status) : tr("carts.all");
    if (ImGui::BeginCombo("##status", current)) {
        if (ImGui::Selectable(tr("carts.all"), !query_.status))
            set_status(std::nullopt);
        for (auto s : {core::SubscriptionStatus::Active, core::SubscriptionStatus::Paused,
                       core::SubscriptionStatus::Cancelled})
            if (ImGui::Selectable(status_label(s), query_.status == s))
                set_status(s);
        ImGui::EndCombo();
    }
    test_hooks::register_last_item("subscriptions.status");
    ImGui::SameLine();
    bool due = query_.due_within_days >= 0;
    if (ImGui::Checkbox(tr("subscriptions.due_within"), &due))
        set_due_days(due ? 7 : -1);
    test_hooks::register_last_item("subscriptions.due");
    if (due) {
        ImGui::SameLine();
        ImGui::SetNextItemWidth(fs * 6);
        int days = query_.due_within_days;
        if (ImGui::InputInt("##days", &days))
            set_due_days(std::max(0, days));
        test_hooks::register_last_item("subscriptions.days");
    }
    ImGui::SameLine();
    ImGui::SetNextItemWidth(fs * 14);
    if (ImGui::InputTextWithHint("##customer", tr("carts.customer_hint"), &query_.customer))
        rows_.invalidate();
    test_hooks::register_last_item("subscriptions.customer");
    ImGui::SameLine();
    ImGui::AlignTextToFramePadding();
    ImGui::TextUnformatted(
        core::i18n::format_count("subscriptions.results", rows_.total()).c_str());
    rows_.draw_counting();
    if (!rows_.error().empty())
        forms::danger_text(rows_.error());

    const ImGuiTableFlags flags = ImGuiTableFlags_Sortable | ImGuiTableFlags_RowBg |
                                  ImGuiTableFlags_BordersInnerV | ImGuiTableFlags_Resizable |
                                  ImGuiTableFlags_ScrollY | ImGuiTableFlags_SizingFixedFit;
    if (!ImGui::BeginTable("##subscriptions", 8, flags))
        return;
    ImGui::TableSetupScrollFreeze(0, 1);
    ImGui::TableSetupColumn(tr("col.id"), ImGuiTableColumnFlags_WidthFixed, fs * 4);
    ImGui::TableSetupColumn(tr("cart.customer"),
                            ImGuiTableColumnFlags_WidthFixed | ImGuiTableColumnFlags_NoSort,
                            fs * 15);
    ImGui::TableSetupColumn(tr("sheet.product"),
                            ImGuiTableColumnFlags_WidthFixed | ImGuiTableColumnFlags_NoSort,
                            fs * 10);
    ImGui::TableSetupColumn(tr("sheet.quantity"),
                            ImGuiTableColumnFlags_WidthFixed | ImGuiTableColumnFlags_NoSort,
                            fs * 3);
    ImGui::TableSetupColumn(tr("subscriptions.period"),
                            ImGuiTableColumnFlags_WidthFixed | ImGuiTableColumnFlags_NoSort,
                            fs * 6);
    ImGui::TableSetupColumn(tr("subscriptions.next_renewal"),
                            ImGuiTableColumnFlags_WidthFixed | ImGuiTableColumnFlags_DefaultSort,
                            fs * 7);
    ImGui::TableSetupColumn(tr("subscriptions.status"),
                            ImGuiTableColumnFlags_WidthFixed | ImGuiTableColumnFlags_NoSort,
                            fs * 6);
    ImGui::TableSetupColumn(tr("loyalty.actions"),
                            ImGuiTableColumnFlags_WidthFixed | ImGuiTableColumnFlags_NoSort,
                            fs * 16);
    ImGui::TableHeadersRow();
    if (const auto sort = grid::take_sort_change()) {
        query_.sort =
            sort->column == 0 ? core::SubscriptionSort::Id : core::SubscriptionSort::NextRenewal;
        query_.descending = sort->descending;
        rows_.invalidate();
    }
    ImGuiListClipper clipper;
    clipper.Begin(static_cast<int>(rows_.total()));
    while (clipper.Step()) {
        for (int i = clipper.DisplayStart; i < clipper.DisplayEnd; ++i) {
            const core::SubscriptionRow* r = rows_.at(i);
            ImGui::TableNextRow();
            if (!r)
                continue;
            const core::SubscriptionRow row = *r; // actions below may reload the pages
            const std::string n = std::to_string(i);
            ImGui::PushID(i);
            ImGui::TableNextColumn();
            ImGui::Text("%lld", static_cast<long long>(row.id));
            ImGui::TableNextColumn();
            if (ImGui::SmallButton(row.email.c_str()))
                ctx_.nav.open_customer(row.id_customer);
            test_hooks::register_last_item(("subscriptions.customer." + n).c_str());
            ImGui::TableNextColumn();
            ImGui::TextUnformatted(row.product.c_str());
            ImGui::TableNextColumn();
            ImGui::Text("%d", row.quantity);
            ImGui::TableNextColumn();
            ImGui::TextUnformatted(period_label(row.period_count, row.unit).c_str());
            ImGui::TableNextColumn();
            ImGui::TextUnformatted(format_date(row.next_renewal).c_str());
            ImGui::TableNextColumn();
            ImGui::TextUnformatted(status_label(row.status));
            ImGui::TableNextColumn();
            if (row.status == core::SubscriptionStatus::Active) {
                if (ImGui::SmallButton(tr("subscriptions.pause")))
                    set_status_of(row.id, core::SubscriptionStatus::Paused);
                test_hooks::register_last_item(("subscriptions.pause." + n).c_str());
                ImGui::SameLine();
                if (ImGui::SmallButton(tr("subscriptions.renew")))
                    renew(row.id);
                test_hooks::register_last_item(("subscriptions.renew." + n).c_str());
                ImGui::SameLine();
            } else if (row.status == core::SubscriptionStatus::Paused) {
                if (ImGui::SmallButton(tr("subscriptions.resume")))
                    set_status_of(row.id, core::SubscriptionStatus::Active);
                test_hooks::register_last_item(("subscriptions.resume." + n).c_str());
                ImGui::SameLine();
            }
            if (row.status != core::SubscriptionStatus::Cancelled) {
                if (ImGui::SmallButton(tr("subscriptions.cancel")))
                    set_status_of(row.id, core::SubscriptionStatus::Cancelled);
                test_hooks::register_last_item(("subscriptions.cancel." + n).c_str());
                ImGui::SameLine();
            }
            if (ImGui::SmallButton(tr("subscriptions.edit")))
                ctx_.nav.open(std::make_unique<SubscriptionWindow>(ctx_, row.id));
            test_hooks::register_last_item(("subscriptions.edit." + n).c_str());
            ImGui::PopID();
        }
    }
    ImGui::EndTable();
}

std::string SubscriptionsView::state_json() {
    nlohmann::json j{
        {"total", total()},
        {"customer", query_.customer},
        {"due_within_days", query_.due_within_days},
        {"status", query_.status ? core::subscription_status_name(*query_.status) : ""}};
    j["first_rows"] = nlohmann::json::array();
    for (std::int64_t i = 0; i < std::min<std::int64_t>(rows_.total(), 5); ++i)
        if (const core::SubscriptionRow* r = rows_.at(i))
            j["first_rows"].push_back({{"id", r->id},
                                       {"status", core::subscription_status_name(r->status)},
                                       {"next_renewal", r->next_renewal}});
    return j.dump();
}

// --- 3. form
// --------------------------------------------------------------------------------------

SubscriptionWindow::SubscriptionWindow(Context& ctx, std::int64_t id, std::int64_t id_customer)
    : ctx_(ctx), id_(id) {
    products_ = core::list_products(ctx_.store.db(), core::i18n::language_id());
    if (id > 0) {
        if (auto in = core::load_subscription(ctx_.store.db(), id))
            in_ = *in;
    } else {
        in_.id_customer = id_customer;
        in_.id_product = products_.empty() ? 0 : products_.front().id;
        in_.next_renewal = core::today_date();
    }
    customer_text_ = in_.id_customer > 0 ? std::to_string(in_.id_customer) : "";
    quantity_text_ = std::to_string(in_.quantity);
    period_text_ = std::to_string(in_.period_count);
    revalidate();
}

void SubscriptionWindow::revalidate() {
    auto whole = [](const std::string& t, auto& out) {
        try {
            std::size_t used = 0;
            const long long v = std::stoll(t, &used);
            if (used != t.size())
                return false;
            out = static_cast<std::remove_reference_t<decltype(out)>>(v);
            return true;
        } catch (const std::exception&) {
            return false;
        }
    };
    in_.id_customer = 0;
    whole(customer_text_, in_.id_customer);
    const bool q = whole(quantity_text_, in_.quantity);
    const bool p = whole(period_text_, in_.period_count);
    errors_ = core::validate_subscription(ctx_.store.db(), in_);
    if (!q)
        errors_.push_back({"quantity", "not a number", "err.not_a_number"});
    if (!p)
        errors_.push_back({"period_count", "not a number", "err.not_a_number"});
}

bool SubscriptionWindow::save() {
    revalidate();
    if (!errors_.empty())
        return false;
    try {
        if (id_ > 0)
            core::update_subscription(ctx_.store.db(), id_, in_);
        else
            id_ = core::create_subscription(ctx_.store.db(), in_);
        ctx_.nav.notify(tr("subscriptions.saved"));
        open_ = false;
        return true;
    } catch (const core::ValidationError& e) {
        errors_ = e.errors();
    }
    return false;
}

bool SubscriptionWindow::draw() {
    const float fs = ImGui::GetFontSize();
    ImGui::SetNextWindowSize(ImVec2(fs * 30, fs * 20), ImGuiCond_FirstUseEver);
    const std::string title =
        std::string(id_ > 0 ? tr("subscriptions.edit_title") : tr("subscriptions.new_title")) +
        "###" + window_id();
    if (!ImGui::Begin(title.c_str(), &open_)) {
        ImGui::End();
        return open_;
    }
    const std::string hook = window_id();
    if (ImGui::BeginTable("##form", 2, ImGuiTableFlags_SizingStretchProp)) {
        ImGui::TableSetupColumn("label", ImGuiTableColumnFlags_WidthFixed, fs * 10);
        ImGui::TableSetupColumn("value", ImGuiTableColumnFlags_WidthStretch);
        forms::row("subscriptions.customer_id");
        if (forms::text(hook, "id_customer", customer_text_))
            revalidate();
        forms::errors(errors_, "id_customer");
        forms::row("sheet.product");
        std::string current;
        for (const auto& p : products_)
            if (p.id == in_.id_product)
                current = p.name;
        ImGui::SetNextItemWidth(-1);
        if (ImGui::BeginCombo("##product", current.c_str())) {
            for (const auto& p : products_)
                if (ImGui::Selectable((p.name + "##" + std::to_string(p.id)).c_str(),
                                      p.id == in_.id_product)) {
                    in_.id_product = p.id;
                    revalidate();
                }
            ImGui::EndCombo();
        }
        test_hooks::register_last_item((hook + ".id_product").c_str());
        forms::errors(errors_, "id_product");
        forms::row("sheet.quantity");
        if (forms::text(hook, "quantity", quantity_text_))
            revalidate();
        forms::errors(errors_, "quantity");
        forms::row("subscriptions.period");
        ImGui::PushItemWidth(fs * 5);
        if (forms::text(hook, "period_count", period_text_))
            revalidate();
        ImGui::PopItemWidth();
        ImGui::SameLine();
        int unit = in_.unit == core::PeriodUnit::Day ? 0 : 1;
        if (ImGui::RadioButton(tr("subscriptions.days"), &unit, 0))
            in_.unit = core::PeriodUnit::Day;
        ImGui::SameLine();
        if (ImGui::RadioButton(tr("subscriptions.months"), &unit, 1))
            in_.unit = core::PeriodUnit::Month;
        forms::errors(errors_, "period_count");
        forms::row("subscriptions.next_renewal");
        if (forms::text(hook, "next_renewal", in_.next_renewal))
            revalidate();
        forms::errors(errors_, "next_renewal");
        ImGui::EndTable();
    }
    ImGui::BeginDisabled(!errors_.empty());
    if (ImGui::Button(tr("form.save")))
        save();
    ImGui::EndDisabled();
    test_hooks::register_last_item((hook + ".save").c_str());
    ImGui::End();
    return open_;
}

std::string SubscriptionWindow::state_json() const {
    nlohmann::json j{{"id", id_}, {"errors", nlohmann::json::array()}};
    for (const auto& e : errors_)
        j["errors"].push_back({{"field", e.field}, {"code", e.code}});
    return j.dump();
}

} // namespace clientele::ui
