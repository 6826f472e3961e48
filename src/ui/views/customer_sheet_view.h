// The customer sheet window: identity and account, private note edited in place, groups,
// orders (with lines and state history), products, addresses, vouchers, carts, messages,
// connections, B2B outstanding and the activity timeline; actions edit, delete, mailto:, tel:.
// Several can be open at once.
#pragma once

#include "core/cross_selling.h"
#include "core/customer_sheet.h"
#include "core/reference.h"
#include "core/segments.h"
#include "ui/app.h"
#include "ui/views/loyalty_view.h"

#include <optional>
#include <string>

namespace clientele::ui {

class CustomerSheetView : public Window {
public:
    CustomerSheetView(Context& ctx, std::int64_t id);
    std::string window_id() const override { return "sheet." + std::to_string(id_); }
    bool draw() override;
    std::string state_json() const override;

    std::int64_t customer_id() const { return id_; }
    const std::optional<core::CustomerSheet>& sheet() const { return sheet_; }
    // For tests: the note being edited, and saving it.
    void set_note_text(const std::string& text) { note_ = text; }
    void save_note();
    // Titles of the sections the sheet shows (for tests).
    static const std::vector<const char*>& section_keys();

private:
    void reload();
    void draw_header();
    void draw_account();
    void draw_groups();
    void draw_orders();
    void draw_products();
    void draw_addresses();
    void draw_vouchers();
    void draw_carts();
    void draw_messages();
    void draw_connections();
    void draw_b2b();
    void draw_timeline();
    void draw_loyalty();
    void draw_consents();
    void draw_delete_popup();
    void draw_gdpr_popup();

    Context& ctx_;
    std::int64_t id_;
    bool open_ = true;
    std::optional<core::CustomerSheet> sheet_;
    std::uint64_t version_ = ~0ull;
    std::string note_;
    bool note_dirty_ = false;
    std::string convert_password_;
    std::string message_;
    std::vector<core::NamedId> groups_;
    std::optional<std::vector<core::SavedSegment>> segments_; // saved segments the customer is in
    LoyaltySheetPanel loyalty_;
    ConsentSheetPanel consents_;
    std::optional<std::vector<core::Suggestion>> suggestions_; // often bought together
};

} // namespace clientele::ui
