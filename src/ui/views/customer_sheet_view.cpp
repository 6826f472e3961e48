// Sections: 1. loading  2. window and header  3. sections  4. delete dialog
#include "ui/views/customer_sheet_view.h"

#include "ui/views/segments_view.h"

#include "core/cross_selling.h"
#include "core/customers.h"
#include "core/exports.h"
#include "core/gdpr.h"
#include "core/i18n.h"
#include "ui/forms.h"
#include "ui/keys.h"
#include "ui/test_hooks.h"
#include "ui/theme.h"
#include "ui/views/address_form_view.h"
#include "ui/views/carts_view.h"
#include "ui/views/order_window.h"
#include "ui/views/thread_window.h"

#include <imgui.h>
#include <imgui_stdlib.h>
#include <nlohmann/json.hpp>

#include <algorithm>

namespace clientele::ui {

namespace {
using core::i18n::format_date;
using core::i18n::format_money;

void row(const char* label_key, const std::string& value) {
    ImGui::TableNextRow();
    ImGui::TableNextColumn();
    ImGui::TextDisabled("%s", tr(label_key));
    ImGui::TableNextColumn();
    ImGui::TextWrapped("%s", value.c_str());
}

const char* yes_no(bool v) {
    return v ? tr("common.yes") : tr("common.no");
}

bool begin_list(const char* id, int columns) {
    return ImGui::BeginTable(id, columns,
                             ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerH |
                                 ImGuiTableFlags_SizingStretchProp | ImGuiTableFlags_Resizable);
}

void empty_note(bool empty) {
    if (empty)
        ImGui::TextDisabled("%s", tr("sheet.none"));
}
} // namespace

const std::vector<const char*>& CustomerSheetView::section_keys() {
    static const std::vector<const char*> keys = {
        "sheet.account",  "sheet.groups",  "sheet.orders",   "sheet.products",    "sheet.addresses",
        "sheet.vouchers", "sheet.carts",   "sheet.messages", "sheet.connections", "sheet.b2b",
        "sheet.timeline", "sheet.loyalty", "sheet.consents"};
    return keys;
}

// --- 1. loading -----------------------------------------------------------------------------

CustomerSheetView::CustomerSheetView(Context& ctx, std::int64_t id)
    : ctx_(ctx), id_(id), loyalty_(ctx, id), consents_(ctx, id) {
    reload();
}

void CustomerSheetView::reload() {
    version_ = ctx_.store.db().data_version();
    sheet_ = core::load_customer_sheet(ctx_.store.db(), id_, core::i18n::language_id(), "");
    groups_ = core::list_groups(ctx_.store.db(), core::i18n::language_id());
    segments_.reset();
    suggestions_.reset();
    if (sheet_ && !note_dirty_)
        note_ = sheet_->customer.note;
}

void CustomerSheetView::save_note() {
    try {
        core::set_note(ctx_.store.db(), id_, note_);
        note_dirty_ = false;
        ctx_.nav.notify(tr("sheet.note_saved"));
    } catch (const std::exception& e) {
        message_ = e.what();
    }
}

// --- 2. window and header ------------------------------------------------------------------------

bool CustomerSheetView::draw() {
    if (version_ != ctx_.store.db().data_version())
        reload();
    const float fs = ImGui::GetFontSize();
    ImGui::SetNextWindowSize(ImVec2(fs * 58, fs * 36), ImGuiCond_FirstUseEver);
    std::string title = sheet_ ? sheet_->customer.firstname + " " + sheet_->customer.lastname
                               : std::string(tr("sheet.missing"));
    title += "###" + window_id();
    if (!ImGui::Begin(title.c_str(), &open_)) {
        ImGui::End();
        return open_;
    }
    if (ImGui::IsWindowFocused(ImGuiFocusedFlags_RootAndChildWindows) &&
        keys::pressed(ImGuiKey_Escape, false))
        open_ = false;
    if (!sheet_) {
        ImGui::TextWrapped("%s", tr("sheet.missing"));
        ImGui::End();
        return open_;
    }
    draw_header();
    if (ImGui::BeginTabBar("##sections", ImGuiTabBarFlags_FittingPolicyScroll)) {
        struct Tab {
            const char* key;
            void (CustomerSheetView::*draw)();
        };
        static const Tab tabs[] = {
            {"sheet.account", &CustomerSheetView::draw_account},
            {"sheet.groups", &CustomerSheetView::draw_groups},
            {"sheet.orders", &CustomerSheetView::draw_orders},
            {"sheet.products", &CustomerSheetView::draw_products},
            {"sheet.addresses", &CustomerSheetView::draw_addresses},
            {"sheet.vouchers", &CustomerSheetView::draw_vouchers},
            {"sheet.carts", &CustomerSheetView::draw_carts},
            {"sheet.messages", &CustomerSheetView::draw_messages},
            {"sheet.connections", &CustomerSheetView::draw_connections},
            {"sheet.b2b", &CustomerSheetView::draw_b2b},
            {"sheet.timeline", &CustomerSheetView::draw_timeline},
            {"sheet.loyalty", &CustomerSheetView::draw_loyalty},
            {"sheet.consents", &CustomerSheetView::draw_consents},
        };
        for (const Tab& t : tabs) {
            bool selected = ImGui::BeginTabItem((std::string(tr(t.key)) + "###" + t.key).c_str());
            test_hooks::register_last_item((window_id() + "." + t.key).c_str());
            if (selected) {
                ImGui::BeginChild("##section", ImVec2(0, 0), false);
                (this->*t.draw)();
                ImGui::EndChild();
                ImGui::EndTabItem();
            }
        }
        ImGui::EndTabBar();
    }
    draw_delete_popup();
    ImGui::End();
    return open_;
}

void CustomerSheetView::draw_header() {
    const auto& c = sheet_->customer;
    const Palette& pal = palette();
    ImGui::Text("#%lld  %s %s %s", static_cast<long long>(c.id), c.title.c_str(),
                c.firstname.c_str(), c.lastname.c_str());
    ImGui::SameLine();
    ImGui::PushStyleColor(ImGuiCol_Text, c.active ? pal.ok : pal.muted);
    ImGui::TextUnformatted(c.active ? tr("sheet.enabled") : tr("sheet.disabled"));
    ImGui::PopStyleColor();
    if (c.is_guest) {
        ImGui::SameLine();
        ImGui::PushStyleColor(ImGuiCol_Text, pal.warn);
        ImGui::TextUnformatted(tr("sheet.guest"));
        ImGui::PopStyleColor();
    }
    if (c.deleted) {
        ImGui::SameLine();
        ImGui::PushStyleColor(ImGuiCol_Text, pal.danger);
        ImGui::TextUnformatted(tr("sheet.deleted"));
        ImGui::PopStyleColor();
    }
    if (ImGui::Button(tr("sheet.edit")))
        ctx_.nav.edit_customer(id_);
    test_hooks::register_last_item((window_id() + ".edit").c_str());
    ImGui::SameLine();
    if (ImGui::Button(tr("sheet.delete")))
        ImGui::OpenPopup("##delete");
    ImGui::SameLine();
    if (ImGui::Button(tr("gdpr.button")))
        ImGui::OpenPopup("##gdpr");
    test_hooks::register_last_item((window_id() + ".gdpr").c_str());
    draw_gdpr_popup();
    ImGui::SameLine();
    if (ImGui::Button(("✉ " + c.email).c_str()))
        ctx_.host.open_url("mailto:" + c.email);
    std::string phone;
    for (const auto& a : sheet_->addresses)
        if (phone.empty())
            phone = !a.phone_mobile.empty() ? a.phone_mobile : a.phone;
    if (!phone.empty()) {
        ImGui::SameLine();
        if (ImGui::Button(("☎ " + phone).c_str())) {
            std::string tel;
            for (char ch : phone)
                if ((ch >= '0' && ch <= '9') || ch == '+')
                    tel += ch;
            ctx_.host.open_url("tel:" + tel);
        }
    }
    if (!message_.empty()) {
        ImGui::PushStyleColor(ImGuiCol_Text, pal.danger);
        ImGui::TextWrapped("%s", message_.c_str());
        ImGui::PopStyleColor();
    }
    ImGui::Spacing();
}

// --- 3. sections ------------------------------------------------------------------------------

void CustomerSheetView::draw_account() {
    const auto& c = sheet_->customer;
    if (ImGui::BeginTable("##account", 2, ImGuiTableFlags_SizingStretchProp)) {
        ImGui::TableSetupColumn("k", ImGuiTableColumnFlags_WidthFixed, ImGui::GetFontSize() * 11);
        ImGui::TableSetupColumn("v", ImGuiTableColumnFlags_WidthStretch);
        row("col.title", c.title);
        row("col.firstname", c.firstname);
        row("col.lastname", c.lastname);
        row("col.email", c.email);
        row("col.age", c.age ? std::to_string(*c.age) + " (" + format_date(c.birthday) + ")" : "");
        row("col.date_add", format_date(c.date_add));
        row("col.last_visit",
            c.last_visit.empty() ? "" : format_date(c.last_visit) + "  " + c.last_visit_ip);
        row("sheet.language", c.language);
        row("col.shop", c.shop);
        row("col.default_group", c.default_group);
        row("col.newsletter", std::string(yes_no(c.newsletter)) +
                                  (c.newsletter ? "  " + format_date(c.newsletter_date_add) + "  " +
                                                      c.ip_registration_newsletter
                                                : ""));
        row("col.optin", yes_no(c.optin));
        row("col.sales", format_money(c.sales) + "  (" + std::to_string(c.valid_orders) + " " +
                             tr("sheet.valid_orders") + ")");
        if (c.best_rank)
            row("sheet.best_rank", "#" + core::i18n::format_number(*c.best_rank));
        ImGui::EndTable();
    }
    if (c.is_guest) {
        ImGui::Separator();
        ImGui::TextUnformatted(tr("sheet.convert_help"));
        ImGui::SetNextItemWidth(ImGui::GetFontSize() * 14);
        ImGui::InputTextWithHint("##convert", tr("form.password"), &convert_password_,
                                 ImGuiInputTextFlags_Password);
        ImGui::SameLine();
        if (ImGui::Button(tr("sheet.convert"))) {
            try {
                core::convert_guest(ctx_.store.db(), id_, convert_password_);
                convert_password_.clear();
                message_.clear();
                ctx_.nav.notify(tr("sheet.converted"));
            } catch (const core::ValidationError& e) {
                message_ = e.errors().empty() ? e.what()
                                              : e.errors().front().field + ": " +
                                                    tr(e.errors().front().code.c_str());
            }
        }
    }
    ImGui::Separator();
    ImGui::TextUnformatted(tr("sheet.note"));
    if (ImGui::InputTextMultiline("##note", &note_, ImVec2(-1, ImGui::GetFontSize() * 5)))
        note_dirty_ = true;
    test_hooks::register_last_item((window_id() + ".note").c_str());
    ImGui::BeginDisabled(!note_dirty_);
    if (ImGui::Button(tr("sheet.save_note")))
        save_note();
    ImGui::EndDisabled();
    test_hooks::register_last_item((window_id() + ".save_note").c_str());
}

void CustomerSheetView::draw_groups() {
    ImGui::TextDisabled("%s", tr("sheet.groups_help"));
    for (const auto& g : groups_) {
        bool member = std::any_of(sheet_->groups.begin(), sheet_->groups.end(),
                                  [&](const core::SheetGroup& s) { return s.id == g.id; });
        const bool is_default = g.id == sheet_->customer.id_default_group;
        ImGui::BeginDisabled(is_default);
        if (ImGui::Checkbox((g.name + "##g" + std::to_string(g.id)).c_str(), &member)) {
            if (member)
                core::add_to_group(ctx_.store.db(), {id_}, g.id);
            else
                core::remove_from_group(ctx_.store.db(), {id_}, g.id);
        }
        ImGui::EndDisabled();
        ImGui::SameLine(ImGui::GetFontSize() * 14);
        if (is_default) {
            ImGui::TextDisabled("%s", tr("sheet.default_group"));
        } else if (member && ImGui::SmallButton((std::string(tr("sheet.make_default")) + "##d" +
                                                 std::to_string(g.id))
                                                    .c_str())) {
            core::set_default_group(ctx_.store.db(), {id_}, g.id);
        } else if (!member) {
            ImGui::NewLine();
        }
    }
    // The saved segments the customer is in; a name opens it on the Segments screen.
    if (!segments_)
        segments_ = core::segments_of_customer(ctx_.store.db(), id_);
    ImGui::Spacing();
    ImGui::TextDisabled("%s", tr("sheet.segments"));
    if (segments_->empty()) {
        ImGui::SameLine();
        ImGui::TextDisabled("%s", tr("sheet.no_segment"));
    }
    for (const auto& s : *segments_) {
        ImGui::SameLine();
        if (ImGui::SmallButton((s.name + "##segment" + std::to_string(s.id)).c_str())) {
            SegmentsView::request_load(ctx_.store.db(), s.id);
            if (auto* app = dynamic_cast<App*>(&ctx_.nav))
                app->select_view("segments");
        }
        test_hooks::register_last_item(("sheet.segment." + s.name).c_str());
    }
}

void CustomerSheetView::draw_orders() {
    empty_note(sheet_->orders.empty());
    if (!sheet_->orders.empty()) {
        if (ImGui::SmallButton(tr("sheet.export_orders"))) {
            const std::string csv = core::customer_orders_csv(
                ctx_.store.db(), id_, core::csv::Format{}, core::i18n::language_id());
            ctx_.nav.notify(std::string(tr("bulk.exported")) + " " +
                            ctx_.host.offer_download("orders-" + std::to_string(id_) + ".csv",
                                                     "text/csv", csv));
        }
        test_hooks::register_last_item((window_id() + ".export_orders").c_str());
    }
    for (const auto& o : sheet_->orders) {
        std::string head = o.reference + "   " + format_date(o.date_add) + "   " + o.state + "   " +
                           format_money(o.total_paid_real) + "   " + o.payment + "###o" +
                           std::to_string(o.id);
        const bool open = ImGui::TreeNode(head.c_str());
        ImGui::SameLine();
        ImGui::PushID(static_cast<int>(o.id));
        if (ImGui::SmallButton(tr("sheet.open")))
            ctx_.nav.open(std::make_unique<OrderWindow>(ctx_, o.id));
        ImGui::PopID();
        test_hooks::register_last_item((window_id() + ".order." + std::to_string(o.id)).c_str());
        if (!open)
            continue;
        if (begin_list("##lines", 4)) {
            ImGui::TableSetupColumn(tr("sheet.product"));
            ImGui::TableSetupColumn(tr("sheet.unit_price"));
            ImGui::TableSetupColumn(tr("sheet.quantity"));
            ImGui::TableSetupColumn(tr("sheet.total"));
            ImGui::TableHeadersRow();
            for (const auto& l : o.lines) {
                ImGui::TableNextRow();
                ImGui::TableNextColumn();
                ImGui::TextUnformatted(l.product_name.c_str());
                ImGui::TableNextColumn();
                ImGui::TextUnformatted(format_money(l.unit_price_tax_incl).c_str());
                ImGui::TableNextColumn();
                ImGui::Text("%lld", static_cast<long long>(l.quantity));
                ImGui::TableNextColumn();
                ImGui::TextUnformatted(format_money(l.total_price_tax_incl).c_str());
            }
            ImGui::EndTable();
        }
        ImGui::TextDisabled("%s", tr("sheet.history"));
        for (const auto& h : o.history)
            ImGui::BulletText("%s  %s", format_date(h.date_add).c_str(), h.state.c_str());
        ImGui::TreePop();
    }
    if (!sheet_->returns.empty()) {
        ImGui::Separator();
        ImGui::TextUnformatted(tr("sheet.returns"));
        for (const auto& r : sheet_->returns)
            ImGui::BulletText("#%lld  %s  %s  %s", static_cast<long long>(r.id),
                              r.order_reference.c_str(), format_date(r.date_add).c_str(),
                              r.state.c_str());
    }
    if (!sheet_->credit_slips.empty()) {
        ImGui::TextUnformatted(tr("sheet.credit_slips"));
        for (const auto& s : sheet_->credit_slips)
            ImGui::BulletText("#%lld  %s  %s  %s", static_cast<long long>(s.id),
                              s.order_reference.c_str(), format_date(s.date_add).c_str(),
                              format_money(s.amount).c_str());
    }
}

void CustomerSheetView::draw_products() {
    empty_note(sheet_->products.empty());
    if (sheet_->products.empty() || !begin_list("##products", 3))
        return;
    ImGui::TableSetupColumn(tr("sheet.product"));
    ImGui::TableSetupColumn(tr("sheet.quantity"));
    ImGui::TableSetupColumn(tr("sheet.last_purchase"));
    ImGui::TableHeadersRow();
    for (const auto& p : sheet_->products) {
        ImGui::TableNextRow();
        ImGui::TableNextColumn();
        ImGui::TextUnformatted(p.name.c_str());
        ImGui::TableNextColumn();
        ImGui::Text("%lld", static_cast<long long>(p.quantity));
        ImGui::TableNextColumn();
        ImGui::TextUnformatted(format_date(p.last_purchase).c_str());
    }
    ImGui::EndTable();
    // Often bought together (from the shop's orders), read once per change of the data.
    if (!suggestions_)
        suggestions_ = core::bought_together(ctx_.store.db(), id_, core::i18n::language_id());
    if (suggestions_->empty())
        return;
    ImGui::Spacing();
    ImGui::TextUnformatted(tr("sheet.bought_together"));
    for (const auto& s : *suggestions_)
        ImGui::BulletText(
            "%s  (%s)", s.name.c_str(),
            core::i18n::format_count("sheet.bought_together_orders", s.orders).c_str());
}

void CustomerSheetView::draw_addresses() {
    if (ImGui::SmallButton(tr("address.new_title")))
        ctx_.nav.open(std::make_unique<AddressFormView>(ctx_, 0, id_));
    test_hooks::register_last_item((window_id() + ".new_address").c_str());
    empty_note(sheet_->addresses.empty());
    for (const auto& a : sheet_->addresses) {
        ImGui::Text("%s%s", a.alias.c_str(), a.deleted ? "  ✗" : "");
        if (!a.deleted) {
            ImGui::SameLine();
            ImGui::PushID(static_cast<int>(a.id));
            if (ImGui::SmallButton(tr("sheet.edit")))
                ctx_.nav.open(std::make_unique<AddressFormView>(ctx_, a.id));
            ImGui::PopID();
        }
        ImGui::Indent();
        if (!a.company.empty())
            ImGui::TextUnformatted(a.company.c_str());
        ImGui::Text("%s %s", a.firstname.c_str(), a.lastname.c_str());
        ImGui::TextUnformatted(a.address1.c_str());
        if (!a.address2.empty())
            ImGui::TextUnformatted(a.address2.c_str());
        ImGui::Text("%s %s  %s %s", a.postcode.c_str(), a.city.c_str(), a.state.c_str(),
                    a.country.c_str());
        if (!a.phone.empty() || !a.phone_mobile.empty())
            ImGui::Text("☎ %s  %s", a.phone.c_str(), a.phone_mobile.c_str());
        if (!a.vat_number.empty())
            ImGui::Text("%s %s", tr("sheet.vat"), a.vat_number.c_str());
        if (!a.dni.empty())
            ImGui::Text("%s %s", tr("sheet.dni"), a.dni.c_str());
        ImGui::Unindent();
        ImGui::Spacing();
    }
}

void CustomerSheetView::draw_vouchers() {
    empty_note(sheet_->vouchers.empty());
    for (const auto& v : sheet_->vouchers) {
        std::string value = v.reduction_percent > 0
                                ? std::to_string(static_cast<int>(v.reduction_percent)) + " %"
                                : format_money(v.reduction_amount);
        ImGui::BulletText("%s  %s  %s  %s → %s  %s", v.code.c_str(), v.name.c_str(), value.c_str(),
                          format_date(v.date_from).c_str(), format_date(v.date_to).c_str(),
                          v.usable ? tr("sheet.usable") : tr("sheet.not_usable"));
    }
}

void CustomerSheetView::draw_carts() {
    empty_note(sheet_->carts.empty());
    for (const auto& c : sheet_->carts) {
        const char* status = c.status == core::CartStatus::Ordered     ? tr("cart.ordered")
                             : c.status == core::CartStatus::Abandoned ? tr("cart.abandoned")
                                                                       : tr("cart.in_progress");
        std::string head = "#" + std::to_string(c.id) + "   " + format_date(c.date_upd) + "   " +
                           status + "   " + format_money(c.total) + "###c" + std::to_string(c.id);
        if (c.status == core::CartStatus::Abandoned)
            ImGui::PushStyleColor(ImGuiCol_Text, palette().warn);
        bool open = ImGui::TreeNode(head.c_str());
        if (c.status == core::CartStatus::Abandoned)
            ImGui::PopStyleColor();
        ImGui::SameLine();
        ImGui::PushID(static_cast<int>(c.id));
        if (ImGui::SmallButton(tr("sheet.open")))
            ctx_.nav.open(std::make_unique<CartWindow>(ctx_, c.id));
        ImGui::PopID();
        test_hooks::register_last_item((window_id() + ".cart." + std::to_string(c.id)).c_str());
        if (!open)
            continue;
        for (const auto& l : c.lines)
            ImGui::BulletText("%s  × %lld  %s", l.name.c_str(), static_cast<long long>(l.quantity),
                              format_money(l.unit_price).c_str());
        ImGui::TreePop();
    }
}

void CustomerSheetView::draw_messages() {
    if (ImGui::Button(tr("service.new_message")))
        ctx_.nav.open(std::make_unique<ComposeWindow>(ctx_, id_));
    test_hooks::register_last_item((window_id() + ".new_message").c_str());
    empty_note(sheet_->messages.empty());
    for (const auto& t : sheet_->messages) {
        ImGui::PushID(static_cast<int>(t.id));
        if (ImGui::SmallButton(tr("service.open_thread")))
            ctx_.nav.open(std::make_unique<ThreadWindow>(ctx_, t.id));
        test_hooks::register_last_item((window_id() + ".thread." + std::to_string(t.id)).c_str());
        ImGui::PopID();
        ImGui::SameLine();
        std::string head = "#" + std::to_string(t.id) + "  " + t.contact + "  [" + t.status +
                           "]  " + format_date(t.date_upd) + "###t" + std::to_string(t.id);
        if (!ImGui::TreeNode(head.c_str()))
            continue;
        for (const auto& m : t.messages) {
            ImGui::PushStyleColor(ImGuiCol_Text, m.from_employee
                                                     ? palette().muted
                                                     : ImGui::GetColorU32(ImGuiCol_Text));
            ImGui::TextWrapped("%s %s%s: %s%s", format_date(m.date_add).c_str(),
                               m.from_employee ? tr("sheet.employee") : tr("sheet.customer"),
                               m.is_private ? tr("sheet.private") : "", m.message.c_str(),
                               m.file_name.empty() ? ""
                                                   : ("  [" + std::string(tr("sheet.attachment")) +
                                                      " " + m.file_name + "]")
                                                         .c_str());
            ImGui::PopStyleColor();
        }
        ImGui::TreePop();
    }
}

void CustomerSheetView::draw_connections() {
    empty_note(sheet_->connections.empty());
    for (const auto& c : sheet_->connections)
        ImGui::BulletText("%s  %s", c.date.c_str(), c.ip.c_str());
}

void CustomerSheetView::draw_b2b() {
    const auto& b = sheet_->b2b;
    if (ImGui::BeginTable("##b2b", 2, ImGuiTableFlags_SizingStretchProp)) {
        ImGui::TableSetupColumn("k", ImGuiTableColumnFlags_WidthFixed, ImGui::GetFontSize() * 11);
        ImGui::TableSetupColumn("v", ImGuiTableColumnFlags_WidthStretch);
        row("col.company", b.company);
        row("form.siret", b.siret);
        row("form.ape", b.ape);
        row("form.website", b.website);
        row("form.risk", b.risk);
        row("form.allowance", format_money(b.outstanding_allow_amount));
        row("sheet.outstanding", format_money(b.outstanding));
        row("form.payment_days", std::to_string(b.max_payment_days));
        ImGui::EndTable();
    }
    if (b.over_allowance) {
        ImGui::PushStyleColor(ImGuiCol_Text, palette().danger);
        ImGui::TextUnformatted(tr("sheet.over_allowance"));
        ImGui::PopStyleColor();
    }
}

void CustomerSheetView::draw_loyalty() {
    loyalty_.draw(window_id());
}

void CustomerSheetView::draw_consents() {
    consents_.draw();
}

void CustomerSheetView::draw_timeline() {
    empty_note(sheet_->timeline.empty());
    for (const auto& e : sheet_->timeline)
        ImGui::BulletText("%s  %s%s", e.at.c_str(), e.summary.c_str(),
                          e.undone ? tr("sheet.undone") : "");
}

std::string CustomerSheetView::state_json() const {
    nlohmann::json j{{"id", id_},
                     {"exists", sheet_.has_value()},
                     {"note_dirty", note_dirty_},
                     {"note_text", note_}};
    if (sheet_) {
        j["note"] = sheet_->customer.note;
        j["email"] = sheet_->customer.email;
        j["orders"] = sheet_->orders.size();
        j["addresses"] = sheet_->addresses.size();
    }
    return j.dump();
}

// --- 4. delete dialog ---------------------------------------------------------------------------

// GDPR: the customer's data as JSON or CSV, and erasure as PrestaShop's GDPR module does it.
void CustomerSheetView::draw_gdpr_popup() {
    if (!ImGui::BeginPopup("##gdpr"))
        return;
    const std::string base = "personal-data-" + std::to_string(id_);
    try {
        if (ImGui::Selectable(tr("gdpr.export_json"), false,
                              ImGuiSelectableFlags_DontClosePopups)) {
            const std::string json =
                core::gdpr_export_json(ctx_.store.db(), id_, core::i18n::language_id()).dump(2);
            ctx_.nav.notify(std::string(tr("bulk.exported")) + " " +
                            ctx_.host.offer_download(base + ".json", "application/json", json));
        }
        test_hooks::register_last_item((window_id() + ".gdpr.json").c_str());
        if (ImGui::Selectable(tr("gdpr.export_csv"), false, ImGuiSelectableFlags_DontClosePopups)) {
            const std::string csv = core::gdpr_export_csv(ctx_.store.db(), id_, core::csv::Format{},
                                                          core::i18n::language_id());
            ctx_.nav.notify(std::string(tr("bulk.exported")) + " " +
                            ctx_.host.offer_download(base + ".csv", "text/csv", csv));
        }
        test_hooks::register_last_item((window_id() + ".gdpr.csv").c_str());
        ImGui::Separator();
        ImGui::PushStyleColor(ImGuiCol_Text, palette().danger);
        ImGui::TextWrapped("%s", tr("gdpr.erase_warning"));
        ImGui::PopStyleColor();
        if (ImGui::Button(tr("gdpr.erase"))) {
            const core::GdprErasure e = core::gdpr_erase(ctx_.store.db(), id_);
            ctx_.nav.notify(std::string(tr("gdpr.erased")) + " #" + std::to_string(e.id_customer));
            ImGui::CloseCurrentPopup();
        }
        test_hooks::register_last_item((window_id() + ".gdpr.erase").c_str());
    } catch (const std::exception& e) {
        message_ = e.what();
        ImGui::CloseCurrentPopup();
    }
    ImGui::EndPopup();
}

void CustomerSheetView::draw_delete_popup() {
    if (!ImGui::BeginPopup("##delete"))
        return;
    ImGui::TextUnformatted(tr("delete.question"));
    if (ImGui::Button(tr("delete.reregister"))) {
        core::delete_customers(ctx_.store.db(), {id_}, core::DeleteMode::AllowReregistration);
        ctx_.nav.notify(tr("delete.done"));
        ImGui::CloseCurrentPopup();
    }
    if (ImGui::Button(tr("delete.keep"))) {
        core::delete_customers(ctx_.store.db(), {id_}, core::DeleteMode::KeepDataBlockEmail);
        ctx_.nav.notify(tr("delete.done"));
        ImGui::CloseCurrentPopup();
    }
    if (ImGui::Button(tr("form.cancel")))
        ImGui::CloseCurrentPopup();
    ImGui::EndPopup();
}

} // namespace clientele::ui
