// Sections: 1. computing  2. range bar  3. figures  4. test state
#include "ui/views/statistics_view.h"

#include "core/i18n.h"
#include "core/store.h"
#include "ui/charts.h"
#include "ui/forms.h"
#include "ui/test_hooks.h"

#include <imgui.h>
#include <imgui_stdlib.h>
#include <nlohmann/json.hpp>

#include <cstdio>

namespace clientele::ui {

namespace {
using core::Figure;
using core::i18n::format_money;
using core::i18n::format_number;

std::string percent(double fraction) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.1f %%", fraction * 100.0);
    return buf;
}

std::string bucket_label(const core::Bucket& b) {
    if (b.kind == core::Bucket::Kind::Unknown)
        return tr("stats.unknown");
    if (b.kind == core::Bucket::Kind::Others)
        return tr("stats.others");
    if (b.label == "<18")
        return tr("stats.under_18");
    return b.label;
}

std::vector<charts::Bar> bucket_bars(const std::vector<core::Bucket>& buckets) {
    std::vector<charts::Bar> bars;
    for (const auto& b : buckets)
        bars.push_back({bucket_label(b), static_cast<double>(b.count), format_number(b.count)});
    return bars;
}
} // namespace

// --- 1. computing --------------------------------------------------------------------------------

StatisticsView::StatisticsView(Context& ctx) : ctx_(ctx), today_(core::today_date()), cross_(ctx) {
    const core::DateRange r = core::preset_range(core::RangePreset::ThisYear, today_);
    from_ = r.from;
    to_ = r.to;
}

bool StatisticsView::needs_update() const {
    return dirty_ || version_ != ctx_.store.db().data_version() ||
           (report_ && report_->options.id_lang != core::i18n::language_id());
}

void StatisticsView::recompute() {
    if (computing_)
        return;
    core::Database& db = ctx_.store.db();
    errors_ = core::validate_range({from_, to_});
    dirty_ = false;
    version_ = db.data_version();
    if (!errors_.empty())
        return;
    core::StatisticsOptions o;
    o.range = {from_, to_};
    o.top = top_;
    o.today = today_;
    o.id_lang = core::i18n::language_id();
    const bool big =
        db.scalar_int("SELECT COALESCE(MAX(id_customer), 0) FROM ps_customer") > kJobThreshold;
    outdated_ = false;
    if (!big) {
        try {
            report_ = core::compute_statistics(db, o);
        } catch (const core::ValidationError& e) {
            errors_ = e.errors();
        }
        return;
    }
    if (ctx_.nav.job_running()) {
        dirty_ = true; // try again once the other job is over
        return;
    }
    computing_ = true;
    ctx_.nav.run_job(std::make_unique<core::StatisticsJob>(db, o), [this](core::Job& j) {
        computing_ = false;
        if (!j.cancelled() && j.error().empty())
            report_ = static_cast<core::StatisticsJob&>(j).report();
    });
}

const std::optional<core::StatisticsReport>& StatisticsView::report() {
    if (needs_update())
        recompute();
    return report_;
}

void StatisticsView::set_range(const std::string& from, const std::string& to) {
    from_ = from;
    to_ = to;
    dirty_ = true;
    recompute();
}

void StatisticsView::apply_preset(core::RangePreset preset) {
    const core::DateRange r = core::preset_range(preset, today_);
    set_range(r.from, r.to);
}

void StatisticsView::set_top(int n) {
    top_ = std::clamp(n, 1, 100);
    dirty_ = true;
    recompute();
}

void StatisticsView::export_csv(Figure f) {
    if (!report_)
        return;
    const std::string name = std::string("statistics-") + core::figure_id(f) + ".csv";
    const std::string bytes = core::figure_csv(*report_, f, core::csv::Format{});
    ctx_.nav.notify(std::string(tr("data.saved_to")) + " " +
                    ctx_.host.offer_download(name, "text/csv", bytes));
}

// --- 2. range bar
// ------------------------------------------------------------------------------------

void StatisticsView::draw_range() {
    const float fs = ImGui::GetFontSize();
    ImGui::AlignTextToFramePadding();
    ImGui::TextUnformatted(tr("stats.from"));
    ImGui::SameLine();
    ImGui::SetNextItemWidth(fs * 7);
    if (ImGui::InputTextWithHint("##from", "YYYY-MM-DD", &from_))
        dirty_ = true;
    test_hooks::register_last_item("stats.from");
    ImGui::SameLine();
    ImGui::TextUnformatted(tr("stats.to"));
    ImGui::SameLine();
    ImGui::SetNextItemWidth(fs * 7);
    if (ImGui::InputTextWithHint("##to", "YYYY-MM-DD", &to_))
        dirty_ = true;
    test_hooks::register_last_item("stats.to");
    struct Preset {
        core::RangePreset preset;
        const char* key;
        const char* hook;
    };
    static const Preset presets[] = {
        {core::RangePreset::Last30Days, "stats.last_30_days", "stats.preset.last30"},
        {core::RangePreset::ThisYear, "stats.this_year", "stats.preset.year"},
        {core::RangePreset::All, "stats.all_time", "stats.preset.all"},
    };
    for (const Preset& p : presets) {
        ImGui::SameLine();
        if (ImGui::Button(tr(p.key)))
            apply_preset(p.preset);
        test_hooks::register_last_item(p.hook);
    }
    ImGui::SameLine();
    ImGui::TextUnformatted(tr("stats.top_n"));
    ImGui::SameLine();
    ImGui::SetNextItemWidth(fs * 6);
    int n = top_;
    if (ImGui::InputInt("##top", &n, 5, 10) && n != top_) {
        top_ = std::clamp(n, 1, 100);
        dirty_ = true;
    }
    test_hooks::register_last_item("stats.top");
    ImGui::SameLine();
    if (ImGui::Button(tr("stats.refresh"))) {
        dirty_ = true;
        recompute();
    }
    test_hooks::register_last_item("stats.refresh");
    for (const char* field : {"from", "to"}) {
        const std::string e = forms::first_error(errors_, field);
        if (!e.empty())
            forms::danger_text(
                std::string(tr(field == std::string("from") ? "stats.from" : "stats.to")) + " " +
                e);
    }
    forms::hint(tr("stats.range_hint"));
}

// --- 3. figures
// ---------------------------------------------------------------------------------------

void StatisticsView::draw() {
    // Big shops are not recomputed after every change: the user refreshes.
    if (dirty_ || (report_ && report_->options.id_lang != core::i18n::language_id()))
        recompute();
    else if (version_ != ctx_.store.db().data_version()) {
        if (ctx_.store.db().scalar_int("SELECT COALESCE(MAX(id_customer), 0) FROM ps_customer") >
            kJobThreshold) {
            outdated_ = true;
            version_ = ctx_.store.db().data_version();
        } else {
            recompute();
        }
    }
    draw_range();
    if (ImGui::BeginTabBar("##stats_tabs")) {
        const bool figures =
            ImGui::BeginTabItem((std::string(tr("stats.figures")) + "###figures").c_str());
        test_hooks::register_last_item("stats.tab.figures");
        if (figures) {
            ImGui::BeginChild("##figures", ImVec2(0, 0), false);
            draw_figures();
            ImGui::EndChild();
            ImGui::EndTabItem();
        }
        const bool cross =
            ImGui::BeginTabItem((std::string(tr("cross.title")) + "###cross").c_str());
        test_hooks::register_last_item("stats.tab.cross");
        if (cross) {
            cross_.draw();
            ImGui::EndTabItem();
        }
        ImGui::EndTabBar();
    }
}

void StatisticsView::draw_figures() {
    if (outdated_)
        forms::hint(tr("stats.outdated"));
    if (computing_) {
        ImGui::TextDisabled("%s", tr("stats.computing"));
        return;
    }
    if (!report_)
        return;
    for (Figure f : core::all_figures())
        draw_figure(f);
}

void StatisticsView::draw_figure(Figure f) {
    const core::StatisticsReport& r = *report_;
    ImGui::PushID(core::figure_id(f));
    ImGui::Spacing();
    ImGui::Separator();
    ImGui::AlignTextToFramePadding();
    ImGui::TextUnformatted(tr(core::figure_title_key(f)));
    ImGui::SameLine();
    if (ImGui::SmallButton(tr("stats.export_csv")))
        export_csv(f);
    test_hooks::register_last_item((std::string("stats.export.") + core::figure_id(f)).c_str());
    const bool ranged = f == Figure::TopCustomers || f == Figure::TopProductsQuantity ||
                        f == Figure::TopProductsRevenue || f == Figure::Conversion ||
                        f == Figure::NewCustomers || f == Figure::Basket;
    if (ranged) {
        ImGui::SameLine();
        ImGui::TextDisabled(
            "%s",
            r.options.range.from.empty() && r.options.range.to.empty()
                ? tr("stats.all_time")
                : (core::i18n::format_date(r.options.range.from.empty() ? "…"
                                                                        : r.options.range.from) +
                   " – " +
                   core::i18n::format_date(r.options.range.to.empty() ? "…" : r.options.range.to))
                      .c_str());
    }
    auto none = [](bool empty) {
        if (empty)
            ImGui::TextDisabled("%s", tr("stats.no_data"));
        return empty;
    };
    switch (f) {
    case Figure::TopCustomers:
        draw_top_customers();
        break;
    case Figure::TopProductsQuantity:
    case Figure::TopProductsRevenue: {
        const auto& list =
            f == Figure::TopProductsQuantity ? r.products_by_quantity : r.products_by_revenue;
        if (none(list.empty()))
            break;
        std::vector<charts::Bar> bars;
        for (const auto& p : list) {
            const std::string label =
                p.reference.empty() ? p.name : p.name + " (" + p.reference + ")";
            if (f == Figure::TopProductsQuantity)
                bars.push_back({label, static_cast<double>(p.quantity), format_number(p.quantity)});
            else
                bars.push_back({label, p.revenue, format_money(p.revenue)});
        }
        charts::horizontal_bars("bars", bars);
        break;
    }
    case Figure::Conversion: {
        const std::string text = format_number(r.conversion.converted) + " / " +
                                 format_number(r.conversion.carts) + "  (" +
                                 percent(r.conversion.rate) + ")";
        charts::gauge("gauge", r.conversion.rate, text);
        forms::hint(tr("stats.conversion_hint"));
        break;
    }
    case Figure::NewCustomers: {
        if (none(r.new_customers.empty()))
            break;
        std::vector<charts::Point> pts;
        for (const auto& m : r.new_customers)
            pts.push_back({m.month, static_cast<double>(m.count), format_number(m.count)});
        charts::columns("columns", pts);
        break;
    }
    case Figure::Basket: {
        ImGui::Text("%s  %s   %s %s   %s %s", tr("stats.average"),
                    format_money(r.basket.average).c_str(), tr("stats.orders"),
                    format_number(r.basket.orders).c_str(), tr("stats.sales"),
                    format_money(r.basket.sales).c_str());
        if (none(r.basket.months.empty()))
            break;
        std::vector<charts::Point> pts;
        for (const auto& m : r.basket.months)
            pts.push_back({m.month, m.average,
                           format_money(m.average) + "  (" + format_number(m.count) + " " +
                               tr("stats.orders") + ")"});
        charts::line("line", pts);
        break;
    }
    case Figure::Age:
        charts::horizontal_bars("bars", bucket_bars(r.age));
        break;
    case Figure::Gender:
        charts::horizontal_bars("bars", bucket_bars(r.gender));
        break;
    case Figure::Country:
        charts::horizontal_bars("bars", bucket_bars(r.country));
        break;
    case Figure::Groups:
        charts::horizontal_bars("bars", bucket_bars(r.groups));
        break;
    }
    ImGui::PopID();
}

// Sales per customer as bars, then the best customers' ranking (a name opens the sheet).
void StatisticsView::draw_top_customers() {
    const auto& list = report_->customers;
    if (list.empty()) {
        ImGui::TextDisabled("%s", tr("stats.no_data"));
        return;
    }
    std::vector<charts::Bar> bars;
    for (const auto& c : list)
        bars.push_back({"#" + std::to_string(c.rank) + "  " + c.firstname + " " + c.lastname,
                        c.sales, format_money(c.sales)});
    charts::horizontal_bars("bars", bars);
    ImGui::Spacing();
    ImGui::TextUnformatted(tr("stats.best_customers"));
    if (!ImGui::BeginTable("##best", 6,
                           ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerH |
                               ImGuiTableFlags_SizingStretchProp))
        return;
    for (const char* key : {"stats.rank", "stats.customer", "col.email", "stats.orders",
                            "stats.sales", "stats.average"})
        ImGui::TableSetupColumn(tr(key));
    ImGui::TableHeadersRow();
    for (const auto& c : list) {
        ImGui::TableNextRow();
        ImGui::TableNextColumn();
        ImGui::Text("%lld", static_cast<long long>(c.rank));
        ImGui::TableNextColumn();
        ImGui::PushID(static_cast<int>(c.id));
        if (ImGui::SmallButton((c.firstname + " " + c.lastname).c_str()))
            ctx_.nav.open_customer(c.id);
        test_hooks::register_last_item(("stats.customer." + std::to_string(c.rank)).c_str());
        ImGui::PopID();
        ImGui::TableNextColumn();
        ImGui::TextUnformatted(c.email.c_str());
        ImGui::TableNextColumn();
        ImGui::TextUnformatted(format_number(c.orders).c_str());
        ImGui::TableNextColumn();
        ImGui::TextUnformatted(format_money(c.sales).c_str());
        ImGui::TableNextColumn();
        ImGui::TextUnformatted(format_money(c.average).c_str());
    }
    ImGui::EndTable();
}

// --- 4. test state
// --------------------------------------------------------------------------------------

std::string StatisticsView::state_json() {
    nlohmann::json j{{"from", from_}, {"to", to_}, {"top", top_}, {"computing", computing_}};
    nlohmann::json errors = nlohmann::json::array();
    for (const auto& e : errors_)
        errors.push_back({{"field", e.field}, {"code", e.code}});
    j["errors"] = errors;
    if (report_) {
        const auto& r = *report_;
        j["orders"] = r.basket.orders;
        j["sales"] = r.basket.sales;
        j["average_basket"] = r.basket.average;
        j["carts"] = r.conversion.carts;
        j["converted"] = r.conversion.converted;
        std::int64_t new_customers = 0;
        for (const auto& m : r.new_customers)
            new_customers += m.count;
        j["new_customers"] = new_customers;
        j["months"] = r.new_customers.size();
        nlohmann::json top = nlohmann::json::array();
        for (const auto& c : r.customers)
            top.push_back(c.id);
        j["top_customers"] = top;
        j["products"] = r.products_by_quantity.size();
    }
    j["cross_selling"] = nlohmann::json::parse(cross_.state_json());
    return j.dump();
}

} // namespace clientele::ui
