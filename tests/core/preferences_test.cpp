// Customer preferences: PrestaShop's keys read with defaults, validated, saved as one undoable
// batch of only the keys that changed, and B2B mode on its own.
#include "core/preferences.h"

#include "shop_fixture.h"

using namespace clientele::core;
using clientele::test::has_error;

TEST(Preferences, ReadsTheSeededKeys) {
    Store store(":memory:");
    CustomerPreferences p = load_preferences(store.db());
    EXPECT_EQ(p.registration, RegistrationProcess::AccountOnly);
    EXPECT_FALSE(p.cart_following);
    EXPECT_TRUE(p.welcome_email);
    EXPECT_EQ(p.password_delay, 360);
    EXPECT_TRUE(p.b2b);
    EXPECT_TRUE(p.birthdate);
    EXPECT_TRUE(p.optin);
    EXPECT_EQ(p.abandoned_cart_hours, 24);
}

TEST(Preferences, UnreadableValuesFallBackToDefaults) {
    Store store(":memory:");
    store.db().exec(
        "UPDATE ps_configuration SET value = 'soon' WHERE name = 'PS_PASSWD_TIME_FRONT'");
    store.db().exec(
        "UPDATE ps_configuration SET value = '-5' WHERE name = 'PS_ABANDONED_CART_HOURS'");
    store.db().exec("DELETE FROM ps_configuration WHERE name = 'PS_B2B_ENABLE'");
    CustomerPreferences p = load_preferences(store.db());
    EXPECT_EQ(p.password_delay, 360);
    EXPECT_EQ(p.abandoned_cart_hours, 24);
    EXPECT_FALSE(p.b2b);
    EXPECT_FALSE(b2b_mode(store.db()));
}

TEST(Preferences, Validation) {
    CustomerPreferences p;
    p.password_delay = -1;
    p.abandoned_cart_hours = kAbandonedHoursMax + 1;
    p.registration = static_cast<RegistrationProcess>(7);
    auto e = validate_preferences(p);
    EXPECT_TRUE(has_error(e, "password_delay", "err.negative"));
    EXPECT_TRUE(has_error(e, "abandoned_cart_hours", "err.too_big"));
    EXPECT_TRUE(has_error(e, "registration", "err.registration"));
    Store store(":memory:");
    EXPECT_THROW(save_preferences(store.db(), p), ValidationError);
    EXPECT_EQ(load_preferences(store.db()).password_delay, 360);
    p = CustomerPreferences{};
    p.password_delay = 0;
    p.abandoned_cart_hours = 0;
    EXPECT_TRUE(validate_preferences(p).empty());
}

TEST(Preferences, SavesOnlyChangedKeysInOneUndoableBatch) {
    Store store(":memory:");
    Database& db = store.db();
    CustomerPreferences p = load_preferences(db);
    EXPECT_EQ(save_preferences(db, p), 0); // nothing changed: no batch
    EXPECT_FALSE(audit::can_undo(db));
    p.registration = RegistrationProcess::Standard;
    p.b2b = false;
    p.password_delay = 15;
    p.abandoned_cart_hours = 48;
    EXPECT_EQ(save_preferences(db, p), 4);
    EXPECT_EQ(store.setting("PS_REGISTRATION_PROCESS_TYPE"), "1");
    EXPECT_EQ(store.setting("PS_B2B_ENABLE"), "0");
    EXPECT_EQ(store.setting("PS_PASSWD_TIME_FRONT"), "15");
    EXPECT_EQ(store.setting("PS_ABANDONED_CART_HOURS"), "48");
    ASSERT_TRUE(audit::undo(db));
    CustomerPreferences back = load_preferences(db);
    EXPECT_EQ(back.registration, RegistrationProcess::AccountOnly);
    EXPECT_TRUE(back.b2b);
    EXPECT_EQ(back.password_delay, 360);
    EXPECT_EQ(back.abandoned_cart_hours, 24);
}

TEST(Preferences, MissingKeyIsCreatedAndUndoRemovesIt) {
    Store store(":memory:");
    Database& db = store.db();
    db.exec("DELETE FROM ps_configuration WHERE name = 'PS_B2B_ENABLE'");
    set_b2b_mode(db, true);
    EXPECT_TRUE(b2b_mode(db));
    ASSERT_TRUE(audit::undo(db));
    EXPECT_EQ(clientele::test::count(
                  db, "SELECT COUNT(*) FROM ps_configuration WHERE name = 'PS_B2B_ENABLE'"),
              0);
}
