// `bench-io`: how fast files go in and out. A PrestaShop customers CSV of N rows (no
// passwords: bcrypt would make it ~15 rows/s) is imported into an empty in-memory shop; the
// customers are exported as CSV with PrestaShop's columns; the shop is written as a JSON Lines
// snapshot to a temporary file and read back into a second empty shop. Prints a table (or JSON)
// with rows per second and the peak memory of the process. The import and the restore run as
// the app runs them, a step of 8 ms per frame; a second table gives each stage's longest step.
#include "cli/commands.h"
#include "core/customer_export.h"
#include "core/exports.h"
#include "core/importer.h"
#include "core/snapshot.h"
#include "core/store.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iomanip>
#include <ostream>
#include <string>
#include <vector>

#include <unistd.h>

#ifdef __EMSCRIPTEN__
#include <emscripten/heap.h>
#else
#include <sys/resource.h>
#endif

namespace clientele::cli {

namespace {

using Clock = std::chrono::steady_clock;

double seconds_since(Clock::time_point start) {
    return std::chrono::duration<double>(Clock::now() - start).count();
}

// Peak memory so far: the resident set natively, the WebAssembly heap under node.
double peak_mb() {
#ifdef __EMSCRIPTEN__
    return static_cast<double>(emscripten_get_heap_size()) / (1024.0 * 1024.0);
#else
    rusage u{};
    getrusage(RUSAGE_SELF, &u);
    return static_cast<double>(u.ru_maxrss) / 1024.0; // kilobytes on Linux
#endif
}

struct Step {
    std::string operation;
    std::int64_t rows = 0;
    double seconds = 0, peak_mb = 0;
};

// The steps of a job by stage (its title while the step ran): how many, and the longest.
struct Stage {
    std::string title;
    std::int64_t steps = 0;
    double longest_ms = 0;
};

// Runs a job as the app does, a step per frame of kFrameBudget, noting each stage's steps.
constexpr std::chrono::milliseconds kFrameBudget{8};
void run_in_frames(core::Job& job, std::vector<Stage>& stages) {
    bool done = false;
    while (!done) {
        const std::string title = job.title();
        const Clock::time_point start = Clock::now();
        done = job.step(kFrameBudget);
        const double ms = seconds_since(start) * 1000.0;
        if (stages.empty() || stages.back().title != title)
            stages.push_back({title});
        stages.back().steps++;
        stages.back().longest_ms = std::max(stages.back().longest_ms, ms);
    }
    if (!job.error().empty())
        throw CommandError("bench-io: " + job.error());
}

} // namespace

int run_bench_io(std::int64_t customers, bool json, std::ostream& out) {
    std::vector<Step> steps;
    std::vector<Stage> stages;
    auto record = [&](const std::string& op, std::int64_t rows, Clock::time_point start) {
        steps.push_back({op, rows, seconds_since(start), peak_mb()});
    };

    Clock::time_point t = Clock::now();
    const std::string csv = core::import::make_sample_customers_csv(customers, 42);
    record("generate the CSV (" + std::to_string(csv.size() / (1024 * 1024)) + " MB)", customers,
           t);

    core::Store shop(":memory:");
    core::import::Options options;
    options.entity = core::import::Entity::Customers;
    options.mode = core::import::Mode::AllOrNothing;
    options.today = "2026-11-23";
    t = Clock::now();
    core::import::ImportJob import_job(shop.db(), csv, options);
    run_in_frames(import_job, stages);
    const core::import::Report& report = import_job.report();
    if (!report.committed || report.imported != customers)
        throw CommandError("bench-io: the import did not take every row");
    record("import customers CSV (all or nothing)", report.imported, t);
    if (report.bulk) {
        // The two phases of a bulk import: the rows, then the indexes and derived tables.
        const double rows_s = report.work_seconds - report.rebuild_seconds;
        steps.push_back({"  of which reading and inserting rows", report.imported, rows_s,
                         steps.back().peak_mb});
        steps.push_back({"  of which indexes, search index, statistics", report.imported,
                         report.rebuild_seconds, steps.back().peak_mb});
    }

    t = Clock::now();
    core::CustomersExportJob exporter(shop.db(), core::CustomerQuery{}, {},
                                      core::prestashop_export_columns(),
                                      core::prestashop_export_headers(), core::csv::Format{}, 1);
    core::run_to_completion(exporter);
    record("export customers CSV (PrestaShop columns)", exporter.rows_written(), t);

    const std::string file = (std::filesystem::temp_directory_path() /
                              ("clientele-bench-" + std::to_string(::getpid()) + ".jsonl"))
                                 .string();
    {
        t = Clock::now();
        std::ofstream snapshot(file, std::ios::binary);
        const core::SnapshotSummary s = core::export_snapshot(shop.db(), snapshot);
        record("snapshot export (" + std::to_string(s.bytes / (1024 * 1024)) + " MB)", s.rows, t);
    }
    {
        core::Store copy(":memory:");
        t = Clock::now();
        std::ifstream snapshot(file, std::ios::binary);
        core::SnapshotImportJob restore(copy.db(), snapshot);
        run_in_frames(restore, stages);
        record("snapshot import into an empty shop", restore.rows_loaded(), t);
    }
    std::remove(file.c_str());

    if (json) {
        nlohmann::json j;
        j["customers"] = customers;
        for (const Step& s : steps)
            j["steps"].push_back({{"operation", s.operation},
                                  {"rows", s.rows},
                                  {"seconds", s.seconds},
                                  {"rows_per_s", s.seconds > 0 ? s.rows / s.seconds : 0},
                                  {"peak_mb", s.peak_mb}});
        for (const Stage& s : stages)
            j["stages"].push_back(
                {{"job", s.title}, {"steps", s.steps}, {"longest_step_ms", s.longest_ms}});
        out << j.dump(2) << "\n";
        return 0;
    }
    out << "| operation | rows | seconds | rows/s | peak memory MB |\n|---|---:|---:|---:|---:|\n";
    for (const Step& s : steps)
        out << "| " << s.operation << " | " << s.rows << " | " << std::fixed << std::setprecision(2)
            << s.seconds << " | " << std::setprecision(0)
            << (s.seconds > 0 ? s.rows / s.seconds : 0) << " | " << s.peak_mb << " |\n";
    out << "\nThe import and the restore run as in the app, a step per frame of "
        << kFrameBudget.count()
        << " ms:\n\n| job · stage | steps | longest step ms |\n|---|---:|---:|\n";
    for (const Stage& s : stages)
        out << "| " << s.title << " | " << s.steps << " | " << std::fixed << std::setprecision(1)
            << s.longest_ms << " |\n";
    return 0;
}

} // namespace clientele::cli
