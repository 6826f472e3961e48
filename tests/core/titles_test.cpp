// Titles (ps_gender): usage counts, validation, the per-language names, delete only when unused.
#include "core/titles.h"
#include "shop_fixture.h"

using namespace clientele::core;
using namespace clientele::test;

namespace {

void add_customer(Database& db, int id_gender) {
    db.prepare("INSERT INTO ps_customer(id_gender, firstname, lastname, email, date_add, "
               "date_upd) VALUES (?1, 'Ada', 'Lovelace', 'ada@example.com', '2026-01-01', "
               "'2026-01-01')")
        .bind_all(id_gender)
        .run();
}

} // namespace

TEST(Titles, ListCountsCustomersPerTitle) {
    Store store(":memory:");
    Database& db = store.db();
    add_customer(db, 1);
    add_customer(db, 2);
    add_customer(db, 2);
    add_customer(db, 0);
    auto rows = list_titles_with_counts(db, 2);
    ASSERT_EQ(rows.size(), 2u);
    EXPECT_EQ(rows[0].name, "M.");
    EXPECT_EQ(rows[0].type, TitleType::Male);
    EXPECT_EQ(rows[0].customers, 1);
    EXPECT_EQ(rows[1].name, "Mme");
    EXPECT_EQ(rows[1].type, TitleType::Female);
    EXPECT_EQ(rows[1].customers, 2);
}

TEST(Titles, CreateValidatesAndUpdateUndoes) {
    Store store(":memory:");
    Database& db = store.db();
    TitleInput bad;
    bad.names[2] = "Mx {";
    bad.type = static_cast<TitleType>(5);
    auto e = validate_title(db, bad);
    EXPECT_TRUE(has_error(e, "name[1]", "err.required"));
    EXPECT_TRUE(has_error(e, "name[2]", "err.name_invalid"));
    EXPECT_TRUE(has_error(e, "type", "err.title_type"));
    TitleInput longer;
    longer.names[1] = std::string(21, 'x');
    EXPECT_TRUE(has_error(validate_title(db, longer), "name[1]", "err.too_long"));
    EXPECT_THROW(create_title(db, bad), ValidationError);

    TitleInput in;
    in.names[1] = "Mx.";
    in.type = TitleType::Neutral;
    const std::int64_t id = create_title(db, in);
    auto rows = list_titles_with_counts(db, 3);
    ASSERT_EQ(rows.size(), 3u);
    EXPECT_EQ(rows[2].name, "Mx."); // copied to every language
    EXPECT_EQ(rows[2].type, TitleType::Neutral);

    in.names[3] = "Sre.";
    in.type = TitleType::Female;
    update_title(db, id, in);
    EXPECT_EQ(load_title(db, id)->names[3], "Sre.");
    ASSERT_TRUE(audit::undo(db));
    auto back = load_title(db, id);
    ASSERT_TRUE(back);
    EXPECT_EQ(back->names[3], "Mx.");
    EXPECT_EQ(back->type, TitleType::Neutral);
}

TEST(Titles, DeleteOnlyWhenUnused) {
    Store store(":memory:");
    Database& db = store.db();
    add_customer(db, 2);
    add_customer(db, 2);
    add_customer(db, 2);
    try {
        delete_title(db, 2);
        FAIL() << "a title in use was deleted";
    } catch (const ValidationError& e) {
        EXPECT_EQ(e.errors().front().code, "err.title_in_use");
        EXPECT_NE(e.errors().front().message.find("used by 3 customers"), std::string::npos)
            << e.errors().front().message;
    }
    delete_title(db, 1);
    EXPECT_EQ(db.scalar_int("SELECT COUNT(*) FROM ps_gender"), 1);
    EXPECT_EQ(db.scalar_int("SELECT COUNT(*) FROM ps_gender_lang"), 3);
    ASSERT_TRUE(audit::undo(db));
    EXPECT_EQ(list_titles_with_counts(db, 1)[0].name, "Mr.");
    EXPECT_EQ(db.scalar_int("SELECT COUNT(*) FROM ps_gender_lang"), 6);
    EXPECT_THROW(delete_title(db, 42), std::invalid_argument);
}
