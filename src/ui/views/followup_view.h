// Customers > Follow-up (PrestaShop's followup module): the four events as cards — enabled,
// discount, validity, the best-customer threshold and the inactivity delay — checked as you
// type and saved as one undoable change; how many customers each event would reach now; "Run
// now" after a confirmation, as a job with progress and Cancel (one undoable batch); the
// vouchers sent and used over the last 30 days. The audience is every customer or a segment
// (a saved one picked here, or any text sent from Customers > Segments): preview and run then
// reach only its members.
#pragma once

#include "core/followup.h"
#include "ui/app.h"

#include <array>
#include <optional>
#include <string>
#include <vector>

namespace clientele::ui {

class FollowupView : public View {
public:
    explicit FollowupView(Context& ctx);
    const char* id() const override { return "followup"; }
    const char* title_key() const override { return "nav.followup"; }
    void draw() override;
    std::string state_json() override;

    // What a user does, for tests.
    void set_enabled(core::FollowupEvent e, bool on);
    // Fields: "percent_<n>", "days_<n>", "threshold_3", "days_threshold_4".
    void set_field(const std::string& field, const std::string& text);
    bool save();
    // Starts the run job (what the confirmation's Run button does). False when refused.
    bool run();
    const std::vector<core::FieldError>& errors() const { return errors_; }
    const std::array<std::int64_t, 4>& preview();
    const std::vector<core::FollowupStats>& stats();
    // Limits preview and run to a segment's members ("" text: every customer). `name` is the
    // saved segment's, "" for an unsaved text.
    void set_audience(const std::string& text, const std::string& name = "");
    // What Customers > Segments asks for: the audience of the shop's follow-up view, taken up
    // when it next draws.
    static void request_audience(const core::Database& db, std::string text, std::string name);

private:
    void load();
    void refresh();
    void read_members();
    void revalidate();
    std::string* text_of(const std::string& field);
    void draw_card(core::FollowupEvent e);
    void draw_stats();
    void draw_confirm();
    void draw_audience();

    Context& ctx_;
    core::FollowupSettings settings_;
    std::array<std::string, 4> percent_, days_;
    std::string threshold_, inactive_;
    std::vector<core::FieldError> errors_;
    bool edited_ = false;
    std::uint64_t version_ = ~0ull;
    std::array<std::int64_t, 4> preview_{};
    std::vector<core::FollowupStats> stats_;
    // The audience: a segment's text and name, its members (sorted ids) or none for everyone.
    std::string audience_text_, audience_name_, audience_error_;
    std::optional<std::vector<std::int64_t>> only_;
    bool confirm_ = false;
    std::int64_t last_sent_ = -1;
};

} // namespace clientele::ui
