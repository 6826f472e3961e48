// Customers > Groups: the groups with their reduction, price display and member count; create
// and edit (name per language, reduction %, price display, show prices); the three default
// groups cannot be deleted. For a saved group: category reductions (they override the group's
// reduction for that category), module restrictions, and the members (a page at a time; add by
// id or e-mail, remove, move all or the ticked ones to another group).
#pragma once

#include "core/groups.h"
#include "ui/views/records_view.h"

#include <set>

namespace clientele::ui {

class GroupsView : public RecordsView {
public:
    using RecordsView::RecordsView;
    const char* id() const override { return "groups"; }
    const char* title_key() const override { return "nav.groups"; }
    core::GroupInput& input() { return input_; }
    void set_reduction_text(const std::string& text);

    // Related records, as the buttons do them (for tests).
    bool add_category_reduction(std::int64_t id_category, const std::string& percent);
    void toggle_module(std::int64_t id_module, bool allowed);
    // An id or an e-mail; false (member_message() says why) when no customer matches.
    bool add_member(const std::string& id_or_email);
    // Ticked members (all members when `all`) go to group `to`.
    void move_members(std::int64_t to, bool all);
    void tick_member(std::int64_t id_customer, bool ticked);
    const std::string& member_message() const { return member_message_; }
    // The list's state plus the selected group's member count.
    std::string state_json() override;

protected:
    std::vector<Column> columns() const override;
    std::vector<Row> load_rows() override;
    void load_input(std::int64_t id) override;
    std::vector<core::FieldError> validate() override;
    std::int64_t write(std::int64_t id) override;
    void erase(std::int64_t id) override;
    void draw_fields() override;
    void draw_related(std::int64_t id) override;
    std::string delete_blocker(std::int64_t id) override;
    const char* new_key() const override { return "groups.new"; }
    const char* record_key() const override { return "groups.record"; }

private:
    void draw_category_reductions(std::int64_t id);
    void draw_modules(std::int64_t id);
    void draw_members(std::int64_t id);
    void load_related(std::int64_t id);

    core::GroupInput input_;
    std::string reduction_text_ = "0";
    bool reduction_valid_ = true;
    // Related records of the selected group, reloaded when the data changes.
    std::int64_t related_id_ = 0;
    std::uint64_t related_version_ = ~0ull;
    std::vector<core::CategoryReduction> reductions_;
    std::vector<core::NamedId> categories_;
    std::int64_t new_category_ = 0;
    std::string new_category_percent_;
    std::string reduction_error_;
    std::vector<core::ModuleAccess> modules_;
    std::vector<core::NamedId> groups_;
    std::int64_t member_count_ = 0;
    std::int64_t member_page_ = 0;
    std::vector<core::NamedId> members_;
    std::set<std::int64_t> ticked_;
    std::string member_input_;
    std::string member_message_;
    std::int64_t move_to_ = 0;
    static constexpr std::int64_t kMembersPerPage = 100;
};

} // namespace clientele::ui
