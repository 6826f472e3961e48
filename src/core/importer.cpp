// Sections: 1. text helpers  2. fields and header matching  3. inspect  4. the row engine
// (caches, customers, addresses, writes)  5. preview  6. report  7. the job  8. sample files
#include "core/importer.h"

#include "core/addresses.h"
#include "core/audit.h"
#include "core/bulk_load.h"
#include "core/consents.h"
#include "core/csv.h"
#include "core/csv_reader.h"
#include "core/db.h"
#include "core/i18n.h"
#include "core/password.h"
#include "core/random.h"
#include "core/store.h"
#include "core/validate.h"

#include <nlohmann/json.hpp>
#include <sqlite3.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <set>
#include <unordered_map>
#include <unordered_set>

namespace clientele::core::import {

namespace v = validate;

ImportError::ImportError(std::int64_t line, const std::string& message)
    : std::runtime_error(line > 0 ? "line " + std::to_string(line) + ": " + message : message),
      line_(line), reason_(message) {}

namespace {

// --- 1. text helpers --------------------------------------------------------------------------

std::string_view trim(std::string_view s) {
    std::size_t b = 0, e = s.size();
    while (b < e && (s[b] == ' ' || s[b] == '\t'))
        ++b;
    while (e > b && (s[e - 1] == ' ' || s[e - 1] == '\t'))
        --e;
    return s.substr(b, e - b);
}

// A cell that an export neutralised against formula injection (core/csv.h: an apostrophe
// before = + - @, a tab or a carriage return) reads back as the value it was: exported files
// re-import ("'+33 1 23 45 67 89" is the phone number "+33 1 23 45 67 89").
std::string_view unneutralise(std::string_view s) {
    if (s.size() >= 2 && s[0] == '\'' && std::string_view("=+-@\t\r").find(s[1]) != s.npos)
        return s.substr(1);
    return s;
}

std::string ascii_lower(std::string_view s) {
    std::string out(s);
    for (char& c : out)
        if (c >= 'A' && c <= 'Z')
            c = static_cast<char>(c - 'A' + 'a');
    return out;
}

bool all_digits(std::string_view s) {
    if (s.empty())
        return false;
    for (char c : s)
        if (c < '0' || c > '9')
            return false;
    return true;
}

// A whole number of at most 18 digits (leading zeros allowed, as spreadsheets write them).
std::optional<std::int64_t> parse_id(std::string_view s) {
    if (!all_digits(s) || s.size() > 18)
        return std::nullopt;
    std::int64_t n = 0;
    for (char c : s)
        n = n * 10 + (c - '0');
    return n;
}

using validate::quoted;

// Binds text that stays alive until the statement has run (the current record's cells, members)
// without SQLite copying it.
void bind_view(Statement& s, int index, std::string_view v) {
    const int rc = sqlite3_bind_text(s.handle(), index, v.data() ? v.data() : "",
                                     static_cast<int>(v.size()), SQLITE_STATIC);
    if (rc != SQLITE_OK)
        throw DbError(rc, "bind");
}

// Latin letters with diacritics folded to ASCII, lower case; "" drops the character.
const char* fold(char32_t cp) {
    static const char* const kLatin1[64] = {
        "a", "a", "a", "a", "a", "a", "ae", "c", "e", "e", "e", "e", "i", "i", "i",  "i",
        "d", "n", "o", "o", "o", "o", "o",  "",  "o", "u", "u", "u", "u", "y", "th", "ss",
        "a", "a", "a", "a", "a", "a", "ae", "c", "e", "e", "e", "e", "i", "i", "i",  "i",
        "d", "n", "o", "o", "o", "o", "o",  "",  "o", "u", "u", "u", "u", "y", "th", "y"};
    struct Range {
        char32_t last;
        const char* letter;
    };
    // Latin Extended-A, U+0100..U+017F, by runs of the same base letter.
    static const Range kExtA[] = {
        {0x105, "a"}, {0x10D, "c"},  {0x111, "d"}, {0x11B, "e"}, {0x123, "g"}, {0x127, "h"},
        {0x131, "i"}, {0x133, "ij"}, {0x135, "j"}, {0x138, "k"}, {0x142, "l"}, {0x14B, "n"},
        {0x151, "o"}, {0x153, "oe"}, {0x159, "r"}, {0x161, "s"}, {0x167, "t"}, {0x173, "u"},
        {0x175, "w"}, {0x178, "y"},  {0x17E, "z"}, {0x17F, "s"}};
    static const char* const kAscii[26] = {"a", "b", "c", "d", "e", "f", "g", "h", "i",
                                           "j", "k", "l", "m", "n", "o", "p", "q", "r",
                                           "s", "t", "u", "v", "w", "x", "y", "z"};
    static const char* const kDigits[10] = {"0", "1", "2", "3", "4", "5", "6", "7", "8", "9"};
    if (cp >= 'a' && cp <= 'z')
        return kAscii[cp - 'a'];
    if (cp >= 'A' && cp <= 'Z')
        return kAscii[cp - 'A'];
    if (cp >= '0' && cp <= '9')
        return kDigits[cp - '0'];
    if (cp >= 0xC0 && cp <= 0xFF)
        return kLatin1[cp - 0xC0];
    if (cp >= 0x100 && cp <= 0x17F)
        for (const Range& r : kExtA)
            if (cp <= r.last)
                return r.letter;
    return "";
}

// Next code point of UTF-8 text (invalid bytes are returned as themselves and skipped).
char32_t next_cp(std::string_view s, std::size_t& i) {
    const auto c = static_cast<unsigned char>(s[i]);
    int extra = c >= 0xF0 ? 3 : c >= 0xE0 ? 2 : c >= 0xC0 ? 1 : 0;
    if (extra && i + static_cast<std::size_t>(extra) >= s.size())
        extra = 0; // a sequence cut by the end of the text
    char32_t cp = extra == 0 ? c : extra == 1 ? (c & 0x1F) : extra == 2 ? (c & 0x0F) : (c & 0x07);
    for (int k = 1; k <= extra; ++k)
        cp = (cp << 6) | (static_cast<unsigned char>(s[i + static_cast<std::size_t>(k)]) & 0x3F);
    i += static_cast<std::size_t>(extra) + 1;
    return cp;
}

// Letters and digits only, folded: "Côte d'Ivoire" -> "cotedivoire". For names of countries,
// states and groups, and (with parenthesised hints handled) for headers.
std::string fold_key(std::string_view s) {
    std::string out;
    for (std::size_t i = 0; i < s.size();)
        out += fold(next_cp(s, i));
    return out;
}

// --- 2. fields and header matching -------------------------------------------------------------

// Field indexes, in the order of fields(Entity).
// clang-format off
enum C { C_ID, C_ACTIVE, C_GENDER, C_EMAIL, C_PASSWD, C_BIRTHDAY, C_LASTNAME, C_FIRSTNAME,
    C_NEWSLETTER, C_OPTIN, C_DATE_ADD, C_GROUPS, C_DEFAULT_GROUP, C_COMPANY, C_SIRET, C_APE,
    C_WEBSITE, C_NOTE, C_COUNT };
enum A { A_ID, A_ALIAS, A_ACTIVE, A_EMAIL, A_CUSTOMER, A_MANUFACTURER, A_SUPPLIER, A_COMPANY,
    A_LASTNAME, A_FIRSTNAME, A_ADDRESS1, A_ADDRESS2, A_POSTCODE, A_CITY, A_COUNTRY, A_STATE,
    A_OTHER, A_PHONE, A_MOBILE, A_VAT, A_DNI, A_COUNT };
// clang-format on

// Normalised header spellings per field, in the order of fields(Entity). English and French
// PrestaShop labels, plain field names and common synonyms (Spanish, other tools' exports).
const std::vector<std::vector<const char*>>& synonyms(Entity e) {
    static const std::vector<std::vector<const char*>> customers = {
        {"customerid", "idcustomer", "id", "idclient", "clientid", "idcliente", "numeroclient"},
        {"active", "actif", "activo", "activa", "enabled"},
        {"titlesid", "titleid", "titles", "title", "idgender", "gender", "civilite", "titre",
         "socialtitle", "tratamiento", "sexe"},
        {"email", "emailaddress", "mail", "courriel", "adresseemail", "correo", "correoelectronico",
         "adresseelectronique"},
        {"password", "passwd", "motdepasse", "contrasena", "pwd"},
        {"birthday", "birthdate", "dateofbirth", "datedenaissance", "naissance",
         "fechadenacimiento", "dob"},
        {"lastname", "nom", "surname", "familyname", "apellido", "apellidos", "nomdefamille"},
        {"firstname", "prenom", "givenname", "nombre", "forename"},
        {"newsletter", "boletin", "lettredinformation"},
        {"optin", "partneroffers", "offrespartenaires", "ofertasdesocios"},
        {"registrationdate", "dateadd", "datedinscription", "dateinscription", "fechaderegistro",
         "registered", "datecreation", "datedecreation", "createdat"},
        {"groups", "group", "groupes", "groupe", "grupos", "grupo", "customergroups"},
        {"defaultgroupid", "defaultgroup", "iddefaultgroup", "iddugroupepardefaut",
         "groupepardefaut", "idgroupepardefaut", "grupopordefecto", "idgrupopordefecto"},
        {"company", "societe", "entreprise", "empresa", "companyname", "raisonsociale"},
        {"siret"},
        {"ape", "codeape", "naf", "codenaf", "apecode"},
        {"website", "siteweb", "siteinternet", "web", "url", "sitioweb"},
        {"note", "privatenote", "noteprivee", "nota", "notaprivada"},
    };
    static const std::vector<std::vector<const char*>> addresses = {
        {"addressid", "idaddress", "id", "idadresse", "adresseid", "iddireccion"},
        {"alias", "addressalias"},
        {"active", "actif", "activo", "activa", "enabled"},
        {"customeremail", "emailduclient", "email", "emailclient", "courrielduclient",
         "customeremailaddress", "correodelcliente", "mail", "courriel", "emailaddress"},
        {"customerid", "idcustomer", "idclient", "idduclient", "clientid", "idcliente",
         "numeroclient"},
        {"manufacturer", "brand", "marque", "fabricant", "fabricante", "marca", "idmanufacturer"},
        {"supplier", "fournisseur", "proveedor", "idsupplier"},
        {"company", "societe", "entreprise", "empresa", "companyname", "raisonsociale"},
        {"lastname", "nom", "surname", "familyname", "apellido", "apellidos", "nomdefamille"},
        {"firstname", "prenom", "givenname", "nombre", "forename"},
        {"address1", "address", "adresse", "adresse1", "direccion", "direccion1", "street",
         "addressline1"},
        {"address2", "adresse2", "direccion2", "addressline2", "complementdadresse"},
        {"zipcode", "postcode", "zippostalcode", "zip", "postalcode", "codepostal", "codigopostal"},
        {"city", "ville", "ciudad", "town", "localidad", "poblacion"},
        {"country", "pays", "pais", "countryname", "idcountry", "countryiso"},
        {"state", "etat", "estado", "provincia", "province", "region", "idstate", "county"},
        {"other", "autre", "autres", "otro", "otros", "comment", "commentaire"},
        {"phone", "telephone", "homephone", "telefono", "tel", "phonenumber", "telephonefixe"},
        {"mobilephone", "phonemobile", "telephonemobile", "mobile", "portable", "telephoneportable",
         "movil", "telefonomovil", "cellphone", "gsm"},
        {"vatnumber", "numerodetva", "numerotva", "tva", "vat", "tvaintracommunautaire",
         "numerodeiva", "iva", "vatid"},
        {"dni", "identificationnumber", "numerodidentification"},
    };
    return e == Entity::Customers ? customers : addresses;
}

int field_index(Entity e, const std::string& id) {
    const auto& defs = fields(e);
    for (std::size_t i = 0; i < defs.size(); ++i)
        if (defs[i].id == id)
            return static_cast<int>(i);
    return -1;
}

const char* entity_name(Entity e) {
    return e == Entity::Customers ? "customers" : "addresses";
}

} // namespace

const std::vector<FieldDef>& fields(Entity e) {
    static const std::vector<FieldDef> customers = {
        {"id_customer", "Customer ID", false},
        {"active", "Active (0/1)", false},
        {"id_gender", "Titles ID (Mr = 1, Ms = 2, else 0)", false},
        {"email", "Email", true},
        {"passwd", "Password", false},
        {"birthday", "Birthday (yyyy-mm-dd)", false},
        {"lastname", "Last Name", true},
        {"firstname", "First Name", true},
        {"newsletter", "Newsletter (0/1)", false},
        {"optin", "Opt-in (0/1)", false},
        {"date_add", "Registration date (yyyy-mm-dd)", false},
        {"groups", "Groups (x,y,z...)", false},
        {"id_default_group", "Default group ID", false},
        {"company", "Company", false},
        {"siret", "SIRET", false},
        {"ape", "APE", false},
        {"website", "Website", false},
        {"note", "Private note", false},
    };
    // "Customer e-mail" is marked required as in PrestaShop; a Customer ID column can stand in.
    static const std::vector<FieldDef> addresses = {
        {"id_address", "Address ID", false},
        {"alias", "Alias", true},
        {"active", "Active (0/1)", false},
        {"customer_email", "Customer e-mail", true},
        {"id_customer", "Customer ID", false},
        {"manufacturer", "Manufacturer", false},
        {"supplier", "Supplier", false},
        {"company", "Company", false},
        {"lastname", "Last Name", true},
        {"firstname", "First Name", true},
        {"address1", "Address", true},
        {"address2", "Address (2)", false},
        {"postcode", "Zip/postal code", false},
        {"city", "City", true},
        {"country", "Country", true},
        {"state", "State", false},
        {"other", "Other", false},
        {"phone", "Phone", false},
        {"phone_mobile", "Mobile phone", false},
        {"vat_number", "VAT number", false},
        {"dni", "Identification number", false},
    };
    return e == Entity::Customers ? customers : addresses;
}

std::string normalize_header(const std::string& header) {
    std::string out;
    std::string_view s(header);
    for (std::size_t i = 0; i < s.size();) {
        if (s[i] == '(') {
            // A parenthesised hint goes, except a bare number: "Adresse (2)" -> "adresse2".
            const std::size_t close = s.find(')', i);
            const std::string_view inner =
                trim(s.substr(i + 1, close == std::string_view::npos ? s.npos : close - i - 1));
            if (all_digits(inner))
                out += inner;
            if (close == std::string_view::npos)
                break;
            i = close + 1;
            continue;
        }
        out += fold(next_cp(s, i));
    }
    return out;
}

std::vector<std::string> auto_map(Entity e, const std::vector<std::string>& headers) {
    const auto& defs = fields(e);
    const auto& syn = synonyms(e);
    std::vector<std::string> mapping(headers.size());
    std::vector<bool> used(defs.size(), false);
    for (std::size_t c = 0; c < headers.size(); ++c) {
        const std::string key = normalize_header(headers[c]);
        if (key.empty())
            continue;
        for (std::size_t f = 0; f < defs.size() && mapping[c].empty(); ++f) {
            if (used[f])
                continue;
            bool hit =
                key == normalize_header(defs[f].id) || key == normalize_header(defs[f].label);
            for (const char* s : syn[f])
                hit = hit || key == s;
            if (hit) {
                mapping[c] = defs[f].id;
                used[f] = true;
            }
        }
    }
    return mapping;
}

// --- 3. inspect -------------------------------------------------------------------------------

namespace {
// Trimmed; empty names after the last column are a trailing delimiter, not columns.
std::vector<std::string> header_names(const std::vector<std::string>& fields) {
    std::vector<std::string> names;
    for (const std::string& f : fields)
        names.emplace_back(trim(f));
    while (!names.empty() && names.back().empty())
        names.pop_back();
    return names;
}
} // namespace

Table inspect(const std::string& bytes) {
    csv::Decoded d = csv::decode(bytes);
    if (d.text.find_first_not_of(" \t\r\n") == std::string::npos)
        throw ImportError(1, "the file is empty");
    Table t;
    t.encoding = d.encoding;
    csv::Reader reader(d.text);
    t.delimiter = reader.delimiter();
    csv::Record rec;
    try {
        if (!reader.next(rec))
            throw ImportError(1, "the file is empty");
        t.headers = header_names(rec.fields);
        while (reader.next(rec))
            ++t.rows_estimate;
    } catch (const csv::ReadError& e) {
        throw ImportError(e.line(), e.reason());
    }
    return t;
}

// --- 4. the row engine ------------------------------------------------------------------------

// Reads one file and checks (and, unless dry, writes) its rows one by one. Everything it looks
// up per row is loaded once at the start into hash maps; statements are prepared once.
class Importer {
public:
    enum class Kind { Inserted, Updated, Skipped, Invalid };
    struct Outcome {
        Kind kind = Kind::Invalid;
        std::vector<RowError> errors;
        std::string skip_reason;
    };

    Importer(Database& db, const Options& o, bool dry) : db_(db), o_(o), dry_(dry) {}
    ~Importer() {
        // Statements first, then the transaction (which rolls back unless committed).
        finalize();
        bulk_.reset();
        tx_.reset();
    }

    // Decodes the file, reads its header and sets up the mapping; `strict` (the import, not the
    // preview) also refuses a mapping without the required fields, then opens the transaction.
    void open(std::string bytes, bool strict);
    const Table& table() const { return table_; }
    std::int64_t header_line() const { return header_line_; }
    std::size_t offset() const { return reader_ ? reader_->offset() : 0; }
    std::size_t size() const { return text_.size(); }
    bool next(csv::Record& rec) { return reader_->next(rec); }
    // True when the row has a plain password to hash (about 70 ms at cost 10).
    bool will_hash(const csv::Record& rec) const;
    double hash_ms() const { return hash_ms_; }
    Outcome process(const csv::Record& rec);
    // Ends a successful import a part at a time (the bulk load's indexes and derived tables,
    // then the audit summary and the commit); true once committed.
    bool commit_step(const Report& report, std::chrono::steady_clock::time_point deadline);
    // The bulk load's closing work, when there is one (its stage and progress).
    const BulkLoad* bulk_load() const { return bulk_.get(); }
    bool undoable() const { return undoable_; }
    // The CSV column of a field, -1 when none.
    int column_of(int f) const { return col_[static_cast<std::size_t>(f)]; }
    std::int64_t groups_created = 0, countries_created = 0, states_created = 0;

private:
    struct Row {
        const csv::Record* rec = nullptr;
        std::vector<RowError> errors;
    };
    struct PendingName {
        std::string name, key;
        std::int64_t predicted = 0;
    };
    using Country = CountryRecord; // its id, zone and address rules
    struct EmailRef {
        std::int64_t id = 0;
        std::int64_t line = 0; // the file line that wrote it, 0 when it was in the database
    };
    struct AddressRef {
        std::int64_t id = 0, id_country = 0, line = 0;
    };

    const FieldDef& def(int f) const { return fields(o_.entity)[static_cast<std::size_t>(f)]; }
    bool mapped(int f) const { return col_[static_cast<std::size_t>(f)] >= 0; }
    std::string_view cell(const Row& r, int f) const {
        const int c = col_[static_cast<std::size_t>(f)];
        if (c < 0 || static_cast<std::size_t>(c) >= r.rec->fields.size())
            return {};
        return unneutralise(trim(r.rec->fields[static_cast<std::size_t>(c)]));
    }
    void fail(Row& r, int f, std::string reason) {
        r.errors.push_back({r.rec->line, f >= 0 ? def(f).id : std::string(), std::move(reason)});
    }
    // Prepared once, reused for every row.
    // clang-format off
    enum S { S_CUSTOMER_BY_ID, S_INSERT, S_UPDATE, S_MEMBER_ADD, S_MEMBER_REMOVE, S_MEMBERS,
        S_GROUP_INSERT, S_GROUP_LANG, S_ADDRESS_BY_ID, S_ADDRESS_INSERT, S_ADDRESS_UPDATE,
        S_ADDRESS_UPDATE_MOVED, S_COUNTRY_INSERT, S_COUNTRY_LANG, S_STATE_INSERT, S_EMAIL_OWNER,
        S_CUSTOMER_BY_EMAIL, S_ADDRESS_BY_ALIAS, S_COUNT };
    // clang-format on
    Statement& st(S s) { return *st_[s]; }
    void prepare(S s, const char* sql) { st_[s].emplace(db_.prepare(sql)); }
    void finalize() {
        for (auto& s : st_)
            s.reset();
    }

    void load_common();
    void load_customers();
    void load_addresses();
    std::optional<bool> flag(Row& r, int f);
    void text_field(Row& r, int f, bool (*valid)(std::string_view), std::size_t max_length,
                    const char* what, bool required);
    std::int64_t resolve_group(Row& r, int f, std::string_view token,
                               std::vector<PendingName>& pending);
    std::int64_t create_group(const PendingName& p);
    const EmailRef* account(const std::string& lower);
    void release_email(const std::string& lower, std::int64_t id);
    std::int64_t customer_by_email(const std::string& lower);
    const AddressRef* address_by_alias(const std::string& key, std::int64_t customer,
                                       std::string_view alias);
    Outcome customer_row(Row& r);
    Outcome address_row(Row& r);
    std::string new_country_iso(const std::string& name);
    std::int64_t create_country(const PendingName& p);
    std::int64_t create_state(const PendingName& p, std::int64_t id_country);
    std::int64_t unassigned_zone();
    void audit_row(const char* action, const char* table, const nlohmann::json& key,
                   std::int64_t entity_id, const nlohmann::json& before,
                   const std::string& summary);
    void write_memberships(std::int64_t id, const std::vector<std::int64_t>& groups, bool replace);

    Database& db_;
    Options o_;
    bool dry_;
    // Owned in this order so that destruction finalises statements before the rollback.
    std::unique_ptr<Transaction> tx_;
    std::unique_ptr<ConsentSource> source_; // consents logged by the import say "import"
    std::unique_ptr<BulkLoad> bulk_;
    std::optional<Statement> st_[S_COUNT];

    std::string text_;
    std::unique_ptr<csv::Reader> reader_;
    Table table_;
    std::int64_t header_line_ = 1;
    std::vector<int> col_; // per field: its CSV column or -1
    std::string today_, now_;
    bool undoable_ = false;
    std::int64_t batch_ = 0, marker_ = 0;
    double hash_ms_ = 0;
    std::vector<std::int64_t> langs_;

    // Customers
    // Lookups by e-mail and alias: preloaded into these maps for a bulk load (no indexes then,
    // and most rows are looked up), otherwise filled on demand by indexed queries (a few rows
    // into a big shop, the preview). File rows are added as they are read.
    bool preload_ = false;
    std::unordered_map<std::string, EmailRef> emails_; // live non-guest accounts, lower case
    std::unordered_set<std::string> blocked_;
    std::unordered_map<std::int64_t, std::int64_t> file_ids_; // id -> line
    std::unordered_set<std::int64_t> group_ids_;
    std::unordered_map<std::string, std::int64_t> group_names_; // fold_key(name) -> id
    std::int64_t max_group_id_ = 0, default_group_ = 3;
    std::string last_group_token_; // the last name resolved to an existing group, and its id
    std::int64_t last_group_id_ = 0;
    std::unordered_map<std::string, int> genders_; // "1", "mr", "mme", ... -> id_gender
    std::string scratch_date_;

    // Addresses
    std::unordered_map<std::string, std::int64_t> customers_by_email_;
    std::unordered_map<std::string, AddressRef> address_keys_; // "cid\x1falias" -> address
    std::unordered_map<std::int64_t, std::int64_t> file_address_ids_;
    std::vector<Country> countries_;
    std::unordered_map<std::string, std::size_t> country_keys_; // fold_key(name) / iso -> index
    std::unordered_map<std::int64_t, std::size_t> country_ids_;
    std::unordered_set<std::string> country_isos_;
    std::unordered_map<std::string, std::int64_t> state_keys_; // "cid\x1f" + key -> id_state
    std::unordered_map<std::int64_t, std::int64_t> state_country_;
    std::int64_t max_country_id_ = 0, max_state_id_ = 0, zone_ = 0;
    std::set<std::string> required_db_; // ps_required_field for Address
};

void Importer::open(std::string bytes, bool strict) {
    csv::Decoded d = csv::decode(std::move(bytes));
    text_ = std::move(d.text);
    if (text_.find_first_not_of(" \t\r\n") == std::string::npos)
        throw ImportError(1, "the file is empty");
    table_.encoding = d.encoding;
    reader_ = std::make_unique<csv::Reader>(text_);
    table_.delimiter = reader_->delimiter();
    csv::Record header;
    try {
        if (!reader_->next(header))
            throw ImportError(1, "the file is empty");
    } catch (const csv::ReadError& e) {
        throw ImportError(e.line(), e.reason());
    }
    header_line_ = header.line;
    table_.headers = header_names(header.fields);
    // A cheap estimate (line breaks), for the choice of bulk loading and undo.
    char eol = '\n';
    auto breaks = static_cast<std::int64_t>(std::count(text_.begin(), text_.end(), eol));
    if (breaks == 0) { // old Mac files end lines with CR alone
        eol = '\r';
        breaks = static_cast<std::int64_t>(std::count(text_.begin(), text_.end(), eol));
    }
    table_.rows_estimate =
        std::max<std::int64_t>(0, breaks + (text_.back() == eol ? 0 : 1) - header_line_);

    std::vector<std::string> mapping = o_.mapping;
    if (mapping.empty())
        mapping = auto_map(o_.entity, table_.headers);
    if (mapping.size() != table_.headers.size()) {
        if (strict)
            throw ImportError(0, "the mapping has " + std::to_string(mapping.size()) +
                                     " entries for " + std::to_string(table_.headers.size()) +
                                     " columns");
        mapping.resize(table_.headers.size());
    }
    const auto& defs = fields(o_.entity);
    col_.assign(defs.size(), -1);
    for (std::size_t c = 0; c < mapping.size(); ++c) {
        if (mapping[c].empty())
            continue;
        const int f = field_index(o_.entity, mapping[c]);
        if (f < 0) {
            if (strict)
                throw ImportError(0, "unknown field '" + mapping[c] + "' for " +
                                         entity_name(o_.entity));
            continue;
        }
        if (col_[static_cast<std::size_t>(f)] >= 0) {
            if (strict)
                throw ImportError(0, "the field '" + defs[static_cast<std::size_t>(f)].label +
                                         "' is mapped to two columns ('" +
                                         table_.headers[static_cast<std::size_t>(
                                             col_[static_cast<std::size_t>(f)])] +
                                         "' and '" + table_.headers[c] + "')");
            continue;
        }
        col_[static_cast<std::size_t>(f)] = static_cast<int>(c);
    }
    if (strict) {
        for (std::size_t f = 0; f < defs.size(); ++f) {
            if (!defs[f].required || col_[f] >= 0)
                continue;
            if (o_.entity == Entity::Addresses && static_cast<int>(f) == A_EMAIL &&
                col_[A_CUSTOMER] >= 0)
                continue;
            throw ImportError(0,
                              "no column is mapped to the required field '" + defs[f].label + "'");
        }
    }

    today_ = o_.today.empty() ? today_date() : o_.today;
    now_ = now_datetime();
    if (!dry_) {
        tx_ = std::make_unique<Transaction>(db_);
        const std::int64_t estimate = table_.rows_estimate;
        undoable_ = estimate <= kUndoableRows;
        batch_ = audit::begin_batch(db_);
        // The batch starts with a marker whose summary names the whole import (undo shows the
        // first entry's summary); restoring it is a no-op.
        const nlohmann::json state = audit::snapshot(db_, "cl_state", {{"id", 1}});
        audit::record(db_, batch_, "update", "cl_state", 0, state, state,
                      std::string("import of ") + entity_name(o_.entity));
        marker_ = db_.last_insert_id();
        source_ = std::make_unique<ConsentSource>(db_, "import");
        const std::int64_t existing =
            db_.scalar_int(o_.entity == Entity::Customers ? "SELECT COUNT(*) FROM ps_customer"
                                                          : "SELECT COUNT(*) FROM ps_address");
        const bool bulk = o_.bulk ? *o_.bulk : (estimate >= kBulkRows && estimate > existing);
        if (bulk)
            // Only the tables that take the file's rows; the few groups, countries and
            // states an import may create keep their indexes.
            bulk_ = std::make_unique<BulkLoad>(
                db_, o_.entity == Entity::Customers
                         ? std::vector<std::string>{"ps_customer", "ps_customer_group"}
                         : std::vector<std::string>{"ps_address"});
        preload_ = bulk_ != nullptr;
    }
    load_common();
    if (o_.entity == Entity::Customers)
        load_customers();
    else
        load_addresses();
}

void Importer::load_common() {
    Statement langs = db_.prepare("SELECT id_lang FROM ps_lang ORDER BY id_lang");
    while (langs.step())
        langs_.push_back(langs.int64(0));
    prepare(S_CUSTOMER_BY_ID,
            "SELECT email, is_guest, deleted FROM ps_customer WHERE id_customer = ?1");
}

void Importer::load_customers() {
    if (preload_) {
        emails_.reserve(static_cast<std::size_t>(
            db_.scalar_int("SELECT COUNT(*) FROM ps_customer") + table_.rows_estimate));
        Statement st = db_.prepare(
            "SELECT id_customer, email FROM ps_customer WHERE is_guest = 0 AND deleted = 0");
        while (st.step())
            emails_.emplace(ascii_lower(st.text(1)), EmailRef{st.int64(0), 0});
    } else {
        // The '+' keep SQLite on the e-mail index (without them it walks every live customer
        // through the 'deleted' index).
        prepare(S_EMAIL_OWNER, "SELECT id_customer FROM ps_customer WHERE email = ?1 COLLATE "
                               "NOCASE AND +is_guest = 0 AND +deleted = 0 ORDER BY +id_customer "
                               "LIMIT 1");
    }
    Statement blocked = db_.prepare("SELECT email FROM cl_blocked_email");
    while (blocked.step())
        blocked_.insert(ascii_lower(blocked.text(0)));
    Statement groups =
        db_.prepare("SELECT g.id_group, l.name FROM ps_group g LEFT JOIN "
                    "ps_group_lang l ON l.id_group = g.id_group ORDER BY g.id_group");
    while (groups.step()) {
        const std::int64_t id = groups.int64(0);
        group_ids_.insert(id);
        max_group_id_ = std::max(max_group_id_, id);
        if (!groups.is_null(1))
            group_names_.emplace(fold_key(groups.text(1)), id);
    }
    Statement conf =
        db_.prepare("SELECT value FROM ps_configuration WHERE name = 'PS_CUSTOMER_GROUP'");
    if (conf.step()) {
        if (auto id = parse_id(conf.text(0)); id && group_ids_.count(*id))
            default_group_ = *id;
    }
    genders_.emplace("0", 0);
    Statement genders = db_.prepare("SELECT g.id_gender, l.name FROM ps_gender g LEFT JOIN "
                                    "ps_gender_lang l ON l.id_gender = g.id_gender");
    while (genders.step()) {
        const int id = genders.int32(0);
        genders_.emplace(std::to_string(id), id);
        if (!genders.is_null(1))
            genders_.emplace(fold_key(genders.text(1)), id);
    }
    // English spellings PrestaShop files use besides the shop's own titles.
    for (const char* mr : {"mr", "m", "monsieur", "sr", "senor", "herr"})
        genders_.emplace(mr, 1);
    for (const char* ms : {"ms", "mrs", "miss", "mme", "madame", "mlle", "sra", "frau"})
        genders_.emplace(ms, 2);
    if (dry_)
        return;
    prepare(S_INSERT,
            "INSERT INTO ps_customer(id_customer, id_shop_group, id_shop, id_gender, "
            "id_default_group, id_lang, id_risk, company, siret, ape, firstname, lastname, email, "
            "passwd, last_passwd_gen, birthday, newsletter, newsletter_date_add, optin, website, "
            "secure_key, note, active, is_guest, deleted, date_add, date_upd) VALUES (?1, 1, 1, "
            "?2, ?3, 1, 0, NULLIF(?4, ''), NULLIF(?5, ''), NULLIF(?6, ''), ?7, ?8, ?9, ?10, ?11, "
            "NULLIF(?12, ''), ?13, ?14, ?15, NULLIF(?16, ''), ?17, NULLIF(?18, ''), ?19, 0, 0, "
            "?20, ?21)");
    prepare(S_UPDATE,
            "UPDATE ps_customer SET id_gender = COALESCE(?2, id_gender), "
            "id_default_group = COALESCE(?3, id_default_group), "
            "company = CASE WHEN ?4 IS NULL THEN company ELSE NULLIF(?4, '') END, "
            "siret = CASE WHEN ?5 IS NULL THEN siret ELSE NULLIF(?5, '') END, "
            "ape = CASE WHEN ?6 IS NULL THEN ape ELSE NULLIF(?6, '') END, "
            "firstname = COALESCE(?7, firstname), lastname = COALESCE(?8, lastname), "
            "email = COALESCE(?9, email), passwd = COALESCE(?10, passwd), "
            "last_passwd_gen = CASE WHEN ?10 IS NULL THEN last_passwd_gen ELSE ?21 END, "
            "birthday = CASE WHEN ?12 IS NULL THEN birthday ELSE NULLIF(?12, '') END, "
            "newsletter_date_add = CASE WHEN ?13 IS NULL THEN newsletter_date_add WHEN ?13 = 0 "
            "THEN NULL WHEN newsletter = 1 THEN newsletter_date_add ELSE ?21 END, "
            "newsletter = COALESCE(?13, newsletter), optin = COALESCE(?15, optin), "
            "website = CASE WHEN ?16 IS NULL THEN website ELSE NULLIF(?16, '') END, "
            "note = CASE WHEN ?18 IS NULL THEN note ELSE NULLIF(?18, '') END, "
            "active = COALESCE(?19, active), date_add = COALESCE(?20, date_add), date_upd = ?21 "
            "WHERE id_customer = ?1");
    prepare(S_MEMBER_ADD,
            "INSERT OR IGNORE INTO ps_customer_group(id_customer, id_group) VALUES (?1, ?2)");
    prepare(S_MEMBER_REMOVE,
            "DELETE FROM ps_customer_group WHERE id_customer = ?1 AND id_group = ?2");
    prepare(S_MEMBERS, "SELECT id_group FROM ps_customer_group WHERE id_customer = ?1");
    prepare(S_GROUP_INSERT, "INSERT INTO ps_group(reduction, price_display_method, show_prices, "
                            "date_add, date_upd) VALUES (0, 1, 1, ?1, ?1)");
    prepare(S_GROUP_LANG, "INSERT INTO ps_group_lang(id_group, id_lang, name) VALUES (?1, ?2, ?3)");
}

void Importer::load_addresses() {
    // A customer's e-mail: the live account first, then a guest account.
    if (preload_) {
        Statement st = db_.prepare("SELECT id_customer, email FROM ps_customer WHERE deleted = 0 "
                                   "ORDER BY is_guest, id_customer");
        while (st.step())
            customers_by_email_.emplace(ascii_lower(st.text(1)), st.int64(0));
        Statement addresses =
            db_.prepare("SELECT id_address, id_customer, alias, id_country FROM ps_address WHERE "
                        "deleted = 0 AND id_customer > 0 ORDER BY id_address");
        while (addresses.step())
            address_keys_.emplace(std::to_string(addresses.int64(1)) + '\x1f' +
                                      ascii_lower(addresses.text(2)),
                                  AddressRef{addresses.int64(0), addresses.int64(3), 0});
    } else {
        // The '+' keep SQLite on the e-mail and customer indexes.
        prepare(S_CUSTOMER_BY_EMAIL, "SELECT id_customer FROM ps_customer WHERE email = ?1 "
                                     "COLLATE NOCASE AND +deleted = 0 ORDER BY +is_guest, "
                                     "+id_customer LIMIT 1");
        prepare(S_ADDRESS_BY_ALIAS,
                "SELECT id_address, id_country FROM ps_address WHERE id_customer = ?1 AND alias = "
                "?2 COLLATE NOCASE AND +deleted = 0 ORDER BY +id_address LIMIT 1");
    }
    for (Country& c : load_countries(db_)) {
        country_ids_.emplace(c.id, countries_.size());
        country_keys_.emplace(fold_key(c.iso), countries_.size());
        country_isos_.insert(ascii_lower(c.iso));
        max_country_id_ = std::max(max_country_id_, c.id);
        countries_.push_back(std::move(c));
    }
    Statement names = db_.prepare("SELECT id_country, name FROM ps_country_lang");
    while (names.step()) {
        auto it = country_ids_.find(names.int64(0));
        if (it != country_ids_.end())
            country_keys_.emplace(fold_key(names.text(1)), it->second);
    }
    Statement states = db_.prepare("SELECT id_state, id_country, name, iso_code FROM ps_state");
    while (states.step()) {
        const std::int64_t id = states.int64(0), country = states.int64(1);
        state_country_.emplace(id, country);
        state_keys_.emplace(std::to_string(country) + '\x1f' + fold_key(states.text(2)), id);
        state_keys_.emplace(std::to_string(country) + "\x1fiso:" + fold_key(states.text(3)), id);
        max_state_id_ = std::max(max_state_id_, id);
    }
    required_db_ = required_address_fields(db_);
    prepare(S_ADDRESS_BY_ID,
            "SELECT id_customer, id_country, deleted FROM ps_address WHERE id_address = ?1");
    if (dry_)
        return;
    prepare(S_ADDRESS_INSERT,
            "INSERT INTO ps_address(id_address, id_country, id_state, id_customer, alias, company, "
            "lastname, firstname, address1, address2, postcode, city, other, phone, phone_mobile, "
            "vat_number, dni, date_add, date_upd, active) VALUES (?1, ?2, ?3, ?4, ?5, "
            "NULLIF(?6, ''), ?7, ?8, ?9, NULLIF(?10, ''), NULLIF(?11, ''), ?12, NULLIF(?13, ''), "
            "NULLIF(?14, ''), NULLIF(?15, ''), NULLIF(?16, ''), NULLIF(?17, ''), ?18, ?18, "
            "COALESCE(?19, 1))");
    // Two updates: the derived-figures trigger on id_country/id_customer only runs when they
    // change.
    const char* same_owner =
        "UPDATE ps_address SET id_state = CASE WHEN ?20 = 1 THEN id_state ELSE ?3 END, "
        "alias = ?5, company = CASE WHEN ?6 IS NULL THEN company ELSE NULLIF(?6, '') END, "
        "lastname = ?7, firstname = ?8, address1 = ?9, "
        "address2 = CASE WHEN ?10 IS NULL THEN address2 ELSE NULLIF(?10, '') END, "
        "postcode = CASE WHEN ?11 IS NULL THEN postcode ELSE NULLIF(?11, '') END, city = ?12, "
        "other = CASE WHEN ?13 IS NULL THEN other ELSE NULLIF(?13, '') END, "
        "phone = CASE WHEN ?14 IS NULL THEN phone ELSE NULLIF(?14, '') END, "
        "phone_mobile = CASE WHEN ?15 IS NULL THEN phone_mobile ELSE NULLIF(?15, '') END, "
        "vat_number = CASE WHEN ?16 IS NULL THEN vat_number ELSE NULLIF(?16, '') END, "
        "dni = CASE WHEN ?17 IS NULL THEN dni ELSE NULLIF(?17, '') END, date_upd = ?18, "
        "active = COALESCE(?19, active) WHERE id_address = ?1";
    prepare(S_ADDRESS_UPDATE, same_owner);
    std::string moved = same_owner;
    moved.replace(moved.find("SET ") + 4, 0, "id_country = ?2, id_customer = ?4, deleted = 0, ");
    st_[S_ADDRESS_UPDATE_MOVED].emplace(db_.prepare(moved));
    prepare(S_COUNTRY_INSERT,
            "INSERT INTO ps_country(id_zone, iso_code, call_prefix, active, contains_states, "
            "need_identification_number, need_zip_code, zip_code_format) VALUES (?1, ?2, 0, 1, "
            "0, 0, 1, '')");
    prepare(S_COUNTRY_LANG,
            "INSERT INTO ps_country_lang(id_country, id_lang, name) VALUES (?1, ?2, ?3)");
    prepare(S_STATE_INSERT, "INSERT INTO ps_state(id_country, id_zone, name, iso_code, active) "
                            "VALUES (?1, ?2, ?3, ?4, 1)");
}

bool Importer::will_hash(const csv::Record& rec) const {
    if (dry_ || o_.entity != Entity::Customers || !mapped(C_PASSWD))
        return false;
    const auto c = static_cast<std::size_t>(col_[C_PASSWD]);
    if (c >= rec.fields.size())
        return false;
    const std::string_view p = trim(rec.fields[c]);
    return !p.empty() && !password::looks_like_hash(p);
}

std::optional<bool> Importer::flag(Row& r, int f) {
    const std::string_view s = cell(r, f);
    if (s.empty())
        return std::nullopt;
    if (s == "1" || s == "0")
        return s == "1";
    const std::string k = fold_key(s);
    if (k == "1" || k == "yes" || k == "true" || k == "oui" || k == "si" || k == "y")
        return true;
    if (k == "0" || k == "no" || k == "false" || k == "non" || k == "n")
        return false;
    fail(r, f, "invalid value " + quoted(s) + " for " + def(f).label + ": expected 0 or 1");
    return std::nullopt;
}

// A text field: required when asked, checked with `valid` and a length in code points.
void Importer::text_field(Row& r, int f, bool (*valid)(std::string_view), std::size_t max_length,
                          const char* what, bool required) {
    const std::string_view s = cell(r, f);
    if (s.empty()) {
        if (required)
            fail(r, f, std::string(what) + " is required");
        return;
    }
    if (!valid(s))
        fail(r, f, std::string("invalid ") + what + " " + quoted(s));
    else if (s.size() > max_length && !v::fits_length(s, max_length)) // bytes >= code points
        fail(r, f,
             std::string(what) + " is longer than " + std::to_string(max_length) + " characters");
}

void Importer::audit_row(const char* action, const char* table, const nlohmann::json& key,
                         std::int64_t entity_id, const nlohmann::json& before,
                         const std::string& summary) {
    if (!undoable_)
        return;
    nlohmann::json after = audit::snapshot(db_, table, key);
    if (before != after)
        audit::record(db_, batch_, action, table, entity_id, before, after, summary);
}

// --- lookups ---

// The live non-guest account with this e-mail, or a row of the file that took it; null when
// the e-mail is free.
const Importer::EmailRef* Importer::account(const std::string& lower) {
    auto it = emails_.find(lower);
    if (it == emails_.end() && !preload_) {
        Statement& q = st(S_EMAIL_OWNER);
        q.reset();
        bind_view(q, 1, lower);
        it = emails_.emplace(lower, EmailRef{q.step() ? q.int64(0) : 0, 0}).first;
        q.reset();
    }
    return it == emails_.end() || (it->second.id == 0 && it->second.line == 0) ? nullptr
                                                                               : &it->second;
}

// Customer `id` no longer uses this e-mail (an update changed it): another row may take it.
void Importer::release_email(const std::string& lower, std::int64_t id) {
    auto it = emails_.find(lower);
    if (it == emails_.end() || it->second.id == id)
        emails_.insert_or_assign(lower, EmailRef{0, 0});
}

std::int64_t Importer::customer_by_email(const std::string& lower) {
    auto it = customers_by_email_.find(lower);
    if (it == customers_by_email_.end() && !preload_) {
        Statement& q = st(S_CUSTOMER_BY_EMAIL);
        q.reset();
        bind_view(q, 1, lower);
        it = customers_by_email_.emplace(lower, q.step() ? q.int64(0) : 0).first;
        q.reset();
    }
    return it == customers_by_email_.end() ? 0 : it->second;
}

const Importer::AddressRef*
Importer::address_by_alias(const std::string& key, std::int64_t customer, std::string_view alias) {
    auto it = address_keys_.find(key);
    if (it == address_keys_.end() && !preload_) {
        Statement& q = st(S_ADDRESS_BY_ALIAS);
        q.reset();
        q.bind(1, customer);
        bind_view(q, 2, alias);
        AddressRef ref;
        if (q.step())
            ref = AddressRef{q.int64(0), q.int64(1), 0};
        q.reset();
        it = address_keys_.emplace(key, ref).first;
    }
    return it == address_keys_.end() || it->second.id == 0 ? nullptr : &it->second;
}

// --- customers ---

std::int64_t Importer::resolve_group(Row& r, int f, std::string_view token,
                                     std::vector<PendingName>& pending) {
    if (all_digits(token)) {
        const auto id = parse_id(token);
        if (id && group_ids_.count(*id))
            return *id;
        for (const PendingName& p : pending)
            if (id && p.predicted == *id)
                return *id;
        fail(r, f, "unknown group ID " + quoted(token));
        return 0;
    }
    // Files name the same few groups on every row.
    if (token == last_group_token_)
        return last_group_id_;
    const std::string key = fold_key(token);
    if (auto it = group_names_.find(key); it != group_names_.end()) {
        last_group_token_.assign(token);
        last_group_id_ = it->second;
        return it->second;
    }
    for (const PendingName& p : pending)
        if (p.key == key)
            return p.predicted;
    // PrestaShop creates the groups a file names; ps_group_lang.name is 32 characters.
    if (key.empty() || !v::is_generic_name(token) || !v::fits_length(token, 32)) {
        fail(r, f, "invalid group name " + quoted(token));
        return 0;
    }
    pending.push_back(
        {std::string(token), key, max_group_id_ + static_cast<std::int64_t>(pending.size()) + 1});
    return pending.back().predicted;
}

std::int64_t Importer::create_group(const PendingName& p) {
    std::int64_t id = max_group_id_ + 1;
    if (!dry_) {
        Statement& ins = st(S_GROUP_INSERT);
        ins.reset();
        ins.bind_all(now_).run();
        id = db_.last_insert_id();
        Statement& lang = st(S_GROUP_LANG);
        for (std::int64_t l : langs_) {
            lang.reset();
            lang.bind_all(id, l, p.name).run();
        }
        audit_row("create", "ps_group", {{"id_group", id}}, 0, nullptr, "group created: " + p.name);
        for (std::int64_t l : langs_)
            audit_row("create", "ps_group_lang", {{"id_group", id}, {"id_lang", l}}, 0, nullptr,
                      "group created: " + p.name);
        ++groups_created;
    }
    max_group_id_ = std::max(max_group_id_, id);
    group_ids_.insert(id);
    group_names_.emplace(p.key, id);
    return id;
}

void Importer::write_memberships(std::int64_t id, const std::vector<std::int64_t>& groups,
                                 bool replace) {
    std::vector<std::int64_t> current;
    if (replace) {
        Statement& members = st(S_MEMBERS);
        members.reset();
        members.bind(1, id);
        while (members.step())
            current.push_back(members.int64(0));
        members.reset();
        Statement& remove = st(S_MEMBER_REMOVE);
        for (std::int64_t g : current) {
            if (std::find(groups.begin(), groups.end(), g) != groups.end())
                continue;
            remove.reset();
            remove.bind_all(id, g).run();
            if (undoable_)
                audit::record(db_, batch_, "delete", "ps_customer_group", id,
                              {{"id_customer", id}, {"id_group", g}}, nullptr, "group removed");
        }
    }
    Statement& add = st(S_MEMBER_ADD);
    for (std::int64_t g : groups) {
        if (std::find(current.begin(), current.end(), g) != current.end())
            continue;
        add.reset();
        add.bind_all(id, g).run();
        if (undoable_ && db_.changes() > 0)
            audit::record(db_, batch_, "create", "ps_customer_group", id, nullptr,
                          {{"id_customer", id}, {"id_group", g}}, "group added");
    }
}

Importer::Outcome Importer::customer_row(Row& r) {
    Outcome out;
    // The account this row updates, if any.
    std::int64_t target = 0, explicit_id = 0;
    bool target_guest = false;
    std::string target_email;

    const std::string_view email = cell(r, C_EMAIL);
    const bool email_ok = !email.empty() && v::is_email(email) &&
                          (email.size() <= v::limits::kCustomerEmail ||
                           v::fits_length(email, v::limits::kCustomerEmail));
    if (email.empty())
        fail(r, C_EMAIL, "e-mail address is required");
    else if (!email_ok)
        fail(r, C_EMAIL, "invalid e-mail address " + quoted(email));
    std::string lower = ascii_lower(email);

    if (o_.match == Match::Id && !cell(r, C_ID).empty()) {
        const auto id = parse_id(cell(r, C_ID));
        if (!id || *id == 0) {
            fail(r, C_ID, "invalid customer ID " + quoted(cell(r, C_ID)));
        } else if (auto dup = file_ids_.find(*id); dup != file_ids_.end()) {
            fail(r, C_ID,
                 "customer ID " + std::to_string(*id) +
                     " appears twice in the file (first on line " + std::to_string(dup->second) +
                     ")");
        } else {
            Statement& q = st(S_CUSTOMER_BY_ID);
            q.reset();
            q.bind(1, *id);
            if (q.step()) {
                if (q.int64(2) != 0) {
                    fail(r, C_ID,
                         "customer #" + std::to_string(*id) +
                             " was deleted; an import cannot update it");
                } else {
                    target = *id;
                    target_email = q.text(0);
                    target_guest = q.int64(1) != 0;
                }
            } else {
                explicit_id = *id;
            }
            q.reset();
        }
    }
    if (email_ok) {
        const EmailRef* owner = account(lower);
        if (owner && owner->line > 0) {
            fail(r, C_EMAIL,
                 "e-mail address " + quoted(email) + " appears twice in the file (first on line " +
                     std::to_string(owner->line) + ")");
        } else if (o_.match == Match::Email) {
            if (owner)
                target = owner->id;
        } else if (owner && owner->id != target && !target_guest) {
            fail(r, C_EMAIL,
                 "e-mail address " + quoted(email) + " is already used by customer #" +
                     std::to_string(owner->id));
        }
        if (target == 0 && blocked_.count(lower))
            fail(r, C_EMAIL,
                 "e-mail address " + quoted(email) +
                     " belongs to a deleted account and cannot register again");
    }
    const bool update = target != 0;

    text_field(r, C_LASTNAME, v::is_customer_name, v::limits::kCustomerLastname, "last name", true);
    text_field(r, C_FIRSTNAME, v::is_customer_name, v::limits::kCustomerFirstname, "first name",
               true);

    std::optional<std::string_view> passwd;
    if (const std::string_view p = cell(r, C_PASSWD); !p.empty()) {
        if (password::looks_like_hash(p) || v::is_passwd(p))
            passwd = p;
        else // never repeat the password itself
            fail(r, C_PASSWD, "password must have at least 5 characters (and at most 72 bytes)");
    }

    std::optional<std::string_view> birthday;
    if (mapped(C_BIRTHDAY)) {
        const std::string_view b = cell(r, C_BIRTHDAY);
        if (b.empty() || b == "0000-00-00")
            birthday = std::string_view();
        else if (!v::is_birth_date(b, today_))
            fail(r, C_BIRTHDAY,
                 "invalid birth date " + quoted(b) + " (expected yyyy-mm-dd, not in the future)");
        else
            birthday = b;
    }

    const std::optional<bool> active = flag(r, C_ACTIVE);
    const std::optional<bool> newsletter = flag(r, C_NEWSLETTER);
    const std::optional<bool> optin = flag(r, C_OPTIN);

    std::optional<int> gender;
    if (const std::string_view g = cell(r, C_GENDER); !g.empty()) {
        auto it = genders_.find(all_digits(g) ? std::string(g) : fold_key(g));
        if (it == genders_.end())
            fail(r, C_GENDER, "unknown title " + quoted(g) + " (1 for Mr, 2 for Ms, 0 for none)");
        else
            gender = it->second;
    }

    std::optional<std::string_view> date_add;
    if (const std::string_view d = cell(r, C_DATE_ADD); !d.empty() && d != "0000-00-00") {
        if (v::is_date(d)) {
            scratch_date_.assign(d);
            scratch_date_ += " 00:00:00";
            date_add = scratch_date_;
        } else if (v::is_datetime(d)) {
            date_add = d;
        } else {
            fail(r, C_DATE_ADD,
                 "invalid registration date " + quoted(d) + " (expected yyyy-mm-dd)");
        }
    }

    text_field(r, C_COMPANY, v::is_generic_name, v::limits::kCustomerCompany, "company", false);
    if (const std::string_view s = cell(r, C_SIRET); !s.empty() && !v::is_siret(s))
        fail(r, C_SIRET, "invalid SIRET " + quoted(s) + " (14 digits with a valid checksum)");
    if (const std::string_view s = cell(r, C_APE); !s.empty() && !v::is_ape(s))
        fail(r, C_APE, "invalid APE code " + quoted(s) + " (e.g. 6201Z)");
    text_field(r, C_WEBSITE, v::is_absolute_url, v::limits::kCustomerWebsite, "website", false);
    if (const std::string_view s = cell(r, C_NOTE);
        !s.empty() && !v::fits_length(s, v::limits::kCustomerNote))
        fail(r, C_NOTE, "private note is too long");

    // Groups: names or ids, comma-separated; unknown names are created (PrestaShop does).
    std::vector<PendingName> pending;
    std::vector<std::int64_t> groups;
    bool groups_given = false;
    if (const std::string_view list = cell(r, C_GROUPS); !list.empty()) {
        std::size_t from = 0;
        while (from <= list.size()) {
            std::size_t comma = list.find(',', from);
            if (comma == std::string_view::npos)
                comma = list.size();
            const std::string_view token = trim(list.substr(from, comma - from));
            from = comma + 1;
            if (token.empty())
                continue;
            const std::int64_t id = resolve_group(r, C_GROUPS, token, pending);
            if (id && std::find(groups.begin(), groups.end(), id) == groups.end())
                groups.push_back(id);
        }
        groups_given = !groups.empty();
    }
    std::optional<std::int64_t> default_group;
    if (const std::string_view d = cell(r, C_DEFAULT_GROUP); !d.empty()) {
        const std::size_t errors_before = r.errors.size();
        const std::int64_t id = resolve_group(r, C_DEFAULT_GROUP, d, pending);
        if (id)
            default_group = id;
        else if (r.errors.size() > errors_before && all_digits(d))
            r.errors.back().reason = "unknown default group ID " + quoted(d);
    } else if (groups_given) {
        default_group = groups.front();
    } else if (!update) {
        default_group = default_group_;
    }
    if (default_group && std::find(groups.begin(), groups.end(), *default_group) == groups.end())
        groups.push_back(*default_group);

    if (!r.errors.empty())
        return out;
    out.kind = update ? Kind::Updated : Kind::Inserted;
    const std::int64_t line = r.rec->line;
    if (dry_) {
        for (const PendingName& p : pending)
            create_group(p);
        if (update && !target_email.empty() && ascii_lower(target_email) != lower)
            release_email(ascii_lower(target_email), target);
        emails_.insert_or_assign(lower, EmailRef{update ? target : -line, line});
        if (explicit_id)
            file_ids_.emplace(explicit_id, line);
        if (update && o_.match == Match::Id)
            file_ids_.emplace(target, line);
        return out;
    }

    // --- write ---
    for (const PendingName& p : pending) {
        const std::int64_t id = create_group(p);
        if (id != p.predicted) { // another writer took the id in between: follow the real one
            std::replace(groups.begin(), groups.end(), p.predicted, id);
            if (default_group == p.predicted)
                default_group = id;
        }
    }
    std::string hash;
    if (passwd) {
        if (password::looks_like_hash(*passwd)) {
            hash.assign(*passwd);
        } else {
            const auto start = std::chrono::steady_clock::now();
            hash = password::hash(*passwd, o_.password_cost);
            const double ms =
                std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start)
                    .count();
            hash_ms_ = hash_ms_ == 0 ? ms : 0.7 * hash_ms_ + 0.3 * ms;
        }
    }

    auto bind_common = [&](Statement& s) {
        s.reset();
        if (gender)
            s.bind(2, static_cast<std::int64_t>(*gender));
        if (default_group)
            s.bind(3, *default_group);
        for (auto [f, index] : {std::pair<int, int>{C_COMPANY, 4},
                                {C_SIRET, 5},
                                {C_APE, 6},
                                {C_WEBSITE, 16},
                                {C_NOTE, 18}})
            if (mapped(f))
                bind_view(s, index, cell(r, f));
        bind_view(s, 7, cell(r, C_FIRSTNAME));
        bind_view(s, 8, cell(r, C_LASTNAME));
        bind_view(s, 9, email);
        if (passwd)
            bind_view(s, 10, hash);
        if (birthday)
            bind_view(s, 12, *birthday);
        if (newsletter)
            s.bind(13, *newsletter);
        if (optin)
            s.bind(15, *optin);
        if (active)
            s.bind(19, *active);
        if (date_add)
            bind_view(s, 20, *date_add);
        bind_view(s, 21, now_);
    };

    std::int64_t id = target;
    const std::string name =
        undoable_ ? std::string(cell(r, C_FIRSTNAME)) + " " + std::string(cell(r, C_LASTNAME))
                  : std::string();
    if (update) {
        nlohmann::json before;
        if (undoable_)
            before = audit::snapshot(db_, "ps_customer", {{"id_customer", id}});
        Statement& s = st(S_UPDATE);
        bind_common(s);
        s.bind(1, id);
        s.run();
        if (undoable_)
            audit_row("update", "ps_customer", {{"id_customer", id}}, id, before,
                      "customer updated by an import: " + name);
        write_memberships(id, groups, groups_given);
        if (!target_email.empty() && ascii_lower(target_email) != lower)
            release_email(ascii_lower(target_email), id);
    } else {
        Statement& s = st(S_INSERT);
        bind_common(s);
        if (explicit_id)
            s.bind(1, explicit_id);
        if (!gender)
            s.bind(2, std::int64_t{0});
        if (!passwd)
            s.bind(10, "");
        else
            s.bind(11, now_);
        if (!newsletter)
            s.bind(13, false);
        else if (*newsletter)
            s.bind(14, now_);
        if (!optin)
            s.bind(15, false);
        s.bind(17, secure_key());
        if (!active)
            s.bind(19, true);
        if (!date_add)
            s.bind(20, now_);
        s.run();
        id = db_.last_insert_id();
        if (undoable_)
            audit_row("create", "ps_customer", {{"id_customer", id}}, id, nullptr,
                      "customer imported: " + name);
        write_memberships(id, groups, false);
    }
    if (!target_guest)
        emails_.insert_or_assign(std::move(lower), EmailRef{id, line});
    if (o_.match == Match::Id)
        file_ids_.emplace(id, line);
    return out;
}

// --- addresses ---

std::int64_t Importer::unassigned_zone() {
    if (zone_)
        return zone_;
    Statement find = db_.prepare("SELECT id_zone FROM ps_zone WHERE name = 'Unassigned'");
    if (find.step()) {
        zone_ = find.int64(0);
    } else {
        db_.exec("INSERT INTO ps_zone(name, active) VALUES ('Unassigned', 1)");
        zone_ = db_.last_insert_id();
        audit_row("create", "ps_zone", {{"id_zone", zone_}}, 0, nullptr, "zone created");
    }
    return zone_;
}

// PrestaShop takes the name's first two letters; ours must also be unique (ps_country.iso_code).
std::string Importer::new_country_iso(const std::string& name) {
    std::string letters;
    for (char c : fold_key(name))
        if (c >= 'a' && c <= 'z')
            letters += static_cast<char>(c - 'a' + 'A');
    std::vector<std::string> candidates;
    if (letters.size() >= 2) {
        for (std::size_t k = 1; k < letters.size(); ++k)
            candidates.push_back(std::string{letters[0], letters[k]});
    }
    const char first = letters.empty() ? 'X' : letters[0];
    for (char c = 'A'; c <= 'Z'; ++c)
        candidates.push_back(std::string{first, c});
    for (char a = 'A'; a <= 'Z'; ++a)
        for (char b = 'A'; b <= 'Z'; ++b)
            candidates.push_back(std::string{a, b});
    for (const std::string& iso : candidates)
        if (!country_isos_.count(ascii_lower(iso)))
            return iso;
    throw std::runtime_error("import: no two-letter ISO code left for a new country");
}

std::int64_t Importer::create_country(const PendingName& p) {
    Country c;
    c.iso = new_country_iso(p.name);
    c.name = p.name;
    c.id = max_country_id_ + 1;
    if (!dry_) {
        c.zone = unassigned_zone();
        Statement& ins = st(S_COUNTRY_INSERT);
        ins.reset();
        ins.bind_all(c.zone, c.iso).run();
        c.id = db_.last_insert_id();
        Statement& lang = st(S_COUNTRY_LANG);
        for (std::int64_t l : langs_) {
            lang.reset();
            lang.bind_all(c.id, l, p.name).run();
        }
        audit_row("create", "ps_country", {{"id_country", c.id}}, 0, nullptr,
                  "country created: " + p.name);
        for (std::int64_t l : langs_)
            audit_row("create", "ps_country_lang", {{"id_country", c.id}, {"id_lang", l}}, 0,
                      nullptr, "country created: " + p.name);
        ++countries_created;
    }
    max_country_id_ = std::max(max_country_id_, c.id);
    country_isos_.insert(ascii_lower(c.iso));
    country_ids_.emplace(c.id, countries_.size());
    country_keys_.emplace(p.key, countries_.size());
    countries_.push_back(c);
    return c.id;
}

std::int64_t Importer::create_state(const PendingName& p, std::int64_t id_country) {
    std::string iso;
    for (char c : fold_key(p.name))
        if (c >= 'a' && c <= 'z' && iso.size() < 2)
            iso += static_cast<char>(c - 'a' + 'A');
    if (iso.empty())
        iso = "XX";
    std::int64_t id = max_state_id_ + 1;
    if (!dry_) {
        auto c = country_ids_.find(id_country);
        const std::int64_t zone = c != country_ids_.end() && countries_[c->second].zone
                                      ? countries_[c->second].zone
                                      : unassigned_zone();
        Statement& ins = st(S_STATE_INSERT);
        ins.reset();
        ins.bind_all(id_country, zone, p.name, iso).run();
        id = db_.last_insert_id();
        audit_row("create", "ps_state", {{"id_state", id}}, 0, nullptr, "state created: " + p.name);
        ++states_created;
    }
    max_state_id_ = std::max(max_state_id_, id);
    state_country_.emplace(id, id_country);
    state_keys_.emplace(std::to_string(id_country) + '\x1f' + p.key, id);
    return id;
}

Importer::Outcome Importer::address_row(Row& r) {
    Outcome out;
    const std::string_view email = cell(r, A_EMAIL);
    const std::string_view customer_id = cell(r, A_CUSTOMER);
    if (email.empty() && customer_id.empty()) {
        const std::string_view brand = cell(r, A_MANUFACTURER), supplier = cell(r, A_SUPPLIER);
        if (!brand.empty() || !supplier.empty()) {
            out.kind = Kind::Skipped;
            out.skip_reason =
                (!brand.empty() ? "brand address (manufacturer " + quoted(brand) + ")"
                                : "supplier address (supplier " + quoted(supplier) + ")") +
                ": only customer addresses are imported";
            return out;
        }
        fail(r, A_EMAIL, "customer e-mail address is required");
    }
    std::int64_t customer = 0;
    if (!email.empty()) {
        if (!v::is_email(email)) {
            fail(r, A_EMAIL, "invalid e-mail address " + quoted(email));
        } else if (const std::int64_t id = customer_by_email(ascii_lower(email)); id) {
            customer = id;
        } else {
            fail(r, A_EMAIL, "no customer with e-mail address " + quoted(email));
        }
    } else if (!customer_id.empty()) {
        const auto id = parse_id(customer_id);
        bool found = false;
        if (id) {
            Statement& q = st(S_CUSTOMER_BY_ID);
            q.reset();
            q.bind(1, *id);
            found = q.step() && q.int64(2) == 0;
            q.reset();
        }
        if (found)
            customer = *id;
        else
            fail(r, A_CUSTOMER, "no customer with ID " + quoted(customer_id));
    }

    const std::optional<bool> active = flag(r, A_ACTIVE);

    // Country: an id, an ISO code or a name in any language; created when unknown.
    const Country* country = nullptr;
    std::optional<PendingName> new_country;
    if (const std::string_view c = cell(r, A_COUNTRY); c.empty()) {
        fail(r, A_COUNTRY, "country is required");
    } else if (all_digits(c)) {
        const auto id = parse_id(c);
        auto it = id ? country_ids_.find(*id) : country_ids_.end();
        if (it == country_ids_.end())
            fail(r, A_COUNTRY, "unknown country ID " + quoted(c));
        else
            country = &countries_[it->second];
    } else if (auto it = country_keys_.find(fold_key(c)); it != country_keys_.end()) {
        country = &countries_[it->second];
    } else if (fold_key(c).empty() || !v::is_generic_name(c) || !v::fits_length(c, 64)) {
        fail(r, A_COUNTRY, "invalid country name " + quoted(c));
    } else {
        new_country = PendingName{std::string(c), fold_key(c), 0};
    }

    // State: an id, an ISO code or a name of the country's states; created when unknown.
    std::optional<std::int64_t> state;
    std::optional<PendingName> new_state;
    if (const std::string_view s = cell(r, A_STATE); !s.empty()) {
        if (all_digits(s)) {
            const auto id = parse_id(s);
            auto it = id ? state_country_.find(*id) : state_country_.end();
            if (it == state_country_.end())
                fail(r, A_STATE, "unknown state ID " + quoted(s));
            else if (country && it->second != country->id)
                fail(r, A_STATE, "state " + quoted(s) + " is not in " + country->name);
            else
                state = *id;
        } else if (!v::is_generic_name(s) || !v::fits_length(s, 64) || fold_key(s).empty()) {
            fail(r, A_STATE, "invalid state name " + quoted(s));
        } else {
            if (country) {
                const std::string prefix = std::to_string(country->id) + '\x1f';
                auto it = state_keys_.find(prefix + fold_key(s));
                if (it == state_keys_.end())
                    it = state_keys_.find(prefix + "iso:" + fold_key(s));
                if (it != state_keys_.end())
                    state = it->second;
            }
            if (!state)
                new_state = PendingName{std::string(s), fold_key(s), 0};
        }
    }

    // The field rules the address form uses too (core/addresses.h), with the shop's required
    // fields; the country's rules when the country is known.
    {
        AddressFields in;
        in.alias = cell(r, A_ALIAS);
        in.company = cell(r, A_COMPANY);
        in.lastname = cell(r, A_LASTNAME);
        in.firstname = cell(r, A_FIRSTNAME);
        in.address1 = cell(r, A_ADDRESS1);
        in.address2 = cell(r, A_ADDRESS2);
        in.postcode = cell(r, A_POSTCODE);
        in.city = cell(r, A_CITY);
        in.other = cell(r, A_OTHER);
        in.phone = cell(r, A_PHONE);
        in.phone_mobile = cell(r, A_MOBILE);
        in.vat_number = cell(r, A_VAT);
        in.dni = cell(r, A_DNI);
        in.has_state = !cell(r, A_STATE).empty();
        for (FieldError& e : check_address_fields(in, country, required_db_))
            fail(r, e.field == "id_state" ? A_STATE : field_index(Entity::Addresses, e.field),
                 std::move(e.message));
    }

    // The address this row updates, if any.
    std::int64_t target = 0, explicit_id = 0, target_country = 0;
    bool target_moved = false;
    std::string key;
    if (o_.match == Match::Id && !cell(r, A_ID).empty()) {
        const auto id = parse_id(cell(r, A_ID));
        if (!id || *id == 0) {
            fail(r, A_ID, "invalid address ID " + quoted(cell(r, A_ID)));
        } else if (auto dup = file_address_ids_.find(*id); dup != file_address_ids_.end()) {
            fail(r, A_ID,
                 "address ID " + std::to_string(*id) +
                     " appears twice in the file (first on line " + std::to_string(dup->second) +
                     ")");
        } else {
            Statement& q = st(S_ADDRESS_BY_ID);
            q.reset();
            q.bind(1, *id);
            if (q.step()) {
                target = *id;
                target_moved = q.int64(0) != customer || q.int64(2) != 0;
                target_country = q.int64(1);
            } else {
                explicit_id = *id;
            }
            q.reset();
        }
    } else if (o_.match == Match::Email && customer) {
        key = std::to_string(customer) + '\x1f' + ascii_lower(cell(r, A_ALIAS));
        if (const AddressRef* found = address_by_alias(key, customer, cell(r, A_ALIAS))) {
            if (found->line > 0) {
                fail(r, A_ALIAS,
                     "alias " + quoted(cell(r, A_ALIAS)) +
                         " is used twice for this customer in the file (first on "
                         "line " +
                         std::to_string(found->line) + ")");
            } else {
                target = found->id;
                target_country = found->id_country;
            }
        }
    }

    if (!r.errors.empty())
        return out;
    out.kind = target ? Kind::Updated : Kind::Inserted;
    const std::int64_t line = r.rec->line;

    std::int64_t id_country = country ? country->id : 0;
    if (new_country)
        id_country = create_country(*new_country);
    if (new_state) {
        // A state of a new country, or a new state of a known country.
        const std::string k = std::to_string(id_country) + '\x1f' + new_state->key;
        auto it = state_keys_.find(k);
        state = it != state_keys_.end() ? it->second : create_state(*new_state, id_country);
    }
    if (dry_) {
        if (!key.empty())
            address_keys_[key] = AddressRef{target ? target : -line, id_country, line};
        if (o_.match == Match::Id)
            file_address_ids_.emplace(target ? target : explicit_id ? explicit_id : -line, line);
        return out;
    }

    auto bind = [&](Statement& s) {
        s.reset();
        s.bind(2, id_country);
        if (state)
            s.bind(3, *state);
        s.bind(4, customer);
        bind_view(s, 5, cell(r, A_ALIAS));
        for (auto [f, index] : {std::pair<int, int>{A_COMPANY, 6},
                                {A_ADDRESS2, 10},
                                {A_POSTCODE, 11},
                                {A_OTHER, 13},
                                {A_PHONE, 14},
                                {A_MOBILE, 15},
                                {A_VAT, 16},
                                {A_DNI, 17}})
            if (mapped(f))
                bind_view(s, index, cell(r, f));
        bind_view(s, 7, cell(r, A_LASTNAME));
        bind_view(s, 8, cell(r, A_FIRSTNAME));
        bind_view(s, 9, cell(r, A_ADDRESS1));
        bind_view(s, 12, cell(r, A_CITY));
        bind_view(s, 18, now_);
        if (active)
            s.bind(19, *active);
    };
    std::int64_t id = target;
    if (target) {
        nlohmann::json before;
        if (undoable_)
            before = audit::snapshot(db_, "ps_address", {{"id_address", id}});
        Statement& s = st(target_moved || target_country != id_country ? S_ADDRESS_UPDATE_MOVED
                                                                       : S_ADDRESS_UPDATE);
        bind(s);
        s.bind(1, id);
        s.bind(20, !mapped(A_STATE));
        s.run();
        if (undoable_)
            audit_row("update", "ps_address", {{"id_address", id}}, customer, before,
                      "address updated by an import: " + std::string(cell(r, A_ALIAS)));
    } else {
        Statement& s = st(S_ADDRESS_INSERT);
        bind(s);
        if (explicit_id)
            s.bind(1, explicit_id);
        s.run();
        id = db_.last_insert_id();
        if (undoable_)
            audit_row("create", "ps_address", {{"id_address", id}}, customer, nullptr,
                      "address imported: " + std::string(cell(r, A_ALIAS)));
    }
    if (!key.empty())
        address_keys_[key] = AddressRef{id, id_country, line};
    if (o_.match == Match::Id)
        file_address_ids_.emplace(id, line);
    return out;
}

Importer::Outcome Importer::process(const csv::Record& rec) {
    Row r;
    r.rec = &rec;
    // Empty cells after the last column are a trailing delimiter (PrestaShop's own sample
    // files end every row with ';'), not extra data.
    std::size_t used = rec.fields.size();
    while (used > table_.headers.size() && trim(rec.fields[used - 1]).empty())
        --used;
    if (used != table_.headers.size()) {
        fail(r, -1,
             "the row has " + std::to_string(used) + " columns, the header has " +
                 std::to_string(table_.headers.size()));
        return Outcome{Kind::Invalid, std::move(r.errors), {}};
    }
    if (!rec.error.empty()) {
        fail(r, -1, rec.error);
        return Outcome{Kind::Invalid, std::move(r.errors), {}};
    }
    Outcome out = o_.entity == Entity::Customers ? customer_row(r) : address_row(r);
    out.errors = std::move(r.errors);
    if (!out.errors.empty())
        out.kind = Kind::Invalid;
    return out;
}

bool Importer::commit_step(const Report& report, std::chrono::steady_clock::time_point deadline) {
    if (report.imported == 0 && report.updated == 0) {
        // Nothing changed (every row invalid or skipped): no empty batch in the undo history.
        finalize();
        tx_.reset();
        return true;
    }
    if (bulk_ && !bulk_->finish_step(deadline))
        return false;
    std::string summary = std::string("import of ") + entity_name(o_.entity) + ": " +
                          std::to_string(report.imported) + " new, " +
                          std::to_string(report.updated) + " updated";
    if (!undoable_)
        summary += " (too many rows to undo)";
    db_.prepare("UPDATE cl_audit SET summary = ?1 WHERE id = ?2").bind_all(summary, marker_).run();
    finalize();
    source_.reset();
    tx_->commit();
    tx_.reset();
    return true;
}

// --- 5. preview -------------------------------------------------------------------------------

std::vector<PreviewRow> preview(Database& db, const Options& options, const std::string& bytes,
                                int rows) {
    Importer engine(db, options, /*dry=*/true);
    // The first rows of a big file are in its first megabytes: read those only (cut after a
    // line break), so that changing the mapping of a big file stays quick.
    constexpr std::size_t kHead = 4 << 20;
    std::size_t cut = bytes.size();
    if (cut > kHead) {
        const std::size_t nl = bytes.rfind('\n', kHead);
        cut = nl == std::string::npos ? cut : nl + 1;
    }
    engine.open(bytes.substr(0, cut), /*strict=*/false);
    const auto& defs = fields(options.entity);
    std::vector<PreviewRow> out;
    csv::Record rec;
    while (static_cast<int>(out.size()) < rows) {
        try {
            if (!engine.next(rec))
                break;
        } catch (const csv::ReadError& e) {
            PreviewRow p;
            p.line = e.line();
            p.row_error = e.reason();
            out.push_back(std::move(p));
            break;
        }
        Importer::Outcome o = engine.process(rec);
        PreviewRow p;
        p.line = rec.line;
        for (std::size_t f = 0; f < defs.size(); ++f) {
            const int c = engine.column_of(static_cast<int>(f));
            if (c < 0)
                continue;
            CellCheck cell;
            cell.field = defs[f].id;
            if (static_cast<std::size_t>(c) < rec.fields.size())
                cell.value = std::string(trim(rec.fields[static_cast<std::size_t>(c)]));
            if (defs[f].id == "passwd" && !cell.value.empty() &&
                !password::looks_like_hash(cell.value))
                cell.value = "********"; // a plain password is not shown on screen
            p.cells.push_back(std::move(cell));
        }
        for (const RowError& e : o.errors) {
            auto it = std::find_if(p.cells.begin(), p.cells.end(),
                                   [&](const CellCheck& c) { return c.field == e.field; });
            std::string& target = it != p.cells.end() ? it->error : p.row_error;
            std::string reason = e.reason;
            if (it == p.cells.end() && !e.field.empty()) {
                const int f = field_index(options.entity, e.field);
                reason = (f >= 0 ? defs[static_cast<std::size_t>(f)].label : e.field) + ": " +
                         reason + " (no column is mapped to it)";
            }
            target += (target.empty() ? "" : "; ") + reason;
        }
        switch (o.kind) {
        case Importer::Kind::Inserted:
            p.action = "insert";
            break;
        case Importer::Kind::Updated:
            p.action = "update";
            break;
        case Importer::Kind::Skipped:
            p.action = "skip";
            p.row_error = o.skip_reason;
            break;
        case Importer::Kind::Invalid:
            break;
        }
        out.push_back(std::move(p));
    }
    return out;
}

std::vector<PreviewRow> preview(Database& db, Entity entity, const std::string& bytes,
                                const std::vector<std::string>& mapping, int rows) {
    Options o;
    o.entity = entity;
    o.mapping = mapping;
    return preview(db, o, bytes, rows);
}

// --- 6. report --------------------------------------------------------------------------------

namespace {
std::string json_string(const std::string& s) {
    return nlohmann::json(s).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}
} // namespace

std::string Report::to_json() const {
    std::string out = "{\"imported\": " + std::to_string(imported) +
                      ", \"updated\": " + std::to_string(updated) +
                      ", \"skipped\": " + std::to_string(skipped) + ", \"errors\": [";
    for (std::size_t i = 0; i < errors.size(); ++i) {
        const RowError& e = errors[i];
        out += (i ? ", " : "") + std::string("{\"line\": ") + std::to_string(e.line) +
               ", \"field\": " + json_string(e.field) + ", \"reason\": " + json_string(e.reason) +
               "}";
    }
    out += "], \"skipped_rows\": [";
    for (std::size_t i = 0; i < skipped_rows.size(); ++i) {
        const RowError& e = skipped_rows[i];
        out += (i ? ", " : "") + std::string("{\"line\": ") + std::to_string(e.line) +
               ", \"reason\": " + json_string(e.reason) + "}";
    }
    out += "]}";
    return out;
}

std::string Report::to_csv() const {
    const csv::Format f = csv::excel();
    std::string out = f.bom ? "\xEF\xBB\xBF" : "";
    csv::append_row(out, {"line", "field", "reason"}, f);
    for (const auto* list : {&errors, &skipped_rows})
        for (const RowError& e : *list)
            csv::append_row(out,
                            {csv::number_cell(static_cast<double>(e.line)), csv::cell(e.field, f),
                             csv::cell(e.reason, f)},
                            f);
    return out;
}

// --- 7. the job -------------------------------------------------------------------------------

namespace {
// A report keeps this many errors; a file that is wrong throughout says so in one more line.
constexpr std::size_t kMaxListedErrors = 100000;
} // namespace

ImportJob::ImportJob(Database& db, std::string bytes, Options options)
    : db_(db), bytes_(std::move(bytes)), options_(std::move(options)) {
    total_ = static_cast<std::int64_t>(bytes_.size());
}

ImportJob::~ImportJob() = default; // an unfinished import rolls back

std::string ImportJob::title() const {
    std::string t = std::string(tr("data.import")) + " · " +
                    tr(options_.entity == Entity::Customers ? "data.customers" : "data.addresses");
    if (closing_ && engine_ && engine_->bulk_load())
        t += std::string(" · ") + tr(engine_->bulk_load()->stage_key());
    return t;
}

bool ImportJob::work(std::chrono::steady_clock::time_point deadline) {
    const auto started = std::chrono::steady_clock::now();
    struct AddTime {
        double& to;
        std::chrono::steady_clock::time_point from;
        ~AddTime() {
            to += std::chrono::duration<double>(std::chrono::steady_clock::now() - from).count();
        }
    } add_time{report_.work_seconds, started};
    if (closing_)
        return close(deadline);
    if (!engine_) {
        engine_ = std::make_unique<Importer>(db_, options_, /*dry=*/false);
        engine_->open(std::move(bytes_), /*strict=*/true);
        bytes_ = std::string();
        table_ = engine_->table();
        total_ = static_cast<std::int64_t>(engine_->size());
        report_.undoable = engine_->undoable();
        report_.bulk = engine_->bulk_load() != nullptr;
    }
    int rows = 0;
    for (;;) {
        if (!pending_) {
            bool more = false;
            try {
                more = engine_->next(record_);
            } catch (const csv::ReadError& e) {
                report_.errors.push_back({e.line(), "", e.reason()});
                ++report_.skipped;
            }
            if (!more)
                return finish();
        }
        pending_ = false;
        // bcrypt takes tens of milliseconds: leave a password for the next step rather than
        // overrun this one (a step always does at least one row).
        if (rows > 0 && engine_->will_hash(record_) &&
            std::chrono::steady_clock::now() +
                    std::chrono::duration_cast<std::chrono::steady_clock::duration>(
                        std::chrono::duration<double, std::milli>(engine_->hash_ms())) >
                deadline) {
            pending_ = true;
            break;
        }
        Importer::Outcome o = engine_->process(record_);
        ++rows;
        switch (o.kind) {
        case Importer::Kind::Inserted:
            ++report_.imported;
            break;
        case Importer::Kind::Updated:
            ++report_.updated;
            break;
        case Importer::Kind::Skipped:
            ++report_.skipped;
            report_.skipped_rows.push_back({record_.line, "", o.skip_reason});
            break;
        case Importer::Kind::Invalid:
            ++report_.skipped;
            for (RowError& e : o.errors) {
                if (report_.errors.size() < kMaxListedErrors)
                    report_.errors.push_back(std::move(e));
                else
                    ++unlisted_errors_;
            }
            break;
        }
        if (std::chrono::steady_clock::now() >= deadline)
            break;
    }
    done_ = static_cast<std::int64_t>(engine_->offset());
    return false;
}

bool ImportJob::finish() {
    done_ = total_;
    if (unlisted_errors_)
        report_.errors.push_back(
            {0, "", std::to_string(unlisted_errors_) + " more errors are not listed"});
    if (options_.mode == Mode::AllOrNothing && !report_.errors.empty()) {
        report_.skipped += report_.imported + report_.updated;
        report_.imported = report_.updated = 0;
        engine_.reset(); // rolls back
        report_.committed = false;
        return true;
    }
    // The closing work starts with the next step: each of its parts is done whole (an index
    // may take a second at a million rows), not after a step's worth of rows.
    closing_ = true;
    closing_progress();
    return false;
}

void ImportJob::closing_progress() {
    if (const BulkLoad* bulk = engine_->bulk_load()) {
        done_ = bulk->stage_done();
        total_ = bulk->stage_total();
    }
}

bool ImportJob::close(std::chrono::steady_clock::time_point deadline) {
    const auto started = std::chrono::steady_clock::now();
    const bool done = engine_->commit_step(report_, deadline);
    if (report_.bulk)
        report_.rebuild_seconds +=
            std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    closing_progress();
    if (!done)
        return false;
    // Progress ends in the units of the rows' reading (bytes), not the closing work's.
    done_ = total_ = static_cast<std::int64_t>(engine_->size());
    report_.groups_created = engine_->groups_created;
    report_.countries_created = engine_->countries_created;
    report_.states_created = engine_->states_created;
    engine_.reset();
    report_.committed = true;
    return true;
}

void ImportJob::cancel() {
    if (finished_)
        return;
    engine_.reset(); // rolls back
    cancelled_ = true;
    finished_ = true;
    report_.committed = false;
    report_.imported = report_.updated = 0;
}

void ImportJob::on_failure() {
    engine_.reset();
    report_.committed = false;
    report_.imported = report_.updated = 0;
}

Report run_import(Database& db, const std::string& bytes, const Options& options) {
    ImportJob job(db, bytes, options);
    run_to_completion(job);
    if (!job.error().empty())
        throw ImportError(0, job.error());
    return job.report();
}

// --- 8. sample files --------------------------------------------------------------------------

std::string make_sample_customers_csv(std::int64_t rows, std::uint64_t seed) {
    static const char* const kFirst[] = {"Jean",   "Marie",  "José", "Zoé",  "Łukasz", "Olivia",
                                         "Jürgen", "Hélène", "Noah", "Inès", "Björn",  "Sofía"};
    static const char* const kFirstAscii[] = {"jean",   "marie",  "jose",   "zoe",
                                              "lukasz", "olivia", "jurgen", "helene",
                                              "noah",   "ines",   "bjorn",  "sofia"};
    static const char* const kLast[] = {"Martin", "Dupont",     "García",  "Müller",
                                        "Nowak",  "Smith",      "Lefèvre", "O'Brien",
                                        "Núñez",  "Wiśniewski", "Taylor",  "Schäfer"};
    static const char* const kLastAscii[] = {"martin", "dupont",     "garcia",  "muller",
                                             "nowak",  "smith",      "lefevre", "obrien",
                                             "nunez",  "wisniewski", "taylor",  "schafer"};
    std::uint64_t state = seed;
    auto next = [&state] {
        std::uint64_t z = (state += 0x9E3779B97F4A7C15ull);
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
        return z ^ (z >> 31);
    };
    std::string out =
        "Customer ID;Active (0/1);Titles ID (Mr = 1, Ms = 2, else 0);Email *;Password *;Birthday "
        "(yyyy-mm-dd);Last Name *;First Name *;Newsletter (0/1);Opt-in (0/1);Registration date "
        "(yyyy-mm-dd);Groups (x,y,z...);Default group ID\n";
    out.reserve(out.size() + static_cast<std::size_t>(std::max<std::int64_t>(rows, 0)) * 130);
    char buf[320];
    for (std::int64_t i = 1; i <= rows; ++i) {
        const std::uint64_t r = next();
        const std::size_t f = r % 12, l = (r >> 8) % 12;
        const int gender = static_cast<int>((r >> 16) % 3);
        const int by = 1940 + static_cast<int>((r >> 20) % 66),
                  bm = 1 + static_cast<int>((r >> 28) % 12),
                  bd = 1 + static_cast<int>((r >> 32) % 28);
        const int ry = 2015 + static_cast<int>((r >> 37) % 10),
                  rm = 1 + static_cast<int>((r >> 41) % 12),
                  rd = 1 + static_cast<int>((r >> 45) % 28);
        const int newsletter = static_cast<int>((r >> 50) & 1),
                  optin = static_cast<int>((r >> 51) & 1);
        const int active = ((r >> 52) % 20) != 0;
        std::snprintf(
            buf, sizeof buf,
            "%lld;%d;%d;%s.%s.%lld@example.com;;%04d-%02d-%02d;%s;%s;%d;%d;%04d-%02d-%02d;"
            "Customer;3\n",
            static_cast<long long>(i), active, gender, kFirstAscii[f], kLastAscii[l],
            static_cast<long long>(i), by, bm, bd, kLast[l], kFirst[f], newsletter, optin, ry, rm,
            rd);
        out += buf;
    }
    return out;
}

} // namespace clientele::core::import
