// Demo data for the loyalty screens: subscriptions and product reviews for some of the demo
// shop's customers, drawn deterministically (fixed seed, one draw per statement) from what
// they bought, so the same shop gives the same rows natively and in wasm. Call it after the
// demo shop is generated; it does nothing when subscriptions or reviews already exist. Not
// audited (like the demo shop itself).
#pragma once

#include <cstdint>
#include <string>

namespace clientele::core {

class Database;

struct LoyaltyDemoSummary {
    std::int64_t subscriptions = 0, reviews = 0;
};

// `today`: "YYYY-MM-DD", the demo's "now" (dates are spread before and after it).
LoyaltyDemoSummary seed_loyalty_demo(Database& db, const std::string& today);

} // namespace clientele::core
