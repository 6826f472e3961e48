#include "ui/views/cross_selling_panel.h"

#include "core/i18n.h"
#include "core/segments.h"
#include "ui/forms.h"
#include "ui/test_hooks.h"

#include <imgui.h>
#include <imgui_stdlib.h>
#include <nlohmann/json.hpp>

#include <algorithm>

namespace clientele::ui {

void CrossSellingPanel::set_search(const std::string& text) {
    search_ = text;
    hits_ = core::search_products(ctx_.store.db(), search_, core::i18n::language_id(), 10);
    searched_ = true;
}

void CrossSellingPanel::add(std::int64_t product, bool bought) {
    remove(product);
    (bought ? query_.bought : query_.not_bought).push_back(product);
    rows_.invalidate();
}

void CrossSellingPanel::remove(std::int64_t product) {
    for (auto* list : {&query_.bought, &query_.not_bought})
        list->erase(std::remove(list->begin(), list->end(), product), list->end());
    rows_.invalidate();
}

void CrossSellingPanel::refresh_rows() {
    if (!rows_.stale(ctx_.store.db().data_version()))
        return;
    std::vector<std::int64_t> ids = query_.bought;
    ids.insert(ids.end(), query_.not_bought.begin(), query_.not_bought.end());
    chosen_ = core::products_by_id(ctx_.store.db(), ids, core::i18n::language_id());
    core::BuyerQuery q = query_;
    core::Database& db = ctx_.store.db();
    rows_.reload(db.data_version(), [q, &db](std::int64_t offset, std::int64_t limit) mutable {
        q.offset = offset;
        q.limit = limit;
        core::BuyerPage page = core::query_buyers(db, q, offset == 0);
        return std::make_pair(page.total, std::move(page.rows));
    });
}

std::int64_t CrossSellingPanel::total() {
    refresh_rows();
    return rows_.total();
}

const core::BuyerRow* CrossSellingPanel::row_at(std::int64_t index) {
    refresh_rows();
    return rows_.at(index);
}

void CrossSellingPanel::export_csv() {
    if (query_.bought.empty())
        return;
    auto job =
        std::make_unique<core::BuyersExportJob>(ctx_.store.db(), query_, core::csv::Format{});
    Context* ctx = &ctx_;
    ctx_.nav.run_job(std::move(job), [ctx](core::Job& j) {
        if (!j.cancelled() && j.error().empty())
            ctx->nav.notify(
                std::string(tr("data.saved_to")) + " " +
                ctx->host.offer_download("cross-selling.csv", "text/csv",
                                         static_cast<core::BuyersExportJob&>(j).output()));
    });
}

void CrossSellingPanel::save_as_segment(const std::string& name) {
    segment_error_.clear();
    try {
        core::save_segment(ctx_.store.db(), name, core::buyers_segment_text(query_));
        ctx_.nav.notify(tr("segments.saved"));
    } catch (const core::ValidationError& e) {
        segment_error_ = forms::first_error(e.errors(), "name");
        if (segment_error_.empty())
            segment_error_ = forms::first_error(e.errors(), "text");
    } catch (const std::exception& e) {
        segment_error_ = e.what();
    }
}

void CrossSellingPanel::draw_chips(const std::vector<std::int64_t>& ids, bool bought) {
    ImGui::AlignTextToFramePadding();
    ImGui::TextUnformatted(tr(bought ? "cross.bought" : "cross.not_bought"));
    if (ids.empty()) {
        ImGui::SameLine();
        ImGui::TextDisabled("%s", tr(bought ? "cross.pick_bought" : "cross.none"));
    }
    for (std::int64_t id : std::vector<std::int64_t>(ids)) {
        std::string name = "#" + std::to_string(id);
        for (const auto& p : chosen_)
            if (p.id == id)
                name = p.name;
        ImGui::SameLine();
        ImGui::PushID(static_cast<int>(id));
        if (ImGui::SmallButton((name + "  ✗").c_str()))
            remove(id);
        test_hooks::register_last_item(("cross.remove." + std::to_string(id)).c_str());
        ImGui::PopID();
    }
}

void CrossSellingPanel::draw() {
    refresh_rows();
    const float fs = ImGui::GetFontSize();
    forms::hint(tr("cross.hint"));
    ImGui::SetNextItemWidth(fs * 18);
    if (ImGui::InputTextWithHint("##product_search", tr("cross.search_hint"), &search_))
        set_search(search_);
    test_hooks::register_last_item("cross.search");
    if (!searched_)
        set_search(search_);
    if (ImGui::BeginTable("##hits", 3, ImGuiTableFlags_SizingFixedFit | ImGuiTableFlags_RowBg,
                          ImVec2(0, 0))) {
        for (const auto& p : hits_) {
            ImGui::PushID(static_cast<int>(p.id));
            ImGui::TableNextRow();
            ImGui::TableNextColumn();
            ImGui::Text("#%lld  %s  %s", static_cast<long long>(p.id), p.name.c_str(),
                        p.reference.c_str());
            ImGui::TableNextColumn();
            if (ImGui::SmallButton(tr("cross.add_bought")))
                add(p.id, true);
            test_hooks::register_last_item(("cross.add_bought." + std::to_string(p.id)).c_str());
            ImGui::TableNextColumn();
            if (ImGui::SmallButton(tr("cross.add_not_bought")))
                add(p.id, false);
            test_hooks::register_last_item(("cross.add_not." + std::to_string(p.id)).c_str());
            ImGui::PopID();
        }
        ImGui::EndTable();
    }
    refresh_rows();
    draw_chips(query_.bought, true);
    draw_chips(query_.not_bought, false);
    if (query_.bought.empty())
        return;
    ImGui::AlignTextToFramePadding();
    ImGui::Text("%s", core::i18n::format_count("cross.results", rows_.total()).c_str());
    ImGui::SameLine();
    if (ImGui::Button(tr("stats.export_csv")))
        export_csv();
    test_hooks::register_last_item("cross.export");
    ImGui::SameLine();
    ImGui::SetNextItemWidth(ImGui::GetFontSize() * 12);
    ImGui::InputTextWithHint("##segment_name", tr("cross.segment_name"), &segment_name_);
    test_hooks::register_last_item("cross.segment_name");
    ImGui::SameLine();
    if (ImGui::Button(tr("cross.save_segment")))
        save_as_segment(segment_name_);
    test_hooks::register_last_item("cross.save_segment");
    if (!segment_error_.empty())
        forms::danger_text(segment_error_);
    if (!rows_.error().empty())
        forms::danger_text(rows_.error());
    if (!ImGui::BeginTable("##buyers", 5,
                           ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerV |
                               ImGuiTableFlags_ScrollY | ImGuiTableFlags_Resizable |
                               ImGuiTableFlags_SizingStretchProp))
        return;
    ImGui::TableSetupScrollFreeze(0, 1);
    for (const char* key :
         {"col.id", "stats.customer", "col.email", "cross.quantity", "cross.last_purchase"})
        ImGui::TableSetupColumn(tr(key));
    ImGui::TableHeadersRow();
    ImGuiListClipper clipper;
    clipper.Begin(static_cast<int>(rows_.total()));
    while (clipper.Step()) {
        for (int i = clipper.DisplayStart; i < clipper.DisplayEnd; ++i) {
            const core::BuyerRow* r = rows_.at(i);
            ImGui::TableNextRow();
            if (!r)
                continue;
            ImGui::PushID(i);
            ImGui::TableNextColumn();
            ImGui::Text("%lld", static_cast<long long>(r->id));
            ImGui::TableNextColumn();
            if (ImGui::SmallButton((r->firstname + " " + r->lastname).c_str()))
                ctx_.nav.open_customer(r->id);
            test_hooks::register_last_item(("cross.customer." + std::to_string(i)).c_str());
            ImGui::TableNextColumn();
            ImGui::TextUnformatted(r->email.c_str());
            ImGui::TableNextColumn();
            ImGui::Text("%lld", static_cast<long long>(r->quantity));
            ImGui::TableNextColumn();
            ImGui::TextUnformatted(core::i18n::format_date(r->last_purchase).c_str());
            ImGui::PopID();
        }
    }
    ImGui::EndTable();
}

std::string CrossSellingPanel::state_json() {
    nlohmann::json j{{"bought", query_.bought},
                     {"not_bought", query_.not_bought},
                     {"hits", hits_.size()},
                     {"total", query_.bought.empty() ? 0 : total()}};
    nlohmann::json ids = nlohmann::json::array();
    for (std::int64_t i = 0; i < std::min<std::int64_t>(rows_.total(), 5); ++i)
        if (const core::BuyerRow* r = row_at(i))
            ids.push_back(r->id);
    j["first_ids"] = ids;
    return j.dump();
}

} // namespace clientele::ui
