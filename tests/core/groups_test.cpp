// Customer groups: member counts, validation of names and reductions, the protected groups,
// delete with its memberships, category reductions, module restrictions, membership commands
// and undo.
#include "core/groups.h"
#include "shop_fixture.h"

#include <string>

using namespace clientele::core;
using namespace clientele::test;

namespace {

// A customer inserted directly (create_customer would hash a password with bcrypt).
std::int64_t add_customer(Database& db, std::int64_t default_group,
                          const std::vector<std::int64_t>& groups) {
    db.prepare("INSERT INTO ps_customer(id_default_group, firstname, lastname, email, date_add, "
               "date_upd) VALUES (?1, 'Ada', 'Lovelace', 'ada@example.com', '2026-01-01', "
               "'2026-01-01')")
        .bind_all(default_group)
        .run();
    const std::int64_t id = db.last_insert_id();
    for (std::int64_t g : groups)
        db.prepare("INSERT INTO ps_customer_group(id_customer, id_group) VALUES (?1, ?2)")
            .bind_all(id, g)
            .run();
    return id;
}

GroupInput input(const std::string& name, double reduction = 0) {
    GroupInput in;
    in.names[1] = name;
    in.reduction = reduction;
    return in;
}

} // namespace

TEST(Groups, ListCountsMembersThroughTheGroupIndex) {
    Store store(":memory:");
    Database& db = store.db();
    add_customer(db, 3, {3});
    add_customer(db, 3, {2, 3});
    add_customer(db, 2, {2});
    auto rows = list_groups_with_counts(db, 2);
    ASSERT_EQ(rows.size(), 3u);
    EXPECT_EQ(rows[0].name, "Visiteur");
    EXPECT_EQ(rows[0].members, 0);
    EXPECT_EQ(rows[1].members, 2);
    EXPECT_EQ(rows[2].name, "Client");
    EXPECT_EQ(rows[2].members, 2);
    EXPECT_EQ(group_member_count(db, 2), 2);
    // The count reads the (id_group, id_customer) index, never the whole membership table.
    const std::string plan =
        text_of(db, "EXPLAIN QUERY PLAN SELECT COUNT(*) FROM ps_customer_group "
                    "cg WHERE cg.id_group = 3");
    EXPECT_NE(plan.find("ps_customer_group_group"), std::string::npos) << plan;
}

TEST(Groups, CreateValidatesNamesReductionAndFillsEveryLanguage) {
    Store store(":memory:");
    Database& db = store.db();
    GroupInput bad;
    bad.names[2] = "Revendeurs";
    bad.names[3] = "Grupo {x}";
    bad.reduction = 100.5;
    auto e = validate_group(db, bad);
    EXPECT_TRUE(has_error(e, "name[1]", "err.required")); // the default language
    EXPECT_TRUE(has_error(e, "name[3]", "err.name_invalid"));
    EXPECT_TRUE(has_error(e, "reduction", "err.percentage"));
    EXPECT_FALSE(has_error(e, "name[2]", "err.name_invalid"));
    EXPECT_TRUE(
        has_error(validate_group(db, input(std::string(33, 'x'))), "name[1]", "err.too_long"));
    EXPECT_TRUE(validate_group(db, input(std::string(32, 'x'))).empty());
    EXPECT_TRUE(has_error(validate_group(db, input("VIP", -1)), "reduction", "err.percentage"));
    EXPECT_THROW(create_group(db, bad), ValidationError);
    EXPECT_EQ(count(db, "SELECT COUNT(*) FROM ps_group"), 3);

    GroupInput in = input("Resellers", 12.5);
    in.names[2] = "Revendeurs";
    in.price_display = PriceDisplay::TaxExcluded;
    in.show_prices = false;
    const std::int64_t id = create_group(db, in);
    // Spanish had no name: it gets the default language's.
    EXPECT_EQ(text_of(db, "SELECT id_lang, name FROM ps_group_lang WHERE id_group = " +
                              std::to_string(id) + " ORDER BY id_lang"),
              "1|Resellers\n2|Revendeurs\n3|Resellers\n");
    auto loaded = load_group(db, id);
    ASSERT_TRUE(loaded);
    EXPECT_DOUBLE_EQ(loaded->reduction, 12.5);
    EXPECT_EQ(loaded->price_display, PriceDisplay::TaxExcluded);
    EXPECT_FALSE(loaded->show_prices);
    // Undo removes the group and its names.
    ASSERT_TRUE(audit::undo(db));
    EXPECT_EQ(count(db, "SELECT COUNT(*) FROM ps_group"), 3);
    EXPECT_EQ(count(db, "SELECT COUNT(*) FROM ps_group_lang"), 9);
}

TEST(Groups, UpdateIsAuditedAndUndoable) {
    Store store(":memory:");
    Database& db = store.db();
    const std::int64_t id = create_group(db, input("Resellers", 5));
    GroupInput in = input("Wholesale", 20);
    in.names[2] = "Grossistes";
    update_group(db, id, in);
    EXPECT_EQ(list_groups_with_counts(db, 2).back().name, "Grossistes");
    EXPECT_DOUBLE_EQ(load_group(db, id)->reduction, 20);
    ASSERT_TRUE(audit::undo(db));
    auto back = load_group(db, id);
    ASSERT_TRUE(back);
    EXPECT_DOUBLE_EQ(back->reduction, 5);
    EXPECT_EQ(back->names[1], "Resellers");
    EXPECT_EQ(back->names[2], "Resellers");
    ASSERT_TRUE(audit::redo(db));
    EXPECT_EQ(load_group(db, id)->names[2], "Grossistes");
    EXPECT_THROW(update_group(db, 999, in), std::invalid_argument);
}

TEST(Groups, DeleteRefusesDefaultGroupsAndAGroupThatIsACustomersDefault) {
    Store store(":memory:");
    Database& db = store.db();
    for (std::int64_t g : {1, 2, 3}) {
        try {
            delete_group(db, g);
            FAIL() << "group " << g << " was deleted";
        } catch (const ValidationError& e) {
            EXPECT_EQ(e.errors().front().code, "err.group_protected");
        }
    }
    const std::int64_t vip = create_group(db, input("VIP"));
    add_customer(db, vip, {vip, 3});
    add_customer(db, vip, {vip});
    try {
        delete_group(db, vip);
        FAIL() << "a default group was deleted";
    } catch (const ValidationError& e) {
        EXPECT_EQ(e.errors().front().code, "err.group_is_default");
        EXPECT_NE(e.errors().front().message.find("default group of 2 customers"),
                  std::string::npos)
            << e.errors().front().message;
    }
    EXPECT_EQ(count(db, "SELECT COUNT(*) FROM ps_group"), 4);
}

TEST(Groups, DeleteRemovesMembershipsAndUndoRestoresThem) {
    Store store(":memory:");
    Database& db = store.db();
    const std::int64_t vip = create_group(db, input("VIP", 10));
    const std::int64_t a = add_customer(db, 3, {3, vip});
    const std::int64_t b = add_customer(db, 3, {3, vip});
    db.exec("INSERT INTO ps_category(id_category) VALUES (7)");
    set_category_reduction(db, vip, 7, 30);
    db.exec("INSERT INTO ps_module(id_module, name) VALUES (1, 'ps_checkpayment')");
    set_allowed_modules(db, vip, {1});
    delete_group(db, vip);
    EXPECT_EQ(count(db, "SELECT COUNT(*) FROM ps_group"), 3);
    EXPECT_EQ(
        count(db, "SELECT COUNT(*) FROM ps_customer_group WHERE id_group = " + std::to_string(vip)),
        0);
    EXPECT_EQ(count(db, "SELECT COUNT(*) FROM ps_group_reduction"), 0);
    EXPECT_EQ(count(db, "SELECT COUNT(*) FROM ps_module_group"), 0);
    EXPECT_EQ(count(db, "SELECT COUNT(*) FROM ps_customer_group"), 2); // Customer group kept
    ASSERT_TRUE(audit::undo(db));
    EXPECT_EQ(group_members(db, vip), (std::vector<std::int64_t>{a, b}));
    EXPECT_DOUBLE_EQ(effective_reduction(db, vip, 7), 30);
    EXPECT_EQ(load_group(db, vip)->names[1], "VIP");
    EXPECT_TRUE(list_module_access(db, vip).front().allowed);
    EXPECT_EQ(count(db, "PRAGMA foreign_key_check"), 0);
}

TEST(Groups, CategoryReductionOverridesTheGroupReduction) {
    Store store(":memory:");
    Database& db = store.db();
    db.exec("INSERT INTO ps_category(id_category) VALUES (2), (3)");
    db.exec("INSERT INTO ps_category_lang VALUES (2, 1, 'Clothes'), (3, 1, 'Art')");
    const std::int64_t g = create_group(db, input("Pros", 5));
    EXPECT_DOUBLE_EQ(effective_reduction(db, g, 2), 5);
    set_category_reduction(db, g, 2, 10);
    set_category_reduction(db, g, 2, 15); // replaces: one per group and category
    EXPECT_EQ(count(db, "SELECT COUNT(*) FROM ps_group_reduction"), 1);
    EXPECT_DOUBLE_EQ(count(db, "SELECT reduction * 100 FROM ps_group_reduction"), 15);
    EXPECT_DOUBLE_EQ(effective_reduction(db, g, 2), 15);
    EXPECT_DOUBLE_EQ(effective_reduction(db, g, 3), 5);
    EXPECT_DOUBLE_EQ(effective_reduction(db, 3, 2), 0); // another group is not affected
    auto list = list_category_reductions(db, g);
    ASSERT_EQ(list.size(), 1u);
    EXPECT_EQ(list[0].category, "Clothes");
    EXPECT_DOUBLE_EQ(list[0].reduction, 15);
    try {
        set_category_reduction(db, g, 99, 101);
        FAIL();
    } catch (const ValidationError& e) {
        EXPECT_TRUE(has_error(e.errors(), "reduction", "err.percentage"));
        EXPECT_TRUE(has_error(e.errors(), "id_category", "err.unknown_category"));
    }
    ASSERT_TRUE(audit::undo(db)); // back to 10 %
    EXPECT_DOUBLE_EQ(effective_reduction(db, g, 2), 10);
    EXPECT_TRUE(remove_category_reduction(db, g, 2));
    EXPECT_FALSE(remove_category_reduction(db, g, 2));
    EXPECT_DOUBLE_EQ(effective_reduction(db, g, 2), 5);
}

TEST(Groups, ModuleRestrictions) {
    Store store(":memory:");
    Database& db = store.db();
    db.exec("INSERT INTO ps_module(id_module, name) VALUES (1, 'ps_wirepayment'), (2, "
            "'ps_checkpayment'), (3, 'ps_cashondelivery')");
    set_allowed_modules(db, 3, {1, 3});
    auto access = list_module_access(db, 3);
    ASSERT_EQ(access.size(), 3u);
    EXPECT_EQ(access[0].name, "ps_cashondelivery");
    EXPECT_TRUE(access[0].allowed);
    EXPECT_FALSE(access[1].allowed); // ps_checkpayment
    EXPECT_TRUE(access[2].allowed);
    EXPECT_FALSE(list_module_access(db, 2)[0].allowed); // per group
    set_allowed_modules(db, 3, {2});
    EXPECT_EQ(text_of(db, "SELECT id_module FROM ps_module_group WHERE id_group = 3"), "2\n");
    EXPECT_THROW(set_allowed_modules(db, 3, {2, 42}), ValidationError);
    ASSERT_TRUE(audit::undo(db));
    EXPECT_EQ(text_of(db, "SELECT id_module FROM ps_module_group WHERE id_group = 3 ORDER BY 1"),
              "1\n3\n");
}

TEST(Groups, AddAndRemoveMembersKeepTheDefaultGroup) {
    Store store(":memory:");
    Database& db = store.db();
    const std::int64_t vip = create_group(db, input("VIP"));
    const std::int64_t a = add_customer(db, 3, {3});
    const std::int64_t b = add_customer(db, vip, {vip});
    EXPECT_EQ(add_members(db, vip, {a, b}).changed, 1);
    EXPECT_EQ(group_member_count(db, vip), 2);
    EXPECT_EQ(remove_members(db, vip, {a, b}).changed, 1); // b's default group stays
    EXPECT_EQ(group_members(db, vip), (std::vector<std::int64_t>{b}));
}

TEST(Groups, MoveAllMembersChangesDefaultGroupsAndUndoes) {
    Store store(":memory:");
    Database& db = store.db();
    const std::int64_t from = create_group(db, input("Old"));
    const std::int64_t to = create_group(db, input("New"));
    const std::int64_t a = add_customer(db, from, {from});     // default is the source
    const std::int64_t b = add_customer(db, 3, {3, from});     // member only
    const std::int64_t c = add_customer(db, 3, {3});           // not a member
    const std::int64_t d = add_customer(db, from, {from, to}); // already in the target
    const std::string before = text_of(db, "SELECT id_customer, id_group FROM ps_customer_group "
                                           "ORDER BY 1, 2") +
                               text_of(db, "SELECT id_customer, id_default_group FROM ps_customer");
    EXPECT_EQ(move_members(db, from, to).changed, 3);
    EXPECT_EQ(group_member_count(db, from), 0);
    EXPECT_EQ(group_members(db, to), (std::vector<std::int64_t>{a, b, d}));
    EXPECT_EQ(text_of(db, "SELECT id_customer, id_default_group FROM ps_customer ORDER BY 1"),
              std::to_string(a) + "|" + std::to_string(to) + "\n" + std::to_string(b) + "|3\n" +
                  std::to_string(c) + "|3\n" + std::to_string(d) + "|" + std::to_string(to) + "\n");
    // Every customer's default group is one of their groups.
    EXPECT_EQ(count(db, "SELECT COUNT(*) FROM ps_customer c WHERE NOT EXISTS (SELECT 1 FROM "
                        "ps_customer_group cg WHERE cg.id_customer = c.id_customer AND "
                        "cg.id_group = c.id_default_group)"),
              0);
    ASSERT_TRUE(audit::undo(db));
    EXPECT_EQ(text_of(db, "SELECT id_customer, id_group FROM ps_customer_group ORDER BY 1, 2") +
                  text_of(db, "SELECT id_customer, id_default_group FROM ps_customer"),
              before);
    EXPECT_THROW(move_members(db, from, from), std::invalid_argument);
    EXPECT_THROW(move_members(db, from, 99), std::invalid_argument);
}

TEST(Groups, MoveSelectedMembersOnly) {
    Store store(":memory:");
    Database& db = store.db();
    const std::int64_t from = create_group(db, input("Old"));
    const std::int64_t a = add_customer(db, from, {from});
    const std::int64_t b = add_customer(db, from, {from});
    const std::int64_t c = add_customer(db, 3, {3});
    EXPECT_EQ(move_members(db, from, 3, {a, c}).changed, 1); // c is not a member of `from`
    EXPECT_EQ(group_members(db, from), (std::vector<std::int64_t>{b}));
    EXPECT_EQ(group_members(db, 3), (std::vector<std::int64_t>{a, c}));
    EXPECT_EQ(count(db, "SELECT id_default_group FROM ps_customer WHERE id_customer = " +
                            std::to_string(a)),
              3);
}
