// Headless UI tests of the customers workspace: filtering, sorting, selection, a bulk action
// with undo, saved views, the form's validation and the sheet's sections.
#include "ui_harness.h"

#include "core/audit.h"
#include "core/demo.h"
#include "core/i18n.h"
#include "ui/views/customer_form_view.h"
#include "ui/views/customer_sheet_view.h"
#include "ui/views/customers_view.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <chrono>

using clientele::test::UiHarness;
using namespace clientele;
using nlohmann::json;

namespace {

struct Workspace : clientele::test::DemoUi {
    Workspace() : DemoUi(300), grid_(&view<ui::CustomersView>("customers")) {}
    ui::CustomersView& grid() { return *grid_; }
    ui::CustomersView* grid_;
};

} // namespace

TEST(UiCustomers, FilterRowFiltersEachColumnType) {
    Workspace w;
    const auto all = w.grid().total();
    EXPECT_EQ(all, w.count("SELECT COUNT(*) FROM ps_customer WHERE deleted = 0"));
    // Text filter typed into the filter row cell.
    ASSERT_TRUE(w.h.click("filter.email"));
    w.h.type("pub@");
    EXPECT_EQ(w.grid().total(), 1);
    w.grid().reset();
    // Yes/no, numeric range and date range.
    w.grid().set_filter({"newsletter", "", {}, {}, "", "", true});
    EXPECT_EQ(w.grid().total(),
              w.count("SELECT COUNT(*) FROM ps_customer WHERE deleted = 0 AND newsletter = 1"));
    w.grid().reset();
    w.grid().set_filter({"valid_orders", "", 3.0, 5.0, "", "", std::nullopt});
    EXPECT_EQ(
        w.grid().total(),
        w.count("SELECT COUNT(*) FROM ps_customer c JOIN cl_customer_stats s USING (id_customer) "
                "WHERE c.deleted = 0 AND s.valid_orders BETWEEN 3 AND 5"));
    w.grid().reset();
    w.grid().set_filter({"date_add", "", {}, {}, "2025-01-01", "2025-12-31", std::nullopt});
    EXPECT_EQ(w.grid().total(), w.count("SELECT COUNT(*) FROM ps_customer WHERE deleted = 0 AND "
                                        "date_add >= '2025-01-01' AND date_add < '2026-01-01'"));
}

TEST(UiCustomers, HeaderClickSortsAndSortDescendingPutsBestCustomerFirst) {
    Workspace w;
    w.grid().set_sort({{"sales", true}});
    w.h.frame(2);
    const auto* first = w.grid().row_at(0);
    ASSERT_NE(first, nullptr);
    EXPECT_EQ(
        first->id,
        w.count("SELECT id_customer FROM cl_customer_stats s JOIN ps_customer c USING "
                "(id_customer) WHERE c.deleted = 0 ORDER BY sales DESC, id_customer LIMIT 1"));
    EXPECT_GE(w.grid().row_at(0)->sales, w.grid().row_at(1)->sales);
}

// A click on a header sorts by that column; Page Down and Page Up move the cursor a screen,
// End to the last row (the grid scrolls there), Home back to the first.
TEST(UiCustomers, HeaderClickAndPageKeysMoveTheCursorByScreensAndToEitherEnd) {
    Workspace w;
    ImGuiIO& io = ImGui::GetIO();
    io.KeyMap[ImGuiKey_PageDown] = 300;
    io.KeyMap[ImGuiKey_PageUp] = 301;
    io.KeyMap[ImGuiKey_Home] = 302;
    io.KeyMap[ImGuiKey_End] = 303;
    auto press = [&](int code) {
        io.KeysDown[code] = true;
        w.h.frame();
        io.KeysDown[code] = false;
        w.h.frame(2);
        return w.state()["customers"]["cursor"].get<std::int64_t>();
    };
    ASSERT_TRUE(w.h.click("customers.header.lastname"));
    ASSERT_EQ(w.state()["customers"]["sort"][0]["column"], "lastname");
    ASSERT_TRUE(w.h.click("customers.row.0"));
    const std::int64_t screen = press(300);
    EXPECT_GT(screen, 5);
    EXPECT_EQ(press(300), 2 * screen);
    EXPECT_EQ(press(301), screen);
    const std::int64_t total = w.grid().total();
    EXPECT_EQ(press(303), total - 1);
    EXPECT_GT(w.state()["customers"]["first_visible"].get<std::int64_t>(), total - 2 * screen);
    core::CustomerQuery q;
    q.sort = {{"lastname", false}};
    q.offset = total - 1;
    q.limit = 1;
    const auto last = core::query_customers(w.h.store.db(), q, core::i18n::language_id());
    ASSERT_EQ(last.rows.size(), 1u);
    EXPECT_TRUE(w.grid().selection().contains(last.rows[0].id));
    EXPECT_EQ(press(302), 0);
    EXPECT_EQ(w.state()["customers"]["first_visible"], 0);
}

TEST(UiCustomers, ClickCtrlClickShiftClickAndSelectAll) {
    Workspace w;
    ASSERT_TRUE(w.h.click("customers.row.2"));
    EXPECT_EQ(w.grid().selection().size(), 1u);
    w.grid().click_row(5, /*ctrl=*/true, false);
    EXPECT_EQ(w.grid().selection().size(), 2u);
    w.grid().click_row(5, true, false); // Ctrl-click again deselects
    EXPECT_EQ(w.grid().selection().size(), 1u);
    w.grid().click_row(2, false, false);
    w.grid().click_row(9, false, /*shift=*/true);
    EXPECT_EQ(w.grid().selection().size(), 8u);
    ASSERT_TRUE(w.h.click("customers.select_all"));
    EXPECT_EQ(static_cast<std::int64_t>(w.grid().selection().size()), w.grid().total());
}

TEST(UiCustomers, BulkDisableRunsAsJobAndUndoes) {
    Workspace w;
    w.grid().set_filter({"active", "", {}, {}, "", "", true});
    const auto active = w.grid().total();
    ASSERT_GT(active, 10);
    w.grid().select_all_results();
    w.grid().start_bulk({core::BulkKind::Disable, 0});
    EXPECT_FALSE(w.state()["job"].get<std::string>().empty());
    int frames = 0;
    for (; frames < 200 && !w.state()["job"].get<std::string>().empty(); ++frames)
        w.h.frame();
    w.h.frame(); // the grid refreshes on the frame after the commit
    EXPECT_EQ(w.count("SELECT COUNT(*) FROM ps_customer WHERE active = 1 AND deleted = 0"), 0);
    EXPECT_EQ(w.grid().total(), 0);
    w.h.app->undo();
    w.h.frame();
    EXPECT_EQ(w.count("SELECT COUNT(*) FROM ps_customer WHERE active = 1 AND deleted = 0"), active);
    EXPECT_EQ(w.grid().total(), active);
}

TEST(UiCustomers, BulkDialogAsksWithTheCountThenApplies) {
    Workspace w;
    w.grid().click_row(0, false, false);
    w.grid().click_row(3, false, true);
    w.h.frame();
    ASSERT_TRUE(w.h.click("bulk.open"));
    ASSERT_TRUE(w.h.click("bulk.bulk.newsletter_off"));
    w.h.frame(2);
    ASSERT_TRUE(w.h.click("bulk.confirm"));
    for (int i = 0; i < 50 && !w.state()["job"].get<std::string>().empty(); ++i)
        w.h.frame();
    EXPECT_EQ(w.count("SELECT COUNT(*) FROM ps_customer WHERE id_customer <= 4 AND newsletter = 1"),
              0);
}

TEST(UiCustomers, SavedViewKeepsFiltersSortAndColumnsAndCanBeDefault) {
    Workspace w;
    w.grid().set_filter({"newsletter", "", {}, {}, "", "", true});
    w.grid().set_sort({{"lastname", false}});
    w.h.frame(2);
    const auto filtered = w.grid().total();
    core::save_view(w.h.store.db(), "customers", "Newsletter", w.grid().current_view_spec());
    auto views = core::list_saved_views(w.h.store.db(), "customers");
    ASSERT_EQ(views.size(), 1u);
    core::set_default_view(w.h.store.db(), "customers", views[0].id);
    // A fresh app on the same shop opens on the default view.
    ui::App again(w.h.store, w.h.host);
    ImGui::NewFrame();
    again.frame();
    ImGui::Render();
    json s = json::parse(again.state_json());
    EXPECT_EQ(s["customers"]["total"].get<std::int64_t>(), filtered);
    EXPECT_EQ(s["customers"]["sort"][0]["column"], "lastname");
}

TEST(UiCustomers, CopySelectionAsTabSeparatedText) {
    Workspace w;
    w.grid().set_search("pub@prestashop.com");
    w.grid().click_row(0, false, false);
    std::string tsv = w.grid().selection_as_tsv();
    EXPECT_NE(tsv.find("ID\tTitle\tFirst name"), std::string::npos);
    EXPECT_NE(tsv.find("1\tMr.\tJohn\tDOE\tpub@prestashop.com"), std::string::npos);
}

TEST(UiCustomers, DoubleClickOpensSheetWithEverySection) {
    Workspace w;
    w.grid().set_search("pub@prestashop.com");
    w.h.frame(2);
    auto r = ui::test_hooks::widget("customers.row.0");
    ASSERT_GT(r.w, 0);
    ImGuiIO& io = ImGui::GetIO();
    io.MousePos = ImVec2(r.x + 10, r.y + r.h / 2);
    w.h.frame();
    for (int i = 0; i < 2; ++i) {
        io.MouseDown[0] = true;
        w.h.frame();
        io.MouseDown[0] = false;
        w.h.frame();
    }
    w.h.frame();
    ASSERT_EQ(w.state()["windows"].size(), 1u);
    EXPECT_EQ(w.state()["windows"][0], "sheet.1");
    // Every section's tab can be opened and draws.
    for (const char* key : ui::CustomerSheetView::section_keys()) {
        ASSERT_TRUE(w.h.click(std::string("sheet.1.") + key)) << key;
    }
}

TEST(UiCustomers, SheetNoteIsSavedInPlace) {
    Workspace w;
    ui::CustomerSheetView sheet(w.h.app->context_for_tests(), 1);
    sheet.set_note_text("Appeler avant 18 h — préfère Colissimo");
    sheet.save_note();
    EXPECT_EQ(w.count("SELECT COUNT(*) FROM ps_customer WHERE id_customer = 1 AND note = 'Appeler "
                      "avant 18 h — préfère Colissimo'"),
              1);
    ASSERT_TRUE(sheet.sheet());
}

TEST(UiCustomers, FormValidatesAsYouTypeAndWarnsAboutDuplicateEmail) {
    Workspace w;
    ui::CustomerFormView form(w.h.app->context_for_tests(), 0);
    EXPECT_FALSE(form.can_save());
    form.set_field("firstname", "Zoë");
    form.set_field("lastname", "Łukasiewicz");
    form.set_field("email", "not an email");
    form.set_field("password", "secret99");
    bool email_error = false;
    for (auto& e : form.errors())
        email_error = email_error || e.field == "email";
    EXPECT_TRUE(email_error);
    EXPECT_FALSE(form.can_save());
    EXPECT_EQ(form.save(), 0);
    form.set_field("email", "PUB@prestashop.com");
    ASSERT_TRUE(form.duplicate_of());
    EXPECT_EQ(*form.duplicate_of(), 1);
    form.set_field("email", "zoe.l@example.pl");
    EXPECT_TRUE(form.can_save());
    const auto id = form.save();
    ASSERT_GT(id, 0);
    EXPECT_EQ(w.count("SELECT COUNT(*) FROM ps_customer WHERE email = 'zoe.l@example.pl' AND "
                      "passwd LIKE '$2y$%'"),
              1);
    // Consents given in the form are logged as the form's.
    ui::CustomerFormView edit(w.h.app->context_for_tests(), id);
    edit.set_field("newsletter", "1");
    ASSERT_EQ(edit.save(), id);
    EXPECT_EQ(
        w.count("SELECT COUNT(*) FROM cl_consent_log WHERE id_customer = " + std::to_string(id) +
                " AND consent = 'newsletter' AND given = 1 AND "
                "source = 'form'"),
        1);
}

namespace {
// Restores the query engine's tuning after a test changes it.
struct TuningGuard {
    core::CustomerQueryTuning saved = core::customer_query_tuning();
    ~TuningGuard() { core::customer_query_tuning() = saved; }
};

// A workspace where every count takes many frames: chunks of ten ids, one per frame.
struct SlowCountWorkspace : Workspace {
    SlowCountWorkspace() {
        grid().set_count_budget(std::chrono::microseconds(0));
        core::customer_query_tuning().count_chunk = 10;
        grid().reset();
        settle();
    }
    json grid_state() { return state()["customers"]; }
    // Frames until the count is done; the figure never goes down on the way nor passes
    // `exact`. Returns the frames it took.
    int settle(std::int64_t exact = -1) {
        int frames = 0;
        std::int64_t last = 0;
        for (; frames < 2000 && grid_state()["counting"].get<bool>(); ++frames) {
            h.frame();
            const auto total = grid_state()["total"].get<std::int64_t>();
            EXPECT_GE(total, last);
            if (exact >= 0) {
                EXPECT_LE(total, exact);
            }
            last = total;
        }
        EXPECT_FALSE(grid_state()["counting"].get<bool>());
        return frames;
    }
    std::int64_t exact_count(const std::string& search) {
        core::CustomerQuery q;
        q.search = search;
        return core::count_customers(h.store.db(), q, core::i18n::language_id());
    }
    TuningGuard guard;
};
} // namespace

TEST(UiCustomers, TypedSearchRunsOnTheNextFrameAndCountsAcrossFrames) {
    SlowCountWorkspace w;
    const std::int64_t exact = w.exact_count("a");
    ASSERT_GT(exact, 20);
    ASSERT_TRUE(w.h.click("customers.search"));
    const auto runs = w.grid_state()["query_runs"].get<std::int64_t>();
    ImGui::GetIO().AddInputCharactersUTF8("a");
    w.h.frame(); // this frame shows the text; the query waits for the next one
    EXPECT_EQ(w.grid_state()["search"], "a");
    EXPECT_EQ(w.grid_state()["query_runs"].get<std::int64_t>(), runs);
    w.h.frame();
    EXPECT_EQ(w.grid_state()["query_runs"].get<std::int64_t>(), runs + 1);
    EXPECT_TRUE(w.grid_state()["counting"].get<bool>());
    EXPECT_LT(w.grid_state()["total"].get<std::int64_t>(), exact);
    EXPECT_GT(w.settle(exact), 3);
    EXPECT_EQ(w.grid().total(), exact);
    EXPECT_EQ(w.grid_state()["query_runs"].get<std::int64_t>(), runs + 1); // once for the edit
    // The grid shows the result's first rows.
    w.h.frame();
    core::CustomerQuery q;
    q.search = "a";
    q.limit = 3;
    auto expected = core::query_customers(w.h.store.db(), q, core::i18n::language_id());
    for (int i = 0; i < 3; ++i) {
        ASSERT_NE(w.grid().row_at(i), nullptr);
        EXPECT_EQ(w.grid().row_at(i)->id, expected.rows[static_cast<std::size_t>(i)].id);
    }
}

// A new search while the count runs starts it again: the figure is the new search's from the
// first frame on, never the old one's.
TEST(UiCustomers, ChangingTheSearchWhileCountingRestartsTheCount) {
    SlowCountWorkspace w;
    ASSERT_TRUE(w.h.click("customers.search"));
    w.h.type("a");
    for (int i = 0; i < 100 && w.grid().total() == 0; ++i)
        w.h.frame();
    ASSERT_TRUE(w.grid().counting());
    ASSERT_GT(w.grid().total(), 0);
    const auto runs = w.grid_state()["query_runs"].get<std::int64_t>();
    // Four keys in one frame: one query.
    ImGui::GetIO().AddInputCharactersUTF8("zzzq");
    w.h.frame();
    w.h.frame();
    EXPECT_EQ(w.grid_state()["search"], "azzzq");
    EXPECT_EQ(w.grid_state()["query_runs"].get<std::int64_t>(), runs + 1);
    ASSERT_EQ(w.exact_count("azzzq"), 0);
    EXPECT_EQ(w.grid().total(), 0);
    w.settle(0);
    EXPECT_EQ(w.grid().total(), 0);
    // Back to a search with matches (the field let go first): the count converges to its
    // total.
    ASSERT_TRUE(w.h.click("customers.legend"));
    w.grid().set_search("a");
    EXPECT_LE(w.grid().total(), w.exact_count("a"));
    w.settle(w.exact_count("a"));
    EXPECT_EQ(w.grid().total(), w.exact_count("a"));
}

// A new sort keeps the count (same matches, same data) and reads the new order's first page.
TEST(UiCustomers, SortingKeepsTheCount) {
    SlowCountWorkspace w;
    w.grid().set_search("e");
    w.settle();
    const auto total = w.grid().total();
    ASSERT_EQ(total, w.exact_count("e"));
    w.grid().set_sort({{"lastname", true}});
    EXPECT_FALSE(w.grid().counting());
    EXPECT_EQ(w.grid().total(), total);
    w.h.frame(2);
    core::CustomerQuery q;
    q.search = "e";
    q.sort = {{"lastname", true}};
    q.limit = 1;
    ASSERT_NE(w.grid().row_at(0), nullptr);
    EXPECT_EQ(w.grid().row_at(0)->id,
              core::query_customers(w.h.store.db(), q, core::i18n::language_id()).rows[0].id);
}

// Ctrl+F and the first characters of the search can arrive in one frame (slow frames, fast
// typist): those characters reach no field yet, so the grid keeps them for the search field
// and puts them before whatever is typed once it has the keyboard.
TEST(UiCustomers, CtrlFKeepsWhatIsTypedBeforeTheSearchFieldHasTheKeyboard) {
    Workspace w;
    w.grid().set_search("old");
    w.h.frame(2);
    w.h.ctrl_letter('F', "jo");
    w.h.type("hn");
    w.h.frame(3);
    EXPECT_TRUE(w.state()["text_input"].get<bool>());
    // Ctrl+F selects what was there: the typed text replaces it, in typing order.
    EXPECT_EQ(w.state()["customers"]["search"], "john");
}
