// Commands of the CLI that live in their own files.
#pragma once

#include <cstdint>
#include <cstdio>
#include <functional>
#include <iosfwd>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

namespace clientele::core {
class Store;
}

namespace clientele::cli {

// A number with two decimals and a dot ("12.50"): the CLI speaks plain English and dot
// decimals whatever the UI language, so scripts that scrape its text see one stable format.
inline std::string two_decimals(double v) {
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.2f", v);
    return buf;
}

// A user error raised by a command (exit code 1, one line on stderr).
struct CommandError : std::runtime_error {
    using std::runtime_error::runtime_error;
};

// Bad usage raised by a command (exit code 2 with the help text).
struct CommandUsageError : std::runtime_error {
    using std::runtime_error::runtime_error;
};

// Opens the --db store; commands call it once their arguments are valid.
using StoreOpener = std::function<std::unique_ptr<core::Store>()>;

// `export customers|addresses [--format csv|excel|json] [-o FILE]` (export.cpp). `args`
// starts with the command word.
int run_export(const std::vector<std::string>& args, const StoreOpener& open, std::ostream& out);
// `gdpr export --customer ID [--format json|csv|excel] [-o FILE]`,
// `gdpr erase --customer ID [--json]`, `gdpr log [--json]` (export.cpp).
int run_gdpr(const std::vector<std::string>& args, const StoreOpener& open, std::ostream& out);

// `import customers|addresses FILE [--mode all-or-nothing|valid-rows] [--match email|id]
// [--report FILE.json]`: PrestaShop CSV import (import.cpp); exit 1 when errors made an
// all-or-nothing import write nothing. `args` starts with the command word.
int run_import(const std::vector<std::string>& args, const StoreOpener& open, std::ostream& out);

// `snapshot export FILE`, `snapshot import FILE [--replace]`: the whole database as a JSON
// Lines snapshot; import refuses a database with customers unless `replace` (snapshot.cpp).
int snapshot_export(core::Store& store, const std::string& file, std::ostream& out);
int snapshot_import(core::Store& store, const std::string& file, bool replace, std::ostream& out);

// `followup preview|run [--json] [--today YYYY-MM-DD]`: follow-up candidates per event, or a run
// of the enabled events (followup.cpp). `args` starts with the command word.
int run_followup_command(const std::vector<std::string>& args, const StoreOpener& open,
                         std::ostream& out);

// `segment 'QUERY' [--limit N] [--offset N] [--today YYYY-MM-DD] [--json]`: the customers a
// segment matches, `{"count": N, "rows": [...]}` with --json; a bad query exits 1 with the
// position. `rfm [--json]`: recomputes the RFM scores, then each segment's size (segments.cpp).
// `args` starts with the command word.
int run_segment_command(const std::vector<std::string>& args, const StoreOpener& open,
                        std::ostream& out);
int run_rfm_command(const std::vector<std::string>& args, const StoreOpener& open,
                    std::ostream& out);

// `bench-lists [--json]`: first page and time-boxed count of every paged list besides the
// customers grid, on the --db shop (bench_lists.cpp).
int run_bench_lists(core::Store& store, bool json, std::ostream& out);

// `show customer ID [--json]`: every section of the customer sheet (show.cpp).
int show_customer(core::Store& store, std::int64_t id, bool json, std::ostream& out);

// `statistics [--from D] [--to D] [--preset last30|year|all] [--today D] [--top N] [--json]`:
// every figure of Customers > Statistics and how long each took; `duplicates [--json]`: likely
// duplicate accounts with their reasons; `merge KEEP_ID OTHER_ID`: one audited batch
// (statistics.cpp). `args` starts with the command word.
int run_statistics(const std::vector<std::string>& args, const StoreOpener& open,
                   std::ostream& out);
int run_duplicates(const std::vector<std::string>& args, const StoreOpener& open,
                   std::ostream& out);
int run_merge(const std::vector<std::string>& args, const StoreOpener& open, std::ostream& out);

struct BenchOptions {
    std::int64_t customers = 1000000;
    int searches = 100;
    std::string db_file; // empty: a temporary file, removed afterwards
    bool json = false;
};

// `bench-io --customers N [--json]`: import, export and snapshot rates (bench_io.cpp).
int run_bench_io(std::int64_t customers, bool json, std::ostream& out);

// `bench`: builds a shop of N customers and measures first-page latencies (bench.cpp).
int run_bench(const BenchOptions& options, std::ostream& out);

} // namespace clientele::cli
