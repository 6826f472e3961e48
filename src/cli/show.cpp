// `show customer ID [--json]`: the customer sheet, as JSON (for scripts) or as a plain text
// report (for people), with every section of core::CustomerSheet in the order of the sheet.
//
// Sections: 1. text helpers  2. the text report  3. the command
#include "cli/commands.h"
#include "core/customer_sheet.h"
#include "core/store.h"

#include <cstdio>
#include <ostream>
#include <string>

namespace clientele::cli {

namespace {

// --- 1. text helpers --------------------------------------------------------------------------

std::string money(double v) {
    return two_decimals(v);
}

std::string yes_no(bool v) {
    return v ? "yes" : "no";
}

// "-" for unset values so that columns never collapse.
std::string or_dash(const std::string& s) {
    return s.empty() ? "-" : s;
}

void heading(std::ostream& out, const std::string& title, std::size_t count) {
    out << "\n" << title << " (" << count << ")\n";
}

void field(std::ostream& out, const char* label, const std::string& value) {
    std::string l = label;
    l += ':';
    l.resize(l.size() < 26 ? 26 : l.size(), ' ');
    out << "  " << l << value << "\n";
}

// --- 2. the text report -----------------------------------------------------------------------

void print_identity(std::ostream& out, const core::SheetCustomer& c) {
    out << "Customer #" << c.id << ": " << (c.title.empty() ? "" : c.title + " ") << c.firstname
        << " " << c.lastname << " <" << c.email << ">\n";
    field(out, "Title", or_dash(c.title));
    field(out, "First name", c.firstname);
    field(out, "Last name", c.lastname);
    field(out, "E-mail", c.email);
    field(out, "Birthday", or_dash(c.birthday));
    field(out, "Age", c.age ? std::to_string(*c.age) : "-");
    field(out, "Language", or_dash(c.language));
    field(out, "Shop",
          or_dash(c.shop) + " (#" + std::to_string(c.id_shop) + ", group #" +
              std::to_string(c.id_shop_group) + ")");
    field(out, "Default group", or_dash(c.default_group));
    field(out, "Registration", c.date_add);
    field(out, "Last update", c.date_upd);
    field(out, "Last visit",
          c.last_visit.empty() ? "never" : c.last_visit + " from " + or_dash(c.last_visit_ip));
    field(out, "Newsletter",
          yes_no(c.newsletter) + (c.newsletter
                                      ? " since " + or_dash(c.newsletter_date_add) + " from " +
                                            or_dash(c.ip_registration_newsletter)
                                      : std::string()));
    field(out, "Partner offers (opt-in)", yes_no(c.optin));
    field(out, "Active", yes_no(c.active));
    field(out, "Guest", yes_no(c.is_guest));
    field(out, "Deleted", yes_no(c.deleted));
    field(out, "Show public prices", yes_no(c.show_public_prices));
    field(out, "Password generated", or_dash(c.last_passwd_gen));
    field(out, "Reset link valid until", or_dash(c.reset_password_validity));
    field(out, "Valid orders",
          std::to_string(c.valid_orders) + " for " + money(c.sales) +
              (c.first_order.empty() ? "" : ", first " + c.first_order + ", last " + c.last_order));
    field(out, "Note", or_dash(c.note));
}

void print_b2b(std::ostream& out, const core::SheetB2B& b) {
    out << "\nB2B\n";
    field(out, "Company", or_dash(b.company));
    field(out, "SIRET", or_dash(b.siret));
    field(out, "APE", or_dash(b.ape));
    field(out, "Website", or_dash(b.website));
    field(out, "Risk", or_dash(b.risk));
    field(out, "Allowed outstanding", money(b.outstanding_allow_amount));
    field(out, "Current outstanding",
          money(b.outstanding) + (b.over_allowance ? "  OVER ALLOWANCE" : ""));
    field(out, "Max payment days", std::to_string(b.max_payment_days));
}

void print_orders(std::ostream& out, const core::CustomerSheet& s) {
    heading(out, "Groups", s.groups.size());
    for (auto& g : s.groups)
        out << "  #" << g.id << " " << g.name << (g.is_default ? " (default)" : "") << "\n";

    heading(out, "Orders", s.orders.size());
    for (auto& o : s.orders) {
        out << "  #" << o.id << " " << o.reference << "  " << o.date_add << "  " << or_dash(o.state)
            << "  " << money(o.total_paid_real) << "  " << o.payment
            << (o.valid ? "" : "  (not valid)") << "\n";
        for (auto& l : o.lines)
            out << "      " << l.quantity << " x " << l.product_name << " (#" << l.product_id
                << (l.product_reference.empty() ? "" : ", " + l.product_reference) << ") at "
                << money(l.unit_price_tax_incl) << " = " << money(l.total_price_tax_incl) << "\n";
        for (auto& h : o.history)
            out << "      " << h.date_add << "  " << or_dash(h.state) << "\n";
    }

    heading(out, "Purchased products", s.products.size());
    for (auto& p : s.products)
        out << "  #" << p.product_id << " " << p.name << "  quantity " << p.quantity << " in "
            << p.orders << " order(s), last " << p.last_purchase << "\n";
}

void print_addresses(std::ostream& out, const std::vector<core::SheetAddress>& addresses) {
    heading(out, "Addresses", addresses.size());
    for (auto& a : addresses) {
        out << "  #" << a.id << " " << a.alias << (a.deleted ? " (deleted)" : "") << ": "
            << a.firstname << " " << a.lastname << (a.company.empty() ? "" : ", " + a.company)
            << ", " << a.address1 << (a.address2.empty() ? "" : ", " + a.address2) << ", "
            << (a.postcode.empty() ? "" : a.postcode + " ") << a.city
            << (a.state.empty() ? "" : ", " + a.state) << ", " << or_dash(a.country) << "\n";
        if (!a.phone.empty() || !a.phone_mobile.empty())
            out << "      phone " << or_dash(a.phone) << ", mobile " << or_dash(a.phone_mobile)
                << "\n";
        if (!a.vat_number.empty() || !a.dni.empty())
            out << "      VAT " << or_dash(a.vat_number) << ", ID " << or_dash(a.dni) << "\n";
        if (!a.other.empty())
            out << "      " << a.other << "\n";
    }
}

void print_vouchers_and_carts(std::ostream& out, const core::CustomerSheet& s) {
    heading(out, "Vouchers", s.vouchers.size());
    for (auto& v : s.vouchers) {
        std::string reduction;
        if (v.reduction_percent > 0)
            reduction = money(v.reduction_percent) + " %";
        if (v.reduction_amount > 0)
            reduction += (reduction.empty() ? "" : " + ") + money(v.reduction_amount);
        if (v.free_shipping)
            reduction += (reduction.empty() ? "" : " + ") + std::string("free shipping");
        out << "  #" << v.id << " " << v.name << "  code " << or_dash(v.code) << "  "
            << or_dash(reduction) << "  " << v.date_from << " .. " << v.date_to << "  quantity "
            << v.quantity << (v.active ? "" : "  (inactive)") << (v.usable ? "  usable" : "")
            << "\n";
    }

    heading(out, "Carts", s.carts.size());
    for (auto& c : s.carts) {
        out << "  #" << c.id << "  " << c.date_add << "  updated " << c.date_upd << "  "
            << c.line_count << " line(s)  " << money(c.total) << "  "
            << core::cart_status_name(c.status)
            << (c.id_order > 0 ? " (order #" + std::to_string(c.id_order) + ")" : "") << "\n";
        for (auto& l : c.lines)
            out << "      " << l.quantity << " x " << l.name << " at " << money(l.unit_price)
                << "\n";
    }
}

void print_messages(std::ostream& out, const std::vector<core::SheetThread>& threads) {
    heading(out, "Messages", threads.size());
    for (auto& t : threads) {
        out << "  thread #" << t.id << " [" << t.status << "] to " << or_dash(t.contact)
            << (t.id_order > 0 ? ", order #" + std::to_string(t.id_order) : "") << ", updated "
            << t.date_upd << "\n";
        for (auto& m : t.messages)
            out << "      " << m.date_add << " "
                << (m.from_employee ? "employee #" + std::to_string(m.id_employee) : "customer")
                << (m.is_private ? " (private)" : "") << (m.read ? "" : " (unread)")
                << (m.file_name.empty() ? "" : " [file " + m.file_name + "]") << ": " << m.message
                << "\n";
    }
}

void print_rest(std::ostream& out, const core::CustomerSheet& s) {
    heading(out, "Last connections", s.connections.size());
    for (auto& c : s.connections)
        out << "  " << c.date << "  " << or_dash(c.ip) << "\n";

    heading(out, "Merchandise returns", s.returns.size());
    for (auto& r : s.returns)
        out << "  #" << r.id << " order #" << r.id_order << " " << r.order_reference << "  "
            << r.date_add << "  " << or_dash(r.state) << "\n";

    heading(out, "Credit slips", s.credit_slips.size());
    for (auto& c : s.credit_slips)
        out << "  #" << c.id << " order #" << c.id_order << " " << c.order_reference << "  "
            << c.date_add << "  " << money(c.amount) << (c.partial ? " (partial)" : "") << "\n";

    heading(out, "Activity", s.timeline.size());
    for (auto& e : s.timeline)
        out << "  " << e.at << "  " << e.action << " " << e.entity << "  " << e.summary
            << (e.undone ? " (undone)" : "") << "\n";
}

} // namespace

// --- 3. the command ---------------------------------------------------------------------------

int show_customer(core::Store& store, std::int64_t id, bool json, std::ostream& out) {
    // The CLI reports in English (id_lang 1, as `list`) and dates against the current day.
    std::optional<core::CustomerSheet> sheet =
        core::load_customer_sheet(store.db(), id, 1, core::now_datetime());
    if (!sheet)
        throw CommandError("no customer with id " + std::to_string(id));
    if (json) {
        out << core::customer_sheet_json(*sheet).dump() << "\n";
        return 0;
    }
    print_identity(out, sheet->customer);
    print_b2b(out, sheet->b2b);
    print_orders(out, *sheet);
    print_addresses(out, sheet->addresses);
    print_vouchers_and_carts(out, *sheet);
    print_messages(out, sheet->messages);
    print_rest(out, *sheet);
    return 0;
}

} // namespace clientele::cli
