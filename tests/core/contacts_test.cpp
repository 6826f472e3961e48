// Contacts (ps_contact): list, validation, per-language names and descriptions, delete refused
// while customer threads use the contact.
#include "core/contacts.h"
#include "shop_fixture.h"

using namespace clientele::core;
using namespace clientele::test;

namespace {

void add_thread(Database& db, std::int64_t id_contact) {
    db.prepare("INSERT INTO ps_customer_thread(id_contact, email, date_add, date_upd) VALUES "
               "(?1, 'someone@example.com', '2026-01-01', '2026-01-01')")
        .bind_all(id_contact)
        .run();
}

} // namespace

TEST(Contacts, ListShowsNamesInTheLanguageAndThreadCounts) {
    Store store(":memory:");
    Database& db = store.db();
    add_thread(db, 2);
    add_thread(db, 2);
    auto rows = list_contacts(db, 2);
    ASSERT_EQ(rows.size(), 2u);
    EXPECT_EQ(rows[0].name, "Webmaster");
    EXPECT_EQ(rows[1].name, "Service client");
    EXPECT_EQ(rows[1].description, "Pour toute question sur un produit, une commande");
    EXPECT_EQ(rows[1].email, "admin@example.com");
    EXPECT_TRUE(rows[1].customer_service);
    EXPECT_EQ(rows[0].threads, 0);
    EXPECT_EQ(rows[1].threads, 2);
}

TEST(Contacts, CreateValidatesAndUpdateUndoes) {
    Store store(":memory:");
    Database& db = store.db();
    ContactInput bad;
    bad.names[2] = "Ventes";
    bad.email = "sales@";
    bad.descriptions[1] = "Hello <script>alert(1)</script>";
    bad.descriptions[2] = "<img src=x onerror = alert(1)>";
    auto e = validate_contact(db, bad);
    EXPECT_TRUE(has_error(e, "name[1]", "err.required"));
    EXPECT_TRUE(has_error(e, "email", "err.email_invalid"));
    EXPECT_TRUE(has_error(e, "description[1]", "err.description_invalid"));
    EXPECT_TRUE(has_error(e, "description[2]", "err.description_invalid"));
    EXPECT_FALSE(has_error(e, "name[2]", "err.name_invalid"));
    EXPECT_THROW(create_contact(db, bad), ValidationError);

    ContactInput in;
    in.names[1] = "Sales";
    in.names[2] = "Ventes";
    in.descriptions[1] = "Quotes and <b>volume</b> orders";
    in.email = "sales@example.com";
    in.customer_service = true;
    const std::int64_t id = create_contact(db, in);
    auto rows = list_contacts(db, 3);
    ASSERT_EQ(rows.size(), 3u);
    EXPECT_EQ(rows[2].id, id);
    EXPECT_EQ(rows[2].name, "Sales"); // Spanish falls back to the default language
    EXPECT_EQ(rows[2].description, "Quotes and <b>volume</b> orders");
    EXPECT_EQ(rows[2].position, 2);

    in.email = "";
    in.customer_service = false;
    in.names[3] = "Ventas";
    update_contact(db, id, in);
    auto edited = load_contact(db, id);
    ASSERT_TRUE(edited);
    EXPECT_EQ(edited->email, "");
    EXPECT_FALSE(edited->customer_service);
    EXPECT_EQ(edited->names[3], "Ventas");
    ASSERT_TRUE(audit::undo(db));
    auto back = load_contact(db, id);
    EXPECT_EQ(back->email, "sales@example.com");
    EXPECT_TRUE(back->customer_service);
    EXPECT_EQ(back->names[3], "Sales");
}

TEST(Contacts, DeleteRefusedWhileThreadsUseIt) {
    Store store(":memory:");
    Database& db = store.db();
    add_thread(db, 1);
    try {
        delete_contact(db, 1);
        FAIL() << "a contact in use was deleted";
    } catch (const ValidationError& e) {
        EXPECT_EQ(e.errors().front().code, "err.contact_in_use");
        EXPECT_NE(e.errors().front().message.find("used by 1 customer thread"), std::string::npos);
    }
    delete_contact(db, 2);
    EXPECT_EQ(db.scalar_int("SELECT COUNT(*) FROM ps_contact"), 1);
    EXPECT_EQ(db.scalar_int("SELECT COUNT(*) FROM ps_contact_lang"), 3);
    ASSERT_TRUE(audit::undo(db));
    EXPECT_EQ(list_contacts(db, 1)[1].name, "Customer service");
    EXPECT_THROW(delete_contact(db, 42), std::invalid_argument);
}
