// `bench`: builds a demo shop of N customers and measures what the back office feels: insert
// rate, then first-page latency of global searches, column filters, sorts, deep pages and the
// customer sheet, through the same core calls the UI makes (a first page: the grid's counter
// stepped once per frame and a page tried after each step; the time is those frames' work
// until the page comes, their drawing aside). Then the grid's time-boxed count
// (core::CustomerCounter, one step per frame with an 8 ms budget) on the slow queries: the
// longest step against the one-statement count, and the page reads made with it. The inputs
// are taken from the generated data (fixed seed, fixed stride), so two runs of the same size
// do the same work.
//
// Sections: 1. timing and statistics  2. the database file  3. inputs sampled from the data
// 4. the measured operations  5. the report  6. run_bench
#include "cli/commands.h"
#include "core/customer_query.h"
#include "core/customer_sheet.h"
#include "core/demo.h"
#include "core/schema.h"
#include "core/store.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cctype>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <ostream>
#include <string>
#include <system_error>
#include <vector>

#include <unistd.h>

namespace clientele::cli {

namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

// The generator's "now": fixed so that ages, date filters and abandoned carts are the same on
// every run and every machine.
constexpr const char* kToday = "2026-11-23";
constexpr std::uint64_t kSeed = 42;
constexpr int kPageSize = 100; // the grid's first page

// --- 1. timing and statistics -----------------------------------------------------------------

double ms_since(Clock::time_point start) {
    return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
}

// Nearest-rank percentile: always one of the measured values, also for tiny samples.
double percentile(std::vector<double> v, double p) {
    if (v.empty())
        return 0;
    std::sort(v.begin(), v.end());
    auto rank = static_cast<std::size_t>(std::ceil(p / 100.0 * static_cast<double>(v.size())));
    return v[std::min(v.size(), std::max<std::size_t>(rank, 1)) - 1];
}

struct Series {
    std::string operation;
    std::vector<double> ms;
};

struct Stat {
    std::string operation;
    std::size_t count = 0;
    double p50 = 0, p95 = 0, max = 0;
};

Stat stat_of(const Series& s) {
    Stat st;
    st.operation = s.operation;
    st.count = s.ms.size();
    st.p50 = percentile(s.ms, 50);
    st.p95 = percentile(s.ms, 95);
    st.max = s.ms.empty() ? 0 : *std::max_element(s.ms.begin(), s.ms.end());
    return st;
}

// One family of operations (search, filter, ...): the total over all its kinds first, then a
// row per kind so a slow column or search shape stands out.
struct Family {
    Series all;
    std::vector<Series> kinds;

    explicit Family(std::string name) : all{std::move(name), {}} {}
    void add(const std::string& kind, double ms) {
        all.ms.push_back(ms);
        std::string op = all.operation + " " + kind;
        auto it = std::find_if(kinds.begin(), kinds.end(),
                               [&](const Series& s) { return s.operation == op; });
        if (it == kinds.end()) {
            kinds.push_back({op, {}});
            it = kinds.end() - 1;
        }
        it->ms.push_back(ms);
    }
};

// --- 2. the database file ---------------------------------------------------------------------

// Removes a temporary database and SQLite's side files when the bench ends, also on error.
// Declared before the Store so that the connection is closed first.
class FileGuard {
public:
    FileGuard(std::string path, bool remove) : path_(std::move(path)), remove_(remove) {}
    ~FileGuard() {
        if (!remove_)
            return;
        std::error_code ec;
        for (const char* suffix : {"", "-journal", "-wal", "-shm"})
            fs::remove(path_ + suffix, ec);
    }
    FileGuard(const FileGuard&) = delete;
    FileGuard& operator=(const FileGuard&) = delete;
    const std::string& path() const { return path_; }

private:
    std::string path_;
    bool remove_;
};

// A name no other bench (in this or another process) uses. Under Emscripten the CLI runs with
// NODERAWFS, so this is the host's temporary directory too.
std::string temporary_db_path() {
    static int counter = 0;
    auto ticks = std::chrono::system_clock::now().time_since_epoch().count();
    std::string name = "clientele-bench-" + std::to_string(static_cast<long long>(getpid())) + "-" +
                       std::to_string(static_cast<long long>(ticks)) + "-" +
                       std::to_string(++counter) + ".db";
    return (fs::temp_directory_path() / name).string();
}

// Rows of every PrestaShop table (the names come from the schema, not from input).
std::int64_t count_ps_rows(core::Database& db) {
    std::int64_t rows = 0;
    for (const char* table : core::schema_tables()) {
        std::string name = table;
        if (name.rfind("ps_", 0) == 0)
            rows += db.scalar_int("SELECT COUNT(*) FROM " + name);
    }
    return rows;
}

// --- 3. inputs sampled from the data ----------------------------------------------------------

struct Sample {
    std::int64_t id = 0;
    std::string firstname, lastname, email, company, ip, country;
};

// `n` customers spread evenly over the id range: the stride keeps the choice deterministic
// and covers old and new customers alike.
std::vector<Sample> sample_customers(core::Database& db, std::size_t n) {
    std::vector<Sample> out;
    std::int64_t lo = db.scalar_int("SELECT COALESCE(MIN(id_customer), 0) FROM ps_customer");
    std::int64_t hi = db.scalar_int("SELECT COALESCE(MAX(id_customer), 0) FROM ps_customer");
    if (hi < lo || n == 0)
        return out;
    std::int64_t stride = std::max<std::int64_t>(1, (hi - lo + 1) / static_cast<std::int64_t>(n));
    core::Statement st = db.prepare(R"SQL(
SELECT c.id_customer, c.firstname, c.lastname, c.email, COALESCE(c.company, ''),
  COALESCE(s.last_visit_ip, ''),
  COALESCE((SELECT cl.name FROM ps_country_lang cl WHERE cl.id_country = s.id_country
            ORDER BY cl.id_lang <> 1, cl.id_lang LIMIT 1), '')
FROM ps_customer c LEFT JOIN cl_customer_stats s ON s.id_customer = c.id_customer
WHERE c.id_customer >= ?1 ORDER BY c.id_customer LIMIT 1
)SQL");
    for (std::size_t i = 0; i < n; ++i) {
        st.reset();
        st.bind(1, lo + static_cast<std::int64_t>(i) * stride);
        if (!st.step())
            break;
        Sample s;
        s.id = st.int64(0);
        if (!out.empty() && out.back().id == s.id)
            continue;
        s.firstname = st.text(1);
        s.lastname = st.text(2);
        s.email = st.text(3);
        s.company = st.text(4);
        s.ip = st.text(5);
        s.country = st.text(6);
        out.push_back(std::move(s));
    }
    return out;
}

// The first `n` characters of UTF-8 text (names carry accents: never cut inside one).
std::string prefix_chars(const std::string& s, std::size_t n) {
    std::size_t i = 0;
    for (std::size_t chars = 0; i < s.size() && chars < n; ++chars) {
        ++i;
        while (i < s.size() && (static_cast<unsigned char>(s[i]) & 0xC0) == 0x80)
            ++i;
    }
    return s.substr(0, i);
}

struct Search {
    std::string kind, text;
};

// The global searches: the shapes people type, in a fixed rotation over the samples.
std::vector<Search> make_searches(const std::vector<Sample>& samples, int count) {
    static const char* kinds[] = {"first name", "last name", "full name", "e-mail",
                                  "company",    "id",        "ip prefix"};
    std::vector<Search> out;
    if (samples.empty())
        return out;
    for (int i = 0; i < count; ++i) {
        const std::size_t k = static_cast<std::size_t>(i) % 7;
        const std::size_t base = static_cast<std::size_t>(i) % samples.size();
        // Company and IP are optional: take the next sample that has one.
        auto next_with = [&](auto has) -> const Sample* {
            for (std::size_t j = 0; j < samples.size(); ++j) {
                const Sample& s = samples[(base + j) % samples.size()];
                if (has(s))
                    return &s;
            }
            return nullptr;
        };
        const Sample& s = samples[base];
        Search q{kinds[k], ""};
        switch (k) {
        case 0:
            q.text = s.firstname;
            break;
        case 1:
            q.text = s.lastname;
            break;
        case 2:
            q.text = s.firstname + " " + s.lastname;
            break;
        case 3:
            // The mailbox part: "jean.dupont" of "jean.dupont@example.fr".
            q.text = s.email.substr(0, s.email.find('@'));
            break;
        case 4:
            if (const Sample* c = next_with([](const Sample& x) { return !x.company.empty(); }))
                q.text = c->company;
            break;
        case 5:
            q.text = std::to_string(s.id);
            break;
        default:
            // The first two octets, as one types to find a network: "81.250.".
            if (const Sample* c = next_with([](const Sample& x) { return !x.ip.empty(); })) {
                auto dot = c->ip.find('.');
                dot = dot == std::string::npos ? dot : c->ip.find('.', dot + 1);
                q.text = dot == std::string::npos ? c->ip : c->ip.substr(0, dot + 1);
            }
            break;
        }
        if (q.text.empty()) { // no company or IP anywhere in a tiny shop
            q.kind = kinds[1];
            q.text = s.lastname;
        }
        out.push_back(std::move(q));
    }
    return out;
}

// One filter per column type, values drawn from the samples or from fixed ranges that make
// sense for the generator's data (dates end at kToday).
std::vector<core::ColumnFilter> make_filters(const std::vector<Sample>& samples) {
    auto pick = [&](std::size_t i, auto field) -> std::string {
        for (std::size_t j = 0; j < samples.size(); ++j) {
            std::string v = field(samples[(i + j) % samples.size()]);
            if (!v.empty())
                return v;
        }
        return {};
    };
    std::vector<core::ColumnFilter> out;
    auto text = [&](const char* column, std::string value) {
        if (value.empty())
            return;
        core::ColumnFilter f;
        f.column = column;
        f.text = std::move(value);
        out.push_back(std::move(f));
    };
    text("email", pick(1, [](const Sample& s) {
             auto at = s.email.find('@');
             return at == std::string::npos ? std::string() : s.email.substr(at + 1);
         }));
    text("lastname", prefix_chars(pick(2, [](const Sample& s) { return s.lastname; }), 3));
    text("company", prefix_chars(pick(3, [](const Sample& s) { return s.company; }), 3));
    text("country", pick(4, [](const Sample& s) { return s.country; }));
    auto range = [&](const char* column, double min, double max) {
        core::ColumnFilter f;
        f.column = column;
        f.min = min;
        f.max = max;
        out.push_back(std::move(f));
    };
    range("sales", 100, 1000);
    range("valid_orders", 1, 3);
    range("age", 30, 50);
    auto dates = [&](const char* column, const char* from, const char* to) {
        core::ColumnFilter f;
        f.column = column;
        f.date_from = from;
        f.date_to = to;
        out.push_back(std::move(f));
    };
    dates("date_add", "2025-11-24", kToday);
    dates("last_visit", "2026-08-25", kToday);
    for (const char* column : {"active", "newsletter", "optin"}) {
        core::ColumnFilter f;
        f.column = column;
        f.yes = true;
        out.push_back(std::move(f));
    }
    // A column this build's grid does not have is left out rather than failing the bench.
    out.erase(std::remove_if(out.begin(), out.end(),
                             [](const core::ColumnFilter& f) {
                                 return core::find_customer_column(f.column) == nullptr;
                             }),
              out.end());
    return out;
}

// --- 4. the measured operations ---------------------------------------------------------------

core::CustomerQuery base_query() {
    core::CustomerQuery q;
    q.limit = kPageSize;
    q.today = kToday;
    return q;
}

constexpr auto kCountBudget = std::chrono::milliseconds(8);

// Times one first page as the grid gets it: a core::CustomerCounter stepped once per frame
// (kCountBudget each) and after each step a try at the page, until the page comes. The time is
// the work of those frames (count steps and page reads). `orders`: the grid's sort orders in
// memory, one cache for the whole run as one grid has.
using Orders = std::shared_ptr<core::CustomerOrderCache>;
double time_first_page(core::Database& db, const core::CustomerQuery& q, const Orders& orders) {
    core::CustomerCounter counter(db, q, 1, orders);
    double ms = 0;
    for (;;) {
        const auto start = Clock::now();
        counter.step(start + kCountBudget);
        const auto page = core::query_customers_counted(db, q, counter);
        ms += ms_since(start);
        if (page)
            return ms;
        if (counter.done() && !counter.busy())
            throw CommandError("no page after the count ended");
    }
}

// A counter of `q`'s matches run to its end (the count, the pass that indexes the matches and
// the reading of q's order into memory), as the grid has it once the result has settled.
std::unique_ptr<core::CustomerCounter>
settled_counter(core::Database& db, const core::CustomerQuery& q, const Orders& orders) {
    auto counter = std::make_unique<core::CustomerCounter>(db, q, 1, orders);
    while (!counter->done() || counter->busy())
        counter->step(Clock::now() + kCountBudget);
    return counter;
}

// The grid's count of one query, as the UI runs it: a step per frame within the budget, and
// after each step until it appears, the first page (one page read per frame at most).
struct CountRun {
    std::string query;
    std::int64_t matches = 0;
    double sync_ms = 0;               // count_customers, one statement
    std::int64_t steps = 0;           // frames the count took
    double worst_step_ms = 0;         // the longest step: what a frame spends counting
    double total_ms = 0;              // all steps
    std::int64_t first_page_step = 0; // the frame that showed the first page
    double first_page_ms = 0;         // the read that gave it
    double worst_try_ms = 0;          // the longest page read tried while counting
    std::int64_t pass_steps = 0;      // frames after the count that index the matches
    double deep_page_ms = 0;          // then the page in the middle of the result
};

CountRun run_count(core::Database& db, const std::string& name, const core::CustomerQuery& q,
                   const Orders& orders) {
    CountRun r;
    r.query = name;
    auto start = Clock::now();
    r.matches = core::count_customers(db, q);
    r.sync_ms = ms_since(start);
    core::CustomerCounter counter(db, q, 1, orders);
    // After a frame's step, until the first page came: a try at it.
    auto try_first_page = [&](std::int64_t frame) {
        if (r.first_page_step != 0)
            return;
        auto page_start = Clock::now();
        auto page = core::query_customers_counted(db, q, counter);
        const double page_ms = ms_since(page_start);
        r.worst_try_ms = std::max(r.worst_try_ms, page_ms);
        if (page) {
            r.first_page_step = frame;
            r.first_page_ms = page_ms;
        }
    };
    bool done = false;
    while (!done) {
        const auto step_start = Clock::now();
        done = counter.step(step_start + kCountBudget);
        const double step_ms = ms_since(step_start);
        r.worst_step_ms = std::max(r.worst_step_ms, step_ms);
        r.total_ms += step_ms;
        ++r.steps;
        try_first_page(r.steps);
    }
    if (counter.count() != r.matches)
        throw CommandError("the time-boxed count of '" + name + "' found " +
                           std::to_string(counter.count()) + " matches instead of " +
                           std::to_string(r.matches));
    // After a count an index answered at once, the following frames index the matches, then
    // read the query's order into memory (a frame's work too, within the same budget); a page
    // that would take longer than a frame meanwhile waits for them.
    while (counter.busy()) {
        const auto step_start = Clock::now();
        counter.step(step_start + kCountBudget);
        r.worst_step_ms = std::max(r.worst_step_ms, ms_since(step_start));
        ++r.pass_steps;
        try_first_page(r.steps + r.pass_steps);
    }
    if (r.first_page_step == 0) {
        auto page_start = Clock::now();
        if (!core::query_customers_counted(db, q, counter))
            throw CommandError("no page for '" + name + "' after its count");
        r.first_page_ms = ms_since(page_start);
        r.first_page_step = r.steps + r.pass_steps + 1;
    }
    core::CustomerQuery deep = q;
    deep.offset = r.matches / 2;
    auto page_start = Clock::now();
    core::query_customers_counted(db, deep, counter);
    r.deep_page_ms = ms_since(page_start);
    return r;
}

// The queries that are slow to count at a million customers: broad searches as typing
// begins, "contains" filters no index serves, and orders over a broad result.
std::vector<std::pair<std::string, core::CustomerQuery>>
make_count_queries(const std::vector<Sample>& samples,
                   const std::vector<core::ColumnFilter>& filters) {
    std::vector<std::pair<std::string, core::CustomerQuery>> out;
    if (samples.empty())
        return out;
    auto add = [&](const std::string& name, auto&& edit) {
        core::CustomerQuery q = base_query();
        edit(q);
        out.emplace_back(name, q);
    };
    auto lower = [](std::string s) {
        for (char& c : s)
            c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        return s;
    };
    const Sample& a = samples[0];
    const Sample& b = samples[samples.size() / 3];
    const Sample& c = samples[samples.size() * 2 / 3];
    const std::string letter = lower(prefix_chars(a.lastname, 1));
    const std::string id = std::to_string(b.id);
    add("search '" + letter + "'", [&](core::CustomerQuery& q) { q.search = letter; });
    add("search '" + letter + "' by last name", [&](core::CustomerQuery& q) {
        q.search = letter;
        q.sort.push_back({"lastname", false});
    });
    const std::string three = lower(prefix_chars(b.lastname, 3));
    add("search '" + three + "'", [&](core::CustomerQuery& q) { q.search = three; });
    add("search '" + three + "' by sales", [&](core::CustomerQuery& q) {
        q.search = three;
        q.sort.push_back({"sales", true});
    });
    add("search '" + c.firstname + "'", [&](core::CustomerQuery& q) { q.search = c.firstname; });
    add("search '" + id.substr(0, 1) + "'",
        [&](core::CustomerQuery& q) { q.search = id.substr(0, 1); });
    add("search '" + id.substr(0, 2) + "'",
        [&](core::CustomerQuery& q) { q.search = id.substr(0, 2); });
    for (const core::ColumnFilter& f : filters) {
        if (f.text.empty() ||
            (f.column != "email" && f.column != "lastname" && f.column != "company"))
            continue;
        add(f.column + " contains '" + f.text + "'",
            [&](core::CustomerQuery& q) { q.filters.push_back(f); });
        if (f.column == "lastname")
            add(f.column + " contains '" + f.text + "' by last name", [&](core::CustomerQuery& q) {
                q.filters.push_back(f);
                q.sort.push_back({"lastname", false});
            });
    }
    add("everyone by country", [](core::CustomerQuery& q) { q.sort.push_back({"country", true}); });
    return out;
}

// --- 5. the report ----------------------------------------------------------------------------

std::string fixed(double v, int decimals) {
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.*f", decimals, v);
    return buf;
}

std::string pad_left(const std::string& s, std::size_t width) {
    return s.size() >= width ? s : std::string(width - s.size(), ' ') + s;
}

std::string pad_right(const std::string& s, std::size_t width) {
    // Characters, not bytes: queries quote names with accents.
    std::size_t chars = 0;
    for (char c : s)
        chars += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
    return chars >= width ? s : s + std::string(width - chars, ' ');
}

const char* platform_name() {
#ifdef __EMSCRIPTEN__
    return "wasm";
#else
    return "native";
#endif
}

} // namespace

// --- 6. run_bench -----------------------------------------------------------------------------

int run_bench(const BenchOptions& options, std::ostream& out) {
    const bool text = !options.json;
    auto progress = [&](const std::string& what) {
        if (text)
            std::cerr << what << "\n";
    };

    if (!options.db_file.empty() && fs::exists(options.db_file))
        throw CommandError("bench writes a new shop; " + options.db_file + " already exists");
    FileGuard file(options.db_file.empty() ? temporary_db_path() : options.db_file,
                   options.db_file.empty());
    core::Store store(file.path());
    core::Database& db = store.db();

    // Insert rate: the generator's single transaction, as `seed` and the first start run it.
    core::DemoOptions demo;
    demo.customers = options.customers;
    demo.seed = kSeed;
    demo.today = kToday;
    if (text) {
        demo.progress = [](std::int64_t done, std::int64_t total) {
            std::cerr << "\rgenerating " << done << " / " << total << " customers" << std::flush;
            return true;
        };
    }
    auto gen_start = Clock::now();
    core::generate_demo(db, demo);
    const double gen_seconds = std::max(ms_since(gen_start) / 1000.0, 1e-9);
    if (text)
        std::cerr << "\n";
    const std::int64_t customers = db.scalar_int("SELECT COUNT(*) FROM ps_customer");
    const std::int64_t rows = count_ps_rows(db);

    const std::size_t wanted = static_cast<std::size_t>(std::max(options.searches, 50));
    const std::vector<Sample> samples = sample_customers(db, wanted);

    const Orders orders = core::make_customer_order_cache();
    progress("searching");
    Family search("search");
    for (const Search& s : make_searches(samples, options.searches)) {
        core::CustomerQuery q = base_query();
        q.search = s.text;
        search.add(s.kind, time_first_page(db, q, orders));
    }

    progress("filtering");
    Family filter("filter");
    for (const core::ColumnFilter& f : make_filters(samples)) {
        core::CustomerQuery q = base_query();
        q.filters.push_back(f);
        filter.add(f.column, time_first_page(db, q, orders));
    }

    progress("sorting");
    Family sort("sort");
    for (const core::ColumnInfo& col : core::customer_columns()) {
        for (bool descending : {false, true}) {
            core::CustomerQuery q = base_query();
            q.sort.push_back({col.id, descending});
            sort.add(col.id, time_first_page(db, q, orders));
        }
    }

    progress("paging");
    Family page("page");
    // Scrolling to a deep page once the result has settled: one page read, as the grid makes it.
    // By id (the default), by last name (an index with ties to break), by sales (a column of the
    // derived figures, mostly ties) and by country (a looked-up name).
    const std::vector<std::vector<core::SortSpec>> page_orders = {
        {}, {{"lastname", false}}, {{"sales", true}}, {{"country", false}}};
    for (const auto& order : page_orders) {
        core::CustomerQuery q = base_query();
        q.sort = order;
        const auto settled = settled_counter(db, q, orders);
        const std::int64_t total = settled->count();
        for (int percent : {10, 50, 90, 99}) {
            q.offset = total * percent / 100;
            const auto start = Clock::now();
            if (!core::query_customers_counted(db, q, *settled))
                throw CommandError("no deep page from a settled count");
            page.add(std::to_string(percent) + "%", ms_since(start));
        }
    }

    progress("counting in time-boxed steps");
    std::vector<CountRun> counts;
    for (const auto& [name, q] : make_count_queries(samples, make_filters(samples)))
        counts.push_back(run_count(db, name, q, orders));
    double count_worst_step = 0, count_sync_max = 0;
    for (const CountRun& r : counts) {
        count_worst_step = std::max(count_worst_step, r.worst_step_ms);
        count_sync_max = std::max(count_sync_max, r.sync_ms);
    }

    progress("loading customer sheets");
    Series sheet{"sheet", {}};
    for (std::size_t i = 0; i < samples.size() && i < 50; ++i) {
        auto start = Clock::now();
        auto s = core::load_customer_sheet(db, samples[i].id, 1, kToday);
        sheet.ms.push_back(ms_since(start));
        if (!s)
            throw CommandError("customer " + std::to_string(samples[i].id) + " vanished");
    }

    std::vector<Stat> stats;
    for (Family* f : {&search, &filter, &sort, &page}) {
        stats.push_back(stat_of(f->all));
        for (const Series& k : f->kinds)
            stats.push_back(stat_of(k));
    }
    stats.push_back(stat_of(sheet));

    const double customers_per_s = static_cast<double>(customers) / gen_seconds;
    const double rows_per_s = static_cast<double>(rows) / gen_seconds;
    const std::int64_t db_bytes = db.size_bytes();

    if (options.json) {
        nlohmann::json j;
        j["customers"] = customers;
        j["rows_total"] = rows;
        j["insert_seconds"] = gen_seconds;
        j["insert_customers_per_s"] = customers_per_s;
        j["insert_rows_per_s"] = rows_per_s;
        j["search_p50_ms"] = stat_of(search.all).p50;
        j["search_p95_ms"] = stat_of(search.all).p95;
        j["filter_p95_ms"] = stat_of(filter.all).p95;
        j["sort_p95_ms"] = stat_of(sort.all).p95;
        j["page_p95_ms"] = stat_of(page.all).p95;
        j["sheet_p95_ms"] = stat_of(sheet).p95;
        j["db_bytes"] = db_bytes;
        j["platform"] = platform_name();
        j["rows"] = nlohmann::json::array();
        for (const Stat& s : stats)
            j["rows"].push_back({{"operation", s.operation},
                                 {"count", s.count},
                                 {"p50_ms", s.p50},
                                 {"p95_ms", s.p95},
                                 {"max_ms", s.max}});
        j["count_budget_ms"] = static_cast<double>(kCountBudget.count());
        j["count_worst_step_ms"] = count_worst_step;
        j["count_sync_max_ms"] = count_sync_max;
        j["count"] = nlohmann::json::array();
        for (const CountRun& r : counts)
            j["count"].push_back({{"query", r.query},
                                  {"matches", r.matches},
                                  {"sync_ms", r.sync_ms},
                                  {"steps", r.steps},
                                  {"worst_step_ms", r.worst_step_ms},
                                  {"total_ms", r.total_ms},
                                  {"first_page_frame", r.first_page_step},
                                  {"first_page_ms", r.first_page_ms},
                                  {"worst_try_ms", r.worst_try_ms},
                                  {"pass_steps", r.pass_steps},
                                  {"deep_page_ms", r.deep_page_ms}});
        out << j.dump() << "\n";
        return 0;
    }

    out << "Clientèle bench (" << platform_name() << "): " << customers << " customers, " << rows
        << " rows in PrestaShop tables, database " << fixed(static_cast<double>(db_bytes) / 1e6, 1)
        << " MB\n";
    out << "insert: " << fixed(gen_seconds, 2) << " s, " << fixed(customers_per_s, 0)
        << " customers/s, " << fixed(rows_per_s, 0) << " rows/s\n\n";
    out << pad_right("operation", 28) << pad_left("count", 7) << pad_left("p50 ms", 11)
        << pad_left("p95 ms", 11) << pad_left("max ms", 11) << "\n";
    for (const Stat& s : stats) {
        // Kinds are indented under their family's total.
        bool family = s.operation.find(' ') == std::string::npos;
        out << pad_right((family ? "" : "  ") + s.operation, 28)
            << pad_left(std::to_string(s.count), 7) << pad_left(fixed(s.p50, 3), 11)
            << pad_left(fixed(s.p95, 3), 11) << pad_left(fixed(s.max, 3), 11) << "\n";
    }
    // The grid's count: what one frame spends (the worst step) against one statement.
    out << "\ntime-boxed count, " << kCountBudget.count()
        << " ms budget per frame (sync: one statement; steps: frames counting; worst step: the "
           "longest frame's count work; page: the first page's read and its frame; try: longest "
           "page read while counting; pass: frames after the count, indexing the matches (after a "
           "count done at once) and reading the order into memory; deep: then the page at 50%)\n";
    out << pad_right("query", 37) << pad_left("matches", 8) << pad_left("sync ms", 9)
        << pad_left("steps", 6) << pad_left("worst step", 11) << pad_left("total ms", 9)
        << pad_left("page ms", 8) << pad_left("frame", 6) << pad_left("try ms", 7)
        << pad_left("pass", 5) << pad_left("deep ms", 8) << "\n";
    for (const CountRun& r : counts)
        out << pad_right(r.query, 37) << pad_left(std::to_string(r.matches), 8)
            << pad_left(fixed(r.sync_ms, 1), 9) << pad_left(std::to_string(r.steps), 6)
            << pad_left(fixed(r.worst_step_ms, 1), 11) << pad_left(fixed(r.total_ms, 1), 9)
            << pad_left(fixed(r.first_page_ms, 1), 8)
            << pad_left(std::to_string(r.first_page_step), 6)
            << pad_left(fixed(r.worst_try_ms, 1), 7) << pad_left(std::to_string(r.pass_steps), 5)
            << pad_left(fixed(r.deep_page_ms, 1), 8) << "\n";
    return 0;
}

} // namespace clientele::cli
