// The app shell: sidebar navigation to the views, a top bar (language, theme), the status
// bar (database figures, saved indicator) and the font/theme state. Platform-independent:
// the native and web main loops call update_fonts() and frame() between NewFrame and Render.
#pragma once

#include "core/store.h"
#include "ui/host.h"
#include "ui/theme.h"
#include "ui/view.h"

#include <cstdint>
#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace clientele::ui {

// What every view gets: the shop and the platform.
struct Context {
    core::Store& store;
    Host& host;
};

class App {
public:
    App(core::Store& store, Host& host);
    ~App();

    // Rebuilds the font atlas when the pixel ratio changed. Returns true when it did, so the
    // renderer uploads the new texture.
    bool update_fonts(float pixel_ratio);
    // Draws the whole UI for one frame.
    void frame();

    void select_view(const std::string& id);
    const std::string& current_view() const { return current_; }
    std::vector<std::string> view_ids() const;
    void set_language(const std::string& iso);
    void set_theme(Theme theme);
    Theme theme() const { return theme_; }

    // App state for tests: view, language, theme, save state, figures, and the views' own.
    std::string state_json();

private:
    void draw_top_bar();
    void draw_sidebar();
    void draw_status_bar();
    void refresh_counts();

    Context ctx_;
    std::vector<std::unique_ptr<View>> views_;
    std::string current_;
    Theme theme_ = Theme::Light;
    float pixel_ratio_ = 0.0f;
    std::vector<std::pair<std::string, std::int64_t>> counts_;
    std::int64_t db_bytes_ = 0;
    std::uint64_t counts_version_ = ~0ull;
};

} // namespace clientele::ui
