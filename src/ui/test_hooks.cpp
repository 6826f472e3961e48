#include "ui/test_hooks.h"

#include <imgui.h>

#include <unordered_map>

namespace clientele::ui::test_hooks {

namespace {
struct Registry {
    std::unordered_map<std::string, Rect> current, previous;
};
Registry& registry() {
    static Registry r;
    return r;
}
} // namespace

void register_last_item(const char* id) {
    ImVec2 a = ImGui::GetItemRectMin(), b = ImGui::GetItemRectMax();
    register_rect(id, Rect{a.x, a.y, b.x - a.x, b.y - a.y});
}

void register_rect(const char* id, Rect r) {
    registry().current[id] = r;
}

// Queried between frames, so the frame just finished is `current`.
Rect widget(const std::string& id) {
    auto& r = registry();
    if (auto it = r.current.find(id); it != r.current.end())
        return it->second;
    auto it = r.previous.find(id);
    return it == r.previous.end() ? Rect{} : it->second;
}

void begin_frame() {
    auto& r = registry();
    r.previous.swap(r.current);
    r.current.clear();
}

} // namespace clientele::ui::test_hooks
