// Customers: the whole result in one virtualized table (rows fetched page by page as they
// scroll into view), a global search and the result count.
#pragma once

#include "core/customer_query.h"
#include "ui/app.h"

#include <map>
#include <string>
#include <vector>

namespace clientele::ui {

class CustomersView : public View {
public:
    explicit CustomersView(Context& ctx);
    const char* id() const override { return "customers"; }
    const char* title_key() const override { return "nav.customers"; }
    void draw() override;

    void set_search(const std::string& text);
    std::int64_t total() const { return total_; }
    // The row at a position of the current result (fetched on demand).
    const core::CustomerRow* row_at(std::int64_t index);
    std::string state_json() const;

private:
    void requery();
    void draw_table();

    Context& ctx_;
    char search_[256] = {};
    core::CustomerQuery query_;
    std::int64_t total_ = 0;
    std::string error_;
    std::map<std::int64_t, std::vector<core::CustomerRow>> pages_; // page index -> rows
    std::uint64_t data_version_ = ~0ull;
    std::int64_t selected_ = 0; // customer id
    static constexpr int kPageSize = 100;
};

} // namespace clientele::ui
