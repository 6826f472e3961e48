// Subscriptions (id "subscriptions"): every subscription in a virtualized grid read page by
// page, filters by customer, status and "renewals due in the next N days", sort by next
// renewal or id; per row pause / resume, cancel, renew, edit; "New" opens the form.
#pragma once

#include "core/subscriptions.h"
#include "ui/app.h"
#include "ui/views/paged_rows.h"

#include <optional>
#include <string>
#include <vector>

namespace clientele::ui {

class SubscriptionsView : public View {
public:
    explicit SubscriptionsView(Context& ctx);
    const char* id() const override { return "subscriptions"; }
    const char* title_key() const override { return "nav.subscriptions"; }
    void draw() override;
    std::string state_json() override;

    // For tests.
    void set_customer_filter(const std::string& text);
    void set_status(std::optional<core::SubscriptionStatus> status);
    void set_due_days(int days); // -1: no due filter
    std::int64_t total();
    const core::SubscriptionRow* row_at(std::int64_t index);
    void set_status_of(std::int64_t id, core::SubscriptionStatus status);
    void renew(std::int64_t id);

private:
    void requery();

    Context& ctx_;
    core::SubscriptionQuery query_;
    PagedRows<core::SubscriptionRow> rows_;
};

// Create (id 0) or edit a subscription: customer id, product, quantity, period, next renewal,
// status; errors under the fields as you type.
class SubscriptionWindow : public Window {
public:
    SubscriptionWindow(Context& ctx, std::int64_t id, std::int64_t id_customer = 0);
    std::string window_id() const override { return "subscription." + std::to_string(id_); }
    bool draw() override;
    std::string state_json() const override;

    core::SubscriptionInput& input() { return in_; }
    std::string& customer_text() { return customer_text_; }
    void revalidate();
    bool save();
    const std::vector<core::FieldError>& errors() const { return errors_; }

private:
    Context& ctx_;
    std::int64_t id_;
    bool open_ = true;
    core::SubscriptionInput in_;
    std::string customer_text_, quantity_text_, period_text_;
    std::vector<core::ProductChoice> products_;
    std::vector<core::FieldError> errors_;
};

} // namespace clientele::ui
