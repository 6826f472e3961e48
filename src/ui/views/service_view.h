// Customers > Customer service: every customer thread in one virtualized grid (pages read as
// they scroll into view) with a filter per column (status and unread as choices), sortable
// columns and the result count. A click opens the thread window; the customer cell opens the
// customer's sheet. Ticked threads (or every thread matching the filters) change status
// together, as a job when there are many. "New message" writes to a customer.
#pragma once

#include "core/service.h"
#include "ui/app.h"
#include "ui/views/paged_rows.h"

#include <map>
#include <set>
#include <string>
#include <vector>

namespace clientele::ui {

class ServiceView : public View,
                    public FilteredGrid<core::ThreadQuery, core::ThreadRow, core::ThreadColumn> {
public:
    explicit ServiceView(Context& ctx);
    const char* id() const override { return "service"; }
    const char* title_key() const override { return "nav.service"; }
    void draw() override;
    std::string state_json() override;

    // For tests and the JS test interface (besides set_filter, set_sort, total, row_at).
    void open_thread(std::int64_t id);
    void tick(std::int64_t id, bool on);
    void tick_all_matching();
    const std::set<std::int64_t>& ticked() const { return ticked_; }
    // Sets the ticked threads' status: at once for a few, as a job above kBulkStatusDirect.
    void set_ticked_status(core::ThreadStatus status);

private:
    void requery() override;
    void draw_toolbar();
    void draw_table();

    Context& ctx_;
    std::string error_; // a bulk change that failed
    std::set<std::int64_t> ticked_;
    std::int64_t cursor_ = -1;
};

} // namespace clientele::ui
