// Import & export: PrestaShop CSV imports of customers and addresses (column mapping, preview
// with each cell's validation result, all-or-nothing or valid rows, match by e-mail or id, a
// downloadable report), exports of customers and addresses (CSV, Excel), the whole shop as a
// JSON snapshot (download and restore) and the log of GDPR requests.
// Files come from the browser's file picker, a path field on the desktop, or a drop on the
// window (App::receive_file hands them here).
#pragma once

#include "core/gdpr.h"
#include "core/importer.h"
#include "ui/app.h"

#include <optional>
#include <string>
#include <vector>

namespace clientele::ui {

class DataView : public View {
public:
    explicit DataView(Context& ctx) : ctx_(ctx) {}
    const char* id() const override { return "data"; }
    const char* title_key() const override { return "nav.data"; }
    void draw() override;
    // A file the user picked or dropped: a snapshot is offered for restore, anything else is
    // read as a CSV to import.
    void receive_file(const std::string& name, std::string bytes);
    std::string state_json() override;

    // For tests: the import as the user would set it up.
    void set_entity(core::import::Entity e);
    void set_mode(core::import::Mode m) { options_.mode = m; }
    void set_match(core::import::Match m) { options_.match = m; }
    void start_import();
    void confirm_restore();

private:
    enum class Tab { Import, Export, Snapshot, Privacy };
    void draw_import();
    void draw_file_picker(const char* accept);
    void draw_mapping();
    void draw_preview();
    void draw_report();
    void draw_export();
    void draw_snapshot();
    void draw_privacy();
    void draw_restore_popup();
    void refresh_preview();
    bool required_fields_mapped(std::string* missing) const;
    void download_export(int what, bool excel);

    Context& ctx_;
    Tab tab_ = Tab::Import;
    bool select_tab_ = false;
    // The file being imported
    std::string file_name_, bytes_, path_;
    std::optional<core::import::Table> table_;
    std::string file_error_;
    core::import::Options options_{core::import::Entity::Customers};
    std::vector<core::import::PreviewRow> preview_;
    bool preview_dirty_ = false;
    std::optional<core::import::Report> report_;
    // A snapshot waiting for the user's confirmation
    std::string restore_name_, restore_bytes_;
    bool restore_popup_ = false;
    std::string restore_result_;
    std::string last_message_;
    std::vector<core::GdprRequest> gdpr_log_;
    std::uint64_t log_version_ = ~0ull;
};

} // namespace clientele::ui
