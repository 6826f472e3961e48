#include "ui/views/contacts_view.h"

#include "core/i18n.h"
#include "ui/forms.h"
#include "ui/test_hooks.h"

#include <imgui.h>

namespace clientele::ui {

std::vector<RecordsView::Column> ContactsView::columns() const {
    return {{"col.id", 4, true},
            {"contacts.name", 10},
            {"col.email", 13},
            {"contacts.customer_service", 8},
            {"contacts.threads", 6, true},
            {"contacts.description", 18}};
}

std::vector<RecordsView::Row> ContactsView::load_rows() {
    std::vector<Row> rows;
    threads_.clear();
    for (const auto& c : core::list_contacts(ctx_.store.db(), core::i18n::language_id())) {
        threads_[c.id] = c.threads;
        rows.push_back({c.id,
                        {std::to_string(c.id), c.name, c.email,
                         tr(c.customer_service ? "common.yes" : "common.no"),
                         core::i18n::format_number(c.threads), c.description}});
    }
    return rows;
}

void ContactsView::load_input(std::int64_t id) {
    input_ = {};
    if (id > 0)
        if (auto in = core::load_contact(ctx_.store.db(), id))
            input_ = *in;
}

std::vector<core::FieldError> ContactsView::validate() {
    return core::validate_contact(ctx_.store.db(), input_);
}

std::int64_t ContactsView::write(std::int64_t id) {
    if (id == 0)
        return core::create_contact(ctx_.store.db(), input_);
    core::update_contact(ctx_.store.db(), id, input_);
    return id;
}

void ContactsView::erase(std::int64_t id) {
    core::delete_contact(ctx_.store.db(), id);
}

std::string ContactsView::delete_blocker(std::int64_t id) {
    const auto it = threads_.find(id);
    if (it == threads_.end() || it->second == 0)
        return {};
    return core::i18n::format_count("contacts.in_use", it->second);
}

void ContactsView::draw_fields() {
    if (forms::lang_texts(hook(), "name", "contacts.name", languages_, input_.names,
                          shown_errors()))
        edited();
    forms::row("col.email");
    if (forms::text(hook(), "email", input_.email))
        edited();
    field_errors("email");
    forms::row("contacts.customer_service");
    if (ImGui::Checkbox(tr("contacts.keep_threads"), &input_.customer_service))
        edited();
    test_hooks::register_last_item((hook() + ".customer_service").c_str());
    if (forms::lang_texts(hook(), "description", "contacts.description", languages_,
                          input_.descriptions, shown_errors(), true))
        edited();
}

} // namespace clientele::ui
