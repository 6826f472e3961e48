// Web target: SDL2 (compiled from source) on a WebGL 2 canvas that follows the window size at
// the device pixel ratio; the database lives in IndexedDB through IDBFS and is flushed after
// every committed change. Also the small JS test interface (app state, widget rectangles).
//
// Sections: 1. JS glue  2. host  3. startup (mount, load, seed, main loop)  4. test interface
#include "platform/gui_loop.h"
#include "platform/platform.h"
#include "ui/test_hooks.h"

#include <SDL.h>
#include <emscripten.h>
#include <emscripten/html5.h>
#include <imgui.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <memory>
#include <string>

namespace {
constexpr const char* kPersistDir = "/persist";
constexpr const char* kDbPath = "/persist/clientele.db";
} // namespace

// --- 1. JS glue -------------------------------------------------------------------------------

// Mounts IndexedDB at /persist and loads it; then calls clientele_start(ok).
EM_JS(void, js_mount_and_load, (), {
    FS.mkdir('/persist');
    FS.mount(IDBFS, {}, '/persist');
    FS.syncfs(
        true, function(err) {
            if (err)
                console.error('Clientèle: cannot read IndexedDB', err);
            Module.ccall('clientele_start', null, ['number'], [err ? 0 : 1]);
        });
});

// Flushes /persist to IndexedDB; coalesces requests made while a flush runs, and reports
// back through clientele_on_synced(ok) once nothing is pending.
EM_JS(void, js_request_sync, (), {
    var s = Module.clienteleSync || (Module.clienteleSync = {busy : false, pending : false});
    if (s.busy) {
        s.pending = true;
        return;
    }
    s.busy = true;
    FS.syncfs(
        false, function done(err) {
            if (s.pending && !err) {
                s.pending = false;
                FS.syncfs(false, done);
                return;
            }
            s.busy = false;
            s.pending = false;
            if (err)
                console.error('Clientèle: cannot write IndexedDB', err);
            Module.ccall('clientele_on_synced', null, ['number'], [err ? 0 : 1]);
        });
});

EM_JS(void, js_set_loading, (const char* text, int visible), {
    var el = document.getElementById('loading');
    if (!el)
        return;
    if (visible) {
        var label = document.getElementById('loading-text');
        if (label)
            label.textContent = UTF8ToString(text);
        el.style.display = 'flex';
    } else {
        el.style.display = 'none';
    }
});

EM_JS(void, js_show_error, (const char* text), {
    if (Module.clienteleShowError)
        Module.clienteleShowError(UTF8ToString(text));
});

EM_JS(void, js_open_url, (const char* url), {
    var a = document.createElement('a');
    a.href = UTF8ToString(url);
    a.rel = 'noopener';
    document.body.appendChild(a);
    a.click();
    a.remove();
});

EM_JS(void, js_download, (const char* name, const char* mime, const char* data, int size), {
    var bytes = HEAPU8.slice(data, data + size);
    var blob = new Blob([bytes], {
        type:
            UTF8ToString(mime)
    });
    var a = document.createElement('a');
    a.href = URL.createObjectURL(blob);
    a.download = UTF8ToString(name);
    document.body.appendChild(a);
    a.click();
    setTimeout(
        function() {
            URL.revokeObjectURL(a.href);
            a.remove();
        },
        1000);
});

// Hands a browser File to the app: its bytes are copied into the module's memory and passed
// to clientele_receive_file (which copies them again), then freed.
EM_JS(void, js_install_file_intake, (), {
    Module.clienteleDeliverFile = function(file) {
        file.arrayBuffer().then(function(buffer) {
            var bytes = new Uint8Array(buffer);
            var nameLength = lengthBytesUTF8(file.name) + 1;
            var name = _malloc(nameLength);
            stringToUTF8(file.name, name, nameLength);
            var data = _malloc(bytes.length || 1);
            HEAPU8.set(bytes, data);
            _clientele_receive_file(name, data, bytes.length);
            _free(name);
            _free(data);
        });
    };
    window.addEventListener(
        'dragover', function(e) {
            e.preventDefault();
            e.dataTransfer.dropEffect = 'copy';
        });
    window.addEventListener(
        'drop', function(e) {
            e.preventDefault();
            if (e.dataTransfer.files.length > 0)
                Module.clienteleDeliverFile(e.dataTransfer.files[0]);
        });
});

// The browser's file picker (the click that asked for it still counts as a user gesture).
EM_JS(void, js_pick_file, (const char* accept), {
    var input = document.createElement('input');
    input.type = 'file';
    input.accept = UTF8ToString(accept);
    input.style.display = 'none';
    input.addEventListener(
        'change', function() {
            if (input.files.length > 0)
                Module.clienteleDeliverFile(input.files[0]);
            input.remove();
        });
    document.body.appendChild(input);
    input.click();
});

EM_JS(void, js_text_input, (int active), {
    if (Module.clienteleTextInput)
        Module.clienteleTextInput(active);
});

// `?bench=N` in the page's address: a throwaway in-memory shop of N demo customers, for the
// browser benchmark (web/bench-ui.mjs). 0 when absent. With it, `&activity=P`: the share of
// those customers who shop (orders, carts, messages; 100 when absent or out of range).
EM_JS(double, js_bench_customers, (), {
    var n = Number(new URLSearchParams(window.location.search).get('bench'));
    return n > 0 ? Math.floor(n) : 0;
});
EM_JS(int, js_bench_activity, (), {
    var p = new URLSearchParams(window.location.search).get('activity');
    var n = p ? Number(p) : 100;
    return n >= 0 && n <= 100 ? Math.floor(n) : 100;
});

EM_JS(double, js_inner_width, (), { return window.innerWidth; });
EM_JS(double, js_inner_height, (), { return window.innerHeight; });

namespace clientele::platform {

// --- 2. host ----------------------------------------------------------------------------------

namespace {

class WebHost : public ui::Host {
public:
    const char* platform_name() const override { return "web"; }
    ui::SaveState save_state() const override { return state_; }
    void open_url(const std::string& url) override { js_open_url(url.c_str()); }
    std::string offer_download(const std::string& filename, const std::string& mime,
                               const std::string& bytes) override {
        js_download(filename.c_str(), mime.c_str(), bytes.data(), static_cast<int>(bytes.size()));
        return filename;
    }
    bool can_pick_file() const override { return true; }
    void pick_file(const std::string& accept) override { js_pick_file(accept.c_str()); }
    bool read_path(const std::string&, std::string&, std::string& error) override {
        error = "the browser opens files through its file picker";
        return false;
    }
    void committed() {
        state_ = ui::SaveState::Saving;
        js_request_sync();
    }
    void synced(bool ok) { state_ = ok ? ui::SaveState::Saved : ui::SaveState::Failed; }

private:
    ui::SaveState state_ = ui::SaveState::Saved;
};

struct WebApp {
    GuiOptions options;
    std::unique_ptr<core::Store> store;
    WebHost host;
    SDL_Window* window = nullptr;
    SDL_GLContext gl = nullptr;
    std::unique_ptr<GuiLoop> loop;
    double css_w = 0, css_h = 0, ratio = 0;
};

WebApp& web_app() {
    static WebApp app;
    return app;
}

// Keeps the canvas the size of the window, at the device pixel ratio, so text stays crisp.
void follow_window_size(WebApp& app) {
    const double w = js_inner_width(), h = js_inner_height();
    const double ratio = emscripten_get_device_pixel_ratio();
    if (w == app.css_w && h == app.css_h && ratio == app.ratio)
        return;
    app.css_w = w;
    app.css_h = h;
    app.ratio = ratio;
    SDL_SetWindowSize(app.window, static_cast<int>(w), static_cast<int>(h));
    emscripten_set_canvas_element_size("#canvas", static_cast<int>(std::lround(w * ratio)),
                                       static_cast<int>(std::lround(h * ratio)));
    emscripten_set_element_css_size("#canvas", w, h);
}

void main_loop_step() {
    WebApp& app = web_app();
    follow_window_size(app);
    app.loop->frame();
    // While a text field is edited, the hidden text field holds the focus so composed and
    // inserted text reaches the app too.
    static int text_active = -1;
    const int active = ImGui::GetIO().WantTextInput ? 1 : 0;
    if (active != text_active) {
        js_text_input(active);
        text_active = active;
    }
}

void fail(const std::string& message) {
    std::fprintf(stderr, "Clientèle: %s\n", message.c_str());
    js_show_error(message.c_str());
}

} // namespace

// --- 3. startup -------------------------------------------------------------------------------

int run_gui(const GuiOptions& options) {
    web_app().options = options;
    js_set_loading("Loading your shop…", 1);
    js_mount_and_load(); // continues in clientele_start once IndexedDB is read
    return 0;
}

} // namespace clientele::platform

extern "C" {

EMSCRIPTEN_KEEPALIVE void clientele_start(int loaded_ok) {
    using namespace clientele;
    platform::WebApp& app = platform::web_app();
    if (!loaded_ok)
        std::fprintf(stderr, "Clientèle: starting without the saved data\n");
    const auto bench = static_cast<std::int64_t>(js_bench_customers());
    try {
        if (bench > 0) {
            // Nothing of a benchmark shop is persisted: IndexedDB keeps the user's shop.
            app.store = std::make_unique<core::Store>(":memory:");
            app.options.demo_customers = bench;
            app.options.demo_activity_percent = js_bench_activity();
        } else {
            app.store = std::make_unique<core::Store>(kDbPath);
            // No journal file beside the database: IDBFS then persists one consistent file.
            app.store->db().exec("PRAGMA journal_mode = MEMORY");
            app.store->db().add_commit_listener([&app] { app.host.committed(); });
        }
        if (app.store->empty()) {
            js_set_loading("Preparing the demo shop…", 1);
            platform::seed_if_empty(*app.store, app.options.demo_customers,
                                    app.options.demo_activity_percent);
        }
    } catch (const std::exception& e) {
        platform::fail(std::string("cannot open the database: ") + e.what());
        return;
    }
    (void)kPersistDir;

    if (SDL_Init(SDL_INIT_VIDEO | SDL_INIT_TIMER) != 0) {
        platform::fail(std::string("cannot start the display: ") + SDL_GetError());
        return;
    }
    SDL_GL_SetAttribute(SDL_GL_CONTEXT_FLAGS, 0);
    SDL_GL_SetAttribute(SDL_GL_CONTEXT_PROFILE_MASK, SDL_GL_CONTEXT_PROFILE_ES);
    SDL_GL_SetAttribute(SDL_GL_CONTEXT_MAJOR_VERSION, 3);
    SDL_GL_SetAttribute(SDL_GL_CONTEXT_MINOR_VERSION, 0);
    SDL_GL_SetAttribute(SDL_GL_DOUBLEBUFFER, 1);
    app.window =
        SDL_CreateWindow("Clientèle", SDL_WINDOWPOS_UNDEFINED, SDL_WINDOWPOS_UNDEFINED,
                         static_cast<int>(js_inner_width()), static_cast<int>(js_inner_height()),
                         SDL_WINDOW_OPENGL | SDL_WINDOW_RESIZABLE | SDL_WINDOW_ALLOW_HIGHDPI);
    if (!app.window) {
        platform::fail(std::string("cannot create the canvas window: ") + SDL_GetError());
        return;
    }
    app.gl = SDL_GL_CreateContext(app.window);
    if (!app.gl) {
        platform::fail("WebGL 2 is not available in this browser");
        return;
    }
    SDL_GL_MakeCurrent(app.window, app.gl);
    app.loop = std::make_unique<platform::GuiLoop>(app.window, app.gl, "#version 300 es",
                                                   *app.store, app.host);
    platform::follow_window_size(app);
    js_install_file_intake();
    js_set_loading("", 0);
    emscripten_set_main_loop(platform::main_loop_step, 0, false);
}

// Text from the hidden text field (composed characters, input methods) joins SDL's event queue,
// so it keeps its place among the keys typed around it (keys wait behind each other when they
// come faster than frames, see input_pacing.h).
EMSCRIPTEN_KEEPALIVE void clientele_text_input(const char* utf8) {
    const std::string text(utf8);
    SDL_Event event{};
    event.type = SDL_TEXTINPUT;
    const std::size_t room = sizeof(event.text.text) - 1;
    for (std::size_t from = 0; from < text.size();) {
        std::size_t n = std::min(room, text.size() - from);
        // Never split a UTF-8 sequence between two events.
        while (n > 0 && from + n < text.size() &&
               (static_cast<unsigned char>(text[from + n]) & 0xC0) == 0x80)
            --n;
        std::memset(event.text.text, 0, sizeof(event.text.text));
        std::memcpy(event.text.text, text.data() + from, n);
        SDL_PushEvent(&event);
        from += n;
    }
}

// A file the user picked or dropped on the page.
EMSCRIPTEN_KEEPALIVE void clientele_receive_file(const char* name, const char* data, int size) {
    auto& app = clientele::platform::web_app();
    if (app.loop)
        app.loop->app().receive_file(name, std::string(data, static_cast<std::size_t>(size)));
}

EMSCRIPTEN_KEEPALIVE void clientele_on_synced(int ok) {
    clientele::platform::web_app().host.synced(ok != 0);
}

// --- 4. test interface --------------------------------------------------------------------------

// App state as JSON ("{}" until the app runs).
EMSCRIPTEN_KEEPALIVE const char* clientele_test_state() {
    static std::string s;
    auto& app = clientele::platform::web_app();
    s = app.loop ? app.loop->app().state_json() : "{}";
    return s.c_str();
}

// A widget's rectangle in CSS pixels as JSON {"x":..,"y":..,"w":..,"h":..}.
EMSCRIPTEN_KEEPALIVE const char* clientele_test_widget(const char* id) {
    static std::string s;
    auto r = clientele::ui::test_hooks::widget(id);
    char buf[160];
    std::snprintf(buf, sizeof buf, "{\"x\":%.1f,\"y\":%.1f,\"w\":%.1f,\"h\":%.1f}", r.x, r.y, r.w,
                  r.h);
    s = buf;
    return s.c_str();
}

} // extern "C"
