// Entry of the headless CLI alone (no window system): the web build compiles it to a node
// program so benchmarks and scripts run the same code as wasm.
#include "cli/cli.h"

#include <iostream>

int main(int argc, char** argv) {
    clientele::cli::Invocation inv = clientele::cli::parse_invocation(argc, argv);
    if (inv.gui) {
        std::cerr << clientele::cli::usage();
        return 2;
    }
    return clientele::cli::run(inv, std::cout, std::cerr);
}
