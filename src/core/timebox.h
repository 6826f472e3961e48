// Tools for work that must fit in a frame's budget (the web build has no threads): a read
// snapshot, an interrupt at a deadline, and the cost model that sizes the next unit of work.
// Shared by the customers grid's counter and the paged lists' counter (list_count.h).
#pragma once

#include "core/db.h"

#include <sqlite3.h>

#include <algorithm>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <utility>

namespace clientele::core::timebox {

using Clock = std::chrono::steady_clock;

// A read transaction so that a count and a page see the same snapshot (the page may be read
// from the end using the count). Nothing when a transaction is open.
class ReadSnapshot {
public:
    explicit ReadSnapshot(Database& db) : db_(db), own_(!db.in_transaction()) {
        if (own_)
            db_.exec("BEGIN");
    }
    ~ReadSnapshot() {
        if (own_ && db_.in_transaction()) {
            try {
                db_.exec("COMMIT");
            } catch (...) {
                // Read-only: nothing to lose; the connection ends the transaction itself.
            }
        }
    }
    ReadSnapshot(const ReadSnapshot&) = delete;
    ReadSnapshot& operator=(const ReadSnapshot&) = delete;

private:
    Database& db_;
    bool own_;
};

// Interrupts the connection's statements once `deadline` has passed, until destroyed. Only
// around read-only statements, which SQLite then just stops (no rollback).
class Interrupt {
public:
    Interrupt(Database& db, Clock::time_point deadline) : db_(db), deadline_(deadline) {
        sqlite3_progress_handler(db_.handle(), 1000, &Interrupt::check, this);
    }
    ~Interrupt() { sqlite3_progress_handler(db_.handle(), 0, nullptr, nullptr); }
    Interrupt(const Interrupt&) = delete;
    Interrupt& operator=(const Interrupt&) = delete;

private:
    static int check(void* self) {
        return Clock::now() >= static_cast<Interrupt*>(self)->deadline_ ? 1 : 0;
    }
    Database& db_;
    Clock::time_point deadline_;
};

// Runs `work` with the connection's statements interrupted at `deadline`: true when it ran to
// its end, false when the deadline stopped it (other errors propagate). Only around read-only
// work, which SQLite then just stops.
template <typename Work>
bool finished_before(Database& db, Clock::time_point deadline, Work&& work) {
    try {
        Interrupt stop(db, deadline);
        work();
        return true;
    } catch (const DbError& e) {
        if ((e.code() & 0xff) != SQLITE_INTERRUPT)
            throw;
        return false;
    }
}

// The time a chunk of n units (ids of a range, candidates) takes, as fixed + n * per_unit
// fitted on the last chunks. The size aimed at puts about `target` in the per-unit part, but
// never less than the fixed part: a costly seek must not shrink chunks to nothing.
class ChunkCost {
public:
    void add(std::int64_t n, double seconds) {
        samples_[count_++ % kSamples] = {static_cast<double>(n), seconds};
        fit();
    }
    bool known() const { return count_ > 0; }
    double predict(std::int64_t n) const { return fixed_ + per_unit_ * static_cast<double>(n); }
    std::int64_t size_for(double target, std::int64_t current, std::int64_t least,
                          std::int64_t most) const {
        double n = per_unit_ > 0 ? std::max(target - fixed_, fixed_) / per_unit_ : 1e18;
        const double c = static_cast<double>(current);
        n = std::clamp(n, c / 4, c * 4);
        return static_cast<std::int64_t>(
            std::clamp(n, static_cast<double>(least), static_cast<double>(most)));
    }

private:
    static constexpr std::size_t kSamples = 8;
    void fit() {
        const std::size_t m = std::min<std::size_t>(count_, kSamples);
        double sn = 0, st = 0;
        for (std::size_t i = 0; i < m; ++i) {
            sn += samples_[i].first;
            st += samples_[i].second;
        }
        const double mn = sn / static_cast<double>(m), mt = st / static_cast<double>(m);
        double var = 0, cov = 0;
        for (std::size_t i = 0; i < m; ++i) {
            var += (samples_[i].first - mn) * (samples_[i].first - mn);
            cov += (samples_[i].first - mn) * (samples_[i].second - mt);
        }
        per_unit_ = var > 0 ? cov / var : 0;
        fixed_ = mt - per_unit_ * mn;
        if (per_unit_ <= 0 || fixed_ < 0) { // too few or too noisy: proportional
            per_unit_ = sn > 0 ? st / sn : 0;
            fixed_ = 0;
        }
    }
    std::pair<double, double> samples_[kSamples] = {};
    std::size_t count_ = 0;
    double fixed_ = 0, per_unit_ = 0;
};

} // namespace clientele::core::timebox
