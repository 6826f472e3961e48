// Customers to CSV (or tab-separated text for the clipboard) from a grid query, as a job that
// walks the result page by page: the grid's export, "export the selection" and Ctrl+C.
#pragma once

#include "core/csv.h"
#include "core/customer_query.h"
#include "core/jobs.h"

#include <string>
#include <vector>

namespace clientele::core {

// The raw value of one grid column ("12.50" for sales, "1"/"0" for yes/no columns).
std::string customer_cell(const CustomerRow& row, const std::string& column);

class CustomersExportJob : public TextExportJob {
public:
    // `selected`: sorted ids to keep (empty: every row of the query). `headers` are written
    // first (translated column names).
    CustomersExportJob(Database& db, CustomerQuery query, std::vector<std::int64_t> selected,
                       std::vector<std::string> columns, std::vector<std::string> headers,
                       csv::Format format, int id_lang);
    std::string title() const override;

protected:
    bool work(std::chrono::steady_clock::time_point deadline) override;

private:
    CustomerQuery query_;
    std::vector<std::int64_t> selected_;
    std::vector<std::string> columns_;
};

} // namespace clientele::core
