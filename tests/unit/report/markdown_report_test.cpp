#include "report/markdown_report.hpp"

#include <doctest/doctest.h>

using namespace lutc;
using namespace lutc::report;

TEST_CASE("markdown_report: one row per design, '-' for steps that have not run") {
  report_input a;
  a.label = "a";
  a.compiled.report.luts = 42;
  a.compiled.report.latency = 2;
  a.compiled.report.verification.vectors = 1000;
  a.compiled.report.verification.data = {{"t.csv", 4, 4, 3, 3, 0, 0.75, 0.75}};
  a.synth = {{"luts", 40}, {"carry", 2}, {"ff", 7}, {"muxf", 1}, {"depth", 3}};
  report_input b;
  b.label = "b";
  b.compiled.report.luts = 5;
  std::string md = markdown_report({a, b});
  CHECK(md.find("| a | 42 | 40 | 2 | 7 | 1 | 3 | 2 | 1000 | 0 | 75.00% | 75.00% |\n") != std::string::npos);
  CHECK(md.find("| b | 5 | - | - | - | - | - | 0 | - | - | - | - |\n") != std::string::npos);
}
