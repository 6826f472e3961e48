// A tiny registry of widget rectangles by id, so tests (headless and in the browser) can click
// real widgets: views call register_widget right after drawing an item.
#pragma once

#include <string>

namespace clientele::ui::test_hooks {

struct Rect {
    float x = 0, y = 0, w = 0, h = 0;
};

// Records ImGui's last item rectangle under `id` for this frame.
void register_last_item(const char* id);
void register_rect(const char* id, Rect r);
// Rectangle in window (CSS) pixels; w = 0 when the widget was not drawn in the last frame.
Rect widget(const std::string& id);
// Called by the shell at the start of each frame.
void begin_frame();

} // namespace clientele::ui::test_hooks
