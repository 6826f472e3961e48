// The rows of a big list read page by page as they scroll into view (carts, orders): the
// first page comes with the total; other pages are read when a row of theirs is asked for;
// everything is read again after a change of the data (Database::data_version) or of the query
// (invalidate()).
#pragma once

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
        try {
            auto [total, rows] = fetch_(0, page_size_);
            total_ = total;
            pages_[0] = std::move(rows);
        } catch (const std::exception& e) {
            total_ = 0;
            error_ = e.what();
        }
    }
    std::int64_t total() const { return total_; }
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
    std::int64_t page_size_;
    Fetch fetch_;
    std::map<std::int64_t, std::vector<Row>> pages_;
    std::int64_t total_ = 0;
    std::uint64_t version_ = ~0ull;
    bool dirty_ = true;
    std::string error_;
};

} // namespace clientele::ui
