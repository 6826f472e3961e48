#include "core/saved_views.h"

#include "core/audit.h"
#include "core/db.h"
#include "core/validate.h"

#include <stdexcept>

namespace clientele::core {

namespace {
SavedView read(Statement& st) {
    SavedView v;
    v.id = st.int64(0);
    v.screen = st.text(1);
    v.name = st.text(2);
    v.spec = nlohmann::json::parse(st.text(3), nullptr, false);
    if (v.spec.is_discarded())
        v.spec = nlohmann::json::object();
    v.is_default = st.int64(4) != 0;
    return v;
}
} // namespace

std::vector<SavedView> list_saved_views(Database& db, const std::string& screen) {
    std::vector<SavedView> out;
    Statement st = db.prepare("SELECT id, screen, name, spec, is_default FROM cl_saved_view "
                              "WHERE screen = ?1 ORDER BY name COLLATE NOCASE");
    st.bind(1, screen);
    while (st.step())
        out.push_back(read(st));
    return out;
}

std::int64_t save_view(Database& db, const std::string& screen, const std::string& name,
                       const nlohmann::json& spec) {
    if (name.empty() || !validate::fits_length(name, 64) || !validate::is_generic_name(name))
        throw std::invalid_argument("a view needs a name of 1 to 64 characters without <>={}");
    Transaction tx(db);
    std::int64_t batch = audit::begin_batch(db);
    Statement find = db.prepare("SELECT id FROM cl_saved_view WHERE screen = ?1 AND name = ?2");
    find.bind_all(screen, name);
    std::int64_t id = find.step() ? find.int64(0) : 0;
    if (id) {
        audit::tracked_update(db, batch, "cl_saved_view", {{"id", id}}, 0, "view saved: " + name,
                              [&] {
                                  db.prepare("UPDATE cl_saved_view SET spec = ?2 WHERE id = ?1")
                                      .bind_all(id, spec.dump())
                                      .run();
                              });
    } else {
        db.prepare("INSERT INTO cl_saved_view(screen, name, spec) VALUES (?1, ?2, ?3)")
            .bind_all(screen, name, spec.dump())
            .run();
        id = db.last_insert_id();
        audit::record(db, batch, "create", "cl_saved_view", 0, nullptr,
                      audit::snapshot(db, "cl_saved_view", {{"id", id}}), "view saved: " + name);
    }
    tx.commit();
    return id;
}

void delete_view(Database& db, std::int64_t id) {
    Transaction tx(db);
    std::int64_t batch = audit::begin_batch(db);
    audit::tracked_update(db, batch, "cl_saved_view", {{"id", id}}, 0, "view deleted", [&] {
        db.prepare("DELETE FROM cl_saved_view WHERE id = ?1").bind_all(id).run();
    });
    tx.commit();
}

void set_default_view(Database& db, const std::string& screen, std::int64_t id) {
    Transaction tx(db);
    std::int64_t batch = audit::begin_batch(db);
    Statement st = db.prepare(
        "SELECT id FROM cl_saved_view WHERE screen = ?1 AND (is_default = 1 OR id = ?2)");
    st.bind_all(screen, id);
    std::vector<std::int64_t> touched;
    while (st.step())
        touched.push_back(st.int64(0));
    for (std::int64_t v : touched) {
        audit::tracked_update(
            db, batch, "cl_saved_view", {{"id", v}}, 0, "default view changed", [&] {
                db.prepare("UPDATE cl_saved_view SET is_default = (id = ?2) WHERE id = ?1")
                    .bind_all(v, id)
                    .run();
            });
    }
    tx.commit();
}

std::optional<SavedView> default_view(Database& db, const std::string& screen) {
    Statement st = db.prepare("SELECT id, screen, name, spec, is_default FROM cl_saved_view "
                              "WHERE screen = ?1 AND is_default = 1 LIMIT 1");
    st.bind(1, screen);
    if (st.step())
        return read(st);
    return std::nullopt;
}

} // namespace clientele::core
