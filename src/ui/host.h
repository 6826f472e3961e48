// What the UI needs from the platform it runs on (native desktop or web page). The platform
// implements it; ui/ never includes SDL or emscripten headers.
#pragma once

#include <string>

namespace clientele::ui {

enum class SaveState { Saved, Saving, Failed };

class Host {
public:
    virtual ~Host() = default;
    // "native" or "web".
    virtual const char* platform_name() const = 0;
    // Saved only once the last committed change reached durable storage.
    virtual SaveState save_state() const = 0;
    // mailto:, tel: links; the user's mail client or dialer takes them.
    virtual void open_url(const std::string& url) = 0;
    // Hands a file to the user: a browser download, or a file written next to the database.
    // Returns a line describing where it went.
    virtual std::string offer_download(const std::string& filename, const std::string& mime,
                                       const std::string& bytes) = 0;
};

// A Host for tests and headless runs: everything is saved at once, files are kept in memory.
class NullHost : public Host {
public:
    const char* platform_name() const override { return "headless"; }
    SaveState save_state() const override { return SaveState::Saved; }
    void open_url(const std::string& url) override { last_url = url; }
    std::string offer_download(const std::string& filename, const std::string&,
                               const std::string& bytes) override {
        last_download_name = filename;
        last_download = bytes;
        return filename;
    }
    std::string last_url, last_download_name, last_download;
};

} // namespace clientele::ui
