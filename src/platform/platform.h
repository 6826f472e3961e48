// Entry points of the graphical app, one implementation per target (native.cpp, web.cpp).
#pragma once

#include <cstdint>
#include <string>

namespace clientele::platform {

struct GuiOptions {
    std::string db_path;                // native only; empty: the default path
    std::int64_t demo_customers = 5000; // size of the demo shop seeded on first start
    int demo_activity_percent = 100;    // share of its customers who shop (core::DemoOptions)
};

// Runs the app until the window closes (native) or forever (web). Returns the exit code.
int run_gui(const GuiOptions& options);

} // namespace clientele::platform
