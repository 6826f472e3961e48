// Customers > Preferences (PrestaShop's Customers > Settings): registration process, cart
// re-display at login, welcome e-mail, password regeneration delay, B2B mode, birth date and
// partner offers questions, abandoned-cart threshold. Save validates in core (errors under the
// fields) and writes one undoable batch.
#pragma once

#include "core/preferences.h"
#include "ui/app.h"

#include <string>
#include <vector>

namespace clientele::ui {

class PreferencesView : public View {
public:
    explicit PreferencesView(Context& ctx);
    const char* id() const override { return "preferences"; }
    const char* title_key() const override { return "nav.preferences"; }
    void draw() override;
    std::string state_json() override;

    // For tests: the edited values (numbers as typed) and Save.
    core::CustomerPreferences& input() { return input_; }
    std::string& password_delay_text() { return delay_text_; }
    std::string& abandoned_hours_text() { return hours_text_; }
    bool save();
    const std::vector<core::FieldError>& errors() const { return errors_; }

private:
    void load();

    Context& ctx_;
    core::CustomerPreferences input_;
    std::string delay_text_, hours_text_;
    std::vector<core::FieldError> errors_;
    std::uint64_t version_ = ~0ull;
    bool edited_ = false;
};

} // namespace clientele::ui
