// Customers > Customer service > Contacts: the shop's contacts (name and description per
// language, e-mail, whether their messages are kept as customer threads) with how many threads
// each has; create, edit, delete (only while no thread is addressed to it).
#pragma once

#include "core/contacts.h"
#include "ui/views/records_view.h"

namespace clientele::ui {

class ContactsView : public RecordsView {
public:
    using RecordsView::RecordsView;
    const char* id() const override { return "contacts"; }
    const char* title_key() const override { return "nav.contacts"; }
    core::ContactInput& input() { return input_; }
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
    const char* new_key() const override { return "contacts.new"; }
    const char* record_key() const override { return "contacts.record"; }

private:
    core::ContactInput input_;
    std::map<std::int64_t, std::int64_t> threads_; // id -> threads
};

} // namespace clientele::ui
