#include "core/customer_export.h"

#include "core/i18n.h"

#include <algorithm>

namespace clientele::core {

std::string customer_cell(const CustomerRow& r, const std::string& c) {
    auto flag = [](bool v) { return std::string(v ? "1" : "0"); };
    if (c == "id")
        return std::to_string(r.id);
    if (c == "title")
        return r.title;
    if (c == "rfm")
        return r.rfm;
    if (c == "firstname")
        return r.firstname;
    if (c == "lastname")
        return r.lastname;
    if (c == "email")
        return r.email;
    if (c == "company")
        return r.company;
    if (c == "default_group")
        return r.default_group;
    if (c == "sales")
        return csv::number_cell(r.sales);
    if (c == "valid_orders")
        return std::to_string(r.valid_orders);
    if (c == "active")
        return flag(r.active);
    if (c == "newsletter")
        return flag(r.newsletter);
    if (c == "optin")
        return flag(r.optin);
    if (c == "age")
        return r.age ? std::to_string(*r.age) : "";
    if (c == "date_add")
        return r.date_add;
    if (c == "last_visit")
        return r.last_visit;
    if (c == "country")
        return r.country;
    if (c == "shop")
        return r.shop;
    return "";
}

CustomersExportJob::CustomersExportJob(Database& db, CustomerQuery query,
                                       std::vector<std::int64_t> selected,
                                       std::vector<std::string> columns,
                                       std::vector<std::string> headers, csv::Format format,
                                       int id_lang)
    : TextExportJob(db, format, id_lang), query_(std::move(query)), selected_(std::move(selected)),
      columns_(std::move(columns)) {
    write_header(headers);
    query_.offset = 0;
    query_.limit = 2000;
    total_ = selected_.empty() ? count_customers(db_, query_, id_lang_)
                               : static_cast<std::int64_t>(selected_.size());
}

std::string CustomersExportJob::title() const {
    return tr("export.title");
}

bool CustomersExportJob::work(std::chrono::steady_clock::time_point deadline) {
    while (true) {
        CustomerPage page = query_customers(db_, query_, id_lang_);
        for (const CustomerRow& r : page.rows) {
            if (!selected_.empty() && !std::binary_search(selected_.begin(), selected_.end(), r.id))
                continue;
            std::vector<std::string> cells;
            for (const std::string& c : columns_)
                cells.push_back(csv::cell(customer_cell(r, c), format_));
            csv::append_row(out_, cells, format_);
            ++written_;
        }
        query_.offset += query_.limit;
        done_ = selected_.empty() ? std::min(query_.offset, total_) : written_;
        if (page.rows.empty() || query_.offset >= page.total ||
            (!selected_.empty() && written_ >= total_)) {
            done_ = total_;
            return true;
        }
        if (std::chrono::steady_clock::now() >= deadline)
            return false;
    }
}

} // namespace clientele::core
