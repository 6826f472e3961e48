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

    // For tests and the JS test interface.
    void set_search(const std::string& text);
    void set_filter(const core::ColumnFilter& filter);
    void set_sort(const std::vector<core::SortSpec>& sort);
    void reset();
    std::int64_t total() const { return total_; }
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
    std::string state_json() const;

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

    void requery();
    void rebuild_filters();
    void draw_toolbar();
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
    void export_selection();
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

    std::vector<ColumnState> columns_;
    std::map<std::string, FilterInput> filters_;
    int table_generation_ = 0;
    bool sort_from_view_ = false;

    Selection selection_;
    std::int64_t cursor_ = -1; // row index with keyboard focus
    std::int64_t anchor_ = -1; // row index where a Shift range starts
    bool scroll_to_cursor_ = false;
    bool focus_search_ = false;

    std::vector<core::NamedId> groups_;
    std::vector<core::SavedView> views_;
    std::string current_view_name_;
    std::string new_view_name_;
    std::optional<core::BulkAction> pending_;
    std::uint64_t views_version_ = ~0ull;
    static constexpr int kPageSize = 100;
};

} // namespace clientele::ui
