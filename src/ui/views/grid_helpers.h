// Small pieces every paged grid (addresses, orders, carts, service, outstanding, reviews,
// subscriptions) shares: the sort the user just picked in the header, a filter cell under a
// header, and the typed filters as a core query's filter list.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace clientele::ui::grid {

struct SortChange {
    int column = 0; // the table's column index
    bool descending = false;
};

// The current table's sort when the user changed it this frame (clears the change).
std::optional<SortChange> take_sort_change();

// A text filter filling the current cell (hint: "filter" unless given), registered for the
// tests as `<hook_prefix>.filter.<id>`; true when it changed this frame.
bool filter_cell(const char* hook_prefix, const char* id, std::string& text,
                 const char* hint = nullptr);

// The filters with a text, as a core query's {column, text} list.
template <typename Filter, typename Column>
std::vector<Filter> active_filters(const std::map<Column, std::string>& texts) {
    std::vector<Filter> out;
    for (const auto& [column, text] : texts)
        if (!text.empty())
            out.push_back({column, text});
    return out;
}

} // namespace clientele::ui::grid
