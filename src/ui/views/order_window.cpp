// Sections: 1. loading and commands  2. window and head  3. lines and timeline  4. returns
// 5. credit slips  6. test state
#include "ui/views/order_window.h"

#include "core/i18n.h"
#include "ui/forms.h"
#include "ui/keys.h"
#include "ui/test_hooks.h"
#include "ui/theme.h"
#include "ui/views/orders_view.h"

#include <imgui.h>
#include <imgui_stdlib.h>
#include <nlohmann/json.hpp>

#include <algorithm>

namespace clientele::ui {

using core::i18n::format_date;
using core::i18n::format_money;

// --- 1. loading and commands ---------------------------------------------------------------------

OrderWindow::OrderWindow(Context& ctx, std::int64_t id_order) : ctx_(ctx), id_(id_order) {
    reload();
}

void OrderWindow::reload() {
    core::Database& db = ctx_.store.db();
    version_ = db.data_version();
    const int lang = core::i18n::language_id();
    order_ = core::load_order(db, id_, lang);
    states_ = core::list_order_states(db, lang);
    return_states_ = core::list_return_states(db, lang);
    if (order_ && new_state_ == 0)
        new_state_ = order_->order.id_state;
    // Quantities typed stay within what is left.
    if (order_) {
        for (auto* values : {&return_lines_, &slip_lines_}) {
            const auto& max = values == &return_lines_ ? order_->returnable : order_->refundable;
            for (auto& [line, qty] : *values) {
                auto it = max.find(line);
                qty = it == max.end() ? 0 : std::min(qty, it->second);
            }
        }
    }
}

template <typename F> bool OrderWindow::attempt(F&& f) {
    errors_.clear();
    try {
        f();
        return true;
    } catch (const core::ValidationError& e) {
        errors_ = e.errors();
    } catch (const std::exception& e) {
        errors_ = {{"order", e.what(), e.what()}};
    }
    return false;
}

bool OrderWindow::change_state(std::int64_t id_order_state) {
    const bool ok =
        attempt([&] { core::change_order_state(ctx_.store.db(), id_, id_order_state); });
    if (ok)
        ctx_.nav.notify(tr("order.state_changed"));
    return ok;
}

std::int64_t OrderWindow::request_return(const core::LineQuantities& lines,
                                         const std::string& question) {
    std::int64_t id = 0;
    if (attempt([&] { id = core::request_return(ctx_.store.db(), id_, lines, question); })) {
        return_lines_.clear();
        question_.clear();
        ctx_.nav.notify(tr("order.return_requested"));
    }
    return id;
}

bool OrderWindow::set_return_state(std::int64_t id_order_return, int state) {
    return attempt([&] { core::set_return_state(ctx_.store.db(), id_order_return, state); });
}

std::int64_t OrderWindow::create_credit_slip(const core::LineQuantities& lines, bool shipping) {
    std::int64_t id = 0;
    if (attempt([&] { id = core::create_credit_slip(ctx_.store.db(), id_, lines, shipping); })) {
        slip_lines_.clear();
        refund_shipping_ = false;
        ctx_.nav.notify(tr("order.slip_created"));
    }
    return id;
}

// --- 2. window and head --------------------------------------------------------------------------

bool OrderWindow::draw() {
    if (version_ != ctx_.store.db().data_version())
        reload();
    const float fs = ImGui::GetFontSize();
    ImGui::SetNextWindowSize(ImVec2(fs * 46, fs * 36), ImGuiCond_FirstUseEver);
    const std::string title = std::string(tr("order.title")) + " " +
                              (order_ ? order_->order.reference : std::to_string(id_)) + "###" +
                              window_id();
    if (!ImGui::Begin(title.c_str(), &open_)) {
        ImGui::End();
        return open_;
    }
    if (ImGui::IsWindowFocused(ImGuiFocusedFlags_RootAndChildWindows) &&
        keys::pressed(ImGuiKey_Escape, false))
        open_ = false;
    if (!order_) {
        ImGui::TextUnformatted(tr("sheet.missing"));
        ImGui::End();
        return open_;
    }
    draw_head();
    for (const char* field : {"order", "id_order"})
        forms::errors(errors_, field);
    if (ImGui::BeginTabBar("##order")) {
        struct Tab {
            const char* key;
            void (OrderWindow::*draw)();
        };
        static const Tab tabs[] = {{"order.lines", &OrderWindow::draw_lines},
                                   {"order.timeline", &OrderWindow::draw_timeline},
                                   {"order.returns", &OrderWindow::draw_returns},
                                   {"order.slips", &OrderWindow::draw_slips}};
        for (const Tab& t : tabs) {
            const bool selected =
                ImGui::BeginTabItem((std::string(tr(t.key)) + "###" + t.key).c_str());
            test_hooks::register_last_item((window_id() + "." + t.key).c_str());
            if (selected) {
                (this->*t.draw)();
                ImGui::EndTabItem();
            }
        }
        ImGui::EndTabBar();
    }
    ImGui::End();
    return open_;
}

void OrderWindow::draw_head() {
    const core::SheetOrder& o = order_->order;
    if (ImGui::SmallButton((order_->customer_name + "  " + order_->customer_email).c_str()))
        ctx_.nav.open_customer(order_->id_customer);
    test_hooks::register_last_item((window_id() + ".customer").c_str());
    ImGui::SameLine();
    ImGui::TextDisabled("%s", format_date(o.date_add).c_str());
    ImGui::PushStyleColor(ImGuiCol_Text, state_color(o.state_color));
    ImGui::TextUnformatted("●");
    ImGui::PopStyleColor();
    ImGui::SameLine();
    ImGui::Text("%s   %s %s   %s", o.state.c_str(), tr("sheet.total"),
                format_money(o.total_paid_real).c_str(), o.payment.c_str());
    if (!o.valid) {
        ImGui::SameLine();
        ImGui::TextDisabled("(%s)", tr("order.not_valid"));
    }
}

// --- 3. lines and timeline -----------------------------------------------------------------------

void OrderWindow::draw_lines() {
    const core::SheetOrder& o = order_->order;
    if (ImGui::BeginTable("##lines", 6,
                          ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerH |
                              ImGuiTableFlags_SizingStretchProp)) {
        ImGui::TableSetupColumn(tr("sheet.product"));
        ImGui::TableSetupColumn(tr("sheet.unit_price"));
        ImGui::TableSetupColumn(tr("sheet.quantity"));
        ImGui::TableSetupColumn(tr("order.returned"));
        ImGui::TableSetupColumn(tr("order.refunded"));
        ImGui::TableSetupColumn(tr("sheet.total"));
        ImGui::TableHeadersRow();
        for (const core::SheetOrderLine& l : o.lines) {
            ImGui::TableNextRow();
            ImGui::TableNextColumn();
            ImGui::TextUnformatted(l.product_name.c_str());
            if (!l.product_reference.empty()) {
                ImGui::SameLine();
                ImGui::TextDisabled("%s", l.product_reference.c_str());
            }
            ImGui::TableNextColumn();
            ImGui::TextUnformatted(format_money(l.unit_price_tax_incl).c_str());
            ImGui::TableNextColumn();
            ImGui::Text("%lld", static_cast<long long>(l.quantity));
            ImGui::TableNextColumn();
            ImGui::Text("%lld", static_cast<long long>(l.quantity_returned));
            ImGui::TableNextColumn();
            ImGui::Text("%lld", static_cast<long long>(l.quantity_refunded));
            ImGui::TableNextColumn();
            ImGui::TextUnformatted(format_money(l.total_price_tax_incl).c_str());
        }
        ImGui::EndTable();
    }
    ImGui::Text("%s %s   %s %s   %s %s", tr("order.products_total"),
                format_money(o.total_products_wt).c_str(), tr("order.shipping"),
                format_money(o.total_shipping).c_str(), tr("sheet.total"),
                format_money(o.total_paid_real).c_str());
}

void OrderWindow::draw_timeline() {
    const core::SheetOrder& o = order_->order;
    if (o.history.empty())
        ImGui::TextDisabled("%s", tr("sheet.none"));
    for (const core::SheetOrderEvent& h : o.history) {
        ImGui::PushStyleColor(ImGuiCol_Text, state_color(h.color));
        ImGui::TextUnformatted("●");
        ImGui::PopStyleColor();
        ImGui::SameLine();
        ImGui::Text("%s  %s%s", format_date(h.date_add).c_str(), h.state.c_str(),
                    h.id_employee > 0 ? (std::string("  — ") + tr("order.by_employee")).c_str()
                                      : "");
    }
    ImGui::Separator();
    std::string current;
    for (const auto& s : states_)
        if (s.id == new_state_)
            current = s.name;
    ImGui::AlignTextToFramePadding();
    ImGui::TextUnformatted(tr("order.new_state"));
    ImGui::SameLine();
    ImGui::SetNextItemWidth(ImGui::GetFontSize() * 18);
    if (ImGui::BeginCombo("##state", current.c_str(), ImGuiComboFlags_HeightLarge)) {
        for (const auto& s : states_) {
            ImGui::PushStyleColor(ImGuiCol_Text, state_color(s.color));
            ImGui::TextUnformatted("●");
            ImGui::PopStyleColor();
            ImGui::SameLine();
            if (ImGui::Selectable(s.name.c_str(), s.id == new_state_))
                new_state_ = s.id;
            test_hooks::register_last_item(
                (window_id() + ".state." + std::to_string(s.id)).c_str());
        }
        ImGui::EndCombo();
    }
    test_hooks::register_last_item((window_id() + ".state").c_str());
    ImGui::SameLine();
    ImGui::BeginDisabled(new_state_ == o.id_state);
    if (ImGui::Button(tr("order.change_state")))
        change_state(new_state_);
    ImGui::EndDisabled();
    test_hooks::register_last_item((window_id() + ".change_state").c_str());
    forms::errors(errors_, "id_order_state");
}

// --- 4. returns ----------------------------------------------------------------------------------

void OrderWindow::quantity_inputs(const char* prefix, core::LineQuantities& values,
                                  const std::map<std::int64_t, std::int64_t>& max) {
    if (!ImGui::BeginTable(prefix, 3, ImGuiTableFlags_SizingStretchProp))
        return;
    ImGui::TableSetupColumn(tr("sheet.product"));
    ImGui::TableSetupColumn(tr("order.available"));
    ImGui::TableSetupColumn(tr("sheet.quantity"));
    ImGui::TableHeadersRow();
    for (const core::SheetOrderLine& l : order_->order.lines) {
        auto it = max.find(l.id_order_detail);
        const std::int64_t left = it == max.end() ? 0 : it->second;
        ImGui::TableNextRow();
        ImGui::TableNextColumn();
        ImGui::TextUnformatted(l.product_name.c_str());
        ImGui::TableNextColumn();
        ImGui::Text("%lld", static_cast<long long>(left));
        ImGui::TableNextColumn();
        int qty = static_cast<int>(values[l.id_order_detail]);
        ImGui::SetNextItemWidth(ImGui::GetFontSize() * 7);
        ImGui::BeginDisabled(left == 0);
        const std::string id = std::string("##") + prefix + std::to_string(l.id_order_detail);
        if (ImGui::InputInt(id.c_str(), &qty))
            values[l.id_order_detail] =
                std::clamp<std::int64_t>(qty, 0, std::max<std::int64_t>(left, 0));
        ImGui::EndDisabled();
        test_hooks::register_last_item(
            (window_id() + "." + prefix + "." + std::to_string(l.id_order_detail)).c_str());
        forms::errors(errors_, "line[" + std::to_string(l.id_order_detail) + "]");
    }
    ImGui::EndTable();
}

void OrderWindow::draw_returns() {
    if (order_->returns.empty())
        ImGui::TextDisabled("%s", tr("sheet.none"));
    for (const core::OrderReturn& r : order_->returns) {
        ImGui::PushID(static_cast<int>(r.head.id));
        ImGui::PushStyleColor(ImGuiCol_Text, state_color(r.head.state_color));
        ImGui::TextUnformatted("●");
        ImGui::PopStyleColor();
        ImGui::SameLine();
        ImGui::Text("#%lld  %s  %s", static_cast<long long>(r.head.id),
                    format_date(r.head.date_add).c_str(), r.head.state.c_str());
        for (int next : core::next_return_states(static_cast<int>(r.head.id_state))) {
            std::string name;
            for (const auto& s : return_states_)
                if (s.id == next)
                    name = s.name;
            ImGui::SameLine();
            if (ImGui::SmallButton(("→ " + name).c_str()))
                set_return_state(r.head.id, next);
            test_hooks::register_last_item(
                (window_id() + ".return." + std::to_string(r.head.id) + "." + std::to_string(next))
                    .c_str());
        }
        ImGui::Indent();
        for (const core::ReturnLine& l : r.lines)
            ImGui::BulletText("%s  × %lld", l.product_name.c_str(),
                              static_cast<long long>(l.quantity));
        if (!r.head.question.empty())
            ImGui::TextWrapped("“%s”", r.head.question.c_str());
        ImGui::Unindent();
        ImGui::PopID();
    }
    forms::errors(errors_, "state");
    ImGui::Separator();
    ImGui::TextUnformatted(tr("order.request_return"));
    if (!order_->shipped) {
        ImGui::TextDisabled("%s", tr("err.order_not_shipped"));
        return;
    }
    quantity_inputs("return", return_lines_, order_->returnable);
    forms::errors(errors_, "lines");
    ImGui::SetNextItemWidth(-1);
    ImGui::InputTextWithHint("##question", tr("order.question"), &question_);
    test_hooks::register_last_item((window_id() + ".question").c_str());
    forms::errors(errors_, "question");
    if (ImGui::Button(tr("order.request_return")))
        request_return(return_lines_, question_);
    test_hooks::register_last_item((window_id() + ".request_return").c_str());
}

// --- 5. credit slips -----------------------------------------------------------------------------

void OrderWindow::draw_slips() {
    if (order_->slips.empty())
        ImGui::TextDisabled("%s", tr("sheet.none"));
    for (const core::CreditSlip& s : order_->slips) {
        ImGui::Text("#%lld  %s  %s%s", static_cast<long long>(s.head.id),
                    format_date(s.head.date_add).c_str(), format_money(s.head.amount).c_str(),
                    s.head.partial ? (std::string("  (") + tr("order.partial") + ")").c_str() : "");
        ImGui::Indent();
        for (const core::SlipLine& l : s.lines)
            ImGui::BulletText("%s  × %lld  %s", l.product_name.c_str(),
                              static_cast<long long>(l.quantity),
                              format_money(l.amount_tax_incl).c_str());
        if (s.shipping)
            ImGui::BulletText("%s  %s", tr("order.shipping"),
                              format_money(s.head.total_shipping_tax_incl).c_str());
        ImGui::Unindent();
    }
    ImGui::Separator();
    ImGui::TextUnformatted(tr("order.create_slip"));
    if (!order_->paid) {
        ImGui::TextDisabled("%s", tr("err.order_not_paid"));
        return;
    }
    quantity_inputs("slip", slip_lines_, order_->refundable);
    forms::errors(errors_, "lines");
    ImGui::BeginDisabled(order_->shipping_refunded);
    ImGui::Checkbox((std::string(tr("order.refund_shipping")) + " (" +
                     format_money(order_->order.total_shipping) + ")")
                        .c_str(),
                    &refund_shipping_);
    ImGui::EndDisabled();
    test_hooks::register_last_item((window_id() + ".refund_shipping").c_str());
    forms::errors(errors_, "shipping");
    ImGui::Text(
        "%s %s", tr("order.slip_amount"),
        format_money(core::credit_slip_amount(*order_, slip_lines_, refund_shipping_)).c_str());
    if (ImGui::Button(tr("order.create_slip")))
        create_credit_slip(slip_lines_, refund_shipping_);
    test_hooks::register_last_item((window_id() + ".create_slip").c_str());
}

// --- 6. test state -------------------------------------------------------------------------------

std::string OrderWindow::state_json() const {
    nlohmann::json j{{"id", id_}, {"errors", nlohmann::json::array()}};
    for (const auto& e : errors_)
        j["errors"].push_back({{"field", e.field}, {"code", e.code}});
    if (!order_)
        return j.dump();
    const core::SheetOrder& o = order_->order;
    j["reference"] = o.reference;
    j["id_state"] = o.id_state;
    j["state"] = o.state;
    j["valid"] = o.valid;
    j["customer"] = order_->customer_email;
    j["lines"] = o.lines.size();
    j["history"] = nlohmann::json::array();
    for (const auto& h : o.history)
        j["history"].push_back({{"id_state", h.id_order_state}, {"state", h.state}});
    j["returns"] = nlohmann::json::array();
    for (const auto& r : order_->returns)
        j["returns"].push_back({{"id", r.head.id}, {"id_state", r.head.id_state}});
    j["slips"] = nlohmann::json::array();
    for (const auto& s : order_->slips)
        j["slips"].push_back({{"id", s.head.id}, {"amount", s.head.amount}});
    return j.dump();
}

} // namespace clientele::ui
