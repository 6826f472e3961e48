// Customers > Duplicates: "Find duplicates" scans the shop (a job), then the groups of likely
// duplicate accounts with their reasons, read as they scroll into view; a group opens a
// side-by-side comparison of two of its accounts with "Merge into #A" / "Merge into #B", each
// asking for confirmation with what moves. A merge is one undoable step (Ctrl+Z).
#pragma once

#include "core/customer_sheet.h"
#include "core/duplicates.h"
#include "ui/app.h"

#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace clientele::ui {

class DuplicatesView : public View {
public:
    explicit DuplicatesView(Context& ctx) : ctx_(ctx) {}
    const char* id() const override { return "duplicates"; }
    const char* title_key() const override { return "nav.duplicates"; }
    void draw() override;
    std::string state_json() override;

    // For tests.
    void scan();
    const std::vector<core::DuplicateGroup>& groups() const { return groups_; }
    void select_group(int index);
    // Opens the confirmation for merging `other` into `keep` (what moves is read then).
    void request_merge(std::int64_t keep, std::int64_t other);
    void confirm_merge();
    const std::string& error() const { return error_; }

private:
    void draw_groups();
    void draw_comparison();
    void draw_confirm();
    const std::string& label(std::int64_t id);
    const core::CustomerSheet* sheet(std::int64_t id);

    Context& ctx_;
    bool scanned_ = false;
    std::vector<core::DuplicateGroup> groups_;
    int selected_ = -1;
    std::int64_t a_ = 0, b_ = 0; // the two accounts compared
    std::map<std::int64_t, std::string> labels_;
    std::map<std::int64_t, std::optional<core::CustomerSheet>> sheets_;
    std::uint64_t version_ = ~0ull;
    // The pending merge and what it moves.
    std::int64_t keep_ = 0, other_ = 0;
    std::vector<std::pair<std::string, std::int64_t>> preview_;
    bool confirm_open_ = false;
    std::string error_;
};

} // namespace clientele::ui
