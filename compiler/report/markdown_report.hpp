#pragma once
// `lutc report --markdown`: the report's headline numbers as a Markdown table, for terminals and
// pull requests (the HTML page has the charts). One row per OUT, from the same report_input.
#include <string>
#include <vector>

#include "report/html_report.hpp"

namespace lutc::report {

/// One table: design, LUTs emitted, LUTs / carry / FF / MUXF after Yosys, depth, latency, vectors,
/// mismatches, and the accuracy of the RTL and of the model on the first labelled data file.
/// Steps that have not run show "-".
std::string markdown_report(const std::vector<report_input>& designs);

}  // namespace lutc::report
