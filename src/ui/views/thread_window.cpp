// Sections: 1. shared: status names, attachment, mail hand-off  2. thread window
// 3. compose window
#include "ui/views/thread_window.h"

#include "core/contacts.h"
#include "core/customers.h"
#include "core/i18n.h"
#include "ui/forms.h"
#include "ui/keys.h"
#include "ui/test_hooks.h"
#include "ui/theme.h"

#include <imgui.h>
#include <imgui_stdlib.h>
#include <nlohmann/json.hpp>

#include <algorithm>

namespace clientele::ui {

namespace {
using core::ThreadStatus;
using core::i18n::format_date;

const ThreadStatus kStatuses[] = {ThreadStatus::Open, ThreadStatus::Closed, ThreadStatus::Pending1,
                                  ThreadStatus::Pending2};

nlohmann::json error_fields(const std::vector<core::FieldError>& errors) {
    nlohmann::json out = nlohmann::json::array();
    for (const auto& e : errors)
        out.push_back({{"field", e.field}, {"code", e.code}});
    return out;
}

std::string base_name(const std::string& path) {
    const std::size_t slash = path.find_last_of("/\\");
    return slash == std::string::npos ? path : path.substr(slash + 1);
}
} // namespace

// --- 1. shared ----------------------------------------------------------------------------------

const char* thread_status_label(const std::string& status) {
    if (status == "open")
        return tr("service.status_open");
    if (status == "closed")
        return tr("service.status_closed");
    if (status == "pending1")
        return tr("service.status_pending1");
    if (status == "pending2")
        return tr("service.status_pending2");
    return status.c_str();
}

void OutgoingMail::draw_attachment(Context& ctx, const std::string& hook) {
    if (!attachment_name.empty()) {
        ImGui::AlignTextToFramePadding();
        ImGui::Text(
            "%s (%s B)", attachment_name.c_str(),
            core::i18n::format_number(static_cast<long long>(attachment_bytes.size())).c_str());
        ImGui::SameLine();
        if (ImGui::SmallButton(tr("service.remove_attachment"))) {
            attachment_name.clear();
            attachment_bytes.clear();
        }
        test_hooks::register_last_item((hook + ".remove_attachment").c_str());
        return;
    }
    if (ctx.host.can_pick_file()) {
        // The browser: the page's file picker; the file arrives through App::receive_file.
        if (ImGui::Button(tr("data.choose_file"))) {
            waiting_for_file = true;
            ctx.host.pick_file("");
        }
        test_hooks::register_last_item((hook + ".choose_file").c_str());
        return;
    }
    ImGui::SetNextItemWidth(ImGui::GetFontSize() * 18);
    ImGui::InputTextWithHint("##attach_path", tr("service.attach_hint"), &attach_path);
    test_hooks::register_last_item((hook + ".attach_path").c_str());
    ImGui::SameLine();
    ImGui::BeginDisabled(attach_path.empty());
    if (ImGui::Button(tr("service.attach"))) {
        std::string bytes;
        if (ctx.host.read_path(attach_path, bytes, attach_error)) {
            attachment_name = base_name(attach_path);
            attachment_bytes = std::move(bytes);
            attach_error.clear();
            attach_path.clear();
        }
    }
    ImGui::EndDisabled();
    test_hooks::register_last_item((hook + ".attach").c_str());
    if (!attach_error.empty())
        forms::danger_text(attach_error);
}

void OutgoingMail::hand_to_mail(Context& ctx, core::EmlMessage m) {
    if (!attachment_name.empty()) {
        m.attachment_name = attachment_name;
        m.attachment_bytes = attachment_bytes;
    }
    ctx.host.open_url(core::mailto_link(m.to, m.subject, m.body));
    sent = std::move(m);
    attachment_name.clear();
    attachment_bytes.clear();
}

void OutgoingMail::draw_sent_actions(Context& ctx, const std::string& hook,
                                     const std::string& file_stem) {
    if (!sent)
        return;
    ImGui::Separator();
    forms::hint(tr("service.sent_hint"));
    if (ImGui::Button(tr("service.open_mail_client")))
        ctx.host.open_url(core::mailto_link(sent->to, sent->subject, sent->body));
    test_hooks::register_last_item((hook + ".mail_client").c_str());
    ImGui::SameLine();
    if (ImGui::Button(tr("service.download_eml")))
        ctx.nav.notify(
            std::string(tr("data.saved_to")) + " " +
            ctx.host.offer_download(file_stem + ".eml", "message/rfc822", core::build_eml(*sent)));
    test_hooks::register_last_item((hook + ".download_eml").c_str());
}

// --- 2. thread window -------------------------------------------------------------------------

ThreadWindow::ThreadWindow(Context& ctx, std::int64_t id) : ctx_(ctx), id_(id) {
    reload();
}

void ThreadWindow::reload() {
    version_ = ctx_.store.db().data_version();
    thread_ = core::load_thread(ctx_.store.db(), id_, core::i18n::language_id());
}

void ThreadWindow::receive_file(const std::string& name, std::string bytes) {
    mail_.waiting_for_file = false;
    set_attachment(name, bytes);
}

void ThreadWindow::set_attachment(const std::string& name, const std::string& bytes) {
    mail_.attachment_name = name;
    mail_.attachment_bytes = bytes;
}

bool ThreadWindow::send() {
    if (!thread_)
        return false;
    tried_ = true;
    core::ReplyInput in;
    in.message = draft_;
    in.is_private = private_;
    if (!private_) {
        in.file_name = mail_.attachment_name;
        in.subject = std::string(tr("service.reply_prefix")) + " " + thread_->contact + " [#" +
                     std::to_string(id_) + "]";
    }
    errors_ = core::validate_reply(in);
    if (!errors_.empty())
        return false;
    try {
        core::add_thread_message(ctx_.store.db(), id_, in);
    } catch (const core::ValidationError& e) {
        errors_ = e.errors();
        return false;
    } catch (const std::exception& e) {
        message_ = e.what();
        return false;
    }
    if (!private_) {
        core::EmlMessage m;
        m.from = core::service_from_address(ctx_.store.db(), thread_->id_contact);
        m.to = thread_->email;
        m.subject = in.subject;
        m.body = draft_;
        mail_.hand_to_mail(ctx_, std::move(m));
        ctx_.nav.notify(tr("service.reply_sent"));
    } else {
        ctx_.nav.notify(tr("service.note_saved"));
    }
    draft_.clear();
    tried_ = false;
    errors_.clear();
    message_.clear();
    reload();
    return true;
}

void ThreadWindow::mark_read() {
    try {
        core::mark_thread_read(ctx_.store.db(), id_);
    } catch (const std::exception& e) {
        message_ = e.what();
    }
    reload();
}

void ThreadWindow::set_status(ThreadStatus status) {
    try {
        core::set_thread_status(ctx_.store.db(), id_, status);
    } catch (const std::exception& e) {
        message_ = e.what();
    }
    reload();
}

void ThreadWindow::download_eml() {
    if (mail_.sent)
        ctx_.host.offer_download("thread-" + std::to_string(id_) + ".eml", "message/rfc822",
                                 core::build_eml(*mail_.sent));
}

bool ThreadWindow::draw() {
    if (version_ != ctx_.store.db().data_version())
        reload();
    const float fs = ImGui::GetFontSize();
    ImGui::SetNextWindowSize(ImVec2(fs * 44, fs * 38), ImGuiCond_FirstUseEver);
    const std::string title =
        std::string(tr("service.thread")) + " #" + std::to_string(id_) + "###" + window_id();
    if (!ImGui::Begin(title.c_str(), &open_)) {
        ImGui::End();
        return open_;
    }
    if (ImGui::IsWindowFocused(ImGuiFocusedFlags_RootAndChildWindows) &&
        !ImGui::GetIO().WantTextInput && keys::pressed(ImGuiKey_Escape, false))
        open_ = false;
    if (!thread_) {
        ImGui::TextWrapped("%s", tr("service.thread_missing"));
        ImGui::End();
        return open_;
    }
    draw_header();
    draw_conversation();
    draw_reply();
    ImGui::End();
    return open_;
}

void ThreadWindow::draw_header() {
    const core::ServiceThread& t = *thread_;
    ImGui::AlignTextToFramePadding();
    ImGui::TextUnformatted(tr("service.status"));
    ImGui::SameLine();
    ImGui::SetNextItemWidth(ImGui::GetFontSize() * 9);
    if (ImGui::BeginCombo("##status", thread_status_label(t.status))) {
        for (ThreadStatus s : kStatuses) {
            const char* name = core::thread_status_name(s);
            if (ImGui::Selectable(thread_status_label(name), t.status == name))
                set_status(s);
            test_hooks::register_last_item((window_id() + ".status." + name).c_str());
        }
        ImGui::EndCombo();
    }
    test_hooks::register_last_item((window_id() + ".status").c_str());
    ImGui::SameLine();
    const bool unread = std::any_of(t.messages.begin(), t.messages.end(),
                                    [](const core::SheetMessage& m) { return !m.read; });
    ImGui::BeginDisabled(!unread);
    if (ImGui::Button(tr("service.mark_read")))
        mark_read();
    ImGui::EndDisabled();
    test_hooks::register_last_item((window_id() + ".mark_read").c_str());
    if (t.id_customer > 0) {
        ImGui::SameLine();
        if (ImGui::Button(tr("service.open_customer")))
            ctx_.nav.open_customer(t.id_customer);
        test_hooks::register_last_item((window_id() + ".customer").c_str());
    }
    ImGui::TextDisabled("%s", tr("service.contact"));
    ImGui::SameLine();
    ImGui::TextUnformatted(t.contact.c_str());
    ImGui::SameLine();
    ImGui::TextDisabled("%s", tr("service.customer"));
    ImGui::SameLine();
    ImGui::Text("%s <%s>", t.customer.empty() ? tr("service.visitor") : t.customer.c_str(),
                t.email.c_str());
    if (t.id_order > 0) {
        ImGui::SameLine();
        ImGui::TextDisabled("%s", tr("service.order"));
        ImGui::SameLine();
        ImGui::TextUnformatted(t.order_reference.c_str());
    }
    if (!message_.empty())
        forms::danger_text(message_);
    ImGui::Separator();
}

void ThreadWindow::draw_conversation() {
    const float fs = ImGui::GetFontSize();
    ImGui::BeginChild("##conversation",
                      ImVec2(0, std::max(fs * 8, ImGui::GetContentRegionAvail().y - fs * 13)),
                      true);
    const Palette& pal = palette();
    for (const core::SheetMessage& m : thread_->messages) {
        ImGui::PushID(static_cast<int>(m.id));
        const char* who = m.from_employee ? tr("sheet.employee") : tr("sheet.customer");
        ImGui::PushStyleColor(ImGuiCol_Text, m.is_private      ? pal.warn
                                             : m.from_employee ? pal.muted
                                                               : ImGui::GetColorU32(ImGuiCol_Text));
        ImGui::Text("%s%s  %s%s", m.read ? "" : "● ", who, format_date(m.date_add).c_str(),
                    m.is_private ? (std::string("  ") + tr("service.private_note")).c_str() : "");
        ImGui::PopStyleColor();
        ImGui::Indent(fs);
        ImGui::TextWrapped("%s", m.message.c_str());
        if (!m.file_name.empty())
            ImGui::TextDisabled("%s %s", tr("sheet.attachment"), m.file_name.c_str());
        ImGui::Unindent(fs);
        ImGui::Spacing();
        ImGui::PopID();
    }
    if (ImGui::GetScrollY() >= ImGui::GetScrollMaxY())
        ImGui::SetScrollHereY(1.0f); // keep the newest message in view
    ImGui::EndChild();
}

void ThreadWindow::draw_reply() {
    const std::string hook = window_id();
    ImGui::SetNextItemWidth(-1);
    ImGui::InputTextMultiline("##draft", &draft_, ImVec2(-1, ImGui::GetFontSize() * 5));
    test_hooks::register_last_item((hook + ".draft").c_str());
    if (tried_)
        forms::errors(errors_, "message");
    ImGui::Checkbox(tr("service.private"), &private_);
    test_hooks::register_last_item((hook + ".private").c_str());
    if (!private_) {
        ImGui::SameLine();
        mail_.draw_attachment(ctx_, hook);
        if (tried_)
            forms::errors(errors_, "file_name");
    }
    if (ImGui::Button(private_ ? tr("service.save_note") : tr("service.send_reply")))
        send();
    test_hooks::register_last_item((hook + ".send").c_str());
    if (!private_) {
        ImGui::SameLine();
        forms::hint(tr("service.reply_hint"));
    }
    mail_.draw_sent_actions(ctx_, hook, "thread-" + std::to_string(id_));
}

std::string ThreadWindow::state_json() const {
    nlohmann::json j{{"id", id_}, {"errors", error_fields(errors_)}, {"draft", draft_}};
    j["sent"] = mail_.sent.has_value();
    if (mail_.sent)
        j["sent_to"] = mail_.sent->to;
    if (!thread_) {
        j["missing"] = true;
        return j.dump();
    }
    j["status"] = thread_->status;
    j["email"] = thread_->email;
    int unread = 0;
    nlohmann::json messages = nlohmann::json::array();
    for (const auto& m : thread_->messages) {
        unread += m.read ? 0 : 1;
        messages.push_back({{"id", m.id},
                            {"from_employee", m.from_employee},
                            {"private", m.is_private},
                            {"read", m.read},
                            {"message", m.message},
                            {"file_name", m.file_name}});
    }
    j["messages"] = messages;
    j["unread"] = unread;
    return j.dump();
}

// --- 3. compose window ------------------------------------------------------------------------

ComposeWindow::ComposeWindow(Context& ctx, std::int64_t id_customer) : ctx_(ctx) {
    static int serial = 0;
    serial_ = ++serial;
    core::Database& db = ctx_.store.db();
    input_.id_customer = id_customer;
    if (id_customer > 0)
        if (auto c = core::load_customer_input(db, id_customer)) {
            email_ = c->email;
            input_.id_shop = c->id_shop;
        }
    shops_ = core::list_shops(db);
    for (const auto& c : core::list_contacts(db, core::i18n::language_id())) {
        contacts_.push_back({c.id, c.name});
        if (input_.id_contact == 0 && c.customer_service)
            input_.id_contact = c.id;
    }
    if (input_.id_contact == 0 && !contacts_.empty())
        input_.id_contact = contacts_.front().id;
}

void ComposeWindow::receive_file(const std::string& name, std::string bytes) {
    mail_.waiting_for_file = false;
    set_attachment(name, bytes);
}

void ComposeWindow::set_attachment(const std::string& name, const std::string& bytes) {
    mail_.attachment_name = name;
    mail_.attachment_bytes = bytes;
}

void ComposeWindow::resolve_customer() {
    auto id = core::find_account_by_email(ctx_.store.db(), email_);
    input_.id_customer = id ? *id : 0;
}

std::int64_t ComposeWindow::send() {
    tried_ = true;
    resolve_customer();
    input_.file_name = mail_.attachment_name;
    input_.id_order = 0;
    errors_.clear();
    if (!order_text_.empty()) {
        try {
            std::size_t used = 0;
            input_.id_order = std::stoll(order_text_, &used);
            if (used != order_text_.size())
                throw std::invalid_argument("order");
        } catch (const std::exception&) {
            input_.id_order = -1;
        }
    }
    errors_ = core::validate_compose(ctx_.store.db(), input_);
    if (!errors_.empty())
        return 0;
    try {
        core::ComposeResult r = core::compose_message(ctx_.store.db(), input_);
        core::EmlMessage m;
        m.from = core::service_from_address(ctx_.store.db(), input_.id_contact);
        m.to = email_;
        m.subject = input_.subject;
        m.body = input_.body;
        mail_.hand_to_mail(ctx_, std::move(m));
        sent_thread_ = r.id_thread;
        ctx_.nav.notify(tr("service.message_sent"));
        return r.id_thread;
    } catch (const core::ValidationError& e) {
        errors_ = e.errors();
    } catch (const std::exception& e) {
        errors_.push_back({"body", e.what(), "err.required"});
    }
    return 0;
}

bool ComposeWindow::draw() {
    const float fs = ImGui::GetFontSize();
    ImGui::SetNextWindowSize(ImVec2(fs * 38, fs * 30), ImGuiCond_FirstUseEver);
    const std::string title = std::string(tr("service.new_message")) + "###" + window_id();
    if (!ImGui::Begin(title.c_str(), &open_)) {
        ImGui::End();
        return open_;
    }
    const std::string hook = "compose";
    const std::vector<core::FieldError> none;
    const auto& shown = tried_ ? errors_ : none;
    if (ImGui::BeginTable("##compose", 2, ImGuiTableFlags_SizingStretchProp)) {
        ImGui::TableSetupColumn("##label", ImGuiTableColumnFlags_WidthFixed, fs * 8);
        ImGui::TableSetupColumn("##value", ImGuiTableColumnFlags_WidthStretch);
        forms::row("service.customer_email");
        if (forms::text(hook, "email", email_))
            resolve_customer();
        forms::errors(shown, "id_customer");
        forms::row("service.shop");
        ImGui::SetNextItemWidth(-1);
        auto name_of = [](const std::vector<core::NamedId>& list, std::int64_t id) {
            for (const auto& n : list)
                if (n.id == id)
                    return n.name;
            return std::string();
        };
        if (ImGui::BeginCombo("##shop", name_of(shops_, input_.id_shop).c_str())) {
            for (const auto& s : shops_)
                if (ImGui::Selectable(s.name.c_str(), s.id == input_.id_shop))
                    input_.id_shop = s.id;
            ImGui::EndCombo();
        }
        test_hooks::register_last_item("compose.shop");
        forms::errors(shown, "id_shop");
        forms::row("service.contact");
        ImGui::SetNextItemWidth(-1);
        if (ImGui::BeginCombo("##contact", name_of(contacts_, input_.id_contact).c_str())) {
            for (const auto& c : contacts_) {
                if (ImGui::Selectable(c.name.c_str(), c.id == input_.id_contact))
                    input_.id_contact = c.id;
                test_hooks::register_last_item(("compose.contact." + std::to_string(c.id)).c_str());
            }
            ImGui::EndCombo();
        }
        test_hooks::register_last_item("compose.contact");
        forms::errors(shown, "id_contact");
        forms::row("service.order_id");
        forms::text(hook, "order", order_text_);
        forms::errors(shown, "id_order");
        forms::row("service.subject");
        forms::text(hook, "subject", input_.subject);
        forms::errors(shown, "subject");
        forms::row("service.body");
        forms::text(hook, "body", input_.body, true);
        forms::errors(shown, "body");
        forms::row("service.attachment");
        mail_.draw_attachment(ctx_, hook);
        forms::errors(shown, "file_name");
        ImGui::EndTable();
    }
    if (ImGui::Button(tr("service.send_message")))
        send();
    test_hooks::register_last_item("compose.send");
    ImGui::SameLine();
    forms::hint(tr("service.reply_hint"));
    mail_.draw_sent_actions(ctx_, hook, "message-" + std::to_string(sent_thread_));
    if (sent_thread_ > 0) {
        if (ImGui::Button(tr("service.open_thread")))
            ctx_.nav.open(std::make_unique<ThreadWindow>(ctx_, sent_thread_));
        test_hooks::register_last_item("compose.open_thread");
    }
    ImGui::End();
    return open_;
}

std::string ComposeWindow::state_json() const {
    nlohmann::json j{{"customer", input_.id_customer},
                     {"errors", error_fields(errors_)},
                     {"sent_thread", sent_thread_},
                     {"sent", mail_.sent.has_value()}};
    return j.dump();
}

} // namespace clientele::ui
