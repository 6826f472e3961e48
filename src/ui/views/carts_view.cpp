// Sections: 1. query and rows  2. toolbar  3. grid  4. test state  5. cart window
#include "ui/views/carts_view.h"

#include "core/i18n.h"
#include "ui/forms.h"
#include "ui/keys.h"
#include "ui/test_hooks.h"
#include "ui/theme.h"
#include "ui/views/grid_helpers.h"
#include "ui/views/order_window.h"

#include <imgui.h>
#include <imgui_stdlib.h>
#include <nlohmann/json.hpp>

#include <cmath>
#include <memory>

namespace clientele::ui {

using core::i18n::format_date;
using core::i18n::format_money;

const char* cart_status_label(core::CartStatus s) {
    switch (s) {
    case core::CartStatus::Ordered:
        return tr("cart.ordered");
    case core::CartStatus::Abandoned:
        return tr("cart.abandoned");
    case core::CartStatus::InProgress:
        break;
    }
    return tr("cart.in_progress");
}

// --- 1. query and rows ---------------------------------------------------------------------------

CartsView::CartsView(Context& ctx) : ctx_(ctx) {}

void CartsView::requery() {
    query_.id_lang = core::i18n::language_id();
    const core::CartQuery q = query_;
    core::Database& db = ctx_.store.db();
    rows_.reload_list(db, q, core::query_carts, [&db, q] { return core::cart_list_sql(db, q); });
}

void CartsView::refresh_if_needed() {
    if (rows_.stale(ctx_.store.db().data_version()))
        requery();
}

void CartsView::set_customer_filter(const std::string& text) {
    query_.customer = text;
    requery();
}

void CartsView::set_status(std::optional<core::CartStatus> status) {
    query_.status = status;
    requery();
}

void CartsView::set_abandoned_days(int days) {
    query_.abandoned_days = days < 0 ? 0 : days;
    requery();
}

void CartsView::set_sort(core::CartSort sort, bool descending) {
    query_.sort = sort;
    query_.descending = descending;
    requery();
}

std::int64_t CartsView::total() {
    refresh_if_needed();
    return rows_.total();
}

const core::CartRow* CartsView::row_at(std::int64_t index) {
    refresh_if_needed();
    return rows_.at(index);
}

void CartsView::open_cart(std::int64_t id) {
    ctx_.nav.open(std::make_unique<CartWindow>(ctx_, id));
}

// --- 2. toolbar ----------------------------------------------------------------------------------

void CartsView::draw_toolbar() {
    const float fs = ImGui::GetFontSize();
    const char* current = query_.status ? cart_status_label(*query_.status) : tr("carts.all");
    ImGui::SetNextItemWidth(fs * 10);
    if (ImGui::BeginCombo("##status", current)) {
        if (ImGui::Selectable(tr("carts.all"), !query_.status))
            set_status(std::nullopt);
        for (core::CartStatus s :
             {core::CartStatus::Abandoned, core::CartStatus::InProgress, core::CartStatus::Ordered})
            if (ImGui::Selectable(cart_status_label(s), query_.status == s))
                set_status(s);
        ImGui::EndCombo();
    }
    test_hooks::register_last_item("carts.status");
    ImGui::SameLine();
    ImGui::AlignTextToFramePadding();
    ImGui::TextUnformatted(tr("carts.abandoned_days"));
    ImGui::SameLine();
    ImGui::SetNextItemWidth(fs * 6);
    int days = query_.abandoned_days;
    if (ImGui::InputInt("##days", &days))
        set_abandoned_days(days);
    test_hooks::register_last_item("carts.days");
    ImGui::SameLine();
    ImGui::SetNextItemWidth(fs * 16);
    if (ImGui::InputTextWithHint("##customer", tr("carts.customer_hint"), &query_.customer))
        rows_.invalidate(); // the query runs next frame, once for all of this frame's typing
    test_hooks::register_last_item("carts.customer");
    ImGui::SameLine();
    if (ImGui::Button(tr("customers.reset"))) {
        query_ = core::CartQuery{};
        rows_.invalidate();
    }
    ImGui::SameLine();
    ImGui::AlignTextToFramePadding();
    ImGui::TextUnformatted(core::i18n::format_count("carts.results", rows_.total()).c_str());
    rows_.draw_counting();
    if (!rows_.error().empty()) {
        ImGui::SameLine();
        forms::danger_text(rows_.error());
    }
}

// --- 3. grid -------------------------------------------------------------------------------------

void CartsView::draw() {
    refresh_if_needed();
    draw_toolbar();
    draw_table();
}

void CartsView::draw_table() {
    struct Col {
        const char* key;
        float width_em;
        bool sortable;
    };
    static const Col cols[] = {{"col.id", 5, true},      {"cart.customer", 15, false},
                               {"cart.name", 12, false}, {"sheet.total", 7, false},
                               {"cart.lines", 4, false}, {"cart.date", 10, true},
                               {"cart.status", 8, false}};
    const int ncols = static_cast<int>(std::size(cols));
    const ImGuiTableFlags flags = ImGuiTableFlags_Sortable | ImGuiTableFlags_RowBg |
                                  ImGuiTableFlags_BordersInnerV | ImGuiTableFlags_Resizable |
                                  ImGuiTableFlags_ScrollY | ImGuiTableFlags_SizingFixedFit;
    if (!ImGui::BeginTable("##carts", ncols, flags))
        return;
    ImGui::TableSetupScrollFreeze(1, 1);
    for (int c = 0; c < ncols; ++c)
        ImGui::TableSetupColumn(tr(cols[c].key),
                                ImGuiTableColumnFlags_WidthFixed |
                                    (c == 0 ? ImGuiTableColumnFlags_DefaultSort |
                                                  ImGuiTableColumnFlags_PreferSortDescending
                                            : 0) |
                                    (cols[c].sortable ? 0 : ImGuiTableColumnFlags_NoSort),
                                cols[c].width_em * ImGui::GetFontSize());
    ImGui::TableHeadersRow();
    if (const auto sort = grid::take_sort_change()) {
        query_.sort = sort->column == 5 ? core::CartSort::Date : core::CartSort::Id;
        query_.descending = sort->descending;
        rows_.invalidate();
    }
    ImGuiListClipper clipper;
    clipper.Begin(static_cast<int>(rows_.total()));
    while (clipper.Step()) {
        for (int i = clipper.DisplayStart; i < clipper.DisplayEnd; ++i) {
            const core::CartRow* r = rows_.at(i);
            ImGui::TableNextRow();
            if (!r)
                continue;
            const std::int64_t id = r->id;
            ImGui::TableNextColumn();
            const std::string label = std::to_string(id) + "##c" + std::to_string(id);
            if (ImGui::Selectable(label.c_str(), cursor_ == i,
                                  ImGuiSelectableFlags_SpanAllColumns |
                                      ImGuiSelectableFlags_AllowItemOverlap)) {
                cursor_ = i;
                open_cart(id);
            }
            test_hooks::register_last_item(("carts.row." + std::to_string(i)).c_str());
            ImGui::TableNextColumn();
            if (r->id_customer > 0 && !r->customer_email.empty()) {
                ImGui::PushID(i);
                if (ImGui::SmallButton(r->customer_email.c_str()))
                    ctx_.nav.open_customer(r->id_customer);
                ImGui::PopID();
                test_hooks::register_last_item(("carts.customer." + std::to_string(i)).c_str());
            } else {
                ImGui::TextDisabled("%s", tr("cart.visitor"));
            }
            ImGui::TableNextColumn();
            ImGui::TextUnformatted(r->customer_name.c_str());
            ImGui::TableNextColumn();
            ImGui::TextUnformatted(format_money(r->total).c_str());
            ImGui::TableNextColumn();
            ImGui::Text("%lld", static_cast<long long>(r->line_count));
            ImGui::TableNextColumn();
            ImGui::TextUnformatted(format_date(r->date_upd).c_str());
            ImGui::TableNextColumn();
            const bool abandoned = r->status == core::CartStatus::Abandoned;
            if (abandoned)
                ImGui::PushStyleColor(ImGuiCol_Text, palette().warn);
            ImGui::TextUnformatted(cart_status_label(r->status));
            if (abandoned)
                ImGui::PopStyleColor();
        }
    }
    if (cursor_ >= 0 && ImGui::IsWindowFocused() && keys::pressed(ImGuiKey_Enter, false))
        if (const core::CartRow* r = rows_.at(cursor_))
            open_cart(r->id);
    ImGui::EndTable();
}

// --- 4. test state -------------------------------------------------------------------------------

std::string CartsView::state_json() {
    nlohmann::json j{{"total", total()},
                     {"error", rows_.error()},
                     {"customer", query_.customer},
                     {"status", query_.status ? core::cart_status_name(*query_.status) : ""},
                     {"abandoned_days", query_.abandoned_days}};
    nlohmann::json rows = nlohmann::json::array();
    for (std::int64_t i = 0; i < std::min<std::int64_t>(rows_.total(), 5); ++i)
        if (const core::CartRow* r = rows_.at(i))
            rows.push_back({{"id", r->id},
                            {"customer", r->customer_email},
                            {"total", r->total},
                            {"status", core::cart_status_name(r->status)}});
    j["first_rows"] = rows;
    return j.dump();
}

// --- 5. cart window ------------------------------------------------------------------------------

CartWindow::CartWindow(Context& ctx, std::int64_t id_cart) : ctx_(ctx), id_(id_cart) {
    reload();
}

void CartWindow::reload() {
    version_ = ctx_.store.db().data_version();
    cart_ = core::load_cart(ctx_.store.db(), id_, core::i18n::language_id());
    revalidate();
}

namespace {
core::ReminderInput reminder_input(double percent, double days) {
    core::ReminderInput in;
    in.reduction_percent = percent;
    in.validity_days = static_cast<int>(std::lround(days));
    in.subject = tr("cart.reminder_subject");
    in.body = tr("cart.reminder_body");
    return in;
}
} // namespace

void CartWindow::revalidate() {
    errors_ = core::validate_reminder(ctx_.store.db(), id_, reminder_input(percent_, days_));
    if (!percent_ok_)
        errors_.push_back({"reduction_percent", "not a number", "err.not_a_number"});
    if (!days_ok_)
        errors_.push_back({"validity_days", "not a number", "err.not_a_number"});
}

void CartWindow::set_percent_text(const std::string& text) {
    percent_text_ = text;
    char* end = nullptr;
    percent_ = std::strtod(text.c_str(), &end);
    percent_ok_ = !text.empty() && *end == '\0';
    revalidate();
}

void CartWindow::set_days_text(const std::string& text) {
    days_text_ = text;
    char* end = nullptr;
    days_ = std::strtod(text.c_str(), &end);
    days_ok_ = !text.empty() && *end == '\0';
    revalidate();
}

bool CartWindow::prepare_reminder() {
    revalidate();
    if (!errors_.empty())
        return false;
    try {
        const core::Reminder r =
            core::prepare_cart_reminder(ctx_.store.db(), id_, reminder_input(percent_, days_));
        last_code_ = r.code;
        last_email_ = r.email;
        ctx_.nav.notify(std::string(tr("cart.reminder_done")) + " " + r.code);
        return true;
    } catch (const core::ValidationError& e) {
        errors_ = e.errors();
    } catch (const std::exception& e) {
        errors_ = {{"id_cart", e.what(), e.what()}};
    }
    return false;
}

void CartWindow::draw_reminder() {
    ImGui::Separator();
    ImGui::TextUnformatted(tr("cart.reminder"));
    forms::hint(tr("cart.reminder_hint"));
    if (ImGui::BeginTable("##reminder", 2, ImGuiTableFlags_SizingStretchProp)) {
        ImGui::TableSetupColumn("label", ImGuiTableColumnFlags_WidthFixed,
                                ImGui::GetFontSize() * 10);
        ImGui::TableSetupColumn("value", ImGuiTableColumnFlags_WidthStretch);
        forms::row("cart.reminder_percent");
        if (forms::number(window_id(), "reduction_percent", percent_text_, percent_, percent_ok_))
            revalidate();
        forms::errors(errors_, "reduction_percent");
        forms::row("cart.reminder_days");
        if (forms::number(window_id(), "validity_days", days_text_, days_, days_ok_))
            revalidate();
        forms::errors(errors_, "validity_days");
        ImGui::EndTable();
    }
    forms::errors(errors_, "id_cart");
    ImGui::BeginDisabled(!errors_.empty());
    if (ImGui::Button(tr("cart.reminder_prepare")))
        prepare_reminder();
    ImGui::EndDisabled();
    test_hooks::register_last_item((window_id() + ".prepare").c_str());
    if (!last_code_.empty())
        ImGui::TextWrapped("%s %s → %s", tr("cart.reminder_done"), last_code_.c_str(),
                           last_email_.c_str());
}

bool CartWindow::draw() {
    if (version_ != ctx_.store.db().data_version())
        reload();
    const float fs = ImGui::GetFontSize();
    ImGui::SetNextWindowSize(ImVec2(fs * 34, fs * 30), ImGuiCond_FirstUseEver);
    const std::string title =
        std::string(tr("cart.title")) + " #" + std::to_string(id_) + "###" + window_id();
    if (!ImGui::Begin(title.c_str(), &open_)) {
        ImGui::End();
        return open_;
    }
    if (ImGui::IsWindowFocused(ImGuiFocusedFlags_RootAndChildWindows) &&
        keys::pressed(ImGuiKey_Escape, false))
        open_ = false;
    if (!cart_) {
        ImGui::TextUnformatted(tr("sheet.missing"));
        ImGui::End();
        return open_;
    }
    const core::SheetCart& c = cart_->cart;
    if (cart_->id_customer > 0) {
        if (ImGui::SmallButton((cart_->customer_name + "  " + cart_->customer_email).c_str()))
            ctx_.nav.open_customer(cart_->id_customer);
        test_hooks::register_last_item((window_id() + ".customer").c_str());
    } else {
        ImGui::TextDisabled("%s", tr("cart.visitor"));
    }
    ImGui::Text("%s   %s   %s", cart_status_label(c.status), format_date(c.date_upd).c_str(),
                format_money(c.total).c_str());
    if (c.id_order > 0) {
        ImGui::SameLine();
        if (ImGui::SmallButton(tr("cart.open_order")))
            ctx_.nav.open(std::make_unique<OrderWindow>(ctx_, c.id_order));
        test_hooks::register_last_item((window_id() + ".order").c_str());
    }
    if (ImGui::BeginTable("##lines", 4,
                          ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerH |
                              ImGuiTableFlags_SizingStretchProp)) {
        ImGui::TableSetupColumn(tr("sheet.product"));
        ImGui::TableSetupColumn(tr("sheet.unit_price"));
        ImGui::TableSetupColumn(tr("sheet.quantity"));
        ImGui::TableSetupColumn(tr("sheet.total"));
        ImGui::TableHeadersRow();
        for (const core::SheetCartLine& l : c.lines) {
            ImGui::TableNextRow();
            ImGui::TableNextColumn();
            ImGui::TextUnformatted(l.name.c_str());
            ImGui::TableNextColumn();
            ImGui::TextUnformatted(format_money(l.unit_price).c_str());
            ImGui::TableNextColumn();
            ImGui::Text("%lld", static_cast<long long>(l.quantity));
            ImGui::TableNextColumn();
            ImGui::TextUnformatted(
                format_money(l.unit_price * static_cast<double>(l.quantity)).c_str());
        }
        ImGui::EndTable();
    }
    if (c.status == core::CartStatus::Abandoned)
        draw_reminder();
    ImGui::End();
    return open_;
}

std::string CartWindow::state_json() const {
    nlohmann::json j{
        {"id", id_}, {"reminder_code", last_code_}, {"errors", nlohmann::json::array()}};
    if (cart_) {
        j["status"] = core::cart_status_name(cart_->cart.status);
        j["total"] = cart_->cart.total;
        j["lines"] = cart_->cart.lines.size();
        j["customer"] = cart_->customer_email;
    }
    for (const auto& e : errors_)
        j["errors"].push_back({{"field", e.field}, {"code", e.code}});
    return j.dump();
}

} // namespace clientele::ui
