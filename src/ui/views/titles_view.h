// Customers > Titles (PrestaShop's genders): the list with how many customers use each title;
// create and edit the name per language and the type (male, female, neutral); delete only
// while no customer uses it (the Delete button says how many do).
#pragma once

#include "core/titles.h"
#include "ui/views/records_view.h"

namespace clientele::ui {

class TitlesView : public RecordsView {
public:
    using RecordsView::RecordsView;
    const char* id() const override { return "titles"; }
    const char* title_key() const override { return "nav.titles"; }
    // For tests: the editor's input.
    core::TitleInput& input() { return input_; }
    void input_edited() { edited(); }

protected:
    std::vector<Column> columns() const override;
    std::vector<Row> load_rows() override;
    void load_input(std::int64_t id) override;
    std::vector<core::FieldError> validate() override;
    std::int64_t write(std::int64_t id) override;
    void erase(std::int64_t id) override;
    void draw_fields() override;
    std::string delete_blocker(std::int64_t id) override;
    const char* new_key() const override { return "titles.new"; }
    const char* record_key() const override { return "titles.record"; }

private:
    core::TitleInput input_;
    std::map<std::int64_t, std::int64_t> usage_; // id -> customers
};

} // namespace clientele::ui
