// Deterministic demo shop generator: the same (seed, size) always gives the same shop.
#pragma once

#include <cstdint>
#include <functional>
#include <string>

namespace clientele::core {

class Database;

struct DemoOptions {
    std::int64_t customers = 2000; // besides John Doe
    std::uint64_t seed = 42;
    // The generator's "now", YYYY-MM-DD (its midnight) or YYYY-MM-DD HH:MM:SS: dates are
    // spread before it. The app seeds with the current time, so that a cart "being filled"
    // minutes ago is that, not one from the evening before (which would turn abandoned while
    // the app runs).
    std::string today = "2026-11-23";
    // Share of customers (percent) who shop: orders, carts, vouchers and messages. The others
    // have an account, addresses and visits only. Below 100 for a lighter shop of the same
    // size (the browser benchmark's million customers fit in WebAssembly's 4 GB that way);
    // 100 gives the same shop as before the option existed.
    int activity_percent = 100;
    // Called every few thousand customers with (done, total); return false to cancel
    // (the transaction is rolled back, nothing is written).
    std::function<bool(std::int64_t, std::int64_t)> progress;
};

struct DemoSummary {
    std::int64_t customers = 0, addresses = 0, orders = 0, carts = 0, threads = 0;
};

// Fills an empty, migrated database in one transaction. Throws if it already holds customers.
DemoSummary generate_demo(Database& db, const DemoOptions& options);

} // namespace clientele::core
