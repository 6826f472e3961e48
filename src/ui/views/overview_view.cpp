#include "ui/views/overview_view.h"

#include "core/i18n.h"
#include "core/schema.h"

#include <imgui.h>

namespace clientele::ui {

void OverviewView::draw() {
    if (version_ != ctx_.store.db().data_version()) {
        version_ = ctx_.store.db().data_version();
        counts_ = ctx_.store.table_counts();
    }
    ImGui::TextUnformatted(tr("overview.title"));
    ImGui::TextDisabled("%s", tr("overview.subtitle"));
    ImGui::Spacing();
    if (ImGui::BeginTable("##counts", 2,
                          ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerH |
                              ImGuiTableFlags_SizingFixedFit)) {
        ImGui::TableSetupColumn(tr("overview.record"), ImGuiTableColumnFlags_WidthFixed,
                                ImGui::GetFontSize() * 16);
        ImGui::TableSetupColumn(tr("overview.count"), ImGuiTableColumnFlags_WidthFixed,
                                ImGui::GetFontSize() * 8);
        ImGui::TableHeadersRow();
        for (auto& [name, n] : counts_) {
            ImGui::TableNextRow();
            ImGui::TableNextColumn();
            ImGui::TextUnformatted(tr(("table." + name).c_str()));
            ImGui::TableNextColumn();
            std::string s = core::i18n::format_number(n);
            ImGui::SetCursorPosX(ImGui::GetCursorPosX() + ImGui::GetContentRegionAvail().x -
                                 ImGui::CalcTextSize(s.c_str()).x);
            ImGui::TextUnformatted(s.c_str());
        }
        ImGui::EndTable();
    }
    ImGui::Spacing();
    ImGui::TextDisabled("%s %d · %s %s · %s", tr("overview.schema"),
                        core::schema_version(ctx_.store.db()), tr("overview.platform"),
                        ctx_.host.platform_name(), ctx_.store.db().path().c_str());
}

} // namespace clientele::ui
