// The shell's warning while PrestaShop's demo customer account (pub@prestashop.com) is active
// with its published password: a banner under the top bar with "Disable it" and "Change its
// password" (a small dialog). Both are audited, undoable changes (core/consents.h).
#pragma once

#include "ui/app.h"

#include <string>

namespace clientele::ui {

class DemoWarning {
public:
    // Draws the banner when the account is exposed; nothing otherwise. The check is one
    // indexed query after each change of the data (bcrypt only for a hash not seen before).
    static void draw(Context& ctx);
    // Whether the banner shows (tests).
    static bool shown(Context& ctx);
    // What the buttons do (tests): false with error() set when refused.
    static bool disable(Context& ctx);
    static bool change_password(Context& ctx, const std::string& password);
    static const std::string& error();
};

} // namespace clientele::ui
