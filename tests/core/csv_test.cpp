#include "core/csv.h"

#include <gtest/gtest.h>

using namespace clientele::core;

TEST(Csv, QuotesOnlyWhenNeeded) {
    csv::Format f;
    EXPECT_EQ(csv::cell("plain", f), "plain");
    EXPECT_EQ(csv::cell("a,b", f), "\"a,b\"");
    EXPECT_EQ(csv::cell("say \"hi\"", f), "\"say \"\"hi\"\"\"");
    EXPECT_EQ(csv::cell("two\nlines", f), "\"two\nlines\"");
    EXPECT_EQ(csv::cell("a;b", f), "a;b");
    EXPECT_EQ(csv::cell("a;b", csv::excel()), "\"a;b\"");
    EXPECT_EQ(csv::cell("Zoë Œuvre", f), "Zoë Œuvre");
}

TEST(Csv, NeutralisesFormulaInjection) {
    csv::Format f;
    EXPECT_EQ(csv::cell("=HYPERLINK(\"http://x\")", f), "\"'=HYPERLINK(\"\"http://x\"\")\"");
    EXPECT_EQ(csv::cell("+33 1 23", f), "'+33 1 23");
    EXPECT_EQ(csv::cell("-2+3", f), "'-2+3");
    EXPECT_EQ(csv::cell("@SUM(A1)", f), "'@SUM(A1)");
    EXPECT_EQ(csv::cell("\tcmd", f), "'\tcmd");
    EXPECT_EQ(csv::cell("\rcmd", f), "\"'\rcmd\"");
    EXPECT_EQ(csv::number_cell(-12.5), "-12.50");
    EXPECT_EQ(csv::number_cell(42), "42");
}

TEST(Csv, RowsUseTheFormat) {
    std::string out;
    csv::append_row(out, {"1", "x"}, csv::excel());
    EXPECT_EQ(out, "1;x\r\n");
}
