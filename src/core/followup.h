// Follow-up (PrestaShop's followup module): four events, each a single-use voucher for one
// customer and a message in the outbox, logged in ps_log_email so that an event is never sent
// twice for the same cart, order or customer.
//   1. Abandoned cart: a cart the one status rule calls abandoned (cart_status /
//      abandoned_cart_cutoff, core/customer_sheet.h), with products, last changed in the last
//      kFollowupWindowDays days; its customer has an e-mail address (guests too). Once per cart.
//   2. Thanks for an order (re-order incentive): each valid order of the last
//      kFollowupWindowDays days of a registered customer. Once per order.
//   3. Best customers: valid orders of the last kBestCustomerDays days adding up to at least
//      the threshold (PS_FOLLOW_UP_THRESHOLD_3, default currency). Once per customer.
//   4. Inactive customers: at least one valid order, none in the last PS_FOLLOW_UP_DAYS_
//      THRESHOLD_4 days (cl_customer_stats.last_order). Once per customer.
// Events 2 to 4 reach active registered customers only (not guests, not deleted).
// Settings are PrestaShop's keys: PS_FOLLOW_UP_ENABLE_n, PS_FOLLOW_UP_AMOUNT_n (percent),
// PS_FOLLOW_UP_DAYS_n (validity), PS_FOLLOW_UP_THRESHOLD_3, PS_FOLLOW_UP_DAYS_THRESHOLD_4.
#pragma once

#include "core/customers.h" // FieldError, ValidationError
#include "core/jobs.h"

#include <array>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace clientele::core {

class Database;
class Transaction;

enum class FollowupEvent { AbandonedCart = 1, Thanks = 2, BestCustomer = 3, Inactive = 4 };
inline constexpr std::array<FollowupEvent, 4> kFollowupEvents = {
    FollowupEvent::AbandonedCart, FollowupEvent::Thanks, FollowupEvent::BestCustomer,
    FollowupEvent::Inactive};
// "abandoned_cart", "thanks", "best_customer", "inactive" (outbox kind: "followup_" + name).
const char* followup_event_name(FollowupEvent e);
inline int followup_index(FollowupEvent e) {
    return static_cast<int>(e) - 1;
}

inline constexpr int kFollowupWindowDays = 7; // events 1 and 2, as the module
inline constexpr int kBestCustomerDays = 90;  // event 3, as the module

struct FollowupEventSettings {
    bool enabled = false;
    double percent = 10;   // more than 0, at most 100
    int validity_days = 7; // 1 to 365
};

struct FollowupSettings {
    std::array<FollowupEventSettings, 4> events; // by followup_index()
    double best_threshold = 200;                 // event 3: more than 0
    int inactive_days = 180;                     // event 4: 1 to 3650
    FollowupEventSettings& of(FollowupEvent e) { return events[followup_index(e)]; }
    const FollowupEventSettings& of(FollowupEvent e) const { return events[followup_index(e)]; }
};

FollowupSettings load_followup_settings(Database& db);
// Fields: "percent_<n>" (err.reduction_range), "days_<n>" (err.validity_days),
// "threshold_3" (err.threshold), "days_threshold_4" (err.inactive_days); n is the event number.
std::vector<FieldError> validate_followup_settings(const FollowupSettings& s);
// Writes the keys that changed in one audit batch. Throws ValidationError. Returns how many.
int save_followup_settings(Database& db, const FollowupSettings& s);

// --- candidates ---------------------------------------------------------------------------------

struct FollowupCandidate {
    FollowupEvent event = FollowupEvent::AbandonedCart;
    std::int64_t id_customer = 0, id_cart = 0, id_order = 0;
};

// Who the event would reach now (`today`: "YYYY-MM-DD" or a datetime, empty: now), nobody it
// already reached. The one place the selection lives: `only`, when given, restricts it to
// those customers (a segment). Ordered by cart, order or customer id.
std::vector<FollowupCandidate> followup_candidates(Database& db, FollowupEvent event,
                                                   const FollowupSettings& s,
                                                   const std::string& today,
                                                   const std::vector<std::int64_t>* only = nullptr);
// The same selection, counted (whether the event is enabled or not).
std::int64_t count_followup_candidates(Database& db, FollowupEvent event, const FollowupSettings& s,
                                       const std::string& today,
                                       const std::vector<std::int64_t>* only = nullptr);
std::array<std::int64_t, 4> preview_followup(Database& db, const FollowupSettings& s,
                                             const std::string& today,
                                             const std::vector<std::int64_t>* only = nullptr);

// --- run ----------------------------------------------------------------------------------------

struct FollowupRunResult {
    std::array<std::int64_t, 4> sent{}; // by followup_index()
    std::vector<std::string> codes;     // the first few voucher codes, for the report
    std::int64_t total() const { return sent[0] + sent[1] + sent[2] + sent[3]; }
};

// Sends every enabled event: per candidate a voucher (ps_cart_rule for the customer, code
// "FLW-<n>-" and 10 characters, reduction_percent, quantity 1, quantity_per_user 1, valid from
// now to now + validity days), an outbox message (kind "followup_<event>") and a ps_log_email
// row. One transaction and one audit batch across steps: Cancel leaves nothing, Ctrl+Z takes
// the whole run back. The settings are read when the job starts.
class FollowupRunJob : public Job {
public:
    FollowupRunJob(Database& db, std::string today = "",
                   std::optional<std::vector<std::int64_t>> only = std::nullopt);
    ~FollowupRunJob() override;
    std::string title() const override;
    void cancel() override;
    const FollowupRunResult& result() const { return result_; }

protected:
    bool work(std::chrono::steady_clock::time_point deadline) override;
    void on_failure() override;

private:
    void send(const FollowupCandidate& c);

    Database& db_;
    std::string today_;
    std::optional<std::vector<std::int64_t>> only_;
    std::unique_ptr<Transaction> tx_;
    std::int64_t batch_ = 0;
    FollowupSettings settings_;
    std::string now_;
    std::size_t gathered_ = 0; // events whose candidates are read
    std::vector<FollowupCandidate> todo_;
    FollowupRunResult result_;
};

// Runs the job to its end (CLI, tests).
FollowupRunResult run_followup(Database& db, const std::string& today = "");

// --- statistics -----------------------------------------------------------------------------

struct FollowupStats {
    FollowupEvent event = FollowupEvent::AbandonedCart;
    std::int64_t sent = 0; // vouchers sent in the period
    std::int64_t used = 0; // of those, used on a valid order (ps_order_cart_rule)
    double conversion = 0; // used / sent x 100 (0 when none sent)
};
// The last `days` days before `today`, one row per event in event order.
std::vector<FollowupStats> followup_stats(Database& db, const std::string& today = "",
                                          int days = 30);

} // namespace clientele::core
