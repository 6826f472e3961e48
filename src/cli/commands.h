// Commands of the CLI that live in their own files.
#pragma once

#include <cstdint>
#include <iosfwd>
#include <stdexcept>
#include <string>

namespace clientele::core {
class Store;
}

namespace clientele::cli {

// A user error raised by a command (exit code 1, one line on stderr).
struct CommandError : std::runtime_error {
    using std::runtime_error::runtime_error;
};

// `show customer ID [--json]`: every section of the customer sheet (show.cpp).
int show_customer(core::Store& store, std::int64_t id, bool json, std::ostream& out);

struct BenchOptions {
    std::int64_t customers = 1000000;
    int searches = 100;
    std::string db_file; // empty: a temporary file, removed afterwards
    bool json = false;
};

// `bench`: builds a shop of N customers and measures first-page latencies (bench.cpp).
int run_bench(const BenchOptions& options, std::ostream& out);

} // namespace clientele::cli
