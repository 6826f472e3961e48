// Light and dark themes, and the UI font rasterised at the display's pixel ratio.
#pragma once

namespace clientele::ui {

enum class Theme { Light, Dark };

void apply_theme(Theme theme);

// Base UI font size in logical (CSS) pixels.
constexpr float kFontSize = 15.0f;

// Loads the embedded DejaVu Sans (Latin, Latin-1, Latin Extended-A/B, punctuation, €) at
// kFontSize * pixel_ratio and scales it back by 1/pixel_ratio, so text stays crisp at DPR 2.
void build_fonts(float pixel_ratio);

// Colours shared by views (colour codes, status).
struct Palette {
    unsigned int ok, warn, danger, muted;
};
const Palette& palette();

} // namespace clientele::ui
