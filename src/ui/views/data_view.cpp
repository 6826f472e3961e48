// Sections: 1. files in  2. import (mapping, preview, report)  3. export  4. snapshot
// 5. privacy (GDPR log)  6. test state
#include "ui/views/data_view.h"

#include "core/customer_export.h"
#include "core/exports.h"
#include "core/gdpr.h"
#include "core/i18n.h"
#include "core/snapshot.h"
#include "ui/test_hooks.h"
#include "ui/theme.h"

#include <imgui.h>
#include <imgui_stdlib.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <memory>
#include <sstream>

namespace clientele::ui {

namespace imp = core::import;

namespace {

bool is_snapshot(const std::string& bytes) {
    return bytes.compare(0, 64, "{\"format\":\"clientele-snapshot\"", 0, 30) == 0 ||
           bytes.find("\"clientele-snapshot\"") < 200;
}

std::string size_text(std::size_t bytes) {
    if (bytes < 10 * 1024)
        return core::i18n::format_number(static_cast<std::int64_t>(bytes)) + " B";
    if (bytes < 10 * 1024 * 1024)
        return core::i18n::format_number(static_cast<std::int64_t>(bytes / 1024)) + " KB";
    return core::i18n::format_number(static_cast<std::int64_t>(bytes / (1024 * 1024))) + " MB";
}

const char* delimiter_name(char d) {
    switch (d) {
    case ';':
        return ";";
    case ',':
        return ",";
    case '\t':
        return "tab";
    default:
        return "?";
    }
}

// The label of a field id for the mapping combo ("" means the column is ignored).
std::string field_label(imp::Entity entity, const std::string& id) {
    if (id.empty())
        return tr("data.ignore_column");
    for (const imp::FieldDef& f : imp::fields(entity))
        if (f.id == id)
            return f.required ? f.label + " *" : f.label;
    return id;
}

} // namespace

// --- 1. files in --------------------------------------------------------------------------

void DataView::receive_file(const std::string& name, std::string bytes) {
    select_tab_ = true;
    if (is_snapshot(bytes)) {
        tab_ = Tab::Snapshot;
        restore_name_ = name;
        restore_bytes_ = std::move(bytes);
        restore_popup_ = true;
        restore_result_.clear();
        return;
    }
    tab_ = Tab::Import;
    file_name_ = name;
    bytes_ = std::move(bytes);
    report_.reset();
    preview_.clear();
    table_.reset();
    file_error_.clear();
    try {
        table_ = imp::inspect(bytes_);
        options_.mapping = imp::auto_map(options_.entity, table_->headers);
        preview_dirty_ = true;
    } catch (const std::exception& e) {
        file_error_ = e.what();
    }
}

void DataView::set_entity(imp::Entity e) {
    if (options_.entity == e)
        return;
    options_.entity = e;
    report_.reset();
    if (table_) {
        options_.mapping = imp::auto_map(e, table_->headers);
        preview_dirty_ = true;
    }
}

void DataView::draw_file_picker(const char* accept) {
    if (ctx_.host.can_pick_file()) {
        if (ImGui::Button(tr("data.choose_file")))
            ctx_.host.pick_file(accept);
        test_hooks::register_last_item("data.choose_file");
    } else {
        ImGui::SetNextItemWidth(ImGui::GetFontSize() * 28);
        const bool enter = ImGui::InputTextWithHint("##path", tr("data.path_hint"), &path_,
                                                    ImGuiInputTextFlags_EnterReturnsTrue);
        test_hooks::register_last_item("data.path");
        ImGui::SameLine();
        if ((ImGui::Button(tr("data.open")) || enter) && !path_.empty()) {
            std::string bytes, error;
            if (ctx_.host.read_path(path_, bytes, error)) {
                const std::size_t slash = path_.find_last_of("/\\");
                receive_file(slash == std::string::npos ? path_ : path_.substr(slash + 1),
                             std::move(bytes));
            } else {
                file_error_ = error;
            }
        }
    }
    ImGui::SameLine();
    ImGui::TextDisabled("%s", tr("data.drop_hint"));
}

// --- 2. import ----------------------------------------------------------------------------

void DataView::draw_import() {
    ImGui::TextDisabled("%s", tr("data.import_intro"));
    ImGui::Spacing();
    int entity = options_.entity == imp::Entity::Customers ? 0 : 1;
    ImGui::TextUnformatted(tr("data.records"));
    ImGui::SameLine();
    if (ImGui::RadioButton(tr("data.customers"), entity == 0))
        set_entity(imp::Entity::Customers);
    test_hooks::register_last_item("data.entity.customers");
    ImGui::SameLine();
    if (ImGui::RadioButton(tr("data.addresses"), entity == 1))
        set_entity(imp::Entity::Addresses);
    test_hooks::register_last_item("data.entity.addresses");
    draw_file_picker(".csv,.txt,text/csv");

    if (!file_error_.empty()) {
        ImGui::PushStyleColor(ImGuiCol_Text, palette().danger);
        ImGui::TextWrapped("%s", file_error_.c_str());
        ImGui::PopStyleColor();
    }
    if (!table_)
        return;
    ImGui::Separator();
    ImGui::Text("%s · %s · %s %s · %s %s · ~%s", file_name_.c_str(),
                size_text(bytes_.size()).c_str(), tr("data.encoding"), table_->encoding.c_str(),
                tr("data.delimiter"), delimiter_name(table_->delimiter),
                core::i18n::format_count("data.rows", table_->rows_estimate).c_str());

    // Options
    ImGui::TextUnformatted(tr("data.mode"));
    ImGui::SameLine();
    if (ImGui::RadioButton(tr("data.mode_all"), options_.mode == imp::Mode::AllOrNothing))
        options_.mode = imp::Mode::AllOrNothing;
    test_hooks::register_last_item("data.mode.all");
    ImGui::SameLine();
    if (ImGui::RadioButton(tr("data.mode_valid"), options_.mode == imp::Mode::ValidRows))
        options_.mode = imp::Mode::ValidRows;
    test_hooks::register_last_item("data.mode.valid");
    ImGui::SameLine(0, ImGui::GetFontSize() * 2);
    ImGui::TextUnformatted(tr("data.match"));
    ImGui::SameLine();
    if (ImGui::RadioButton(tr("data.match_email"), options_.match == imp::Match::Email))
        options_.match = imp::Match::Email;
    ImGui::SameLine();
    if (ImGui::RadioButton(tr("data.match_id"), options_.match == imp::Match::Id))
        options_.match = imp::Match::Id;

    std::string missing;
    const bool ready = required_fields_mapped(&missing);
    ImGui::BeginDisabled(!ready || ctx_.nav.job_running());
    if (ImGui::Button(tr("data.import")))
        start_import();
    test_hooks::register_last_item("data.import");
    ImGui::EndDisabled();
    if (!ready) {
        ImGui::SameLine();
        ImGui::PushStyleColor(ImGuiCol_Text, palette().warn);
        ImGui::Text("%s %s", tr("data.unmapped_required"), missing.c_str());
        ImGui::PopStyleColor();
    }
    draw_report();

    if (preview_dirty_)
        refresh_preview();
    if (ImGui::BeginTable("##import", 2, ImGuiTableFlags_Resizable | ImGuiTableFlags_BordersInnerV,
                          ImVec2(0, ImGui::GetContentRegionAvail().y))) {
        ImGui::TableSetupColumn("mapping", ImGuiTableColumnFlags_WidthFixed,
                                ImGui::GetFontSize() * 26);
        ImGui::TableSetupColumn("preview", ImGuiTableColumnFlags_WidthStretch);
        ImGui::TableNextRow();
        ImGui::TableNextColumn();
        draw_mapping();
        ImGui::TableNextColumn();
        draw_preview();
        ImGui::EndTable();
    }
}

bool DataView::required_fields_mapped(std::string* missing) const {
    bool ok = true;
    for (const imp::FieldDef& f : imp::fields(options_.entity)) {
        if (!f.required)
            continue;
        if (std::find(options_.mapping.begin(), options_.mapping.end(), f.id) ==
            options_.mapping.end()) {
            if (missing)
                *missing += (ok ? "" : ", ") + f.label;
            ok = false;
        }
    }
    return ok;
}

void DataView::draw_mapping() {
    ImGui::TextUnformatted(tr("data.mapping"));
    ImGui::TextDisabled("%s", tr("data.mapping_hint"));
    if (!ImGui::BeginTable("##mapping", 2,
                           ImGuiTableFlags_RowBg | ImGuiTableFlags_ScrollY |
                               ImGuiTableFlags_BordersInnerH))
        return;
    ImGui::TableSetupScrollFreeze(0, 1);
    ImGui::TableSetupColumn(tr("data.csv_column"));
    ImGui::TableSetupColumn(tr("data.field"));
    ImGui::TableHeadersRow();
    const auto& defs = imp::fields(options_.entity);
    for (std::size_t c = 0; c < table_->headers.size(); ++c) {
        ImGui::PushID(static_cast<int>(c));
        ImGui::TableNextRow();
        ImGui::TableNextColumn();
        ImGui::TextUnformatted(table_->headers[c].c_str());
        ImGui::TableNextColumn();
        if (options_.mapping.size() < table_->headers.size())
            options_.mapping.resize(table_->headers.size());
        std::string& current = options_.mapping[c];
        ImGui::SetNextItemWidth(-1);
        if (ImGui::BeginCombo("##field", field_label(options_.entity, current).c_str())) {
            if (ImGui::Selectable(tr("data.ignore_column"), current.empty())) {
                current.clear();
                preview_dirty_ = true;
            }
            for (const imp::FieldDef& f : defs) {
                if (ImGui::Selectable(field_label(options_.entity, f.id).c_str(),
                                      current == f.id)) {
                    // A field maps from one column: the column that had it lets it go.
                    for (std::string& other : options_.mapping)
                        if (other == f.id)
                            other.clear();
                    current = f.id;
                    preview_dirty_ = true;
                }
            }
            ImGui::EndCombo();
        }
        test_hooks::register_last_item(("data.map." + std::to_string(c)).c_str());
        ImGui::PopID();
    }
    ImGui::EndTable();
}

void DataView::refresh_preview() {
    preview_dirty_ = false;
    try {
        preview_ = imp::preview(ctx_.store.db(), options_.entity, bytes_, options_.mapping, 20);
    } catch (const std::exception& e) {
        preview_.clear();
        file_error_ = e.what();
    }
}

void DataView::draw_preview() {
    ImGui::TextUnformatted(tr("data.preview"));
    ImGui::TextDisabled("%s", tr("data.preview_hint"));
    std::vector<std::string> fields;
    for (const std::string& m : options_.mapping)
        if (!m.empty())
            fields.push_back(m);
    const int columns = static_cast<int>(fields.size()) + 1;
    if (columns < 2 || columns > 60 ||
        !ImGui::BeginTable("##preview", columns,
                           ImGuiTableFlags_RowBg | ImGuiTableFlags_ScrollX |
                               ImGuiTableFlags_ScrollY | ImGuiTableFlags_BordersInnerV |
                               ImGuiTableFlags_Resizable))
        return;
    ImGui::TableSetupScrollFreeze(1, 1);
    ImGui::TableSetupColumn(tr("data.line"), ImGuiTableColumnFlags_WidthFixed,
                            ImGui::GetFontSize() * 3);
    for (const std::string& f : fields)
        ImGui::TableSetupColumn(field_label(options_.entity, f).c_str(),
                                ImGuiTableColumnFlags_WidthFixed, ImGui::GetFontSize() * 9);
    ImGui::TableHeadersRow();
    const Palette& pal = palette();
    for (const imp::PreviewRow& row : preview_) {
        ImGui::TableNextRow();
        ImGui::TableNextColumn();
        if (!row.row_error.empty()) {
            ImGui::PushStyleColor(ImGuiCol_Text, pal.danger);
            ImGui::Text("%lld", static_cast<long long>(row.line));
            ImGui::PopStyleColor();
            if (ImGui::IsItemHovered())
                ImGui::SetTooltip("%s", row.row_error.c_str());
        } else {
            ImGui::Text("%lld", static_cast<long long>(row.line));
        }
        for (const std::string& f : fields) {
            ImGui::TableNextColumn();
            auto cell = std::find_if(row.cells.begin(), row.cells.end(),
                                     [&](const imp::CellCheck& c) { return c.field == f; });
            if (cell == row.cells.end())
                continue;
            if (cell->error.empty()) {
                ImGui::TextUnformatted(cell->value.c_str());
            } else {
                ImGui::PushStyleColor(ImGuiCol_Text, pal.danger);
                ImGui::TextUnformatted(cell->value.empty() ? "—" : cell->value.c_str());
                ImGui::PopStyleColor();
                if (ImGui::IsItemHovered())
                    ImGui::SetTooltip("%s", cell->error.c_str());
            }
        }
    }
    ImGui::EndTable();
}

void DataView::start_import() {
    if (!table_ || ctx_.nav.job_running())
        return;
    report_.reset();
    imp::Options o = options_;
    o.today = core::today_date();
    auto job = std::make_unique<imp::ImportJob>(ctx_.store.db(), bytes_, o);
    ctx_.nav.run_job(std::move(job), [this](core::Job& j) {
        auto& import = static_cast<imp::ImportJob&>(j);
        report_ = import.report();
        if (import.cancelled()) {
            last_message_ = tr("data.import_cancelled");
        } else if (!import.error().empty()) {
            last_message_ = import.error();
        } else {
            last_message_ =
                core::i18n::format_number(report_->imported) + " " + tr("data.imported") + ", " +
                core::i18n::format_number(report_->updated) + " " + tr("data.updated") + ", " +
                core::i18n::format_number(report_->skipped) + " " + tr("data.skipped") + ", " +
                core::i18n::format_number(static_cast<std::int64_t>(report_->errors.size())) + " " +
                tr("data.errors");
        }
        ctx_.nav.notify(last_message_);
        preview_dirty_ = true;
    });
}

void DataView::draw_report() {
    if (!report_)
        return;
    const imp::Report& r = *report_;
    ImGui::Spacing();
    if (!r.committed) {
        ImGui::PushStyleColor(ImGuiCol_Text, palette().danger);
        ImGui::TextWrapped("%s", tr("data.nothing_written"));
        ImGui::PopStyleColor();
    }
    ImGui::Text("%s: %lld · %s: %lld · %s: %lld · %s: %zu", tr("data.imported"),
                static_cast<long long>(r.imported), tr("data.updated"),
                static_cast<long long>(r.updated), tr("data.skipped"),
                static_cast<long long>(r.skipped), tr("data.errors"), r.errors.size());
    ImGui::SameLine();
    if (ImGui::SmallButton(tr("data.download_report")))
        ctx_.nav.notify(std::string(tr("data.saved_to")) + " " +
                        ctx_.host.offer_download("import-report.csv", "text/csv", r.to_csv()));
    test_hooks::register_last_item("data.download_report");
    std::vector<const imp::RowError*> lines;
    for (const auto& e : r.errors)
        lines.push_back(&e);
    for (const auto& e : r.skipped_rows)
        lines.push_back(&e);
    if (lines.empty())
        return;
    const float h = ImGui::GetTextLineHeightWithSpacing() *
                    static_cast<float>(std::min<std::size_t>(lines.size(), 6) + 1);
    if (!ImGui::BeginTable("##report", 3,
                           ImGuiTableFlags_RowBg | ImGuiTableFlags_ScrollY |
                               ImGuiTableFlags_BordersInnerH,
                           ImVec2(0, h + 4)))
        return;
    ImGui::TableSetupScrollFreeze(0, 1);
    ImGui::TableSetupColumn(tr("data.line"), ImGuiTableColumnFlags_WidthFixed,
                            ImGui::GetFontSize() * 4);
    ImGui::TableSetupColumn(tr("data.field"), ImGuiTableColumnFlags_WidthFixed,
                            ImGui::GetFontSize() * 9);
    ImGui::TableSetupColumn(tr("data.reason"), ImGuiTableColumnFlags_WidthStretch);
    ImGui::TableHeadersRow();
    ImGuiListClipper clipper;
    clipper.Begin(static_cast<int>(lines.size()));
    while (clipper.Step()) {
        for (int i = clipper.DisplayStart; i < clipper.DisplayEnd; ++i) {
            const imp::RowError& e = *lines[static_cast<std::size_t>(i)];
            ImGui::TableNextRow();
            ImGui::TableNextColumn();
            ImGui::Text("%lld", static_cast<long long>(e.line));
            ImGui::TableNextColumn();
            ImGui::TextUnformatted(e.field.c_str());
            ImGui::TableNextColumn();
            ImGui::TextWrapped("%s", e.reason.c_str());
        }
    }
    ImGui::EndTable();
}

// --- 3. export ----------------------------------------------------------------------------

void DataView::draw_export() {
    ImGui::TextDisabled("%s", tr("data.export_intro"));
    ImGui::Spacing();
    const char* labels[] = {"data.export_customers", "data.export_addresses"};
    for (int what = 0; what < 2; ++what) {
        ImGui::PushID(what);
        ImGui::TextUnformatted(tr(labels[what]));
        ImGui::SameLine(ImGui::GetFontSize() * 14);
        ImGui::BeginDisabled(ctx_.nav.job_running());
        if (ImGui::Button(tr("data.csv")))
            download_export(what, false);
        test_hooks::register_last_item(what == 0 ? "data.export.customers.csv"
                                                 : "data.export.addresses.csv");
        ImGui::SameLine();
        if (ImGui::Button(tr("data.excel")))
            download_export(what, true);
        test_hooks::register_last_item(what == 0 ? "data.export.customers.excel"
                                                 : "data.export.addresses.excel");
        ImGui::EndDisabled();
        ImGui::PopID();
    }
    ImGui::Spacing();
    ImGui::TextDisabled("%s", tr("data.export_grid_hint"));
}

void DataView::download_export(int what, bool excel) {
    const core::csv::Format format = excel ? core::csv::excel() : core::csv::Format{};
    const std::string name =
        std::string(what == 0 ? "customers" : "addresses") + (excel ? "-excel.csv" : ".csv");
    const int lang = core::i18n::language_id();
    auto offer = [this, name](const std::string& bytes) {
        ctx_.nav.notify(std::string(tr("data.saved_to")) + " " +
                        ctx_.host.offer_download(name, "text/csv", bytes));
    };
    if (what == 0) {
        auto job = std::make_unique<core::CustomersExportJob>(
            ctx_.store.db(), core::CustomerQuery{}, std::vector<std::int64_t>{},
            core::prestashop_export_columns(), core::prestashop_export_headers(), format, lang);
        ctx_.nav.run_job(std::move(job), [offer](core::Job& j) {
            if (!j.cancelled() && j.error().empty())
                offer(static_cast<core::CustomersExportJob&>(j).output());
        });
    } else {
        auto job = std::make_unique<core::AddressesExportJob>(ctx_.store.db(), format, lang);
        ctx_.nav.run_job(std::move(job), [offer](core::Job& j) {
            if (!j.cancelled() && j.error().empty())
                offer(static_cast<core::AddressesExportJob&>(j).output());
        });
    }
}

// --- 4. snapshot --------------------------------------------------------------------------

void DataView::draw_snapshot() {
    ImGui::TextWrapped("%s", tr("data.snapshot_intro"));
    ImGui::Spacing();
    ImGui::BeginDisabled(ctx_.nav.job_running());
    if (ImGui::Button(tr("data.snapshot_download"))) {
        auto out = std::make_shared<std::string>();
        auto job = std::make_unique<core::SnapshotExportJob>(
            ctx_.store.db(), [out](std::string_view chunk) { out->append(chunk); });
        ctx_.nav.run_job(std::move(job), [this, out](core::Job& j) {
            if (j.cancelled() || !j.error().empty())
                return;
            ctx_.nav.notify(
                std::string(tr("data.saved_to")) + " " +
                ctx_.host.offer_download("clientele-snapshot.jsonl", "application/x-ndjson", *out));
        });
    }
    test_hooks::register_last_item("data.snapshot.download");
    ImGui::EndDisabled();
    ImGui::Spacing();
    ImGui::TextUnformatted(tr("data.snapshot_restore"));
    draw_file_picker(".jsonl,.json,application/x-ndjson");
    if (!restore_result_.empty())
        ImGui::TextWrapped("%s", restore_result_.c_str());
}

void DataView::draw_restore_popup() {
    if (restore_popup_) {
        ImGui::OpenPopup("##restore");
        restore_popup_ = false;
    }
    if (!ImGui::BeginPopupModal("##restore", nullptr, ImGuiWindowFlags_AlwaysAutoResize))
        return;
    ImGui::TextUnformatted(tr("data.restore_title"));
    ImGui::Text("%s (%s)", restore_name_.c_str(), size_text(restore_bytes_.size()).c_str());
    ImGui::PushStyleColor(ImGuiCol_Text, palette().warn);
    ImGui::TextUnformatted(tr("data.restore_warning"));
    ImGui::PopStyleColor();
    if (ImGui::Button(tr("data.restore_confirm"))) {
        ImGui::CloseCurrentPopup();
        confirm_restore();
    }
    test_hooks::register_last_item("data.restore.confirm");
    ImGui::SameLine();
    if (ImGui::Button(tr("form.cancel"))) {
        restore_bytes_.clear();
        ImGui::CloseCurrentPopup();
    }
    ImGui::EndPopup();
}

void DataView::confirm_restore() {
    if (restore_bytes_.empty() || ctx_.nav.job_running())
        return;
    auto job =
        std::make_unique<core::SnapshotImportJob>(ctx_.store.db(), std::move(restore_bytes_));
    restore_bytes_.clear();
    ctx_.nav.run_job(std::move(job), [this](core::Job& j) {
        if (j.cancelled())
            restore_result_ = tr("data.restore_cancelled");
        else if (!j.error().empty())
            restore_result_ = std::string(tr("data.restore_failed")) + " " + j.error();
        else
            restore_result_ = std::string(tr("data.restore_done")) + " " + restore_name_;
        ctx_.nav.notify(restore_result_);
    });
}

// --- 5. privacy ---------------------------------------------------------------------------

void DataView::draw_privacy() {
    ImGui::TextWrapped("%s", tr("data.privacy_intro"));
    ImGui::Spacing();
    if (log_version_ != ctx_.store.db().data_version()) {
        log_version_ = ctx_.store.db().data_version();
        gdpr_log_ = core::gdpr_requests(ctx_.store.db(), 500);
    }
    const std::vector<core::GdprRequest>& log = gdpr_log_;
    if (log.empty()) {
        ImGui::TextDisabled("%s", tr("data.privacy_empty"));
        return;
    }
    if (!ImGui::BeginTable("##gdpr", 4,
                           ImGuiTableFlags_RowBg | ImGuiTableFlags_ScrollY |
                               ImGuiTableFlags_BordersInnerH))
        return;
    ImGui::TableSetupScrollFreeze(0, 1);
    ImGui::TableSetupColumn(tr("data.when"), ImGuiTableColumnFlags_WidthFixed,
                            ImGui::GetFontSize() * 10);
    ImGui::TableSetupColumn(tr("data.request"), ImGuiTableColumnFlags_WidthFixed,
                            ImGui::GetFontSize() * 6);
    ImGui::TableSetupColumn(tr("data.reference"), ImGuiTableColumnFlags_WidthFixed,
                            ImGui::GetFontSize() * 10);
    ImGui::TableSetupColumn(tr("data.counts"), ImGuiTableColumnFlags_WidthStretch);
    ImGui::TableHeadersRow();
    for (const core::GdprRequest& r : log) {
        ImGui::TableNextRow();
        ImGui::TableNextColumn();
        ImGui::TextUnformatted(r.requested_at.c_str());
        ImGui::TableNextColumn();
        ImGui::TextUnformatted(r.request_type == "erase" ? tr("data.erase") : tr("data.export"));
        ImGui::TableNextColumn();
        ImGui::TextUnformatted(r.reference.c_str());
        ImGui::TableNextColumn();
        ImGui::TextWrapped("%s", r.counts.is_null() ? "" : r.counts.dump().c_str());
    }
    ImGui::EndTable();
}

// --- the view -----------------------------------------------------------------------------

void DataView::draw() {
    ImGui::TextUnformatted(tr("data.title"));
    if (!ImGui::BeginTabBar("##data"))
        return;
    struct TabDef {
        Tab tab;
        const char* key;
        const char* hook;
    };
    static const TabDef tabs[] = {{Tab::Import, "data.tab_import", "data.tab.import"},
                                  {Tab::Export, "data.tab_export", "data.tab.export"},
                                  {Tab::Snapshot, "data.tab_snapshot", "data.tab.snapshot"},
                                  {Tab::Privacy, "data.tab_privacy", "data.tab.privacy"}};
    for (const TabDef& t : tabs) {
        const ImGuiTabItemFlags flags =
            select_tab_ && tab_ == t.tab ? ImGuiTabItemFlags_SetSelected : 0;
        const bool open = ImGui::BeginTabItem(tr(t.key), nullptr, flags);
        test_hooks::register_last_item(t.hook);
        if (!open)
            continue;
        if (!select_tab_)
            tab_ = t.tab;
        switch (t.tab) {
        case Tab::Import:
            draw_import();
            break;
        case Tab::Export:
            draw_export();
            break;
        case Tab::Snapshot:
            draw_snapshot();
            break;
        case Tab::Privacy:
            draw_privacy();
            break;
        }
        ImGui::EndTabItem();
    }
    select_tab_ = false;
    ImGui::EndTabBar();
    draw_restore_popup();
}

// --- 6. test state ------------------------------------------------------------------------

std::string DataView::state_json() {
    nlohmann::json j;
    const char* tabs[] = {"import", "export", "snapshot", "privacy"};
    j["tab"] = tabs[static_cast<int>(tab_)];
    j["file"] = file_name_;
    j["file_error"] = file_error_;
    j["entity"] = options_.entity == imp::Entity::Customers ? "customers" : "addresses";
    j["mapping"] = options_.mapping;
    j["rows_estimate"] = table_ ? table_->rows_estimate : 0;
    j["encoding"] = table_ ? table_->encoding : "";
    j["preview_rows"] = preview_.size();
    std::int64_t preview_errors = 0;
    for (const auto& r : preview_)
        for (const auto& c : r.cells)
            preview_errors += c.error.empty() ? 0 : 1;
    j["preview_errors"] = preview_errors;
    j["ready"] = table_ && required_fields_mapped(nullptr);
    if (report_)
        j["report"] = nlohmann::json::parse(report_->to_json());
    j["restore_pending"] = !restore_bytes_.empty();
    j["restore_result"] = restore_result_;
    return j.dump();
}

} // namespace clientele::ui
