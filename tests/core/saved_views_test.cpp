#include "core/audit.h"
#include "core/saved_views.h"
#include "core/store.h"

#include <gtest/gtest.h>

using namespace clientele::core;

TEST(SavedViews, SaveReplaceDefaultDeleteAndUndo) {
    Store store(":memory:");
    Database& db = store.db();
    nlohmann::json spec{{"columns", {"id", "email"}},
                        {"sort", {{{"column", "sales"}, {"desc", true}}}}};
    std::int64_t a = save_view(db, "customers", "Best buyers", spec);
    std::int64_t b =
        save_view(db, "customers", "Newsletter", {{"filters", nlohmann::json::array()}});
    EXPECT_EQ(save_view(db, "customers", "Best buyers", {{"columns", {"id"}}}), a)
        << "same name replaces";
    auto views = list_saved_views(db, "customers");
    ASSERT_EQ(views.size(), 2u);
    EXPECT_EQ(views[0].name, "Best buyers");
    EXPECT_EQ(views[0].spec["columns"].size(), 1u);
    EXPECT_FALSE(default_view(db, "customers"));
    set_default_view(db, "customers", b);
    EXPECT_EQ(default_view(db, "customers")->id, b);
    set_default_view(db, "customers", a);
    EXPECT_EQ(default_view(db, "customers")->id, a);
    EXPECT_EQ(db.scalar_int("SELECT COUNT(*) FROM cl_saved_view WHERE is_default = 1"), 1);
    audit::undo(db);
    EXPECT_EQ(default_view(db, "customers")->id, b);
    delete_view(db, b);
    EXPECT_EQ(list_saved_views(db, "customers").size(), 1u);
    EXPECT_TRUE(list_saved_views(db, "orders").empty());
    EXPECT_THROW(save_view(db, "customers", "", spec), std::invalid_argument);
    EXPECT_THROW(save_view(db, "customers", "<script>", spec), std::invalid_argument);
}
