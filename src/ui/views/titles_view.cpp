#include "ui/views/titles_view.h"

#include "core/i18n.h"
#include "ui/forms.h"
#include "ui/test_hooks.h"

#include <imgui.h>

namespace clientele::ui {

namespace {
const char* type_key(core::TitleType t) {
    switch (t) {
    case core::TitleType::Male:
        return "titles.male";
    case core::TitleType::Female:
        return "titles.female";
    case core::TitleType::Neutral:
        break;
    }
    return "titles.neutral";
}
} // namespace

std::vector<RecordsView::Column> TitlesView::columns() const {
    return {{"col.id", 4, true},
            {"titles.name", 10},
            {"titles.type", 7},
            {"titles.customers", 8, true}};
}

std::vector<RecordsView::Row> TitlesView::load_rows() {
    std::vector<Row> rows;
    usage_.clear();
    for (const auto& t :
         core::list_titles_with_counts(ctx_.store.db(), core::i18n::language_id())) {
        usage_[t.id] = t.customers;
        rows.push_back({t.id,
                        {std::to_string(t.id), t.name, tr(type_key(t.type)),
                         core::i18n::format_number(t.customers)}});
    }
    return rows;
}

void TitlesView::load_input(std::int64_t id) {
    input_ = {};
    if (id > 0)
        if (auto in = core::load_title(ctx_.store.db(), id))
            input_ = *in;
}

std::vector<core::FieldError> TitlesView::validate() {
    return core::validate_title(ctx_.store.db(), input_);
}

std::int64_t TitlesView::write(std::int64_t id) {
    if (id == 0)
        return core::create_title(ctx_.store.db(), input_);
    core::update_title(ctx_.store.db(), id, input_);
    return id;
}

void TitlesView::erase(std::int64_t id) {
    core::delete_title(ctx_.store.db(), id);
}

std::string TitlesView::delete_blocker(std::int64_t id) {
    const auto it = usage_.find(id);
    if (it == usage_.end() || it->second == 0)
        return {};
    return core::i18n::format_count("titles.in_use", it->second);
}

void TitlesView::draw_fields() {
    if (forms::lang_texts(hook(), "name", "titles.name", languages_, input_.names, shown_errors()))
        edited();
    forms::row("titles.type");
    for (core::TitleType t :
         {core::TitleType::Male, core::TitleType::Female, core::TitleType::Neutral}) {
        if (t != core::TitleType::Male)
            ImGui::SameLine();
        if (ImGui::RadioButton(tr(type_key(t)), input_.type == t)) {
            input_.type = t;
            edited();
        }
        test_hooks::register_last_item((hook() + ".type." + std::to_string(int(t))).c_str());
    }
    field_errors("type");
}

} // namespace clientele::ui
