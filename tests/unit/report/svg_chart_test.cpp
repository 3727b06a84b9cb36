#include "report/svg_chart.hpp"

#include <doctest/doctest.h>


using namespace lutc::report;

namespace {
size_t count(const std::string& text, const std::string& what) {
  size_t n = 0;
  for (size_t p = text.find(what); p != std::string::npos; p = text.find(what, p + 1)) ++n;
  return n;
}
}  // namespace

TEST_CASE("svg_chart: grouped bars, one rect and one value per category and series, plus the legend") {
  bar_chart c;
  c.id = "bars";
  c.title = "A <title>";
  c.categories = {"x", "y", "z"};
  c.series = {{"one", {1, 2, 3}, {}}, {"two", {0, 5, 0.5}, {{"report.json", "k.0", "0", "int", 2}, {}, {}}}};
  std::string svg = svg_bar_chart(c);
  CHECK(svg.rfind("<svg id=\"bars\"", 0) == 0);
  CHECK(count(svg, "<rect") == 6 + 2);  // bars + legend swatches
  CHECK(svg.find("A &lt;title&gt;") != std::string::npos);
  CHECK(svg.find("data-out=\"2\" data-file=\"report.json\" data-key=\"k.0\" data-value=\"0\" data-format=\"int\">0</text>") !=
        std::string::npos);
  CHECK(svg.find(">0.50</text>") != std::string::npos);
}

TEST_CASE("svg_chart: the strip has one bar per value, the scatter one point per design") {
  strip_chart s;
  s.id = "strip";
  s.values = {0, 0.25, 1, 2};  // 2 is clamped to 1
  s.labels = {"a", "b", "c", "d"};
  std::string strip = svg_strip_chart(s);
  CHECK(count(strip, "<rect") == 4);
  CHECK(strip.find("d: 100.0% ") != std::string::npos);
  scatter_chart sc;
  sc.id = "sc";
  sc.points = {{100, 0.8, "a", {}}, {300, 0.9, "b", {}}};
  std::string svg = svg_scatter(sc);
  CHECK(count(svg, "<circle") == 2);
  CHECK(svg.find(">100.0%<") != std::string::npos);
}

TEST_CASE("svg_chart: numbers show integers without decimals") {
  CHECK(format_number(455) == "455");
  CHECK(format_number(0.126) == "0.13");
  CHECK(format_number(-3) == "-3");
  CHECK(source_attributes({}) == "");
}
