#include "report/html_report.hpp"

#include <algorithm>
#include <cstdio>
#include <sstream>

#include "report/svg_chart.hpp"
#include "util/diagnostic.hpp"
#include "util/fs.hpp"

namespace lutc::report {
namespace fs = std::filesystem;
using nlohmann::json;

namespace detail {

std::string escape_html(const std::string& text) {
  std::string s;
  s.reserve(text.size());
  for (char c : text) {
    switch (c) {
      case '&': s += "&amp;"; break;
      case '<': s += "&lt;"; break;
      case '>': s += "&gt;"; break;
      case '"': s += "&quot;"; break;
      case '\'': s += "&#39;"; break;
      default: s += c;
    }
  }
  return s;
}

uint64_t rom_luts(int index_bits, int out_bits, int lut_size) {
  if (index_bits <= 0 || out_bits <= 0) return 0;
  uint64_t per_bit = index_bits <= lut_size ? 1 : uint64_t{1} << std::min(index_bits - lut_size, 62);
  return per_bit * static_cast<uint64_t>(out_bits);
}

const std::vector<std::string>& lut_bucket_labels() {
  static const std::vector<std::string> labels = {"0", "1", "2", "3-4", "5-8", "9-16", "17-32", "33-64", "65-128", ">128"};
  return labels;
}

size_t lut_bucket(uint64_t luts) {
  if (luts <= 2) return static_cast<size_t>(luts);
  size_t b = 3;
  for (uint64_t hi = 4; hi < luts && b < 9; hi *= 2) ++b;
  return b;
}

}  // namespace detail

namespace {

using detail::escape_html;

const char* kStyle = R"(
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,Helvetica,Arial,sans-serif;margin:24px auto;max-width:1120px;color:#1d2330;background:#fafbfc;padding:0 16px}
h1{font-size:22px;margin:0 0 4px}h2{font-size:18px;margin:28px 0 4px;border-bottom:1px solid #d8dde6;padding-bottom:4px}
h3{font-size:15px;margin:18px 0 6px;color:#3a4458}.meta{color:#5b6475;margin:2px 0 10px}
.cards{display:flex;flex-wrap:wrap;gap:10px;margin:10px 0}
.card{background:#fff;border:1px solid #d8dde6;border-radius:8px;padding:8px 14px;min-width:110px}
.card .k{font-size:12px;color:#5b6475}.card .v{font-size:20px;font-weight:600}
.ok{color:#1a7f37}.bad{color:#c62828}.none{color:#8a93a5}
table{border-collapse:collapse;background:#fff;margin:6px 0}td,th{border:1px solid #d8dde6;padding:3px 10px;text-align:left}
td.r{text-align:right;font-variant-numeric:tabular-nums}
.charts{display:flex;flex-wrap:wrap;gap:18px}.chart{background:#fff;border:1px solid #d8dde6;border-radius:8px;padding:6px}
.chart text{font:12px system-ui,sans-serif;fill:#1d2330}.chart .ct{font-weight:600}.chart .cv{fill:#3a4458}
.grid{stroke:#e3e7ee;stroke-width:1}
.s0{fill:#3b6fd4}.s1{fill:#e08a1e}.s2{fill:#2e9e6a}.s3{fill:#b04fc2}.s4{fill:#c94242}.s5{fill:#5a6b7d}
.note{color:#5b6475;font-size:12px}
)";

/// The page's numbers: each one is an element tied to its JSON value.
class Numbers {
 public:
  size_t count = 0;

  /// `value` of `key` in `file` of design `out`, shown per `format`: int, pct, fixed1, fixed3, bool, text.
  std::string operator()(size_t out, const std::string& file, const std::string& key, const json& value,
                         const std::string& format, const std::string& css = "") {
    ++count;
    return "<span class=\"n" + (css.empty() ? "" : " " + css) + "\"" + source_attributes(source(out, file, key, value, format)) +
           ">" + escape_html(text(value, format)) + "</span>";
  }

  static value_source source(size_t out, const std::string& file, const std::string& key, const json& value,
                             const std::string& format) {
    return {file, key, value.dump(), format, static_cast<int>(out)};
  }

  static std::string text(const json& v, const std::string& format) {
    char buf[64];
    if (format == "pct") {
      std::snprintf(buf, sizeof buf, "%.2f%%", 100 * v.get<double>());
      return buf;
    }
    if (format == "fixed1" || format == "fixed3") {
      std::snprintf(buf, sizeof buf, format == "fixed1" ? "%.1f" : "%.3f", v.get<double>());
      return buf;
    }
    if (format == "bool") return v.get<bool>() ? "yes" : "no";
    if (v.is_string()) return v.get<std::string>();
    return v.dump();
  }
};

const json& at_path(const json& j, const std::string& dotted) {
  static const json null_value;
  const json* p = &j;
  std::istringstream in(dotted);
  for (std::string part; std::getline(in, part, '.');) {
    if (p->is_array()) {
      size_t i = std::stoul(part);
      if (i >= p->size()) return null_value;
      p = &(*p)[i];
    } else if (p->is_object() && p->contains(part)) {
      p = &(*p)[part];
    } else {
      return null_value;
    }
  }
  return *p;
}

struct Page {
  std::ostringstream html;
  Numbers num;
  size_t charts = 0;

  std::string card(const std::string& label, const std::string& value_html) {
    return "<div class=\"card\"><div class=\"k\">" + escape_html(label) + "</div><div class=\"v\">" + value_html + "</div></div>";
  }
};

/// The accuracy the report plots for a design: the first data file's RTL accuracy.
const backend::DataAccuracy* first_accuracy(const report_input& d) {
  for (const auto& a : d.compiled.report.verification.data)
    if (a.labelled > 0) return &a;
  return nullptr;
}

void design_section(Page& pg, size_t out, const report_input& d) {
  const backend::CompileReport& r = d.compiled.report;
  const json rj = r;  // the report as report.json holds it: keys below are its paths
  auto& h = pg.html;
  auto num = [&](const std::string& key, const std::string& format, const std::string& css = "") {
    return pg.num(out, "report.json", key, at_path(rj, key), format, css);
  };
  auto synth_num = [&](const std::string& key, const std::string& format = "int") {
    return pg.num(out, "synth/report.json", key, at_path(d.synth, key), format);
  };
  h << "<section class=\"design\" id=\"design-" << out << "\" data-out=\"" << out << "\" data-dir=\"" << escape_html(d.label)
    << "\">\n<h2>" << escape_html(d.label) << "</h2>\n";
  h << "<p class=\"meta\">model " << num("model", "text") << " · lutc " << num("lutc_version", "text") << " · RTL "
    << num("design.target", "text") << ", LUT" << num("design.lut_size", "int") << " · pipeline "
    << num("design.pipeline", "int") << " (registers every N layers; 0: combinational)</p>\n";

  // Headline numbers.
  h << "<div class=\"cards\">";
  h << pg.card("LUTs emitted", num("luts", "int"));
  if (!d.synth.is_null()) {
    const std::string t = d.synth.value("target", "");
    h << pg.card("LUTs after Yosys (" + t + ")", synth_num("luts")) << pg.card("carry cells", synth_num("carry"))
      << pg.card("flip-flops", synth_num("ff")) << pg.card("MUXF", synth_num("muxf"))
      << pg.card("logic depth (Yosys)", synth_num("depth"));
  }
  h << pg.card("tables", num("neurons", "int")) << pg.card("LUT depth (emitted)", num("depth", "int"))
    << pg.card("latency (cycles)", num("latency", "int"));
  const backend::VerifyReport& v = r.verification;
  if (v.vectors > 0) {
    h << pg.card("mismatches", num("verification.mismatches", "int", v.mismatches ? "bad" : "ok"));
    for (size_t i = 0; i < v.data.size(); ++i)
      if (v.data[i].labelled)
        h << pg.card("accuracy, RTL simulation", num("verification.data." + std::to_string(i) + ".rtl_accuracy", "pct"))
          << pg.card("accuracy, software model", num("verification.data." + std::to_string(i) + ".model_accuracy", "pct"));
  } else {
    h << pg.card("verification", "<span class=\"none\">not run</span>");
  }
  h << "</div>\n";

  // Resources.
  h << "<h3>Resources</h3>\n<div class=\"charts\">\n";
  if (!r.layers.empty()) {
    bar_chart c;
    c.id = "layers-" + std::to_string(out);
    c.title = "Emitted logic by neuron layer";
    bar_series luts{"LUTs", {}, {}}, adders{"adder bits (carry chains)", {}, {}};
    bool any_adder = false;
    for (size_t l = 0; l < r.layers.size(); ++l) {
      const auto& L = r.layers[l];
      const std::string base = "layers." + std::to_string(l) + ".";
      c.categories.push_back("layer " + std::to_string(L.layer) + (r.design.pipeline > 0 ? ", stage " + std::to_string(L.stage) : "") +
                             (L.tables ? " (" + std::to_string(L.tables) + " tables)" : ""));
      luts.values.push_back(static_cast<double>(L.luts));
      luts.sources.push_back(Numbers::source(out, "report.json", base + "luts", L.luts, "int"));
      adders.values.push_back(static_cast<double>(L.adder_bits));
      adders.sources.push_back(Numbers::source(out, "report.json", base + "adder_bits", L.adder_bits, "int"));
      any_adder = any_adder || L.adder_bits > 0;
    }
    c.series = {luts};
    if (any_adder) c.series.push_back(adders);
    h << svg_bar_chart(c);
    ++pg.charts;
  }
  if (!d.synth.is_null()) {
    bar_chart c;
    c.id = "synth-" + std::to_string(out);
    c.title = "After Yosys (" + d.synth.value("target", std::string()) + ")";
    bar_series s{"cells", {}, {}};
    for (const auto& [label, key] : std::vector<std::pair<std::string, std::string>>{
             {"LUT", "luts"}, {"carry", "carry"}, {"FF", "ff"}, {"MUXF", "muxf"}}) {
      c.categories.push_back(label);
      s.values.push_back(at_path(d.synth, key).is_number() ? at_path(d.synth, key).get<double>() : 0);
      s.sources.push_back(Numbers::source(out, "synth/report.json", key, at_path(d.synth, key), "int"));
    }
    c.series = {s};
    h << svg_bar_chart(c);
    ++pg.charts;
  } else {
    h << "<p class=\"note\">Synthesis has not run: <code>lutc synth " << escape_html(d.label) << "</code></p>";
  }
  h << "</div>\n";

  // LUTs each step saved (report.json stages.lut_savings: IR passes by an estimate, the rest exact).
  if (rj.contains("stages") && rj["stages"].contains("lut_savings") && rj["stages"]["lut_savings"].is_array()) {
    h << "<h3>LUTs saved per step</h3>\n<table class=\"steps\"><tr><th>step</th><th>LUTs before</th><th>LUTs after</th>"
         "<th>saved</th><th>count</th></tr>\n";
    for (size_t i = 0; i < rj["stages"]["lut_savings"].size(); ++i) {
      const std::string row = "stages.lut_savings." + std::to_string(i) + ".";
      h << "<tr><td>" << num(row + "step", "text") << "</td><td>" << num(row + "luts_before", "int") << "</td><td>"
        << num(row + "luts_after", "int") << "</td><td>" << num(row + "luts_saved", "int") << "</td><td>"
        << (rj["stages"]["lut_savings"][i].value("exact", false) ? "exact" : "estimate") << "</td></tr>\n";
    }
    h << "</table>\n<p class=\"note\">Before LUTs exist (IR passes) the count is an estimate: each table's minimized "
         "LUTs plus one LUT per adder, relu or mux output bit.</p>\n";
  }

  // Tables: sizes before and after minimization, don't cares.
  if (r.tables.is_array() && !r.tables.empty()) {
    h << "<h3>Tables</h3>\n<p class=\"meta\">table bits " << num("table_bits_before", "int") << " as read, "
      << num("table_bits_after", "int") << " after the passes; don't cares "
      << num("dont_care_fraction", "pct") << " of all table rows</p>\n<div class=\"charts\">\n";
    bar_chart hist;
    hist.id = "table-sizes-" + std::to_string(out);
    hist.title = "Tables by size (LUT" + std::to_string(r.design.lut_size) + "s per table)";
    hist.categories = detail::lut_bucket_labels();
    bar_series before{"before: plain ROM", std::vector<double>(hist.categories.size(), 0), {}};
    bar_series after{"after minimization", std::vector<double>(hist.categories.size(), 0), {}};
    strip_chart dc;
    dc.id = "dont-cares-" + std::to_string(out);
    dc.title = "Don't-care fraction per table";
    dc.value_name = "don't cares";
    for (size_t t = 0; t < r.tables.size(); ++t) {
      const json& row = r.tables[t];
      const int index_bits = row.value("index_bits", 0), out_bits = row.value("out_bits_used", 0);
      before.values[detail::lut_bucket(detail::rom_luts(index_bits, out_bits, r.design.lut_size))] += 1;
      after.values[detail::lut_bucket(row.value("luts", uint64_t{0}))] += 1;
      const double care = row.value("care_fraction", 1.0);
      dc.labels.push_back(row.value("name", std::string()) + " (" + std::to_string(index_bits) + " index bits)");
      dc.values.push_back(1 - care);
      dc.sources.push_back(Numbers::source(out, "report.json", "tables." + std::to_string(t) + ".care_fraction", row["care_fraction"], "complement"));
    }
    // Only the range of sizes that occur.
    size_t lo = hist.categories.size(), hi = 0;
    for (size_t b = 0; b < hist.categories.size(); ++b)
      if (before.values[b] > 0 || after.values[b] > 0) lo = std::min(lo, b), hi = b;
    if (lo <= hi) {
      hist.categories = {hist.categories.begin() + static_cast<long>(lo), hist.categories.begin() + static_cast<long>(hi) + 1};
      for (auto* ser : {&before, &after}) ser->values = {ser->values.begin() + static_cast<long>(lo), ser->values.begin() + static_cast<long>(hi) + 1};
    }
    hist.series = {before, after};
    h << svg_bar_chart(hist) << svg_strip_chart(dc);
    pg.charts += 2;
    h << "</div>\n<p class=\"note\">Before: one LUT per used output bit, 2<sup>n−K</sup> of them above K index bits "
         "(multiplexers not counted). After: the table's own minimized network (LUTs shared across tables are counted "
         "in each).</p>\n";
  }

  // Verification.
  h << "<h3>Verification</h3>\n";
  if (v.vectors == 0) {
    h << "<p class=\"none\">Not verified yet: <code>lutc verify " << escape_html(d.label) << " [--data FILE]</code></p>\n";
  } else {
    h << "<table id=\"verification-" << out << "\"><tr><th>vectors</th><th>of which exhaustive/random</th><th>mismatches</th>"
         "<th>output bits compared</th><th>exhaustive</th><th>seed</th><th>seconds</th></tr><tr>"
      << "<td class=\"r\">" << num("verification.vectors", "int") << "</td><td class=\"r\">"
      << num("verification.random_vectors", "int") << "</td><td class=\"r\">"
      << num("verification.mismatches", "int", v.mismatches ? "bad" : "ok") << "</td><td class=\"r\">"
      << num("verification.compared_bits", "int") << "</td><td>" << num("verification.exhaustive", "bool")
      << "</td><td class=\"r\">" << num("verification.seed", "int") << "</td><td class=\"r\">"
      << num("verification.seconds", "fixed1") << "</td></tr></table>\n";
    if (!v.data.empty()) {
      h << "<table id=\"accuracy-" << out << "\"><tr><th>data</th><th>samples</th><th>labelled</th><th>accuracy, RTL "
           "simulation</th><th>accuracy, software model</th><th>samples where the classes differ</th></tr>\n";
      for (size_t i = 0; i < v.data.size(); ++i) {
        const std::string base = "verification.data." + std::to_string(i) + ".";
        h << "<tr><td>" << num(base + "file", "text") << "</td><td class=\"r\">" << num(base + "samples", "int")
          << "</td><td class=\"r\">" << num(base + "labelled", "int") << "</td><td class=\"r\">"
          << num(base + "rtl_accuracy", "pct") << "</td><td class=\"r\">" << num(base + "model_accuracy", "pct")
          << "</td><td class=\"r\">" << num(base + "class_mismatches", "int", v.data[i].class_mismatches ? "bad" : "ok")
          << "</td></tr>\n";
      }
      h << "</table>\n<p class=\"note\">Class = argmax of the outputs, ties to the lowest index; the RTL's class comes "
           "from the Verilator simulation.</p>\n";
    }
    if (!v.first_mismatch.empty())
      h << "<p class=\"bad\">first mismatch: " << num("verification.first_mismatch", "text") << "</p>\n";
  }
  h << "</section>\n";
}

void comparison_section(Page& pg, const std::vector<report_input>& designs) {
  auto& h = pg.html;
  h << "<section id=\"compare\">\n<h2>Designs compared</h2>\n";
  scatter_chart sc;
  sc.id = "accuracy-vs-luts";
  sc.title = "Accuracy (RTL simulation) against LUTs";
  sc.y_label = "accuracy";
  bool any_synth = std::any_of(designs.begin(), designs.end(), [](const report_input& d) { return !d.synth.is_null(); });
  sc.x_label = any_synth ? "LUTs after Yosys (emitted LUTs where synthesis has not run)" : "LUTs emitted";
  std::ostringstream rows;
  rows << "<table id=\"compare-table\"><tr><th>design</th><th>LUTs emitted</th><th>LUTs after Yosys</th><th>carry</th>"
          "<th>FF</th><th>accuracy, RTL</th><th>mismatches</th></tr>\n";
  for (size_t i = 0; i < designs.size(); ++i) {
    const auto& d = designs[i];
    const json rj = d.compiled.report;
    const backend::DataAccuracy* acc = first_accuracy(d);
    rows << "<tr><td>" << escape_html(d.label) << "</td><td class=\"r\">" << pg.num(i, "report.json", "luts", rj["luts"], "int")
         << "</td>";
    for (const char* key : {"luts", "carry", "ff"})
      rows << "<td class=\"r\">" << (d.synth.is_null() ? "<span class=\"none\">-</span>" : pg.num(i, "synth/report.json", key, d.synth[key], "int"))
           << "</td>";
    size_t acc_index = acc ? static_cast<size_t>(acc - d.compiled.report.verification.data.data()) : 0;
    std::string acc_key = "verification.data." + std::to_string(acc_index) + ".rtl_accuracy";
    rows << "<td class=\"r\">" << (acc ? pg.num(i, "report.json", acc_key, acc->rtl_accuracy, "pct") : "<span class=\"none\">-</span>")
         << "</td><td class=\"r\">"
         << (d.compiled.report.verification.vectors ? pg.num(i, "report.json", "verification.mismatches", rj["verification"]["mismatches"], "int")
                                                     : "<span class=\"none\">not verified</span>")
         << "</td></tr>\n";
    if (!acc) continue;
    scatter_point p;
    const bool synth = !d.synth.is_null();
    p.x = synth ? d.synth.value("luts", 0.0) : static_cast<double>(d.compiled.report.luts);
    p.y = acc->rtl_accuracy;
    p.label = d.label;
    p.sources = {Numbers::source(i, synth ? "synth/report.json" : "report.json", "luts", p.x, "int"),
                 Numbers::source(i, "report.json", acc_key, p.y, "pct")};
    sc.points.push_back(p);
  }
  rows << "</table>\n";
  if (!sc.points.empty()) {
    h << "<div class=\"charts\">\n" << svg_scatter(sc) << "</div>\n";
    ++pg.charts;
  } else {
    h << "<p class=\"none\">No design has a measured accuracy: <code>lutc verify OUT --data FILE</code> with a "
         "<code>label</code> column.</p>\n";
  }
  h << rows.str() << "</section>\n";
}

}  // namespace

report_input load_report_input(const fs::path& out_dir) {
  report_input in;
  in.label = out_dir.string();
  in.compiled = backend::CompiledDesign::open(out_dir);
  fs::path synth = out_dir / "synth" / "report.json";
  if (fs::exists(synth)) {
    try {
      in.synth = json::parse(util::read_file(synth));
    } catch (const json::exception& e) {
      throw Diagnostic(synth.string(), 0, 0, std::string("invalid JSON: ") + e.what());
    }
    if (!in.synth.is_object()) throw Diagnostic(synth.string(), 0, 0, "the synthesis report must be a JSON object");
  }
  return in;
}

std::string html_report(const std::vector<report_input>& designs, const html_report_params& ps, html_report_stats* st) {
  Page pg;
  auto& h = pg.html;
  h << "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
       // Self-contained by construction: the page may load nothing (no fonts, images or scripts).
       "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">\n"
       "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>"
    << escape_html(ps.title) << "</title>\n<style>" << kStyle << "</style>\n</head>\n<body>\n<h1>" << escape_html(ps.title)
    << "</h1>\n<p class=\"meta\">" << designs.size() << " design" << (designs.size() == 1 ? "" : "s")
    << " · numbers from each OUT/report.json and OUT/synth/report.json</p>\n";
  if (designs.size() > 1) comparison_section(pg, designs);
  for (size_t i = 0; i < designs.size(); ++i) design_section(pg, i, designs[i]);
  h << "</body>\n</html>\n";
  if (st) {
    st->designs = designs.size();
    st->charts = pg.charts;
    st->numbers = pg.num.count;
  }
  return h.str();
}

html_report_stats write_html_report(const std::vector<fs::path>& out_dirs, const fs::path& file, const html_report_params& ps) {
  std::vector<report_input> designs;
  for (const auto& d : out_dirs) designs.push_back(load_report_input(d));
  html_report_stats st;
  std::string text = html_report(designs, ps, &st);
  util::write_atomic(file, text);
  return st;
}

}  // namespace lutc::report
