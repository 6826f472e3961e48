// Native desktop target: SDL2 window with an OpenGL 3 context, the database in a SQLite file
// (--db, default under $XDG_DATA_HOME/clientele/). Every commit is durable when it returns.
#include "platform/gui_loop.h"
#include "platform/platform.h"

#include <SDL.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>

namespace clientele::platform {

namespace {

class NativeHost : public ui::Host {
public:
    explicit NativeHost(std::filesystem::path dir) : dir_(std::move(dir)) {}
    const char* platform_name() const override { return "native"; }
    ui::SaveState save_state() const override { return ui::SaveState::Saved; }
    void open_url(const std::string& url) override {
        // xdg-open is asked through SDL (no shell, no string-built command line).
        SDL_OpenURL(url.c_str());
    }
    std::string offer_download(const std::string& filename, const std::string&,
                               const std::string& bytes) override {
        std::filesystem::path out = dir_ / "exports" / filename;
        std::filesystem::create_directories(out.parent_path());
        std::FILE* f = std::fopen(out.string().c_str(), "wb");
        if (!f)
            return "cannot write " + out.string();
        std::fwrite(bytes.data(), 1, bytes.size(), f);
        std::fclose(f);
        return out.string();
    }

private:
    std::filesystem::path dir_;
};

std::filesystem::path default_db_path() {
    const char* xdg = std::getenv("XDG_DATA_HOME");
    const char* home = std::getenv("HOME");
    std::filesystem::path base = (xdg && *xdg) ? std::filesystem::path(xdg)
                                 : (home && *home)
                                     ? std::filesystem::path(home) / ".local" / "share"
                                     : std::filesystem::current_path();
    return base / "clientele" / "clientele.db";
}

} // namespace

int run_gui(const GuiOptions& options) {
    std::filesystem::path db_path =
        options.db_path.empty() ? default_db_path() : std::filesystem::path(options.db_path);
    if (db_path.has_parent_path())
        std::filesystem::create_directories(db_path.parent_path());
    core::Store store(db_path.string());
    store.db().exec("PRAGMA journal_mode = WAL");
    seed_if_empty(store, options.demo_customers);

    if (SDL_Init(SDL_INIT_VIDEO | SDL_INIT_TIMER) != 0) {
        std::fprintf(stderr, "clientele: cannot start the display: %s\n", SDL_GetError());
        return 1;
    }
    SDL_GL_SetAttribute(SDL_GL_CONTEXT_FLAGS, 0);
    SDL_GL_SetAttribute(SDL_GL_CONTEXT_PROFILE_MASK, SDL_GL_CONTEXT_PROFILE_CORE);
    SDL_GL_SetAttribute(SDL_GL_CONTEXT_MAJOR_VERSION, 3);
    SDL_GL_SetAttribute(SDL_GL_CONTEXT_MINOR_VERSION, 2);
    SDL_GL_SetAttribute(SDL_GL_DOUBLEBUFFER, 1);
    SDL_Window* window =
        SDL_CreateWindow("Clientèle", SDL_WINDOWPOS_CENTERED, SDL_WINDOWPOS_CENTERED, 1280, 800,
                         SDL_WINDOW_OPENGL | SDL_WINDOW_RESIZABLE | SDL_WINDOW_ALLOW_HIGHDPI);
    if (!window) {
        std::fprintf(stderr, "clientele: cannot open a window: %s\n", SDL_GetError());
        SDL_Quit();
        return 1;
    }
    SDL_GLContext gl = SDL_GL_CreateContext(window);
    if (!gl) {
        std::fprintf(stderr, "clientele: OpenGL 3.2 is not available: %s\n", SDL_GetError());
        SDL_DestroyWindow(window);
        SDL_Quit();
        return 1;
    }
    SDL_GL_MakeCurrent(window, gl);
    SDL_GL_SetSwapInterval(1);
    {
        NativeHost host(db_path.parent_path());
        GuiLoop loop(window, gl, "#version 150", store, host);
        while (loop.frame()) {
        }
    }
    SDL_GL_DeleteContext(gl);
    SDL_DestroyWindow(window);
    SDL_Quit();
    return 0;
}

} // namespace clientele::platform
