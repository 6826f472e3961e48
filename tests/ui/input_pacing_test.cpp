// The platform loops' input pacing: one state change per key per frame, order kept.
#include "platform/input_pacing.h"

#include <gtest/gtest.h>

#include <vector>

using clientele::platform::events_for_this_frame;

namespace {
struct Ev {
    int key; // -1: not a key change (mouse, text, repeat)
};
std::size_t split(const std::vector<Ev>& evs) {
    return events_for_this_frame(evs, [](const Ev& e) { return e.key; });
}
} // namespace

TEST(InputPacing, TwoTapsOfTheSameKeyTakeFourFrames) {
    // ArrowDown pressed and released twice before the next frame: down | up, down | up.
    std::vector<Ev> q{{81}, {81}, {81}, {81}};
    std::vector<std::size_t> per_frame;
    while (!q.empty()) {
        const std::size_t n = split(q);
        ASSERT_GT(n, 0u);
        per_frame.push_back(n);
        q.erase(q.begin(), q.begin() + static_cast<std::ptrdiff_t>(n));
    }
    EXPECT_EQ(per_frame, (std::vector<std::size_t>{1, 1, 1, 1}));
}

TEST(InputPacing, ChordsAndOtherEventsPassTogether) {
    // Ctrl down, Z down, text, mouse: one frame. Then Z up waits behind nothing.
    EXPECT_EQ(split({{224}, {29}, {-1}, {-1}}), 4u);
    // Z down, Z up, Ctrl up: Z up waits, and Ctrl up waits behind it to keep the order.
    EXPECT_EQ(split({{29}, {29}, {224}}), 1u);
    EXPECT_EQ(split({}), 0u);
}
