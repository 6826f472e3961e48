#include "platform/gui_loop.h"

#include "core/demo.h"

#include <SDL.h>
#include <imgui.h>
#include <imgui_impl_opengl3.h>
#include <imgui_impl_sdl.h>

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
    io.ConfigFlags |= ImGuiConfigFlags_NavEnableKeyboard;
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

bool GuiLoop::frame() {
    SDL_Event event;
    while (SDL_PollEvent(&event)) {
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

void seed_if_empty(core::Store& store, std::int64_t customers) {
    if (!store.empty())
        return;
    core::DemoOptions options;
    options.customers = customers;
    options.today = core::today_date();
    core::generate_demo(store.db(), options);
}

} // namespace clientele::platform
