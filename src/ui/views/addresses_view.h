// Customers > Addresses: every live customer address in one virtualized grid (pages read as
// they scroll into view), a filter per column, sortable columns, the result count; double-click
// (or Enter) opens the address form, the e-mail cell opens the customer's sheet. "Required
// fields" sets which optional fields every address must have, imports included.
#pragma once

#include "core/addresses.h"
#include "ui/app.h"
#include "ui/views/paged_rows.h"

#include <map>
#include <set>
#include <string>
#include <vector>

namespace clientele::ui {

// The "required fields" setting for addresses as a list of check boxes (each tick saves, one
// undoable change); drawn by the Addresses screen and by Preferences. Hooks: "<hook>.<field>".
void draw_required_address_fields(Context& ctx, const std::string& hook);

class AddressesView
    : public View,
      public FilteredGrid<core::AddressQuery, core::AddressRow, core::AddressColumn> {
public:
    explicit AddressesView(Context& ctx);
    const char* id() const override { return "addresses"; }
    const char* title_key() const override { return "nav.addresses"; }
    void draw() override;

    // For tests and the JS test interface (besides set_filter, set_sort, total, row_at).
    void set_required_fields(const std::set<std::string>& fields);
    std::string state_json() override;

private:
    void requery() override;
    void draw_toolbar();
    void draw_required_popup();
    void draw_table();

    Context& ctx_;
    std::set<std::string> required_;
    bool required_open_ = false;
    std::int64_t cursor_ = -1;
};

} // namespace clientele::ui
