// Customers > Statistics: a date range (from/to, presets last 30 days, this year, all) and the
// top N, then every figure of core/statistics.h as a chart with its values and an "Export CSV"
// button; a second tab holds cross-selling. Small shops are computed at once; big ones (more
// than kJobThreshold customers: a figure can take a second there) through a job, so the page
// keeps drawing.
#pragma once

#include "core/statistics.h"
#include "ui/app.h"
#include "ui/views/cross_selling_panel.h"

#include <optional>
#include <string>
#include <vector>

namespace clientele::ui {

class StatisticsView : public View {
public:
    explicit StatisticsView(Context& ctx);
    const char* id() const override { return "statistics"; }
    const char* title_key() const override { return "nav.statistics"; }
    void draw() override;
    std::string state_json() override;

    // For tests (the figures are recomputed at once on a small shop).
    void set_range(const std::string& from, const std::string& to);
    void apply_preset(core::RangePreset preset);
    void set_top(int n);
    const std::optional<core::StatisticsReport>& report();
    void export_csv(core::Figure f);
    CrossSellingPanel& cross_selling() { return cross_; }
    const std::vector<core::FieldError>& errors() const { return errors_; }

    static constexpr std::int64_t kJobThreshold = 20000;

private:
    void recompute();
    bool needs_update() const;
    void draw_range();
    void draw_figures();
    void draw_figure(core::Figure f);
    void draw_top_customers();

    Context& ctx_;
    std::string from_, to_;
    int top_ = 10;
    std::string today_;
    std::optional<core::StatisticsReport> report_;
    std::vector<core::FieldError> errors_;
    std::uint64_t version_ = ~0ull;
    bool dirty_ = true;
    bool outdated_ = false; // a big shop changed: Refresh recomputes
    bool computing_ = false;
    CrossSellingPanel cross_;
};

} // namespace clientele::ui
