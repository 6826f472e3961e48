#include "core/jobs.h"

#include "core/audit.h"
#include "core/consents.h"
#include "core/db.h"
#include "core/i18n.h"

#include <algorithm>

namespace clientele::core {

bool Job::step(std::chrono::milliseconds budget) {
    if (finished_)
        return true;
    try {
        if (work(std::chrono::steady_clock::now() + budget))
            finished_ = true;
    } catch (const std::exception& e) {
        error_ = e.what();
        finished_ = true;
        on_failure();
    }
    return finished_;
}

void TextExportJob::cancel() {
    cancelled_ = finished_ = true;
    out_.clear();
}

void TextExportJob::write_header(const std::vector<std::string>& headers) {
    if (format_.bom)
        out_ = "\xEF\xBB\xBF";
    std::vector<std::string> cells;
    for (const std::string& h : headers)
        cells.push_back(csv::cell(h, format_));
    csv::append_row(out_, cells, format_);
}

void run_to_completion(Job& job) {
    while (!job.step(std::chrono::milliseconds(1000))) {
    }
}

BulkCustomersJob::BulkCustomersJob(Database& db, BulkAction action, std::vector<std::int64_t> ids)
    : db_(db), action_(action), ids_(std::move(ids)) {
    total_ = static_cast<std::int64_t>(ids_.size());
}

BulkCustomersJob::~BulkCustomersJob() = default; // an unfinished transaction rolls back

std::string BulkCustomersJob::title() const {
    return tr(bulk_label_key(action_.kind));
}

bool BulkCustomersJob::work(std::chrono::steady_clock::time_point deadline) {
    if (!tx_) {
        tx_ = std::make_unique<Transaction>(db_);
        source_ = std::make_unique<ConsentSource>(db_, "bulk");
        batch_ = audit::begin_batch(db_);
    }
    // Chunks small enough to stay within a frame's budget, big enough to amortise the calls.
    constexpr std::size_t kChunk = 256;
    while (static_cast<std::size_t>(done_) < ids_.size()) {
        const std::size_t from = static_cast<std::size_t>(done_);
        const std::size_t to = std::min(ids_.size(), from + kChunk);
        std::vector<std::int64_t> chunk(ids_.begin() + static_cast<std::ptrdiff_t>(from),
                                        ids_.begin() + static_cast<std::ptrdiff_t>(to));
        BulkResult r = apply_bulk(db_, action_, chunk, batch_);
        result_.changed += r.changed;
        done_ = static_cast<std::int64_t>(to);
        if (std::chrono::steady_clock::now() >= deadline)
            break;
    }
    if (static_cast<std::size_t>(done_) < ids_.size())
        return false;
    source_.reset();
    tx_->commit();
    tx_.reset();
    return true;
}

void BulkCustomersJob::cancel() {
    if (finished_)
        return;
    source_.reset();
    tx_.reset(); // rolls back
    cancelled_ = true;
    result_.cancelled = true;
    finished_ = true;
}

void BulkCustomersJob::on_failure() {
    source_.reset();
    tx_.reset();
}

} // namespace clientele::core
