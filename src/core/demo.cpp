// Deterministic demo shop: the same (seed, size, today) gives the same rows on every machine.
//
// Sections: 1. random numbers and dates  2. name and place tables  3. reference data
// (countries, catalogue, groups, modules)  4. statements  5. one customer and everything that
// hangs on them  6. the generator
#include "core/demo.h"

#include "core/bulk_load.h"
#include "core/db.h"

#include <algorithm>
#include <array>
#include <cstdio>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

namespace clientele::core {

namespace {

// --- 1. random numbers and dates ------------------------------------------------------------

// splitmix64: tiny, fast and identical everywhere (std::mt19937's distributions are not
// specified bit-for-bit across standard libraries).
class Rng {
public:
    explicit Rng(std::uint64_t seed) : state_(seed) {}
    std::uint64_t next() {
        std::uint64_t z = (state_ += 0x9E3779B97F4A7C15ull);
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
        return z ^ (z >> 31);
    }
    // Uniform in [lo, hi].
    std::int64_t range(std::int64_t lo, std::int64_t hi) {
        return lo + static_cast<std::int64_t>(next() % static_cast<std::uint64_t>(hi - lo + 1));
    }
    bool chance(int percent) { return range(0, 999) < percent * 10; }
    bool chance_permille(int permille) { return range(0, 999) < permille; }
    template <typename T, std::size_t N> const T& pick(const T (&items)[N]) {
        return items[next() % N];
    }

private:
    std::uint64_t state_;
};

// Days since 1970-01-01 <-> civil date (Howard Hinnant's algorithms).
std::int64_t days_from_civil(std::int64_t y, unsigned m, unsigned d) {
    y -= m <= 2;
    const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
    const unsigned yoe = static_cast<unsigned>(y - era * 400);
    const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + static_cast<std::int64_t>(doe) - 719468;
}

void civil_from_days(std::int64_t z, int& y, unsigned& m, unsigned& d) {
    z += 719468;
    const std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    const unsigned doe = static_cast<unsigned>(z - era * 146097);
    const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    const std::int64_t yy = static_cast<std::int64_t>(yoe) + era * 400;
    const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const unsigned mp = (5 * doy + 2) / 153;
    d = doy - (153 * mp + 2) / 5 + 1;
    m = mp < 10 ? mp + 3 : mp - 9;
    y = static_cast<int>(yy + (m <= 2));
}

// Seconds since the epoch of `today`: a date (its midnight) or a date and time.
std::int64_t parse_today(const std::string& today) {
    int y = 0, m = 0, d = 0, hh = 0, mm = 0, ss = 0;
    const int n = std::sscanf(today.c_str(), "%d-%d-%d %d:%d:%d", &y, &m, &d, &hh, &mm, &ss);
    if ((n != 3 && n != 6) || m < 1 || m > 12 || d < 1 || d > 31 || hh < 0 || hh > 23 || mm < 0 ||
        mm > 59 || ss < 0 || ss > 59)
        throw std::invalid_argument("demo: today must be YYYY-MM-DD or YYYY-MM-DD HH:MM:SS, got '" +
                                    today + "'");
    return days_from_civil(y, static_cast<unsigned>(m), static_cast<unsigned>(d)) * 86400 +
           hh * 3600 + mm * 60 + ss;
}

std::string datetime(std::int64_t seconds) {
    int y;
    unsigned m, d;
    std::int64_t days = seconds >= 0 ? seconds / 86400 : (seconds - 86399) / 86400;
    std::int64_t rest = seconds - days * 86400;
    civil_from_days(days, y, m, d);
    char buf[64];
    std::snprintf(buf, sizeof buf, "%04d-%02u-%02u %02d:%02d:%02d", y, m, d,
                  static_cast<int>(rest / 3600), static_cast<int>(rest / 60 % 60),
                  static_cast<int>(rest % 60));
    return buf;
}

std::string date(std::int64_t seconds) {
    return datetime(seconds).substr(0, 10);
}

// --- 2. name and place tables -----------------------------------------------------------------

struct Culture {
    const char* const* male;
    std::size_t male_n;
    const char* const* female;
    std::size_t female_n;
    const char* const* last;
    std::size_t last_n;
    const char* countries; // ISO codes the culture lives in, comma-less, 2 chars each
    int id_lang;
};

const char* const kFrMale[] = {"Jean",   "Pierre",   "Louis", "Hugo",    "Théo",   "Noël",
                               "Jérôme", "François", "Gaël",  "Étienne", "Mathéo", "Loïc"};
const char* const kFrFemale[] = {"Marie", "Camille", "Léa",   "Chloé",    "Manon",  "Inès",
                                 "Zoé",   "Hélène",  "Anaïs", "Béatrice", "Océane", "Clémence"};
const char* const kFrLast[] = {"Martin",   "Bernard",  "Dubois",  "Thomas",   "Robert",   "Richard",
                               "Petit",    "Durand",   "Lefèvre", "Mercier",  "Dupont",   "Lambert",
                               "Bonnet",   "François", "Girard",  "Rousseau", "Fournier", "Moreau",
                               "Lefebvre", "Garçon",   "Bœuf",    "Faure"};
const char* const kEsMale[] = {"José", "Antonio", "Manuel", "Javier", "Álvaro", "Sergio",
                               "Raúl", "Iñigo",   "Jesús",  "Andrés", "Martín", "Óscar"};
const char* const kEsFemale[] = {"María",  "Lucía",  "Sofía", "Carmen",   "Paula",  "Inés",
                                 "Begoña", "Ángela", "Nuria", "Verónica", "Mónica", "Raquel"};
const char* const kEsLast[] = {
    "García", "Fernández", "González", "Rodríguez", "López", "Martínez", "Sánchez", "Pérez",
    "Gómez",  "Muñoz",     "Jiménez",  "Ibáñez",    "Núñez", "Castaño",  "Peña",    "Ortiz"};
const char* const kEnMale[] = {"James",  "Oliver", "Harry",   "George", "William", "Jack",
                               "Thomas", "Daniel", "Michael", "Ethan",  "Noah",    "Liam"};
const char* const kEnFemale[] = {"Olivia", "Emma",      "Amelia", "Isla",  "Ava",  "Emily",
                                 "Grace",  "Charlotte", "Sophie", "Chloe", "Ruby", "Evelyn"};
const char* const kEnLast[] = {"Smith",   "Jones",  "Taylor",   "Brown",  "Williams", "Wilson",
                               "Johnson", "Davies", "Robinson", "Wright", "Thompson", "Evans",
                               "Walker",  "White",  "O'Brien",  "Clarke"};
const char* const kDeMale[] = {"Lukas", "Jürgen", "Maximilian", "Felix",    "Jonas",   "Björn",
                               "Sören", "Paul",   "Leon",       "Matthias", "Günther", "Uwe"};
const char* const kDeFemale[] = {"Anna", "Lena", "Jülich", "Sophie", "Käthe", "Hannah",
                                 "Mia",  "Lea",  "Jördis", "Marie",  "Greta", "Ursula"};
const char* const kDeLast[] = {"Müller", "Schmidt", "Schneider", "Fischer",  "Weber",   "Meyer",
                               "Wagner", "Becker",  "Schulz",    "Hoffmann", "Schäfer", "Koch",
                               "Groß",   "Weiß",    "Köhler",    "Strauß"};
const char* const kPlMale[] = {"Łukasz", "Paweł", "Michał", "Wojciech", "Jakub", "Mikołaj"};
const char* const kPlFemale[] = {"Małgorzata", "Agnieszka", "Katarzyna",
                                 "Żaneta",     "Zofia",     "Bożena"};
const char* const kPlLast[] = {"Nowak",       "Kowalski",  "Wiśniewski", "Wójcik",  "Kamiński",
                               "Lewandowski", "Zieliński", "Szymański",  "Woźniak", "Dąbrowski"};

#define CULTURE(p)                                                                                 \
    p##Male, std::size(p##Male), p##Female, std::size(p##Female), p##Last, std::size(p##Last)
const Culture kCultures[] = {
    {CULTURE(kFr), "FRFRFRBECH", 2}, {CULTURE(kEs), "ESESESMX", 3}, {CULTURE(kEn), "GBUSUSCAIE", 1},
    {CULTURE(kDe), "DEDEATCH", 1},   {CULTURE(kPl), "PL", 1},
};
#undef CULTURE

struct CountryDef {
    const char* iso;
    int zone;
    int call_prefix;
    const char* zip_format;
    bool needs_dni;
    const char* en;
    const char* fr;
    const char* es;
    const char* cities[4];
    const char* streets[3];
};

// zip_code_format values as PrestaShop ships them (N digit, L letter, C country code).
const CountryDef kCountries[] = {
    {"FR",
     1,
     33,
     "NNNNN",
     false,
     "France",
     "France",
     "Francia",
     {"Paris", "Lyon", "Marseille", "Besançon"},
     {"rue de la Paix", "avenue Jean Jaurès", "boulevard Saint-Michel"}},
    {"BE",
     1,
     32,
     "NNNN",
     false,
     "Belgium",
     "Belgique",
     "Bélgica",
     {"Bruxelles", "Liège", "Namur", "Gand"},
     {"rue Royale", "chaussée de Wavre", "avenue Louise"}},
    {"CH",
     1,
     41,
     "NNNN",
     false,
     "Switzerland",
     "Suisse",
     "Suiza",
     {"Genève", "Zürich", "Lausanne", "Bern"},
     {"Bahnhofstrasse", "rue du Rhône", "Marktgasse"}},
    {"ES",
     1,
     34,
     "NNNNN",
     true,
     "Spain",
     "Espagne",
     "España",
     {"Madrid", "Barcelona", "Sevilla", "A Coruña"},
     {"Calle Mayor", "Avenida de la Constitución", "Calle del Águila"}},
    {"DE",
     1,
     49,
     "NNNNN",
     false,
     "Germany",
     "Allemagne",
     "Alemania",
     {"Berlin", "München", "Köln", "Düsseldorf"},
     {"Hauptstraße", "Schloßallee", "Goethestraße"}},
    {"AT",
     1,
     43,
     "NNNN",
     false,
     "Austria",
     "Autriche",
     "Austria",
     {"Wien", "Graz", "Salzburg", "Innsbruck"},
     {"Mariahilfer Straße", "Ringstraße", "Kärntner Straße"}},
    {"IT",
     1,
     39,
     "NNNNN",
     false,
     "Italy",
     "Italie",
     "Italia",
     {"Roma", "Milano", "Napoli", "Torino"},
     {"Via Roma", "Corso Italia", "Via Garibaldi"}},
    {"GB",
     1,
     44,
     "",
     false,
     "United Kingdom",
     "Royaume-Uni",
     "Reino Unido",
     {"London", "Manchester", "Edinburgh", "Bristol"},
     {"High Street", "Station Road", "Church Lane"}},
    {"IE",
     1,
     353,
     "",
     false,
     "Ireland",
     "Irlande",
     "Irlanda",
     {"Dublin", "Cork", "Galway", "Limerick"},
     {"O'Connell Street", "Grafton Street", "Main Street"}},
    {"PL",
     1,
     48,
     "NN-NNN",
     false,
     "Poland",
     "Pologne",
     "Polonia",
     {"Warszawa", "Kraków", "Łódź", "Gdańsk"},
     {"ulica Długa", "aleja Jana Pawła II", "ulica Świętokrzyska"}},
    {"US",
     2,
     1,
     "NNNNN",
     false,
     "United States",
     "États-Unis",
     "Estados Unidos",
     {"New York", "Chicago", "San Francisco", "Austin"},
     {"Main Street", "Broadway", "Maple Avenue"}},
    {"CA",
     2,
     1,
     "LNL NLN",
     false,
     "Canada",
     "Canada",
     "Canadá",
     {"Montréal", "Toronto", "Vancouver", "Québec"},
     {"rue Sainte-Catherine", "Yonge Street", "Robson Street"}},
    {"MX",
     2,
     52,
     "NNNNN",
     false,
     "Mexico",
     "Mexique",
     "México",
     {"Ciudad de México", "Guadalajara", "Monterrey", "Puebla"},
     {"Avenida Reforma", "Calle Madero", "Avenida Juárez"}},
};
constexpr std::int64_t kCountryCount = static_cast<std::int64_t>(std::size(kCountries));

struct StateDef {
    const char* country;
    const char* name;
    const char* iso;
};
const StateDef kStates[] = {
    {"US", "New York", "NY"},
    {"US", "California", "CA"},
    {"US", "Texas", "TX"},
    {"US", "Illinois", "IL"},
    {"CA", "Québec", "QC"},
    {"CA", "Ontario", "ON"},
    {"CA", "British Columbia", "BC"},
    {"ES", "Madrid", "M"},
    {"ES", "Barcelona", "B"},
    {"ES", "Sevilla", "SE"},
    {"ES", "A Coruña", "C"},
    {"IT", "Roma", "RM"},
    {"IT", "Milano", "MI"},
    {"IT", "Napoli", "NA"},
    {"IT", "Torino", "TO"},
    {"MX", "Ciudad de México", "CMX"},
    {"MX", "Jalisco", "JAL"},
};

struct CategoryDef {
    const char* en;
    const char* fr;
    const char* es;
};
const CategoryDef kCategories[] = {
    {"Clothes", "Vêtements", "Ropa"}, {"Accessories", "Accessoires", "Accesorios"},
    {"Home", "Maison", "Hogar"},      {"Stationery", "Papeterie", "Papelería"},
    {"Art", "Art", "Arte"},           {"Kitchen", "Cuisine", "Cocina"},
    {"Garden", "Jardin", "Jardín"},   {"Sports", "Sports", "Deportes"},
};
const char* const kProductAdjectives[] = {
    "Hummingbird", "Mountain fox", "Brown bear", "Today is a good day",
    "Adventure",   "Optimistic",   "Arctic",     "Pastel"};
const char* const kProductNouns[] = {"T-shirt", "Sweater", "Mug",      "Notebook",
                                     "Cushion", "Poster",  "Tote bag", "Water bottle"};

const char* const kDomains[] = {"example.com",      "example.fr", "example.es",  "example.de",
                                "mail.example.org", "exemple.fr", "beispiel.de", "ejemplo.es"};
const char* const kCompanies[] = {"Boulangerie Dupré",  "Ferretería Núñez", "Müller & Söhne GmbH",
                                  "Atelier Lumière",    "Green Leaf Ltd",   "Café Olé",
                                  "Brasserie Wébé",     "Łódź Trading",     "Nordlicht AG",
                                  "Les Jardins d'Émile"};
const char* const kPayments[] = {"Bank wire", "Payments by check", "Credit card",
                                 "Cash on delivery"};
const char* const kMessages[] = {"Bonjour, où en est ma commande ?",
                                 "Hello, I would like to change my delivery address.",
                                 "¿Pueden enviarme la factura?",
                                 "Das Paket ist beschädigt angekommen.",
                                 "Can I return the sweater? It is too small.",
                                 "Merci pour la livraison rapide !",
                                 "Is this product available in blue?",
                                 "Necesito cambiar la talla, por favor."};
const char* const kReplies[] = {
    "Thank you for your message, we are looking into it.", "Votre colis est en route.",
    "Le hemos enviado la factura por correo.", "Wir senden Ihnen Ersatz.",
    "Of course, a return label is attached."};
const int kPaymentDays[] = {30, 45, 60, 90};
const char* const kNotes[] = {"Prefers delivery after 6 pm", "Client fidèle depuis l'ouverture",
                              "Llamar antes de enviar", "Wholesale buyer — invoice monthly"};

// ASCII e-mail part from a UTF-8 name: accents folded, other characters dropped.
std::string ascii_fold(const std::string& s) {
    static const std::pair<const char*, const char*> folds[] = {
        {"á", "a"}, {"à", "a"}, {"â", "a"},  {"ä", "a"}, {"ą", "a"}, {"Á", "a"}, {"é", "e"},
        {"è", "e"}, {"ê", "e"}, {"ë", "e"},  {"ę", "e"}, {"É", "e"}, {"í", "i"}, {"î", "i"},
        {"ï", "i"}, {"ó", "o"}, {"ô", "o"},  {"ö", "o"}, {"Ó", "o"}, {"Ö", "o"}, {"ú", "u"},
        {"ü", "u"}, {"û", "u"}, {"ñ", "n"},  {"ń", "n"}, {"ç", "c"}, {"ć", "c"}, {"ß", "ss"},
        {"ł", "l"}, {"Ł", "l"}, {"œ", "oe"}, {"ś", "s"}, {"ź", "z"}, {"ż", "z"}, {"Ż", "z"},
        {"Á", "a"}, {"Í", "i"}, {"Ú", "u"},  {"É", "e"}, {"Ä", "a"}, {"Ü", "u"}};
    std::string out;
    for (std::size_t i = 0; i < s.size();) {
        const unsigned char c = static_cast<unsigned char>(s[i]);
        if (c < 0x80) {
            if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'))
                out += static_cast<char>(c);
            else if (c >= 'A' && c <= 'Z')
                out += static_cast<char>(c - 'A' + 'a');
            ++i;
            continue;
        }
        bool folded = false;
        for (auto& [from, to] : folds) {
            const std::size_t n = std::char_traits<char>::length(from);
            if (s.compare(i, n, from) == 0) {
                out += to;
                i += n;
                folded = true;
                break;
            }
        }
        if (!folded)
            ++i;
    }
    return out;
}

std::string from_format(Rng& rng, const char* format, const char* iso) {
    std::string out;
    for (const char* p = format; *p; ++p) {
        if (*p == 'N')
            out += static_cast<char>('0' + rng.range(0, 9));
        else if (*p == 'L')
            out += static_cast<char>('A' + rng.range(0, 25));
        else if (*p == 'C')
            out += iso;
        else
            out += *p;
    }
    return out;
}

std::string postcode_for(Rng& rng, const CountryDef& c) {
    if (std::string(c.iso) == "GB")
        return from_format(rng, "LLN NLL", c.iso);
    if (std::string(c.iso) == "IE")
        return from_format(rng, "LNN LNLN", c.iso);
    return from_format(rng, c.zip_format, c.iso);
}

// A 14-digit SIRET whose Luhn checksum is valid.
std::string siret(Rng& rng) {
    std::string digits;
    for (int i = 0; i < 13; ++i)
        digits += static_cast<char>('0' + rng.range(0, 9));
    for (int check = 0; check <= 9; ++check) {
        std::string candidate = digits + static_cast<char>('0' + check);
        int sum = 0;
        for (int i = 0; i < 14; ++i) {
            int d = candidate[static_cast<std::size_t>(i)] - '0';
            if (i % 2 == 0) {
                d *= 2;
                if (d > 9)
                    d -= 9;
            }
            sum += d;
        }
        if (sum % 10 == 0)
            return candidate;
    }
    return digits + "0";
}

std::string hex32(Rng& rng) {
    static const char* hex = "0123456789abcdef";
    std::string out;
    for (int i = 0; i < 32; ++i)
        out += hex[rng.next() & 15];
    return out;
}

// Random draws are never two operands of one expression: the order in which operands and
// arguments are evaluated differs between compilers (GCC, clang/emscripten), and the demo shop
// must be the same in both builds. The draws keep the order GCC used (last octet first).
std::string ip(Rng& rng) {
    const std::int64_t d = rng.range(1, 254), c = rng.range(0, 255), b = rng.range(0, 255),
                       a = rng.range(11, 223);
    return std::to_string(a) + "." + std::to_string(b) + "." + std::to_string(c) + "." +
           std::to_string(d);
}

// A number followed by a capital letter (DNI, APE code); the letter is drawn first.
std::string number_and_letter(Rng& rng, std::int64_t lo, std::int64_t hi) {
    const char letter = static_cast<char>('A' + rng.range(0, 25));
    return std::to_string(rng.range(lo, hi)) + letter;
}

// bcrypt ($2y$, cost 10) of "demo1234", shared by every generated account so that seeding a
// million customers does not spend a day hashing. Produced once with
// `printf demo1234 | mkpasswd -m bcrypt -R 10 -s` ($2b$ and $2y$ are the same algorithm).
constexpr const char* kDemoHash = "$2y$10$Z.xseEvjLgXswpIHhDZD9.jIXhAhf5eAaPdC4iyLIJ9JASpMqf6ui";
// PrestaShop's published demo account password "prestashop_demo", produced the same way.
constexpr const char* kJohnDoeHash = "$2y$10$wAsaU5N88AtOVUWDlk46KOdME.Ft4QGuFLJu/W/PI7lOMM2XVs/22";

// Order states a generated order ends in, with the trail that leads there (PrestaShop ids).
struct OrderFate {
    int permille;
    std::array<int, 6> trail; // 0-terminated
};
const OrderFate kFates[] = {
    {620, {10, 2, 3, 4, 5, 0}}, {80, {1, 2, 3, 4, 0, 0}},  {50, {2, 3, 0, 0, 0, 0}},
    {40, {11, 0, 0, 0, 0, 0}},  {50, {10, 0, 0, 0, 0, 0}}, {60, {10, 6, 0, 0, 0, 0}},
    {30, {8, 0, 0, 0, 0, 0}},   {40, {2, 3, 4, 5, 7, 0}},  {30, {9, 3, 4, 5, 0, 0}}};
bool logable(int state) {
    return state == 2 || state == 3 || state == 4 || state == 5 || state == 9 || state == 11;
}

// --- 3. reference data ---------------------------------------------------------------------------

struct Product {
    std::int64_t id;
    double price;
    std::string name;
    std::string reference;
};

struct Refs {
    std::vector<std::int64_t> country_ids;         // parallel to kCountries
    std::vector<std::vector<std::int64_t>> states; // per country
    std::vector<Product> products;
};

Refs reference_data(Database& db, Rng& rng, const std::string& now) {
    Refs refs;
    if (db.scalar_int("SELECT COUNT(*) FROM ps_zone") == 0)
        db.exec("INSERT INTO ps_zone(id_zone, name) VALUES (1, 'Europe'), (2, 'North America')");
    Statement find = db.prepare("SELECT id_country FROM ps_country WHERE iso_code = ?1");
    Statement country =
        db.prepare("INSERT INTO ps_country(id_zone, iso_code, call_prefix, contains_states, "
                   "need_identification_number, zip_code_format) VALUES (?1, ?2, ?3, ?4, ?5, ?6)");
    Statement country_lang = db.prepare(
        "INSERT OR REPLACE INTO ps_country_lang(id_country, id_lang, name) VALUES (?1, ?2, ?3)");
    Statement state = db.prepare(
        "INSERT INTO ps_state(id_country, id_zone, name, iso_code) VALUES (?1, ?2, ?3, ?4)");
    for (const CountryDef& c : kCountries) {
        find.reset();
        find.bind(1, c.iso);
        std::int64_t id = 0;
        bool has_states = false;
        for (const StateDef& s : kStates)
            has_states = has_states || std::string(s.country) == c.iso;
        if (find.step()) {
            id = find.int64(0);
        } else {
            country.reset();
            country.bind_all(c.zone, c.iso, c.call_prefix, has_states, c.needs_dni, c.zip_format)
                .run();
            id = db.last_insert_id();
            for (auto [lang, name] : {std::pair<int, const char*>{1, c.en}, {2, c.fr}, {3, c.es}}) {
                country_lang.reset();
                country_lang.bind_all(id, lang, name).run();
            }
            for (const StateDef& s : kStates) {
                if (std::string(s.country) != c.iso)
                    continue;
                state.reset();
                state.bind_all(id, c.zone, s.name, s.iso).run();
            }
        }
        refs.country_ids.push_back(id);
        std::vector<std::int64_t> ids;
        Statement st =
            db.prepare("SELECT id_state FROM ps_state WHERE id_country = ?1 ORDER BY id_state");
        st.bind(1, id);
        while (st.step())
            ids.push_back(st.int64(0));
        refs.states.push_back(std::move(ids));
    }

    // Catalogue: categories, products with names in three languages.
    if (db.scalar_int("SELECT COUNT(*) FROM ps_category") == 0) {
        db.exec("INSERT INTO ps_category(id_category, id_parent) VALUES (1, 0), (2, 1)");
        db.exec("INSERT INTO ps_category_lang VALUES (1, 1, 'Root'), (1, 2, 'Racine'), (1, 3, "
                "'Raíz'), (2, 1, 'Home'), (2, 2, 'Accueil'), (2, 3, 'Inicio')");
        Statement cat = db.prepare(
            "INSERT INTO ps_category(id_category, id_parent, position) VALUES (?1, 2, ?1)");
        Statement cat_lang = db.prepare("INSERT INTO ps_category_lang VALUES (?1, ?2, ?3)");
        Statement product = db.prepare(
            "INSERT INTO ps_product(id_product, id_category_default, reference, price, date_add, "
            "date_upd) VALUES (?1, ?2, ?3, ?4, ?5, ?5)");
        Statement product_lang = db.prepare("INSERT INTO ps_product_lang VALUES (?1, ?2, ?3)");
        Statement cat_product = db.prepare("INSERT INTO ps_category_product VALUES (?1, ?2, ?3)");
        std::int64_t next_product = 1;
        for (std::size_t i = 0; i < std::size(kCategories); ++i) {
            const std::int64_t id_cat = static_cast<std::int64_t>(i) + 3;
            cat.reset();
            cat.bind_all(id_cat).run();
            for (auto [lang, name] : {std::pair<int, const char*>{1, kCategories[i].en},
                                      {2, kCategories[i].fr},
                                      {3, kCategories[i].es}}) {
                cat_lang.reset();
                cat_lang.bind_all(id_cat, lang, name).run();
            }
            for (int p = 0; p < 8; ++p, ++next_product) {
                std::string name =
                    std::string(kProductAdjectives[(i + static_cast<std::size_t>(p)) % 8]) + " " +
                    kProductNouns[static_cast<std::size_t>(p)];
                char ref[32];
                std::snprintf(ref, sizeof ref, "demo_%lld", static_cast<long long>(next_product));
                const double price = static_cast<double>(rng.range(500, 9900)) / 100.0;
                product.reset();
                product.bind_all(next_product, id_cat, ref, price, now).run();
                for (int lang = 1; lang <= 3; ++lang) {
                    product_lang.reset();
                    product_lang.bind_all(next_product, lang, name).run();
                }
                cat_product.reset();
                cat_product.bind_all(id_cat, next_product, p).run();
            }
        }
    }
    Statement products = db.prepare(
        "SELECT p.id_product, p.price, l.name, COALESCE(p.reference, '') FROM ps_product p JOIN "
        "ps_product_lang l ON l.id_product = p.id_product AND l.id_lang = 1 ORDER BY p.id_product");
    while (products.step())
        refs.products.push_back(
            {products.int64(0), products.real(1), products.text(2), products.text(3)});
    if (refs.products.empty())
        throw std::runtime_error("demo: the catalogue is empty");

    // Groups beyond PrestaShop's three, category reductions and module restrictions.
    if (db.scalar_int("SELECT COUNT(*) FROM ps_group") == 3) {
        db.prepare("INSERT INTO ps_group(id_group, reduction, price_display_method, show_prices, "
                   "date_add, date_upd) VALUES (4, 10, 0, 1, ?1, ?1), (5, 0, 1, 1, ?1, ?1), "
                   "(6, 5, 1, 1, ?1, ?1)")
            .bind_all(now)
            .run();
        db.exec("INSERT INTO ps_group_lang VALUES (4, 1, 'VIP'), (4, 2, 'VIP'), (4, 3, 'VIP'), "
                "(5, 1, 'B2B'), (5, 2, 'Professionnels'), (5, 3, 'Profesionales'), "
                "(6, 1, 'Wholesale'), (6, 2, 'Grossistes'), (6, 3, 'Mayoristas')");
        db.exec("INSERT INTO ps_group_reduction(id_group, id_category, reduction) VALUES "
                "(4, 3, 0.15), (6, 5, 0.2), (6, 6, 0.12)");
        db.exec("INSERT INTO ps_module(id_module, name) VALUES (1, 'ps_wirepayment'), "
                "(2, 'ps_checkpayment'), (3, 'ps_cashondelivery'), (4, 'ps_emailsubscription')");
        db.exec("INSERT INTO ps_module_group(id_module, id_shop, id_group) SELECT m.id_module, 1, "
                "g.id_group FROM ps_module m, ps_group g WHERE NOT (m.id_module = 3 AND g.id_group "
                "IN (5, 6))");
    }
    return refs;
}

// --- 4. statements
// ---------------------------------------------------------------------------------

struct Statements {
    explicit Statements(Database& db)
        : customer(db.prepare(
              "INSERT INTO ps_customer(id_customer, id_shop_group, id_shop, id_gender, "
              "id_default_group, id_lang, id_risk, company, siret, ape, firstname, lastname, "
              "email, passwd, last_passwd_gen, birthday, newsletter, ip_registration_newsletter, "
              "newsletter_date_add, optin, website, outstanding_allow_amount, show_public_prices, "
              "max_payment_days, secure_key, note, active, is_guest, deleted, date_add, date_upd) "
              "VALUES (?1, 1, 1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, "
              "?16, ?17, ?18, ?19, ?20, 0, ?21, ?22, ?23, ?24, ?25, ?26, ?27, ?27)")),
          group(db.prepare(
              "INSERT OR IGNORE INTO ps_customer_group(id_customer, id_group) VALUES (?1, ?2)")),
          address(db.prepare(
              "INSERT INTO ps_address(id_country, id_state, id_customer, alias, company, lastname, "
              "firstname, address1, address2, postcode, city, phone, phone_mobile, vat_number, "
              "dni, date_add, date_upd) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, "
              "?13, ?14, ?15, ?16, ?16)")),
          cart(db.prepare(
              "INSERT INTO ps_cart(id_customer, id_address_delivery, id_address_invoice, "
              "id_lang, secure_key, date_add, date_upd) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)")),
          cart_product(db.prepare("INSERT OR IGNORE INTO ps_cart_product(id_cart, id_product, "
                                  "quantity, date_add) VALUES (?1, ?2, ?3, ?4)")),
          order(db.prepare(
              "INSERT INTO ps_orders(reference, id_lang, id_customer, id_cart, "
              "id_address_delivery, "
              "id_address_invoice, current_state, secure_key, payment, module, total_paid, "
              "total_paid_tax_incl, total_paid_tax_excl, total_paid_real, total_products, "
              "total_products_wt, total_shipping, valid, invoice_date, delivery_date, date_add, "
              "date_upd) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?11, ?12, ?13, ?14, "
              "?15, ?16, ?17, ?18, ?19, ?20, ?21)")),
          detail(db.prepare(
              "INSERT INTO ps_order_detail(id_order, product_id, product_name, product_reference, "
              "product_quantity, unit_price_tax_incl, unit_price_tax_excl, total_price_tax_incl, "
              "total_price_tax_excl) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)")),
          history(db.prepare("INSERT INTO ps_order_history(id_employee, id_order, id_order_state, "
                             "date_add) VALUES (?1, ?2, ?3, ?4)")),
          order_return(db.prepare("INSERT INTO ps_order_return(id_customer, id_order, state, "
                                  "question, date_add, date_upd) VALUES (?1, ?2, ?3, ?4, ?5, ?5)")),
          return_detail(db.prepare("INSERT INTO ps_order_return_detail(id_order_return, "
                                   "id_order_detail, product_quantity) VALUES (?1, ?2, 1)")),
          slip(db.prepare(
              "INSERT INTO ps_order_slip(id_customer, id_order, total_products_tax_excl, "
              "total_products_tax_incl, amount, date_add, date_upd) VALUES (?1, ?2, ?3, "
              "?4, ?4, ?5, ?5)")),
          voucher(db.prepare(
              "INSERT INTO ps_cart_rule(id_customer, date_from, date_to, description, code, "
              "reduction_percent, reduction_amount, quantity, active, date_add, date_upd) VALUES "
              "(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, 1, ?2, ?2)")),
          voucher_lang(db.prepare("INSERT INTO ps_cart_rule_lang VALUES (?1, ?2, ?3)")),
          thread(db.prepare(
              "INSERT INTO ps_customer_thread(id_lang, id_contact, id_customer, id_order, "
              "status, email, token, date_add, date_upd) VALUES (?1, ?2, ?3, ?4, ?5, "
              "?6, ?7, ?8, ?9)")),
          message(
              db.prepare("INSERT INTO ps_customer_message(id_customer_thread, id_employee, "
                         "message, file_name, ip_address, date_add, date_upd, private, \"read\") "
                         "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?6, ?7, ?8)")),
          guest(db.prepare("INSERT INTO ps_guest(id_customer) VALUES (?1)")),
          connection(db.prepare("INSERT INTO ps_connections(id_guest, ip_address, date_add, "
                                "http_referer) VALUES (?1, ?2, ?3, ?4)")) {}

    template <typename... Args> void run(Statement& st, const Args&... args) {
        st.reset();
        st.bind_all(args...);
        st.run();
    }

    Statement customer, group, address, cart, cart_product, order, detail, history, order_return,
        return_detail, slip, voucher, voucher_lang, thread, message, guest, connection;
};

// --- 5. one customer and everything that hangs on them -----------------------------------------

struct Person {
    std::int64_t id = 0;
    int gender = 0; // 0 none, 1 Mr, 2 Mrs
    std::string firstname, lastname, email, company;
    std::int64_t default_group = 3;
    int id_lang = 1;
    bool guest = false;
    std::size_t country = 0;     // index in kCountries
    std::int64_t registered = 0; // seconds
    bool shops = true;           // has orders, carts, vouchers and messages
};

struct Counters {
    DemoSummary summary;
    std::int64_t order_seq = 0;
};

std::string order_reference(std::int64_t seq) {
    // Nine uppercase letters, unique per sequence number (a bijective base-26 spread).
    std::uint64_t v = static_cast<std::uint64_t>(seq) * 2654435761ull % 5429503678976ull;
    std::string out(9, 'A');
    for (int i = 8; i >= 0; --i) {
        out[static_cast<std::size_t>(i)] = static_cast<char>('A' + v % 26);
        v /= 26;
    }
    return out;
}

std::vector<std::int64_t> add_addresses(Statements& s, Database& db, Rng& rng, const Refs& refs,
                                        const Person& p, Counters& n, const std::string& when) {
    std::vector<std::int64_t> ids;
    const int count = rng.chance(35) ? 2 : 1;
    for (int i = 0; i < count; ++i) {
        const std::size_t ci =
            i == 0 ? p.country : static_cast<std::size_t>(rng.range(0, kCountryCount - 1));
        const CountryDef& c = kCountries[ci];
        const auto& states = refs.states[ci];
        std::optional<std::int64_t> id_state;
        if (!states.empty())
            id_state = states[static_cast<std::size_t>(
                rng.range(0, static_cast<std::int64_t>(states.size()) - 1))];
        const char* alias = i == 0 ? (p.id_lang == 2   ? "Mon adresse"
                                      : p.id_lang == 3 ? "Mi dirección"
                                                       : "Home")
                                   : (p.company.empty() ? "Holidays" : "Office");
        const char* street_name = rng.pick(c.streets);
        std::string street = std::to_string(rng.range(1, 180)) + " " + street_name;
        std::string phone = "+" + std::to_string(c.call_prefix) + " " +
                            std::to_string(rng.range(100000000, 999999999));
        std::optional<std::string> phone2;
        if (rng.chance(60))
            phone2 = "+" + std::to_string(c.call_prefix) + " " +
                     std::to_string(rng.range(600000000, 799999999));
        std::optional<std::string> vat, dni, company, address2;
        if (!p.company.empty()) {
            company = p.company;
            vat = std::string(c.iso) + std::to_string(rng.range(100000000, 999999999));
        }
        if (c.needs_dni)
            dni = number_and_letter(rng, 10000000, 99999999);
        if (rng.chance(20))
            address2 = std::string("Apt ") + std::to_string(rng.range(1, 40));
        const char* city = rng.pick(c.cities);
        const std::string postcode = postcode_for(rng, c);
        s.run(s.address, refs.country_ids[ci], id_state, p.id, alias, company, p.lastname,
              p.firstname, street, address2, postcode, city, phone, phone2, vat, dni, when);
        ids.push_back(db.last_insert_id());
        ++n.summary.addresses;
    }
    return ids;
}

void add_order(Statements& s, Database& db, Rng& rng, const Refs& refs, const Person& p,
               const std::vector<std::int64_t>& addresses, std::int64_t at, std::int64_t now,
               Counters& n) {
    // The cart the order came from.
    const std::int64_t delivery = addresses[static_cast<std::size_t>(
        rng.range(0, static_cast<std::int64_t>(addresses.size()) - 1))];
    const std::int64_t invoice = rng.chance(85) ? delivery : addresses.front();
    s.run(s.cart, p.id, delivery, invoice, p.id_lang, "-1", datetime(at - 600), datetime(at));
    const std::int64_t id_cart = db.last_insert_id();
    ++n.summary.carts;
    const int lines = static_cast<int>(rng.range(1, 4));
    struct Line {
        const Product* product;
        int quantity;
    };
    std::vector<Line> chosen;
    double products_total = 0;
    for (int i = 0; i < lines; ++i) {
        const Product& pr = refs.products[static_cast<std::size_t>(
            rng.range(0, static_cast<std::int64_t>(refs.products.size()) - 1))];
        bool dup = false;
        for (auto& l : chosen)
            dup = dup || l.product == &pr;
        if (dup)
            continue;
        const int qty = rng.chance(80) ? 1 : static_cast<int>(rng.range(2, 4));
        chosen.push_back({&pr, qty});
        products_total += pr.price * qty;
        s.run(s.cart_product, id_cart, pr.id, qty, datetime(at - 600));
    }
    // Fate of the order, and its trail of states over the following days.
    int roll = static_cast<int>(rng.range(0, 999)), acc = 0;
    const OrderFate* fate = &kFates[0];
    for (const OrderFate& f : kFates) {
        acc += f.permille;
        if (roll < acc) {
            fate = &f;
            break;
        }
    }
    int current = 0;
    std::vector<std::pair<int, std::int64_t>> trail;
    std::int64_t t = at;
    for (int state : fate->trail) {
        if (!state || t > now)
            break;
        trail.emplace_back(state, t);
        current = state;
        t += rng.range(3600, 3 * 86400);
    }
    const double shipping = products_total >= 60 ? 0.0 : 7.0;
    const double total = products_total + shipping;
    const bool valid = logable(current);
    const std::string when = datetime(at);
    std::optional<std::string> invoice_date, delivery_date;
    if (valid || current == 7)
        invoice_date = datetime(trail.size() > 1 ? trail[1].second : at);
    if (current == 5 || current == 7)
        delivery_date = datetime(trail.back().second);
    const char* payment = rng.pick(kPayments);
    s.run(s.order, order_reference(++n.order_seq), p.id_lang, p.id, id_cart, delivery, invoice,
          current, "-1", payment, "ps_wirepayment", total, total / 1.2, total, products_total,
          products_total, shipping, valid, invoice_date, delivery_date, when,
          datetime(trail.back().second));
    const std::int64_t id_order = db.last_insert_id();
    ++n.summary.orders;
    std::int64_t first_detail = 0;
    for (const Line& l : chosen) {
        s.run(s.detail, id_order, l.product->id, l.product->name, l.product->reference, l.quantity,
              l.product->price, l.product->price / 1.2, l.product->price * l.quantity,
              l.product->price * l.quantity / 1.2);
        if (!first_detail)
            first_detail = db.last_insert_id();
    }
    for (auto& [state, when_state] : trail)
        s.run(s.history, state == 2 || state == 10 || state == 1 || state == 11 ? 0 : 1, id_order,
              state, datetime(when_state));
    // A few delivered orders come back; refunded ones get a credit slip.
    if (current == 5 && rng.chance(4)) {
        const std::int64_t when_return = trail.back().second + rng.range(86400, 10 * 86400);
        if (when_return < now) {
            s.run(s.order_return, p.id, id_order, rng.range(1, 5), "The size does not fit.",
                  datetime(when_return));
            s.run(s.return_detail, db.last_insert_id(), first_detail);
        }
    }
    if (current == 7)
        s.run(s.slip, p.id, id_order, products_total / 1.2, products_total,
              datetime(trail.back().second));
}

void add_purchases_and_messages(Statements& s, Database& db, Rng& rng, const Refs& refs,
                                const Person& p, std::int64_t now, Counters& n,
                                const std::vector<std::int64_t>& addresses) {
    // Orders: most customers buy little, a few buy a lot.
    const int roll = static_cast<int>(rng.range(0, 99));
    const int orders = p.guest     ? (roll < 70 ? 1 : 0)
                       : roll < 30 ? 0
                       : roll < 60 ? 1
                       : roll < 75 ? 2
                       : roll < 88 ? static_cast<int>(rng.range(3, 4))
                       : roll < 97 ? static_cast<int>(rng.range(5, 8))
                                   : static_cast<int>(rng.range(9, 14));
    std::vector<std::int64_t> order_times;
    for (int i = 0; i < orders; ++i)
        // A customer who registered within the last two hours orders after registering.
        order_times.push_back(rng.range(std::min(p.registered + 3600, now - 3600), now - 3600));
    std::sort(order_times.begin(), order_times.end());
    for (std::int64_t at : order_times)
        add_order(s, db, rng, refs, p, addresses, at, now, n);

    // An abandoned cart (or one still being filled) for about a quarter of the customers.
    if (rng.chance(25)) {
        const bool recent = rng.chance(15);
        const std::int64_t at =
            recent ? now - rng.range(600, 6 * 3600)
                   : std::max(p.registered, now - rng.range(2 * 86400, 90 * 86400));
        s.run(s.cart, p.id, addresses.front(), addresses.front(), p.id_lang, "-1",
              datetime(at - 1800), datetime(at));
        const std::int64_t id_cart = db.last_insert_id();
        ++n.summary.carts;
        for (int i = 0, lines = static_cast<int>(rng.range(1, 3)); i < lines; ++i) {
            const Product& pr = refs.products[static_cast<std::size_t>(
                rng.range(0, static_cast<std::int64_t>(refs.products.size()) - 1))];
            s.run(s.cart_product, id_cart, pr.id, rng.range(1, 2), datetime(at - 1800));
        }
    }

    // Vouchers tied to the customer.
    if (rng.chance(10)) {
        const std::int64_t from = std::max(p.registered, now - rng.range(0, 200) * 86400);
        char code[32];
        std::snprintf(code, sizeof code, "DEMO-%06llX",
                      static_cast<unsigned long long>(rng.next() & 0xFFFFFF));
        const bool percent = rng.chance(60);
        const double amount = percent ? 0.0 : static_cast<double>(rng.range(5, 30));
        const double rate = percent ? static_cast<double>(rng.range(5, 20)) : 0.0;
        const std::int64_t days = rng.range(15, 120);
        s.run(s.voucher, p.id, datetime(from), datetime(from + days * 86400), "Loyalty thank-you",
              code, rate, amount, 1);
        const std::int64_t id_rule = db.last_insert_id();
        for (auto [lang, name] :
             {std::pair<int, const char*>{1, "Thank you"}, {2, "Merci"}, {3, "Gracias"}})
            s.run(s.voucher_lang, id_rule, lang, name);
    }

    // Customer service threads.
    if (rng.chance(10)) {
        static const char* const statuses[] = {"open", "closed", "closed", "pending1", "pending2"};
        const std::int64_t at = rng.range(p.registered, now - 60);
        const int count = static_cast<int>(rng.range(1, 4));
        const std::string status = rng.pick(statuses);
        const std::string token = hex32(rng).substr(0, 12);
        const std::int64_t contact = rng.range(1, 2);
        s.run(s.thread, p.id_lang, contact, p.id, std::optional<std::int64_t>(), status, p.email,
              token, datetime(at), datetime(at + count * 7200));
        const std::int64_t id_thread = db.last_insert_id();
        ++n.summary.threads;
        for (int i = 0; i < count; ++i) {
            const bool employee = i % 2 == 1;
            std::optional<std::string> file;
            if (!employee && rng.chance(15))
                file = "photo_" + std::to_string(rng.range(100, 999)) + ".jpg";
            const bool is_private = employee && rng.chance(20);
            const std::optional<std::string> from_ip =
                employee ? std::optional<std::string>() : std::optional<std::string>(ip(rng));
            const char* text = employee ? rng.pick(kReplies) : rng.pick(kMessages);
            s.run(s.message, id_thread, employee ? 1 : 0, text, file, from_ip,
                  datetime(at + i * 7200), is_private, status == "open" && i == count - 1 ? 0 : 1);
        }
    }
}

void add_visits(Statements& s, Database& db, Rng& rng, const Person& p, std::int64_t now) {
    // Visits: one guest per customer, a few connections (the last one is "last visit").
    s.run(s.guest, p.id);
    const std::int64_t id_guest = db.last_insert_id();
    const int visits = static_cast<int>(rng.range(1, 5));
    std::string address = ip(rng);
    for (int i = 0; i < visits; ++i) {
        const std::int64_t at = rng.range(p.registered, now - 60);
        s.run(s.connection, id_guest, address, datetime(at),
              rng.chance(30) ? std::optional<std::string>("https://www.example-search.com/")
                             : std::nullopt);
    }
}

void add_customer_life(Statements& s, Database& db, Rng& rng, const Refs& refs, const Person& p,
                       std::int64_t now, Counters& n) {
    const std::string registered = datetime(p.registered);
    std::vector<std::int64_t> addresses = add_addresses(s, db, rng, refs, p, n, registered);
    if (p.shops)
        add_purchases_and_messages(s, db, rng, refs, p, now, n, addresses);
    add_visits(s, db, rng, p, now);
}

void add_customer(Statements& s, Database& db, Rng& rng, const Refs& refs, Person& p,
                  std::int64_t now, Counters& n, const char* hash, const std::string& birthday,
                  bool newsletter, bool optin, int risk, bool active, bool deleted) {
    const bool b2b = !p.company.empty();
    const std::string registered = datetime(p.registered);
    std::optional<std::string> nl_date, nl_ip, company, siret_value, ape, website, note, bday;
    if (newsletter) {
        nl_date = datetime(p.registered + rng.range(0, 86400));
        nl_ip = ip(rng);
    }
    if (b2b) {
        company = p.company;
        siret_value = siret(rng);
        ape = number_and_letter(rng, 1000, 9999);
        website = "https://www." + ascii_fold(p.company) + ".example";
    }
    if (rng.chance(3))
        note = rng.pick(kNotes);
    if (!birthday.empty())
        bday = birthday;
    const std::string secure_key = hex32(rng);
    const int payment_days = b2b ? rng.pick(kPaymentDays) : 60;
    const double allowance = b2b ? static_cast<double>(rng.range(10, 200) * 100) : 0.0;
    s.run(s.customer, p.id, p.gender, p.default_group, p.id_lang, b2b ? risk : 0, company,
          siret_value, ape, p.firstname, p.lastname, p.email, p.guest ? "" : hash, registered, bday,
          newsletter, nl_ip, nl_date, optin, website, allowance, payment_days, secure_key, note,
          active, p.guest, deleted, registered);
    ++n.summary.customers;
    s.run(s.group, p.id, p.default_group);
    if (!p.guest && p.default_group != 3)
        s.run(s.group, p.id, 3);
    if (!p.guest && rng.chance(5))
        s.run(s.group, p.id, 4);
    add_customer_life(s, db, rng, refs, p, now, n);
}

} // namespace

// --- 6. the generator
// -----------------------------------------------------------------------------

DemoSummary generate_demo(Database& db, const DemoOptions& options) {
    if (db.scalar_int("SELECT EXISTS (SELECT 1 FROM ps_customer)"))
        throw std::runtime_error("demo: the database already holds customers");
    if (options.customers < 0)
        throw std::invalid_argument("demo: the number of customers cannot be negative");
    if (options.activity_percent < 0 || options.activity_percent > 100)
        throw std::invalid_argument("demo: the share of shopping customers is a percentage");
    const std::int64_t now = parse_today(options.today);
    Rng rng(options.seed);
    Transaction tx(db);
    BulkLoad bulk(db, {BulkLoad::kShopTables});
    const std::string now_text = datetime(now);
    Refs refs = reference_data(db, rng, now_text);
    Statements s(db);
    Counters n;

    // PrestaShop's demo account comes first, as in every PrestaShop install.
    Person john;
    john.id = 1;
    john.gender = 1;
    john.firstname = "John";
    john.lastname = "DOE";
    john.email = "pub@prestashop.com";
    john.registered = now - 3 * 365 * 86400;
    john.country = 0; // France
    add_customer(s, db, rng, refs, john, now, n, kJohnDoeHash, "1970-01-15", true, true, 0, true,
                 false);

    const std::int64_t total = options.customers;
    for (std::int64_t i = 0; i < total; ++i) {
        if (options.progress && i % 4096 == 0 && !options.progress(i, total))
            throw std::runtime_error("cancelled");
        Person p;
        p.id = i + 2;
        const Culture& c =
            kCultures[rng.range(0, static_cast<std::int64_t>(std::size(kCultures)) - 1)];
        const int g = static_cast<int>(rng.range(0, 99));
        p.gender = g < 45 ? 1 : g < 92 ? 2 : 0;
        const bool male = p.gender == 1 || (p.gender == 0 && rng.chance(50));
        p.firstname = male ? c.male[rng.next() % c.male_n] : c.female[rng.next() % c.female_n];
        p.lastname = c.last[rng.next() % c.last_n];
        p.id_lang = c.id_lang;
        const std::size_t country_count = std::char_traits<char>::length(c.countries) / 2;
        const std::string iso(c.countries + 2 * (rng.next() % country_count), 2);
        for (std::size_t k = 0; k < std::size(kCountries); ++k)
            if (iso == kCountries[k].iso)
                p.country = k;
        p.email = ascii_fold(p.firstname) + "." + ascii_fold(p.lastname) + "." +
                  std::to_string(p.id) + "@" + rng.pick(kDomains);
        p.guest = rng.chance(3);
        p.registered = now - rng.range(3600, 6 * 365 * 86400);
        int risk = 0;
        if (!p.guest && rng.chance(8)) {
            p.company = rng.pick(kCompanies);
            p.default_group = rng.chance(60) ? 5 : 6;
            risk = static_cast<int>(rng.range(1, 4));
        } else if (p.guest) {
            p.default_group = 2;
        } else {
            p.default_group = rng.chance(4) ? 4 : 3;
        }
        std::string birthday;
        if (rng.chance(85)) {
            const std::int64_t days = rng.range(18 * 365, 85 * 365);
            birthday = date(now - days * 86400 - rng.range(0, 86399));
        }
        const bool newsletter = rng.chance(45);
        const bool optin = rng.chance(25);
        const bool deleted = !p.guest && rng.chance_permille(5);
        const bool active = !deleted && rng.chance(96);
        if (options.activity_percent < 100) // drawn only then: 100 keeps the shop as it was
            p.shops = rng.chance(options.activity_percent);
        add_customer(s, db, rng, refs, p, now, n, kDemoHash, birthday, newsletter, optin, risk,
                     active, deleted);
    }
    if (options.progress && !options.progress(total, total))
        throw std::runtime_error("cancelled");
    bulk.finish();
    tx.commit();
    return n.summary;
}

} // namespace clientele::core
