// Segments: a text editor for a segment (core/segments.h) with the parse error marked under
// the text, a live count that never blocks a frame (core::CustomerCounter, one time-boxed step
// per frame), a builder that appends "AND fact op value" to the text, the saved segments
// (save, load, rename, delete; undoable), buttons that hand the segment to the customers grid
// (show, bulk action on all its customers, CSV export), and the RFM segments: recompute as a
// job, last computed date, a bar chart of their sizes (a bar loads "rfm = ...").
#pragma once

#include "core/customer_query.h"
#include "core/customers.h"
#include "core/rfm.h"
#include "core/segments.h"
#include "ui/app.h"
#include "ui/view.h"

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace clientele::ui {

class SegmentsView : public View {
public:
    explicit SegmentsView(Context& ctx);
    const char* id() const override { return "segments"; }
    const char* title_key() const override { return "nav.segments"; }
    void draw() override;
    std::string state_json() override;

    // Asks the Segments screen of `db` to load a saved segment the next time it draws (the
    // customer sheet's segment names).
    static void request_load(const core::Database& db, std::int64_t id);

    // For tests: what typing, the builder and the buttons do.
    void set_text(const std::string& text);
    const std::string& text() const { return text_; }
    void load(std::int64_t id);
    std::int64_t selected() const { return selected_; }
    bool save(const std::string& name);
    bool counting() const { return counter_ && !counter_->done(); }
    std::int64_t count() const { return counter_ ? counter_->count() : 0; }
    void set_count_budget(std::chrono::microseconds budget) { count_budget_ = budget; }
    // The builder's "Add": `value` as typed (quoted when needed).
    void add_condition(const std::string& fact, const std::string& op, const std::string& value);
    // "Show in the customers grid", "Bulk action...", "Export CSV".
    void drive_grid(bool select_all, bool export_csv);
    void drive_followup();

private:
    void refresh();
    void recheck();
    void advance_count();
    void draw_saved();
    void draw_editor();
    void draw_builder();
    void draw_actions();
    void draw_rfm();

    Context& ctx_;
    std::string text_;
    std::optional<core::SegmentCheck> error_; // the text's parse error
    std::string count_error_;
    std::unique_ptr<core::CustomerCounter> counter_;
    std::uint64_t counted_version_ = ~0ull;
    std::chrono::microseconds count_budget_{6000};

    std::vector<core::SavedSegment> saved_;
    std::uint64_t saved_version_ = ~0ull;
    std::int64_t selected_ = 0;
    std::string name_;
    std::vector<core::FieldError> save_errors_;
    std::string rename_to_;
    bool renaming_ = false;

    int fact_ = 0, op_ = 0;
    std::string value_;

    std::vector<core::RfmSize> rfm_;
    std::optional<std::string> rfm_at_;
    std::uint64_t rfm_version_ = ~0ull;
};

} // namespace clientele::ui
