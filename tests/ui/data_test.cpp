// Headless UI tests of the import & export screen: PrestaShop's sample files arrive as a
// dropped file, are mapped and previewed, imported as a job; a bad file in all-or-nothing mode
// writes nothing and reports the line; exports and the snapshot download and restore; GDPR
// export and erase from the customer's sheet.
#include "ui_harness.h"

#include "core/customers.h"
#include "core/demo.h"
#include "core/gdpr.h"
#include "ui/views/customer_sheet_view.h"
#include "ui/views/data_view.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <fstream>
#include <sstream>

using clientele::test::UiHarness;
using namespace clientele;
using nlohmann::json;

namespace {

std::string read_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream all;
    all << in.rdbuf();
    return all.str();
}

// PrestaShop's own sample import files, kept as they are in tests/data/conformance.
std::string conformance(const std::string& name) {
    const std::string bytes =
        read_file(std::string(CLIENTELE_SOURCE_DIR) + "/tests/data/conformance/prestashop/" + name);
    if (bytes.empty())
        throw std::runtime_error("missing conformance file " + name);
    return bytes;
}

struct DataScreen : clientele::test::DemoUi {
    DataScreen() : DemoUi(60) {}
    ui::DataView& view() {
        for (auto* v : h.app->views_for_tests())
            if (auto* d = dynamic_cast<ui::DataView*>(v))
                return *d;
        throw std::runtime_error("no data view");
    }
    // Frames until the job ends (the import runs a few milliseconds per frame).
    void finish_job() {
        DemoUi::finish_job();
        h.frame(2);
        ASSERT_TRUE(state()["job"].get<std::string>().empty());
    }
};

} // namespace

TEST(UiData, DroppedPrestaShopFilesAreMappedPreviewedAndImported) {
    DataScreen d;
    const std::int64_t before = d.count("SELECT COUNT(*) FROM ps_customer");
    d.h.app->receive_file("customers_import.csv", conformance("customers_import.csv"));
    d.h.frame(3);
    json s = d.state();
    EXPECT_EQ(s["view"], "data");
    EXPECT_EQ(s["data"]["tab"], "import");
    EXPECT_EQ(s["data"]["file"], "customers_import.csv");
    EXPECT_EQ(s["data"]["rows_estimate"], 9);
    EXPECT_TRUE(s["data"]["ready"].get<bool>());
    // Every column of PrestaShop's header is recognised.
    for (const auto& field : s["data"]["mapping"])
        EXPECT_NE(field.get<std::string>(), "");
    EXPECT_EQ(s["data"]["preview_rows"], 9);
    EXPECT_EQ(s["data"]["preview_errors"], 0);

    ASSERT_TRUE(d.h.click("data.import"));
    d.finish_job();
    s = d.state();
    EXPECT_EQ(s["data"]["report"]["imported"], 9);
    EXPECT_EQ(d.count("SELECT COUNT(*) FROM ps_customer"), before + 9);
    EXPECT_EQ(d.count("SELECT COUNT(*) FROM ps_group_lang WHERE name IN ('Carribean', 'Kids') "
                      "AND id_lang = 1"),
              2);

    // The addresses: the entity switches, the file maps, 11 attach and 5 are skipped.
    d.view().set_entity(core::import::Entity::Addresses);
    d.h.app->receive_file("addresses_import.csv", conformance("addresses_import.csv"));
    d.h.frame(3);
    s = d.state();
    EXPECT_EQ(s["data"]["entity"], "addresses");
    EXPECT_TRUE(s["data"]["ready"].get<bool>());
    d.view().set_mode(core::import::Mode::ValidRows);
    d.view().start_import();
    d.finish_job();
    s = d.state();
    EXPECT_EQ(s["data"]["report"]["imported"], 11);
    EXPECT_EQ(s["data"]["report"]["skipped"], 5);
    EXPECT_EQ(d.count("SELECT COUNT(*) FROM ps_address a JOIN ps_customer c USING (id_customer) "
                      "WHERE c.email LIKE '%@prestashop.com' AND c.email <> 'pub@prestashop.com'"),
              11);
}

TEST(UiData, AllOrNothingImportOfABadFileWritesNothingAndReportsTheLine) {
    DataScreen d;
    const std::int64_t before = d.count("SELECT COUNT(*) FROM ps_customer");
    const std::string csv = "Email *;Last Name *;First Name *;Password *\n"
                            "ana@example.com;García;Ana;secret1\n"
                            "not-an-email;Martin;Paul;secret2\n";
    d.h.app->receive_file("bad.csv", csv);
    d.h.frame(3);
    json s = d.state();
    EXPECT_EQ(s["data"]["preview_errors"], 1);
    d.view().set_mode(core::import::Mode::AllOrNothing);
    d.view().start_import();
    d.finish_job();
    s = d.state();
    EXPECT_EQ(d.count("SELECT COUNT(*) FROM ps_customer"), before);
    ASSERT_EQ(s["data"]["report"]["errors"].size(), 1u);
    EXPECT_EQ(s["data"]["report"]["errors"][0]["line"], 3);
    EXPECT_EQ(s["data"]["report"]["errors"][0]["field"], "email");
    // The report downloads as CSV.
    ASSERT_TRUE(d.h.click("data.download_report"));
    EXPECT_EQ(d.h.host.last_download_name, "import-report.csv");
    EXPECT_NE(d.h.host.last_download.find("not-an-email"), std::string::npos);
}

TEST(UiData, ExportsDownloadAndTheSnapshotRestoresTheShop) {
    DataScreen d;
    d.h.app->select_view("data");
    d.h.frame(2);
    ASSERT_TRUE(d.h.click("data.tab.export"));
    ASSERT_TRUE(d.h.click("data.export.customers.excel"));
    d.finish_job();
    EXPECT_EQ(d.h.host.last_download_name, "customers-excel.csv");
    EXPECT_EQ(d.h.host.last_download.rfind("\xEF\xBB\xBF", 0), 0u);
    EXPECT_EQ(d.h.host.last_download.find("$2y$"), std::string::npos);
    ASSERT_TRUE(d.h.click("data.export.addresses.csv"));
    d.finish_job();
    EXPECT_EQ(d.h.host.last_download_name, "addresses.csv");
    EXPECT_NE(d.h.host.last_download.find("Customer e-mail"), std::string::npos);

    ASSERT_TRUE(d.h.click("data.tab.snapshot"));
    ASSERT_TRUE(d.h.click("data.snapshot.download"));
    d.finish_job();
    EXPECT_EQ(d.h.host.last_download_name, "clientele-snapshot.jsonl");
    const std::string snapshot = d.h.host.last_download;
    const std::int64_t customers = d.count("SELECT COUNT(*) FROM ps_customer");

    // Change the shop, then restore: the change is gone.
    d.h.store.db().exec("DELETE FROM ps_customer_group; DELETE FROM ps_address;");
    d.h.app->receive_file("clientele-snapshot.jsonl", snapshot);
    d.h.frame(3);
    EXPECT_TRUE(d.state()["data"]["restore_pending"].get<bool>());
    ASSERT_TRUE(d.h.click("data.restore.confirm"));
    d.finish_job();
    EXPECT_EQ(d.count("SELECT COUNT(*) FROM ps_customer"), customers);
    EXPECT_GT(d.count("SELECT COUNT(*) FROM ps_address"), 0);
    EXPECT_NE(d.state()["data"]["restore_result"].get<std::string>().find("Restored"),
              std::string::npos);

    // A snapshot cut short is refused and changes nothing.
    d.h.store.db().exec("DELETE FROM ps_address WHERE id_address = 1");
    const std::int64_t addresses = d.count("SELECT COUNT(*) FROM ps_address");
    d.h.app->receive_file("cut.jsonl", snapshot.substr(0, snapshot.size() / 2));
    d.h.frame(3);
    d.view().confirm_restore();
    d.finish_job();
    EXPECT_EQ(d.count("SELECT COUNT(*) FROM ps_address"), addresses);
    EXPECT_NE(d.state()["data"]["restore_result"].get<std::string>().find("refused"),
              std::string::npos);
}

TEST(UiData, SheetExportsPersonalDataAndErasesTheCustomer) {
    DataScreen d;
    const std::int64_t id = d.count(
        "SELECT id_customer FROM ps_orders GROUP BY id_customer ORDER BY COUNT(*) DESC LIMIT 1");
    d.h.app->open_customer(id);
    d.h.frame(3);
    const std::string sheet = "sheet." + std::to_string(id);
    // The orders tab exports the customer's orders.
    ASSERT_TRUE(d.h.click(sheet + ".sheet.orders"));
    ASSERT_TRUE(d.h.click(sheet + ".export_orders"));
    EXPECT_EQ(d.h.host.last_download_name, "orders-" + std::to_string(id) + ".csv");
    EXPECT_EQ(d.h.host.last_download.rfind("Reference,", 0), 0u);
    EXPECT_GE(static_cast<std::int64_t>(
                  std::count(d.h.host.last_download.begin(), d.h.host.last_download.end(), '\n')),
              d.count("SELECT COUNT(*) FROM ps_orders WHERE id_customer = " + std::to_string(id)) +
                  1);
    ASSERT_TRUE(d.h.click(sheet + ".gdpr"));
    ASSERT_TRUE(d.h.click(sheet + ".gdpr.json"));
    EXPECT_EQ(d.h.host.last_download_name, "personal-data-" + std::to_string(id) + ".json");
    const json exported = json::parse(d.h.host.last_download);
    EXPECT_EQ(exported["id_customer"], id);
    EXPECT_FALSE(exported["orders"].empty());
    EXPECT_EQ(d.h.host.last_download.find("$2y$"), std::string::npos);

    ASSERT_TRUE(d.h.click(sheet + ".gdpr.erase"));
    d.h.frame(2);
    EXPECT_EQ(d.count("SELECT COUNT(*) FROM ps_customer WHERE id_customer = " + std::to_string(id)),
              0);
    EXPECT_GT(d.count("SELECT COUNT(*) FROM ps_orders WHERE id_customer = " +
                      std::to_string(core::anonymous_customer(d.h.store.db()))),
              0);
    // The privacy tab lists both requests, without personal data.
    EXPECT_EQ(core::gdpr_requests(d.h.store.db()).size(), 2u);
}
