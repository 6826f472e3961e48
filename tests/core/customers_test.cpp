// Customer commands: validation, e-mail uniqueness, password hashing, delete modes, bulk
// commands, the audit log and undo/redo.
#include "core/customers.h"
#include "core/jobs.h"
#include "core/password.h"
#include "core/random.h"
#include "shop_fixture.h"

#include <set>

using namespace clientele::core;
using namespace clientele::test;

namespace {

CustomerInput valid_input(const std::string& email = "marie.curie@example.fr") {
    CustomerInput in;
    in.id_gender = 2;
    in.firstname = "Marie";
    in.lastname = "Skłodowska-Curie";
    in.email = email;
    in.password = "radium1867";
    in.birthday = "1967-11-07";
    in.groups = {3};
    in.id_default_group = 3;
    return in;
}

} // namespace

TEST(Customers, CreateStoresOnlyABcryptHashAndAuditsIt) {
    Store store(":memory:");
    Database& db = store.db();
    std::int64_t id = create_customer(db, valid_input(), "2026-11-23");
    Statement st = db.prepare("SELECT passwd, secure_key FROM ps_customer WHERE id_customer = ?1");
    st.bind(1, id);
    ASSERT_TRUE(st.step());
    EXPECT_EQ(st.text(0).rfind("$2y$", 0), 0u);
    EXPECT_TRUE(password::verify("radium1867", st.text(0)));
    EXPECT_EQ(st.text(1).size(), 32u);
    EXPECT_EQ(count(db, "SELECT COUNT(*) FROM cl_audit WHERE old_values LIKE '%radium%' OR "
                        "new_values LIKE '%radium%'"),
              0);
    EXPECT_EQ(count(db, "SELECT COUNT(*) FROM cl_audit WHERE new_values LIKE '%$2y$%'"), 0);
    auto timeline = audit::entries_for_customer(db, id);
    ASSERT_FALSE(timeline.empty());
    EXPECT_EQ(timeline.back().action, "create");
    EXPECT_EQ(count(db, "SELECT COUNT(*) FROM ps_customer_group WHERE id_group = 3"), 1);
}

// Secure keys: 32 lowercase hex digits, a new one each time, every digit used.
TEST(Customers, SecureKeysAreRandomHex) {
    std::set<std::string> keys;
    std::set<char> digits;
    for (int i = 0; i < 1000; ++i) {
        const std::string k = secure_key();
        ASSERT_EQ(k.size(), 32u);
        for (char c : k) {
            ASSERT_TRUE((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f')) << k;
            digits.insert(c);
        }
        keys.insert(k);
    }
    EXPECT_EQ(keys.size(), 1000u);
    EXPECT_EQ(digits.size(), 16u);
}

TEST(Customers, ValidationReportsEveryFieldWithReason) {
    Store store(":memory:");
    CustomerInput in = valid_input("not-an-email");
    in.firstname = "R2D2";
    in.lastname = "";
    in.password = "abc";
    in.birthday = "2030-01-01";
    in.groups = {1};
    in.id_default_group = 3;
    in.siret = "12345678901234";
    in.ape = "62";
    ValidateOptions o;
    o.today = "2026-11-23";
    auto errors = validate_customer(store.db(), in, o);
    EXPECT_TRUE(has_error(errors, "email", "err.email_invalid"));
    EXPECT_TRUE(has_error(errors, "firstname", "err.name_invalid"));
    EXPECT_TRUE(has_error(errors, "lastname", "err.required"));
    EXPECT_TRUE(has_error(errors, "password", "err.password_short"));
    EXPECT_TRUE(has_error(errors, "birthday", "err.birthday_invalid"));
    EXPECT_TRUE(has_error(errors, "id_default_group", "err.default_group_not_member"));
    EXPECT_TRUE(has_error(errors, "siret", "err.siret_invalid"));
    EXPECT_TRUE(has_error(errors, "ape", "err.ape_invalid"));
    EXPECT_THROW(create_customer(store.db(), in), ValidationError);
    EXPECT_EQ(count(store.db(), "SELECT COUNT(*) FROM ps_customer"), 0);
}

TEST(Customers, EmailUniqueAmongAccountsButGuestsMayShare) {
    Store store(":memory:");
    Database& db = store.db();
    create_customer(db, valid_input("dup@example.com"));
    CustomerInput again = valid_input("DUP@example.com");
    try {
        create_customer(db, again);
        FAIL() << "duplicate e-mail accepted";
    } catch (const ValidationError& e) {
        EXPECT_TRUE(has_error(e.errors(), "email", "err.email_taken"));
    }
    CustomerInput guest = valid_input("dup@example.com");
    guest.is_guest = true;
    guest.password.reset();
    guest.groups = {2};
    guest.id_default_group = 2;
    std::int64_t g1 = create_customer(db, guest);
    std::int64_t g2 = create_customer(db, guest);
    EXPECT_NE(g1, g2);
    // A guest cannot become a customer while the e-mail has an account.
    EXPECT_THROW(convert_guest(db, g1, "secret123"), ValidationError);
}

TEST(Customers, GuestConversionNeedsPasswordAndJoinsCustomerGroup) {
    Store store(":memory:");
    Database& db = store.db();
    CustomerInput guest = valid_input("guest@example.com");
    guest.is_guest = true;
    guest.password.reset();
    guest.groups = {2};
    guest.id_default_group = 2;
    std::int64_t id = create_customer(db, guest);
    EXPECT_THROW(convert_guest(db, id, "abc"), ValidationError);
    convert_guest(db, id, "longenough");
    auto in = load_customer_input(db, id);
    ASSERT_TRUE(in);
    EXPECT_FALSE(in->is_guest);
    EXPECT_EQ(in->id_default_group, 3);
    Statement st = db.prepare("SELECT passwd FROM ps_customer WHERE id_customer = ?1");
    st.bind(1, id);
    ASSERT_TRUE(st.step());
    EXPECT_TRUE(password::verify("longenough", st.text(0)));
}

TEST(Customers, UpdateUndoRedo) {
    Store store(":memory:");
    Database& db = store.db();
    std::int64_t id = create_customer(db, valid_input());
    CustomerInput in = *load_customer_input(db, id);
    in.firstname = "Maria";
    in.groups = {3, 1};
    update_customer(db, id, in);
    EXPECT_EQ(load_customer_input(db, id)->firstname, "Maria");
    EXPECT_EQ(load_customer_input(db, id)->groups.size(), 2u);
    ASSERT_TRUE(audit::undo(db));
    EXPECT_EQ(load_customer_input(db, id)->firstname, "Marie");
    EXPECT_EQ(load_customer_input(db, id)->groups.size(), 1u);
    ASSERT_TRUE(audit::redo(db));
    EXPECT_EQ(load_customer_input(db, id)->firstname, "Maria");
    EXPECT_FALSE(audit::can_redo(db));
    // Undo the edit, then the creation: the customer is gone; a new change drops the redo.
    audit::undo(db);
    audit::undo(db);
    EXPECT_FALSE(load_customer_input(db, id));
    create_customer(db, valid_input("other@example.com"));
    EXPECT_FALSE(audit::can_redo(db));
}

TEST(Customers, DeleteAllowingReregistrationKeepsOrdersOnAnonymous) {
    Store store(":memory:");
    Database& db = store.db();
    std::int64_t id = create_customer(db, valid_input("leave@example.com"));
    add_order(db, id, 120.0);
    auto r = delete_customers(db, {id}, DeleteMode::AllowReregistration);
    EXPECT_EQ(r.changed, 1);
    EXPECT_FALSE(load_customer_input(db, id));
    std::int64_t anon = anonymous_customer(db);
    EXPECT_EQ(
        count(db, "SELECT COUNT(*) FROM ps_orders WHERE id_customer = " + std::to_string(anon)), 1);
    EXPECT_EQ(count(db, "SELECT COUNT(*) FROM pragma_foreign_key_check"), 0);
    // The e-mail may register again.
    EXPECT_NO_THROW(create_customer(db, valid_input("leave@example.com")));
    // Undo the new account, then the delete: the first account is back with its order.
    audit::undo(db);
    audit::undo(db);
    ASSERT_TRUE(load_customer_input(db, id));
    EXPECT_EQ(count(db, "SELECT COUNT(*) FROM ps_orders WHERE id_customer = " + std::to_string(id)),
              1);
    EXPECT_EQ(count(db, "SELECT valid_orders FROM cl_customer_stats WHERE id_customer = " +
                            std::to_string(id)),
              1);
}

TEST(Customers, DeleteKeepingDataBlocksTheEmail) {
    Store store(":memory:");
    Database& db = store.db();
    std::int64_t id = create_customer(db, valid_input("stay@example.com"));
    delete_customers(db, {id}, DeleteMode::KeepDataBlockEmail);
    EXPECT_EQ(
        count(db, "SELECT deleted FROM ps_customer WHERE id_customer = " + std::to_string(id)), 1);
    try {
        create_customer(db, valid_input("stay@example.com"));
        FAIL() << "blocked e-mail accepted";
    } catch (const ValidationError& e) {
        EXPECT_TRUE(has_error(e.errors(), "email", "err.email_blocked"));
    }
    audit::undo(db);
    EXPECT_EQ(
        count(db, "SELECT deleted FROM ps_customer WHERE id_customer = " + std::to_string(id)), 0);
    EXPECT_EQ(count(db, "SELECT COUNT(*) FROM cl_blocked_email"), 0);
}

TEST(Customers, BulkFlagsAndGroupsAreOneUndoableBatch) {
    Store store(":memory:");
    Database& db = store.db();
    std::vector<std::int64_t> ids;
    for (int i = 0; i < 5; ++i)
        ids.push_back(create_customer(db, valid_input("b" + std::to_string(i) + "@example.com")));
    EXPECT_EQ(set_flag(db, ids, Flag::Newsletter, true).changed, 5);
    EXPECT_EQ(count(db, "SELECT COUNT(*) FROM ps_customer WHERE newsletter = 1 AND "
                        "newsletter_date_add IS NOT NULL"),
              5);
    EXPECT_EQ(set_flag(db, ids, Flag::Newsletter, true).changed, 0); // already set
    audit::undo(db); // the no-op batch has no rows: undo reverts the subscription
    EXPECT_EQ(count(db, "SELECT COUNT(*) FROM ps_customer WHERE newsletter = 1"), 0);

    EXPECT_EQ(add_to_group(db, ids, 1).changed, 5);
    EXPECT_EQ(remove_from_group(db, ids, 3).changed, 0) << "the default group stays";
    EXPECT_EQ(set_default_group(db, ids, 1).changed, 5);
    EXPECT_EQ(remove_from_group(db, ids, 3).changed, 5);
    audit::undo(db);
    EXPECT_EQ(count(db, "SELECT COUNT(*) FROM ps_customer_group WHERE id_group = 3"), 5);
    EXPECT_THROW(add_to_group(db, ids, 999), std::invalid_argument);
}

TEST(Customers, NoteIsSavedAndAudited) {
    Store store(":memory:");
    Database& db = store.db();
    std::int64_t id = create_customer(db, valid_input());
    set_note(db, id, "Prefers delivery after 18:00 — appelle avant");
    EXPECT_EQ(load_customer_input(db, id)->note, "Prefers delivery after 18:00 — appelle avant");
    EXPECT_EQ(audit::entries_for_customer(db, id).front().summary, "private note edited");
}

TEST(Customers, BulkJobRunsInStepsAndCancelRestoresEverything) {
    Store store(":memory:");
    Database& db = store.db();
    std::vector<std::int64_t> ids;
    for (int i = 0; i < 3; ++i)
        ids.push_back(create_customer(db, valid_input("job" + std::to_string(i) + "@example.com")));
    // Many ids (unknown ones are skipped) so the job needs several steps.
    std::vector<std::int64_t> many(ids);
    for (int i = 0; i < 5000; ++i)
        many.push_back(100000 + i);
    BulkCustomersJob cancelled(db, {BulkKind::Disable, 0}, many);
    cancelled.step(std::chrono::milliseconds(0));
    EXPECT_FALSE(cancelled.finished());
    EXPECT_GT(cancelled.done(), 0);
    cancelled.cancel();
    EXPECT_TRUE(cancelled.cancelled());
    EXPECT_EQ(count(db, "SELECT COUNT(*) FROM ps_customer WHERE active = 0"), 0);
    EXPECT_FALSE(db.in_transaction());

    BulkCustomersJob job(db, {BulkKind::Disable, 0}, many);
    int steps = 0;
    while (!job.step(std::chrono::milliseconds(0)))
        ++steps;
    EXPECT_GT(steps, 1);
    EXPECT_EQ(job.result().changed, 3);
    EXPECT_EQ(count(db, "SELECT COUNT(*) FROM ps_customer WHERE active = 0"), 3);
    ASSERT_TRUE(audit::undo(db)); // one batch for the whole job
    EXPECT_EQ(count(db, "SELECT COUNT(*) FROM ps_customer WHERE active = 0"), 0);
}
