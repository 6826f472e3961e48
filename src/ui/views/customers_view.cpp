// Sections: 1. selection  2. query and rows  3. toolbar, saved views, bulk actions, legend
// 4. grid  5. keyboard and clipboard  6. views as JSON, test state
#include "ui/views/customers_view.h"

#include "core/customer_export.h"
#include "core/i18n.h"
#include "core/jobs.h"
#include "ui/keys.h"
#include "ui/test_hooks.h"
#include "ui/theme.h"

#include <imgui.h>
#include <imgui_internal.h>
#include <imgui_stdlib.h>

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <optional>

namespace clientele::ui {

namespace {
// Default columns and widths (in font sizes), in PrestaShop's and Store Commander's order.
const std::pair<const char*, float> kDefaultColumns[] = {
    {"id", 4.5f},           {"title", 3.5f},   {"firstname", 8.f},     {"lastname", 8.f},
    {"email", 15.f},        {"company", 9.f},  {"default_group", 7.f}, {"sales", 7.f},
    {"valid_orders", 4.5f}, {"active", 4.5f},  {"newsletter", 5.5f},   {"optin", 5.5f},
    {"age", 3.5f},          {"date_add", 7.f}, {"last_visit", 7.f},    {"country", 8.f},
    {"shop", 8.f},          {"rfm", 8.f},
};
const char* const kHiddenByDefault[] = {"optin", "shop"};
constexpr const char* kScreen = "customers";
} // namespace

// --- 1. selection ------------------------------------------------------------------------------

bool Selection::contains(std::int64_t id) const {
    return std::binary_search(ids_.begin(), ids_.end(), id);
}
void Selection::clear() {
    ids_.clear();
}
void Selection::toggle(std::int64_t id) {
    auto it = std::lower_bound(ids_.begin(), ids_.end(), id);
    if (it != ids_.end() && *it == id)
        ids_.erase(it);
    else
        ids_.insert(it, id);
}
void Selection::add(const std::vector<std::int64_t>& ids) {
    ids_.insert(ids_.end(), ids.begin(), ids.end());
    std::sort(ids_.begin(), ids_.end());
    ids_.erase(std::unique(ids_.begin(), ids_.end()), ids_.end());
}
void Selection::set_only(std::int64_t id) {
    ids_.assign(1, id);
}

// --- 2. query and rows ---------------------------------------------------------------------------

CustomersView::CustomersView(Context& ctx) : ctx_(ctx) {
    for (auto& [id, width] : kDefaultColumns) {
        bool hidden = false;
        for (const char* h : kHiddenByDefault)
            hidden = hidden || std::strcmp(h, id) == 0;
        columns_.push_back({id, width, !hidden, static_cast<int>(columns_.size())});
    }
    if (auto view = core::default_view(ctx_.store.db(), kScreen)) {
        apply_view_spec(view->spec);
        current_view_name_ = view->name;
    }
}

void CustomersView::rebuild_filters() {
    query_.filters.clear();
    for (auto& [column, in] : filters_) {
        const core::ColumnInfo* info = core::find_customer_column(column);
        if (!info)
            continue;
        core::ColumnFilter f;
        f.column = column;
        bool any = false;
        switch (info->type) {
        case core::ColumnType::Text:
            f.text = in.text;
            any = !in.text.empty();
            break;
        case core::ColumnType::Integer:
        case core::ColumnType::Money: {
            char* end = nullptr;
            if (!in.min.empty()) {
                double v = std::strtod(in.min.c_str(), &end);
                if (*end == '\0') {
                    f.min = v;
                    any = true;
                }
            }
            if (!in.max.empty()) {
                double v = std::strtod(in.max.c_str(), &end);
                if (*end == '\0') {
                    f.max = v;
                    any = true;
                }
            }
            break;
        }
        case core::ColumnType::Date:
            // Only complete dates filter; a half-typed one waits for the rest.
            if (in.from.size() == 10)
                f.date_from = in.from;
            if (in.to.size() == 10)
                f.date_to = in.to;
            any = !f.date_from.empty() || !f.date_to.empty();
            break;
        case core::ColumnType::Bool:
            if (in.yes)
                f.yes = in.yes == 1;
            any = in.yes != 0;
            break;
        }
        if (any)
            query_.filters.push_back(f);
    }
}

namespace {
// Whether two queries have the same matches (they may differ in sort and paging).
bool same_matches(const core::CustomerQuery& a, const core::CustomerQuery& b) {
    auto same_filter = [](const core::ColumnFilter& x, const core::ColumnFilter& y) {
        return x.column == y.column && x.text == y.text && x.min == y.min && x.max == y.max &&
               x.date_from == y.date_from && x.date_to == y.date_to && x.yes == y.yes;
    };
    return a.search == b.search && a.segment == b.segment &&
           a.include_deleted == b.include_deleted && a.today == b.today &&
           std::equal(a.filters.begin(), a.filters.end(), b.filters.begin(), b.filters.end(),
                      same_filter);
}
} // namespace

// The count runs as a core::CustomerCounter, one time-boxed step per frame (no threads in the
// browser); the grid shows the rows counted so far and grows. Pages come from
// core::query_customers_counted, which uses what the count found instead of counting again.
void CustomersView::requery() {
    ++query_runs_;
    query_dirty_ = false;
    query_.search = search_;
    query_.offset = 0;
    query_.limit = 0;
    rebuild_filters();
    pages_.clear();
    error_.clear();
    core::Database& db = ctx_.store.db();
    const int lang = core::i18n::language_id();
    const std::uint64_t version = db.data_version();
    // Only the sort changed, on the same data: the count stands.
    if (!counter_ || data_version_ != version || counter_->id_lang() != lang ||
        !same_matches(counter_->query(), query_)) {
        counter_.reset();
        total_ = 0;
        try {
            counter_ = std::make_unique<core::CustomerCounter>(db, query_, lang, orders_);
        } catch (const std::exception& e) {
            error_ = e.what();
        }
    }
    data_version_ = version;
    advance_count();
}

// One step per frame while the counter has work: the count, then (after a count an index
// answered at once) the pass that makes every page a short walk.
void CustomersView::advance_count() {
    if (!counter_ || !counter_->busy())
        return;
    try {
        counter_->step(std::chrono::steady_clock::now() + count_budget_);
        total_ = counter_->count();
    } catch (const std::exception& e) {
        error_ = e.what();
        counter_.reset();
        total_ = 0;
    }
    if (!counting() && cursor_ >= total_)
        cursor_ = total_ - 1;
}

bool CustomersView::counting() const {
    return counter_ && !counter_->done();
}

void CustomersView::set_search(const std::string& text) {
    search_ = text;
    requery();
}

void CustomersView::set_filter(const core::ColumnFilter& f) {
    FilterInput& in = filters_[f.column];
    in.text = f.text;
    in.min = f.min ? core::csv::number_cell(*f.min) : "";
    in.max = f.max ? core::csv::number_cell(*f.max) : "";
    in.from = f.date_from;
    in.to = f.date_to;
    in.yes = f.yes ? (*f.yes ? 1 : 2) : 0;
    requery();
}

void CustomersView::set_sort(const std::vector<core::SortSpec>& sort) {
    query_.sort = sort;
    sort_from_view_ = true;
    ++table_generation_;
    requery();
}

namespace {
std::map<const core::Database*, CustomersView::SegmentRequest>& segment_requests() {
    static std::map<const core::Database*, CustomersView::SegmentRequest> requests;
    return requests;
}
} // namespace

void CustomersView::request_segment(const core::Database& db, SegmentRequest request) {
    segment_requests()[&db] = std::move(request);
}

void CustomersView::set_segment(const std::string& text, const std::string& name) {
    query_.segment = text;
    segment_name_ = text.empty() ? "" : name;
    selection_.clear();
    cursor_ = anchor_ = -1;
    requery();
}

void CustomersView::reset_state() {
    query_.segment.clear();
    segment_name_.clear();
    search_.clear();
    filters_.clear();
    query_.sort.clear();
    selection_.clear();
    cursor_ = anchor_ = -1;
    ++table_generation_;
}

void CustomersView::reset() {
    reset_state();
    requery();
}

const core::CustomerRow* CustomersView::row_at(std::int64_t index) {
    return row(index, false);
}

// The grid reads at most one page per frame (`from_draw`): a page read can cost a few
// milliseconds (more for a deep page in some orders), and a frame showing two page
// boundaries finishes the second one a frame later.
const core::CustomerRow* CustomersView::row(std::int64_t index, bool from_draw) {
    if (index < 0 || index >= total_ || !counter_)
        return nullptr;
    const std::int64_t page = index / kPageSize;
    auto it = pages_.find(page);
    if (it == pages_.end()) {
        if (from_draw && page_reads_left_ <= 0)
            return nullptr;
        if (from_draw)
            --page_reads_left_;
        core::CustomerQuery q = query_;
        q.offset = page * kPageSize;
        q.limit = kPageSize;
        try {
            auto result = core::query_customers_counted(ctx_.store.db(), q, *counter_);
            if (!result)
                return nullptr; // counting: not cheap yet, asked again next frame
            it = pages_.emplace(page, std::move(result->rows)).first;
        } catch (const std::exception& e) {
            error_ = e.what();
            return nullptr;
        }
        // Memory stays bounded while scrolling through a million rows.
        while (pages_.size() > 64) {
            auto victim = pages_.begin()->first == page ? std::prev(pages_.end()) : pages_.begin();
            pages_.erase(victim);
        }
    }
    const std::size_t offset = static_cast<std::size_t>(index % kPageSize);
    return offset < it->second.size() ? &it->second[offset] : nullptr;
}

std::vector<std::int64_t> CustomersView::ids_between(std::int64_t from, std::int64_t to) {
    if (from > to)
        std::swap(from, to);
    core::CustomerQuery q = query_;
    q.offset = std::max<std::int64_t>(0, from);
    q.limit = static_cast<int>(std::min<std::int64_t>(to - from + 1, 10000));
    std::vector<std::int64_t> ids;
    std::optional<core::CustomerPage> page;
    if (counter_ && counter_->done())
        page = core::query_customers_counted(ctx_.store.db(), q, *counter_);
    if (!page)
        page = core::query_customers(ctx_.store.db(), q, core::i18n::language_id());
    for (auto& r : page->rows)
        ids.push_back(r.id);
    return ids;
}

void CustomersView::click_row(std::int64_t index, bool ctrl, bool shift) {
    const core::CustomerRow* r = row_at(index);
    if (!r)
        return;
    const std::int64_t id = r->id;
    if (shift && anchor_ >= 0) {
        if (!ctrl)
            selection_.clear();
        selection_.add(ids_between(anchor_, index));
    } else if (ctrl) {
        selection_.toggle(id);
        anchor_ = index;
    } else {
        selection_.set_only(id);
        anchor_ = index;
    }
    cursor_ = index;
}

void CustomersView::select_all_results() {
    selection_.clear();
    selection_.add(core::query_customer_ids(ctx_.store.db(), query_, core::i18n::language_id()));
}

// --- 3. toolbar, saved views, bulk actions, legend ----------------------------------------------

void CustomersView::draw() {
    // A segment handed over by the Segments screen: the query runs now.
    auto& requests = segment_requests();
    auto request = requests.find(&ctx_.store.db());
    if (request != requests.end()) {
        SegmentRequest r = std::move(request->second);
        requests.erase(request);
        set_segment(r.text, r.name);
        if (r.select_all && error_.empty())
            select_all_results();
        if (r.export_csv && error_.empty())
            export_selection(false);
    }
    // Edits of the last frame run the query now (once, however many there were); otherwise
    // the count goes on. Either way one count step per frame.
    if (query_dirty_ || data_version_ != ctx_.store.db().data_version())
        requery();
    else
        advance_count();
    page_reads_left_ = 1;
    if (views_version_ != ctx_.store.db().data_version()) {
        views_version_ = ctx_.store.db().data_version();
        views_ = core::list_saved_views(ctx_.store.db(), kScreen);
        groups_ = core::list_groups(ctx_.store.db(), core::i18n::language_id());
    }
    draw_toolbar();
    draw_legend();
    if (!error_.empty()) {
        ImGui::PushStyleColor(ImGuiCol_Text, palette().danger);
        ImGui::TextWrapped("%s", error_.c_str());
        ImGui::PopStyleColor();
    }
    draw_table();
    draw_confirm();
    handle_keys();
}

void CustomersView::take_queued_chars() {
    ImVector<ImWchar>& queue = ImGui::GetIO().InputQueueCharacters;
    for (ImWchar c : queue)
        carried_chars_.push_back(c);
    queue.resize(0);
}

void CustomersView::carry_search_chars() {
    ImVector<ImWchar>& queue = ImGui::GetIO().InputQueueCharacters;
    if (search_focus_frames_ > 0) {
        --search_focus_frames_;
        take_queued_chars();
        if (search_focus_frames_ == 0 && !search_active_)
            carried_chars_.resize(0);
    } else if (!carried_chars_.empty() && search_active_) {
        // Typed before this frame's characters: they go in front of them.
        ImVector<ImWchar> merged = carried_chars_;
        for (ImWchar c : queue)
            merged.push_back(c);
        queue.swap(merged);
        carried_chars_.resize(0);
    }
}

void CustomersView::draw_toolbar() {
    const float fs = ImGui::GetFontSize();
    carry_search_chars();
    if (focus_search_) {
        ImGui::SetKeyboardFocusHere();
        focus_search_ = false;
    }
    ImGui::SetNextItemWidth(fs * 18.0f);
    if (ImGui::InputTextWithHint("##search", tr("customers.search_hint"), &search_))
        invalidate();
    search_active_ = ImGui::IsItemActive();
    if (search_focus_frames_ > 0 && search_active_)
        search_focus_frames_ = 0; // the carried characters go in next frame
    test_hooks::register_last_item("customers.search");
    ImGui::SameLine();
    if (ImGui::Button(tr("customers.reset"))) {
        reset_state();
        invalidate();
    }
    test_hooks::register_last_item("customers.reset");
    ImGui::SameLine();
    ImGui::AlignTextToFramePadding();
    // While counting, the figure is what was found so far.
    if (counting())
        ImGui::Text("≥ %s %s", core::i18n::format_number(total_).c_str(),
                    tr("customers.results_counting"));
    else
        ImGui::TextUnformatted(core::i18n::format_count("customers.results", total_).c_str());
    test_hooks::register_last_item("customers.count");
    if (!query_.segment.empty()) {
        // The active segment as a chip; its text in the tooltip, a button clears it.
        ImGui::SameLine();
        const std::string chip = std::string(tr("customers.segment")) + ": " +
                                 (segment_name_.empty() ? query_.segment : segment_name_);
        ImGui::PushStyleColor(ImGuiCol_Button, ImGui::GetColorU32(ImGuiCol_HeaderActive));
        ImGui::SmallButton((chip + "###segment_chip").c_str());
        ImGui::PopStyleColor();
        test_hooks::register_last_item("customers.segment");
        if (ImGui::IsItemHovered())
            ImGui::SetTooltip("%s", query_.segment.c_str());
        ImGui::SameLine(0, 2);
        if (ImGui::SmallButton("x##segment_clear")) {
            query_.segment.clear();
            segment_name_.clear();
            selection_.clear();
            invalidate();
        }
        test_hooks::register_last_item("customers.segment_clear");
        if (ImGui::IsItemHovered())
            ImGui::SetTooltip("%s", tr("customers.segment_clear"));
    }
    if (selection_.size()) {
        ImGui::SameLine();
        ImGui::TextDisabled(
            "· %s %s", core::i18n::format_number(static_cast<long long>(selection_.size())).c_str(),
            tr("customers.selected"));
    }
    ImGui::SameLine();
    if (ImGui::Button(tr("customers.select_all")))
        select_all_results();
    test_hooks::register_last_item("customers.select_all");
    ImGui::SameLine();
    draw_bulk_menu();
    ImGui::SameLine();
    draw_export_menu();
    ImGui::SameLine();
    draw_views_menu();
    ImGui::SameLine();
    if (ImGui::Button(tr("customers.new")))
        ctx_.nav.edit_customer(0);
    test_hooks::register_last_item("customers.new");
}

// The grid as it is (filters, sort, visible columns; the selection when there is one).
void CustomersView::draw_export_menu() {
    ImGui::BeginDisabled(ctx_.nav.job_running());
    if (ImGui::Button(tr("customers.export")))
        ImGui::OpenPopup("##export");
    ImGui::EndDisabled();
    test_hooks::register_last_item("customers.export");
    if (!ImGui::BeginPopup("##export"))
        return;
    ImGui::TextDisabled("%s", selection_.size() ? tr("customers.export_selection")
                                                : tr("customers.export_results"));
    if (ImGui::Selectable(tr("customers.export_csv")))
        export_selection(false);
    test_hooks::register_last_item("customers.export.csv");
    if (ImGui::Selectable(tr("customers.export_excel")))
        export_selection(true);
    test_hooks::register_last_item("customers.export.excel");
    ImGui::EndPopup();
}

void CustomersView::draw_views_menu() {
    const std::string label = std::string(tr("views.button")) +
                              (current_view_name_.empty() ? "" : ": " + current_view_name_) +
                              "###views";
    if (ImGui::Button(label.c_str()))
        ImGui::OpenPopup("##views_popup");
    test_hooks::register_last_item("views.open");
    if (!ImGui::BeginPopup("##views_popup"))
        return;
    for (const auto& v : views_) {
        std::string item =
            v.name + (v.is_default ? std::string("  ") + tr("views.default_mark") : "");
        if (ImGui::Selectable(item.c_str(), v.name == current_view_name_)) {
            load_view_spec(v.spec);
            invalidate();
            current_view_name_ = v.name;
        }
        test_hooks::register_last_item(("views.item." + v.name).c_str());
    }
    if (!views_.empty())
        ImGui::Separator();
    ImGui::SetNextItemWidth(ImGui::GetFontSize() * 12);
    ImGui::InputTextWithHint("##view_name", tr("views.name_hint"), &new_view_name_);
    test_hooks::register_last_item("views.name");
    ImGui::SameLine();
    if (ImGui::Button(tr("views.save"))) {
        try {
            core::save_view(ctx_.store.db(), kScreen, new_view_name_, current_view_spec());
            current_view_name_ = new_view_name_;
            ctx_.nav.notify(tr("views.saved"));
            new_view_name_.clear();
        } catch (const std::exception& e) {
            ctx_.nav.notify(e.what());
        }
    }
    test_hooks::register_last_item("views.save");
    for (const auto& v : views_) {
        if (v.name != current_view_name_)
            continue;
        if (ImGui::Button(tr("views.make_default")))
            core::set_default_view(ctx_.store.db(), kScreen, v.id);
        test_hooks::register_last_item("views.make_default");
        ImGui::SameLine();
        if (ImGui::Button(tr("views.delete"))) {
            core::delete_view(ctx_.store.db(), v.id);
            current_view_name_.clear();
        }
    }
    ImGui::EndPopup();
}

void CustomersView::draw_bulk_menu() {
    ImGui::BeginDisabled(selection_.size() == 0 || ctx_.nav.job_running());
    if (ImGui::Button(tr("bulk.menu")))
        ImGui::OpenPopup("##bulk");
    ImGui::EndDisabled();
    test_hooks::register_last_item("bulk.open");
    if (!ImGui::BeginPopup("##bulk"))
        return;
    using K = core::BulkKind;
    for (K k :
         {K::Enable, K::Disable, K::NewsletterOn, K::NewsletterOff, K::OptinOn, K::OptinOff}) {
        if (ImGui::Selectable(tr(core::bulk_label_key(k))))
            pending_ = core::BulkAction{k, 0};
        test_hooks::register_last_item((std::string("bulk.") + core::bulk_label_key(k)).c_str());
    }
    for (K k : {K::AddToGroup, K::RemoveFromGroup, K::SetDefaultGroup}) {
        if (ImGui::BeginMenu(tr(core::bulk_label_key(k)))) {
            for (const auto& g : groups_)
                if (ImGui::Selectable(g.name.c_str()))
                    pending_ = core::BulkAction{k, g.id};
            ImGui::EndMenu();
        }
    }
    ImGui::Separator();
    for (K k : {K::DeleteAllowReregistration, K::DeleteKeepData})
        if (ImGui::Selectable(tr(core::bulk_label_key(k))))
            pending_ = core::BulkAction{k, 0};
    ImGui::Separator();
    if (ImGui::Selectable(tr("bulk.export")))
        export_selection(false);
    test_hooks::register_last_item("bulk.export");
    ImGui::EndPopup();
}

void CustomersView::draw_confirm() {
    if (pending_ && !ImGui::IsPopupOpen("##confirm"))
        ImGui::OpenPopup("##confirm");
    if (!ImGui::BeginPopupModal("##confirm", nullptr,
                                ImGuiWindowFlags_AlwaysAutoResize | ImGuiWindowFlags_NoTitleBar))
        return;
    if (!pending_) {
        ImGui::CloseCurrentPopup();
        ImGui::EndPopup();
        return;
    }
    std::string what = tr(core::bulk_label_key(pending_->kind));
    for (const auto& g : groups_)
        if (pending_->id_group && g.id == pending_->id_group)
            what += " “" + g.name + "”";
    ImGui::Text("%s", what.c_str());
    ImGui::Text("%s %s",
                core::i18n::format_number(static_cast<long long>(selection_.size())).c_str(),
                tr("bulk.confirm_count"));
    ImGui::TextDisabled("%s", tr("bulk.undo_hint"));
    if (ImGui::Button(tr("bulk.confirm"))) {
        start_bulk(*pending_);
        pending_.reset();
        ImGui::CloseCurrentPopup();
    }
    test_hooks::register_last_item("bulk.confirm");
    ImGui::SameLine();
    if (ImGui::Button(tr("form.cancel"))) {
        pending_.reset();
        ImGui::CloseCurrentPopup();
    }
    ImGui::EndPopup();
}

void CustomersView::start_bulk(const core::BulkAction& action) {
    auto job = std::make_unique<core::BulkCustomersJob>(ctx_.store.db(), action, selection_.ids());
    const bool deleting = action.kind == core::BulkKind::DeleteAllowReregistration ||
                          action.kind == core::BulkKind::DeleteKeepData;
    ctx_.nav.run_job(std::move(job), [this, deleting](core::Job& j) {
        auto& bulk = static_cast<core::BulkCustomersJob&>(j);
        if (!bulk.cancelled() && bulk.error().empty()) {
            ctx_.nav.notify(core::i18n::format_number(bulk.result().changed) + " " +
                            tr("bulk.changed"));
            if (deleting)
                selection_.clear();
        }
    });
}

std::vector<std::string> CustomersView::visible_columns(std::vector<std::string>* headers) const {
    std::vector<std::string> ids;
    for (const auto& c : columns_) {
        if (!c.visible)
            continue;
        ids.push_back(c.id);
        if (headers)
            headers->push_back(tr(core::find_customer_column(c.id)->label_key));
    }
    return ids;
}

std::unique_ptr<core::CustomersExportJob>
CustomersView::selection_job(const core::csv::Format& f) const {
    std::vector<std::string> headers;
    std::vector<std::string> ids = visible_columns(&headers);
    return std::make_unique<core::CustomersExportJob>(ctx_.store.db(), query_, selection_.ids(),
                                                      ids, headers, f, core::i18n::language_id());
}

void CustomersView::export_selection(bool excel) {
    const core::csv::Format format = excel ? core::csv::excel() : core::csv::Format{};
    ctx_.nav.run_job(selection_job(format), [this, excel](core::Job& j) {
        auto& job = static_cast<core::CustomersExportJob&>(j);
        if (job.cancelled() || !job.error().empty())
            return;
        std::string where = ctx_.host.offer_download(
            excel ? "customers-excel.csv" : "customers.csv", "text/csv", job.output());
        ctx_.nav.notify(std::string(tr("bulk.exported")) + " " + where);
    });
}

void CustomersView::draw_legend() {
    const Palette& pal = palette();
    ImGui::PushStyleColor(ImGuiCol_Text, pal.ok);
    ImGui::TextUnformatted("■");
    ImGui::PopStyleColor();
    ImGui::SameLine(0, 4);
    ImGui::TextDisabled("%s", tr("legend.valid_order"));
    ImGui::SameLine(0, 16);
    ImGui::PushStyleColor(ImGuiCol_Text, pal.danger);
    ImGui::TextUnformatted("■");
    ImGui::PopStyleColor();
    ImGui::SameLine(0, 4);
    ImGui::TextDisabled("%s", tr("legend.delivery_differs"));
    test_hooks::register_last_item("customers.legend");
}

// --- 4. grid
// ----------------------------------------------------------------------------------------

void CustomersView::draw_filter_cell(const core::ColumnInfo& info, FilterInput& in) {
    ImGui::PushID(info.id);
    bool changed = false;
    const float w = ImGui::GetContentRegionAvail().x;
    switch (info.type) {
    case core::ColumnType::Text:
        ImGui::SetNextItemWidth(w);
        changed = ImGui::InputTextWithHint("##f", "…", &in.text);
        break;
    case core::ColumnType::Integer:
    case core::ColumnType::Money:
        ImGui::SetNextItemWidth(w * 0.5f - 2);
        changed = ImGui::InputTextWithHint("##min", "≥", &in.min, ImGuiInputTextFlags_CharsDecimal);
        ImGui::SameLine(0, 2);
        ImGui::SetNextItemWidth(w * 0.5f - 2);
        changed |=
            ImGui::InputTextWithHint("##max", "≤", &in.max, ImGuiInputTextFlags_CharsDecimal);
        break;
    case core::ColumnType::Date:
        ImGui::SetNextItemWidth(w * 0.5f - 2);
        changed = ImGui::InputTextWithHint("##from", tr("filter.from"), &in.from);
        ImGui::SameLine(0, 2);
        ImGui::SetNextItemWidth(w * 0.5f - 2);
        changed |= ImGui::InputTextWithHint("##to", tr("filter.to"), &in.to);
        break;
    case core::ColumnType::Bool: {
        const char* items[] = {tr("filter.any"), tr("common.yes"), tr("common.no")};
        ImGui::SetNextItemWidth(w);
        changed = ImGui::Combo("##b", &in.yes, items, 3);
        break;
    }
    }
    test_hooks::register_last_item((std::string("filter.") + info.id).c_str());
    if (changed)
        invalidate();
    ImGui::PopID();
}

void CustomersView::draw_cell(const core::CustomerRow& r, const std::string& c) {
    const Palette& pal = palette();
    auto text = [](const std::string& s) { ImGui::TextUnformatted(s.c_str()); };
    auto yes_no = [](bool v) { ImGui::TextUnformatted(v ? "✓" : "–"); };
    if (c == "title")
        text(r.title);
    else if (c == "firstname" || c == "lastname") {
        if (r.has_valid_order)
            ImGui::PushStyleColor(ImGuiCol_Text, pal.ok);
        text(c == "firstname" ? r.firstname : r.lastname);
        if (r.has_valid_order)
            ImGui::PopStyleColor();
    } else if (c == "email")
        text(r.email);
    else if (c == "company")
        text(r.company);
    else if (c == "default_group")
        text(r.default_group);
    else if (c == "sales")
        text(core::i18n::format_money(r.sales));
    else if (c == "valid_orders")
        ImGui::Text("%lld", static_cast<long long>(r.valid_orders));
    else if (c == "active")
        yes_no(r.active);
    else if (c == "newsletter")
        yes_no(r.newsletter);
    else if (c == "optin")
        yes_no(r.optin);
    else if (c == "age") {
        if (r.age)
            ImGui::Text("%d", *r.age);
    } else if (c == "date_add")
        text(core::i18n::format_date(r.date_add));
    else if (c == "last_visit")
        text(core::i18n::format_date(r.last_visit));
    else if (c == "country") {
        // The country of the last delivery: red when it went to another address than the invoice.
        if (r.delivery_differs)
            ImGui::PushStyleColor(ImGuiCol_Text, pal.danger);
        text(r.country);
        if (r.delivery_differs)
            ImGui::PopStyleColor();
    } else if (c == "shop")
        text(r.shop);
    else if (c == "rfm")
        text(r.rfm);
}

void CustomersView::draw_table() {
    const ImGuiTableFlags flags = ImGuiTableFlags_ScrollX | ImGuiTableFlags_ScrollY |
                                  ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersV |
                                  ImGuiTableFlags_Resizable | ImGuiTableFlags_Reorderable |
                                  ImGuiTableFlags_Hideable | ImGuiTableFlags_Sortable |
                                  ImGuiTableFlags_SortMulti | ImGuiTableFlags_SortTristate;
    const int count = static_cast<int>(columns_.size());
    // A new table id when a saved view is applied: the table starts from that layout.
    const std::string table_id = "##customers" + std::to_string(table_generation_);
    if (!ImGui::BeginTable(table_id.c_str(), count, flags))
        return;
    ImGui::TableSetupScrollFreeze(1, 2);
    const float fs = ImGui::GetFontSize();
    for (int i = 0; i < count; ++i) {
        const ColumnState& c = columns_[static_cast<std::size_t>(i)];
        const core::ColumnInfo* info = core::find_customer_column(c.id);
        ImGuiTableColumnFlags cf = ImGuiTableColumnFlags_WidthFixed;
        if (!c.visible)
            cf |= ImGuiTableColumnFlags_DefaultHide;
        if (c.id == "id")
            cf |= ImGuiTableColumnFlags_NoHide;
        if (!query_.sort.empty() && query_.sort.front().column == c.id) {
            cf |= ImGuiTableColumnFlags_DefaultSort;
            if (query_.sort.front().descending)
                cf |= ImGuiTableColumnFlags_PreferSortDescending;
        }
        ImGui::TableSetupColumn(info ? tr(info->label_key) : c.id.c_str(), cf, c.width * fs);
    }
    // The header row as ImGui::TableHeadersRow draws it, each header registered for tests.
    ImGui::TableNextRow(ImGuiTableRowFlags_Headers);
    for (int i = 0; i < count; ++i) {
        if (!ImGui::TableSetColumnIndex(i))
            continue;
        ImGui::PushID(i);
        ImGui::TableHeader(ImGui::TableGetColumnName(i));
        ImGui::PopID();
        test_hooks::register_last_item(
            ("customers.header." + columns_[static_cast<std::size_t>(i)].id).c_str());
    }

    // Filter row under the headers.
    ImGui::TableNextRow(ImGuiTableRowFlags_Headers);
    for (int i = 0; i < count; ++i) {
        if (!ImGui::TableSetColumnIndex(i))
            continue;
        const core::ColumnInfo* info =
            core::find_customer_column(columns_[static_cast<std::size_t>(i)].id);
        if (info)
            draw_filter_cell(*info, filters_[info->id]);
    }

    if (ImGuiTableSortSpecs* specs = ImGui::TableGetSortSpecs(); specs && specs->SpecsDirty) {
        if (!sort_from_view_) {
            query_.sort.clear();
            for (int i = 0; i < specs->SpecsCount; ++i) {
                const ImGuiTableColumnSortSpecs& s = specs->Specs[i];
                query_.sort.push_back({columns_[static_cast<std::size_t>(s.ColumnIndex)].id,
                                       s.SortDirection == ImGuiSortDirection_Descending});
            }
        }
        sort_from_view_ = false;
        specs->SpecsDirty = false;
        invalidate();
    }
    read_table_layout();

    const float row_h = ImGui::GetTextLineHeight() + ImGui::GetStyle().CellPadding.y * 2;
    if (scroll_to_cursor_ && cursor_ >= 0) {
        const float y = static_cast<float>(cursor_) * row_h;
        const float top = ImGui::GetScrollY(), view_h = ImGui::GetWindowHeight() - row_h * 3;
        if (y < top)
            ImGui::SetScrollY(y);
        else if (y > top + view_h)
            ImGui::SetScrollY(y - view_h);
        scroll_to_cursor_ = false;
    }

    {
        // The grid's scrolling area (its scrollbar on the right), for tests.
        const ImGuiWindow* grid = ImGui::GetCurrentWindow();
        test_hooks::register_rect("customers.grid",
                                  {grid->Pos.x, grid->Pos.y, grid->Size.x, grid->Size.y});
        visible_rows_ = std::max<std::int64_t>(1, static_cast<std::int64_t>(grid->Size.y / row_h) -
                                                      3); // the headers and filters
    }
    ImGuiListClipper clipper;
    clipper.Begin(static_cast<int>(std::min<std::int64_t>(total_, 0x7fffffff)), row_h);
    rows_waiting_ = 0;
    while (clipper.Step()) {
        if (clipper.DisplayEnd - clipper.DisplayStart > 1)
            first_visible_ = clipper.DisplayStart;
        for (int i = clipper.DisplayStart; i < clipper.DisplayEnd; ++i) {
            const core::CustomerRow* r = row(i, true);
            ImGui::TableNextRow(ImGuiTableRowFlags_None, row_h);
            if (!r) {
                ++rows_waiting_;
                continue;
            }
            for (int col = 0; col < count; ++col) {
                if (!ImGui::TableSetColumnIndex(col))
                    continue;
                const std::string& cid = columns_[static_cast<std::size_t>(col)].id;
                if (cid != "id") {
                    draw_cell(*r, cid);
                    continue;
                }
                char label[32];
                std::snprintf(label, sizeof label, "%lld", static_cast<long long>(r->id));
                const bool selected = selection_.contains(r->id);
                if (i == cursor_)
                    ImGui::TableSetBgColor(ImGuiTableBgTarget_RowBg1,
                                           ImGui::GetColorU32(ImGuiCol_HeaderHovered, 0.35f));
                if (ImGui::Selectable(label, selected,
                                      ImGuiSelectableFlags_SpanAllColumns |
                                          ImGuiSelectableFlags_AllowDoubleClick)) {
                    if (ImGui::IsMouseDoubleClicked(0))
                        ctx_.nav.open_customer(r->id);
                    else
                        click_row(i, keys::ctrl(), keys::shift());
                }
                if (i < 50)
                    test_hooks::register_last_item(("customers.row." + std::to_string(i)).c_str());
            }
        }
    }
    ImGui::EndTable();
}

// Reads back widths, order and visibility the user gave the columns, for saved views.
void CustomersView::read_table_layout() {
    ImGuiTable* table = ImGui::GetCurrentTable();
    if (!table)
        return;
    const float fs = ImGui::GetFontSize();
    for (int i = 0; i < table->ColumnsCount && i < static_cast<int>(columns_.size()); ++i) {
        const ImGuiTableColumn& col = table->Columns[i];
        ColumnState& c = columns_[static_cast<std::size_t>(i)];
        c.visible = col.IsEnabled;
        c.order = col.DisplayOrder;
        if (col.WidthRequest > 0)
            c.width = col.WidthRequest / fs;
    }
}

// --- 5. keyboard and clipboard
// ---------------------------------------------------------------------

void CustomersView::handle_keys() {
    ImGuiIO& io = ImGui::GetIO();
    if (ctx_.nav.job_running() || ImGui::IsPopupOpen(nullptr, ImGuiPopupFlags_AnyPopupId))
        return;
    if (keys::ctrl() && keys::letter_pressed('F')) {
        focus_search_ = true;
        search_focus_frames_ = 10; // gives up if the field never takes the keyboard
        carried_chars_.resize(0);
        take_queued_chars();
        return;
    }
    // Grid keys only when no text field is being edited and no other window has focus.
    if (io.WantTextInput || !ImGui::IsWindowFocused(ImGuiFocusedFlags_RootAndChildWindows))
        return;
    // The arrows move the cursor a row, Page Up and Page Down a screen, Home and End to the
    // first and the last row.
    std::optional<std::int64_t> target;
    if (keys::pressed(ImGuiKey_DownArrow))
        target = cursor_ + 1;
    else if (keys::pressed(ImGuiKey_UpArrow))
        target = cursor_ - 1;
    else if (keys::pressed(ImGuiKey_PageDown))
        target = std::max<std::int64_t>(cursor_, 0) + visible_rows_;
    else if (keys::pressed(ImGuiKey_PageUp))
        target = cursor_ - visible_rows_;
    else if (keys::pressed(ImGuiKey_Home, false))
        target = 0;
    else if (keys::pressed(ImGuiKey_End, false))
        target = total_ - 1;
    if (target) {
        const std::int64_t next = std::clamp<std::int64_t>(*target, 0, total_ - 1);
        if (total_ > 0) {
            if (keys::shift() && anchor_ >= 0) {
                selection_.clear();
                selection_.add(ids_between(anchor_, next));
                cursor_ = next;
            } else {
                click_row(next, false, false);
            }
            scroll_to_cursor_ = true;
        }
    }
    if ((keys::pressed(ImGuiKey_Enter, false) || keys::pressed(ImGuiKey_KeyPadEnter, false)) &&
        cursor_ >= 0)
        if (const core::CustomerRow* r = row_at(cursor_))
            ctx_.nav.open_customer(r->id);
    if (keys::pressed(ImGuiKey_Escape, false))
        selection_.clear();
    if (keys::ctrl() && keys::pressed(ImGuiKey_C, false) && selection_.size()) {
        ctx_.nav.run_job(selection_job(tsv_format()), [this](core::Job& j) {
            auto& job = static_cast<core::CustomersExportJob&>(j);
            if (job.cancelled() || !job.error().empty())
                return;
            ImGui::SetClipboardText(job.output().c_str());
            ctx_.nav.notify(core::i18n::format_number(job.rows_written()) + " " +
                            tr("customers.copied"));
        });
    }
    if (keys::ctrl() && keys::pressed(ImGuiKey_A, false))
        select_all_results();
}

// Tab-separated, one row per line: what spreadsheets and mail clients paste as a table.
core::csv::Format CustomersView::tsv_format() {
    return core::csv::Format{'\t', false, "\n"};
}

std::string CustomersView::selection_as_tsv() {
    auto job = selection_job(tsv_format());
    core::run_to_completion(*job);
    return job->output();
}

// --- 6. views as JSON, test state
// -------------------------------------------------------------------

nlohmann::json CustomersView::current_view_spec() const {
    nlohmann::json spec;
    spec["version"] = 1;
    // Columns in display order, as the user arranged them.
    std::vector<ColumnState> ordered = columns_;
    std::stable_sort(ordered.begin(), ordered.end(),
                     [](const ColumnState& a, const ColumnState& b) { return a.order < b.order; });
    spec["columns"] = nlohmann::json::array();
    for (const ColumnState& c : ordered)
        spec["columns"].push_back({{"id", c.id}, {"width", c.width}, {"visible", c.visible}});
    spec["search"] = search_;
    spec["filters"] = nlohmann::json::array();
    for (const auto& [column, in] : filters_) {
        if (in.text.empty() && in.min.empty() && in.max.empty() && in.from.empty() &&
            in.to.empty() && !in.yes)
            continue;
        spec["filters"].push_back({{"column", column},
                                   {"text", in.text},
                                   {"min", in.min},
                                   {"max", in.max},
                                   {"from", in.from},
                                   {"to", in.to},
                                   {"yes", in.yes}});
    }
    spec["sort"] = nlohmann::json::array();
    for (const auto& s : query_.sort)
        spec["sort"].push_back({{"column", s.column}, {"desc", s.descending}});
    return spec;
}

void CustomersView::apply_view_spec(const nlohmann::json& spec) {
    if (!spec.is_object())
        return;
    load_view_spec(spec);
    requery();
}

void CustomersView::load_view_spec(const nlohmann::json& spec) {
    if (!spec.is_object())
        return;
    if (spec.contains("columns") && spec["columns"].is_array()) {
        std::vector<ColumnState> cols;
        for (const auto& c : spec["columns"]) {
            const std::string id = c.value("id", "");
            if (!core::find_customer_column(id))
                continue;
            cols.push_back({id, c.value("width", 6.0f), c.value("visible", true),
                            static_cast<int>(cols.size())});
        }
        // Columns the view does not know (added later) keep their default place at the end.
        for (const auto& def : kDefaultColumns) {
            const std::string id = def.first;
            bool present = std::any_of(cols.begin(), cols.end(),
                                       [&](const ColumnState& c) { return c.id == id; });
            if (!present)
                cols.push_back({id, def.second, false, static_cast<int>(cols.size())});
        }
        columns_ = cols;
    }
    search_ = spec.value("search", "");
    filters_.clear();
    if (spec.contains("filters"))
        for (const auto& f : spec["filters"]) {
            FilterInput in;
            in.text = f.value("text", "");
            in.min = f.value("min", "");
            in.max = f.value("max", "");
            in.from = f.value("from", "");
            in.to = f.value("to", "");
            in.yes = f.value("yes", 0);
            filters_[f.value("column", "")] = in;
        }
    query_.sort.clear();
    if (spec.contains("sort"))
        for (const auto& s : spec["sort"])
            if (core::find_customer_column(s.value("column", "")))
                query_.sort.push_back({s.value("column", ""), s.value("desc", false)});
    sort_from_view_ = true;
    selection_.clear();
    cursor_ = anchor_ = -1;
    ++table_generation_;
}

std::string CustomersView::state_json() {
    nlohmann::json j;
    j["search"] = search_;
    j["total"] = total_;
    j["counting"] = counting();
    j["query_runs"] = query_runs_;
    j["selected"] = selection_.size();
    j["cursor"] = cursor_;
    j["first_visible"] = first_visible_;
    j["rows_waiting"] = rows_waiting_; // rows in view whose page has not come yet
    j["error"] = error_;
    j["view"] = current_view_name_;
    j["segment"] = query_.segment;
    j["segment_name"] = segment_name_;
    j["sort"] = nlohmann::json::array();
    for (const auto& s : query_.sort)
        j["sort"].push_back({{"column", s.column}, {"desc", s.descending}});
    j["filters"] = query_.filters.size();
    j["columns"] = nlohmann::json::array();
    for (const auto& c : columns_)
        if (c.visible)
            j["columns"].push_back(c.id);
    return j.dump();
}

} // namespace clientele::ui
