// Headless UI tests of the app shell: every screen renders, navigation, language and theme
// switches persist in the database, the customers search reacts to typing.
#include "ui_harness.h"

#include "core/demo.h"
#include "core/i18n.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

using clientele::test::UiHarness;
using nlohmann::json;

namespace {
void seed(UiHarness& h, int customers) {
    clientele::core::DemoOptions o;
    o.customers = customers;
    o.today = "2026-11-23";
    clientele::core::generate_demo(h.store.db(), o);
}
} // namespace

TEST(UiShell, EveryScreenRendersWithoutErrors) {
    UiHarness h;
    seed(h, 50);
    for (const std::string& id : h.app->view_ids()) {
        h.app->select_view(id);
        h.frame(3);
        EXPECT_EQ(h.app->current_view(), id);
        EXPECT_GT(ImGui::GetDrawData()->TotalVtxCount, 100) << id;
    }
}

TEST(UiShell, SidebarClickSwitchesViewAndRemembersIt) {
    UiHarness h;
    seed(h, 20);
    h.frame(2);
    ASSERT_TRUE(h.click("nav.overview"));
    EXPECT_EQ(h.app->current_view(), "overview");
    EXPECT_EQ(h.store.setting("CL_UI_VIEW"), "overview");
    // A new app on the same store opens where the user left.
    clientele::ui::App again(h.store, h.host);
    EXPECT_EQ(again.current_view(), "overview");
}

TEST(UiShell, LanguageSwitchTranslatesAndPersists) {
    UiHarness h;
    h.frame(2);
    ASSERT_TRUE(h.click("language"));
    ASSERT_TRUE(h.click("language.fr"));
    EXPECT_EQ(clientele::core::i18n::language(), "fr");
    EXPECT_STREQ(clientele::tr("nav.customers"), "Clients");
    EXPECT_EQ(h.store.setting("CL_UI_LANGUAGE"), "fr");
    h.app->set_language("en");
    EXPECT_STREQ(clientele::tr("nav.customers"), "Customers");
}

TEST(UiShell, ThemeTogglePersists) {
    UiHarness h;
    h.frame(2);
    ASSERT_EQ(h.app->theme(), clientele::ui::Theme::Light);
    ASSERT_TRUE(h.click("theme.toggle"));
    EXPECT_EQ(h.app->theme(), clientele::ui::Theme::Dark);
    EXPECT_EQ(h.store.setting("CL_UI_THEME"), "dark");
    h.app->set_theme(clientele::ui::Theme::Light);
}

TEST(UiShell, TypingInSearchFiltersCustomers) {
    UiHarness h;
    seed(h, 200);
    h.app->select_view("customers");
    h.frame(2);
    json before = json::parse(h.app->state_json());
    EXPECT_EQ(before["customers"]["total"].get<long long>(),
              before["counts"]["customers"].get<long long>());
    ASSERT_TRUE(h.click("customers.search"));
    h.type("pub@prestashop");
    json after = json::parse(h.app->state_json());
    EXPECT_EQ(after["customers"]["search"], "pub@prestashop");
    EXPECT_EQ(after["customers"]["total"].get<long long>(), 1);
    ASSERT_TRUE(h.click("customers.reset"));
    json reset = json::parse(h.app->state_json());
    EXPECT_EQ(reset["customers"]["total"], before["customers"]["total"]);
}

TEST(UiShell, StatusBarShowsFiguresAndSavedState) {
    UiHarness h;
    seed(h, 30);
    h.frame(2);
    json s = json::parse(h.app->state_json());
    EXPECT_EQ(s["counts"]["customers"].get<long long>(), 31);
    EXPECT_TRUE(s["saved"].get<bool>());
    EXPECT_GT(s["db_bytes"].get<long long>(), 0);
    EXPECT_GT(clientele::ui::test_hooks::widget("status.saved").w, 0.0f);
}
