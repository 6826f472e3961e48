// Long work as jobs that advance in time-boxed steps (a few milliseconds per frame), with
// progress and cancel, so the browser tab never freezes; the CLI runs the same job to the end.
// A job that writes keeps one transaction open from its first step to its last: cancel rolls
// it back, so the database is exactly as it was.
#pragma once

#include "core/csv.h"
#include "core/customers.h"

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace clientele::core {

class ConsentSource;

class Database;
class Transaction;

class Job {
public:
    virtual ~Job() = default;
    virtual std::string title() const = 0;
    // Works for about `budget`; returns true once the job has finished (or failed).
    bool step(std::chrono::milliseconds budget);
    // Stops and undoes everything the job did.
    virtual void cancel() = 0;
    double progress() const {
        return total_ ? static_cast<double>(done_) / static_cast<double>(total_) : 1.0;
    }
    std::int64_t done() const { return done_; }
    std::int64_t total() const { return total_; }
    bool finished() const { return finished_; }
    bool cancelled() const { return cancelled_; }
    const std::string& error() const { return error_; }

protected:
    // One slice of work (returns true when there is no more). Exceptions fail the job.
    virtual bool work(std::chrono::steady_clock::time_point deadline) = 0;
    virtual void on_failure() {}
    std::int64_t done_ = 0, total_ = 0;
    bool finished_ = false, cancelled_ = false;
    std::string error_;
};

// A job that writes a file (CSV or tab-separated text, or whatever a subclass makes of it) into
// memory, a chunk of rows per step: the grid's export and the addresses export.
class TextExportJob : public Job {
public:
    // Drops what was written.
    void cancel() override;
    // The whole file once finished (empty after cancel).
    const std::string& output() const { return out_; }
    std::int64_t rows_written() const { return written_; }

protected:
    TextExportJob(Database& db, csv::Format format, int id_lang)
        : db_(db), format_(format), id_lang_(id_lang) {}
    // Starts the file: the byte order mark when the format wants one, then the header row.
    void write_header(const std::vector<std::string>& headers);

    Database& db_;
    csv::Format format_;
    int id_lang_;
    std::string out_;
    std::int64_t written_ = 0;
};

// Runs a job to completion (CLI, tests).
void run_to_completion(Job& job);

// A bulk action on many customers as one undoable audit batch.
class BulkCustomersJob : public Job {
public:
    BulkCustomersJob(Database& db, BulkAction action, std::vector<std::int64_t> ids);
    ~BulkCustomersJob() override;
    std::string title() const override;
    void cancel() override;
    const BulkResult& result() const { return result_; }
    const BulkAction& action() const { return action_; }

protected:
    bool work(std::chrono::steady_clock::time_point deadline) override;
    void on_failure() override;

private:
    Database& db_;
    BulkAction action_;
    std::vector<std::int64_t> ids_;
    std::unique_ptr<Transaction> tx_;
    std::unique_ptr<ConsentSource> source_; // consents changed here say "bulk"
    std::int64_t batch_ = 0;
    BulkResult result_;
};

} // namespace clientele::core
