// The app shell: sidebar navigation to the views, a top bar (language, theme), the status
// bar (database figures, saved indicator) and the font/theme state. Platform-independent:
// the native and web main loops call update_fonts() and frame() between NewFrame and Render.
#pragma once

#include "core/jobs.h"
#include "core/store.h"
#include "ui/host.h"
#include "ui/theme.h"
#include "ui/view.h"

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace clientele::ui {

// What views may ask of the shell: open windows, run jobs, tell the user something.
class Navigator {
public:
    virtual ~Navigator() = default;
    // Opens (or focuses) the customer's sheet window.
    virtual void open_customer(std::int64_t id) = 0;
    // Opens the customer form; 0 creates a new customer.
    virtual void edit_customer(std::int64_t id) = 0;
    // Runs a job a few milliseconds per frame behind a progress dialog; `done` runs after it.
    virtual void run_job(std::unique_ptr<core::Job> job,
                         std::function<void(core::Job&)> done = nullptr) = 0;
    virtual bool job_running() const = 0;
    // Opens a floating window (or focuses the one with the same window_id()).
    virtual void open(std::unique_ptr<class Window> window) = 0;
    // A short message shown for a few seconds.
    virtual void notify(const std::string& message) = 0;
};

// What every view gets: the shop, the platform and the shell.
struct Context {
    core::Store& store;
    Host& host;
    Navigator& nav;
};

// A floating window (customer sheet, customer form): several can be open at once.
class Window {
public:
    virtual ~Window() = default;
    // Unique per window ("sheet.42"), used to focus instead of opening twice.
    virtual std::string window_id() const = 0;
    // Draws; returns false once the user closed it.
    virtual bool draw() = 0;
    // What tests may read about it (JSON text).
    virtual std::string state_json() const { return "{}"; }
    // A window that asked the platform's file picker for a file gets the file picked
    // (App::receive_file), instead of the import screen.
    virtual bool wants_file() const { return false; }
    virtual void receive_file(const std::string& name, std::string bytes) {
        (void)name;
        (void)bytes;
    }
};

class App : public Navigator {
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
    // A file the user picked in the browser or dropped on the window: the import & export
    // screen takes it.
    void receive_file(const std::string& name, std::string bytes);
    void set_language(const std::string& iso);
    void set_theme(Theme theme);
    Theme theme() const { return theme_; }

    // App state for tests: view, language, theme, save state, figures, and the views' own.
    std::string state_json();

    // Navigator
    void open_customer(std::int64_t id) override;
    void edit_customer(std::int64_t id) override;
    void run_job(std::unique_ptr<core::Job> job,
                 std::function<void(core::Job&)> done = nullptr) override;
    bool job_running() const override { return job_ != nullptr; }
    void notify(const std::string& message) override;
    void open(std::unique_ptr<Window> window) override { open_window(std::move(window)); }

    // Undo / redo the last change (Ctrl+Z, Ctrl+Shift+Z).
    void undo();
    void redo();
    const std::vector<std::unique_ptr<Window>>& windows() const { return windows_; }
    // For headless tests: the views and the context they share.
    std::vector<View*> views_for_tests() {
        std::vector<View*> v;
        for (auto& p : views_)
            v.push_back(p.get());
        return v;
    }
    Context& context_for_tests() { return ctx_; }

private:
    void draw_top_bar();
    void draw_sidebar();
    void draw_status_bar();
    void refresh_counts();
    void draw_windows();
    void draw_job();
    void draw_notifications();
    void handle_shortcuts();
    void open_window(std::unique_ptr<Window> w);

    Context ctx_;
    std::vector<std::unique_ptr<View>> views_;
    std::vector<const char*> sections_; // the sidebar section of each view (translation key)
    std::string current_;
    Theme theme_ = Theme::Light;
    float pixel_ratio_ = 0.0f;
    std::vector<std::pair<std::string, std::int64_t>> counts_;
    std::int64_t db_bytes_ = 0;
    std::uint64_t counts_version_ = ~0ull;
    std::vector<std::unique_ptr<Window>> windows_;
    // Windows opened while windows_ is being drawn join it after the loop.
    std::vector<std::unique_ptr<Window>> opening_;
    std::string focus_window_;
    std::unique_ptr<core::Job> job_;
    std::function<void(core::Job&)> job_done_;
    std::string message_;
    double message_until_ = 0;
    double frame_ms_ = 0; // CPU time of the last frame() (UI and queries, not the GPU)
};

} // namespace clientele::ui
