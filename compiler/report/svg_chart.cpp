#include "report/svg_chart.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <sstream>

#include "report/html_report.hpp"

namespace lutc::report {

using detail::escape_html;

namespace {

std::string fixed(double v, int decimals) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*f", decimals, v);
  return buf;
}

/// A round axis maximum >= v: 1, 2, 5 times a power of ten.
double nice_ceiling(double v) {
  if (v <= 0) return 1;
  double p = std::pow(10.0, std::floor(std::log10(v)));
  for (double m : {1.0, 2.0, 5.0, 10.0})
    if (m * p >= v) return m * p;
  return 10 * p;
}

}  // namespace

std::string format_number(double v, int decimals) {
  if (v == std::floor(v) && std::fabs(v) < 1e15) return fixed(v, 0);
  return fixed(v, decimals);
}

std::string source_attributes(const value_source& s) {
  if (s.key.empty()) return "";
  return (s.out >= 0 ? " data-out=\"" + std::to_string(s.out) + "\"" : std::string()) + " data-file=\"" + escape_html(s.file) + "\" data-key=\"" + escape_html(s.key) + "\" data-value=\"" +
         escape_html(s.value_text) + "\" data-format=\"" + escape_html(s.format) + "\"";
}

std::string svg_bar_chart(const bar_chart& c) {
  const int label_w = 150, value_w = 60, bar_h = 13, gap = 6, top = 28;
  const int plot_w = c.width - label_w - value_w;
  const size_t n_series = std::max<size_t>(1, c.series.size());
  const int row_h = static_cast<int>(n_series) * bar_h + gap;
  const int legend_h = 22;
  const int height = top + static_cast<int>(c.categories.size()) * row_h + legend_h;
  double max_v = 0;
  for (const auto& s : c.series)
    for (double v : s.values) max_v = std::max(max_v, v);
  const double scale = max_v > 0 ? plot_w / max_v : 0;
  std::ostringstream o;
  o << "<svg id=\"" << escape_html(c.id) << "\" class=\"chart\" xmlns=\"http://www.w3.org/2000/svg\" width=\"" << c.width
    << "\" height=\"" << height << "\" viewBox=\"0 0 " << c.width << " " << height << "\" role=\"img\">\n";
  o << "<title>" << escape_html(c.title) << "</title>\n";
  o << "<text class=\"ct\" x=\"0\" y=\"16\">" << escape_html(c.title) << "</text>\n";
  for (size_t k = 0; k < c.categories.size(); ++k) {
    const int y0 = top + static_cast<int>(k) * row_h;
    o << "<text class=\"cl\" x=\"" << label_w - 6 << "\" y=\"" << y0 + static_cast<int>(n_series) * bar_h / 2 + 4
      << "\" text-anchor=\"end\">" << escape_html(c.categories[k]) << "</text>\n";
    for (size_t s = 0; s < c.series.size(); ++s) {
      const auto& ser = c.series[s];
      const double v = k < ser.values.size() ? ser.values[k] : 0;
      const value_source src = k < ser.sources.size() ? ser.sources[k] : value_source{};
      const int y = y0 + static_cast<int>(s) * bar_h;
      const double w = std::max(v > 0 ? 1.0 : 0.0, v * scale);
      o << "<rect class=\"s" << s << "\" x=\"" << label_w << "\" y=\"" << y << "\" width=\"" << fixed(w, 1)
        << "\" height=\"" << bar_h - 2 << "\"><title>" << escape_html(c.categories[k] + ", " + ser.name + ": " + format_number(v))
        << "</title></rect>\n";
      o << "<text class=\"cv\" x=\"" << fixed(label_w + w + 4, 1) << "\" y=\"" << y + bar_h - 4 << "\""
        << source_attributes(src) << ">" << format_number(v) << "</text>\n";
    }
  }
  // Legend.
  int x = label_w;
  const int ly = height - 8;
  for (size_t s = 0; s < c.series.size(); ++s) {
    o << "<rect class=\"s" << s << "\" x=\"" << x << "\" y=\"" << ly - 10 << "\" width=\"10\" height=\"10\"/>"
      << "<text class=\"cl\" x=\"" << x + 14 << "\" y=\"" << ly << "\">" << escape_html(c.series[s].name) << "</text>\n";
    x += 24 + 7 * static_cast<int>(c.series[s].name.size());
  }
  o << "</svg>\n";
  return o.str();
}

std::string svg_strip_chart(const strip_chart& c) {
  const int left = 40, top = 24, bottom = 18;
  const int plot_w = c.width - left - 8, plot_h = c.height - top - bottom;
  const size_t n = c.values.size();
  const double bar_w = n ? static_cast<double>(plot_w) / static_cast<double>(n) : 0;
  std::ostringstream o;
  o << "<svg id=\"" << escape_html(c.id) << "\" class=\"chart\" xmlns=\"http://www.w3.org/2000/svg\" width=\"" << c.width
    << "\" height=\"" << c.height << "\" viewBox=\"0 0 " << c.width << " " << c.height << "\" role=\"img\">\n";
  o << "<title>" << escape_html(c.title) << "</title>\n";
  o << "<text class=\"ct\" x=\"0\" y=\"14\">" << escape_html(c.title) << "</text>\n";
  for (int pct : {0, 50, 100}) {
    const double y = top + plot_h - plot_h * pct / 100.0;
    o << "<line class=\"grid\" x1=\"" << left << "\" x2=\"" << left + plot_w << "\" y1=\"" << fixed(y, 1) << "\" y2=\""
      << fixed(y, 1) << "\"/><text class=\"cl\" x=\"" << left - 4 << "\" y=\"" << fixed(y + 4, 1)
      << "\" text-anchor=\"end\">" << pct << "%</text>\n";
  }
  for (size_t i = 0; i < n; ++i) {
    const double v = std::clamp(c.values[i], 0.0, 1.0), h = v * plot_h;
    const value_source src = i < c.sources.size() ? c.sources[i] : value_source{};
    o << "<rect class=\"s1\" x=\"" << fixed(left + bar_w * static_cast<double>(i), 2) << "\" y=\"" << fixed(top + plot_h - h, 2)
      << "\" width=\"" << fixed(std::max(bar_w - (bar_w > 3 ? 1 : 0), 0.5), 2) << "\" height=\"" << fixed(h, 2) << "\""
      << source_attributes(src) << "><title>"
      << escape_html((i < c.labels.size() ? c.labels[i] : "") + ": " + fixed(100 * v, 1) + "% " + c.value_name)
      << "</title></rect>\n";
  }
  o << "<text class=\"cl\" x=\"" << left << "\" y=\"" << c.height - 4 << "\">" << n << " tables, network order</text>\n";
  o << "</svg>\n";
  return o.str();
}

std::string svg_scatter(const scatter_chart& c) {
  const int left = 56, right = 16, top = 28, bottom = 40;
  const int plot_w = c.width - left - right, plot_h = c.height - top - bottom;
  double max_x = 0, min_y = 1, max_y = 0;
  for (const auto& p : c.points) {
    max_x = std::max(max_x, p.x);
    min_y = std::min(min_y, p.y);
    max_y = std::max(max_y, p.y);
  }
  max_x = nice_ceiling(max_x * 1.05);
  // Accuracy axis from a round value below the lowest point to 100%.
  double y_lo = c.y_percent ? std::max(0.0, std::floor(min_y * 10 - 0.5) / 10) : 0;
  double y_hi = c.y_percent ? 1.0 : nice_ceiling(max_y);
  if (y_hi <= y_lo) y_hi = y_lo + 1;
  auto px = [&](double x) { return left + plot_w * x / max_x; };
  auto py = [&](double y) { return top + plot_h - plot_h * (y - y_lo) / (y_hi - y_lo); };
  std::ostringstream o;
  o << "<svg id=\"" << escape_html(c.id) << "\" class=\"chart\" xmlns=\"http://www.w3.org/2000/svg\" width=\"" << c.width
    << "\" height=\"" << c.height << "\" viewBox=\"0 0 " << c.width << " " << c.height << "\" role=\"img\">\n";
  o << "<title>" << escape_html(c.title) << "</title>\n";
  o << "<text class=\"ct\" x=\"0\" y=\"16\">" << escape_html(c.title) << "</text>\n";
  for (int t = 0; t <= 4; ++t) {
    const double xv = max_x * t / 4, yv = y_lo + (y_hi - y_lo) * t / 4;
    o << "<line class=\"grid\" x1=\"" << fixed(px(xv), 1) << "\" x2=\"" << fixed(px(xv), 1) << "\" y1=\"" << top
      << "\" y2=\"" << top + plot_h << "\"/><text class=\"cl\" x=\"" << fixed(px(xv), 1) << "\" y=\"" << top + plot_h + 14
      << "\" text-anchor=\"middle\">" << format_number(xv, 0) << "</text>\n";
    o << "<line class=\"grid\" x1=\"" << left << "\" x2=\"" << left + plot_w << "\" y1=\"" << fixed(py(yv), 1) << "\" y2=\""
      << fixed(py(yv), 1) << "\"/><text class=\"cl\" x=\"" << left - 4 << "\" y=\"" << fixed(py(yv) + 4, 1)
      << "\" text-anchor=\"end\">" << (c.y_percent ? fixed(100 * yv, 1) + "%" : format_number(yv)) << "</text>\n";
  }
  o << "<text class=\"cl\" x=\"" << left + plot_w / 2 << "\" y=\"" << c.height - 6 << "\" text-anchor=\"middle\">"
    << escape_html(c.x_label) << "</text>\n";
  o << "<text class=\"cl\" transform=\"translate(12 " << top + plot_h / 2 << ") rotate(-90)\" text-anchor=\"middle\">"
    << escape_html(c.y_label) << "</text>\n";
  for (size_t i = 0; i < c.points.size(); ++i) {
    const auto& p = c.points[i];
    o << "<g class=\"point\">";
    o << "<circle class=\"s" << i % 6 << "\" cx=\"" << fixed(px(p.x), 1) << "\" cy=\"" << fixed(py(p.y), 1) << "\" r=\"5\"";
    // The point's coordinates and where they come from: sources[0] is x, sources[1] is y.
    for (size_t k = 0; k < p.sources.size() && k < 2; ++k) {
      const value_source& s = p.sources[k];
      const char* axis = k == 0 ? "x" : "y";
      if (k == 0 && s.out >= 0) o << " data-out=\"" << s.out << "\"";
      o << " data-" << axis << "-file=\"" << escape_html(s.file) << "\" data-" << axis << "-key=\"" << escape_html(s.key)
        << "\" data-" << axis << "=\"" << escape_html(s.value_text) << "\"";
    }
    o << "><title>" << escape_html(p.label) << "</title></circle>";
    o << "<text class=\"cl\" x=\"" << fixed(px(p.x) + 8, 1) << "\" y=\"" << fixed(py(p.y) - 6, 1) << "\">" << escape_html(p.label)
      << "</text></g>\n";
  }
  o << "</svg>\n";
  return o.str();
}

}  // namespace lutc::report
