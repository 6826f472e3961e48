// Drives the real app shell headlessly: an ImGui context without a window or renderer, frames
// rendered to draw lists, mouse and keyboard fed through ImGuiIO.
#pragma once

#include "core/db.h"
#include "core/demo.h"
#include "core/store.h"
#include "ui/app.h"
#include "ui/host.h"
#include "ui/test_hooks.h"

#include <imgui.h>
#include <nlohmann/json.hpp>

#include <memory>
#include <stdexcept>
#include <string>

namespace clientele::test {

class UiHarness {
public:
    explicit UiHarness(const std::string& db = ":memory:", float width = 1280, float height = 800)
        : store(db) {
        ImGui::CreateContext();
        ImGuiIO& io = ImGui::GetIO();
        io.IniFilename = nullptr;
        io.DisplaySize = ImVec2(width, height);
        io.DeltaTime = 1.0f / 60.0f;
        io.KeyMap[ImGuiKey_A] = kKeyA; // letters follow A, as SDL's scancodes do
        app = std::make_unique<ui::App>(store, host);
        app->update_fonts(1.0f);
        unsigned char* pixels = nullptr;
        int w = 0, h = 0;
        io.Fonts->GetTexDataAsRGBA32(&pixels, &w, &h);
    }
    ~UiHarness() {
        app.reset();
        ImGui::DestroyContext();
    }

    void frame(int count = 1) {
        for (int i = 0; i < count; ++i) {
            ImGui::NewFrame();
            app->frame();
            ImGui::Render();
        }
    }

    // Moves the mouse over a registered widget and clicks it (press and release frames).
    bool click(const std::string& widget_id) {
        ui::test_hooks::Rect r = ui::test_hooks::widget(widget_id);
        if (r.w <= 0)
            return false;
        ImGuiIO& io = ImGui::GetIO();
        io.MousePos = ImVec2(r.x + r.w / 2, r.y + r.h / 2);
        frame();
        io.MouseDown[0] = true;
        frame();
        io.MouseDown[0] = false;
        frame(2);
        return true;
    }

    // Ctrl (or Cmd) + a letter, held for one frame in which `typed` also arrives.
    void ctrl_letter(char upper, const std::string& typed = "") {
        ImGuiIO& io = ImGui::GetIO();
        io.KeyCtrl = true;
        io.KeysDown[kKeyA + (upper - 'A')] = true;
        io.AddInputCharactersUTF8(typed.c_str());
        frame();
        io.KeyCtrl = false;
        io.KeysDown[kKeyA + (upper - 'A')] = false;
    }

    void type(const std::string& text) {
        ImGui::GetIO().AddInputCharactersUTF8(text.c_str());
        frame(2);
    }

    static constexpr int kKeyA = 4;
    core::Store store;
    ui::NullHost host;
    std::unique_ptr<ui::App> app;
};

// The app on a demo shop of `customers` (generated as of `today`; "" is the real date), with
// what screen tests ask of it. Fixtures derive from it and add their own data.
struct DemoUi {
    explicit DemoUi(std::int64_t customers = 80, const std::string& today = "2026-11-23") {
        core::DemoOptions o;
        o.customers = customers;
        o.today = today.empty() ? core::today_date() : today;
        core::generate_demo(h.store.db(), o);
        h.frame(2);
    }
    // Shows the screen and returns its view.
    template <typename V> V& view(const std::string& id) {
        h.app->select_view(id);
        h.frame(2);
        for (auto* v : h.app->views_for_tests())
            if (auto* typed = dynamic_cast<V*>(v))
                return *typed;
        throw std::runtime_error("no view " + id);
    }
    // The open window of that type (with that window_id() when given), or nullptr.
    template <typename W> W* window(const std::string& id = "") {
        for (const auto& w : h.app->windows())
            if (id.empty() || w->window_id() == id)
                if (auto* typed = dynamic_cast<W*>(w.get()))
                    return typed;
        return nullptr;
    }
    nlohmann::json state() { return nlohmann::json::parse(h.app->state_json()); }
    std::int64_t count(const std::string& sql) { return h.store.db().scalar_int(sql); }
    std::string text(const std::string& sql) {
        core::Statement st = h.store.db().prepare(sql);
        return st.step() ? st.text(0) : std::string();
    }
    // Frames until the running job is over.
    void finish_job(int max_frames = 2000) {
        for (int i = 0; i < max_frames && h.app->job_running(); ++i)
            h.frame();
    }
    UiHarness h;
};

} // namespace clientele::test
