// Customer service (Customers > Customer service, PrestaShop's AdminCustomerThreads): the paged
// list of threads with a filter per column, one thread with its conversation, and the
// commands: employee reply, private note, mark read, status change (one thread, in bulk, or as
// a Job for many), and a new message composed to a customer. Every write runs in one
// transaction and one undoable audit batch. Messages to customers are not sent from here: the
// UI hands them to the user's mail client (mailto_link) or offers them as an .eml file
// (build_eml); each one is also kept in cl_outbox (kind "service") with its subject.
#pragma once

#include "core/customer_sheet.h" // SheetMessage
#include "core/customers.h"      // FieldError, ValidationError
#include "core/jobs.h"
#include "core/list_count.h"

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace clientele::core {

class Database;
class Transaction;

// ps_customer_thread.status.
enum class ThreadStatus { Open, Closed, Pending1, Pending2 };
// "open", "closed", "pending1", "pending2".
const char* thread_status_name(ThreadStatus s);
std::optional<ThreadStatus> parse_thread_status(const std::string& name);

inline constexpr std::size_t kMessageMax = 65000;   // CustomerMessage::$definition message size
inline constexpr std::size_t kFileNameMax = 255;    // file_name
inline constexpr std::size_t kSubjectMax = 255;     // cl_outbox subject (our limit)
inline constexpr std::int64_t kDefaultEmployee = 1; // the one back-office user

// --- list query --------------------------------------------------------------------------------

enum class ThreadColumn { Id, Status, Contact, Customer, Order, LastMessage, Unread };

struct ThreadFilter {
    ThreadColumn column = ThreadColumn::Customer;
    // Id: exact id. Status: a status name (exact). Contact: contact id, or part of its name.
    // Customer: part of the thread's e-mail, or the start of the customer's first or last name.
    // Order: the order id, or the start of its reference. LastMessage: part of any message of
    // the thread. Unread: "1" threads with unread customer messages, "0" threads without.
    std::string text;
};

struct ThreadQuery {
    std::vector<ThreadFilter> filters;
    ThreadColumn sort =
        ThreadColumn::LastMessage; // LastMessage sorts by ps_customer_thread.date_upd
    bool descending = true;
    std::int64_t offset = 0;
    std::int64_t limit = 50;
    int id_lang = 1;
    // false: the page's total is left at -1 (the UI counts with a ListCounter instead).
    bool count = true;
};

struct ThreadRow {
    std::int64_t id = 0;
    std::string status;
    std::int64_t id_contact = 0;
    std::string contact; // name in the requested language
    std::int64_t id_customer = 0;
    std::string customer; // "First Last", "" for a visitor without account
    std::string email;
    std::int64_t id_order = 0;
    std::string order_reference;
    std::string last_message; // the newest message's text (first 120 characters)
    std::string date_upd;     // the thread's last activity
    std::int64_t unread = 0;  // customer messages not read yet
    std::int64_t messages = 0;
};

struct ThreadPage {
    std::int64_t total = 0; // rows matching the filters
    std::vector<ThreadRow> rows;
};

// Filters, sort and one page; every value bound. The status filter and the default sort use
// ps_customer_thread_status (status, date_upd); unread counts read ps_customer_message_thread
// per row of the page.
ThreadPage query_threads(Database& db, const ThreadQuery& q);
// The query's filter, to count.
ListSql thread_list_sql(const ThreadQuery& q);
// The ids of every thread matching the filters (for "select all matching"), in the query's order.
std::vector<std::int64_t> query_thread_ids(Database& db, const ThreadQuery& q);

// --- one thread --------------------------------------------------------------------------------

struct ServiceThread {
    std::int64_t id = 0, id_shop = 0, id_lang = 0;
    std::string status;
    std::int64_t id_contact = 0;
    std::string contact, contact_email;
    std::int64_t id_customer = 0;
    std::string customer; // "First Last", "" when none
    std::string email;    // where replies go
    std::int64_t id_order = 0, id_product = 0;
    std::string order_reference;
    std::string date_add, date_upd;
    std::vector<SheetMessage> messages; // oldest first
};
std::optional<ServiceThread> load_thread(Database& db, std::int64_t id, int id_lang);

// --- commands ----------------------------------------------------------------------------------

struct ReplyInput {
    std::string message;
    std::string file_name;   // optional attachment name (the bytes go in the .eml only)
    bool is_private = false; // a private note: kept in the thread, never sent
    std::int64_t id_employee = kDefaultEmployee;
    std::string subject; // for cl_outbox; empty: "Re: <contact> [#thread]"
};

std::vector<FieldError> validate_reply(const ReplyInput& in);
// Adds an employee message (ps_customer_message with id_employee) to the thread. A reply (not
// private) also marks the customer's messages read, sets the thread "closed" like PrestaShop's
// submitReply (a new customer message reopens it), and writes a cl_outbox row. A private note
// changes nothing else. Throws ValidationError, std::invalid_argument for an unknown thread.
// Returns the new message id.
std::int64_t add_thread_message(Database& db, std::int64_t id_thread, const ReplyInput& in);

// Marks every message of the thread read. Returns how many changed (0: no batch is written).
std::int64_t mark_thread_read(Database& db, std::int64_t id_thread);
// Sets one thread's status; false when it already had it. Throws std::invalid_argument for an
// unknown thread.
bool set_thread_status(Database& db, std::int64_t id_thread, ThreadStatus status);
// Sets the status of several threads in one batch; returns how many changed (unknown ids and
// threads that already have it are skipped).
std::int64_t set_threads_status(Database& db, const std::vector<std::int64_t>& ids,
                                ThreadStatus status);

// The same for many threads, a chunk per step, in one transaction and one batch (cancel rolls
// everything back). Use it above kBulkStatusDirect threads.
inline constexpr std::size_t kBulkStatusDirect = 200;
class ThreadStatusJob : public Job {
public:
    ThreadStatusJob(Database& db, std::vector<std::int64_t> ids, ThreadStatus status);
    ~ThreadStatusJob() override;
    std::string title() const override;
    void cancel() override;
    std::int64_t changed() const { return changed_; }

protected:
    bool work(std::chrono::steady_clock::time_point deadline) override;
    void on_failure() override;

private:
    Database& db_;
    std::vector<std::int64_t> ids_;
    ThreadStatus status_;
    std::unique_ptr<Transaction> tx_;
    std::int64_t batch_ = 0, changed_ = 0;
    std::size_t next_ = 0;
};

// A new message from the shop to a customer.
struct ComposeInput {
    std::int64_t id_shop = 1;
    std::int64_t id_contact = 0;
    std::int64_t id_customer = 0;
    std::int64_t id_order = 0; // optional: the order it is about
    std::string subject, body;
    std::string file_name; // optional attachment name
    std::int64_t id_employee = kDefaultEmployee;
};

std::vector<FieldError> validate_compose(Database& db, const ComposeInput& in);
struct ComposeResult {
    std::int64_t id_thread = 0, id_message = 0;
    bool new_thread = false;
};
// Extends the customer's newest thread with the same shop, contact and order (like
// PrestaShop's contact form, which finds a thread by e-mail and order), else creates one; the
// thread ends "closed" (answered, waiting for the customer). Writes a cl_outbox row. Throws
// ValidationError.
ComposeResult compose_message(Database& db, const ComposeInput& in);

// --- handing messages to mail --------------------------------------------------------------------

// "mailto:" URL (RFC 6068): the address as is, subject and body percent-encoded as UTF-8, line
// breaks as %0D%0A.
std::string mailto_link(const std::string& to, const std::string& subject, const std::string& body);

struct EmlMessage {
    std::string from, to, subject, body;
    std::string date; // "YYYY-MM-DD HH:MM:SS" UTC; empty: now
    std::string message_id_host = "clientele.invalid";
    std::string attachment_name, attachment_bytes; // optional
};
// An RFC 5322 message with MIME (RFC 2045-2047): UTF-8 text body in quoted-printable, non-ASCII
// subject as an encoded word, and the attachment base64-encoded in a multipart/mixed part.
// CRLF line endings.
std::string build_eml(const EmlMessage& m);
// The address replies come from: the contact's e-mail, else PS_SHOP_EMAIL, else
// "no-reply@<shop>.invalid".
std::string service_from_address(Database& db, std::int64_t id_contact);

} // namespace clientele::core
