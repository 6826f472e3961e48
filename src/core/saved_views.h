// Saved grid views: a named spec (columns, order, widths, filters, sort) per screen, one of
// which may be the default the screen opens with. Stored in cl_saved_view; writes are
// audited commands like any other.
#pragma once

#include <nlohmann/json.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace clientele::core {

class Database;

struct SavedView {
    std::int64_t id = 0;
    std::string screen, name;
    nlohmann::json spec;
    bool is_default = false;
};

std::vector<SavedView> list_saved_views(Database& db, const std::string& screen);
// Creates or replaces the view of that name; returns its id. Throws std::invalid_argument on
// an empty or overlong name.
std::int64_t save_view(Database& db, const std::string& screen, const std::string& name,
                       const nlohmann::json& spec);
void delete_view(Database& db, std::int64_t id);
// Makes `id` the screen's default (0: no default).
void set_default_view(Database& db, const std::string& screen, std::int64_t id);
std::optional<SavedView> default_view(Database& db, const std::string& screen);

} // namespace clientele::core
