#include "ui/charts.h"

#include <imgui.h>

#include <algorithm>
#include <cmath>

namespace clientele::ui::charts {

namespace {

double max_of(const std::vector<double>& v) {
    double m = 0;
    for (double x : v)
        m = std::max(m, x);
    return m;
}

// The chart area reserved in the layout, with room for the axis labels.
struct Area {
    ImVec2 min, max; // plotting rectangle
    float label_h = 0;
};

Area reserve(const char* id, float height_em, const std::string& top_label) {
    const float fs = ImGui::GetFontSize();
    const float axis_w = ImGui::CalcTextSize(top_label.c_str()).x + fs * 0.6f;
    const float width = std::max(ImGui::GetContentRegionAvail().x, fs * 10);
    const float height = fs * height_em;
    const ImVec2 p = ImGui::GetCursorScreenPos();
    ImGui::InvisibleButton(id, ImVec2(width, height + fs * 1.6f));
    Area a;
    a.min = ImVec2(p.x + axis_w, p.y + fs * 0.5f);
    a.max = ImVec2(p.x + width - fs * 0.5f, p.y + fs * 0.5f + height);
    a.label_h = fs;
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const ImU32 axis = ImGui::GetColorU32(ImGuiCol_Border);
    const ImU32 muted = ImGui::GetColorU32(ImGuiCol_TextDisabled);
    dl->AddLine(ImVec2(a.min.x, a.max.y), a.max, axis);
    dl->AddLine(a.min, ImVec2(a.min.x, a.max.y), axis);
    dl->AddLine(a.min, ImVec2(a.max.x, a.min.y), ImGui::GetColorU32(ImGuiCol_Border, 0.35f));
    dl->AddText(ImVec2(p.x, a.min.y - fs * 0.5f), muted, top_label.c_str());
    dl->AddText(ImVec2(p.x, a.max.y - fs * 0.5f), muted, "0");
    return a;
}

// Labels under the x axis, every `step`-th so they do not overlap.
void x_labels(const Area& a, const std::vector<Point>& points, float slot) {
    if (points.empty())
        return;
    float widest = 0;
    for (const Point& p : points)
        widest = std::max(widest, ImGui::CalcTextSize(p.label.c_str()).x);
    const int step = std::max(1, static_cast<int>(std::ceil((widest + 8) / std::max(slot, 1.0f))));
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const ImU32 text = ImGui::GetColorU32(ImGuiCol_Text);
    for (std::size_t i = 0; i < points.size(); i += static_cast<std::size_t>(step)) {
        const float cx = a.min.x + slot * (static_cast<float>(i) + 0.5f);
        const float w = ImGui::CalcTextSize(points[i].label.c_str()).x;
        dl->AddText(ImVec2(cx - w / 2, a.max.y + 3), text, points[i].label.c_str());
    }
}

// The point under the mouse (by slot), or -1.
int hovered_slot(const Area& a, std::size_t n, float slot) {
    if (!ImGui::IsItemHovered() || n == 0)
        return -1;
    const ImVec2 m = ImGui::GetIO().MousePos;
    if (m.x < a.min.x || m.x >= a.max.x)
        return -1;
    const int i = static_cast<int>((m.x - a.min.x) / slot);
    return i >= 0 && static_cast<std::size_t>(i) < n ? i : -1;
}

std::string top_label(const std::vector<Point>& points) {
    double best = 0;
    std::string text = "0";
    for (const Point& p : points)
        if (p.value > best) {
            best = p.value;
            text = p.value_text;
        }
    return text;
}

} // namespace

void horizontal_bars(const char* id, const std::vector<Bar>& bars) {
    if (bars.empty())
        return;
    ImGui::PushID(id);
    const float fs = ImGui::GetFontSize();
    float label_w = 0, value_w = 0;
    std::vector<double> values;
    for (const Bar& b : bars) {
        label_w = std::max(label_w, ImGui::CalcTextSize(b.label.c_str()).x);
        value_w = std::max(value_w, ImGui::CalcTextSize(b.value_text.c_str()).x);
        values.push_back(b.value);
    }
    const float avail = std::max(ImGui::GetContentRegionAvail().x, fs * 16);
    label_w = std::min(label_w, avail * 0.4f);
    const double top = max_of(values);
    const float bar_max = std::max(avail - label_w - value_w - fs * 1.5f, fs * 4);
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const ImU32 fill = ImGui::GetColorU32(ImGuiCol_PlotHistogram);
    const ImU32 hover = ImGui::GetColorU32(ImGuiCol_PlotHistogramHovered);
    const ImU32 text = ImGui::GetColorU32(ImGuiCol_Text);
    const ImU32 track = ImGui::GetColorU32(ImGuiCol_FrameBg);
    const float row_h = ImGui::GetTextLineHeightWithSpacing();
    for (std::size_t i = 0; i < bars.size(); ++i) {
        const Bar& b = bars[i];
        const ImVec2 p = ImGui::GetCursorScreenPos();
        ImGui::PushID(static_cast<int>(i));
        ImGui::InvisibleButton("##bar", ImVec2(avail, row_h));
        const bool hovered = ImGui::IsItemHovered();
        ImGui::PopID();
        dl->PushClipRect(p, ImVec2(p.x + label_w, p.y + row_h), true);
        dl->AddText(p, text, b.label.c_str());
        dl->PopClipRect();
        const float x0 = p.x + label_w + fs * 0.5f;
        const float len = top > 0 ? static_cast<float>(b.value / top) * bar_max : 0.0f;
        const float y0 = p.y + 2, y1 = p.y + row_h - 3;
        dl->AddRectFilled(ImVec2(x0, y0), ImVec2(x0 + bar_max, y1), track, 2.0f);
        if (len > 0)
            dl->AddRectFilled(ImVec2(x0, y0), ImVec2(x0 + std::max(len, 2.0f), y1),
                              hovered ? hover : fill, 2.0f);
        dl->AddText(ImVec2(x0 + bar_max + fs * 0.5f, p.y), text, b.value_text.c_str());
        if (hovered)
            ImGui::SetTooltip("%s: %s", b.label.c_str(), b.value_text.c_str());
    }
    ImGui::PopID();
}

void columns(const char* id, const std::vector<Point>& points, float height_em) {
    if (points.empty())
        return;
    std::vector<double> values;
    for (const Point& p : points)
        values.push_back(p.value);
    const double top = max_of(values);
    Area a = reserve(id, height_em, top_label(points));
    const float slot = (a.max.x - a.min.x) / static_cast<float>(points.size());
    const int hovered = hovered_slot(a, points.size(), slot);
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const ImU32 fill = ImGui::GetColorU32(ImGuiCol_PlotHistogram);
    const ImU32 hover = ImGui::GetColorU32(ImGuiCol_PlotHistogramHovered);
    for (std::size_t i = 0; i < points.size(); ++i) {
        const float h =
            top > 0 ? static_cast<float>(points[i].value / top) * (a.max.y - a.min.y) : 0.0f;
        const float x0 = a.min.x + slot * static_cast<float>(i) + std::max(slot * 0.15f, 1.0f);
        const float x1 = a.min.x + slot * static_cast<float>(i + 1) - std::max(slot * 0.15f, 1.0f);
        if (h > 0)
            dl->AddRectFilled(ImVec2(x0, a.max.y - h), ImVec2(std::max(x1, x0 + 1), a.max.y),
                              static_cast<int>(i) == hovered ? hover : fill);
    }
    x_labels(a, points, slot);
    if (hovered >= 0)
        ImGui::SetTooltip("%s: %s", points[static_cast<std::size_t>(hovered)].label.c_str(),
                          points[static_cast<std::size_t>(hovered)].value_text.c_str());
}

void line(const char* id, const std::vector<Point>& points, float height_em) {
    if (points.empty())
        return;
    std::vector<double> values;
    for (const Point& p : points)
        values.push_back(p.value);
    const double top = max_of(values);
    Area a = reserve(id, height_em, top_label(points));
    const float slot = (a.max.x - a.min.x) / static_cast<float>(points.size());
    const int hovered = hovered_slot(a, points.size(), slot);
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const ImU32 col = ImGui::GetColorU32(ImGuiCol_PlotLines);
    const ImU32 hover = ImGui::GetColorU32(ImGuiCol_PlotLinesHovered);
    std::vector<ImVec2> pts;
    for (std::size_t i = 0; i < points.size(); ++i) {
        const float h =
            top > 0 ? static_cast<float>(points[i].value / top) * (a.max.y - a.min.y) : 0.0f;
        pts.emplace_back(a.min.x + slot * (static_cast<float>(i) + 0.5f), a.max.y - h);
    }
    dl->AddPolyline(pts.data(), static_cast<int>(pts.size()), col, 0, 2.0f);
    for (std::size_t i = 0; i < pts.size(); ++i)
        dl->AddCircleFilled(pts[i], static_cast<int>(i) == hovered ? 5.0f : 3.0f,
                            static_cast<int>(i) == hovered ? hover : col);
    x_labels(a, points, slot);
    if (hovered >= 0)
        ImGui::SetTooltip("%s: %s", points[static_cast<std::size_t>(hovered)].label.c_str(),
                          points[static_cast<std::size_t>(hovered)].value_text.c_str());
}

void gauge(const char* id, double fraction, const std::string& text) {
    ImGui::PushID(id);
    ImGui::ProgressBar(static_cast<float>(std::clamp(fraction, 0.0, 1.0)),
                       ImVec2(ImGui::GetFontSize() * 24, 0), text.c_str());
    ImGui::PopID();
}

} // namespace clientele::ui::charts
