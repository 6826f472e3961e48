// Sections: 1. list and editor  2. related records (reductions, modules, members)
#include "ui/views/groups_view.h"

#include "core/db.h"
#include "core/i18n.h"
#include "ui/forms.h"
#include "ui/test_hooks.h"

#include <imgui.h>
#include <imgui_stdlib.h>
#include <nlohmann/json.hpp>

#include <cstdio>
#include <cstdlib>

namespace clientele::ui {

namespace {
std::string percent(double v) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.2f %%", v);
    return buf;
}
bool is_default_group(std::int64_t id) {
    return id == core::kVisitorGroup || id == core::kGuestGroup || id == core::kCustomerGroup;
}
} // namespace

// --- 1. list and editor ----------------------------------------------------------------------

std::vector<RecordsView::Column> GroupsView::columns() const {
    return {
        {"col.id", 4, true},         {"groups.name", 8},        {"groups.reduction", 5.5f, true},
        {"groups.price_display", 7}, {"groups.show_prices", 6}, {"groups.members", 6, true}};
}

std::vector<RecordsView::Row> GroupsView::load_rows() {
    std::vector<Row> rows;
    for (const auto& g : core::list_groups_with_counts(ctx_.store.db(), core::i18n::language_id()))
        rows.push_back({g.id,
                        {std::to_string(g.id), g.name, percent(g.reduction),
                         tr(g.price_display == core::PriceDisplay::TaxIncluded ? "groups.tax_incl"
                                                                               : "groups.tax_excl"),
                         tr(g.show_prices ? "common.yes" : "common.no"),
                         core::i18n::format_number(g.members)}});
    return rows;
}

void GroupsView::load_input(std::int64_t id) {
    input_ = {};
    if (id > 0)
        if (auto in = core::load_group(ctx_.store.db(), id))
            input_ = *in;
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.2f", input_.reduction);
    reduction_text_ = buf;
    reduction_valid_ = true;
    related_version_ = ~0ull;
    member_page_ = 0;
    ticked_.clear();
    member_message_.clear();
    reduction_error_.clear();
}

void GroupsView::set_reduction_text(const std::string& text) {
    reduction_text_ = text;
    char* end = nullptr;
    const double v = std::strtod(text.c_str(), &end);
    reduction_valid_ = !text.empty() && *end == '\0';
    if (reduction_valid_)
        input_.reduction = v;
    edited();
}

std::vector<core::FieldError> GroupsView::validate() {
    auto errors = core::validate_group(ctx_.store.db(), input_);
    if (!reduction_valid_)
        errors.push_back({"reduction", "is not a number", "err.not_a_number"});
    return errors;
}

std::int64_t GroupsView::write(std::int64_t id) {
    if (id == 0)
        return core::create_group(ctx_.store.db(), input_);
    core::update_group(ctx_.store.db(), id, input_);
    return id;
}

void GroupsView::erase(std::int64_t id) {
    core::delete_group(ctx_.store.db(), id);
}

std::string GroupsView::delete_blocker(std::int64_t id) {
    return is_default_group(id) ? tr("groups.protected") : std::string();
}

void GroupsView::draw_fields() {
    if (forms::lang_texts(hook(), "name", "groups.name", languages_, input_.names, shown_errors()))
        edited();
    forms::row("groups.reduction");
    std::string text = reduction_text_;
    if (forms::text(hook(), "reduction", text))
        set_reduction_text(text);
    field_errors("reduction");
    forms::row("groups.price_display");
    for (auto pd : {core::PriceDisplay::TaxIncluded, core::PriceDisplay::TaxExcluded}) {
        if (pd == core::PriceDisplay::TaxExcluded)
            ImGui::SameLine();
        const char* key =
            pd == core::PriceDisplay::TaxIncluded ? "groups.tax_incl" : "groups.tax_excl";
        if (ImGui::RadioButton(tr(key), input_.price_display == pd)) {
            input_.price_display = pd;
            edited();
        }
        test_hooks::register_last_item((hook() + "." + key).c_str());
    }
    field_errors("price_display_method");
    forms::row("groups.show_prices");
    if (ImGui::Checkbox("##show_prices", &input_.show_prices))
        edited();
    test_hooks::register_last_item((hook() + ".show_prices").c_str());
}

std::string GroupsView::state_json() {
    nlohmann::json j = nlohmann::json::parse(RecordsView::state_json());
    if (selected() > 0)
        j["members"] = core::group_member_count(ctx_.store.db(), selected());
    j["member_input"] = member_input_;
    return j.dump();
}

// --- 2. related records ----------------------------------------------------------------------

void GroupsView::load_related(std::int64_t id) {
    core::Database& db = ctx_.store.db();
    if (id == related_id_ && db.data_version() == related_version_)
        return;
    if (id != related_id_) {
        member_page_ = 0;
        ticked_.clear();
    }
    related_id_ = id;
    related_version_ = db.data_version();
    const int lang = core::i18n::language_id();
    reductions_ = core::list_category_reductions(db, id, lang);
    categories_ = core::list_categories(db, lang);
    modules_ = core::list_module_access(db, id);
    groups_ = core::list_groups(db, lang);
    member_count_ = core::group_member_count(db, id);
    if (member_page_ * kMembersPerPage >= member_count_)
        member_page_ = 0;
    members_ = core::customer_labels(
        db, core::group_members(db, id, member_page_ * kMembersPerPage, kMembersPerPage));
}

void GroupsView::draw_related(std::int64_t id) {
    load_related(id);
    draw_category_reductions(id);
    draw_modules(id);
    draw_members(id);
}

bool GroupsView::add_category_reduction(std::int64_t id_category, const std::string& text) {
    char* end = nullptr;
    const double v = std::strtod(text.c_str(), &end);
    if (text.empty() || *end != '\0') {
        reduction_error_ = tr("err.not_a_number");
        return false;
    }
    try {
        core::set_category_reduction(ctx_.store.db(), selected(), id_category, v);
        reduction_error_.clear();
        new_category_percent_.clear();
        return true;
    } catch (const core::ValidationError& e) {
        reduction_error_ = forms::first_error(e.errors(), e.errors().front().field);
    }
    return false;
}

void GroupsView::draw_category_reductions(std::int64_t id) {
    const std::string h = hook() + ".category";
    if (!ImGui::CollapsingHeader(tr("groups.category_reductions"), ImGuiTreeNodeFlags_DefaultOpen))
        return;
    forms::hint(tr("groups.category_hint"));
    if (ImGui::BeginTable("##reductions", 3,
                          ImGuiTableFlags_RowBg | ImGuiTableFlags_SizingStretchProp)) {
        std::int64_t remove = 0;
        for (const auto& r : reductions_) {
            ImGui::TableNextRow();
            ImGui::TableNextColumn();
            ImGui::TextUnformatted(r.category.c_str());
            ImGui::TableNextColumn();
            ImGui::TextUnformatted(percent(r.reduction).c_str());
            ImGui::TableNextColumn();
            ImGui::PushID(static_cast<int>(r.id_category));
            if (ImGui::SmallButton(tr("records.remove")))
                remove = r.id_category;
            ImGui::PopID();
        }
        ImGui::EndTable();
        if (remove)
            core::remove_category_reduction(ctx_.store.db(), id, remove);
    }
    std::string current;
    for (const auto& c : categories_)
        if (c.id == new_category_)
            current = c.name;
    ImGui::SetNextItemWidth(ImGui::GetFontSize() * 12);
    if (ImGui::BeginCombo("##new_category",
                          current.empty() ? tr("groups.pick_category") : current.c_str())) {
        for (const auto& c : categories_)
            if (ImGui::Selectable(c.name.c_str(), c.id == new_category_))
                new_category_ = c.id;
        ImGui::EndCombo();
    }
    ImGui::SameLine();
    ImGui::SetNextItemWidth(ImGui::GetFontSize() * 5);
    ImGui::InputTextWithHint("##new_percent", "%", &new_category_percent_);
    test_hooks::register_last_item((h + ".percent").c_str());
    ImGui::SameLine();
    ImGui::BeginDisabled(new_category_ == 0);
    if (ImGui::Button(tr("groups.add_reduction")))
        add_category_reduction(new_category_, new_category_percent_);
    ImGui::EndDisabled();
    if (!reduction_error_.empty())
        forms::danger_text(reduction_error_);
}

void GroupsView::toggle_module(std::int64_t id_module, bool allowed) {
    std::vector<std::int64_t> ids;
    for (const auto& m : modules_)
        if (m.id_module == id_module ? allowed : m.allowed)
            ids.push_back(m.id_module);
    core::set_allowed_modules(ctx_.store.db(), selected(), ids);
}

void GroupsView::draw_modules(std::int64_t id) {
    (void)id;
    if (!ImGui::CollapsingHeader(tr("groups.modules")))
        return;
    forms::hint(tr("groups.modules_hint"));
    for (const auto& m : modules_) {
        bool allowed = m.allowed;
        if (ImGui::Checkbox(m.name.c_str(), &allowed)) {
            toggle_module(m.id_module, allowed);
            break; // the list reloads with the change
        }
    }
}

bool GroupsView::add_member(const std::string& text) {
    core::Database& db = ctx_.store.db();
    std::int64_t id = 0;
    char* end = nullptr;
    const long long n = std::strtoll(text.c_str(), &end, 10);
    if (!text.empty() && *end == '\0')
        id = core::customer_labels(db, {n}).empty() ? 0 : n;
    else if (auto found = core::find_account_by_email(db, text, std::nullopt))
        id = *found;
    if (id == 0) {
        member_message_ = tr("groups.no_such_customer");
        return false;
    }
    core::add_members(db, selected(), {id});
    member_message_.clear();
    member_input_.clear();
    return true;
}

void GroupsView::tick_member(std::int64_t id_customer, bool ticked) {
    if (ticked)
        ticked_.insert(id_customer);
    else
        ticked_.erase(id_customer);
}

void GroupsView::move_members(std::int64_t to, bool all) {
    if (to == 0 || to == selected())
        return;
    std::vector<std::int64_t> ids(ticked_.begin(), ticked_.end());
    if (!all && ids.empty())
        return;
    const core::BulkResult r = core::move_members(ctx_.store.db(), selected(), to,
                                                  all ? std::vector<std::int64_t>{} : ids);
    ticked_.clear();
    member_message_ = core::i18n::format_count("groups.moved", r.changed);
    ctx_.nav.notify(member_message_);
}

void GroupsView::draw_members(std::int64_t id) {
    const std::string h = hook() + ".members";
    const std::string header =
        std::string(tr("groups.members")) + " (" + core::i18n::format_number(member_count_) + ")";
    if (!ImGui::CollapsingHeader((header + "###members").c_str(), ImGuiTreeNodeFlags_DefaultOpen))
        return;
    ImGui::SetNextItemWidth(ImGui::GetFontSize() * 14);
    const bool enter = ImGui::InputTextWithHint(
        "##member", tr("groups.member_hint"), &member_input_, ImGuiInputTextFlags_EnterReturnsTrue);
    test_hooks::register_last_item((h + ".input").c_str());
    ImGui::SameLine();
    if (ImGui::Button(tr("groups.add_member")) || enter)
        add_member(member_input_);
    test_hooks::register_last_item((h + ".add").c_str());
    if (!member_message_.empty())
        ImGui::TextWrapped("%s", member_message_.c_str());

    // Move to another group: the ticked members, or all of them.
    std::string target;
    for (const auto& g : groups_)
        if (g.id == move_to_)
            target = g.name;
    ImGui::AlignTextToFramePadding();
    ImGui::TextUnformatted(tr("groups.move_to"));
    ImGui::SameLine();
    ImGui::SetNextItemWidth(ImGui::GetFontSize() * 10);
    if (ImGui::BeginCombo("##move_to", target.c_str())) {
        for (const auto& g : groups_)
            if (g.id != id && ImGui::Selectable(g.name.c_str(), g.id == move_to_))
                move_to_ = g.id;
        ImGui::EndCombo();
    }
    ImGui::BeginDisabled(move_to_ == 0 || move_to_ == id || ticked_.empty());
    if (ImGui::Button(
            core::i18n::format_count("groups.move_ticked", static_cast<long long>(ticked_.size()))
                .c_str()))
        move_members(move_to_, false);
    ImGui::EndDisabled();
    ImGui::SameLine();
    ImGui::BeginDisabled(move_to_ == 0 || move_to_ == id || member_count_ == 0);
    if (ImGui::Button(tr("groups.move_all")))
        move_members(move_to_, true);
    ImGui::EndDisabled();
    test_hooks::register_last_item((h + ".move_all").c_str());
    ImGui::SameLine();
    ImGui::BeginDisabled(ticked_.empty());
    if (ImGui::Button(tr("groups.remove_ticked"))) {
        const core::BulkResult r = core::remove_members(
            ctx_.store.db(), id, std::vector<std::int64_t>(ticked_.begin(), ticked_.end()));
        member_message_ = core::i18n::format_count("groups.removed", r.changed);
        ticked_.clear();
    }
    ImGui::EndDisabled();

    // A page of members.
    const std::int64_t pages = (member_count_ + kMembersPerPage - 1) / kMembersPerPage;
    if (pages > 1) {
        ImGui::BeginDisabled(member_page_ == 0);
        if (ImGui::ArrowButton("##prev", ImGuiDir_Left)) {
            --member_page_;
            related_version_ = ~0ull;
        }
        ImGui::EndDisabled();
        ImGui::SameLine();
        ImGui::Text("%lld / %lld", static_cast<long long>(member_page_ + 1),
                    static_cast<long long>(pages));
        ImGui::SameLine();
        ImGui::BeginDisabled(member_page_ + 1 >= pages);
        if (ImGui::ArrowButton("##next", ImGuiDir_Right)) {
            ++member_page_;
            related_version_ = ~0ull;
        }
        ImGui::EndDisabled();
    }
    for (const auto& m : members_) {
        ImGui::PushID(static_cast<int>(m.id));
        bool ticked = ticked_.count(m.id) > 0;
        if (ImGui::Checkbox("##tick", &ticked))
            tick_member(m.id, ticked);
        ImGui::SameLine();
        if (ImGui::Selectable(("#" + std::to_string(m.id) + "  " + m.name).c_str(), false,
                              ImGuiSelectableFlags_AllowDoubleClick) &&
            ImGui::IsMouseDoubleClicked(0))
            ctx_.nav.open_customer(m.id);
        ImGui::PopID();
    }
}

} // namespace clientele::ui
