#include "core/rfm.h"

#include "core/db.h"
#include "core/i18n.h"
#include "core/store.h"

#include <algorithm>
#include <cmath>

namespace clientele::core {

namespace {

// The score -> segment table: rows are R (recency, 5 = bought most recently), columns the
// rounded mean of F and M ((F + M + 1) / 2, 5 = buys most often and spends most).
//
//   R \ FM   1                2                    3                    4                 5
//   5        New customers    Potential loyalists  Potential loyalists  Loyal customers   Champions
//   4        Promising        Potential loyalists  Potential loyalists  Loyal customers   Champions
//   3        About to sleep   Need attention       Need attention       Loyal customers   Loyal
//   customers 2        Hibernating      About to sleep       At risk              At risk Cannot
//   lose them 1        Lost             Hibernating          At risk              Cannot lose them
//   Cannot lose them
enum Seg {
    Champions = 1,
    Loyal,
    Potential,
    New,
    Promising,
    NeedAttention,
    AboutToSleep,
    AtRisk,
    CannotLose,
    Hibernating,
    Lost
};
constexpr int kGrid[5][5] = {
    /* R1 */ {Lost, Hibernating, AtRisk, CannotLose, CannotLose},
    /* R2 */ {Hibernating, AboutToSleep, AtRisk, AtRisk, CannotLose},
    /* R3 */ {AboutToSleep, NeedAttention, NeedAttention, Loyal, Loyal},
    /* R4 */ {Promising, Potential, Potential, Loyal, Champions},
    /* R5 */ {New, Potential, Potential, Loyal, Champions},
};

// The same table as SQL over the columns just computed (constants only).
std::string segment_case() {
    std::string sql =
        "CASE WHEN rfm_r IS NULL THEN NULL ELSE CASE rfm_r * 10 + (rfm_f + rfm_m + 1) / 2";
    for (int r = 1; r <= 5; ++r)
        for (int fm = 1; fm <= 5; ++fm)
            sql += " WHEN " + std::to_string(r * 10 + fm) + " THEN " +
                   std::to_string(kGrid[r - 1][fm - 1]);
    return sql + " END END";
}

// Position (0-based, ascending) of the last value of the k-th fifth of n values.
std::int64_t fifth_end(std::int64_t n, int k) {
    return std::max<std::int64_t>(0, (k * n + 4) / 5 - 1);
}

} // namespace

const std::vector<RfmSegmentInfo>& rfm_segments() {
    static const std::vector<RfmSegmentInfo> list = {
        {Champions, "champions", "rfm.champions"},
        {Loyal, "loyal", "rfm.loyal"},
        {Potential, "potential_loyalists", "rfm.potential_loyalists"},
        {New, "new", "rfm.new"},
        {Promising, "promising", "rfm.promising"},
        {NeedAttention, "need_attention", "rfm.need_attention"},
        {AboutToSleep, "about_to_sleep", "rfm.about_to_sleep"},
        {AtRisk, "at_risk", "rfm.at_risk"},
        {CannotLose, "cannot_lose", "rfm.cannot_lose"},
        {Hibernating, "hibernating", "rfm.hibernating"},
        {Lost, "lost", "rfm.lost"},
    };
    return list;
}

const RfmSegmentInfo* find_rfm_segment(int id) {
    for (const RfmSegmentInfo& s : rfm_segments())
        if (s.id == id)
            return &s;
    return nullptr;
}

int rfm_segment_for(int r, int f, int m) {
    auto clamp = [](int v) { return std::clamp(v, 1, 5); };
    return kGrid[clamp(r) - 1][clamp((clamp(f) + clamp(m) + 1) / 2) - 1];
}

std::vector<RfmSize> rfm_segment_sizes(Database& db, int id_lang) {
    std::vector<RfmSize> out;
    Statement names = db.prepare(
        "SELECT s.id_rfm_segment, s.slug, COALESCE((SELECT l.name FROM cl_rfm_segment_lang l "
        "WHERE l.id_rfm_segment = s.id_rfm_segment ORDER BY l.id_lang = ?1 DESC, l.id_lang = 1 "
        "DESC LIMIT 1), s.slug) FROM cl_rfm_segment s ORDER BY s.id_rfm_segment");
    names.bind(1, id_lang);
    Statement count =
        db.prepare("SELECT COUNT(*) FROM cl_customer_stats WHERE id_rfm_segment = ?1");
    while (names.step()) {
        RfmSize s;
        s.id = names.int32(0);
        s.slug = names.text(1);
        s.name = names.text(2);
        count.reset();
        count.bind(1, s.id);
        s.customers = count.step() ? count.int64(0) : 0;
        out.push_back(std::move(s));
    }
    return out;
}

std::optional<std::string> rfm_computed_at(Database& db) {
    Statement st = db.prepare("SELECT rfm_computed_at FROM cl_state WHERE id = 1");
    if (st.step() && !st.is_null(0))
        return st.text(0);
    return std::nullopt;
}

RfmJob::RfmJob(Database& db) : db_(db) {}
RfmJob::~RfmJob() = default; // an unfinished transaction rolls back

std::string RfmJob::title() const {
    return tr("rfm.job");
}

void RfmJob::cancel() {
    tx_.reset();
    cancelled_ = finished_ = true;
}

void RfmJob::on_failure() {
    tx_.reset();
}

bool RfmJob::work(std::chrono::steady_clock::time_point deadline) {
    using Clock = std::chrono::steady_clock;
    if (phase_ == 0) {
        tx_ = std::make_unique<Transaction>(db_);
        buyers_ = db_.scalar_int("SELECT COUNT(*) FROM cl_customer_stats WHERE valid_orders > 0");
        others_ = db_.scalar_int("SELECT COUNT(*) FROM cl_customer_stats WHERE valid_orders <= 0");
        lo_ = db_.scalar_int("SELECT COALESCE(MIN(id_customer), 1) FROM cl_customer_stats");
        hi_ = db_.scalar_int("SELECT COALESCE(MAX(id_customer), 0) FROM cl_customer_stats");
        next_ = lo_;
        total_ = 12 + std::max<std::int64_t>(0, hi_ - lo_ + 1);
        phase_ = 1;
    }
    // The boundaries: one index read each (an OFFSET walks the index only).
    while (phase_ >= 1 && phase_ <= 12) {
        const int figure = (phase_ - 1) / 4, k = (phase_ - 1) % 4 + 1;
        const std::int64_t at = fifth_end(buyers_, k);
        if (buyers_ > 0) {
            Statement st = db_.prepare(
                figure == 0 ? "SELECT last_order FROM cl_customer_stats WHERE last_order IS NOT "
                              "NULL ORDER BY last_order LIMIT 1 OFFSET ?1"
                : figure == 1
                    ? "SELECT valid_orders FROM cl_customer_stats WHERE valid_orders > 0 ORDER "
                      "BY valid_orders LIMIT 1 OFFSET ?1"
                    // Customers without valid orders have sales 0, below any buyer's: skip them.
                    : "SELECT sales FROM cl_customer_stats ORDER BY sales LIMIT 1 OFFSET ?1");
            st.bind(1, figure == 2 ? at + others_ : at);
            if (st.step()) {
                if (figure == 0)
                    r_bounds_[static_cast<std::size_t>(k - 1)] = st.text(0);
                else if (figure == 1)
                    f_bounds_[static_cast<std::size_t>(k - 1)] = st.real(0);
                else
                    m_bounds_[static_cast<std::size_t>(k - 1)] = st.real(0);
            }
        }
        ++phase_;
        ++done_;
        if (Clock::now() >= deadline)
            return false;
    }
    // The scores and the segment, a range of customer ids at a time.
    Statement scores = db_.prepare(
        "UPDATE cl_customer_stats SET "
        "rfm_r = CASE WHEN valid_orders > 0 THEN 1 + (last_order > ?3) + (last_order > ?4) + "
        "(last_order > ?5) + (last_order > ?6) END, "
        "rfm_f = CASE WHEN valid_orders > 0 THEN 1 + (valid_orders > ?7) + (valid_orders > ?8) + "
        "(valid_orders > ?9) + (valid_orders > ?10) END, "
        "rfm_m = CASE WHEN valid_orders > 0 THEN 1 + (sales > ?11) + (sales > ?12) + (sales > "
        "?13) + (sales > ?14) END "
        "WHERE id_customer BETWEEN ?1 AND ?2");
    Statement segment =
        db_.prepare("UPDATE cl_customer_stats SET id_rfm_segment = " + segment_case() +
                    " WHERE id_customer BETWEEN ?1 AND ?2");
    while (next_ <= hi_) {
        const auto t0 = Clock::now();
        const std::int64_t a = next_, b = std::min(hi_, next_ + width_ - 1);
        scores.reset();
        scores.bind(1, a);
        scores.bind(2, b);
        for (int k = 0; k < 4; ++k) {
            scores.bind(3 + k, r_bounds_[static_cast<std::size_t>(k)]);
            scores.bind(7 + k, f_bounds_[static_cast<std::size_t>(k)]);
            scores.bind(11 + k, m_bounds_[static_cast<std::size_t>(k)]);
        }
        scores.run();
        segment.reset();
        segment.bind(1, a);
        segment.bind(2, b);
        segment.run();
        done_ += b - a + 1;
        next_ = b + 1;
        // Ranges of about a quarter of the budget left when this one started.
        const double took = std::chrono::duration<double>(Clock::now() - t0).count();
        const double left = std::chrono::duration<double>(deadline - t0).count();
        const double target = std::clamp(left / 4, 0.001, 0.02);
        if (took > 0)
            width_ = std::clamp<std::int64_t>(
                static_cast<std::int64_t>(static_cast<double>(width_) * target / took), 256,
                262144);
        if (Clock::now() >= deadline && next_ <= hi_)
            return false;
    }
    db_.prepare("UPDATE cl_state SET rfm_computed_at = ?1 WHERE id = 1")
        .bind_all(now_datetime())
        .run();
    tx_->commit();
    tx_.reset();
    done_ = total_;
    return true;
}

void recompute_rfm(Database& db) {
    RfmJob job(db);
    run_to_completion(job);
    if (!job.error().empty())
        throw std::runtime_error(job.error());
}

} // namespace clientele::core
