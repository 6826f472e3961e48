// The part of the main loop both targets share: ImGui context, SDL2 + OpenGL backends, the
// app shell, and one frame. native.cpp and web.cpp own the window and persistence.
#pragma once

#include "core/store.h"
#include "ui/app.h"

#include <memory>

#include <SDL.h>

#include <vector>

namespace clientele::platform {

class GuiLoop {
public:
    // `window` has a current GL context; `glsl_version` matches it ("#version 130" on desktop
    // GL 3, "#version 300 es" on WebGL 2).
    GuiLoop(SDL_Window* window, void* gl_context, const char* glsl_version, core::Store& store,
            ui::Host& host);
    ~GuiLoop();

    // Processes pending events and draws one frame. Returns false once the user quits.
    bool frame();
    ui::App& app() { return *app_; }

private:
    void receive_dropped_file(const char* path);
    SDL_Window* window_;
    std::unique_ptr<ui::App> app_;
    bool running_ = true;
    std::vector<SDL_Event> deferred_; // events held back to the next frame
};

// Seeds the demo shop into an empty store (first start).
void seed_if_empty(core::Store& store, std::int64_t customers, int activity_percent = 100);

} // namespace clientele::platform
