// The rows of a big list read page by page as they scroll into view (carts, orders): the
// first page comes with the total; other pages are read when a row of theirs is asked for;
// everything is read again after a change of the data (Database::data_version) or of the query
// (invalidate()). Lists of core's paged queries (reload_list) read pages without their count
// and count with a core::ListCounter, a time-boxed step per frame, so that a filter over a
// million rows never blocks a frame: meanwhile total() is what is counted so far.
#pragma once

#include "core/i18n.h"
#include "core/list_count.h"

#include <imgui.h>

#include <chrono>
#include <memory>

#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <utility>
#include <vector>

namespace clientele::ui {

template <typename Row> class PagedRows {
public:
    // Reads `limit` rows from `offset`; returns the total and the rows. May throw: the message
    // is kept in error().
    using Fetch = std::function<std::pair<std::int64_t, std::vector<Row>>(std::int64_t offset,
                                                                          std::int64_t limit)>;

    explicit PagedRows(std::int64_t page_size = 100) : page_size_(page_size) {}

    // The time a frame gives the count.
    static constexpr auto kCountBudget = std::chrono::milliseconds(6);

    void invalidate() { dirty_ = true; }
    // True when the rows must be read again before use.
    bool stale(std::uint64_t data_version) const { return dirty_ || data_version != version_; }
    // Reads the first page now (call when stale()).
    void reload(std::uint64_t data_version, Fetch fetch) {
        dirty_ = false;
        version_ = data_version;
        fetch_ = std::move(fetch);
        pages_.clear();
        error_.clear();
        counter_.reset();
        try {
            auto [total, rows] = fetch_(0, page_size_);
            total_ = total;
            pages_[0] = std::move(rows);
        } catch (const std::exception& e) {
            total_ = 0;
            error_ = e.what();
        }
    }
    // reload() for a core list query `q` (with offset, limit and count) read by `query`, its
    // filter counted from `sql()`: a first page shorter than a page is the whole result; else a
    // ListCounter counts, its first step at once (small lists are counted before the frame is
    // drawn).
    template <typename Query, typename Page>
    void reload_list(core::Database& db, Query q, Page (*query)(core::Database&, const Query&),
                     const std::function<core::ListSql()>& sql) {
        q.count = false;
        reload(db.data_version(), [&db, q, query](std::int64_t offset, std::int64_t limit) {
            Query page = q;
            page.offset = offset;
            page.limit = limit;
            Page p = query(db, page);
            return std::make_pair(offset + static_cast<std::int64_t>(p.rows.size()),
                                  std::move(p.rows));
        });
        if (!error_.empty() || total_ < page_size_)
            return;
        try {
            counter_ = std::make_unique<core::ListCounter>(db, sql());
            step_count();
        } catch (const std::exception& e) {
            counter_.reset();
            error_ = e.what();
        }
    }
    // While counting: matches so far (at least the rows read); one step of the count per frame.
    std::int64_t total() {
        if (counter_ && !counter_->done() && ImGui::GetCurrentContext() &&
            ImGui::GetFrameCount() != stepped_frame_)
            step_count();
        return total_;
    }
    // The count is still running.
    bool counting() const { return counter_ && !counter_->done(); }
    // After the figure of the results: "counting…" while the count runs (the figure is then
    // what was found so far).
    void draw_counting() const {
        if (!counting())
            return;
        ImGui::SameLine();
        ImGui::TextDisabled("%s", core::i18n::tr("list.counting"));
    }
    const std::string& error() const { return error_; }
    // The row at `index` (reading its page if needed), or nullptr.
    const Row* at(std::int64_t index) {
        if (index < 0 || index >= total_ || !fetch_)
            return nullptr;
        const std::int64_t page = index / page_size_;
        auto it = pages_.find(page);
        if (it == pages_.end()) {
            try {
                it = pages_.emplace(page, fetch_(page * page_size_, page_size_).second).first;
            } catch (const std::exception& e) {
                error_ = e.what();
                return nullptr;
            }
        }
        const std::size_t i = static_cast<std::size_t>(index % page_size_);
        return i < it->second.size() ? &it->second[i] : nullptr;
    }

private:
    void step_count() {
        stepped_frame_ = ImGui::GetCurrentContext() ? ImGui::GetFrameCount() : -1;
        try {
            counter_->step(std::chrono::steady_clock::now() + kCountBudget);
            total_ = counter_->done() ? counter_->count() : std::max(total_, counter_->count());
        } catch (const std::exception& e) {
            counter_.reset();
            error_ = e.what();
        }
    }

    std::int64_t page_size_;
    std::unique_ptr<core::ListCounter> counter_;
    int stepped_frame_ = -1;
    Fetch fetch_;
    std::map<std::int64_t, std::vector<Row>> pages_;
    std::int64_t total_ = 0;
    std::uint64_t version_ = ~0ull;
    bool dirty_ = true;
    std::string error_;
};

// The state of a paged grid with a text filter per column and a sortable header (addresses,
// orders, customer service, outstanding): the core query, the typed filters and the rows. The
// view's requery() puts the filters in the query and reloads the rows.
template <typename Query, typename Row, typename Column> class FilteredGrid {
public:
    explicit FilteredGrid(core::Database& db) : grid_db_(db) {}
    virtual ~FilteredGrid() = default;

    // For tests and the JS test interface: the query runs at once.
    void set_filter(Column column, const std::string& text) {
        filters_[column] = text;
        requery();
    }
    void set_sort(Column column, bool descending) {
        query_.sort = column;
        query_.descending = descending;
        requery();
    }
    // Read again first when the data changed.
    std::int64_t total() {
        if (rows_.stale(grid_db_.data_version()))
            requery();
        return rows_.total();
    }
    const Row* row_at(std::int64_t index) {
        total();
        return rows_.at(index);
    }

protected:
    virtual void requery() = 0;

    static constexpr std::int64_t kPageSize = 100;
    core::Database& grid_db_;
    Query query_;
    std::map<Column, std::string> filters_;
    PagedRows<Row> rows_{kPageSize};
};

} // namespace clientele::ui
