// Customers > Outstanding (B2B): each business customer's current outstanding against the
// credit allowed, with risk, unpaid orders, the oldest of them and payment days; a flag when
// the amount exceeds the allowance and when payment is overdue. Filters per column, sort,
// pages read as they scroll into view; the customer cell opens the sheet. When B2B mode is off
// the screen says so and offers to turn it on.
#pragma once

#include "core/outstanding.h"
#include "core/reference.h"
#include "ui/app.h"
#include "ui/views/paged_rows.h"

#include <map>
#include <string>
#include <vector>

namespace clientele::ui {

class OutstandingView
    : public View,
      public FilteredGrid<core::OutstandingQuery, core::OutstandingRow, core::OutstandingColumn> {
public:
    explicit OutstandingView(Context& ctx);
    const char* id() const override { return "outstanding"; }
    const char* title_key() const override { return "nav.outstanding"; }
    void draw() override;
    std::string state_json() override;

    // For tests: the query runs at once.
    void set_flags(bool owing_only, bool over_only);
    bool b2b() const { return b2b_; }
    void turn_b2b_on();

private:
    void requery() override;
    void draw_off();
    void draw_table();

    Context& ctx_;
    bool b2b_ = false;
    std::string error_;
    std::vector<core::NamedId> risks_;
};

} // namespace clientele::ui
