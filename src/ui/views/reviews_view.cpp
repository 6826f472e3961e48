// Sections: 1. list  2. grid  3. review window
#include "ui/views/reviews_view.h"

#include "core/i18n.h"
#include "ui/forms.h"
#include "ui/test_hooks.h"
#include "ui/theme.h"
#include "ui/views/grid_helpers.h"

#include <imgui.h>
#include <imgui_stdlib.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <memory>

namespace clientele::ui {

using core::i18n::format_date;

const char* review_status_label(core::ReviewStatus s) {
    switch (s) {
    case core::ReviewStatus::Pending:
        return tr("reviews.pending");
    case core::ReviewStatus::Approved:
        return tr("reviews.approved");
    case core::ReviewStatus::Rejected:
        break;
    }
    return tr("reviews.rejected");
}

namespace {
std::string stars(int grade) {
    std::string s;
    for (int i = 1; i <= 5; ++i)
        s += i <= grade ? "★" : "☆";
    return s;
}
} // namespace

// --- 1. list
// ----------------------------------------------------------------------------------------

ReviewsView::ReviewsView(Context& ctx) : ctx_(ctx) {}

void ReviewsView::requery() {
    query_.id_lang = core::i18n::language_id();
    const core::ReviewQuery q = query_;
    core::Database& db = ctx_.store.db();
    rows_.reload_list(db, q, core::query_reviews, [q] { return core::review_list_sql(q); });
}

void ReviewsView::set_status(std::optional<core::ReviewStatus> status) {
    query_.status = status;
    requery();
}

void ReviewsView::set_grade(int grade) {
    query_.grade = grade;
    requery();
}

void ReviewsView::set_product_filter(const std::string& text) {
    query_.product = text;
    requery();
}

void ReviewsView::set_customer_filter(const std::string& text) {
    query_.customer = text;
    requery();
}

void ReviewsView::tick(std::int64_t id, bool on) {
    if (on)
        ticked_.insert(id);
    else
        ticked_.erase(id);
}

std::int64_t ReviewsView::moderate_ticked(core::ReviewStatus status) {
    const std::vector<std::int64_t> ids(ticked_.begin(), ticked_.end());
    const std::int64_t n = core::set_review_status(ctx_.store.db(), ids, status);
    ticked_.clear();
    ctx_.nav.notify(core::i18n::format_count("reviews.moderated", n));
    return n;
}

std::int64_t ReviewsView::total() {
    if (rows_.stale(ctx_.store.db().data_version()))
        requery();
    return rows_.total();
}

const core::ReviewRow* ReviewsView::row_at(std::int64_t index) {
    if (rows_.stale(ctx_.store.db().data_version()))
        requery();
    return rows_.at(index);
}

// --- 2. grid ------------------------------------------------------------------------------------

void ReviewsView::draw() {
    if (rows_.stale(ctx_.store.db().data_version()))
        requery();
    const float fs = ImGui::GetFontSize();
    ImGui::SetNextItemWidth(fs * 8);
    const char* current = query_.status ? review_status_label(*query_.status) : tr("carts.all");
    if (ImGui::BeginCombo("##status", current)) {
        if (ImGui::Selectable(tr("carts.all"), !query_.status))
            set_status(std::nullopt);
        for (auto s : {core::ReviewStatus::Pending, core::ReviewStatus::Approved,
                       core::ReviewStatus::Rejected})
            if (ImGui::Selectable(review_status_label(s), query_.status == s))
                set_status(s);
        ImGui::EndCombo();
    }
    test_hooks::register_last_item("reviews.status");
    ImGui::SameLine();
    ImGui::SetNextItemWidth(fs * 7);
    const std::string grade_label = query_.grade ? stars(query_.grade) : tr("reviews.any_grade");
    if (ImGui::BeginCombo("##grade", grade_label.c_str())) {
        if (ImGui::Selectable(tr("reviews.any_grade"), query_.grade == 0))
            set_grade(0);
        for (int g = 5; g >= 1; --g)
            if (ImGui::Selectable(stars(g).c_str(), query_.grade == g))
                set_grade(g);
        ImGui::EndCombo();
    }
    test_hooks::register_last_item("reviews.grade");
    ImGui::SameLine();
    ImGui::SetNextItemWidth(fs * 10);
    if (ImGui::InputTextWithHint("##product", tr("reviews.product_hint"), &query_.product))
        rows_.invalidate();
    test_hooks::register_last_item("reviews.product");
    ImGui::SameLine();
    ImGui::SetNextItemWidth(fs * 12);
    if (ImGui::InputTextWithHint("##customer", tr("carts.customer_hint"), &query_.customer))
        rows_.invalidate();
    test_hooks::register_last_item("reviews.customer");
    ImGui::SameLine();
    ImGui::AlignTextToFramePadding();
    ImGui::TextUnformatted(core::i18n::format_count("reviews.results", rows_.total()).c_str());
    rows_.draw_counting();
    ImGui::BeginDisabled(ticked_.empty());
    if (ImGui::Button(core::i18n::format_count("reviews.approve_ticked",
                                               static_cast<long long>(ticked_.size()))
                          .c_str()))
        moderate_ticked(core::ReviewStatus::Approved);
    test_hooks::register_last_item("reviews.approve_ticked");
    ImGui::SameLine();
    if (ImGui::Button(core::i18n::format_count("reviews.reject_ticked",
                                               static_cast<long long>(ticked_.size()))
                          .c_str()))
        moderate_ticked(core::ReviewStatus::Rejected);
    test_hooks::register_last_item("reviews.reject_ticked");
    ImGui::EndDisabled();
    if (!rows_.error().empty())
        forms::danger_text(rows_.error());

    const ImGuiTableFlags flags = ImGuiTableFlags_Sortable | ImGuiTableFlags_RowBg |
                                  ImGuiTableFlags_BordersInnerV | ImGuiTableFlags_Resizable |
                                  ImGuiTableFlags_ScrollY | ImGuiTableFlags_SizingFixedFit;
    if (!ImGui::BeginTable("##reviews", 9, flags))
        return;
    ImGui::TableSetupScrollFreeze(0, 1);
    auto col = [&](const char* key, float w, ImGuiTableColumnFlags extra) {
        ImGui::TableSetupColumn(key[0] ? tr(key) : "##tick",
                                ImGuiTableColumnFlags_WidthFixed | extra, w * fs);
    };
    col("", 2, ImGuiTableColumnFlags_NoSort);
    col("col.id", 4, 0);
    col("reviews.date", 7,
        ImGuiTableColumnFlags_DefaultSort | ImGuiTableColumnFlags_PreferSortDescending);
    col("reviews.grade_col", 6, 0);
    col("sheet.product", 9, ImGuiTableColumnFlags_NoSort);
    col("cart.customer", 13, ImGuiTableColumnFlags_NoSort);
    col("reviews.title", 14, ImGuiTableColumnFlags_NoSort);
    col("reviews.status_col", 6, ImGuiTableColumnFlags_NoSort);
    col("loyalty.actions", 10, ImGuiTableColumnFlags_NoSort);
    ImGui::TableHeadersRow();
    if (const auto sort = grid::take_sort_change()) {
        query_.sort = sort->column == 1   ? core::ReviewSort::Id
                      : sort->column == 3 ? core::ReviewSort::Grade
                                          : core::ReviewSort::Date;
        query_.descending = sort->descending;
        rows_.invalidate();
    }
    ImGuiListClipper clipper;
    clipper.Begin(static_cast<int>(rows_.total()));
    while (clipper.Step()) {
        for (int i = clipper.DisplayStart; i < clipper.DisplayEnd; ++i) {
            const core::ReviewRow* r = rows_.at(i);
            ImGui::TableNextRow();
            if (!r)
                continue;
            const core::ReviewRow row = *r;
            const std::string n = std::to_string(i);
            ImGui::PushID(i);
            ImGui::TableNextColumn();
            bool on = ticked_.count(row.id) > 0;
            if (ImGui::Checkbox("##ticked", &on)) // not "##tick": column 0's header has that id
                tick(row.id, on);
            test_hooks::register_last_item(("reviews.tick." + n).c_str());
            ImGui::TableNextColumn();
            if (ImGui::Selectable(std::to_string(row.id).c_str(), false,
                                  ImGuiSelectableFlags_AllowItemOverlap))
                ctx_.nav.open(std::make_unique<ReviewWindow>(ctx_, row.id));
            test_hooks::register_last_item(("reviews.row." + n).c_str());
            ImGui::TableNextColumn();
            ImGui::TextUnformatted(format_date(row.date_add).c_str());
            ImGui::TableNextColumn();
            ImGui::TextUnformatted(stars(row.grade).c_str());
            ImGui::TableNextColumn();
            ImGui::TextUnformatted(row.product.c_str());
            ImGui::TableNextColumn();
            if (ImGui::SmallButton(row.email.c_str()))
                ctx_.nav.open_customer(row.id_customer);
            test_hooks::register_last_item(("reviews.customer." + n).c_str());
            ImGui::TableNextColumn();
            ImGui::TextUnformatted(row.title.c_str());
            ImGui::TableNextColumn();
            const bool pending = row.status == core::ReviewStatus::Pending;
            if (pending)
                ImGui::PushStyleColor(ImGuiCol_Text, palette().warn);
            ImGui::TextUnformatted(review_status_label(row.status));
            if (pending)
                ImGui::PopStyleColor();
            ImGui::TableNextColumn();
            if (row.status != core::ReviewStatus::Approved) {
                if (ImGui::SmallButton(tr("reviews.approve")))
                    core::set_review_status(ctx_.store.db(), {row.id},
                                            core::ReviewStatus::Approved);
                test_hooks::register_last_item(("reviews.approve." + n).c_str());
                ImGui::SameLine();
            }
            if (row.status != core::ReviewStatus::Rejected) {
                if (ImGui::SmallButton(tr("reviews.reject")))
                    core::set_review_status(ctx_.store.db(), {row.id},
                                            core::ReviewStatus::Rejected);
                test_hooks::register_last_item(("reviews.reject." + n).c_str());
            }
            ImGui::PopID();
        }
    }
    ImGui::EndTable();
}

std::string ReviewsView::state_json() {
    nlohmann::json j{{"total", total()},
                     {"ticked", ticked_.size()},
                     {"status", query_.status ? core::review_status_name(*query_.status) : ""},
                     {"grade", query_.grade}};
    j["first_rows"] = nlohmann::json::array();
    for (std::int64_t i = 0; i < std::min<std::int64_t>(rows_.total(), 5); ++i)
        if (const core::ReviewRow* r = rows_.at(i))
            j["first_rows"].push_back({{"id", r->id},
                                       {"grade", r->grade},
                                       {"status", core::review_status_name(r->status)}});
    return j.dump();
}

// --- 3. review window
// -----------------------------------------------------------------------------

ReviewWindow::ReviewWindow(Context& ctx, std::int64_t id) : ctx_(ctx), id_(id) {
    reload();
    if (review_)
        reply_ = review_->reply;
}

void ReviewWindow::reload() {
    version_ = ctx_.store.db().data_version();
    review_ = core::load_review(ctx_.store.db(), id_, core::i18n::language_id());
}

bool ReviewWindow::save_reply() {
    try {
        core::reply_to_review(ctx_.store.db(), id_, reply_);
        error_.clear();
        ctx_.nav.notify(tr("reviews.replied"));
        return true;
    } catch (const core::ValidationError& e) {
        error_ = forms::first_error(e.errors(), "reply");
    } catch (const std::exception& e) {
        error_ = e.what();
    }
    return false;
}

bool ReviewWindow::draw() {
    if (version_ != ctx_.store.db().data_version())
        reload();
    const float fs = ImGui::GetFontSize();
    ImGui::SetNextWindowSize(ImVec2(fs * 32, fs * 24), ImGuiCond_FirstUseEver);
    const std::string title =
        std::string(tr("reviews.window")) + " #" + std::to_string(id_) + "###" + window_id();
    if (!ImGui::Begin(title.c_str(), &open_)) {
        ImGui::End();
        return open_;
    }
    if (!review_) {
        ImGui::TextUnformatted(tr("sheet.missing"));
        ImGui::End();
        return open_;
    }
    const core::ReviewRow& r = *review_;
    ImGui::Text("%s   %s   %s", stars(r.grade).c_str(), r.product.c_str(),
                format_date(r.date_add).c_str());
    if (ImGui::SmallButton((r.customer_name + "  " + r.email).c_str()))
        ctx_.nav.open_customer(r.id_customer);
    test_hooks::register_last_item((window_id() + ".customer").c_str());
    ImGui::Separator();
    ImGui::TextWrapped("%s", r.title.c_str());
    ImGui::TextWrapped("%s", r.content.c_str());
    ImGui::Separator();
    ImGui::Text("%s %s", tr("reviews.status_col"), review_status_label(r.status));
    if (r.status != core::ReviewStatus::Approved) {
        ImGui::SameLine();
        if (ImGui::Button(tr("reviews.approve")))
            core::set_review_status(ctx_.store.db(), {id_}, core::ReviewStatus::Approved);
        test_hooks::register_last_item((window_id() + ".approve").c_str());
    }
    if (r.status != core::ReviewStatus::Rejected) {
        ImGui::SameLine();
        if (ImGui::Button(tr("reviews.reject")))
            core::set_review_status(ctx_.store.db(), {id_}, core::ReviewStatus::Rejected);
        test_hooks::register_last_item((window_id() + ".reject").c_str());
    }
    ImGui::TextUnformatted(tr("reviews.reply"));
    forms::text(window_id(), "reply", reply_, true);
    if (!error_.empty())
        forms::danger_text(error_);
    if (ImGui::Button(tr("reviews.save_reply")))
        save_reply();
    test_hooks::register_last_item((window_id() + ".save_reply").c_str());
    ImGui::End();
    return open_;
}

std::string ReviewWindow::state_json() const {
    nlohmann::json j{{"id", id_}, {"error", error_}};
    if (review_) {
        j["status"] = core::review_status_name(review_->status);
        j["reply"] = review_->reply;
    }
    return j.dump();
}

} // namespace clientele::ui
