// Headless subcommands of the native binary (and of the node build of the CLI). Links core only.
//
//   clientele [--db FILE] [--demo-customers N]            open the app (no subcommand)
//   clientele --db FILE seed --customers N [--seed S]
//   clientele --db FILE list customers [--search T] [--filter COL=VALUE]... [--sort COL[:desc]]
//                                      [--limit N] [--offset N] [--json]
//   clientele --db FILE show customer ID [--json]
//   clientele --db FILE stats [--json]
//   clientele bench [--customers N] [--json]
//
// Exit codes: 0 ok; 1 a user error (one line on stderr); 2 bad usage (help on stderr).
#pragma once

#include <cstdint>
#include <iosfwd>
#include <string>
#include <vector>

namespace clientele::cli {

struct Invocation {
    bool gui = true; // no subcommand: open the app
    std::string db_path;
    std::int64_t demo_customers = 0;
    std::vector<std::string> args; // the subcommand and its arguments
    std::string usage_error;       // a bad global option
};

Invocation parse_invocation(int argc, char** argv);
Invocation parse_invocation(const std::vector<std::string>& argv_without_program);

int run(const Invocation& inv, std::ostream& out, std::ostream& err);

// The help text.
const char* usage();

} // namespace clientele::cli
