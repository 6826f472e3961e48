// A column of the current row as a JSON value of the same SQLite type (the audit log's row
// snapshots, the GDPR export). BLOBs come out as their bytes in a string.
#pragma once

#include "core/db.h"

#include <nlohmann/json.hpp>

namespace clientele::core {

inline nlohmann::json column_json(const Statement& st, int col) {
    switch (st.kind(col)) {
    case ColumnKind::Integer:
        return st.int64(col);
    case ColumnKind::Real:
        return st.real(col);
    case ColumnKind::Text:
    case ColumnKind::Blob:
        return st.text(col);
    case ColumnKind::Null:
        break;
    }
    return nullptr;
}

} // namespace clientele::core
