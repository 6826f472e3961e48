// A customer service thread in its own window: the conversation in order (customer and
// employee messages, private notes marked, attachment names), status, mark read, the
// employee's reply or private note. A reply is stored, then handed to the user's mail client
// (mailto:) and can be downloaded as an .eml file with its attachment. ComposeWindow writes a
// new message to a customer (shop, contact, subject, body, optional attachment): it extends the
// customer's thread or starts one, and goes to the mail client the same way.
#pragma once

#include "core/reference.h"
#include "core/service.h"
#include "ui/app.h"

#include <optional>
#include <string>
#include <vector>

namespace clientele::ui {

// The translated name of a thread status ("open" -> "Open").
const char* thread_status_label(const std::string& status);

// What both windows share: the attachment picked for the message, and the last message handed
// to mail (kept to open it again or download it as .eml).
struct OutgoingMail {
    std::string attachment_name, attachment_bytes;
    std::string attach_path, attach_error; // desktop: a file read by path
    bool waiting_for_file = false;         // browser: the file picker is open for this message
    std::optional<core::EmlMessage> sent;
    // Draws the attachment row; reads the file through the Host.
    void draw_attachment(Context& ctx, const std::string& hook);
    // Stores `m` as sent and opens the mail client with it.
    void hand_to_mail(Context& ctx, core::EmlMessage m);
    // Draws "Open in mail client" / "Download .eml" for the last message sent.
    void draw_sent_actions(Context& ctx, const std::string& hook, const std::string& file_stem);
};

class ThreadWindow : public Window {
public:
    ThreadWindow(Context& ctx, std::int64_t id);
    std::string window_id() const override { return "thread." + std::to_string(id_); }
    bool draw() override;
    std::string state_json() const override;
    bool wants_file() const override { return mail_.waiting_for_file; }
    void receive_file(const std::string& name, std::string bytes) override;

    // For tests: the draft, and the actions behind the buttons.
    std::string& draft() { return draft_; }
    bool& draft_private() { return private_; }
    void set_attachment(const std::string& name, const std::string& bytes);
    bool send(); // a reply, or a private note when draft_private()
    void mark_read();
    void set_status(core::ThreadStatus status);
    void download_eml();
    const std::vector<core::FieldError>& errors() const { return errors_; }
    const std::optional<core::ServiceThread>& thread() const { return thread_; }

private:
    void reload();
    void draw_header();
    void draw_conversation();
    void draw_reply();

    Context& ctx_;
    std::int64_t id_;
    bool open_ = true;
    std::optional<core::ServiceThread> thread_;
    std::uint64_t version_ = ~0ull;
    std::string draft_;
    bool private_ = false;
    bool tried_ = false;
    std::vector<core::FieldError> errors_;
    std::string message_;
    OutgoingMail mail_;
};

class ComposeWindow : public Window {
public:
    // `id_customer` 0: the customer is chosen by e-mail in the window.
    ComposeWindow(Context& ctx, std::int64_t id_customer);
    std::string window_id() const override { return "compose." + std::to_string(serial_); }
    bool draw() override;
    std::string state_json() const override;
    bool wants_file() const override { return mail_.waiting_for_file; }
    void receive_file(const std::string& name, std::string bytes) override;

    core::ComposeInput& input() { return input_; }
    std::string& customer_email() { return email_; }
    void set_attachment(const std::string& name, const std::string& bytes);
    // Validates, stores and hands the message to mail; the thread id, or 0 with errors().
    std::int64_t send();
    const std::vector<core::FieldError>& errors() const { return errors_; }

private:
    void resolve_customer();

    Context& ctx_;
    int serial_;
    bool open_ = true;
    core::ComposeInput input_;
    std::string email_, order_text_;
    std::vector<core::NamedId> shops_, contacts_;
    std::vector<core::FieldError> errors_;
    bool tried_ = false;
    std::int64_t sent_thread_ = 0;
    OutgoingMail mail_;
};

} // namespace clientele::ui
