// Shared by the CLI tests: the CLI run in-process with string streams, and temporary files
// that no other test (or test process) uses, removed when the test ends.
#pragma once

#include "cli/cli.h"

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
