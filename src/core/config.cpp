#include "core/config.h"

#include "core/audit.h"
#include "core/db.h"
#include "core/store.h"

namespace clientele::core {

std::optional<std::string> read_config(Database& db, const std::string& name) {
    Statement st = db.prepare("SELECT value FROM ps_configuration WHERE name = ?1");
    st.bind(1, name);
    if (!st.step() || st.is_null(0))
        return std::nullopt;
    return st.text(0);
}

void write_config_plain(Database& db, const std::string& name, const std::string& value) {
    db.prepare("INSERT INTO ps_configuration(name, value, date_add, date_upd) VALUES (?1, ?2, ?3, "
               "?3) ON CONFLICT(name) DO UPDATE SET value = excluded.value, date_upd = "
               "excluded.date_upd")
        .bind_all(name, value, now_datetime())
        .run();
}

bool write_config(Database& db, std::int64_t& batch, const std::string& name,
                  const std::string& value, const std::string& summary) {
    const auto current = read_config(db, name);
    if (current && *current == value)
        return false;
    if (!batch)
        batch = audit::begin_batch(db);
    audit::tracked_update(db, batch, "ps_configuration", {{"name", name}}, 0, summary,
                          [&] { write_config_plain(db, name, value); });
    return true;
}

} // namespace clientele::core
