// Customer service over a hand-made shop: the thread list (filters per column, sort, pages),
// one thread's conversation, reply / private note / mark read / status (one, bulk, job),
// composing a message to a customer, undo of each, and the mail hand-off (mailto, .eml).
#include "core/service.h"

#include "shop_fixture.h"

#include <algorithm>

using namespace clientele::core;
using clientele::test::count;
using clientele::test::has_error;

namespace {

struct Service {
    Service() {
        db.exec(R"SQL(
INSERT INTO ps_customer(id_customer, firstname, lastname, email, id_lang, date_add, date_upd) VALUES
  (1, 'Marie', 'Curie', 'marie@example.fr', 2, '2020-01-01', '2020-01-01'),
  (2, 'Pierre', 'Dupont', 'pierre@example.fr', 1, '2020-01-01', '2020-01-01'),
  (3, 'Ghost', 'Gone', 'gone@example.fr', 1, '2020-01-01', '2020-01-01');
UPDATE ps_customer SET deleted = 1 WHERE id_customer = 3;
INSERT INTO ps_orders(id_order, reference, id_customer, current_state, payment, date_add, date_upd) VALUES
  (50, 'XKBKNABJK', 1, 2, 'Bank wire', '2026-01-01', '2026-01-01'),
  (51, 'OTHERREF1', 2, 2, 'Bank wire', '2026-01-01', '2026-01-01');
INSERT INTO ps_customer_thread(id_customer_thread, id_contact, id_customer, id_order, status, email, date_add, date_upd) VALUES
  (10, 2, 1, 50, 'open', 'marie@example.fr', '2026-03-01 10:00:00', '2026-03-02 10:00:00'),
  (11, 1, 2, NULL, 'closed', 'pierre@example.fr', '2026-02-01 10:00:00', '2026-02-01 12:00:00'),
  (12, 2, NULL, NULL, 'pending1', 'visitor@example.com', '2026-04-01 10:00:00', '2026-04-01 10:00:00');
INSERT INTO ps_customer_message(id_customer_message, id_customer_thread, id_employee, message, file_name, date_add, date_upd, private, "read") VALUES
  (100, 10, 0, 'Where is my parcel?', 'photo.jpg', '2026-03-01 10:00:00', '2026-03-01 10:00:00', 0, 1),
  (101, 10, 1, 'Checking with the carrier.', NULL, '2026-03-01 11:00:00', '2026-03-01 11:00:00', 0, 1),
  (102, 10, 1, 'Carrier says tomorrow', NULL, '2026-03-01 12:00:00', '2026-03-01 12:00:00', 1, 1),
  (103, 10, 0, 'Still nothing!', NULL, '2026-03-02 10:00:00', '2026-03-02 10:00:00', 0, 0),
  (110, 11, 0, 'Invoice please', NULL, '2026-02-01 10:00:00', '2026-02-01 10:00:00', 0, 1),
  (120, 12, 0, 'Do you ship to Canada?', NULL, '2026-04-01 10:00:00', '2026-04-01 10:00:00', 0, 0);
)SQL");
    }
    ThreadPage page(std::vector<ThreadFilter> filters = {},
                    ThreadColumn sort = ThreadColumn::LastMessage, bool desc = true) {
        ThreadQuery q;
        q.filters = std::move(filters);
        q.sort = sort;
        q.descending = desc;
        return query_threads(db, q);
    }
    std::vector<std::int64_t> ids(const ThreadPage& p) {
        std::vector<std::int64_t> out;
        for (const auto& r : p.rows)
            out.push_back(r.id);
        return out;
    }
    std::string status(std::int64_t id) {
        return clientele::test::text_of(
            db, "SELECT status FROM ps_customer_thread WHERE id_customer_thread = " +
                    std::to_string(id));
    }
    Store store{":memory:"};
    Database& db = store.db();
};

using Ids = std::vector<std::int64_t>;

} // namespace

TEST(Service, ListsThreadsNewestFirstWithContactCustomerOrderAndUnread) {
    Service s;
    ThreadPage p = s.page();
    EXPECT_EQ(p.total, 3);
    EXPECT_EQ(s.ids(p), (Ids{12, 10, 11}));
    const ThreadRow& t = p.rows[1];
    EXPECT_EQ(t.status, "open");
    EXPECT_EQ(t.contact, "Customer service");
    EXPECT_EQ(t.customer, "Marie Curie");
    EXPECT_EQ(t.email, "marie@example.fr");
    EXPECT_EQ(t.id_order, 50);
    EXPECT_EQ(t.order_reference, "XKBKNABJK");
    EXPECT_EQ(t.last_message, "Still nothing!");
    EXPECT_EQ(t.unread, 1);
    EXPECT_EQ(t.messages, 4);
    EXPECT_EQ(p.rows[0].customer, ""); // a visitor without account
    EXPECT_EQ(p.rows[0].id_customer, 0);
}

TEST(Service, FiltersEveryColumnWithBoundValues) {
    Service s;
    EXPECT_EQ(s.ids(s.page({{ThreadColumn::Status, "open"}})), (Ids{10}));
    EXPECT_EQ(s.ids(s.page({{ThreadColumn::Status, "pending1"}})), (Ids{12}));
    EXPECT_EQ(s.ids(s.page({{ThreadColumn::Id, "11"}})), (Ids{11}));
    EXPECT_EQ(s.ids(s.page({{ThreadColumn::Contact, "1"}})), (Ids{11}));
    EXPECT_EQ(s.ids(s.page({{ThreadColumn::Contact, "webm"}})), (Ids{11}));
    EXPECT_EQ(s.ids(s.page({{ThreadColumn::Customer, "dup"}})), (Ids{11}));     // last name
    EXPECT_EQ(s.ids(s.page({{ThreadColumn::Customer, "visitor"}})), (Ids{12})); // e-mail
    EXPECT_EQ(s.ids(s.page({{ThreadColumn::Order, "50"}})), (Ids{10}));
    EXPECT_EQ(s.ids(s.page({{ThreadColumn::Order, "xkb"}})), (Ids{10}));
    EXPECT_EQ(s.ids(s.page({{ThreadColumn::LastMessage, "canada"}})), (Ids{12}));
    EXPECT_EQ(s.ids(s.page({{ThreadColumn::Unread, "1"}})), (Ids{12, 10}));
    EXPECT_EQ(s.ids(s.page({{ThreadColumn::Unread, "0"}})), (Ids{11}));
    // Two filters together; hostile text is only ever a value.
    EXPECT_EQ(s.page({{ThreadColumn::Status, "open"}, {ThreadColumn::Customer, "pierre"}}).total,
              0);
    EXPECT_EQ(s.page({{ThreadColumn::Customer, "'; DROP TABLE ps_customer_thread; --"}}).total, 0);
    EXPECT_EQ(s.page({{ThreadColumn::Customer, "%"}}).total, 0);
    EXPECT_EQ(count(s.db, "SELECT COUNT(*) FROM ps_customer_thread"), 3);
}

TEST(Service, SortsAndPages) {
    Service s;
    EXPECT_EQ(s.ids(s.page({}, ThreadColumn::Id, false)), (Ids{10, 11, 12}));
    EXPECT_EQ(s.ids(s.page({}, ThreadColumn::Status, false)), (Ids{11, 10, 12}));
    EXPECT_EQ(s.ids(s.page({}, ThreadColumn::Customer, false)), (Ids{10, 11, 12}));
    EXPECT_EQ(s.ids(s.page({}, ThreadColumn::Unread, true)), (Ids{12, 10, 11}));
    ThreadQuery q;
    q.sort = ThreadColumn::Id;
    q.descending = false;
    q.limit = 2;
    q.offset = 2;
    ThreadPage p = query_threads(s.db, q);
    EXPECT_EQ(p.total, 3);
    EXPECT_EQ(s.ids(p), (Ids{12}));
    EXPECT_EQ(query_thread_ids(s.db, q), (Ids{10, 11, 12}));
}

TEST(Service, LoadsTheConversationInOrder) {
    Service s;
    auto t = load_thread(s.db, 10, 2);
    ASSERT_TRUE(t);
    EXPECT_EQ(t->contact, "Service client");
    EXPECT_EQ(t->contact_email, "admin@example.com");
    EXPECT_EQ(t->customer, "Marie Curie");
    EXPECT_EQ(t->order_reference, "XKBKNABJK");
    ASSERT_EQ(t->messages.size(), 4u);
    EXPECT_FALSE(t->messages[0].from_employee);
    EXPECT_EQ(t->messages[0].file_name, "photo.jpg");
    EXPECT_TRUE(t->messages[1].from_employee);
    EXPECT_TRUE(t->messages[2].is_private);
    EXPECT_FALSE(t->messages[3].read);
    EXPECT_FALSE(load_thread(s.db, 999, 1));
}

TEST(Service, ReplyIsStoredWithTheEmployeeClosesTheThreadAndIsUndoable) {
    Service s;
    ReplyInput in;
    in.message = "It left our warehouse today.\nSorry for the delay.";
    in.file_name = "tracking.pdf";
    const std::int64_t id = add_thread_message(s.db, 10, in);
    auto t = load_thread(s.db, 10, 1);
    ASSERT_EQ(t->messages.size(), 5u);
    EXPECT_EQ(t->messages.back().id, id);
    EXPECT_TRUE(t->messages.back().from_employee);
    EXPECT_EQ(t->messages.back().id_employee, kDefaultEmployee);
    EXPECT_EQ(t->messages.back().file_name, "tracking.pdf");
    EXPECT_EQ(t->status, "closed"); // answered, like PrestaShop's submitReply
    EXPECT_EQ(count(s.db, "SELECT COUNT(*) FROM ps_customer_message WHERE id_customer_thread = 10 "
                          "AND \"read\" = 0"),
              0);
    EXPECT_EQ(clientele::test::text_of(s.db, "SELECT email, subject, kind FROM cl_outbox"),
              "marie@example.fr|Re: Customer service [#10]|service\n");

    ASSERT_TRUE(audit::undo(s.db));
    EXPECT_EQ(load_thread(s.db, 10, 1)->messages.size(), 4u);
    EXPECT_EQ(s.status(10), "open\n");
    EXPECT_EQ(count(s.db, "SELECT COUNT(*) FROM ps_customer_message WHERE \"read\" = 0"), 2);
    EXPECT_EQ(count(s.db, "SELECT COUNT(*) FROM cl_outbox"), 0);
}

TEST(Service, PrivateNoteChangesNeitherStatusNorReadNorOutbox) {
    Service s;
    ReplyInput in;
    in.message = "Customer called, calm now.";
    in.is_private = true;
    add_thread_message(s.db, 10, in);
    auto t = load_thread(s.db, 10, 1);
    EXPECT_TRUE(t->messages.back().is_private);
    EXPECT_EQ(t->status, "open");
    EXPECT_EQ(count(s.db, "SELECT COUNT(*) FROM ps_customer_message WHERE \"read\" = 0"), 2);
    EXPECT_EQ(count(s.db, "SELECT COUNT(*) FROM cl_outbox"), 0);
}

TEST(Service, ReplyValidation) {
    Service s;
    ReplyInput in;
    in.message = "   ";
    in.file_name = "../etc/passwd";
    auto e = validate_reply(in);
    EXPECT_TRUE(has_error(e, "message", "err.required"));
    EXPECT_TRUE(has_error(e, "file_name", "err.file_name_invalid"));
    in.message = "<script>alert(1)</script>";
    in.file_name = "";
    EXPECT_TRUE(has_error(validate_reply(in), "message", "err.message_invalid"));
    in.message = "Price < 10 € > 5 €"; // plain text with brackets is fine
    EXPECT_TRUE(validate_reply(in).empty());
    in.subject = "two\nlines";
    EXPECT_TRUE(has_error(validate_reply(in), "subject", "err.subject_invalid"));
    in.subject.clear();
    EXPECT_THROW(add_thread_message(s.db, 999, in), std::invalid_argument);
    in.message = "";
    EXPECT_THROW(add_thread_message(s.db, 10, in), ValidationError);
}

TEST(Service, MarkReadAndStatusChangesAreAuditedAndUndoable) {
    Service s;
    EXPECT_EQ(mark_thread_read(s.db, 10), 1);
    EXPECT_EQ(mark_thread_read(s.db, 10), 0); // nothing left: no empty batch
    EXPECT_EQ(s.page({{ThreadColumn::Unread, "1"}}).total, 1);
    ASSERT_TRUE(audit::undo(s.db));
    EXPECT_EQ(s.page({{ThreadColumn::Unread, "1"}}).total, 2);

    EXPECT_TRUE(set_thread_status(s.db, 11, ThreadStatus::Pending2));
    EXPECT_FALSE(set_thread_status(s.db, 11, ThreadStatus::Pending2));
    EXPECT_EQ(s.status(11), "pending2\n");
    EXPECT_THROW(set_thread_status(s.db, 999, ThreadStatus::Open), std::invalid_argument);

    EXPECT_EQ(set_threads_status(s.db, {10, 11, 12, 999}, ThreadStatus::Closed), 3);
    EXPECT_EQ(s.page({{ThreadColumn::Status, "closed"}}).total, 3);
    ASSERT_TRUE(audit::undo(s.db)); // the whole bulk change in one step
    EXPECT_EQ(s.status(10), "open\n");
    EXPECT_EQ(s.status(11), "pending2\n");
    EXPECT_EQ(s.status(12), "pending1\n");
}

TEST(Service, StatusJobRunsInStepsAndCancelRollsBack) {
    Service s;
    {
        ThreadStatusJob job(s.db, {10, 11, 12}, ThreadStatus::Pending1);
        run_to_completion(job);
        EXPECT_TRUE(job.error().empty());
        EXPECT_EQ(job.changed(), 2);
        EXPECT_EQ(s.page({{ThreadColumn::Status, "pending1"}}).total, 3);
    }
    ASSERT_TRUE(audit::undo(s.db));
    EXPECT_EQ(s.status(10), "open\n");
    {
        std::vector<std::int64_t> many{10, 11};
        for (std::int64_t id = 1000; id < 1300; ++id)
            many.push_back(id); // unknown ids are skipped
        ThreadStatusJob job(s.db, many, ThreadStatus::Closed);
        EXPECT_FALSE(job.step(std::chrono::milliseconds(0))); // one chunk, then the frame ends
        EXPECT_EQ(s.status(10), "closed\n");                  // inside the job's open transaction
        job.cancel();
        EXPECT_TRUE(job.cancelled());
    }
    EXPECT_EQ(s.status(10), "open\n");
}

TEST(Service, ComposeCreatesThenExtendsTheCustomersThread) {
    Service s;
    ComposeInput in;
    in.id_contact = 2;
    in.id_customer = 2;
    in.subject = "Your invoice";
    in.body = "Please find the invoice attached.";
    in.file_name = "invoice.pdf";
    ComposeResult first = compose_message(s.db, in);
    EXPECT_TRUE(first.new_thread);
    auto t = load_thread(s.db, first.id_thread, 1);
    ASSERT_TRUE(t);
    EXPECT_EQ(t->email, "pierre@example.fr");
    EXPECT_EQ(t->id_lang, 1);
    EXPECT_EQ(t->status, "closed");
    ASSERT_EQ(t->messages.size(), 1u);
    EXPECT_TRUE(t->messages[0].from_employee);
    EXPECT_EQ(t->messages[0].file_name, "invoice.pdf");
    // Same contact, shop and order: the same thread grows.
    in.subject = "Reminder";
    in.file_name.clear();
    ComposeResult second = compose_message(s.db, in);
    EXPECT_FALSE(second.new_thread);
    EXPECT_EQ(second.id_thread, first.id_thread);
    EXPECT_EQ(load_thread(s.db, first.id_thread, 1)->messages.size(), 2u);
    EXPECT_EQ(count(s.db, "SELECT COUNT(*) FROM cl_outbox WHERE subject IN ('Your invoice', "
                          "'Reminder')"),
              2);
    // Undo the second, then the first: the thread goes.
    ASSERT_TRUE(audit::undo(s.db));
    ASSERT_TRUE(audit::undo(s.db));
    EXPECT_FALSE(load_thread(s.db, first.id_thread, 1));
    EXPECT_EQ(count(s.db, "SELECT COUNT(*) FROM ps_customer_message WHERE id_customer_thread = " +
                              std::to_string(first.id_thread)),
              0);
}

TEST(Service, ComposeValidation) {
    Service s;
    ComposeInput in;
    in.id_shop = 9;
    in.id_contact = 99;
    in.id_customer = 3; // deleted
    in.id_order = 51;   // Pierre's
    auto e = validate_compose(s.db, in);
    EXPECT_TRUE(has_error(e, "id_shop", "err.unknown_shop"));
    EXPECT_TRUE(has_error(e, "id_contact", "err.unknown_contact"));
    EXPECT_TRUE(has_error(e, "id_customer", "err.unknown_customer"));
    EXPECT_TRUE(has_error(e, "id_order", "err.order_not_customer"));
    EXPECT_TRUE(has_error(e, "subject", "err.required"));
    EXPECT_TRUE(has_error(e, "body", "err.required"));
    EXPECT_THROW(compose_message(s.db, in), ValidationError);
    EXPECT_EQ(count(s.db, "SELECT COUNT(*) FROM ps_customer_thread"), 3);
}

TEST(Service, MailtoLinkIsPercentEncoded) {
    EXPECT_EQ(mailto_link("marie@example.fr", "Re: café & co", "Line 1\nLine 2?"),
              "mailto:marie@example.fr?subject=Re%3A%20caf%C3%A9%20%26%20co&body=Line%201%0D%0A"
              "Line%202%3F");
}

TEST(Service, EmlIsAnRfc5322MessageWithTheAttachment) {
    EmlMessage m;
    m.from = "shop@example.com";
    m.to = "marie@example.fr";
    m.subject = "Votre facture n°12";
    m.body = "Bonjour,\nvoici la facture.\n.\n";
    m.date = "2026-11-23 10:00:00";
    m.attachment_name = "facture.pdf";
    m.attachment_bytes = std::string("%PDF-1.4\n\x00\xff", 11);
    const std::string eml = build_eml(m);
    EXPECT_NE(eml.find("Date: Mon, 23 Nov 2026 10:00:00 +0000\r\n"), std::string::npos);
    EXPECT_NE(eml.find("From: shop@example.com\r\n"), std::string::npos);
    EXPECT_NE(eml.find("To: marie@example.fr\r\n"), std::string::npos);
    EXPECT_NE(eml.find("Subject: =?UTF-8?B?Vm90cmUgZmFjdHVyZSBuwrAxMg==?=\r\n"), std::string::npos);
    EXPECT_NE(eml.find("MIME-Version: 1.0\r\n"), std::string::npos);
    EXPECT_NE(eml.find("Content-Type: multipart/mixed; boundary="), std::string::npos);
    EXPECT_NE(eml.find("Bonjour,\r\nvoici la facture.\r\n=2E\r\n"), std::string::npos);
    EXPECT_NE(eml.find("Content-Disposition: attachment; filename=\"facture.pdf\""),
              std::string::npos);
    EXPECT_NE(eml.find("Content-Type: application/pdf"), std::string::npos);
    EXPECT_NE(eml.find("JVBERi0xLjQKAP8=\r\n"), std::string::npos); // base64 of the bytes
    // Every line ends with CRLF and none is longer than 998 characters.
    for (std::size_t i = 0; i < eml.size(); ++i)
        if (eml[i] == '\n')
            ASSERT_EQ(eml[i - 1], '\r') << i;
    std::size_t start = 0;
    for (std::size_t end; (end = eml.find("\r\n", start)) != std::string::npos; start = end + 2)
        EXPECT_LE(end - start, 78u);
    // Without attachment: one text part.
    m.attachment_name.clear();
    m.subject = "Plain";
    const std::string plain = build_eml(m);
    EXPECT_EQ(plain.find("multipart"), std::string::npos);
    EXPECT_NE(plain.find("Subject: Plain\r\n"), std::string::npos);
    // Long lines are wrapped with soft breaks.
    m.body = std::string(200, 'a');
    const std::string wrapped = build_eml(m);
    EXPECT_NE(wrapped.find("=\r\n"), std::string::npos);
}

TEST(Service, RepliesComeFromTheContactsAddress) {
    Service s;
    EXPECT_EQ(service_from_address(s.db, 2), "admin@example.com");
    s.db.exec("UPDATE ps_contact SET email = '' WHERE id_contact = 2");
    EXPECT_EQ(service_from_address(s.db, 2), "no-reply@clientele.invalid");
    s.store.set_setting("PS_SHOP_EMAIL", "shop@example.com");
    EXPECT_EQ(service_from_address(s.db, 2), "shop@example.com");
}
