// Customers: the whole result in one virtualized grid (rows fetched page by page as they
// scroll into view) with a global search, a filter row, sortable / resizable / reorderable /
// hideable columns, saved views, Store Commander colour codes, multi-selection with bulk
// actions (time-boxed jobs, undoable), keyboard navigation and copy as tab-separated text.
#pragma once

#include "core/customer_export.h"
#include "core/customer_query.h"
#include "core/customers.h"
#include "core/reference.h"
#include "core/saved_views.h"
#include "ui/app.h"

#include <imgui.h>

#include <chrono>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace clientele::ui {

// Which customers are selected: explicit ids (sorted), or every result of the current query.
class Selection {
public:
    bool contains(std::int64_t id) const;
    void clear();
    void toggle(std::int64_t id);
    void add(const std::vector<std::int64_t>& ids);
    void set_only(std::int64_t id);
    std::size_t size() const { return ids_.size(); }
    const std::vector<std::int64_t>& ids() const { return ids_; }

private:
    std::vector<std::int64_t> ids_;
};

class CustomersView : public View {
public:
    explicit CustomersView(Context& ctx);
    const char* id() const override { return "customers"; }
    const char* title_key() const override { return "nav.customers"; }
    void draw() override;

    // For tests and the JS test interface. These run the query at once (a first count step);
    // typing in the grid's fields runs it at the next frame instead.
    void set_search(const std::string& text);
    void set_filter(const core::ColumnFilter& filter);
    void set_sort(const std::vector<core::SortSpec>& sort);
    // A segment (core/segments.h) the grid is limited to, shown as a chip with a clear button;
    // `name` is the saved segment's ("" for an unsaved text). "" clears it.
    void set_segment(const std::string& text, const std::string& name = "");
    const std::string& segment() const { return query_.segment; }
    // What the Segments screen hands over: the grid of `db` takes it the next time it draws,
    // then selects every result (bulk actions) or exports them as CSV when asked.
    struct SegmentRequest {
        std::string text, name;
        bool select_all = false, export_csv = false;
    };
    static void request_segment(const core::Database& db, SegmentRequest request);
    void reset();
    // The matches counted so far: the result count once counting() is false.
    std::int64_t total() const { return total_; }
    // The count is still running (a step of core::CustomerCounter per frame).
    bool counting() const;
    // Time given to the count each frame (8 ms; tests use 0: one chunk per frame).
    void set_count_budget(std::chrono::microseconds budget) { count_budget_ = budget; }
    // The row, read with its page when needed (nullptr while counting if that read would
    // not be cheap yet).
    const core::CustomerRow* row_at(std::int64_t index);
    // Selection by row index, as the mouse would: plain, Ctrl (toggle), Shift (range).
    void click_row(std::int64_t index, bool ctrl, bool shift);
    void select_all_results();
    const Selection& selection() const { return selection_; }
    // Starts a bulk action on the selection (as confirmed in the dialog).
    void start_bulk(const core::BulkAction& action);
    // Tab-separated text of the selected rows (what Ctrl+C puts on the clipboard).
    std::string selection_as_tsv();
    // Saved views.
    nlohmann::json current_view_spec() const;
    void apply_view_spec(const nlohmann::json& spec);
    std::string state_json() override;

private:
    struct ColumnState {
        std::string id;
        float width = 0; // in font sizes
        bool visible = true;
        int order = 0; // display position (the user may drag columns)
    };
    struct FilterInput {
        std::string text, min, max, from, to;
        int yes = 0; // 0 any, 1 yes, 2 no
    };

    // Runs the query now: a new count (kept when only the sort changed) and its first step.
    void requery();
    // The query runs at the next frame, once however many edits this frame brings.
    void invalidate() { query_dirty_ = true; }
    void advance_count();
    const core::CustomerRow* row(std::int64_t index, bool from_draw);
    void reset_state();
    void load_view_spec(const nlohmann::json& spec);
    void rebuild_filters();
    void draw_toolbar();
    void take_queued_chars();
    void carry_search_chars();
    void draw_views_menu();
    void draw_bulk_menu();
    void draw_confirm();
    void draw_legend();
    void draw_table();
    void draw_filter_cell(const core::ColumnInfo& info, FilterInput& in);
    void draw_cell(const core::CustomerRow& r, const std::string& column);
    void handle_keys();
    void read_table_layout();
    std::vector<std::int64_t> ids_between(std::int64_t from_index, std::int64_t to_index);
    // The selection, or every result when nothing is selected; Excel: BOM and ';'.
    void export_selection(bool excel);
    void draw_export_menu();
    std::vector<std::string> visible_columns(std::vector<std::string>* headers) const;
    std::unique_ptr<core::CustomersExportJob> selection_job(const core::csv::Format& f) const;
    static core::csv::Format tsv_format();

    Context& ctx_;
    std::string search_;
    core::CustomerQuery query_;
    std::int64_t total_ = 0;
    std::string error_;
    std::map<std::int64_t, std::vector<core::CustomerRow>> pages_;
    std::uint64_t data_version_ = ~0ull;
    std::unique_ptr<core::CustomerCounter> counter_;
    // The sort orders read into memory, shared by the counters of every search and filter.
    std::shared_ptr<core::CustomerOrderCache> orders_ = core::make_customer_order_cache();
    std::int64_t query_runs_ = 0; // requery() calls, for tests
    bool query_dirty_ = false;
    int page_reads_left_ = 0;        // pages the grid may still read this frame
    std::int64_t visible_rows_ = 20; // rows the grid shows at once (Page Up / Page Down)
    std::int64_t first_visible_ = 0; // the first row in view, and the rows in view without
    std::int64_t rows_waiting_ = 0;  // their page yet (for tests and the browser benchmark)
    std::chrono::microseconds count_budget_{8000};

    std::vector<ColumnState> columns_;
    std::map<std::string, FilterInput> filters_;
    int table_generation_ = 0;
    bool sort_from_view_ = false;

    Selection selection_;
    std::int64_t cursor_ = -1; // row index with keyboard focus
    std::int64_t anchor_ = -1; // row index where a Shift range starts
    bool scroll_to_cursor_ = false;
    bool focus_search_ = false;
    // Ctrl+F until the search field has the keyboard (a frame or two): characters typed
    // meanwhile reach no field, so they wait here and go first into the field once it is active.
    int search_focus_frames_ = 0;
    ImVector<ImWchar> carried_chars_;
    bool search_active_ = false;

    std::vector<core::NamedId> groups_;
    std::vector<core::SavedView> views_;
    std::string current_view_name_;
    std::string segment_name_;
    std::string new_view_name_;
    std::optional<core::BulkAction> pending_;
    std::uint64_t views_version_ = ~0ull;
    static constexpr int kPageSize = 100;
};

} // namespace clientele::ui
