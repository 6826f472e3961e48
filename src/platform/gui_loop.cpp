#include "platform/gui_loop.h"
#include "platform/input_pacing.h"

#include "core/demo.h"
#include "core/loyalty_demo.h"

#include <SDL.h>
#include <algorithm>
#include <filesystem>
#include <fstream>
#include <imgui.h>
#include <imgui_impl_opengl3.h>
#include <imgui_impl_sdl.h>
#include <sstream>
#include <vector>

#ifdef __EMSCRIPTEN__
#include <GLES3/gl3.h>
#else
#include <SDL_opengl.h>
#endif

namespace clientele::platform {

GuiLoop::GuiLoop(SDL_Window* window, void* gl_context, const char* glsl_version, core::Store& store,
                 ui::Host& host)
    : window_(window) {
    IMGUI_CHECKVERSION();
    ImGui::CreateContext();
    ImGuiIO& io = ImGui::GetIO();
    io.IniFilename = nullptr; // layout is fixed; user settings live in the database
    // No ImGui keyboard navigation: arrow keys belong to the grid; Tab still moves between fields.
    // Desktop systems default to about half a second between the clicks of a double click.
    io.MouseDoubleClickTime = 0.45f;
    ImGui_ImplSDL2_InitForOpenGL(window, gl_context);
    ImGui_ImplOpenGL3_Init(glsl_version);
    app_ = std::make_unique<ui::App>(store, host);
}

GuiLoop::~GuiLoop() {
    app_.reset();
    ImGui_ImplOpenGL3_Shutdown();
    ImGui_ImplSDL2_Shutdown();
    ImGui::DestroyContext();
}

// A file dropped on the desktop window reaches the app like a file picked in the browser.
void GuiLoop::receive_dropped_file(const char* path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        app_->notify(std::string("cannot open ") + path);
        return;
    }
    std::ostringstream bytes;
    bytes << in.rdbuf();
    app_->receive_file(std::filesystem::path(path).filename().string(), bytes.str());
}

bool GuiLoop::frame() {
    // One state change per key per frame (see input_pacing.h); the rest waits.
    std::vector<SDL_Event> events;
    events.swap(deferred_);
    SDL_Event polled;
    while (SDL_PollEvent(&polled))
        events.push_back(polled);
    const std::size_t now = events_for_this_frame(events, [](const SDL_Event& e) {
        const bool change = (e.type == SDL_KEYDOWN && !e.key.repeat) || e.type == SDL_KEYUP;
        return change ? static_cast<int>(e.key.keysym.scancode) : -1;
    });
    deferred_.assign(events.begin() + static_cast<std::ptrdiff_t>(now), events.end());
    events.resize(now);
    for (const SDL_Event& event : events) {
        if (event.type == SDL_DROPFILE) {
            receive_dropped_file(event.drop.file);
            SDL_free(event.drop.file);
            continue;
        }
        ImGui_ImplSDL2_ProcessEvent(&event);
        if (event.type == SDL_QUIT)
            running_ = false;
        if (event.type == SDL_WINDOWEVENT && event.window.event == SDL_WINDOWEVENT_CLOSE &&
            event.window.windowID == SDL_GetWindowID(window_))
            running_ = false;
    }
    // Fonts are rasterised at the real pixel ratio (drawable size / window size).
    int ww = 0, wh = 0, dw = 0, dh = 0;
    SDL_GetWindowSize(window_, &ww, &wh);
    SDL_GL_GetDrawableSize(window_, &dw, &dh);
    const float ratio = ww > 0 ? static_cast<float>(dw) / static_cast<float>(ww) : 1.0f;
    if (app_->update_fonts(ratio)) {
        ImGui_ImplOpenGL3_DestroyFontsTexture();
        ImGui_ImplOpenGL3_CreateFontsTexture();
    }

    ImGui_ImplOpenGL3_NewFrame();
    ImGui_ImplSDL2_NewFrame();
    ImGui::NewFrame();
    app_->frame();
    ImGui::Render();
    glViewport(0, 0, dw, dh);
    const ImVec4 bg = ImGui::GetStyle().Colors[ImGuiCol_WindowBg];
    glClearColor(bg.x, bg.y, bg.z, 1.0f);
    glClear(GL_COLOR_BUFFER_BIT);
    ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());
    SDL_GL_SwapWindow(window_);
    return running_;
}

void seed_if_empty(core::Store& store, std::int64_t customers, int activity_percent) {
    if (!store.empty())
        return;
    core::DemoOptions options;
    options.customers = customers;
    options.activity_percent = activity_percent;
    options.today = core::now_datetime();
    core::generate_demo(store.db(), options);
    core::seed_loyalty_demo(store.db(), core::today_date()); // subscriptions and reviews
}

} // namespace clientele::platform
