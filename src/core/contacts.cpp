#include "core/contacts.h"

#include "core/audit.h"
#include "core/db.h"
#include "core/lang_names.h"
#include "core/validate.h"

#include <algorithm>
#include <cctype>
#include <stdexcept>

namespace clientele::core {

namespace v = validate;

namespace {

// isCleanHtml without the HTML purifier: no script elements, event handlers or javascript: URLs.
bool is_clean_text(const std::string& text) {
    std::string lower(text);
    std::transform(lower.begin(), lower.end(), lower.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    if (lower.find("<script") != std::string::npos ||
        lower.find("javascript:") != std::string::npos)
        return false;
    // An "on...=" attribute inside a tag.
    for (std::size_t lt = lower.find('<'); lt != std::string::npos; lt = lower.find('<', lt + 1)) {
        const std::size_t gt = lower.find('>', lt);
        const std::string tag = lower.substr(lt, gt == std::string::npos ? gt : gt - lt);
        for (std::size_t on = tag.find(" on"); on != std::string::npos;
             on = tag.find(" on", on + 1)) {
            std::size_t i = on + 3;
            while (i < tag.size() && std::isalpha(static_cast<unsigned char>(tag[i])))
                ++i;
            while (i < tag.size() && tag[i] == ' ')
                ++i;
            if (i > on + 3 && i < tag.size() && tag[i] == '=')
                return false;
        }
    }
    return v::is_valid_utf8(text);
}

} // namespace

std::vector<ContactRow> list_contacts(Database& db, int id_lang) {
    std::vector<ContactRow> out;
    Statement st = db.prepare(
        "SELECT c.id_contact, COALESCE(l.name, ''), COALESCE(l.description, ''), c.email, "
        "c.customer_service, c.position, (SELECT COUNT(*) FROM ps_customer_thread t WHERE "
        "t.id_contact = c.id_contact) FROM ps_contact c LEFT JOIN ps_contact_lang l ON "
        "l.id_contact = c.id_contact AND l.id_lang = (SELECT x.id_lang FROM ps_contact_lang x "
        "WHERE x.id_contact = c.id_contact ORDER BY x.id_lang = ?1 DESC, x.id_lang = 1 DESC LIMIT "
        "1) ORDER BY c.position, c.id_contact");
    st.bind(1, id_lang);
    while (st.step()) {
        ContactRow r;
        r.id = st.int64(0);
        r.name = st.text(1);
        r.description = st.text(2);
        r.email = st.text(3);
        r.customer_service = st.int64(4) != 0;
        r.position = st.int32(5);
        r.threads = st.int64(6);
        out.push_back(std::move(r));
    }
    return out;
}

std::vector<FieldError> validate_contact(Database& db, const ContactInput& in) {
    std::vector<FieldError> e;
    const int def = default_language(db);
    for (const auto& lang : languages(db)) {
        const std::string suffix = "[" + std::to_string(lang.first) + "]";
        check_lang_name(e, "name" + suffix, text_in(in.names, lang.first), lang.first == def,
                        lang.second, kContactNameMax);
        const std::string description = text_in(in.descriptions, lang.first);
        if (!is_clean_text(description))
            e.push_back(
                {"description" + suffix, "may not contain scripts", "err.description_invalid"});
        else if (!v::fits_length(description, kContactDescriptionMax))
            e.push_back({"description" + suffix, "is too long", "err.too_long"});
    }
    if (!in.email.empty() &&
        (!v::is_email(in.email) || !v::fits_length(in.email, kContactEmailMax)))
        e.push_back({"email", "is not a valid e-mail address", "err.email_invalid"});
    return e;
}

std::int64_t create_contact(Database& db, const ContactInput& in) {
    auto errors = validate_contact(db, in);
    if (!errors.empty())
        throw ValidationError(std::move(errors));
    Transaction tx(db);
    const std::int64_t batch = audit::begin_batch(db);
    db.prepare("INSERT INTO ps_contact(email, customer_service, position) VALUES (?1, ?2, "
               "(SELECT COALESCE(MAX(position) + 1, 0) FROM ps_contact))")
        .bind_all(in.email, in.customer_service)
        .run();
    const std::int64_t id = db.last_insert_id();
    const std::string summary = "contact created: " + default_text(db, in.names);
    audit::record(db, batch, "create", "ps_contact", 0, nullptr,
                  audit::snapshot(db, "ps_contact", {{"id_contact", id}}), summary);
    write_lang_rows(db, batch, "ps_contact_lang", "id_contact", id,
                    {{"name", &in.names}, {"description", &in.descriptions}}, summary);
    tx.commit();
    return id;
}

void update_contact(Database& db, std::int64_t id, const ContactInput& in) {
    auto errors = validate_contact(db, in);
    if (!errors.empty())
        throw ValidationError(std::move(errors));
    Transaction tx(db);
    if (audit::snapshot(db, "ps_contact", {{"id_contact", id}}).is_null())
        throw std::invalid_argument("no contact with id " + std::to_string(id));
    const std::int64_t batch = audit::begin_batch(db);
    const std::string summary = "contact edited: " + default_text(db, in.names);
    audit::tracked_update(db, batch, "ps_contact", {{"id_contact", id}}, 0, summary, [&] {
        db.prepare("UPDATE ps_contact SET email = ?2, customer_service = ?3 WHERE id_contact = ?1")
            .bind_all(id, in.email, in.customer_service)
            .run();
    });
    write_lang_rows(db, batch, "ps_contact_lang", "id_contact", id,
                    {{"name", &in.names}, {"description", &in.descriptions}}, summary);
    tx.commit();
}

std::optional<ContactInput> load_contact(Database& db, std::int64_t id) {
    Statement st =
        db.prepare("SELECT email, customer_service FROM ps_contact WHERE id_contact = ?1");
    st.bind(1, id);
    if (!st.step())
        return std::nullopt;
    ContactInput in;
    in.email = st.text(0);
    in.customer_service = st.int64(1) != 0;
    Statement langs =
        db.prepare("SELECT id_lang, name, description FROM ps_contact_lang WHERE id_contact = ?1");
    langs.bind(1, id);
    while (langs.step()) {
        in.names[langs.int32(0)] = langs.text(1);
        in.descriptions[langs.int32(0)] = langs.text(2);
    }
    return in;
}

void delete_contact(Database& db, std::int64_t id) {
    Transaction tx(db);
    nlohmann::json row = audit::snapshot(db, "ps_contact", {{"id_contact", id}});
    if (row.is_null())
        throw std::invalid_argument("no contact with id " + std::to_string(id));
    Statement count = db.prepare("SELECT COUNT(*) FROM ps_customer_thread WHERE id_contact = ?1");
    count.bind(1, id);
    const std::int64_t n = count.step() ? count.int64(0) : 0;
    if (n > 0)
        throw ValidationError(
            {{"id_contact",
              "is used by " + std::to_string(n) +
                  (n == 1 ? " customer thread" : " customer threads") + " and cannot be deleted",
              "err.contact_in_use"}});
    const std::int64_t batch = audit::begin_batch(db);
    const std::string summary = "contact deleted: #" + std::to_string(id);
    record_lang_rows_deleted(db, batch, "ps_contact_lang", "id_contact", id, summary);
    audit::record(db, batch, "delete", "ps_contact", 0, row, nullptr, summary);
    db.prepare("DELETE FROM ps_contact WHERE id_contact = ?1").bind_all(id).run();
    tx.commit();
}

} // namespace clientele::core
