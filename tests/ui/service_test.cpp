// Headless UI tests of Customer service (thread list, thread window, compose, bulk status),
// Outstanding (B2B off and on) and Preferences, through the views' commands and clicks on the
// real widgets.
#include "ui_harness.h"

#include "core/addresses.h"

#include "core/audit.h"
#include "core/db.h"
#include "core/demo.h"
#include "core/preferences.h"
#include "ui/views/customer_sheet_view.h"
#include "ui/views/outstanding_view.h"
#include "ui/views/preferences_view.h"
#include "ui/views/service_view.h"
#include "ui/views/thread_window.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

using clientele::test::UiHarness;
using namespace clientele;
using nlohmann::json;

namespace {

struct Screens : clientele::test::DemoUi {
    Screens() {
        // Threads of known shapes besides the demo's: open with an unread message, closed,
        // pending, the newest first.
        h.store.db().exec(R"SQL(
INSERT INTO ps_customer_thread(id_contact, id_customer, status, email, date_add, date_upd)
SELECT 2, id_customer, 'open', email, '2026-11-20 10:00:00', '2026-11-22 10:00:00'
FROM ps_customer WHERE deleted = 0 ORDER BY id_customer LIMIT 1;
INSERT INTO ps_customer_message(id_customer_thread, message, date_add, date_upd, "read")
VALUES (last_insert_rowid(), 'Where is my parcel?', '2026-11-22 10:00:00', '2026-11-22 10:00:00', 0);
INSERT INTO ps_customer_thread(id_contact, id_customer, status, email, date_add, date_upd)
SELECT 1, id_customer, 'closed', email, '2026-11-20 10:00:00', '2026-11-21 10:00:00'
FROM ps_customer WHERE deleted = 0 ORDER BY id_customer LIMIT 1 OFFSET 1;
INSERT INTO ps_customer_message(id_customer_thread, message, date_add, date_upd, "read")
VALUES (last_insert_rowid(), 'Thanks, all good.', '2026-11-21 10:00:00', '2026-11-21 10:00:00', 1);
INSERT INTO ps_customer_thread(id_contact, id_customer, status, email, date_add, date_upd)
SELECT 2, id_customer, 'pending1', email, '2026-11-20 10:00:00', '2026-11-20 10:00:00'
FROM ps_customer WHERE deleted = 0 ORDER BY id_customer LIMIT 1 OFFSET 2;
INSERT INTO ps_customer_message(id_customer_thread, message, date_add, date_upd, "read")
VALUES (last_insert_rowid(), 'Can I change my address?', '2026-11-20 10:00:00', '2026-11-20 10:00:00', 1);
)SQL");
        h.frame(2);
    }
};

} // namespace

TEST(UiService, ScreensAreInTheSidebar) {
    Screens s;
    for (const char* id : {"service", "outstanding", "preferences"}) {
        ASSERT_TRUE(s.h.click(std::string("nav.") + id)) << id;
        EXPECT_EQ(s.state()["view"], id);
    }
}

TEST(UiService, FilterByStatusOpenAThreadReplyAndDownloadTheEml) {
    Screens s;
    auto& service = s.view<ui::ServiceView>("service");
    const std::int64_t all = s.count("SELECT COUNT(*) FROM ps_customer_thread");
    ASSERT_GT(all, 0);
    EXPECT_EQ(s.state()["service"]["total"], all);
    // The status filter is a choice in the filter row.
    ASSERT_TRUE(s.h.click("service.filter.status"));
    ASSERT_TRUE(s.h.click("service.filter.status.closed"));
    const std::int64_t closed =
        s.count("SELECT COUNT(*) FROM ps_customer_thread WHERE status = 'closed'");
    ASSERT_GT(closed, 0);
    EXPECT_EQ(s.state()["service"]["total"], closed);
    for (const auto& r : s.state()["service"]["first_rows"])
        EXPECT_EQ(r["status"], "closed");

    // A click on the row opens the thread window.
    const std::int64_t id = service.row_at(0)->id;
    ASSERT_TRUE(s.h.click("service.row.0"));
    auto* w = s.window<ui::ThreadWindow>();
    ASSERT_NE(w, nullptr);
    EXPECT_EQ(w->window_id(), "thread." + std::to_string(id));
    const std::size_t before = w->thread()->messages.size();

    // An empty reply is refused with the error under the field.
    ASSERT_TRUE(s.h.click(w->window_id() + ".send"));
    EXPECT_FALSE(w->errors().empty());
    w->draft() = "Thank you, your refund is on its way.";
    w->set_attachment("refund.pdf", std::string("%PDF-1.4 refund", 15));
    ASSERT_TRUE(s.h.click(w->window_id() + ".send"));
    json ws = s.state()["window_states"][w->window_id()];
    ASSERT_EQ(ws["messages"].size(), before + 1);
    EXPECT_EQ(ws["messages"].back()["message"], "Thank you, your refund is on its way.");
    EXPECT_EQ(ws["messages"].back()["from_employee"], true);
    EXPECT_EQ(ws["messages"].back()["file_name"], "refund.pdf");
    EXPECT_EQ(ws["sent"], true);
    EXPECT_EQ(s.h.host.last_url.rfind("mailto:", 0), 0u);
    EXPECT_NE(s.h.host.last_url.find("refund%20is%20on%20its%20way"), std::string::npos);
    // The .eml carries the attachment.
    ASSERT_TRUE(s.h.click(w->window_id() + ".download_eml"));
    EXPECT_EQ(s.h.host.last_download_name, "thread-" + std::to_string(id) + ".eml");
    EXPECT_NE(s.h.host.last_download.find("filename=\"refund.pdf\""), std::string::npos);
    EXPECT_NE(s.h.host.last_download.find("To: " + ws["email"].get<std::string>()),
              std::string::npos);
    // Undo takes the reply back.
    s.h.app->undo();
    s.h.frame(2);
    EXPECT_EQ(s.state()["window_states"][w->window_id()]["messages"].size(), before);
}

TEST(UiService, PrivateNoteMarkReadAndStatusFromTheWindow) {
    Screens s;
    auto& service = s.view<ui::ServiceView>("service");
    service.set_filter(core::ThreadColumn::Unread, "1");
    ASSERT_GT(service.total(), 0);
    const std::int64_t id = service.row_at(0)->id;
    service.open_thread(id);
    s.h.frame(2);
    auto* w = s.window<ui::ThreadWindow>();
    ASSERT_NE(w, nullptr);
    EXPECT_GT(s.state()["window_states"][w->window_id()]["unread"], 0);
    ASSERT_TRUE(s.h.click(w->window_id() + ".mark_read"));
    EXPECT_EQ(s.state()["window_states"][w->window_id()]["unread"], 0);

    w->draft() = "Called the customer.";
    ASSERT_TRUE(s.h.click(w->window_id() + ".private"));
    EXPECT_TRUE(w->draft_private());
    const std::string status = w->thread()->status;
    ASSERT_TRUE(s.h.click(w->window_id() + ".send"));
    json ws = s.state()["window_states"][w->window_id()];
    EXPECT_EQ(ws["messages"].back()["private"], true);
    EXPECT_EQ(ws["status"], status); // a note changes nothing else
    EXPECT_EQ(ws["sent"], false);    // and is not mailed

    w->set_status(core::ThreadStatus::Pending2);
    s.h.frame();
    EXPECT_EQ(s.state()["window_states"][w->window_id()]["status"], "pending2");
    s.h.app->undo();
    s.h.frame(2);
    EXPECT_EQ(s.state()["window_states"][w->window_id()]["status"], status);
}

TEST(UiService, BulkStatusForTickedThreadsAndAsAJobForMany) {
    Screens s;
    auto& service = s.view<ui::ServiceView>("service");
    ASSERT_TRUE(s.h.click("nav.service")); // as a person gets there (the mouse is in the window)
    ASSERT_TRUE(s.h.click("service.tick.0"));
    ASSERT_TRUE(s.h.click("service.tick.1"));
    EXPECT_EQ(service.ticked().size(), 2u);
    ASSERT_TRUE(s.h.click("service.bulk.pending1"));
    EXPECT_TRUE(service.ticked().empty());
    EXPECT_GE(s.count("SELECT COUNT(*) FROM ps_customer_thread WHERE status = 'pending1'"), 2);

    // Many threads: a job behind the progress dialog, one undoable batch.
    core::Database& db = s.h.store.db();
    db.exec("WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 300) "
            "INSERT INTO ps_customer_thread(id_contact, status, email, date_add, date_upd) "
            "SELECT 2, 'open', 'bulk' || i || '@example.com', '2026-01-01', '2026-01-01' FROM n");
    db.notify_committed();
    service.set_filter(core::ThreadColumn::Customer, "bulk");
    EXPECT_EQ(service.total(), 300);
    ASSERT_TRUE(s.h.click("service.tick_all"));
    EXPECT_EQ(service.ticked().size(), 300u);
    service.set_ticked_status(core::ThreadStatus::Closed);
    EXPECT_TRUE(s.h.app->job_running());
    for (int i = 0; i < 200 && s.h.app->job_running(); ++i)
        s.h.frame();
    EXPECT_FALSE(s.h.app->job_running());
    EXPECT_EQ(s.count("SELECT COUNT(*) FROM ps_customer_thread WHERE email LIKE 'bulk%' AND "
                      "status = 'closed'"),
              300);
    s.h.app->undo();
    EXPECT_EQ(s.count("SELECT COUNT(*) FROM ps_customer_thread WHERE email LIKE 'bulk%' AND "
                      "status = 'open'"),
              300);
}

TEST(UiService, TheCustomerSheetOpensEachThread) {
    Screens s;
    const std::int64_t thread = s.count("SELECT MAX(id_customer_thread) FROM ps_customer_thread");
    const std::int64_t customer =
        s.count("SELECT id_customer FROM ps_customer_thread WHERE id_customer_thread = " +
                std::to_string(thread));
    s.h.app->open_customer(customer);
    s.h.frame(2);
    const std::string sheet = "sheet." + std::to_string(customer);
    ASSERT_TRUE(s.h.click(sheet + ".sheet.messages"));
    ASSERT_TRUE(s.h.click(sheet + ".thread." + std::to_string(thread)));
    auto* w = s.window<ui::ThreadWindow>();
    ASSERT_NE(w, nullptr);
    EXPECT_EQ(w->window_id(), "thread." + std::to_string(thread));
}

TEST(UiService, ComposeFromTheCustomerSheet) {
    Screens s;
    const std::int64_t customer =
        s.count("SELECT MIN(id_customer) FROM ps_customer WHERE deleted = 0 AND is_guest = 0");
    s.h.app->open_customer(customer);
    s.h.frame(2);
    const std::string sheet = "sheet." + std::to_string(customer);
    ASSERT_TRUE(s.h.click(sheet + ".sheet.messages"));
    ASSERT_TRUE(s.h.click(sheet + ".new_message"));
    auto* c = s.window<ui::ComposeWindow>();
    ASSERT_NE(c, nullptr);
    EXPECT_EQ(json::parse(c->state_json())["customer"], customer);
    const std::int64_t threads = s.count("SELECT COUNT(*) FROM ps_customer_thread");
    ASSERT_TRUE(s.h.click("compose.send")); // nothing typed: errors, nothing stored
    EXPECT_FALSE(c->errors().empty());
    EXPECT_EQ(s.count("SELECT COUNT(*) FROM ps_customer_thread"), threads);
    c->input().subject = "Your loyalty voucher";
    c->input().body = "Here is a voucher for your next order.";
    // The attachment comes through the platform's file picker: the picked file goes to the
    // window that asked for it, not to the import screen.
    const std::string view = s.h.app->current_view();
    ASSERT_TRUE(s.h.click("compose.choose_file"));
    s.h.app->receive_file("voucher.txt", "CODE-123");
    s.h.frame(2);
    EXPECT_EQ(s.h.app->current_view(), view);
    ASSERT_TRUE(s.h.click("compose.send"));
    const std::int64_t thread = json::parse(c->state_json())["sent_thread"];
    ASSERT_GT(thread, 0);
    EXPECT_EQ(s.h.host.last_url.rfind("mailto:", 0), 0u);
    EXPECT_NE(s.h.host.last_url.find("Your%20loyalty%20voucher"), std::string::npos);
    ASSERT_TRUE(s.h.click("compose.download_eml"));
    EXPECT_NE(s.h.host.last_download.find("filename=\"voucher.txt\""), std::string::npos);
    ASSERT_TRUE(s.h.click("compose.open_thread"));
    auto* w = s.window<ui::ThreadWindow>();
    ASSERT_NE(w, nullptr);
    EXPECT_EQ(w->thread()->messages.back().message, "Here is a voucher for your next order.");
    EXPECT_EQ(w->thread()->messages.back().file_name, "voucher.txt");
}

TEST(UiService, OutstandingOffOfferedOnThenListed) {
    Screens s;
    core::set_b2b_mode(s.h.store.db(), false);
    auto& view = s.view<ui::OutstandingView>("outstanding");
    EXPECT_EQ(s.state()["outstanding"]["b2b"], false);
    ASSERT_TRUE(s.h.click("outstanding.turn_on"));
    EXPECT_TRUE(view.b2b());
    EXPECT_EQ(s.h.store.setting("PS_B2B_ENABLE"), "1");
    // A business customer with an order validated but not paid.
    core::Database& db = s.h.store.db();
    const std::int64_t firm = s.count(
        "SELECT MIN(id_customer) FROM ps_customer WHERE company IS NOT NULL AND company <> '' AND "
        "deleted = 0");
    ASSERT_GT(firm, 0);
    db.exec("INSERT INTO ps_order_state(id_order_state, color, logable, paid) VALUES (40, '#000', "
            "1, 0)");
    db.prepare("UPDATE ps_customer SET outstanding_allow_amount = 10 WHERE id_customer = ?1")
        .bind_all(firm)
        .run();
    db.prepare("INSERT INTO ps_orders(reference, id_customer, current_state, payment, "
               "total_paid_real, valid, date_add, date_upd) VALUES ('OWED', ?1, 40, 'Invoice', "
               "250, 1, '2026-01-01', '2026-01-01')")
        .bind_all(firm)
        .run();
    db.notify_committed();
    view.set_flags(true, true);
    s.h.frame(2);
    json st = s.state()["outstanding"];
    ASSERT_GE(st["total"].get<int>(), 1);
    bool found = false;
    for (const auto& r : st["first_rows"])
        found = found || (r["id"] == firm && r["over_allowance"] == true);
    EXPECT_TRUE(found) << st.dump();
    ASSERT_TRUE(s.h.click("outstanding.customer.0"));
    EXPECT_EQ(s.state()["windows"].size(), 1u);
}

TEST(UiService, PreferencesValidateSaveAndUndo) {
    Screens s;
    auto& prefs = s.view<ui::PreferencesView>("preferences");
    prefs.password_delay_text() = "soon";
    prefs.abandoned_hours_text() = "-3";
    ASSERT_TRUE(s.h.click("preferences.save"));
    json st = s.state()["preferences"];
    ASSERT_EQ(st["errors"].size(), 2u);
    EXPECT_EQ(st["errors"][0]["code"], "err.not_a_number");
    EXPECT_EQ(st["errors"][1]["code"], "err.negative");
    EXPECT_EQ(s.h.store.setting("PS_PASSWD_TIME_FRONT"), "360");

    prefs.password_delay_text() = "30";
    prefs.abandoned_hours_text() = "48";
    ASSERT_TRUE(s.h.click("preferences.b2b.no"));
    ASSERT_TRUE(s.h.click("preferences.registration.standard"));
    ASSERT_TRUE(s.h.click("preferences.save"));
    EXPECT_TRUE(s.state()["preferences"]["errors"].empty());
    EXPECT_EQ(s.h.store.setting("PS_PASSWD_TIME_FRONT"), "30");
    EXPECT_EQ(s.h.store.setting("PS_ABANDONED_CART_HOURS"), "48");
    EXPECT_EQ(s.h.store.setting("PS_B2B_ENABLE"), "0");
    EXPECT_EQ(s.h.store.setting("PS_REGISTRATION_PROCESS_TYPE"), "1");
    // The Outstanding screen follows B2B mode.
    s.view<ui::OutstandingView>("outstanding");
    EXPECT_EQ(s.state()["outstanding"]["b2b"], false);
    s.h.app->undo();
    s.view<ui::PreferencesView>("preferences");
    EXPECT_EQ(s.state()["preferences"]["b2b"], true);
    EXPECT_EQ(s.state()["preferences"]["password_delay"], "360");

    // The address required fields are set here too (each tick is saved).
    ASSERT_TRUE(s.h.click("preferences.required.phone"));
    EXPECT_EQ(core::required_address_fields(s.h.store.db()).count("phone"), 1u);
    ASSERT_TRUE(s.h.click("preferences.required.phone"));
    EXPECT_EQ(core::required_address_fields(s.h.store.db()).count("phone"), 0u);
}
