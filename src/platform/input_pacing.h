// Dear ImGui 1.86 reads key state once per frame: a key that changes state twice between two
// frames (a quick tap on a slow frame, or two taps of the same key) would be seen once or not
// at all. The platform loops hand ImGui one change per key per frame: the first event that
// would change a key again in the same frame, and every event after it (so their order is
// kept), wait for the next frame.
#pragma once

#include <algorithm>
#include <cstddef>
#include <vector>

namespace clientele::platform {

// Returns how many of `events` (in arrival order) to process this frame. `key_of(event)`
// returns the key code an event changes, or -1 for events that change no key state (mouse,
// text, key repeats).
template <class Event, class KeyOf>
std::size_t events_for_this_frame(const std::vector<Event>& events, KeyOf key_of) {
    std::vector<int> changed;
    for (std::size_t i = 0; i < events.size(); ++i) {
        const int key = key_of(events[i]);
        if (key < 0)
            continue;
        if (std::find(changed.begin(), changed.end(), key) != changed.end())
            return i;
        changed.push_back(key);
    }
    return events.size();
}

} // namespace clientele::platform
