#pragma once
// Small inline SVG charts for the HTML report: grouped horizontal bars, a strip of thin vertical
// bars (one per table) and a scatter plot. Colours come from the page's CSS classes s0, s1, ...
// Values that stand for a report.json number carry its data-file/data-key/data-value attributes.
#include <string>
#include <vector>

namespace lutc::report {

/// Where a drawn value comes from: attributes `data-out`, `data-file`, `data-key`, `data-value`,
/// `data-format` (empty key: none). `value_text` is the JSON text of the value.
struct value_source {
  std::string file, key, value_text, format;
  int out = -1;                           // index of the OUT on the page (data-out); -1: none
};

struct bar_series {
  std::string name;
  std::vector<double> values;             // one per category
  std::vector<value_source> sources;      // optional, one per category
};

struct bar_chart {
  std::string id;                         // the <svg>'s id
  std::string title;
  std::vector<std::string> categories;
  std::vector<bar_series> series;
  int width = 520;
};

struct strip_chart {
  std::string id, title;
  std::vector<std::string> labels;        // per bar (tooltip)
  std::vector<double> values;             // per bar, in [0, 1]
  std::vector<value_source> sources;      // optional, per bar
  std::string value_name;                 // tooltip: "don't cares"
  int width = 520, height = 120;
};

struct scatter_point {
  double x = 0, y = 0;
  std::string label;
  std::vector<value_source> sources;      // attributes of the point (x's and y's JSON values)
};

struct scatter_chart {
  std::string id, title, x_label, y_label;
  std::vector<scatter_point> points;
  bool y_percent = true;                  // y in [0, 1] shown as %
  int width = 520, height = 320;
};

std::string svg_bar_chart(const bar_chart& c);
std::string svg_strip_chart(const strip_chart& c);
std::string svg_scatter(const scatter_chart& c);

/// The data-* attributes of `s` (leading space), or "" when it has no key.
std::string source_attributes(const value_source& s);
/// A number as shown on the page: integers without decimals, others with `decimals` digits.
std::string format_number(double v, int decimals = 2);

}  // namespace lutc::report
