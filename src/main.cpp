// The app entry: with a subcommand the native binary is a headless CLI (it needs no display);
// without one it opens the desktop app. The web build always starts the app.
#include "cli/cli.h"
#include "platform/platform.h"

#include <iostream>

int main(int argc, char** argv) {
    clientele::cli::Invocation inv = clientele::cli::parse_invocation(argc, argv);
    if (!inv.gui)
        return clientele::cli::run(inv, std::cout, std::cerr);
    clientele::platform::GuiOptions options;
    options.db_path = inv.db_path;
    if (inv.demo_customers > 0)
        options.demo_customers = inv.demo_customers;
    try {
        return clientele::platform::run_gui(options);
    } catch (const std::exception& e) {
        std::cerr << "clientele: " << e.what() << "\n";
        return 1;
    }
}
