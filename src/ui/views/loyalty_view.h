// Loyalty (id "loyalty"): the point rate and value (checked as you type, one undoable save) and
// every customer with points, highest balance first, in a virtualized grid read page by page;
// a row's e-mail opens the sheet, "Convert" turns the balance into a voucher.
// Subscriptions (id "subscriptions") and product reviews (id "reviews") are their own screens.
// LoyaltySheetPanel and ConsentSheetPanel are what the customer sheet shows of them.
#pragma once

#include "core/consents.h"
#include "core/loyalty.h"
#include "core/subscriptions.h"
#include "ui/app.h"
#include "ui/views/paged_rows.h"

#include <string>
#include <vector>

namespace clientele::ui {

class LoyaltyView : public View {
public:
    explicit LoyaltyView(Context& ctx);
    const char* id() const override { return "loyalty"; }
    const char* title_key() const override { return "nav.loyalty"; }
    void draw() override;
    std::string state_json() override;

    // For tests.
    void set_customer_filter(const std::string& text);
    void set_rate_text(const std::string& text);
    void set_value_text(const std::string& text);
    bool save_settings();
    bool convert(std::int64_t id_customer);
    std::int64_t total();
    const core::LoyaltyRow* row_at(std::int64_t index);
    const std::vector<core::FieldError>& errors() const { return errors_; }

private:
    void requery();
    void revalidate();
    void load_settings();

    Context& ctx_;
    core::LoyaltyQuery query_;
    PagedRows<core::LoyaltyRow> rows_;
    std::string rate_text_, value_text_;
    core::LoyaltySettings settings_;
    std::vector<core::FieldError> errors_;
    bool edited_ = false;
    std::uint64_t settings_version_ = ~0ull;
};

// The sheet's loyalty tab: balance, points earned and converted, "Convert" and the customer's
// conversions and subscriptions.
class LoyaltySheetPanel {
public:
    LoyaltySheetPanel(Context& ctx, std::int64_t id_customer);
    void draw(const std::string& hook);
    bool convert();
    const core::LoyaltyBalance& balance();
    const std::string& message() const { return message_; }

private:
    void reload();
    Context& ctx_;
    std::int64_t id_;
    std::uint64_t version_ = ~0ull;
    core::LoyaltyBalance balance_;
    std::vector<core::LoyaltyConversion> conversions_;
    std::vector<core::SubscriptionRow> subscriptions_;
    std::string message_;
};

// The sheet's consent tab: newsletter and partner-offer changes with date, source and IP.
class ConsentSheetPanel {
public:
    ConsentSheetPanel(Context& ctx, std::int64_t id_customer);
    void draw();
    const std::vector<core::ConsentEntry>& entries();

private:
    Context& ctx_;
    std::int64_t id_;
    std::uint64_t version_ = ~0ull;
    std::vector<core::ConsentEntry> entries_;
};

} // namespace clientele::ui
