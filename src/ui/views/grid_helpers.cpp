#include "ui/views/grid_helpers.h"

#include "core/i18n.h"
#include "ui/test_hooks.h"

#include <imgui.h>
#include <imgui_stdlib.h>

namespace clientele::ui::grid {

std::optional<SortChange> take_sort_change() {
    ImGuiTableSortSpecs* specs = ImGui::TableGetSortSpecs();
    if (!specs || !specs->SpecsDirty)
        return std::nullopt;
    specs->SpecsDirty = false;
    if (specs->SpecsCount < 1)
        return std::nullopt;
    return SortChange{specs->Specs[0].ColumnIndex,
                      specs->Specs[0].SortDirection == ImGuiSortDirection_Descending};
}

bool filter_cell(const char* hook_prefix, const char* id, std::string& text, const char* hint) {
    ImGui::SetNextItemWidth(-1);
    const bool changed = ImGui::InputTextWithHint(
        (std::string("##f_") + id).c_str(), hint ? hint : core::i18n::tr("records.filter"), &text);
    test_hooks::register_last_item((std::string(hook_prefix) + ".filter." + id).c_str());
    return changed;
}

} // namespace clientele::ui::grid
