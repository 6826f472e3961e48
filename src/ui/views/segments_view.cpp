// Sections: 1. state and counting  2. saved segments  3. editor and builder  4. actions
// 5. RFM  6. test state
#include "ui/views/segments_view.h"

#include "core/i18n.h"
#include "core/jobs.h"
#include "ui/forms.h"
#include "ui/test_hooks.h"
#include "ui/theme.h"
#include "ui/views/customers_view.h"
#include "ui/views/followup_view.h"

#include <imgui.h>
#include <imgui_stdlib.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cctype>
#include <map>

namespace clientele::ui {

namespace {

std::map<const core::Database*, std::int64_t>& load_requests() {
    static std::map<const core::Database*, std::int64_t> requests;
    return requests;
}

// The builder's operators for a fact type; the words the text gets.
std::vector<const char*> operators(core::FactType type, bool bought) {
    using T = core::FactType;
    if (bought)
        return {"bought", "not bought"};
    switch (type) {
    case T::Number:
        return {">=", ">", "=", "!=", "<", "<="};
    case T::Date:
        return {"<", ">", ">=", "<=", "=", "!="};
    case T::Text:
        return {"CONTAINS", "=", "!="};
    case T::Code:
        return {"=", "!=", "IN", "NOT IN"};
    case T::Bool:
        return {"yes", "no"};
    }
    return {"="};
}

bool plain_word(const std::string& v) {
    if (v.empty())
        return false;
    const bool number = std::all_of(v.begin(), v.end(), [](char c) {
        return std::isdigit(static_cast<unsigned char>(c)) || c == '.' || c == '-';
    });
    if (number)
        return true;
    return std::all_of(v.begin(), v.end(), [](char c) {
        const auto u = static_cast<unsigned char>(c);
        return std::isalnum(u) || c == '_' || u >= 0x80;
    });
}

// A value as the language writes it: a word or number as is, anything else quoted.
std::string literal(std::string v) {
    const char* ws = " \t";
    const std::size_t b = v.find_first_not_of(ws);
    v = b == std::string::npos ? "" : v.substr(b, v.find_last_not_of(ws) - b + 1);
    if (plain_word(v))
        return v;
    std::string out = "\"";
    for (char c : v) {
        if (c == '"' || c == '\\')
            out += '\\';
        out += c;
    }
    return out + "\"";
}

} // namespace

// --- 1. state and counting ---------------------------------------------------------------------

SegmentsView::SegmentsView(Context& ctx) : ctx_(ctx) {}

void SegmentsView::request_load(const core::Database& db, std::int64_t id) {
    load_requests()[&db] = id;
}

void SegmentsView::set_text(const std::string& text) {
    text_ = text;
    recheck();
}

// A new parse at once (cheap) and a new count, stepped from the next frames.
void SegmentsView::recheck() {
    counter_.reset();
    count_error_.clear();
    error_ = core::check_segment(text_);
    if (error_)
        return;
    core::CustomerQuery q;
    q.segment = text_;
    try {
        counter_ =
            std::make_unique<core::CustomerCounter>(ctx_.store.db(), q, core::i18n::language_id());
    } catch (const std::exception& e) {
        count_error_ = e.what();
    }
    counted_version_ = ctx_.store.db().data_version();
    advance_count();
}

void SegmentsView::advance_count() {
    if (!counter_ || !counter_->busy())
        return;
    try {
        counter_->step(std::chrono::steady_clock::now() + count_budget_);
    } catch (const std::exception& e) {
        count_error_ = e.what();
        counter_.reset();
    }
}

void SegmentsView::refresh() {
    core::Database& db = ctx_.store.db();
    const std::uint64_t version = db.data_version();
    if (saved_version_ != version) {
        saved_version_ = version;
        saved_ = core::list_segments(db);
        if (selected_ && !core::load_segment(db, selected_))
            selected_ = 0;
    }
    if (rfm_version_ != version) {
        rfm_version_ = version;
        rfm_ = core::rfm_segment_sizes(db, core::i18n::language_id());
        rfm_at_ = core::rfm_computed_at(db);
    }
    if (counter_ && counted_version_ != version)
        recheck(); // the data changed under the count
    else
        advance_count();
}

void SegmentsView::draw() {
    auto& requests = load_requests();
    auto req = requests.find(&ctx_.store.db());
    if (req != requests.end()) {
        const std::int64_t id = req->second;
        requests.erase(req);
        load(id);
    }
    refresh();
    const float fs = ImGui::GetFontSize();
    if (ImGui::BeginTable("##segments_layout", 2, ImGuiTableFlags_Resizable)) {
        ImGui::TableSetupColumn("saved", ImGuiTableColumnFlags_WidthFixed, fs * 16);
        ImGui::TableSetupColumn("editor", ImGuiTableColumnFlags_WidthStretch);
        ImGui::TableNextRow();
        ImGui::TableNextColumn();
        draw_saved();
        ImGui::TableNextColumn();
        draw_editor();
        draw_builder();
        draw_actions();
        ImGui::Separator();
        draw_rfm();
        ImGui::EndTable();
    }
}

// --- 2. saved segments -----------------------------------------------------------------------

void SegmentsView::load(std::int64_t id) {
    auto seg = core::load_segment(ctx_.store.db(), id);
    if (!seg)
        return;
    selected_ = id;
    name_ = seg->name;
    save_errors_.clear();
    renaming_ = false;
    set_text(seg->text);
}

bool SegmentsView::save(const std::string& name) {
    core::Database& db = ctx_.store.db();
    try {
        auto current = selected_ ? core::load_segment(db, selected_) : std::nullopt;
        if (current) {
            save_errors_ = core::validate_segment(db, selected_, name, text_);
            if (!save_errors_.empty())
                return false;
            if (current->text != text_)
                core::update_segment(db, selected_, text_);
            if (current->name != name)
                core::rename_segment(db, selected_, name);
        } else {
            selected_ = core::create_segment(db, name, text_);
        }
        save_errors_.clear();
        name_ = name;
        ctx_.nav.notify(tr("segments.saved"));
        return true;
    } catch (const core::ValidationError& e) {
        save_errors_ = e.errors();
    }
    return false;
}

void SegmentsView::draw_saved() {
    ImGui::TextUnformatted(tr("segments.saved_list"));
    if (ImGui::Button(tr("segments.new"))) {
        selected_ = 0;
        name_.clear();
        save_errors_.clear();
        set_text("");
    }
    test_hooks::register_last_item("segments.new");
    if (saved_.empty())
        forms::hint(tr("segments.none_saved"));
    for (const auto& s : saved_) {
        if (ImGui::Selectable((s.name + "##seg" + std::to_string(s.id)).c_str(), s.id == selected_))
            load(s.id);
        test_hooks::register_last_item(("segments.item." + s.name).c_str());
        if (ImGui::IsItemHovered())
            ImGui::SetTooltip("%s", s.text.c_str());
    }
    if (!selected_)
        return;
    ImGui::Spacing();
    if (!renaming_) {
        if (ImGui::Button(tr("segments.rename"))) {
            renaming_ = true;
            rename_to_ = name_;
        }
        test_hooks::register_last_item("segments.rename");
        ImGui::SameLine();
        if (ImGui::Button(tr("segments.delete"))) {
            try {
                core::delete_segment(ctx_.store.db(), selected_);
                ctx_.nav.notify(tr("segments.deleted"));
                selected_ = 0;
                name_.clear();
            } catch (const std::exception& e) {
                ctx_.nav.notify(e.what());
            }
        }
        test_hooks::register_last_item("segments.delete");
        return;
    }
    ImGui::SetNextItemWidth(-1);
    ImGui::InputText("##rename_to", &rename_to_);
    test_hooks::register_last_item("segments.rename_to");
    if (ImGui::Button(tr("segments.rename_ok"))) {
        try {
            core::rename_segment(ctx_.store.db(), selected_, rename_to_);
            name_ = rename_to_;
            renaming_ = false;
            save_errors_.clear();
        } catch (const core::ValidationError& e) {
            save_errors_ = e.errors();
        }
    }
    test_hooks::register_last_item("segments.rename_ok");
    ImGui::SameLine();
    if (ImGui::Button(tr("segments.cancel")))
        renaming_ = false;
    if (renaming_)
        forms::errors(save_errors_, "name");
}

// --- 3. editor and builder ---------------------------------------------------------------------

void SegmentsView::draw_editor() {
    const float fs = ImGui::GetFontSize();
    ImGui::TextUnformatted(tr("segments.text"));
    ImGui::SameLine();
    ImGui::TextDisabled("(?)");
    if (ImGui::IsItemHovered())
        ImGui::SetTooltip("%s", tr("segments.help"));
    const ImVec2 origin = ImGui::GetCursorScreenPos();
    if (ImGui::InputTextMultiline("##segment_text", &text_, ImVec2(-1, fs * 4.5f)))
        recheck();
    test_hooks::register_last_item("segments.text");
    // The error, with a caret under the character it points at (on its line of the text).
    if (error_) {
        const ImGuiStyle& style = ImGui::GetStyle();
        std::size_t byte = 0, chars = 0, line_start = 0;
        int line = 0;
        while (byte < text_.size() && chars < error_->position) {
            if (text_[byte] == '\n') {
                ++line;
                line_start = byte + 1;
            }
            ++byte;
            while (byte < text_.size() && (static_cast<unsigned char>(text_[byte]) & 0xC0) == 0x80)
                ++byte;
            ++chars;
        }
        const std::string prefix = text_.substr(line_start, byte - line_start);
        const float x = origin.x + style.FramePadding.x + ImGui::CalcTextSize(prefix.c_str()).x;
        const float y = origin.y + style.FramePadding.y + ImGui::GetTextLineHeight() * (line + 1);
        const ImVec2 end = ImGui::GetItemRectMax();
        if (y < end.y) {
            ImDrawList* dl = ImGui::GetWindowDrawList();
            const float w = fs * 0.35f;
            dl->AddTriangleFilled(ImVec2(x, y - w * 0.2f), ImVec2(x - w, y + w),
                                  ImVec2(x + w, y + w), palette().danger);
        }
        forms::danger_text(std::string(tr("err.segment_syntax")) + " " + error_->message);
        test_hooks::register_last_item("segments.error");
    } else if (!count_error_.empty()) {
        forms::danger_text(count_error_);
    }
    // The count: "≥ N…" while it runs.
    if (counter_) {
        const std::string n = core::i18n::format_number(counter_->count());
        if (counting())
            ImGui::Text("≥ %s… %s", n.c_str(), tr("segments.customers"));
        else
            ImGui::Text("%s %s", n.c_str(), tr("segments.customers"));
        test_hooks::register_last_item("segments.count");
    }
    // Name and save.
    ImGui::SetNextItemWidth(fs * 16);
    ImGui::InputTextWithHint("##segment_name", tr("segments.name_hint"), &name_);
    test_hooks::register_last_item("segments.name");
    ImGui::SameLine();
    ImGui::BeginDisabled(error_.has_value());
    if (ImGui::Button(tr("segments.save")))
        save(name_);
    ImGui::EndDisabled();
    test_hooks::register_last_item("segments.save");
    if (!renaming_) {
        forms::errors(save_errors_, "name");
        forms::errors(save_errors_, "text");
    }
}

void SegmentsView::add_condition(const std::string& fact, const std::string& op,
                                 const std::string& value) {
    const core::FactInfo* info = core::find_segment_fact(fact);
    if (!info)
        return;
    std::string cond;
    if (std::string(info->name) == "bought") {
        cond = (op == "not bought" ? "NOT bought(" : "bought(") + literal(value) + ")";
    } else if (info->type == core::FactType::Bool) {
        cond = (op == "no" ? "NOT " : "") + std::string(info->name);
    } else if (op == "IN" || op == "NOT IN") {
        std::string list;
        std::size_t from = 0;
        while (from <= value.size()) {
            const std::size_t comma = value.find(',', from);
            const std::string item =
                value.substr(from, comma == std::string::npos ? std::string::npos : comma - from);
            if (!literal(item).empty() && literal(item) != "\"\"")
                list += (list.empty() ? "" : ", ") + literal(item);
            if (comma == std::string::npos)
                break;
            from = comma + 1;
        }
        cond = std::string(info->name) + " " + op + " (" + list + ")";
    } else {
        cond = std::string(info->name) + " " + op + " " + literal(value);
    }
    const bool empty = text_.find_first_not_of(" \t\r\n") == std::string::npos;
    set_text(empty ? cond : text_ + " AND " + cond);
}

void SegmentsView::draw_builder() {
    const float fs = ImGui::GetFontSize();
    const auto& facts = core::segment_facts();
    fact_ = std::clamp(fact_, 0, static_cast<int>(facts.size()) - 1);
    const core::FactInfo& fact = facts[static_cast<std::size_t>(fact_)];
    const bool bought = std::string(fact.name) == "bought";
    const auto ops = operators(fact.type, bought);
    op_ = std::clamp(op_, 0, static_cast<int>(ops.size()) - 1);
    ImGui::AlignTextToFramePadding();
    ImGui::TextUnformatted(tr("segments.builder"));
    ImGui::SameLine();
    ImGui::SetNextItemWidth(fs * 10);
    if (ImGui::BeginCombo("##fact", fact.name)) {
        for (int i = 0; i < static_cast<int>(facts.size()); ++i) {
            if (ImGui::Selectable(facts[static_cast<std::size_t>(i)].name, i == fact_)) {
                fact_ = i;
                op_ = 0;
            }
            if (ImGui::IsItemHovered())
                ImGui::SetTooltip("%s", tr(facts[static_cast<std::size_t>(i)].help_key));
        }
        ImGui::EndCombo();
    }
    test_hooks::register_last_item("segments.fact");
    if (ImGui::IsItemHovered())
        ImGui::SetTooltip("%s", tr(fact.help_key));
    ImGui::SameLine();
    ImGui::SetNextItemWidth(fs * 7);
    if (ImGui::BeginCombo("##op", ops[static_cast<std::size_t>(op_)])) {
        for (int i = 0; i < static_cast<int>(ops.size()); ++i)
            if (ImGui::Selectable(ops[static_cast<std::size_t>(i)], i == op_))
                op_ = i;
        ImGui::EndCombo();
    }
    test_hooks::register_last_item("segments.op");
    if (fact.type != core::FactType::Bool) {
        ImGui::SameLine();
        ImGui::SetNextItemWidth(fs * 10);
        const char* hint = fact.type == core::FactType::Date ? "90d, 2025-01-31" : "";
        ImGui::InputTextWithHint("##value", hint, &value_);
        test_hooks::register_last_item("segments.value");
    }
    ImGui::SameLine();
    if (ImGui::Button(tr("segments.add"))) {
        add_condition(fact.name, ops[static_cast<std::size_t>(op_)], value_);
        value_.clear();
    }
    test_hooks::register_last_item("segments.add");
}

// --- 4. actions ----------------------------------------------------------------------------------

void SegmentsView::drive_grid(bool select_all, bool export_csv) {
    if (error_)
        return;
    CustomersView::SegmentRequest r;
    r.text = text_;
    auto seg = selected_ ? core::load_segment(ctx_.store.db(), selected_) : std::nullopt;
    if (seg && seg->text == text_)
        r.name = seg->name;
    r.select_all = select_all;
    r.export_csv = export_csv;
    CustomersView::request_segment(ctx_.store.db(), r);
    if (auto* app = dynamic_cast<App*>(&ctx_.nav))
        app->select_view("customers");
}

// The follow-up view with this segment as its audience.
void SegmentsView::drive_followup() {
    if (error_)
        return;
    auto seg = selected_ ? core::load_segment(ctx_.store.db(), selected_) : std::nullopt;
    FollowupView::request_audience(ctx_.store.db(), text_,
                                   seg && seg->text == text_ ? seg->name : std::string());
    if (auto* app = dynamic_cast<App*>(&ctx_.nav))
        app->select_view("followup");
}

void SegmentsView::draw_actions() {
    ImGui::BeginDisabled(error_.has_value() || ctx_.nav.job_running());
    if (ImGui::Button(tr("segments.show_in_grid")))
        drive_grid(false, false);
    test_hooks::register_last_item("segments.show");
    ImGui::SameLine();
    if (ImGui::Button(tr("segments.bulk")))
        drive_grid(true, false);
    test_hooks::register_last_item("segments.bulk");
    ImGui::SameLine();
    if (ImGui::Button(tr("segments.export")))
        drive_grid(false, true);
    test_hooks::register_last_item("segments.export");
    ImGui::SameLine();
    if (ImGui::Button(tr("segments.followup")))
        drive_followup();
    test_hooks::register_last_item("segments.followup");
    ImGui::EndDisabled();
}

// --- 5. RFM ------------------------------------------------------------------------------------

void SegmentsView::draw_rfm() {
    const float fs = ImGui::GetFontSize();
    ImGui::TextUnformatted(tr("segments.rfm"));
    ImGui::SameLine();
    ImGui::BeginDisabled(ctx_.nav.job_running());
    if (ImGui::Button(tr("segments.rfm_recompute")))
        ctx_.nav.run_job(std::make_unique<core::RfmJob>(ctx_.store.db()), [this](core::Job& j) {
            if (j.error().empty() && !j.cancelled())
                ctx_.nav.notify(tr("segments.rfm_done"));
            else if (!j.error().empty())
                ctx_.nav.notify(j.error());
        });
    ImGui::EndDisabled();
    test_hooks::register_last_item("segments.rfm_recompute");
    ImGui::SameLine();
    ImGui::AlignTextToFramePadding();
    if (rfm_at_)
        ImGui::TextDisabled("%s %s", tr("segments.rfm_computed"),
                            core::i18n::format_date(*rfm_at_).c_str());
    else
        ImGui::TextDisabled("%s", tr("segments.rfm_never"));
    forms::hint(tr("segments.rfm_help"));
    // Horizontal bars: the name, the bar, the count; a bar loads its segment in the editor.
    std::int64_t most = 1;
    for (const auto& s : rfm_)
        most = std::max(most, s.customers);
    const float label_w = fs * 11, count_w = fs * 5;
    const float bar_h = ImGui::GetTextLineHeight();
    const float full = std::max(fs * 4, ImGui::GetContentRegionAvail().x - label_w - count_w);
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const ImU32 bar = ImGui::GetColorU32(ImGuiCol_PlotHistogram);
    const ImU32 text = ImGui::GetColorU32(ImGuiCol_Text);
    for (const auto& s : rfm_) {
        const core::RfmSegmentInfo* info = core::find_rfm_segment(s.id);
        const char* name = info ? tr(info->label_key) : s.name.c_str();
        const ImVec2 p = ImGui::GetCursorScreenPos();
        ImGui::InvisibleButton(("##rfm" + s.slug).c_str(),
                               ImVec2(label_w + full + count_w, bar_h + 2));
        test_hooks::register_last_item(("segments.rfm." + s.slug).c_str());
        if (ImGui::IsItemClicked()) {
            selected_ = 0;
            name_.clear();
            set_text("rfm = " + s.slug);
        }
        const bool hovered = ImGui::IsItemHovered();
        dl->AddText(ImVec2(p.x, p.y + 1), text, name);
        const float w = full * static_cast<float>(s.customers) / static_cast<float>(most);
        if (w > 0)
            dl->AddRectFilled(ImVec2(p.x + label_w, p.y + 2),
                              ImVec2(p.x + label_w + w, p.y + bar_h),
                              hovered ? ImGui::GetColorU32(ImGuiCol_PlotHistogramHovered) : bar);
        const std::string n = core::i18n::format_number(s.customers);
        dl->AddText(ImVec2(p.x + label_w + w + fs * 0.4f, p.y + 1), text, n.c_str());
    }
}

// --- 6. test state -------------------------------------------------------------------------------

std::string SegmentsView::state_json() {
    nlohmann::json j;
    j["text"] = text_;
    j["error"] = error_ ? error_->message : "";
    j["error_position"] = error_ ? static_cast<long long>(error_->position) : -1;
    j["count"] = count();
    j["counting"] = counting();
    j["selected"] = selected_;
    j["saved"] = nlohmann::json::array();
    for (const auto& s : saved_)
        j["saved"].push_back(s.name);
    j["rfm_computed_at"] = rfm_at_.value_or("");
    j["rfm"] = nlohmann::json::object();
    for (const auto& s : rfm_)
        j["rfm"][s.slug] = s.customers;
    return j.dump();
}

} // namespace clientele::ui
