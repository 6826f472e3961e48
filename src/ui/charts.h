// Small charts drawn with ImGui's draw lists, in the theme's colours (readable in light and
// dark): horizontal bars with their labels and values, columns per month with axis labels, a
// line per month. Hovering a bar, column or point shows its exact value in a tooltip.
#pragma once

#include <string>
#include <vector>

namespace clientele::ui::charts {

struct Bar {
    std::string label; // left of the bar
    double value = 0;
    std::string value_text; // printed after the bar and in the tooltip
};

// One bar per row, the longest one spanning the available width.
void horizontal_bars(const char* id, const std::vector<Bar>& bars);

struct Point {
    std::string label; // under the axis ("2026-03")
    double value = 0;
    std::string value_text;
};

// Columns (or a line joining the points) over the x axis, with the highest value on the y
// axis and the labels under it (some skipped when they would overlap).
void columns(const char* id, const std::vector<Point>& points, float height_em = 10.0f);
void line(const char* id, const std::vector<Point>& points, float height_em = 10.0f);

// A filled gauge with the text over it (a rate).
void gauge(const char* id, double fraction, const std::string& text);

} // namespace clientele::ui::charts
