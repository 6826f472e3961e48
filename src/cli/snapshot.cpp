// `snapshot export FILE` and `snapshot import FILE [--replace]`: the whole database as a
// JSON Lines snapshot (docs/snapshot.schema.json), streamed to and from the file by the same
// jobs the app runs. An export writes FILE.part and renames it when complete, so FILE is never
// a half-written snapshot; an import runs in one transaction, so a failure changes nothing.
#include "core/snapshot.h"
#include "cli/commands.h"
#include "core/store.h"

#include <cstdio>
#include <fstream>
#include <ostream>
#include <system_error>

namespace clientele::cli {

namespace {

std::string size_text(std::int64_t bytes) {
    char buf[32];
    if (bytes >= 1024 * 1024)
        std::snprintf(buf, sizeof buf, "%.1f MiB", static_cast<double>(bytes) / (1024.0 * 1024.0));
    else if (bytes >= 1024)
        std::snprintf(buf, sizeof buf, "%.1f KiB", static_cast<double>(bytes) / 1024.0);
    else
        std::snprintf(buf, sizeof buf, "%lld bytes", static_cast<long long>(bytes));
    return buf;
}

} // namespace

int snapshot_export(core::Store& store, const std::string& file, std::ostream& out) {
    const std::string part = file + ".part";
    core::SnapshotSummary s;
    {
        std::ofstream f(part, std::ios::binary | std::ios::trunc);
        if (!f)
            throw CommandError("cannot write " + part);
        try {
            s = core::export_snapshot(store.db(), f);
            f.close();
            if (!f)
                throw core::SnapshotError("cannot write " + part);
        } catch (const std::exception& e) {
            f.close();
            std::remove(part.c_str());
            throw CommandError(e.what());
        }
    }
    if (std::rename(part.c_str(), file.c_str()) != 0) {
        std::remove(part.c_str());
        throw CommandError("cannot write " + file);
    }
    out << "exported " << s.tables << " tables, " << s.rows << " rows (" << size_text(s.bytes)
        << ") to " << file << " in " << two_decimals(s.seconds) << " s\n";
    return 0;
}

int snapshot_import(core::Store& store, const std::string& file, bool replace, std::ostream& out) {
    std::ifstream f(file, std::ios::binary);
    if (!f)
        throw CommandError("cannot open " + file);
    if (!replace && !store.empty())
        throw CommandError("the database already holds customers: add --replace to replace its "
                           "whole content with the snapshot");
    core::SnapshotSummary s;
    try {
        s = core::import_snapshot(store.db(), f);
    } catch (const core::SnapshotError& e) {
        throw CommandError(std::string(e.what()) + " (the database was not changed)");
    }
    out << "imported " << s.tables << " tables, " << s.rows << " rows (" << size_text(s.bytes)
        << ") from " << file << " in " << two_decimals(s.seconds) << " s\n";
    return 0;
}

} // namespace clientele::cli
