#include "ui/theme.h"

#include <imgui.h>

extern const unsigned char clientele_font_regular[];
extern const unsigned long clientele_font_regular_size;

namespace clientele::ui {

namespace {
Theme g_theme = Theme::Light;

void common_style(ImGuiStyle& s) {
    s.WindowRounding = 0.0f;
    s.FrameRounding = 3.0f;
    s.GrabRounding = 3.0f;
    s.TabRounding = 3.0f;
    s.FramePadding = ImVec2(8, 4);
    s.ItemSpacing = ImVec2(8, 6);
    s.CellPadding = ImVec2(6, 3);
    s.ScrollbarSize = 14.0f;
    s.WindowBorderSize = 0.0f;
    s.ChildBorderSize = 1.0f;
}
} // namespace

void apply_theme(Theme theme) {
    g_theme = theme;
    ImGuiStyle& s = ImGui::GetStyle();
    if (theme == Theme::Dark) {
        ImGui::StyleColorsDark(&s);
        s.Colors[ImGuiCol_WindowBg] = ImVec4(0.11f, 0.12f, 0.14f, 1.0f);
        s.Colors[ImGuiCol_ChildBg] = ImVec4(0.13f, 0.14f, 0.16f, 1.0f);
    } else {
        ImGui::StyleColorsLight(&s);
        s.Colors[ImGuiCol_WindowBg] = ImVec4(0.97f, 0.97f, 0.98f, 1.0f);
        s.Colors[ImGuiCol_ChildBg] = ImVec4(1.0f, 1.0f, 1.0f, 1.0f);
        s.Colors[ImGuiCol_TableRowBgAlt] = ImVec4(0.94f, 0.95f, 0.97f, 1.0f);
        // Fields, check boxes and radio buttons stand out from the white panels.
        s.Colors[ImGuiCol_FrameBg] = ImVec4(0.95f, 0.96f, 0.98f, 1.0f);
        s.Colors[ImGuiCol_Border] = ImVec4(0.72f, 0.74f, 0.78f, 0.80f);
    }
    common_style(s);
    s.FrameBorderSize = theme == Theme::Light ? 1.0f : 0.0f;
}

void build_fonts(float pixel_ratio) {
    ImGuiIO& io = ImGui::GetIO();
    io.Fonts->Clear();
    // Latin, Latin-1, Latin Extended-A and -B (ł œ ő ș), general punctuation (– — … ‘ ’ “ ”),
    // currency (€), arrows, geometric shapes and symbols used as markers (● ▲ ✓ ✗ ✉ ☎).
    static const ImWchar ranges[] = {0x0020, 0x024F, 0x2000, 0x206F, 0x20AC, 0x20AC,
                                     0x2190, 0x21FF, 0x2200, 0x22FF, 0x25A0, 0x25FF,
                                     0x2600, 0x26FF, 0x2700, 0x27BF, 0};
    ImFontConfig cfg;
    cfg.FontDataOwnedByAtlas = false; // the TTF is a constant inside the binary
    cfg.OversampleH = 2;
    cfg.OversampleV = 1;
    cfg.PixelSnapH = false;
    io.Fonts->AddFontFromMemoryTTF(const_cast<unsigned char*>(clientele_font_regular),
                                   static_cast<int>(clientele_font_regular_size),
                                   kFontSize * pixel_ratio, &cfg, ranges);
    io.FontGlobalScale = 1.0f / pixel_ratio;
    io.Fonts->Build();
}

const Palette& palette() {
    static const Palette light{IM_COL32(30, 130, 60, 255), IM_COL32(190, 120, 0, 255),
                               IM_COL32(200, 40, 40, 255), IM_COL32(110, 110, 120, 255)};
    static const Palette dark{IM_COL32(90, 200, 120, 255), IM_COL32(240, 180, 60, 255),
                              IM_COL32(240, 90, 90, 255), IM_COL32(150, 150, 160, 255)};
    return g_theme == Theme::Dark ? dark : light;
}

} // namespace clientele::ui
