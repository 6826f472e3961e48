// Headless UI tests of the rest of the Customers menu: titles, contacts, groups (category
// reductions, members, moves) and addresses (grid, form, required fields), driven through the
// views' commands and, where it matters, through clicks on the real widgets.
#include "ui_harness.h"

#include "core/addresses.h"
#include "core/db.h"
#include "core/demo.h"
#include "ui/views/address_form_view.h"
#include "ui/views/addresses_view.h"
#include "ui/views/contacts_view.h"
#include "ui/views/groups_view.h"
#include "ui/views/titles_view.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <algorithm>

using clientele::test::UiHarness;
using namespace clientele;
using nlohmann::json;

namespace {

struct MenuScreens : clientele::test::DemoUi {
    bool shown(ui::RecordsView& v, std::int64_t id) {
        auto ids = v.shown_ids();
        return std::find(ids.begin(), ids.end(), id) != ids.end();
    }
};

bool has_error(const std::vector<core::FieldError>& errors, const std::string& field) {
    return std::any_of(errors.begin(), errors.end(),
                       [&](const core::FieldError& e) { return e.field == field; });
}

} // namespace

TEST(UiCustomersMenu, EveryScreenIsInTheSidebar) {
    MenuScreens m;
    for (const char* id : {"addresses", "groups", "titles", "contacts"}) {
        ASSERT_TRUE(m.h.click(std::string("nav.") + id)) << id;
        EXPECT_EQ(m.state()["view"], id);
    }
}

TEST(UiCustomersMenu, TitlesCreateValidateDeleteOnlyWhenUnusedAndUndo) {
    MenuScreens m;
    auto& titles = m.view<ui::TitlesView>("titles");
    const std::int64_t before = m.count("SELECT COUNT(*) FROM ps_gender");

    // Clicking a row opens it in the editor.
    ASSERT_TRUE(m.h.click("titles.row.1"));
    EXPECT_EQ(titles.selected(), 1);
    // Mr. is used by customers: Delete says how many, and the core refuses anyway.
    const std::int64_t used = m.count("SELECT COUNT(*) FROM ps_customer WHERE id_gender = 1");
    ASSERT_GT(used, 0);
    EXPECT_FALSE(titles.remove());
    EXPECT_FALSE(titles.message().empty());
    EXPECT_EQ(m.count("SELECT COUNT(*) FROM ps_gender"), before);

    ASSERT_TRUE(m.h.click("titles.new"));
    EXPECT_EQ(titles.selected(), 0);
    titles.input().names[1] = "Dr<";
    titles.input_edited();
    EXPECT_TRUE(has_error(titles.errors(), "name[1]"));
    EXPECT_EQ(titles.save(), 0);
    titles.input().names[1] = "Dr.";
    titles.input().names[2] = "Docteur";
    titles.input().type = core::TitleType::Neutral;
    titles.input_edited();
    EXPECT_TRUE(titles.errors().empty());
    const std::int64_t id = titles.save();
    ASSERT_GT(id, 0);
    EXPECT_EQ(m.count("SELECT COUNT(*) FROM ps_gender"), before + 1);
    titles.set_search("dr.");
    EXPECT_EQ(titles.shown_ids(), std::vector<std::int64_t>{id});

    // Unused: it goes, and undo brings it back.
    EXPECT_TRUE(titles.remove());
    EXPECT_EQ(m.count("SELECT COUNT(*) FROM ps_gender"), before);
    m.h.app->undo();
    EXPECT_EQ(m.count("SELECT COUNT(*) FROM ps_gender"), before + 1);
    m.h.frame(2);
    EXPECT_TRUE(m.shown(titles, id));
}

TEST(UiCustomersMenu, ContactsValidateTheirEmailAndListByColumnFilter) {
    MenuScreens m;
    auto& contacts = m.view<ui::ContactsView>("contacts");
    contacts.select(0);
    contacts.input().names[1] = "Returns desk";
    contacts.input().email = "returns@";
    contacts.input().customer_service = true;
    contacts.input_edited();
    EXPECT_TRUE(has_error(contacts.errors(), "email"));
    EXPECT_EQ(contacts.save(), 0);
    contacts.input().email = "returns@shop.example";
    contacts.input_edited();
    const std::int64_t id = contacts.save();
    ASSERT_GT(id, 0);
    EXPECT_EQ(
        m.count("SELECT customer_service FROM ps_contact WHERE id_contact = " + std::to_string(id)),
        1);
    contacts.set_column_filter(2, "returns@");
    EXPECT_EQ(contacts.shown_ids(), std::vector<std::int64_t>{id});
    json s = m.state();
    EXPECT_EQ(s["contacts"]["shown"].size(), 1u);
    EXPECT_EQ(s["contacts"]["selected"], id);
}

TEST(UiCustomersMenu, GroupsReductionsMembersAndMoves) {
    MenuScreens m;
    auto& groups = m.view<ui::GroupsView>("groups");
    // Default groups cannot go.
    groups.select(core::kCustomerGroup);
    EXPECT_FALSE(groups.remove());
    EXPECT_FALSE(groups.message().empty());

    groups.select(0);
    groups.input().names[1] = "Gold";
    groups.set_reduction_text("150");
    EXPECT_TRUE(has_error(groups.errors(), "reduction"));
    groups.set_reduction_text("abc");
    EXPECT_TRUE(has_error(groups.errors(), "reduction"));
    groups.set_reduction_text("12.5");
    EXPECT_TRUE(groups.errors().empty());
    const std::int64_t gold = groups.save();
    ASSERT_GT(gold, 0);
    EXPECT_EQ(
        m.count("SELECT reduction * 10 FROM ps_group WHERE id_group = " + std::to_string(gold)),
        125);
    m.h.frame(2); // draws the related sections of the saved group

    // A category reduction overrides the group's.
    const std::int64_t category = m.count("SELECT MIN(id_category) FROM ps_category");
    EXPECT_FALSE(groups.add_category_reduction(category, "x"));
    ASSERT_TRUE(groups.add_category_reduction(category, "20"));
    EXPECT_DOUBLE_EQ(core::effective_reduction(m.h.store.db(), gold, category), 20.0);

    // Members by id and by e-mail; an unknown one is refused with a message.
    const std::string email = m.text("SELECT email FROM ps_customer WHERE id_customer = 5");
    EXPECT_TRUE(groups.add_member("4"));
    EXPECT_TRUE(groups.add_member(email));
    EXPECT_FALSE(groups.add_member("nobody@nowhere.example"));
    EXPECT_FALSE(groups.member_message().empty());
    EXPECT_EQ(core::group_member_count(m.h.store.db(), gold), 2);

    // Move the ticked member to VIP, then all of the rest.
    const std::int64_t vip = m.count("SELECT id_group FROM ps_group_lang WHERE name = 'VIP' "
                                     "AND id_lang = 1");
    groups.tick_member(4, true);
    groups.move_members(vip, false);
    EXPECT_EQ(core::group_member_count(m.h.store.db(), gold), 1);
    groups.move_members(vip, true);
    EXPECT_EQ(core::group_member_count(m.h.store.db(), gold), 0);
    EXPECT_EQ(m.count("SELECT COUNT(*) FROM ps_customer_group WHERE id_group = " +
                      std::to_string(vip) + " AND id_customer IN (4, 5)"),
              2);
    // The list shows the new group with its count; it can go now.
    m.h.frame(2);
    EXPECT_TRUE(groups.remove());
    EXPECT_EQ(m.count("SELECT COUNT(*) FROM ps_group WHERE id_group = " + std::to_string(gold)), 0);
}

TEST(UiCustomersMenu, AddressesGridFormAndRequiredFields) {
    MenuScreens m;
    auto& addresses = m.view<ui::AddressesView>("addresses");
    const std::int64_t live =
        m.count("SELECT COUNT(*) FROM ps_address WHERE deleted = 0 AND id_customer > 0");
    EXPECT_EQ(addresses.total(), live);
    ASSERT_NE(addresses.row_at(0), nullptr);
    const core::AddressRow first = *addresses.row_at(0); // the row pointer lives until a requery
    addresses.set_filter(core::AddressColumn::City, first.city);
    EXPECT_GE(addresses.total(), 1);
    EXPECT_LT(addresses.total(), live);
    addresses.set_filter(core::AddressColumn::City, "");

    // Make the phone required: a new address without one is refused under that field.
    addresses.set_required_fields({"phone"});
    EXPECT_EQ(core::required_address_fields(m.h.store.db()), std::set<std::string>{"phone"});
    const auto model = core::load_address(m.h.store.db(), first.id);
    ASSERT_TRUE(model.has_value());
    ui::AddressFormView form(m.h.app->context_for_tests(), 0, 0);
    form.set_field("customer", m.text("SELECT email FROM ps_customer WHERE id_customer = " +
                                      std::to_string(model->id_customer)));
    form.set_country(model->id_country);
    if (model->id_state)
        form.set_state(model->id_state);
    form.set_field("alias", "Office");
    form.set_field("firstname", model->firstname);
    form.set_field("lastname", model->lastname);
    form.set_field("address1", "1 Test Street");
    form.set_field("postcode", model->postcode);
    form.set_field("city", model->city);
    EXPECT_TRUE(has_error(form.errors(), "phone"));
    EXPECT_EQ(form.save(), 0);
    form.set_field("postcode", "!!");
    EXPECT_TRUE(has_error(form.errors(), "postcode"));
    form.set_field("postcode", model->postcode);
    form.set_field("phone", "+33 1 23 45 67 89");
    EXPECT_TRUE(form.errors().empty()) << form.state_json();
    const std::int64_t id = form.save();
    ASSERT_GT(id, 0);
    m.h.frame(2);
    EXPECT_EQ(addresses.total(), live + 1);
    EXPECT_EQ(
        m.count("SELECT id_customer FROM ps_address WHERE id_address = " + std::to_string(id)),
        model->id_customer);
    EXPECT_TRUE(form.remove());
    m.h.frame(2);
    EXPECT_EQ(addresses.total(), live);

    // The toolbar's "New address" opens the form window.
    ASSERT_TRUE(m.h.click("addresses.new"));
    m.h.frame(2);
    json s = m.state();
    ASSERT_EQ(s["windows"].size(), 1u);
    EXPECT_EQ(s["windows"][0].get<std::string>().rfind("address.new", 0), 0u);
}
