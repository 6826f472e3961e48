// Headless UI tests of Customers > Statistics (range, presets, figures, CSV export,
// cross-selling) and Customers > Duplicates (scan, comparison, merge with confirmation, undo),
// driven through clicks on the real widgets where it matters.
#include "ui_harness.h"

#include "core/customer_query.h"
#include "core/db.h"
#include "core/demo.h"
#include "core/segments.h"
#include "ui/views/customer_sheet_view.h"
#include "ui/views/duplicates_view.h"
#include "ui/views/statistics_view.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

using clientele::test::UiHarness;
using namespace clientele;
using nlohmann::json;

namespace {

struct Screens : clientele::test::DemoUi {
    Screens() : DemoUi(120, "") {}
};

} // namespace

TEST(UiStatistics, RangePresetsChangeTheFiguresAndExportCsv) {
    Screens s;
    ASSERT_TRUE(s.h.click("nav.statistics"));
    EXPECT_EQ(s.state()["view"], "statistics");
    auto& stats = s.view<ui::StatisticsView>("statistics");
    json year = s.state()["statistics"];
    EXPECT_EQ(year["from"], core::today_date().substr(0, 4) + "-01-01");

    ASSERT_TRUE(s.h.click("stats.preset.all"));
    json all = s.state()["statistics"];
    EXPECT_EQ(all["from"], "");
    EXPECT_GT(all["orders"].get<int>(), year["orders"].get<int>());
    ASSERT_TRUE(s.h.click("stats.preset.last30"));
    json last30 = s.state()["statistics"];
    EXPECT_LE(last30["orders"].get<int>(), year["orders"].get<int>());

    // A wrong range shows the error and keeps the last figures.
    stats.set_range("2026-05-01", "2026-01-01");
    s.h.frame(2);
    ASSERT_EQ(s.state()["statistics"]["errors"].size(), 1u);
    EXPECT_EQ(s.state()["statistics"]["errors"][0]["code"], "err.date_range");
    stats.apply_preset(core::RangePreset::All);
    s.h.frame(2);
    EXPECT_TRUE(s.state()["statistics"]["errors"].empty());

    // Top N.
    stats.set_top(3);
    s.h.frame(2);
    EXPECT_EQ(s.state()["statistics"]["top_customers"].size(), 3u);

    // Each figure exports: the age distribution's button is further down the page.
    ASSERT_TRUE(s.h.click("stats.export.top_customers"));
    EXPECT_EQ(s.h.host.last_download_name, "statistics-top_customers.csv");
    EXPECT_EQ(s.h.host.last_download.rfind("Rank,ID,", 0), 0u) << s.h.host.last_download;
    stats.export_csv(core::Figure::Age);
    EXPECT_EQ(s.h.host.last_download_name, "statistics-age.csv");

    // A best customer's name opens the sheet.
    ASSERT_TRUE(s.h.click("stats.customer.1"));
    EXPECT_EQ(s.state()["windows"].size(), 1u);

    // Both themes draw.
    s.h.app->set_theme(ui::Theme::Dark);
    s.h.frame(2);
    s.h.app->set_theme(ui::Theme::Light);
    s.h.frame(2);
}

TEST(UiStatistics, CrossSellingPicksProductsAndExports) {
    Screens s;
    auto& stats = s.view<ui::StatisticsView>("statistics");
    ASSERT_TRUE(s.h.click("stats.tab.cross"));
    auto& cross = stats.cross_selling();
    cross.set_search("");
    ASSERT_GE(cross.hits().size(), 2u);
    const std::int64_t first = cross.hits()[0].id, second = cross.hits()[1].id;
    s.h.frame(2);
    ASSERT_TRUE(s.h.click("cross.add_bought." + std::to_string(first)));
    json c = s.state()["statistics"]["cross_selling"];
    EXPECT_EQ(c["bought"], json::array({first}));
    const int buyers = c["total"];
    EXPECT_GT(buyers, 0);
    ASSERT_TRUE(s.h.click("cross.add_not." + std::to_string(second)));
    c = s.state()["statistics"]["cross_selling"];
    EXPECT_LE(c["total"].get<int>(), buyers);
    ASSERT_TRUE(s.h.click("cross.export"));
    s.finish_job();
    EXPECT_EQ(s.h.host.last_download_name, "cross-selling.csv");
    EXPECT_EQ(s.h.host.last_download.rfind("ID,", 0), 0u);
    // Saved as a segment: its members are the buyers shown, and it can drive the grid.
    const int shown = s.state()["statistics"]["cross_selling"]["total"];
    ASSERT_TRUE(s.h.click("cross.save_segment")); // no name yet: refused, nothing saved
    EXPECT_TRUE(core::list_segments(s.h.store.db()).empty());
    ASSERT_TRUE(s.h.click("cross.segment_name"));
    s.h.type("Mug buyers");
    ASSERT_TRUE(s.h.click("cross.save_segment"));
    const auto saved = core::find_segment(s.h.store.db(), "Mug buyers");
    ASSERT_TRUE(saved.has_value());
    EXPECT_EQ(saved->text, "bought(" + std::to_string(first) + ") AND NOT bought(" +
                               std::to_string(second) + ")");
    core::CustomerQuery members;
    members.segment = saved->text;
    EXPECT_EQ(core::count_customers(s.h.store.db(), members), shown);

    ASSERT_TRUE(s.h.click("cross.remove." + std::to_string(second)));
    EXPECT_EQ(s.state()["statistics"]["cross_selling"]["total"], buyers);
}

TEST(UiDuplicates, ScanCompareMergeThroughTheDialogAndUndo) {
    Screens s;
    core::Database& db = s.h.store.db();
    db.exec("INSERT INTO ps_customer(firstname, lastname, email, is_guest, date_add, date_upd) "
            "VALUES ('John', 'DOE', 'Pub@PrestaShop.com', 1, '2026-01-01', '2026-01-01')");
    const std::int64_t copy = db.last_insert_id();
    const std::int64_t customers = db.scalar_int("SELECT COUNT(*) FROM ps_customer");
    ASSERT_TRUE(s.h.click("nav.duplicates"));
    auto& dup = s.view<ui::DuplicatesView>("duplicates");
    ASSERT_TRUE(s.h.click("dup.scan"));
    s.finish_job();
    s.h.frame(2);
    json st = s.state()["duplicates"];
    ASSERT_TRUE(st["scanned"]);
    int index = -1;
    for (std::size_t i = 0; i < dup.groups().size(); ++i)
        if (dup.groups()[i].ids == std::vector<std::int64_t>{1, copy})
            index = static_cast<int>(i);
    ASSERT_GE(index, 0);
    dup.select_group(index);
    s.h.frame(2);
    EXPECT_EQ(s.state()["duplicates"]["a"], 1);
    // Merge the copy into John Doe: the dialog says what moves, then Merge.
    ASSERT_TRUE(s.h.click("dup.merge_into_a"));
    st = s.state()["duplicates"];
    EXPECT_TRUE(st["confirm"]);
    EXPECT_EQ(st["preview"]["orders"], 0);
    ASSERT_TRUE(s.h.click("dup.confirm"));
    EXPECT_EQ(db.scalar_int("SELECT COUNT(*) FROM ps_customer"), customers - 1);
    st = s.state()["duplicates"];
    EXPECT_FALSE(st["confirm"]);
    for (const auto& g : st["groups"])
        EXPECT_NE(g["ids"], json::array({1, copy}));
    // Ctrl+Z gives the account back.
    s.h.app->undo();
    EXPECT_EQ(db.scalar_int("SELECT COUNT(*) FROM ps_customer"), customers);
    // Merging an account into itself is refused with the message.
    dup.request_merge(1, 1);
    EXPECT_FALSE(dup.error().empty());
}

TEST(UiDuplicates, SheetShowsOftenBoughtTogether) {
    Screens s;
    const std::int64_t id = s.h.store.db().scalar_int(
        "SELECT id_customer FROM ps_orders WHERE valid = 1 ORDER BY id_order LIMIT 1");
    s.h.app->open_customer(id);
    s.h.frame(2);
    ASSERT_TRUE(s.h.click("sheet." + std::to_string(id) + ".sheet.products"));
    s.h.frame(2);
    EXPECT_EQ(s.state()["windows"][0], "sheet." + std::to_string(id));
}
