// Product reviews (id "reviews"): every review in a virtualized grid read page by page, newest
// first; filters by status, grade, product and customer; approve or reject one review, or
// every ticked one at once (one undoable change); a row opens the review with the reply.
#pragma once

#include "core/reviews.h"
#include "ui/app.h"
#include "ui/views/paged_rows.h"

#include <optional>
#include <set>
#include <string>
#include <vector>

namespace clientele::ui {

class ReviewsView : public View {
public:
    explicit ReviewsView(Context& ctx);
    const char* id() const override { return "reviews"; }
    const char* title_key() const override { return "nav.reviews"; }
    void draw() override;
    std::string state_json() override;

    // For tests.
    void set_status(std::optional<core::ReviewStatus> status);
    void set_grade(int grade);
    void set_product_filter(const std::string& text);
    void set_customer_filter(const std::string& text);
    void tick(std::int64_t id, bool on);
    // Applies to the ticked reviews; returns how many changed.
    std::int64_t moderate_ticked(core::ReviewStatus status);
    std::int64_t total();
    const core::ReviewRow* row_at(std::int64_t index);

private:
    void requery();

    Context& ctx_;
    core::ReviewQuery query_;
    PagedRows<core::ReviewRow> rows_;
    std::set<std::int64_t> ticked_;
};

// One review: the text, approve / reject, and the reply.
class ReviewWindow : public Window {
public:
    ReviewWindow(Context& ctx, std::int64_t id);
    std::string window_id() const override { return "review." + std::to_string(id_); }
    bool draw() override;
    std::string state_json() const override;
    void set_reply_text(const std::string& text) { reply_ = text; }
    bool save_reply();

private:
    void reload();
    Context& ctx_;
    std::int64_t id_;
    bool open_ = true;
    std::uint64_t version_ = ~0ull;
    std::optional<core::ReviewRow> review_;
    std::string reply_;
    std::string error_;
};

const char* review_status_label(core::ReviewStatus s);

} // namespace clientele::ui
