// What the UI needs from the platform it runs on (native desktop or web page). The platform
// implements it; ui/ never includes SDL or emscripten headers.
#pragma once

#include <fstream>
#include <sstream>
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
    // Opening files. The browser has a file picker (`accept`: ".csv,.txt"); the desktop app
    // offers a path field instead, and files dropped on the window work on both. Picked and
    // dropped files reach App::receive_file.
    virtual bool can_pick_file() const { return false; }
    virtual void pick_file(const std::string& accept) { (void)accept; }
    // Reads a file by path (desktop). False with `error` set when it cannot.
    virtual bool read_path(const std::string& path, std::string& bytes, std::string& error) {
        std::ifstream in(path, std::ios::binary);
        if (!in) {
            error = "cannot open " + path;
            return false;
        }
        std::ostringstream all;
        all << in.rdbuf();
        bytes = all.str();
        return true;
    }
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
    bool can_pick_file() const override { return true; }
    void pick_file(const std::string& accept) override { picked_accept = accept; }
    std::string last_url, picked_accept, last_download_name, last_download;
};

} // namespace clientele::ui
