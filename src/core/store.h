// The shop as the app sees it: one database, migrated on open, with the settings and the
// figures the shell shows. Services (customers, groups, ...) take the Database from here.
#pragma once

#include "core/db.h"

#include <cstdint>
#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace clientele::core {

class Store {
public:
    // Opens (creating if needed) and migrates. ":memory:" for tests.
    explicit Store(const std::string& path);

    Database& db() { return *db_; }

    // True when the shop holds no customer yet (first start: the app seeds the demo shop).
    bool empty();

    // ps_configuration values (PrestaShop's settings table, also used for our UI settings).
    std::string setting(const std::string& name, const std::string& fallback = "");
    void set_setting(const std::string& name, const std::string& value);

    // Row counts of the main tables, for the status bar and `clientele stats`.
    std::vector<std::pair<std::string, std::int64_t>> table_counts();

private:
    std::unique_ptr<Database> db_;
};

// Current UTC date and time as PrestaShop stores them ("YYYY-MM-DD HH:MM:SS").
std::string now_datetime();
std::string today_date();

} // namespace clientele::core
