// Customers > Duplicates: likely duplicate accounts and merging two accounts into one.
//
// Finding: every live account (deleted = 0; guests included, the anonymous customer left out)
// gets keys; accounts sharing a key form a group, with the reason:
// - e-mail: the address lowercased, with the dots of the part before '@' removed
//   ("John.Doe@Example.com" and "johndoe@example.com");
// - name and postcode: the account's first and last name (lowercased, trimmed) with the
//   postcode (uppercased, spaces and dashes removed) of one of its live addresses;
// - phone: the digits of an address's phone or mobile phone, when there are at least 6.
// The scan is a job (a few thousand rows per step): keys are 64-bit hashes in memory, sorted,
// so the cost is n log n for n accounts and addresses, never a comparison of every pair; the
// groups found are then checked against the real keys (no false match from a hash collision).
// Accounts sharing several keys appear once, with every reason.
//
// Merging keeps one account and moves everything of the other to it: orders, returns, credit
// slips, addresses, carts, vouchers, threads (with their messages), visits (ps_guest, so
// connections follow), prepared e-mails, group memberships and the audit trail; then the other
// account is deleted. One audited batch: undo gives both accounts back exactly.
#pragma once

#include "core/customers.h" // ValidationError
#include "core/jobs.h"

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace clientele::core {

class Database;

enum class DuplicateReason { Email, NamePostcode, Phone };
// "email", "name_postcode", "phone".
const char* duplicate_reason_name(DuplicateReason r);

std::string email_key(const std::string& email);
std::string name_postcode_key(const std::string& firstname, const std::string& lastname,
                              const std::string& postcode);
std::string phone_key(const std::string& phone); // "" with fewer than 6 digits

struct DuplicateMatch {
    DuplicateReason reason = DuplicateReason::Email;
    std::string key; // the shared key ("johndoe@example.com", "john|doe|75001", "33123456789")
};

struct DuplicateGroup {
    std::vector<std::int64_t> ids; // ascending
    std::vector<DuplicateMatch> matches;
};

class DuplicateScanJob : public Job {
public:
    explicit DuplicateScanJob(Database& db);
    std::string title() const override;
    void cancel() override;
    // Groups ordered by their lowest id.
    const std::vector<DuplicateGroup>& groups() const { return groups_; }

protected:
    bool work(std::chrono::steady_clock::time_point deadline) override;

private:
    struct Entry {
        std::uint64_t hash;
        std::int64_t id;
    };
    bool scan_customers(std::chrono::steady_clock::time_point deadline);
    bool scan_addresses(std::chrono::steady_clock::time_point deadline);
    void collect(int reason);
    bool verify(std::chrono::steady_clock::time_point deadline);

    Database& db_;
    int phase_ = 0;
    std::int64_t anonymous_ = 0, after_ = 0;
    std::vector<Entry> entries_[3]; // by DuplicateReason
    // Candidate groups (ids sharing a hash) waiting to be checked.
    std::vector<std::pair<int, std::vector<std::int64_t>>> candidates_;
    std::vector<std::uint64_t> hashes_; // the shared hash of each candidate
    std::size_t checked_ = 0;
    std::vector<DuplicateGroup> groups_;
};

// Runs the scan to the end (CLI, tests).
std::vector<DuplicateGroup> find_duplicates(Database& db);

// What a merge of `other` into `keep` moves (or drops, for memberships the kept account
// already has), as (what, count) in a fixed order: orders, returns, credit_slips, addresses,
// carts, vouchers, threads, messages, guests, connections, outbox, groups, audit_entries.
// Throws ValidationError (field "other": err.merge_same, err.merge_missing,
// err.merge_anonymous) when the merge is not possible.
std::vector<std::pair<std::string, std::int64_t>> merge_preview(Database& db, std::int64_t keep,
                                                                std::int64_t other);
// Merges `other` into `keep` as one audited, undoable batch; returns merge_preview's counts.
std::vector<std::pair<std::string, std::int64_t>> merge_customers(Database& db, std::int64_t keep,
                                                                  std::int64_t other);

} // namespace clientele::core
