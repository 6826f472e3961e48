// Schema, migration 1 (the PrestaShop customer domain) and the migration runner.
//
// Sections: 1. reference tables (shops, languages, countries, titles, groups, risk)
// 2. customers and addresses  3. catalogue  4. carts and orders, returns, credit slips
// 5. customer service  6. vouchers, connections, configuration  7. our own tables
// (derived figures, full-text index, audit log, saved views) and their triggers
// 8. seed rows PrestaShop installs by default  9. runner
#include "core/schema.h"

#include "core/db.h"

#include <string>

namespace clientele::core {

namespace {

// --- 1. reference tables ------------------------------------------------------------------
constexpr const char* kReference = R"SQL(
CREATE TABLE ps_shop_group (
  id_shop_group INTEGER PRIMARY KEY, name TEXT NOT NULL, share_customer INTEGER NOT NULL DEFAULT 0,
  active INTEGER NOT NULL DEFAULT 1);
CREATE TABLE ps_shop (
  id_shop INTEGER PRIMARY KEY, id_shop_group INTEGER NOT NULL REFERENCES ps_shop_group,
  name TEXT NOT NULL, active INTEGER NOT NULL DEFAULT 1);
CREATE TABLE ps_lang (
  id_lang INTEGER PRIMARY KEY, name TEXT NOT NULL, iso_code TEXT NOT NULL UNIQUE,
  language_code TEXT NOT NULL, active INTEGER NOT NULL DEFAULT 1);
CREATE TABLE ps_zone (id_zone INTEGER PRIMARY KEY, name TEXT NOT NULL, active INTEGER NOT NULL DEFAULT 1);
CREATE TABLE ps_country (
  id_country INTEGER PRIMARY KEY, id_zone INTEGER NOT NULL REFERENCES ps_zone,
  iso_code TEXT NOT NULL UNIQUE, call_prefix INTEGER NOT NULL DEFAULT 0,
  active INTEGER NOT NULL DEFAULT 1, contains_states INTEGER NOT NULL DEFAULT 0,
  need_identification_number INTEGER NOT NULL DEFAULT 0, need_zip_code INTEGER NOT NULL DEFAULT 1,
  zip_code_format TEXT NOT NULL DEFAULT '');
CREATE TABLE ps_country_lang (
  id_country INTEGER NOT NULL REFERENCES ps_country ON DELETE CASCADE,
  id_lang INTEGER NOT NULL REFERENCES ps_lang ON DELETE CASCADE, name TEXT NOT NULL,
  PRIMARY KEY (id_country, id_lang)) WITHOUT ROWID;
CREATE TABLE ps_state (
  id_state INTEGER PRIMARY KEY, id_country INTEGER NOT NULL REFERENCES ps_country,
  id_zone INTEGER NOT NULL REFERENCES ps_zone, name TEXT NOT NULL, iso_code TEXT NOT NULL,
  active INTEGER NOT NULL DEFAULT 1);
CREATE INDEX ps_state_country ON ps_state(id_country, name);
CREATE TABLE ps_gender (id_gender INTEGER PRIMARY KEY, type INTEGER NOT NULL CHECK (type IN (0, 1, 2)));
CREATE TABLE ps_gender_lang (
  id_gender INTEGER NOT NULL REFERENCES ps_gender ON DELETE CASCADE,
  id_lang INTEGER NOT NULL REFERENCES ps_lang ON DELETE CASCADE, name TEXT NOT NULL,
  PRIMARY KEY (id_gender, id_lang)) WITHOUT ROWID;
CREATE TABLE ps_group (
  id_group INTEGER PRIMARY KEY, reduction REAL NOT NULL DEFAULT 0 CHECK (reduction BETWEEN 0 AND 100),
  price_display_method INTEGER NOT NULL DEFAULT 0 CHECK (price_display_method IN (0, 1)),
  show_prices INTEGER NOT NULL DEFAULT 1, date_add TEXT NOT NULL, date_upd TEXT NOT NULL);
CREATE TABLE ps_group_lang (
  id_group INTEGER NOT NULL REFERENCES ps_group ON DELETE CASCADE,
  id_lang INTEGER NOT NULL REFERENCES ps_lang ON DELETE CASCADE, name TEXT NOT NULL,
  PRIMARY KEY (id_group, id_lang)) WITHOUT ROWID;
CREATE TABLE ps_risk (id_risk INTEGER PRIMARY KEY, percent INTEGER NOT NULL, color TEXT NOT NULL);
CREATE TABLE ps_risk_lang (
  id_risk INTEGER NOT NULL REFERENCES ps_risk ON DELETE CASCADE,
  id_lang INTEGER NOT NULL REFERENCES ps_lang ON DELETE CASCADE, name TEXT NOT NULL,
  PRIMARY KEY (id_risk, id_lang)) WITHOUT ROWID;
)SQL";

// --- 2. customers and addresses -----------------------------------------------------------
constexpr const char* kCustomers = R"SQL(
CREATE TABLE ps_customer (
  id_customer INTEGER PRIMARY KEY,
  id_shop_group INTEGER NOT NULL DEFAULT 1 REFERENCES ps_shop_group,
  id_shop INTEGER NOT NULL DEFAULT 1 REFERENCES ps_shop,
  id_gender INTEGER NOT NULL DEFAULT 0,
  id_default_group INTEGER NOT NULL DEFAULT 3 REFERENCES ps_group,
  id_lang INTEGER REFERENCES ps_lang,
  id_risk INTEGER NOT NULL DEFAULT 0,
  company TEXT, siret TEXT, ape TEXT,
  firstname TEXT NOT NULL, lastname TEXT NOT NULL, email TEXT NOT NULL,
  passwd TEXT NOT NULL DEFAULT '',
  last_passwd_gen TEXT,
  birthday TEXT,
  newsletter INTEGER NOT NULL DEFAULT 0, ip_registration_newsletter TEXT, newsletter_date_add TEXT,
  optin INTEGER NOT NULL DEFAULT 0,
  website TEXT,
  outstanding_allow_amount REAL NOT NULL DEFAULT 0,
  show_public_prices INTEGER NOT NULL DEFAULT 0,
  max_payment_days INTEGER NOT NULL DEFAULT 60,
  secure_key TEXT NOT NULL DEFAULT '-1',
  note TEXT,
  active INTEGER NOT NULL DEFAULT 0,
  is_guest INTEGER NOT NULL DEFAULT 0,
  deleted INTEGER NOT NULL DEFAULT 0,
  date_add TEXT NOT NULL, date_upd TEXT NOT NULL,
  reset_password_token TEXT, reset_password_validity TEXT);
CREATE INDEX ps_customer_email ON ps_customer(email COLLATE NOCASE);
CREATE INDEX ps_customer_lastname ON ps_customer(lastname COLLATE NOCASE, firstname COLLATE NOCASE);
CREATE INDEX ps_customer_firstname ON ps_customer(firstname COLLATE NOCASE);
CREATE INDEX ps_customer_company ON ps_customer(company COLLATE NOCASE) WHERE company IS NOT NULL;
CREATE INDEX ps_customer_date_add ON ps_customer(date_add);
CREATE INDEX ps_customer_birthday ON ps_customer(birthday);
CREATE INDEX ps_customer_default_group ON ps_customer(id_default_group);
CREATE INDEX ps_customer_shop ON ps_customer(id_shop);
CREATE INDEX ps_customer_gender ON ps_customer(id_gender);
CREATE INDEX ps_customer_flags ON ps_customer(active, newsletter, optin);
CREATE INDEX ps_customer_newsletter ON ps_customer(newsletter);
CREATE INDEX ps_customer_optin ON ps_customer(optin);
-- Every list hides soft-deleted customers: counting the live ones must not read the table.
CREATE INDEX ps_customer_deleted ON ps_customer(deleted);

CREATE TABLE ps_customer_group (
  id_customer INTEGER NOT NULL REFERENCES ps_customer ON DELETE CASCADE,
  id_group INTEGER NOT NULL REFERENCES ps_group ON DELETE CASCADE,
  PRIMARY KEY (id_customer, id_group)) WITHOUT ROWID;
CREATE INDEX ps_customer_group_group ON ps_customer_group(id_group, id_customer);

CREATE TABLE ps_address (
  id_address INTEGER PRIMARY KEY,
  id_country INTEGER NOT NULL REFERENCES ps_country,
  id_state INTEGER REFERENCES ps_state,
  id_customer INTEGER NOT NULL DEFAULT 0,
  id_manufacturer INTEGER NOT NULL DEFAULT 0, id_supplier INTEGER NOT NULL DEFAULT 0,
  id_warehouse INTEGER NOT NULL DEFAULT 0,
  alias TEXT NOT NULL, company TEXT, lastname TEXT NOT NULL, firstname TEXT NOT NULL,
  address1 TEXT NOT NULL, address2 TEXT, postcode TEXT, city TEXT NOT NULL, other TEXT,
  phone TEXT, phone_mobile TEXT, vat_number TEXT, dni TEXT,
  date_add TEXT NOT NULL, date_upd TEXT NOT NULL,
  active INTEGER NOT NULL DEFAULT 1, deleted INTEGER NOT NULL DEFAULT 0);
CREATE INDEX ps_address_customer ON ps_address(id_customer);
CREATE INDEX ps_address_country ON ps_address(id_country);
CREATE INDEX ps_address_postcode ON ps_address(postcode);
CREATE INDEX ps_address_city ON ps_address(city COLLATE NOCASE);

-- PrestaShop's "set required fields" for addresses (object_name = 'Address').
CREATE TABLE ps_required_field (
  id_required_field INTEGER PRIMARY KEY, object_name TEXT NOT NULL, field_name TEXT NOT NULL,
  UNIQUE (object_name, field_name));
)SQL";

// --- 3. catalogue (enough for carts, orders, reductions and statistics) --------------------
constexpr const char* kCatalogue = R"SQL(
CREATE TABLE ps_category (
  id_category INTEGER PRIMARY KEY, id_parent INTEGER NOT NULL DEFAULT 0,
  active INTEGER NOT NULL DEFAULT 1, position INTEGER NOT NULL DEFAULT 0);
CREATE TABLE ps_category_lang (
  id_category INTEGER NOT NULL REFERENCES ps_category ON DELETE CASCADE,
  id_lang INTEGER NOT NULL REFERENCES ps_lang ON DELETE CASCADE, name TEXT NOT NULL,
  PRIMARY KEY (id_category, id_lang)) WITHOUT ROWID;
CREATE TABLE ps_product (
  id_product INTEGER PRIMARY KEY, id_category_default INTEGER REFERENCES ps_category,
  reference TEXT, price REAL NOT NULL DEFAULT 0, active INTEGER NOT NULL DEFAULT 1,
  date_add TEXT NOT NULL, date_upd TEXT NOT NULL);
CREATE TABLE ps_product_lang (
  id_product INTEGER NOT NULL REFERENCES ps_product ON DELETE CASCADE,
  id_lang INTEGER NOT NULL REFERENCES ps_lang ON DELETE CASCADE, name TEXT NOT NULL,
  PRIMARY KEY (id_product, id_lang)) WITHOUT ROWID;
CREATE TABLE ps_category_product (
  id_category INTEGER NOT NULL REFERENCES ps_category ON DELETE CASCADE,
  id_product INTEGER NOT NULL REFERENCES ps_product ON DELETE CASCADE,
  position INTEGER NOT NULL DEFAULT 0, PRIMARY KEY (id_category, id_product)) WITHOUT ROWID;
CREATE TABLE ps_group_reduction (
  id_group_reduction INTEGER PRIMARY KEY,
  id_group INTEGER NOT NULL REFERENCES ps_group ON DELETE CASCADE,
  id_category INTEGER NOT NULL REFERENCES ps_category ON DELETE CASCADE,
  reduction REAL NOT NULL CHECK (reduction BETWEEN 0 AND 1), UNIQUE (id_group, id_category));
CREATE TABLE ps_module (id_module INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE, active INTEGER NOT NULL DEFAULT 1);
CREATE TABLE ps_module_group (
  id_module INTEGER NOT NULL REFERENCES ps_module ON DELETE CASCADE,
  id_shop INTEGER NOT NULL REFERENCES ps_shop ON DELETE CASCADE,
  id_group INTEGER NOT NULL REFERENCES ps_group ON DELETE CASCADE,
  PRIMARY KEY (id_module, id_shop, id_group)) WITHOUT ROWID;
)SQL";

// --- 4. carts and orders, returns, credit slips -------------------------------------------
constexpr const char* kOrders = R"SQL(
CREATE TABLE ps_currency (
  id_currency INTEGER PRIMARY KEY, name TEXT NOT NULL, iso_code TEXT NOT NULL UNIQUE,
  conversion_rate REAL NOT NULL DEFAULT 1, active INTEGER NOT NULL DEFAULT 1);
CREATE TABLE ps_cart (
  id_cart INTEGER PRIMARY KEY, id_shop INTEGER NOT NULL DEFAULT 1 REFERENCES ps_shop,
  id_customer INTEGER NOT NULL DEFAULT 0, id_address_delivery INTEGER NOT NULL DEFAULT 0,
  id_address_invoice INTEGER NOT NULL DEFAULT 0, id_currency INTEGER NOT NULL DEFAULT 1,
  id_lang INTEGER NOT NULL DEFAULT 1, secure_key TEXT NOT NULL DEFAULT '-1',
  date_add TEXT NOT NULL, date_upd TEXT NOT NULL);
CREATE INDEX ps_cart_customer ON ps_cart(id_customer, date_upd);
CREATE INDEX ps_cart_date_upd ON ps_cart(date_upd);
CREATE TABLE ps_cart_product (
  id_cart INTEGER NOT NULL REFERENCES ps_cart ON DELETE CASCADE,
  id_product INTEGER NOT NULL REFERENCES ps_product,
  quantity INTEGER NOT NULL DEFAULT 1 CHECK (quantity > 0), date_add TEXT NOT NULL,
  PRIMARY KEY (id_cart, id_product)) WITHOUT ROWID;

CREATE TABLE ps_order_state (
  id_order_state INTEGER PRIMARY KEY, invoice INTEGER NOT NULL DEFAULT 0,
  send_email INTEGER NOT NULL DEFAULT 0, module_name TEXT, color TEXT NOT NULL,
  unremovable INTEGER NOT NULL DEFAULT 1, hidden INTEGER NOT NULL DEFAULT 0,
  logable INTEGER NOT NULL DEFAULT 0, delivery INTEGER NOT NULL DEFAULT 0,
  shipped INTEGER NOT NULL DEFAULT 0, paid INTEGER NOT NULL DEFAULT 0,
  deleted INTEGER NOT NULL DEFAULT 0);
CREATE TABLE ps_order_state_lang (
  id_order_state INTEGER NOT NULL REFERENCES ps_order_state ON DELETE CASCADE,
  id_lang INTEGER NOT NULL REFERENCES ps_lang ON DELETE CASCADE, name TEXT NOT NULL,
  template TEXT NOT NULL DEFAULT '', PRIMARY KEY (id_order_state, id_lang)) WITHOUT ROWID;

CREATE TABLE ps_orders (
  id_order INTEGER PRIMARY KEY, reference TEXT NOT NULL,
  id_shop INTEGER NOT NULL DEFAULT 1 REFERENCES ps_shop, id_lang INTEGER NOT NULL DEFAULT 1,
  id_customer INTEGER NOT NULL REFERENCES ps_customer, id_cart INTEGER REFERENCES ps_cart,
  id_currency INTEGER NOT NULL DEFAULT 1, id_address_delivery INTEGER NOT NULL DEFAULT 0,
  id_address_invoice INTEGER NOT NULL DEFAULT 0,
  current_state INTEGER NOT NULL REFERENCES ps_order_state,
  secure_key TEXT NOT NULL DEFAULT '-1', payment TEXT NOT NULL, module TEXT,
  total_discounts REAL NOT NULL DEFAULT 0, total_paid REAL NOT NULL DEFAULT 0,
  total_paid_tax_incl REAL NOT NULL DEFAULT 0, total_paid_tax_excl REAL NOT NULL DEFAULT 0,
  total_paid_real REAL NOT NULL DEFAULT 0, total_products REAL NOT NULL DEFAULT 0,
  total_products_wt REAL NOT NULL DEFAULT 0, total_shipping REAL NOT NULL DEFAULT 0,
  conversion_rate REAL NOT NULL DEFAULT 1,
  invoice_number INTEGER NOT NULL DEFAULT 0, delivery_number INTEGER NOT NULL DEFAULT 0,
  invoice_date TEXT, delivery_date TEXT, valid INTEGER NOT NULL DEFAULT 0,
  date_add TEXT NOT NULL, date_upd TEXT NOT NULL);
CREATE INDEX ps_orders_customer ON ps_orders(id_customer, date_add);
CREATE INDEX ps_orders_state ON ps_orders(current_state);
CREATE INDEX ps_orders_date ON ps_orders(date_add);
CREATE INDEX ps_orders_reference ON ps_orders(reference);
CREATE INDEX ps_orders_cart ON ps_orders(id_cart);

CREATE TABLE ps_order_detail (
  id_order_detail INTEGER PRIMARY KEY,
  id_order INTEGER NOT NULL REFERENCES ps_orders ON DELETE CASCADE,
  product_id INTEGER NOT NULL, product_name TEXT NOT NULL, product_reference TEXT,
  product_quantity INTEGER NOT NULL DEFAULT 1,
  product_quantity_return INTEGER NOT NULL DEFAULT 0,
  product_quantity_refunded INTEGER NOT NULL DEFAULT 0,
  unit_price_tax_incl REAL NOT NULL DEFAULT 0, unit_price_tax_excl REAL NOT NULL DEFAULT 0,
  total_price_tax_incl REAL NOT NULL DEFAULT 0, total_price_tax_excl REAL NOT NULL DEFAULT 0);
CREATE INDEX ps_order_detail_order ON ps_order_detail(id_order);
CREATE INDEX ps_order_detail_product ON ps_order_detail(product_id);

CREATE TABLE ps_order_history (
  id_order_history INTEGER PRIMARY KEY, id_employee INTEGER NOT NULL DEFAULT 0,
  id_order INTEGER NOT NULL REFERENCES ps_orders ON DELETE CASCADE,
  id_order_state INTEGER NOT NULL REFERENCES ps_order_state, date_add TEXT NOT NULL);
CREATE INDEX ps_order_history_order ON ps_order_history(id_order, date_add);

CREATE TABLE ps_order_return_state (id_order_return_state INTEGER PRIMARY KEY, color TEXT NOT NULL);
CREATE TABLE ps_order_return_state_lang (
  id_order_return_state INTEGER NOT NULL REFERENCES ps_order_return_state ON DELETE CASCADE,
  id_lang INTEGER NOT NULL REFERENCES ps_lang ON DELETE CASCADE, name TEXT NOT NULL,
  PRIMARY KEY (id_order_return_state, id_lang)) WITHOUT ROWID;
CREATE TABLE ps_order_return (
  id_order_return INTEGER PRIMARY KEY,
  id_customer INTEGER NOT NULL REFERENCES ps_customer,
  id_order INTEGER NOT NULL REFERENCES ps_orders ON DELETE CASCADE,
  state INTEGER NOT NULL DEFAULT 1 REFERENCES ps_order_return_state,
  question TEXT NOT NULL DEFAULT '', date_add TEXT NOT NULL, date_upd TEXT NOT NULL);
CREATE INDEX ps_order_return_customer ON ps_order_return(id_customer);
CREATE INDEX ps_order_return_order ON ps_order_return(id_order);
CREATE TABLE ps_order_return_detail (
  id_order_return INTEGER NOT NULL REFERENCES ps_order_return ON DELETE CASCADE,
  id_order_detail INTEGER NOT NULL REFERENCES ps_order_detail ON DELETE CASCADE,
  product_quantity INTEGER NOT NULL DEFAULT 1,
  PRIMARY KEY (id_order_return, id_order_detail)) WITHOUT ROWID;

CREATE TABLE ps_order_slip (
  id_order_slip INTEGER PRIMARY KEY,
  id_customer INTEGER NOT NULL REFERENCES ps_customer,
  id_order INTEGER NOT NULL REFERENCES ps_orders ON DELETE CASCADE,
  conversion_rate REAL NOT NULL DEFAULT 1,
  total_products_tax_excl REAL NOT NULL DEFAULT 0, total_products_tax_incl REAL NOT NULL DEFAULT 0,
  total_shipping_tax_excl REAL NOT NULL DEFAULT 0, total_shipping_tax_incl REAL NOT NULL DEFAULT 0,
  amount REAL NOT NULL DEFAULT 0, shipping_cost INTEGER NOT NULL DEFAULT 0,
  shipping_cost_amount REAL NOT NULL DEFAULT 0, partial INTEGER NOT NULL DEFAULT 0,
  order_slip_type INTEGER NOT NULL DEFAULT 0, date_add TEXT NOT NULL, date_upd TEXT NOT NULL);
CREATE INDEX ps_order_slip_customer ON ps_order_slip(id_customer);
CREATE INDEX ps_order_slip_order ON ps_order_slip(id_order);
CREATE TABLE ps_order_slip_detail (
  id_order_slip INTEGER NOT NULL REFERENCES ps_order_slip ON DELETE CASCADE,
  id_order_detail INTEGER NOT NULL REFERENCES ps_order_detail ON DELETE CASCADE,
  product_quantity INTEGER NOT NULL DEFAULT 0, amount_tax_incl REAL NOT NULL DEFAULT 0,
  PRIMARY KEY (id_order_slip, id_order_detail)) WITHOUT ROWID;
)SQL";

// --- 5. customer service -------------------------------------------------------------------
constexpr const char* kService = R"SQL(
CREATE TABLE ps_contact (
  id_contact INTEGER PRIMARY KEY, email TEXT NOT NULL DEFAULT '',
  customer_service INTEGER NOT NULL DEFAULT 0, position INTEGER NOT NULL DEFAULT 0);
CREATE TABLE ps_contact_lang (
  id_contact INTEGER NOT NULL REFERENCES ps_contact ON DELETE CASCADE,
  id_lang INTEGER NOT NULL REFERENCES ps_lang ON DELETE CASCADE,
  name TEXT NOT NULL, description TEXT NOT NULL DEFAULT '',
  PRIMARY KEY (id_contact, id_lang)) WITHOUT ROWID;
CREATE TABLE ps_customer_thread (
  id_customer_thread INTEGER PRIMARY KEY, id_shop INTEGER NOT NULL DEFAULT 1 REFERENCES ps_shop,
  id_lang INTEGER NOT NULL DEFAULT 1, id_contact INTEGER NOT NULL DEFAULT 0,
  id_customer INTEGER, id_order INTEGER, id_product INTEGER,
  status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'closed', 'pending1', 'pending2')),
  email TEXT NOT NULL, token TEXT, date_add TEXT NOT NULL, date_upd TEXT NOT NULL);
CREATE INDEX ps_customer_thread_customer ON ps_customer_thread(id_customer);
CREATE INDEX ps_customer_thread_status ON ps_customer_thread(status, date_upd);
CREATE TABLE ps_customer_message (
  id_customer_message INTEGER PRIMARY KEY,
  id_customer_thread INTEGER NOT NULL REFERENCES ps_customer_thread ON DELETE CASCADE,
  id_employee INTEGER NOT NULL DEFAULT 0, message TEXT NOT NULL, file_name TEXT,
  ip_address TEXT, user_agent TEXT, date_add TEXT NOT NULL, date_upd TEXT NOT NULL,
  private INTEGER NOT NULL DEFAULT 0, "read" INTEGER NOT NULL DEFAULT 0);
CREATE INDEX ps_customer_message_thread ON ps_customer_message(id_customer_thread, date_add);
)SQL";

// --- 6. vouchers, connections, configuration -----------------------------------------------
constexpr const char* kMisc = R"SQL(
CREATE TABLE ps_cart_rule (
  id_cart_rule INTEGER PRIMARY KEY, id_customer INTEGER NOT NULL DEFAULT 0,
  date_from TEXT NOT NULL, date_to TEXT NOT NULL, description TEXT,
  quantity INTEGER NOT NULL DEFAULT 1, quantity_per_user INTEGER NOT NULL DEFAULT 1,
  priority INTEGER NOT NULL DEFAULT 1, partial_use INTEGER NOT NULL DEFAULT 0,
  code TEXT NOT NULL DEFAULT '', minimum_amount REAL NOT NULL DEFAULT 0,
  free_shipping INTEGER NOT NULL DEFAULT 0, reduction_percent REAL NOT NULL DEFAULT 0,
  reduction_amount REAL NOT NULL DEFAULT 0, highlight INTEGER NOT NULL DEFAULT 0,
  active INTEGER NOT NULL DEFAULT 1, date_add TEXT NOT NULL, date_upd TEXT NOT NULL);
CREATE INDEX ps_cart_rule_customer ON ps_cart_rule(id_customer);
CREATE INDEX ps_cart_rule_code ON ps_cart_rule(code);
CREATE TABLE ps_cart_rule_lang (
  id_cart_rule INTEGER NOT NULL REFERENCES ps_cart_rule ON DELETE CASCADE,
  id_lang INTEGER NOT NULL REFERENCES ps_lang ON DELETE CASCADE, name TEXT NOT NULL,
  PRIMARY KEY (id_cart_rule, id_lang)) WITHOUT ROWID;
CREATE TABLE ps_order_cart_rule (
  id_order_cart_rule INTEGER PRIMARY KEY,
  id_order INTEGER NOT NULL REFERENCES ps_orders ON DELETE CASCADE,
  id_cart_rule INTEGER NOT NULL REFERENCES ps_cart_rule, name TEXT NOT NULL,
  value REAL NOT NULL DEFAULT 0);
CREATE INDEX ps_order_cart_rule_rule ON ps_order_cart_rule(id_cart_rule);

-- PrestaShop links connections to customers through ps_guest; we keep that link.
CREATE TABLE ps_guest (id_guest INTEGER PRIMARY KEY, id_customer INTEGER NOT NULL DEFAULT 0);
CREATE INDEX ps_guest_customer ON ps_guest(id_customer);
CREATE TABLE ps_connections (
  id_connections INTEGER PRIMARY KEY, id_shop_group INTEGER NOT NULL DEFAULT 1,
  id_shop INTEGER NOT NULL DEFAULT 1, id_guest INTEGER NOT NULL REFERENCES ps_guest ON DELETE CASCADE,
  id_page INTEGER NOT NULL DEFAULT 0, ip_address TEXT, date_add TEXT NOT NULL, http_referer TEXT);
CREATE INDEX ps_connections_guest ON ps_connections(id_guest, date_add);

CREATE TABLE ps_configuration (
  name TEXT PRIMARY KEY, value TEXT, date_add TEXT NOT NULL, date_upd TEXT NOT NULL) WITHOUT ROWID;
)SQL";

// --- 7. our own tables ----------------------------------------------------------------------
// cl_state.bulk_load is set by a bulk load (demo data, imports) inside its transaction: the
// insert triggers below then stand aside and the loader recomputes the derived tables in a
// few set-based statements at the end, which is many times faster than row by row.
// cl_customer_stats holds the grid's derived figures so that sorting and filtering a million
// customers by sales, orders, last visit or country uses an index instead of an aggregate.
// Triggers keep it exact: it is never edited directly.
constexpr const char* kOwn = R"SQL(
CREATE TABLE cl_state (id INTEGER PRIMARY KEY CHECK (id = 1), bulk_load INTEGER NOT NULL DEFAULT 0);
INSERT INTO cl_state(id, bulk_load) VALUES (1, 0);
CREATE TABLE cl_customer_stats (
  id_customer INTEGER PRIMARY KEY REFERENCES ps_customer ON DELETE CASCADE,
  sales REAL NOT NULL DEFAULT 0, valid_orders INTEGER NOT NULL DEFAULT 0,
  first_order TEXT, last_order TEXT, last_visit TEXT, last_visit_ip TEXT,
  id_country INTEGER, id_address_invoice INTEGER, id_address_delivery INTEGER);
CREATE INDEX cl_customer_stats_sales ON cl_customer_stats(sales);
CREATE INDEX cl_customer_stats_orders ON cl_customer_stats(valid_orders);
CREATE INDEX cl_customer_stats_last_visit ON cl_customer_stats(last_visit);
CREATE INDEX cl_customer_stats_last_order ON cl_customer_stats(last_order);
CREATE INDEX cl_customer_stats_country ON cl_customer_stats(id_country);
CREATE INDEX cl_customer_stats_ip ON cl_customer_stats(last_visit_ip);

CREATE TRIGGER cl_customer_stats_new AFTER INSERT ON ps_customer WHEN (SELECT bulk_load FROM cl_state) = 0 BEGIN
  INSERT INTO cl_customer_stats(id_customer) VALUES (NEW.id_customer);
END;

-- Valid orders: PrestaShop's ps_orders.valid flag (set by "logable" states).
CREATE TRIGGER cl_stats_order_insert AFTER INSERT ON ps_orders WHEN NEW.valid = 1 AND (SELECT bulk_load FROM cl_state) = 0 BEGIN
  UPDATE cl_customer_stats SET
    sales = sales + NEW.total_paid_real / NEW.conversion_rate,
    valid_orders = valid_orders + 1,
    first_order = CASE WHEN first_order IS NULL OR NEW.date_add < first_order THEN NEW.date_add ELSE first_order END,
    last_order = CASE WHEN last_order IS NULL OR NEW.date_add > last_order THEN NEW.date_add ELSE last_order END,
    id_address_invoice = CASE WHEN last_order IS NULL OR NEW.date_add >= last_order THEN NEW.id_address_invoice ELSE id_address_invoice END,
    id_address_delivery = CASE WHEN last_order IS NULL OR NEW.date_add >= last_order THEN NEW.id_address_delivery ELSE id_address_delivery END
  WHERE id_customer = NEW.id_customer;
END;
CREATE TRIGGER cl_stats_order_update AFTER UPDATE OF valid, total_paid_real, conversion_rate, id_customer, date_add, id_address_invoice, id_address_delivery ON ps_orders BEGIN
  UPDATE cl_customer_stats SET
    sales = (SELECT COALESCE(SUM(total_paid_real / conversion_rate), 0) FROM ps_orders o WHERE o.id_customer = cl_customer_stats.id_customer AND o.valid = 1),
    valid_orders = (SELECT COUNT(*) FROM ps_orders o WHERE o.id_customer = cl_customer_stats.id_customer AND o.valid = 1),
    first_order = (SELECT MIN(date_add) FROM ps_orders o WHERE o.id_customer = cl_customer_stats.id_customer AND o.valid = 1),
    last_order = (SELECT MAX(date_add) FROM ps_orders o WHERE o.id_customer = cl_customer_stats.id_customer AND o.valid = 1),
    id_address_invoice = (SELECT o.id_address_invoice FROM ps_orders o WHERE o.id_customer = cl_customer_stats.id_customer AND o.valid = 1 ORDER BY o.date_add DESC, o.id_order DESC LIMIT 1),
    id_address_delivery = (SELECT o.id_address_delivery FROM ps_orders o WHERE o.id_customer = cl_customer_stats.id_customer AND o.valid = 1 ORDER BY o.date_add DESC, o.id_order DESC LIMIT 1)
  WHERE id_customer IN (OLD.id_customer, NEW.id_customer);
END;
CREATE TRIGGER cl_stats_order_delete AFTER DELETE ON ps_orders WHEN OLD.valid = 1 BEGIN
  UPDATE cl_customer_stats SET
    sales = (SELECT COALESCE(SUM(total_paid_real / conversion_rate), 0) FROM ps_orders o WHERE o.id_customer = OLD.id_customer AND o.valid = 1),
    valid_orders = (SELECT COUNT(*) FROM ps_orders o WHERE o.id_customer = OLD.id_customer AND o.valid = 1),
    first_order = (SELECT MIN(date_add) FROM ps_orders o WHERE o.id_customer = OLD.id_customer AND o.valid = 1),
    last_order = (SELECT MAX(date_add) FROM ps_orders o WHERE o.id_customer = OLD.id_customer AND o.valid = 1),
    id_address_invoice = (SELECT o.id_address_invoice FROM ps_orders o WHERE o.id_customer = OLD.id_customer AND o.valid = 1 ORDER BY o.date_add DESC, o.id_order DESC LIMIT 1),
    id_address_delivery = (SELECT o.id_address_delivery FROM ps_orders o WHERE o.id_customer = OLD.id_customer AND o.valid = 1 ORDER BY o.date_add DESC, o.id_order DESC LIMIT 1)
  WHERE id_customer = OLD.id_customer;
END;
CREATE TRIGGER cl_stats_connection AFTER INSERT ON ps_connections WHEN (SELECT bulk_load FROM cl_state) = 0 BEGIN
  UPDATE cl_customer_stats SET last_visit = NEW.date_add, last_visit_ip = NEW.ip_address
  WHERE id_customer = (SELECT id_customer FROM ps_guest WHERE id_guest = NEW.id_guest)
    AND (last_visit IS NULL OR last_visit <= NEW.date_add);
END;
-- The customer's country is the one of their first live address (the invoice address in the grid).
CREATE TRIGGER cl_stats_address_insert AFTER INSERT ON ps_address WHEN NEW.id_customer > 0 AND (SELECT bulk_load FROM cl_state) = 0 BEGIN
  UPDATE cl_customer_stats SET id_country = NEW.id_country
  WHERE id_customer = NEW.id_customer AND id_country IS NULL;
END;
CREATE TRIGGER cl_stats_address_update AFTER UPDATE OF id_country, deleted, id_customer ON ps_address BEGIN
  UPDATE cl_customer_stats SET id_country = (
    SELECT a.id_country FROM ps_address a WHERE a.id_customer = cl_customer_stats.id_customer
      AND a.deleted = 0 ORDER BY a.id_address LIMIT 1)
  WHERE id_customer IN (OLD.id_customer, NEW.id_customer);
END;
CREATE TRIGGER cl_stats_address_delete AFTER DELETE ON ps_address WHEN OLD.id_customer > 0 BEGIN
  UPDATE cl_customer_stats SET id_country = (
    SELECT a.id_country FROM ps_address a WHERE a.id_customer = OLD.id_customer
      AND a.deleted = 0 ORDER BY a.id_address LIMIT 1)
  WHERE id_customer = OLD.id_customer;
END;

-- Full-text index for the global search (names, e-mail, company), kept by triggers; the e-mail
-- is also indexed split at '@' and '.' so "dupont" finds "jean.dupont@example.fr". Migration 7
-- makes it contentless, without the IP column.
CREATE VIRTUAL TABLE cl_customer_fts USING fts5(
  firstname, lastname, email, company, ip, tokenize = "unicode61 remove_diacritics 2",
  prefix = '2 3');
CREATE TRIGGER cl_fts_customer_insert AFTER INSERT ON ps_customer WHEN (SELECT bulk_load FROM cl_state) = 0 BEGIN
  INSERT INTO cl_customer_fts(rowid, firstname, lastname, email, company, ip)
  VALUES (NEW.id_customer, NEW.firstname, NEW.lastname, replace(replace(NEW.email, '@', ' '), '.', ' '),
          COALESCE(NEW.company, ''), '');
END;
CREATE TRIGGER cl_fts_customer_update AFTER UPDATE OF firstname, lastname, email, company ON ps_customer BEGIN
  UPDATE cl_customer_fts SET firstname = NEW.firstname, lastname = NEW.lastname,
    email = replace(replace(NEW.email, '@', ' '), '.', ' '), company = COALESCE(NEW.company, '')
  WHERE rowid = NEW.id_customer;
END;
CREATE TRIGGER cl_fts_customer_delete AFTER DELETE ON ps_customer BEGIN
  DELETE FROM cl_customer_fts WHERE rowid = OLD.id_customer;
END;
CREATE TRIGGER cl_fts_ip AFTER UPDATE OF last_visit_ip ON cl_customer_stats BEGIN
  UPDATE cl_customer_fts SET ip = COALESCE(NEW.last_visit_ip, '') WHERE rowid = NEW.id_customer;
END;

-- Audit log: every change, with old and new values as JSON, grouped by batch for undo.
CREATE TABLE cl_audit (
  id INTEGER PRIMARY KEY, batch INTEGER NOT NULL, at TEXT NOT NULL, actor TEXT NOT NULL,
  action TEXT NOT NULL, entity TEXT NOT NULL, entity_id INTEGER NOT NULL,
  summary TEXT NOT NULL DEFAULT '', old_values TEXT, new_values TEXT,
  undone INTEGER NOT NULL DEFAULT 0);
CREATE INDEX cl_audit_customer ON cl_audit(entity_id, id);
CREATE INDEX cl_audit_batch ON cl_audit(batch);

-- E-mails blocked by a "keep data" delete: they cannot register again.
CREATE TABLE cl_blocked_email (email TEXT PRIMARY KEY COLLATE NOCASE, date_add TEXT NOT NULL) WITHOUT ROWID;

-- Saved grid views (columns, order, widths, filters, sort) as JSON.
CREATE TABLE cl_saved_view (
  id INTEGER PRIMARY KEY, screen TEXT NOT NULL, name TEXT NOT NULL, spec TEXT NOT NULL,
  is_default INTEGER NOT NULL DEFAULT 0, UNIQUE (screen, name));

-- Messages prepared for customers (follow-up, cart reminders) that the user sends.
CREATE TABLE cl_outbox (
  id INTEGER PRIMARY KEY, id_customer INTEGER, email TEXT NOT NULL, subject TEXT NOT NULL,
  body TEXT NOT NULL, kind TEXT NOT NULL, date_add TEXT NOT NULL, sent_at TEXT);
CREATE INDEX cl_outbox_customer ON cl_outbox(id_customer);
)SQL";

// --- 8. seed rows PrestaShop installs by default --------------------------------------------
constexpr const char* kSeed = R"SQL(
INSERT INTO ps_shop_group(id_shop_group, name) VALUES (1, 'Default');
INSERT INTO ps_shop(id_shop, id_shop_group, name) VALUES (1, 1, 'Clientèle demo shop');
INSERT INTO ps_lang(id_lang, name, iso_code, language_code) VALUES
  (1, 'English (English)', 'en', 'en-us'), (2, 'Français (French)', 'fr', 'fr-fr'),
  (3, 'Español (Spanish)', 'es', 'es-es');
INSERT INTO ps_currency(id_currency, name, iso_code) VALUES (1, 'Euro', 'EUR');
INSERT INTO ps_gender(id_gender, type) VALUES (1, 0), (2, 1);
INSERT INTO ps_gender_lang VALUES (1, 1, 'Mr.'), (1, 2, 'M.'), (1, 3, 'Sr.'),
  (2, 1, 'Mrs.'), (2, 2, 'Mme'), (2, 3, 'Sra.');
INSERT INTO ps_group(id_group, reduction, price_display_method, show_prices, date_add, date_upd) VALUES
  (1, 0, 0, 1, datetime('now'), datetime('now')), (2, 0, 0, 1, datetime('now'), datetime('now')),
  (3, 0, 0, 1, datetime('now'), datetime('now'));
INSERT INTO ps_group_lang VALUES (1, 1, 'Visitor'), (1, 2, 'Visiteur'), (1, 3, 'Visitante'),
  (2, 1, 'Guest'), (2, 2, 'Invité'), (2, 3, 'Invitado'),
  (3, 1, 'Customer'), (3, 2, 'Client'), (3, 3, 'Cliente');
INSERT INTO ps_risk(id_risk, percent, color) VALUES (1, 0, '#32CD32'), (2, 35, '#FF8C00'),
  (3, 75, '#DC143C'), (4, 100, '#ec2e15');
INSERT INTO ps_risk_lang VALUES (1, 1, 'None'), (1, 2, 'Aucun'), (1, 3, 'Ninguno'),
  (2, 1, 'Low'), (2, 2, 'Faible'), (2, 3, 'Bajo'), (3, 1, 'Medium'), (3, 2, 'Moyen'),
  (3, 3, 'Medio'), (4, 1, 'High'), (4, 2, 'Élevé'), (4, 3, 'Alto');
INSERT INTO ps_order_state(id_order_state, invoice, send_email, module_name, color, logable, delivery, shipped, paid) VALUES
  (1, 0, 1, 'ps_checkpayment', '#34209E', 0, 0, 0, 0),
  (2, 1, 1, NULL, '#3498D8', 1, 0, 0, 1),
  (3, 1, 1, NULL, '#3498D8', 1, 1, 0, 1),
  (4, 1, 1, NULL, '#01b887', 1, 1, 1, 1),
  (5, 1, 0, NULL, '#01b887', 1, 1, 1, 1),
  (6, 0, 1, NULL, '#2C3E50', 0, 0, 0, 0),
  (7, 1, 1, NULL, '#ED2B3E', 0, 0, 0, 1),
  (8, 0, 1, NULL, '#ED2B3E', 0, 0, 0, 0),
  (9, 1, 1, NULL, '#3498D8', 1, 0, 0, 1),
  (10, 0, 1, 'ps_wirepayment', '#34209E', 0, 0, 0, 0),
  (11, 1, 1, NULL, '#3498D8', 1, 0, 0, 1),
  (12, 0, 1, NULL, '#34209E', 0, 0, 0, 0),
  (13, 0, 1, 'ps_cashondelivery', '#34209E', 0, 0, 0, 0);
INSERT INTO ps_order_state_lang(id_order_state, id_lang, name) VALUES
  (1, 1, 'Awaiting check payment'), (1, 2, 'En attente du paiement par chèque'), (1, 3, 'Pendiente del pago por cheque'),
  (2, 1, 'Payment accepted'), (2, 2, 'Paiement accepté'), (2, 3, 'Pago aceptado'),
  (3, 1, 'Processing in progress'), (3, 2, 'En cours de préparation'), (3, 3, 'Preparación en curso'),
  (4, 1, 'Shipped'), (4, 2, 'Expédié'), (4, 3, 'Enviado'),
  (5, 1, 'Delivered'), (5, 2, 'Livré'), (5, 3, 'Entregado'),
  (6, 1, 'Canceled'), (6, 2, 'Annulé'), (6, 3, 'Cancelado'),
  (7, 1, 'Refunded'), (7, 2, 'Remboursé'), (7, 3, 'Reembolsado'),
  (8, 1, 'Payment error'), (8, 2, 'Erreur de paiement'), (8, 3, 'Error en el pago'),
  (9, 1, 'On backorder (paid)'), (9, 2, 'En attente de réapprovisionnement (payé)'), (9, 3, 'Pedido pendiente por falta de stock (pagado)'),
  (10, 1, 'Awaiting bank wire payment'), (10, 2, 'En attente de virement bancaire'), (10, 3, 'En espera de pago por transferencia bancaria'),
  (11, 1, 'Remote payment accepted'), (11, 2, 'Paiement à distance accepté'), (11, 3, 'Pago remoto aceptado'),
  (12, 1, 'On backorder (not paid)'), (12, 2, 'En attente de réapprovisionnement (non payé)'), (12, 3, 'Pedido pendiente por falta de stock (no pagado)'),
  (13, 1, 'Awaiting Cash On Delivery validation'), (13, 2, 'En attente de paiement à la livraison'), (13, 3, 'En espera de validación por contra reembolso');
INSERT INTO ps_order_return_state VALUES (1, '#4169E1'), (2, '#8A2BE2'), (3, '#32CD32'), (4, '#DC143C'), (5, '#108510');
INSERT INTO ps_order_return_state_lang VALUES
  (1, 1, 'Waiting for confirmation'), (1, 2, 'En attente de confirmation'), (1, 3, 'Pendiente de confirmación'),
  (2, 1, 'Waiting for package'), (2, 2, 'En attente du colis'), (2, 3, 'Esperando el paquete'),
  (3, 1, 'Package received'), (3, 2, 'Colis reçu'), (3, 3, 'Paquete recibido'),
  (4, 1, 'Return denied'), (4, 2, 'Retour refusé'), (4, 3, 'Devolución denegada'),
  (5, 1, 'Return completed'), (5, 2, 'Retour terminé'), (5, 3, 'Devolución completada');
INSERT INTO ps_configuration(name, value, date_add, date_upd) VALUES
  ('PS_REGISTRATION_PROCESS_TYPE', '0', datetime('now'), datetime('now')),
  ('PS_CART_FOLLOWING', '0', datetime('now'), datetime('now')),
  ('PS_CUSTOMER_CREATION_EMAIL', '1', datetime('now'), datetime('now')),
  ('PS_PASSWD_TIME_FRONT', '360', datetime('now'), datetime('now')),
  ('PS_B2B_ENABLE', '1', datetime('now'), datetime('now')),
  ('PS_CUSTOMER_BIRTHDATE', '1', datetime('now'), datetime('now')),
  ('PS_CUSTOMER_OPTIN', '1', datetime('now'), datetime('now')),
  ('PS_CUSTOMER_NWSL', '1', datetime('now'), datetime('now')),
  ('PS_ABANDONED_CART_HOURS', '24', datetime('now'), datetime('now')),
  ('PS_CUSTOMER_GROUP', '3', datetime('now'), datetime('now')),
  ('PS_GUEST_GROUP', '2', datetime('now'), datetime('now')),
  ('PS_UNIDENTIFIED_GROUP', '1', datetime('now'), datetime('now'));
INSERT INTO ps_contact(id_contact, email, customer_service, position) VALUES
  (1, 'admin@example.com', 1, 0), (2, 'admin@example.com', 1, 1);
INSERT INTO ps_contact_lang VALUES
  (1, 1, 'Webmaster', 'If a technical problem occurs on this website'),
  (1, 2, 'Webmaster', 'En cas de problème technique sur ce site'),
  (1, 3, 'Webmaster', 'Si se produce un problema técnico en este sitio web'),
  (2, 1, 'Customer service', 'For any question about a product, an order'),
  (2, 2, 'Service client', 'Pour toute question sur un produit, une commande'),
  (2, 3, 'Servicio al cliente', 'Para cualquier pregunta sobre un producto o un pedido');
)SQL";

// --- migration 2: the GDPR request log -------------------------------------------------------
// One row per GDPR export or erase (core/gdpr.h). `reference` and `counts` never hold personal
// data: "customer #123" (after an erase the id points at nothing) and how many rows of each
// kind were exported or erased, as JSON.
constexpr const char* kGdprLog = R"SQL(
CREATE TABLE cl_gdpr_request (
  id INTEGER PRIMARY KEY,
  request_type TEXT NOT NULL CHECK (request_type IN ('export', 'erase')),
  requested_at TEXT NOT NULL, reference TEXT NOT NULL, counts TEXT);
)SQL";

// --- migration 4: follow-up log, loyalty, subscriptions, product reviews, consent log ---------
// ps_log_email is the followup module's log (plus the order): one row per voucher sent, so an
// event is never sent twice for the same cart (1), order (2) or customer (3, 4).
// cl_loyalty_conversion: points turned into vouchers; a balance is the points earned on the
// valid orders (from cl_customer_stats.sales, core/loyalty.h) minus these.
// cl_consent_log is written by the triggers below whenever ps_customer.newsletter or .optin
// change (or a customer is created with them on). Who changed them: cl_state.consent_source
// and .consent_ip, which callers set for the length of a change (core/consents.h); 'app' by
// default. A bulk load (demo, snapshot) writes no consent rows unless a source was set.
constexpr const char* kLoyalty = R"SQL(
CREATE TABLE ps_log_email (
  id_log_email INTEGER PRIMARY KEY,
  id_email_type INTEGER NOT NULL CHECK (id_email_type BETWEEN 1 AND 4),
  id_cart_rule INTEGER NOT NULL DEFAULT 0, id_customer INTEGER, id_cart INTEGER, id_order INTEGER,
  date_add TEXT NOT NULL);
CREATE INDEX ps_log_email_date ON ps_log_email(date_add);
CREATE INDEX ps_log_email_cart ON ps_log_email(id_cart, id_email_type);
CREATE INDEX ps_log_email_order ON ps_log_email(id_order, id_email_type);
CREATE INDEX ps_log_email_customer ON ps_log_email(id_customer, id_email_type);

CREATE TABLE cl_loyalty_conversion (
  id INTEGER PRIMARY KEY,
  id_customer INTEGER NOT NULL REFERENCES ps_customer ON DELETE CASCADE,
  points INTEGER NOT NULL CHECK (points > 0), amount REAL NOT NULL,
  id_cart_rule INTEGER NOT NULL DEFAULT 0, date_add TEXT NOT NULL);
CREATE INDEX cl_loyalty_conversion_customer ON cl_loyalty_conversion(id_customer);

CREATE TABLE cl_subscription (
  id_subscription INTEGER PRIMARY KEY,
  id_customer INTEGER NOT NULL REFERENCES ps_customer ON DELETE CASCADE,
  id_product INTEGER NOT NULL REFERENCES ps_product,
  quantity INTEGER NOT NULL DEFAULT 1 CHECK (quantity > 0),
  period_count INTEGER NOT NULL CHECK (period_count > 0),
  period_unit TEXT NOT NULL CHECK (period_unit IN ('day', 'month')),
  next_renewal TEXT NOT NULL,
  status TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'paused', 'cancelled')),
  date_add TEXT NOT NULL, date_upd TEXT NOT NULL);
CREATE INDEX cl_subscription_customer ON cl_subscription(id_customer);
CREATE INDEX cl_subscription_product ON cl_subscription(id_product);
CREATE INDEX cl_subscription_due ON cl_subscription(status, next_renewal);
CREATE INDEX cl_subscription_renewal ON cl_subscription(next_renewal);

CREATE TABLE cl_product_review (
  id_review INTEGER PRIMARY KEY,
  id_product INTEGER NOT NULL REFERENCES ps_product,
  id_customer INTEGER NOT NULL REFERENCES ps_customer ON DELETE CASCADE,
  grade INTEGER NOT NULL CHECK (grade BETWEEN 1 AND 5),
  title TEXT NOT NULL DEFAULT '', content TEXT NOT NULL DEFAULT '',
  status TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'approved', 'rejected')),
  reply TEXT NOT NULL DEFAULT '', reply_date TEXT,
  date_add TEXT NOT NULL, date_upd TEXT NOT NULL);
CREATE INDEX cl_product_review_status ON cl_product_review(status, date_add);
CREATE INDEX cl_product_review_date ON cl_product_review(date_add);
CREATE INDEX cl_product_review_product ON cl_product_review(id_product, date_add);
CREATE INDEX cl_product_review_customer ON cl_product_review(id_customer);
CREATE INDEX cl_product_review_grade ON cl_product_review(grade, date_add);

CREATE TABLE cl_consent_log (
  id INTEGER PRIMARY KEY,
  id_customer INTEGER NOT NULL REFERENCES ps_customer ON DELETE CASCADE,
  consent TEXT NOT NULL CHECK (consent IN ('newsletter', 'optin')),
  given INTEGER NOT NULL CHECK (given IN (0, 1)),
  date_add TEXT NOT NULL, ip TEXT,
  source TEXT NOT NULL);
CREATE INDEX cl_consent_log_customer ON cl_consent_log(id_customer, id);
ALTER TABLE cl_state ADD COLUMN consent_source TEXT NOT NULL DEFAULT 'app';
ALTER TABLE cl_state ADD COLUMN consent_ip TEXT;

CREATE TRIGGER cl_consent_customer_insert AFTER INSERT ON ps_customer
WHEN (NEW.newsletter <> 0 OR NEW.optin <> 0)
  AND (SELECT bulk_load = 0 OR consent_source <> 'app' FROM cl_state) BEGIN
  INSERT INTO cl_consent_log(id_customer, consent, given, date_add, ip, source)
  SELECT NEW.id_customer, 'newsletter', 1, datetime('now'),
         COALESCE(consent_ip, NEW.ip_registration_newsletter), consent_source
  FROM cl_state WHERE NEW.newsletter <> 0;
  INSERT INTO cl_consent_log(id_customer, consent, given, date_add, ip, source)
  SELECT NEW.id_customer, 'optin', 1, datetime('now'), consent_ip, consent_source
  FROM cl_state WHERE NEW.optin <> 0;
END;
CREATE TRIGGER cl_consent_newsletter AFTER UPDATE OF newsletter ON ps_customer
WHEN (OLD.newsletter <> 0) <> (NEW.newsletter <> 0)
  AND (SELECT bulk_load = 0 OR consent_source <> 'app' FROM cl_state) BEGIN
  INSERT INTO cl_consent_log(id_customer, consent, given, date_add, ip, source)
  SELECT NEW.id_customer, 'newsletter', NEW.newsletter <> 0, datetime('now'), consent_ip,
         consent_source FROM cl_state;
END;
CREATE TRIGGER cl_consent_optin AFTER UPDATE OF optin ON ps_customer
WHEN (OLD.optin <> 0) <> (NEW.optin <> 0)
  AND (SELECT bulk_load = 0 OR consent_source <> 'app' FROM cl_state) BEGIN
  INSERT INTO cl_consent_log(id_customer, consent, given, date_add, ip, source)
  SELECT NEW.id_customer, 'optin', NEW.optin <> 0, datetime('now'), consent_ip, consent_source
  FROM cl_state;
END;
)SQL";

// --- migration 3: segments and RFM ----------------------------------------------------------
// cl_segment: saved customer segments (core/segments.h), a name and the query text; writes are
// audited. cl_rfm_segment(_lang): the RFM segment names (core/rfm.h holds the score -> segment
// table). The RFM scores and segment are DERIVED data, recomputed by core::RfmJob: columns of
// cl_customer_stats (so that the grid sorts and filters on them through an index; a bulk load
// that rebuilds the stats clears them until the next computation), and cl_state.rfm_computed_at
// says when they were last computed.
constexpr const char* kSegments = R"SQL(
CREATE TABLE cl_segment (
  id_segment INTEGER PRIMARY KEY, name TEXT NOT NULL COLLATE NOCASE UNIQUE,
  query TEXT NOT NULL, date_add TEXT NOT NULL, date_upd TEXT NOT NULL);
CREATE TABLE cl_rfm_segment (id_rfm_segment INTEGER PRIMARY KEY, slug TEXT NOT NULL UNIQUE);
CREATE TABLE cl_rfm_segment_lang (
  id_rfm_segment INTEGER NOT NULL REFERENCES cl_rfm_segment ON DELETE CASCADE,
  id_lang INTEGER NOT NULL REFERENCES ps_lang ON DELETE CASCADE, name TEXT NOT NULL,
  PRIMARY KEY (id_rfm_segment, id_lang)) WITHOUT ROWID;
ALTER TABLE cl_customer_stats ADD COLUMN rfm_r INTEGER;
ALTER TABLE cl_customer_stats ADD COLUMN rfm_f INTEGER;
ALTER TABLE cl_customer_stats ADD COLUMN rfm_m INTEGER;
ALTER TABLE cl_customer_stats ADD COLUMN id_rfm_segment INTEGER;
CREATE INDEX cl_customer_stats_rfm ON cl_customer_stats(id_rfm_segment);
ALTER TABLE cl_state ADD COLUMN rfm_computed_at TEXT;
INSERT INTO cl_rfm_segment VALUES (1, 'champions'), (2, 'loyal'), (3, 'potential_loyalists'),
  (4, 'new'), (5, 'promising'), (6, 'need_attention'), (7, 'about_to_sleep'), (8, 'at_risk'),
  (9, 'cannot_lose'), (10, 'hibernating'), (11, 'lost');
INSERT INTO cl_rfm_segment_lang VALUES
  (1, 1, 'Champions'), (1, 2, 'Champions'), (1, 3, 'Campeones'),
  (2, 1, 'Loyal customers'), (2, 2, 'Clients fidèles'), (2, 3, 'Clientes fieles'),
  (3, 1, 'Potential loyalists'), (3, 2, 'Fidèles potentiels'), (3, 3, 'Fieles potenciales'),
  (4, 1, 'New customers'), (4, 2, 'Nouveaux clients'), (4, 3, 'Clientes nuevos'),
  (5, 1, 'Promising'), (5, 2, 'Prometteurs'), (5, 3, 'Prometedores'),
  (6, 1, 'Need attention'), (6, 2, 'À surveiller'), (6, 3, 'Necesitan atención'),
  (7, 1, 'About to sleep'), (7, 2, 'En train de s''endormir'), (7, 3, 'A punto de dormirse'),
  (8, 1, 'At risk'), (8, 2, 'À risque'), (8, 3, 'En riesgo'),
  (9, 1, 'Cannot lose them'), (9, 2, 'À ne pas perdre'), (9, 3, 'No se pueden perder'),
  (10, 1, 'Hibernating'), (10, 2, 'En hibernation'), (10, 3, 'Hibernando'),
  (11, 1, 'Lost'), (11, 2, 'Perdus'), (11, 3, 'Perdidos');
)SQL";

// 5. Indexes for the paged lists at a million customers (bench-lists): the orders' total (its
// filter is a range: ">100", or "120" as the range of totals that round to it) and the
// threads' last activity (the list's default sort) and e-mail (the customer filter: starts
// with, any case); the addresses' city, postcode (now in NOCASE, for "sw1a") and country with
// the columns of the list's live rule, so that their counts read the index alone.
constexpr const char* kListIndexes = R"SQL(
DROP INDEX ps_address_postcode;
DROP INDEX ps_address_city;
DROP INDEX ps_address_country;
CREATE INDEX ps_address_postcode ON ps_address(postcode COLLATE NOCASE, deleted, id_customer);
CREATE INDEX ps_address_city ON ps_address(city COLLATE NOCASE, deleted, id_customer);
CREATE INDEX ps_address_country ON ps_address(id_country, deleted, id_customer);
CREATE INDEX ps_customer_thread_email ON ps_customer_thread(email COLLATE NOCASE);
CREATE INDEX ps_orders_total ON ps_orders(total_paid_real);
CREATE INDEX ps_customer_thread_date_upd ON ps_customer_thread(date_upd);
)SQL";

// 6. A customer an undo or redo brings back (cl_state.consent_source = 'undo') gets its logged
// consent rows back from the audit log, not a new "given" row.
constexpr const char* kUndoConsents = R"SQL(
DROP TRIGGER cl_consent_customer_insert;
CREATE TRIGGER cl_consent_customer_insert AFTER INSERT ON ps_customer
WHEN (NEW.newsletter <> 0 OR NEW.optin <> 0)
  AND (SELECT (bulk_load = 0 OR consent_source <> 'app') AND consent_source <> 'undo'
       FROM cl_state) BEGIN
  INSERT INTO cl_consent_log(id_customer, consent, given, date_add, ip, source)
  SELECT NEW.id_customer, 'newsletter', 1, datetime('now'),
         COALESCE(consent_ip, NEW.ip_registration_newsletter), consent_source
  FROM cl_state WHERE NEW.newsletter <> 0;
  INSERT INTO cl_consent_log(id_customer, consent, given, date_add, ip, source)
  SELECT NEW.id_customer, 'optin', 1, datetime('now'), consent_ip, consent_source
  FROM cl_state WHERE NEW.optin <> 0;
END;
)SQL";

// 7. The search index keeps no copy of the text it indexes (contentless FTS5: the grid reads
// the customers from ps_customer and only ever asks the index for ids) and no IP column (the
// IP is searched through cl_customer_stats.last_visit_ip). That is about 70 bytes less per
// customer in the file and a quarter less work to build it.
// A contentless index forgets a row only when told the very text it indexed ('delete' with the
// old values), so every trigger below indexes the same expressions, and so do
// rebuild_derived (core/bulk_load.cpp) and the filling statement at the end. The update and
// delete triggers act only on customers the index holds: during a bulk load (which empties the
// index and fills it again at the end) none.
constexpr const char* kContentlessSearch = R"SQL(
DROP TRIGGER cl_fts_customer_insert;
DROP TRIGGER cl_fts_customer_update;
DROP TRIGGER cl_fts_customer_delete;
DROP TRIGGER cl_fts_ip;
DROP TABLE cl_customer_fts;
CREATE VIRTUAL TABLE cl_customer_fts USING fts5(
  firstname, lastname, email, company, content = '',
  tokenize = "unicode61 remove_diacritics 2", prefix = '2 3');
CREATE TRIGGER cl_fts_customer_insert AFTER INSERT ON ps_customer WHEN (SELECT bulk_load FROM cl_state) = 0 BEGIN
  INSERT INTO cl_customer_fts(rowid, firstname, lastname, email, company)
  VALUES (NEW.id_customer, NEW.firstname, NEW.lastname,
          replace(replace(NEW.email, '@', ' '), '.', ' '), COALESCE(NEW.company, ''));
END;
CREATE TRIGGER cl_fts_customer_update AFTER UPDATE OF id_customer, firstname, lastname, email, company ON ps_customer
WHEN EXISTS (SELECT 1 FROM cl_customer_fts WHERE rowid = OLD.id_customer) BEGIN
  INSERT INTO cl_customer_fts(cl_customer_fts, rowid, firstname, lastname, email, company)
  VALUES ('delete', OLD.id_customer, OLD.firstname, OLD.lastname,
          replace(replace(OLD.email, '@', ' '), '.', ' '), COALESCE(OLD.company, ''));
  INSERT INTO cl_customer_fts(rowid, firstname, lastname, email, company)
  VALUES (NEW.id_customer, NEW.firstname, NEW.lastname,
          replace(replace(NEW.email, '@', ' '), '.', ' '), COALESCE(NEW.company, ''));
END;
CREATE TRIGGER cl_fts_customer_delete AFTER DELETE ON ps_customer
WHEN EXISTS (SELECT 1 FROM cl_customer_fts WHERE rowid = OLD.id_customer) BEGIN
  INSERT INTO cl_customer_fts(cl_customer_fts, rowid, firstname, lastname, email, company)
  VALUES ('delete', OLD.id_customer, OLD.firstname, OLD.lastname,
          replace(replace(OLD.email, '@', ' '), '.', ' '), COALESCE(OLD.company, ''));
END;
INSERT INTO cl_customer_fts(cl_customer_fts, rank) VALUES ('hashsize', 67108864);
INSERT INTO cl_customer_fts(rowid, firstname, lastname, email, company)
SELECT id_customer, firstname, lastname, replace(replace(email, '@', ' '), '.', ' '),
       COALESCE(company, '')
FROM ps_customer;
INSERT INTO cl_customer_fts(cl_customer_fts, rank) VALUES ('hashsize', 1048576);
)SQL";

struct Migration {
    int version;
    std::vector<const char*> scripts;
};

const std::vector<Migration>& migrations() {
    static const std::vector<Migration> list = {
        {1, {kReference, kCustomers, kCatalogue, kOrders, kService, kMisc, kOwn, kSeed}},
        {2, {kGdprLog}},
        {3, {kSegments}},
        {4, {kLoyalty}},
        {5, {kListIndexes}},
        {6, {kUndoConsents}},
        {7, {kContentlessSearch}},
    };
    return list;
}

} // namespace

// --- 9. runner --------------------------------------------------------------------------------

int schema_version_latest() {
    return migrations().back().version;
}

int schema_version(Database& db) {
    return static_cast<int>(db.scalar_int("PRAGMA user_version"));
}

void migrate(Database& db) {
    migrate(db, schema_version_latest());
}

void migrate(Database& db, int up_to) {
    int current = schema_version(db);
    if (current > schema_version_latest()) {
        throw DbError(0, "this database was written by a newer Clientèle (schema version " +
                             std::to_string(current) + ", this build knows up to " +
                             std::to_string(schema_version_latest()) + ")");
    }
    for (const Migration& m : migrations()) {
        if (m.version <= current || m.version > up_to)
            continue;
        Transaction tx(db);
        for (const char* script : m.scripts)
            db.exec(script);
        db.exec("PRAGMA user_version = " + std::to_string(m.version));
        tx.commit();
    }
}

const std::vector<const char*>& schema_tables() {
    static const std::vector<const char*> tables = {"ps_shop_group",
                                                    "ps_shop",
                                                    "ps_lang",
                                                    "ps_zone",
                                                    "ps_country",
                                                    "ps_country_lang",
                                                    "ps_state",
                                                    "ps_gender",
                                                    "ps_gender_lang",
                                                    "ps_group",
                                                    "ps_group_lang",
                                                    "ps_risk",
                                                    "ps_risk_lang",
                                                    "ps_customer",
                                                    "ps_customer_group",
                                                    "ps_address",
                                                    "ps_required_field",
                                                    "ps_category",
                                                    "ps_category_lang",
                                                    "ps_product",
                                                    "ps_product_lang",
                                                    "ps_category_product",
                                                    "ps_group_reduction",
                                                    "ps_module",
                                                    "ps_module_group",
                                                    "ps_currency",
                                                    "ps_cart",
                                                    "ps_cart_product",
                                                    "ps_order_state",
                                                    "ps_order_state_lang",
                                                    "ps_orders",
                                                    "ps_order_detail",
                                                    "ps_order_history",
                                                    "ps_order_return_state",
                                                    "ps_order_return_state_lang",
                                                    "ps_order_return",
                                                    "ps_order_return_detail",
                                                    "ps_order_slip",
                                                    "ps_order_slip_detail",
                                                    "ps_contact",
                                                    "ps_contact_lang",
                                                    "ps_customer_thread",
                                                    "ps_customer_message",
                                                    "ps_cart_rule",
                                                    "ps_cart_rule_lang",
                                                    "ps_order_cart_rule",
                                                    "ps_guest",
                                                    "ps_connections",
                                                    "ps_configuration",
                                                    "cl_customer_stats",
                                                    "cl_audit",
                                                    "cl_blocked_email",
                                                    "cl_saved_view",
                                                    "cl_outbox",
                                                    "cl_gdpr_request",
                                                    "cl_segment",
                                                    "cl_rfm_segment",
                                                    "cl_rfm_segment_lang",
                                                    "ps_log_email",
                                                    "cl_loyalty_conversion",
                                                    "cl_subscription",
                                                    "cl_product_review",
                                                    "cl_consent_log"};
    return tables;
}

} // namespace clientele::core
