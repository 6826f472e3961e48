// The shop at a glance: how many of each record the database holds.
#pragma once

#include "ui/app.h"

namespace clientele::ui {

class OverviewView : public View {
public:
    explicit OverviewView(Context& ctx) : ctx_(ctx) {}
    const char* id() const override { return "overview"; }
    const char* title_key() const override { return "nav.overview"; }
    void draw() override;

private:
    Context& ctx_;
    std::vector<std::pair<std::string, std::int64_t>> counts_;
    std::uint64_t version_ = ~0ull;
};

} // namespace clientele::ui
