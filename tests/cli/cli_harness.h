// Shared by the CLI tests: the CLI run in-process with string streams, the demo shop seeded
// through it, and temporary files that no other test (or test process) uses, removed when the
// test ends. Also the names every CLI test file uses (cli, fs, json, Result, run_cli).
#pragma once

#include "cli/cli.h"

#include <nlohmann/json.hpp>

#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <system_error>
#include <vector>

#include <unistd.h>

namespace clientele::test {

struct Result {
    int code = -1;
    std::string out, err;
};

inline Result run_cli(const std::vector<std::string>& args) {
    std::ostringstream out, err;
    Result r;
    r.code = cli::run(cli::parse_invocation(args), out, err);
    r.out = out.str();
    r.err = err.str();
    return r;
}

// `seed` of the demo shop into the database file `db`, on the fixed day 2026-11-23.
inline Result seed_demo(const std::string& db, const std::string& customers,
                        const std::string& seed = "7") {
    return run_cli(
        {"--db", db, "seed", "--customers", customers, "--seed", seed, "--today", "2026-11-23"});
}

inline std::string read_file(const std::string& path) {
    std::ifstream f(path, std::ios::binary);
    std::ostringstream s;
    s << f.rdbuf();
    return s.str();
}

// A directory of its own under the temporary directory, removed with everything in it.
class TempDir {
public:
    TempDir() {
        static int counter = 0;
        const auto ticks = std::chrono::steady_clock::now().time_since_epoch().count();
        dir_ = std::filesystem::temp_directory_path() /
               ("clientele-cli-test-" + std::to_string(static_cast<long long>(getpid())) + "-" +
                std::to_string(++counter) + "-" + std::to_string(static_cast<long long>(ticks)));
        std::filesystem::create_directories(dir_);
    }
    ~TempDir() {
        std::error_code ec;
        std::filesystem::remove_all(dir_, ec);
    }
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;
    std::string path(const std::string& name) const { return (dir_ / name).string(); }
    std::string write(const std::string& name, const std::string& text) const {
        std::ofstream(path(name), std::ios::binary) << text;
        return path(name);
    }

private:
    std::filesystem::path dir_;
};

// One file (a database, a snapshot) in a directory of its own.
class TempFile {
public:
    explicit TempFile(const std::string& name = "shop.db") : path_(dir_.path(name)) {}
    const std::string& path() const { return path_; }

private:
    TempDir dir_;
    std::string path_;
};

} // namespace clientele::test

namespace cli = clientele::cli;
namespace fs = std::filesystem;
using clientele::test::Result;
using clientele::test::run_cli;
using nlohmann::json;
