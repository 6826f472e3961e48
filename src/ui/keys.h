// Keyboard shortcuts with Dear ImGui 1.86's key model (io.KeysDown indexed by the backend's
// codes, io.KeyMap mapping the few named keys). Letters beyond A/C/V/X/Y/Z have no ImGuiKey,
// so they are found relative to the backend's code for A: SDL scancodes (and the test
// harness) number the letters A..Z contiguously, as USB HID usage codes do.
#pragma once

#include <imgui.h>

namespace clientele::ui::keys {

inline bool ctrl() {
    const ImGuiIO& io = ImGui::GetIO();
    return io.KeyCtrl || io.KeySuper; // Ctrl on Linux/Windows, Cmd on macOS
}

inline bool shift() {
    return ImGui::GetIO().KeyShift;
}

inline bool letter_pressed(char upper) {
    const int a = ImGui::GetIO().KeyMap[ImGuiKey_A];
    return a >= 0 && ImGui::IsKeyPressed(a + (upper - 'A'), false);
}

inline bool pressed(ImGuiKey key, bool repeat = true) {
    const int index = ImGui::GetKeyIndex(key);
    return index >= 0 && ImGui::IsKeyPressed(index, repeat);
}

} // namespace clientele::ui::keys
