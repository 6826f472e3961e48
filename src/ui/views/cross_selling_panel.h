// The cross-selling tab of Customers > Statistics: find products by name, reference or id, mark
// them "bought" or "not bought", then the customers who bought every "bought" product and none
// of the "not bought" ones, read page by page as they scroll into view; a name opens the sheet;
// Export CSV writes every match (a job); "Save as segment" keeps them as a segment that
// follows the orders (the grid, bulk actions, exports and follow-up runs can use it).
#pragma once

#include "core/cross_selling.h"
#include "ui/app.h"
#include "ui/views/paged_rows.h"

#include <string>
#include <vector>

namespace clientele::ui {

class CrossSellingPanel {
public:
    explicit CrossSellingPanel(Context& ctx) : ctx_(ctx) {}
    void draw();
    std::string state_json();

    // For tests.
    void set_search(const std::string& text);
    const std::vector<core::ProductHit>& hits() const { return hits_; }
    void add(std::int64_t product, bool bought);
    void remove(std::int64_t product);
    std::int64_t total();
    const core::BuyerRow* row_at(std::int64_t index);
    void export_csv();
    // Saves the chosen products as a segment named `name` (docs/segments.md: bought(...)); a
    // segment of that name gets the new text. The error, if any, is kept for the panel.
    void save_as_segment(const std::string& name);

private:
    void refresh_rows();
    void draw_chips(const std::vector<std::int64_t>& ids, bool bought);

    Context& ctx_;
    std::string search_;
    std::vector<core::ProductHit> hits_;
    bool searched_ = false;
    core::BuyerQuery query_;
    std::vector<core::ProductHit> chosen_; // names of the chosen products
    PagedRows<core::BuyerRow> rows_{100};
    std::string segment_name_, segment_error_;
};

} // namespace clientele::ui
