// One class per screen. The shell lists views in the sidebar and draws the selected one.
#pragma once

#include <string>

namespace clientele::ui {

class View {
public:
    virtual ~View() = default;
    // Stable id ("customers"): used by the test interface and saved as the last screen.
    virtual const char* id() const = 0;
    // Translation key of the title shown in the sidebar.
    virtual const char* title_key() const = 0;
    virtual void draw() = 0;
    // What tests may read about it (JSON text), under its id in the app state.
    virtual std::string state_json() { return "{}"; }
};

} // namespace clientele::ui
