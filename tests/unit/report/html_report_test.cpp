#include "report/html_report.hpp"

#include <doctest/doctest.h>

#include <regex>

using namespace lutc;
using namespace lutc::report;

namespace {

report_input sample_design(bool verified, bool synthesized, double accuracy) {
  report_input in;
  in.label = "out<1>";
  backend::CompileReport& r = in.compiled.report;
  r.model = "m.yaml";
  r.luts = 42;
  r.design.top = "top";
  r.design.outputs = {{"y", 2}};
  r.layers = {{1, 0, 3, 40, 0, 0}, {2, 0, 1, 2, 1, 5}};
  r.tables = nlohmann::json::array({{{"name", "t0"}, {"index_bits", 8}, {"out_bits_used", 2}, {"care_fraction", 0.75}, {"luts", 5}},
                                    {{"name", "t1"}, {"index_bits", 4}, {"out_bits_used", 1}, {"care_fraction", 1.0}, {"luts", 1}}});
  if (verified) {
    r.verification.vectors = 1000;
    r.verification.data = {{"test.csv", 10, 10, 8, 8, 0, accuracy, accuracy}};
  }
  if (synthesized) in.synth = {{"luts", 40}, {"carry", 2}, {"ff", 0}, {"muxf", 1}, {"depth", 3}, {"target", "xilinx"}};
  return in;
}

}  // namespace

TEST_CASE("html_report: self-contained, every number tied to its JSON value") {
  html_report_stats st;
  std::string html = html_report({sample_design(true, true, 0.8)}, {}, &st);
  CHECK(st.designs == 1);
  CHECK(st.charts == 4);  // layers, synthesis, table sizes, don't cares
  CHECK(html.rfind("<!DOCTYPE html>", 0) == 0);
  CHECK(html.find("Content-Security-Policy\" content=\"default-src 'none'") != std::string::npos);
  CHECK(html.find("<script") == std::string::npos);
  std::regex fetch(R"((src|href)=)");
  CHECK_FALSE(std::regex_search(html, fetch));
  CHECK(html.find("out&lt;1&gt;") != std::string::npos);  // labels are escaped
  CHECK(html.find("data-key=\"luts\" data-value=\"42\" data-format=\"int\">42<") != std::string::npos);
  CHECK(html.find("data-key=\"verification.data.0.rtl_accuracy\" data-value=\"0.8\" data-format=\"pct\">80.00%<") !=
        std::string::npos);
  CHECK(html.find("data-file=\"synth/report.json\" data-key=\"carry\" data-value=\"2\"") != std::string::npos);
  CHECK(html.find("data-key=\"tables.0.care_fraction\" data-value=\"0.75\"") != std::string::npos);
}

TEST_CASE("html_report: several designs get the accuracy-vs-LUTs plot, one point per measured accuracy") {
  std::string html = html_report({sample_design(true, true, 0.8), sample_design(true, false, 0.9), sample_design(false, false, 0)}, {});
  CHECK(html.find("id=\"accuracy-vs-luts\"") != std::string::npos);
  size_t circles = 0;
  for (size_t p = html.find("<circle"); p != std::string::npos; p = html.find("<circle", p + 1)) ++circles;
  CHECK(circles == 2);
  CHECK(html.find("Not verified yet") != std::string::npos);
  CHECK(html.find("Synthesis has not run") != std::string::npos);
}

TEST_CASE("html_report: plain ROM sizes and histogram buckets") {
  CHECK(detail::rom_luts(0, 3, 6) == 0);
  CHECK(detail::rom_luts(6, 3, 6) == 3);
  CHECK(detail::rom_luts(8, 2, 6) == 8);
  CHECK(detail::rom_luts(5, 1, 4) == 2);
  CHECK(detail::lut_bucket(0) == 0);
  CHECK(detail::lut_bucket(2) == 2);
  CHECK(detail::lut_bucket(3) == 3);
  CHECK(detail::lut_bucket(4) == 3);
  CHECK(detail::lut_bucket(5) == 4);
  CHECK(detail::lut_bucket(128) == 8);
  CHECK(detail::lut_bucket(129) == 9);
  CHECK(detail::lut_bucket_labels().size() == 10);
  CHECK(detail::escape_html("a<b>&\"'") == "a&lt;b&gt;&amp;&quot;&#39;");
}
