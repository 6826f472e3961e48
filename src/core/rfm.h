// RFM: recency, frequency and monetary scores (1 to 5) of the customers with valid orders, and
// the usual segment names they fall in. Derived data (columns rfm_r, rfm_f, rfm_m and
// id_rfm_segment of cl_customer_stats, see schema.cpp migration 3) recomputed by RfmJob in
// time-boxed steps; customers without a valid order have no scores (NULL).
//
// Scores are quintiles over the customers with valid orders: the boundaries t1..t4 are the
// values found at the ends of the first four fifths of each figure in ascending order (last
// valid order date for R, number of valid orders for F, amount spent for M), read through the
// figure's index; a score is 1 + the number of boundaries the customer's value is strictly
// above. Equal values share a score (so fifths are not always equal in size: most customers
// having one order all get F = 1).
#pragma once

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

// The segments, ids as in cl_rfm_segment (1 = Champions ... 11 = Lost). The names per language
// are in cl_rfm_segment_lang; `label_key` is the UI's translation key ("rfm.champions").
struct RfmSegmentInfo {
    int id;
    const char* slug;
    const char* label_key;
};
const std::vector<RfmSegmentInfo>& rfm_segments();
const RfmSegmentInfo* find_rfm_segment(int id);

// The score -> segment table, in one place (rfm.cpp documents it): from R and the rounded
// mean of F and M.
int rfm_segment_for(int r, int f, int m);

struct RfmSize {
    int id = 0;
    std::string slug, name; // name in the language asked for
    std::int64_t customers = 0;
};
// Customers per segment (all eleven, in id order), through the index on id_rfm_segment.
std::vector<RfmSize> rfm_segment_sizes(Database& db, int id_lang = 1);
// When the scores were last computed ("YYYY-MM-DD HH:MM:SS"), nullopt when never.
std::optional<std::string> rfm_computed_at(Database& db);

// Recomputes every score: a few index reads for the boundaries, then ranges of customer ids
// sized to the step's budget, in one transaction (cancel rolls it back).
class RfmJob : public Job {
public:
    explicit RfmJob(Database& db);
    ~RfmJob() override;
    std::string title() const override;
    void cancel() override;
    // The boundaries used (t1..t4 for R as dates, F and M as numbers), once past them.
    const std::array<std::string, 4>& recency_bounds() const { return r_bounds_; }
    const std::array<double, 4>& frequency_bounds() const { return f_bounds_; }
    const std::array<double, 4>& monetary_bounds() const { return m_bounds_; }
    std::int64_t scored() const { return buyers_; }

protected:
    bool work(std::chrono::steady_clock::time_point deadline) override;
    void on_failure() override;

private:
    Database& db_;
    std::unique_ptr<Transaction> tx_;
    int phase_ = 0; // 0 start, 1..12 boundaries, 13 ranges
    std::int64_t buyers_ = 0, others_ = 0, lo_ = 1, hi_ = 0, next_ = 1, width_ = 4096;
    std::array<std::string, 4> r_bounds_;
    std::array<double, 4> f_bounds_{}, m_bounds_{};
};

// Runs RfmJob to the end (CLI, tests).
void recompute_rfm(Database& db);

} // namespace clientele::core
