// The shape shared by the Customers screens whose records fit in memory (groups, titles,
// contacts: tens of rows): the list on the left with a search box, a filter per column and
// sortable headers; the selected record's editor on the right with validation messages under
// each field as you type, Save (disabled while invalid), Delete behind a confirmation that
// names the record, and New. Writes go through core services: each is one undoable change.
#pragma once

#include "core/customers.h"
#include "core/reference.h"
#include "ui/app.h"

#include <cstdint>
#include <string>
#include <vector>

namespace clientele::ui {

class RecordsView : public View {
public:
    explicit RecordsView(Context& ctx) : ctx_(ctx) {}
    void draw() override;

    // What a user does, for tests and the JS test interface.
    void set_search(const std::string& text);
    void set_column_filter(std::size_t column, const std::string& text);
    // Opens the record in the editor; 0 starts a new one.
    void select(std::int64_t id);
    std::int64_t selected() const { return selected_; }
    // Saves the editor: the record's id, or 0 when invalid (errors() says why).
    std::int64_t save();
    // Deletes the selected record: false when refused (message() says why).
    bool remove();
    const std::vector<core::FieldError>& errors() const { return errors_; }
    const std::string& message() const { return message_; }
    // Ids of the rows shown (search, filters and sort applied).
    std::vector<std::int64_t> shown_ids();
    std::string state_json() override;

protected:
    struct Column {
        const char* label_key;
        float width_em;
        bool numeric = false;
    };
    struct Row {
        std::int64_t id = 0;
        std::vector<std::string> cells; // one per column, as shown
    };
    virtual std::vector<Column> columns() const = 0;
    virtual std::vector<Row> load_rows() = 0;
    // Fills the editor's input from the record (0: a new record's defaults).
    virtual void load_input(std::int64_t id) = 0;
    virtual std::vector<core::FieldError> validate() = 0;
    // Creates (id 0) or updates the record; returns its id. Throws core::ValidationError.
    virtual std::int64_t write(std::int64_t id) = 0;
    // Throws core::ValidationError when the record may not go.
    virtual void erase(std::int64_t id) = 0;
    // The editor's rows inside the two-column form table (forms::row, forms::text...).
    virtual void draw_fields() = 0;
    // Below the form and its buttons, for a saved record (groups: reductions, members).
    virtual void draw_related(std::int64_t /*id*/) {}
    // Why the record cannot be deleted ("" when it can): the Delete button says it.
    virtual std::string delete_blocker(std::int64_t /*id*/) { return {}; }
    virtual const char* new_key() const = 0;    // "New group"
    virtual const char* record_key() const = 0; // "Group" (editor title)
    // Subclasses call it after every edit of the input.
    void edited();
    // The field's messages, once the user edited the record or tried to save it.
    void field_errors(const std::string& field);
    const std::vector<core::FieldError>* shown_errors() const {
        return show_errors_ ? &errors_ : nullptr;
    }
    // Rows are reloaded at the next frame (after a related change).
    void invalidate_rows() { rows_version_ = ~0ull; }
    // The name shown for the selected record in titles and confirmations.
    std::string selected_label() const;
    std::string hook() const { return std::string(id()) + ".editor"; }

    Context& ctx_;
    std::vector<core::NamedId> languages_;
    std::vector<core::FieldError> errors_;

private:
    void refresh();
    void draw_list();
    void draw_editor();
    void draw_confirm_delete();
    bool matches(const Row& r) const;

    std::vector<Row> rows_;
    std::vector<std::int64_t> order_; // indexes into rows_, as shown
    bool order_dirty_ = true;
    std::uint64_t rows_version_ = ~0ull;
    std::string search_;
    std::vector<std::string> filters_;
    int sort_column_ = 0;
    bool sort_descending_ = false;
    std::int64_t selected_ = -1; // -1: nothing in the editor; 0: a new record
    bool loaded_ = false;
    std::string message_;
    bool show_errors_ = false; // edited, tried to save, or an existing record
    bool confirm_delete_ = false;
};

} // namespace clientele::ui
