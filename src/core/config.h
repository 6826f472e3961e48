// PrestaShop's configuration table (ps_configuration): one place that reads a value and writes
// one as an audited change (undo puts the old value back). Writes run inside the caller's
// transaction.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

namespace clientele::core {

class Database;

// The stored value, or nothing when the key is absent or NULL.
std::optional<std::string> read_config(Database& db, const std::string& name);

// Sets `name` to `value` unless it already holds it, recorded in audit batch `batch` (begun at
// the first change when 0). True when it wrote.
bool write_config(Database& db, std::int64_t& batch, const std::string& name,
                  const std::string& value, const std::string& summary);

// The same write, not audited (the app's own UI settings: language, theme, last screen).
void write_config_plain(Database& db, const std::string& name, const std::string& value);

} // namespace clientele::core
