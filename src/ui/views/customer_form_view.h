// The customer form (create and edit): every PrestaShop field, validation messages next to
// each field as you type, Save disabled until the form is valid, and a duplicate e-mail
// warning that opens the other account.
#pragma once

#include "core/customers.h"
#include "core/reference.h"
#include "ui/app.h"

#include <array>
#include <map>
#include <set>
#include <string>
#include <vector>

namespace clientele::ui {

class CustomerFormView : public Window {
public:
    // id 0: a new customer.
    CustomerFormView(Context& ctx, std::int64_t id);
    std::string window_id() const override { return "form." + std::to_string(id_); }
    bool draw() override;
    std::string state_json() const override;

    // For tests: set a text field by name and revalidate, read the current errors, save.
    void set_field(const std::string& field, const std::string& value);
    const std::vector<core::FieldError>& errors() const { return errors_; }
    bool can_save() const { return errors_.empty(); }
    // Returns the saved id, or 0 when invalid.
    std::int64_t save();
    std::optional<std::int64_t> duplicate_of() const { return duplicate_; }

private:
    void load();
    void revalidate();
    bool text_field(const char* field, const char* label_key, std::string& value,
                    bool password = false);
    void field_error(const char* field);

    Context& ctx_;
    std::int64_t id_;
    bool open_ = true;
    core::CustomerInput input_;
    std::string password_;
    std::string allowance_text_ = "0", payment_days_text_ = "60";
    std::vector<core::FieldError> errors_;
    std::optional<std::int64_t> duplicate_;
    std::vector<core::NamedId> titles_, groups_, risks_;
    bool b2b_ = false;
    std::string save_error_;
    // Errors show next to a field once the user has touched it (or tried to save).
    std::set<std::string> touched_;
    bool tried_save_ = false;
};

} // namespace clientele::ui
