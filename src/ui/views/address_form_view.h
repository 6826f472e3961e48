// The address form (create and edit, from Customers > Addresses or a customer's sheet): the
// customer, country and state, and every PrestaShop address field; fields the shop made
// required (Addresses > Required fields) are marked; messages appear under each field as you
// type; Save is disabled while the address is invalid; Delete asks first. An address an order
// uses is kept for that order: saving an edit makes a new address (PrestaShop's rule).
#pragma once

#include "core/addresses.h"
#include "core/reference.h"
#include "ui/app.h"

#include <set>
#include <string>
#include <vector>

namespace clientele::ui {

class AddressFormView : public Window {
public:
    // id 0: a new address (for `id_customer` when not 0).
    AddressFormView(Context& ctx, std::int64_t id, std::int64_t id_customer = 0);
    std::string window_id() const override;
    bool draw() override;
    std::string state_json() const override;

    // For tests: set a text field ("alias", "postcode", "customer" (id or e-mail), ...),
    // choose a country or state, save, delete.
    void set_field(const std::string& field, const std::string& value);
    void set_country(std::int64_t id_country);
    void set_state(std::int64_t id_state);
    const std::vector<core::FieldError>& errors() const { return errors_; }
    // The id holding the saved address (see update_address), or 0 when invalid.
    std::int64_t save();
    bool remove();

private:
    void load();
    void revalidate();
    void resolve_customer();
    std::string* text_of(const std::string& field);
    void text_row(const char* field, const char* label_key);
    void draw_country_state();

    Context& ctx_;
    std::int64_t id_;
    std::uint64_t serial_; // a new form's window id
    bool open_ = true;
    core::AddressInput input_;
    std::string customer_text_;
    std::string customer_label_;
    std::vector<core::NamedId> countries_, states_;
    std::set<std::string> required_;
    std::vector<core::FieldError> errors_;
    std::set<std::string> touched_;
    bool tried_save_ = false;
    bool confirm_delete_ = false;
    std::string message_;
};

} // namespace clientele::ui
