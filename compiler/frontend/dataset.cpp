#include "frontend/dataset.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <map>
#include <optional>
#include <sstream>

#include "frontend/pla_file.hpp"
#include "util/diagnostic.hpp"
#include "util/fs.hpp"
#include "util/gzip.hpp"

namespace lutc::frontend {
namespace {

const std::string kClassColumn = "label";

/// Classes a network predicts: one per output port (argmax), or a single output's codes.
uint64_t num_classes(const ir::Network& net) {
  if (net.outputs.size() != 1) return net.outputs.size();
  int w = net.outputs[0].source.width;
  return w >= 63 ? uint64_t{1} << 62 : uint64_t{1} << w;
}

uint64_t low_mask(int width) { return width >= 64 ? ~uint64_t{0} : (uint64_t{1} << width) - 1; }

std::string trim(const std::string& s) {
  size_t b = 0, e = s.size();
  while (b < e && std::isspace(static_cast<unsigned char>(s[b]))) ++b;
  while (e > b && std::isspace(static_cast<unsigned char>(s[e - 1]))) --e;
  return s.substr(b, e - b);
}

Dataset parse_pla_dataset(const std::string& path, const std::string& text, const ir::Network& net) {
  detail::PlaFile f = detail::parse_pla_text(path, text);
  if (f.num_inputs != net.total_input_bits())
    throw Diagnostic(path, 0, 0, ".i " + std::to_string(f.num_inputs) + " does not match the " + std::to_string(net.total_input_bits()) +
                                     " input bits of the network");
  Dataset d;
  d.has_labels = f.num_outputs > 0;
  if (d.has_labels && f.num_outputs != net.total_output_bits())
    throw Diagnostic(path, 0, 0, ".o " + std::to_string(f.num_outputs) + " does not match the " + std::to_string(net.total_output_bits()) +
                                     " output bits of the network");
  for (const auto& row : f.rows) {
    std::vector<uint64_t> codes(net.inputs.size(), 0);
    size_t col = 0;
    for (size_t p = 0; p < net.inputs.size(); ++p)
      for (int b = 0; b < net.nodes[net.inputs[p]].width; ++b, ++col) {
        char ch = row.inputs[col];
        if (ch == '-')
          throw Diagnostic(path, row.line, row.columns[col], "a sample must give every input bit (no '-')");
        if (ch == '1') codes[p] |= uint64_t{1} << b;
      }
    d.inputs.push_back(std::move(codes));
    d.source_line.push_back(row.line);
    if (!d.has_labels) continue;
    std::vector<uint64_t> labels(net.outputs.size(), 0), known(net.outputs.size(), 0);
    col = 0;
    for (size_t p = 0; p < net.outputs.size(); ++p)
      for (int b = 0; b < net.outputs[p].source.width; ++b, ++col) {
        char ch = row.outputs[col];
        if (ch == '1') labels[p] |= uint64_t{1} << b;
        if (ch == '0' || ch == '1') known[p] |= uint64_t{1} << b;
      }
    d.labels.push_back(std::move(labels));
    d.label_known.push_back(std::move(known));
  }
  return d;
}

/// A port a CSV column refers to.
struct Column {
  bool is_input = true;
  size_t port = 0;
  int width = 0;
  const std::optional<ir::FixedFormat>* format = nullptr;
  std::string name;
  int scale_shift = 0;   // real value * 2^scale_shift is quantized (ALIR input/output shifts)
  bool negate = false;   // (outputs) the port's real value is minus its code's
  bool wraps = false;    // out-of-range real values wrap by the model's definition (ALIR)
  bool is_class = false; // the `label` column: a class index, not a port
};

/// Parses one CSV value for `c`; returns an error message in `why` on failure.
std::optional<uint64_t> parse_value(const std::string& t, const Column& c, std::string& why) {
  auto raw_code = [&](const char* b, const char* e, int base) -> std::optional<uint64_t> {
    uint64_t v = 0;
    auto [p, ec] = std::from_chars(b, e, v, base);
    if (b == e || ec != std::errc() || p != e) {
      why = "bad number '" + t + "'";
      return std::nullopt;
    }
    if ((v & ~low_mask(c.width)) != 0) {
      why = "code " + t + " does not fit in the " + std::to_string(c.width) + " bits of '" + c.name + "'";
      return std::nullopt;
    }
    return v;
  };
  const char* b = t.data();
  const char* e = t.data() + t.size();
  if (t.size() > 2 && t[0] == '0' && (t[1] == 'x' || t[1] == 'X')) return raw_code(b + 2, e, 16);
  if (t.size() > 2 && t[0] == '0' && (t[1] == 'b' || t[1] == 'B')) return raw_code(b + 2, e, 2);
  if (c.format->has_value()) {
    double x = 0;
    auto [p, ec] = std::from_chars(b, e, x);
    if (b == e || ec != std::errc() || p != e) {
      why = "bad number '" + t + "'";
      return std::nullopt;
    }
    if (!std::isfinite(x)) {
      why = "'" + t + "' is not a finite number";
      return std::nullopt;
    }
    x = std::ldexp(c.negate ? -x : x, c.scale_shift);
    // Saturating formats clamp by definition; a wrapping one would silently alias the value.
    if (!c.wraps && (*c.format)->overflow == ir::Overflow::wrap && !ir::representable(x, **c.format)) {
      const ir::FixedFormat& f = **c.format;
      uint64_t lo = f.is_signed ? uint64_t{1} << (f.width() - 1) : 0, hi = f.is_signed ? lo - 1 : low_mask(f.width());
      // The range in the CSV's own units (before the column's negation and scaling).
      double a = std::ldexp(ir::dequantize(lo, f), -c.scale_shift), z = std::ldexp(ir::dequantize(hi, f), -c.scale_shift);
      if (c.negate) std::tie(a, z) = std::pair(-z, -a);
      char range[96];
      std::snprintf(range, sizeof range, "%.17g to %.17g", a, z);
      why = "value " + t + " is out of the range of '" + c.name + "' (" + range + ")";
      return std::nullopt;
    }
    return ir::quantize(x, **c.format);
  }
  if (!t.empty() && t[0] == '-') {
    why = "negative value '" + t + "' for '" + c.name + "', which has no fixed format (codes are unsigned)";
    return std::nullopt;
  }
  return raw_code(b, e, 10);
}

std::vector<std::pair<std::string, int>> split_csv(const std::string& line) {
  std::vector<std::pair<std::string, int>> fields;  // (trimmed text, 1-based column)
  size_t start = 0;
  while (true) {
    size_t comma = line.find(',', start);
    std::string field = line.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
    size_t lead = 0;
    while (lead < field.size() && std::isspace(static_cast<unsigned char>(field[lead]))) ++lead;
    fields.push_back({trim(field), static_cast<int>(start + lead + 1)});
    if (comma == std::string::npos) break;
    start = comma + 1;
  }
  return fields;
}

/// The class in a `label` cell: an integer (a whole float such as `3.0` too) naming an output
/// port (argmax over several outputs) or, with a single output, its code.
int64_t parse_class(const std::string& path, int line, int col, const std::string& t, const ir::Network& net) {
  double x = 0;
  auto [p, ec] = std::from_chars(t.data(), t.data() + t.size(), x);
  if (ec != std::errc() || p != t.data() + t.size() || !std::isfinite(x) || x < 0 || x != std::floor(x))
    throw Diagnostic(path, line, col, "label '" + t + "' is not a class (a non-negative integer)");
  const uint64_t classes = num_classes(net);
  if (x >= static_cast<double>(classes))
    throw Diagnostic(path, line, col, "label " + t + " is not a class of the network: it has " + std::to_string(classes) +
                                          (net.outputs.size() > 1 ? " (one per output port, argmax)" : " (codes of its output)"));
  return static_cast<int64_t>(x);
}

Dataset parse_csv_dataset(const std::string& path, const std::string& text, const ir::Network& net) {
  std::map<std::string, Column> ports;
  bool wraps = false;  // an ALIR model: its real values wrap into their formats by definition
  for (size_t p = 0; p < net.inputs.size(); ++p) {
    const ir::Node& n = net.nodes[net.inputs[p]];
    const auto* in = std::get_if<ir::InputOp>(&n.op);
    wraps = wraps || (in && in->wraps_real_data);
    ports[n.name] = Column{true, p, n.width, &n.format, n.name, in ? in->scale_shift : 0, false, in && in->wraps_real_data};
  }
  for (size_t p = 0; p < net.outputs.size(); ++p) {
    const ir::OutputPort& o = net.outputs[p];
    ports[o.name] = Column{false, p, o.source.width, &o.format, o.name, -o.scale_shift, o.negate, wraps};
  }
  Dataset d;
  std::vector<Column> columns;
  std::istringstream in(text);
  std::string line;
  int number = 0;
  bool have_header = false;
  while (std::getline(in, line)) {
    ++number;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    std::string t = trim(line);
    if (t.empty() || t[0] == '#') continue;
    auto fields = split_csv(line);
    if (!have_header) {
      std::vector<bool> seen_input(net.inputs.size(), false);
      std::map<std::string, int> seen;
      for (const auto& [name, col] : fields) {
        auto it = ports.find(name);
        if (seen.count(name)) throw Diagnostic(path, number, col, "repeated column '" + name + "'");
        if (it == ports.end() && name == kClassColumn) {
          seen[name] = col;
          Column c;
          c.is_input = false;
          c.is_class = true;
          c.name = name;
          columns.push_back(c);
          d.has_classes = true;
          continue;
        }
        if (it == ports.end()) throw Diagnostic(path, number, col, "column '" + name + "' is not an input or output port of the network");
        seen[name] = col;
        columns.push_back(it->second);
        if (it->second.is_input) seen_input[it->second.port] = true;
        else d.has_labels = true;
      }
      for (size_t p = 0; p < net.inputs.size(); ++p)
        if (!seen_input[p]) throw Diagnostic(path, number, 0, "no column for input '" + net.nodes[net.inputs[p]].name + "'");
      have_header = true;
      continue;
    }
    if (fields.size() != columns.size())
      throw Diagnostic(path, number, 0, "row has " + std::to_string(fields.size()) + " values, expected " + std::to_string(columns.size()));
    std::vector<uint64_t> codes(net.inputs.size(), 0), labels(net.outputs.size(), 0), known(net.outputs.size(), 0);
    int64_t sample_class = -1;
    for (size_t k = 0; k < fields.size(); ++k) {
      const auto& [value, col] = fields[k];
      const Column& c = columns[k];
      if (!c.is_input && (value.empty() || value == "-" || value == "?")) continue;  // unknown label
      if (c.is_class) {
        sample_class = parse_class(path, number, col, value, net);
        continue;
      }
      std::string why;
      std::optional<uint64_t> v = parse_value(value, c, why);
      if (!v) throw Diagnostic(path, number, col, why);
      if (c.is_input) {
        codes[c.port] = *v;
      } else {
        labels[c.port] = *v;
        known[c.port] = low_mask(c.width);
      }
    }
    d.inputs.push_back(std::move(codes));
    d.source_line.push_back(number);
    if (d.has_classes) d.classes.push_back(sample_class);
    if (d.has_labels) {
      d.labels.push_back(std::move(labels));
      d.label_known.push_back(std::move(known));
    }
  }
  if (!have_header) throw Diagnostic(path, 0, 0, "missing header row with the input port names");
  return d;
}

}  // namespace

Dataset parse_dataset(const std::string& path, const std::string& text, const ir::Network& net) {
  std::string ext = std::filesystem::path(util::strip_gz(path)).extension().string();
  std::transform(ext.begin(), ext.end(), ext.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  if (ext == ".pla") return parse_pla_dataset(path, text, net);
  if (ext == ".csv") return parse_csv_dataset(path, text, net);
  throw Diagnostic(path, 0, 0, "unknown data set file type '" + ext + "' (expected .pla, .csv or .csv.gz)");
}

Dataset read_dataset(const std::string& path, const ir::Network& net) {
  std::string ext = std::filesystem::path(util::strip_gz(path)).extension().string();
  std::transform(ext.begin(), ext.end(), ext.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  if (ext != ".pla" && ext != ".csv") throw Diagnostic(path, 0, 0, "unknown data set file type '" + ext + "' (expected .pla or .csv)");
  return parse_dataset(path, util::read_maybe_gzip(path), net);
}

}  // namespace lutc::frontend
