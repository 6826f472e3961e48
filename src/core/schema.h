// Versioned schema migrations. Tables that mirror PrestaShop keep its names with the `ps_`
// prefix and its column names, so data moves between a shop and Clientèle without renaming;
// tables of our own (audit log, derived figures, search index, saved views) use `cl_`.
#pragma once

#include <vector>

namespace clientele::core {

class Database;

// The version this build writes; a database with a higher version is refused.
int schema_version_latest();
// Current `PRAGMA user_version` of the database.
int schema_version(Database& db);
// Applies every missing migration, each in its own transaction. Throws on a newer database.
void migrate(Database& db);
// The same, stopping after migration `up_to` (for tests of a migration).
void migrate(Database& db, int up_to);

// Names of every table the app owns, in dependency order (parents first).
const std::vector<const char*>& schema_tables();

} // namespace clientele::core
