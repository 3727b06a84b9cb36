#pragma once
// `lutc report`: one self-contained HTML page about one or several compile output directories
// (inline CSS and SVG, no script, no network access: a Content-Security-Policy forbids any fetch).
// Everything shown comes from OUT/report.json (compile and the last verify) and, when synthesis
// ran, OUT/synth/report.json. Every number is an element with data-file, data-key (dotted JSON
// path), data-value (the JSON value) and data-format (how the text shows it), so a test can check
// the page against the JSON exactly (tests/cli/report_html.sh).
#include <filesystem>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "backend/compiled_design.hpp"

namespace lutc::report {

/// One output directory as the report sees it.
struct report_input {
  std::string label;                 // how the page names it (the OUT path given)
  backend::CompiledDesign compiled;
  nlohmann::json synth;              // OUT/synth/report.json, null when synthesis has not run
};

struct html_report_params {
  std::string title = "lutc report";
};

struct html_report_stats {
  size_t designs = 0;
  size_t charts = 0;                 // SVG figures on the page
  size_t numbers = 0;                // elements carrying data-value
};

/// Opens OUT (report.json is checked as CompiledDesign::open does) and its synthesis report if any;
/// throws Diagnostic naming the file on bad input.
report_input load_report_input(const std::filesystem::path& out_dir);

/// The page's HTML text.
std::string html_report(const std::vector<report_input>& designs, const html_report_params& ps,
                        html_report_stats* st = nullptr);

/// Loads every OUT and writes the page to `file` atomically.
html_report_stats write_html_report(const std::vector<std::filesystem::path>& out_dirs, const std::filesystem::path& file,
                                    const html_report_params& ps);

namespace detail {
/// `text` with &, <, >, " and ' escaped for HTML text and attribute values.
std::string escape_html(const std::string& text);
/// Size of a table as a plain ROM in K-LUTs before minimization: one LUT per used output bit,
/// 2^(n-K) of them above K index bits (the multiplexers that join them are not counted).
uint64_t rom_luts(int index_bits, int out_bits, int lut_size);
/// Index of the histogram bucket for a LUT count: 0, 1, 2, 3-4, 5-8, ..., 65-128, >128.
size_t lut_bucket(uint64_t luts);
/// Labels of the buckets of lut_bucket, in order.
const std::vector<std::string>& lut_bucket_labels();
}  // namespace detail

}  // namespace lutc::report
