#include "frontend/yaml_model.hpp"

#include <yaml-cpp/eventhandler.h>
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <cctype>
#include <charconv>
#include <filesystem>
#include <map>
#include <optional>
#include <sstream>
#include <stdexcept>
#include <string_view>

#include "frontend/conv_lowering.hpp"
#include "frontend/yaml_fields.hpp"
#include "util/diagnostic.hpp"
#include "util/topological_order.hpp"

namespace lutc::frontend {
namespace detail {

namespace {
const char* kHexDigits = "0123456789abcdef";

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

}  // namespace

uint64_t low_mask(int width) { return width >= 64 ? ~uint64_t{0} : (uint64_t{1} << width) - 1; }

uint64_t hex_digits_for(uint64_t num_rows, int width) {
  uint64_t bits = num_rows * static_cast<uint64_t>(width);
  return std::max<uint64_t>(1, (bits + 3) / 4);
}

std::string rows_to_hex(const std::vector<uint64_t>& rows, int width) {
  uint64_t total_bits = rows.size() * static_cast<uint64_t>(width);
  std::vector<uint64_t> words(static_cast<size_t>(total_bits / 64 + 1), 0);
  uint64_t pos = 0;
  for (uint64_t row : rows) {
    if (width == 0) continue;
    uint64_t v = row & low_mask(width);
    size_t w = static_cast<size_t>(pos >> 6);
    int off = static_cast<int>(pos & 63);
    words[w] |= v << off;
    if (off + width > 64) words[w + 1] |= v >> (64 - off);
    pos += static_cast<uint64_t>(width);
  }
  uint64_t digits = hex_digits_for(rows.size(), width);
  std::string s(static_cast<size_t>(digits), '0');
  for (uint64_t k = 0; k < digits; ++k) {
    uint64_t bit = k * 4;
    s[static_cast<size_t>(digits - 1 - k)] = kHexDigits[(words[static_cast<size_t>(bit >> 6)] >> (bit & 63)) & 0xf];
  }
  return s;
}

}  // namespace detail

namespace {
using detail::hex_value;

/// What a table's don't cares mean when the model does not say: a `care:` list is a sample of
/// the data the network sees (as PLA don't cares are), no list means fully specified.
ir::CareSource default_care_source(const ir::Table& t) {
  return t.care.empty() ? ir::CareSource::full : ir::CareSource::data_sample;
}

std::optional<ir::CareSource> parse_care_source(const std::string& text) {
  for (auto s : {ir::CareSource::full, ir::CareSource::reachability, ir::CareSource::data_sample, ir::CareSource::frontend})
    if (text == ir::care_source_name(s)) return s;
  return std::nullopt;
}
using detail::low_mask;

/// A parsed operand or output reference: `name`, `name[i]`, `name[hi:lo]` or `name[lo+:width]`.
struct Ref {
  std::string text;
  std::string name;
  bool whole = true;
  int lo = 0, width = 0;
  YAML::Mark mark;
};

struct PendingNode {
  std::string name;
  YAML::Mark mark;
  int width = 0;
  std::optional<ir::FixedFormat> format;
  bool is_constant = false;
  uint64_t value = 0;
  std::vector<Ref> refs;
  YAML::Node inputs_node, table_node, care_node, care_source_node;
  bool has_care = false, has_care_source = false;
  bool is_dense = false, dense_bias_frac_default = false;
  DenseLayer dense;
  std::optional<ConvLayer> conv;   // a conv layer: its shape (its settings are `dense`)
};

struct NameInfo {
  bool is_input = false;
  size_t index = 0;  // into inputs or nodes
  int width = 0;
  int line = 0;
  int output = -1;   // a dense or conv layer's output: node `index`'s output number (-2: the layer itself)
};

}  // namespace

bool detail::is_identifier(const std::string& s) {
  if (s.empty() || !(std::isalpha(static_cast<unsigned char>(s[0])) || s[0] == '_')) return false;
  return std::all_of(s.begin(), s.end(), [](char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '.'; });
}

namespace {
using detail::is_identifier;
using detail::parse_int;
using detail::parse_uint;
using detail::trim;

std::string strip_whitespace(const std::string& s) {
  std::string r;
  r.reserve(s.size());
  for (char c : s)
    if (!std::isspace(static_cast<unsigned char>(c))) r.push_back(c);
  return r;
}

/// Records where each YAML document starts and ignores its content.
struct DocumentStarts : YAML::EventHandler {
  std::vector<YAML::Mark> marks;
  void OnDocumentStart(const YAML::Mark& mark) override { marks.push_back(mark); }
  void OnDocumentEnd() override {}
  void OnNull(const YAML::Mark&, YAML::anchor_t) override {}
  void OnAlias(const YAML::Mark&, YAML::anchor_t) override {}
  void OnScalar(const YAML::Mark&, const std::string&, YAML::anchor_t, const std::string&) override {}
  void OnSequenceStart(const YAML::Mark&, const std::string&, YAML::anchor_t, YAML::EmitterStyle::value) override {}
  void OnSequenceEnd() override {}
  void OnMapStart(const YAML::Mark&, const std::string&, YAML::anchor_t, YAML::EmitterStyle::value) override {}
  void OnMapEnd() override {}
};

class YamlModelReader : detail::YamlFields {
 public:
  YamlModelReader(std::string path, const mac_params& mac, mac_stats* stats) : YamlFields(std::move(path)), mac_(mac), stats_(stats) {}

  ir::Network read(const std::string& text) {
    YAML::Node root;
    try {
      root = YAML::Load(text);
      if (!root.IsMap()) fail(root.Mark(), std::string("expected a YAML mapping starting with 'format: ") + kModelFormatV1 + "'");
      // Not YAML::LoadAll: yaml-cpp 0.7 loops forever, allocating, on a stray ',' outside [ ] or
      // { } (found by fuzzing). Only whether a second document starts matters, so stop there.
      std::istringstream in(text);
      YAML::Parser parser(in);
      DocumentStarts starts;
      for (int documents = 0; documents < 2 && parser.HandleNextDocument(starts); ++documents) {
      }
      if (starts.marks.size() > 1) fail(second_document_mark(text, starts.marks[1]), "a second YAML document: a model file holds exactly one");
    } catch (const YAML::Exception& e) {  // parser errors (and anything else yaml-cpp rejects)
      fail(e.mark, "invalid YAML: " + e.msg);
    }
    auto top = fields(root, "the model", {"format", "name", "inputs", "nodes", "outputs"});
    if (!top.count("format")) fail(root, std::string("missing 'format: ") + kModelFormatV1 + "'");
    const YAML::Node& fmt = top.at("format").value;
    if (!fmt.IsScalar() || fmt.Scalar() != kModelFormatV1)
      fail(fmt, std::string("unsupported format '") + (fmt.IsScalar() ? fmt.Scalar() : std::string("?")) + "' (expected " + kModelFormatV1 + ")");

    ir::Network net;
    net.source_file = path_;
    net.name = std::filesystem::path(path_).stem().string();
    if (top.count("name")) net.name = scalar(top.at("name").value, "'name'");

    YAML::Node inputs = require(top, root, "inputs", "the model");
    if (!inputs.IsSequence()) fail(inputs, "'inputs' must be a list");
    for (const auto& item : inputs) read_input(item, net);

    std::vector<PendingNode> pending;
    if (top.count("nodes")) {
      const YAML::Node& nodes = top.at("nodes").value;
      if (!nodes.IsSequence()) fail(nodes, "'nodes' must be a list");
      for (const auto& item : nodes) pending.push_back(read_node(item, pending.size()));
    }

    std::vector<size_t> order = topological_order(pending);
    std::vector<ir::NodeId> node_id(pending.size(), 0);
    for (size_t k : order) {
      if (!pending[k].is_dense) {
        node_id[k] = net.add_node(build_node(pending[k], net, node_id));
        continue;
      }
      std::vector<ir::NodeId> inputs;
      for (const Ref& r : pending[k].refs) inputs.push_back(dense_input(r, net, node_id));
      check_dense_inputs(pending[k], net, inputs);
      DenseLayer layer = pending[k].dense;
      layer.inputs = inputs;
      try {
        if (pending[k].conv) {
          ConvLayer conv = *pending[k].conv;
          conv.kernel = std::move(layer);
          dense_ids_[k] = expand_conv(net, conv, mac_, stats_);
        } else {
          dense_ids_[k] = expand_dense(net, layer, mac_, stats_);
        }
      } catch (const std::invalid_argument& e) {
        fail(pending[k].mark, e.what());
      }
      node_id[k] = dense_ids_[k].front();
    }

    YAML::Node outputs = require(top, root, "outputs", "the model");
    if (!outputs.IsSequence()) fail(outputs, "'outputs' must be a list");
    if (outputs.size() == 0) fail(outputs, "a model needs at least one output");
    std::map<std::string, int> output_line;
    for (const auto& item : outputs) {
      auto f = fields(item, "an output", {"name", "source", "fixed"});
      ir::OutputPort port;
      const YAML::Node& name_node = require(f, item, "name", "an output");
      port.name = name(name_node);
      if (auto it = output_line.find(port.name); it != output_line.end())
        fail(name_node, "duplicate output '" + port.name + "' (also defined at line " + std::to_string(it->second) + ")");
      if (auto it = names_.find(port.name); it != names_.end() && it->second.is_input)
        fail(name_node, "output '" + port.name + "' has the name of an input (ports must have distinct names)");
      output_line[port.name] = name_node.Mark().line + 1;
      const YAML::Node& source = require(f, item, "source", "an output");
      port.source = resolve(parse_ref(source), net, node_id);
      if (port.source.width == 0) fail(source, "output '" + port.name + "' is 0 bits wide (a port needs at least one bit)");
      if (f.count("fixed")) port.format = fixed_format(f.at("fixed").value, port.source.width, "output '" + port.name + "'");
      net.outputs.push_back(std::move(port));
    }
    net.compute_layers();
    net.check_invariants();
    return net;
  }

 private:
  /// Where the second document starts: its `---` line (its first node when no marker is found).
  static YAML::Mark second_document_mark(const std::string& text, YAML::Mark m) {
    int line = 0, first_marker = -1, markers = 0;
    bool content = false;
    for (size_t start = 0; start < text.size(); ++line) {
      size_t end = text.find('\n', start);
      std::string l = text.substr(start, end == std::string::npos ? std::string::npos : end - start);
      start = end == std::string::npos ? text.size() : end + 1;
      if (l.rfind("---", 0) == 0 && (l.size() == 3 || std::isspace(static_cast<unsigned char>(l[3])))) {
        if (content || markers > 0) {
          first_marker = line;
          break;
        }
        ++markers;
      } else if (!l.empty() && l[0] != '#' && l[0] != '%' && l.find_first_not_of(" \t\r") != std::string::npos) {
        content = true;
      }
    }
    if (first_marker >= 0 && (m.line < 0 || first_marker <= m.line)) {
      m.line = first_marker;
      m.column = 0;
    }
    return m;
  }

  void declare(const std::string& s, const YAML::Node& at, NameInfo info) {
    if (auto it = names_.find(s); it != names_.end())
      fail(at, "duplicate name '" + s + "' (also defined at line " + std::to_string(it->second.line) + ")");
    info.line = at.Mark().line + 1;
    names_[s] = info;
  }

  void read_input(const YAML::Node& item, ir::Network& net) {
    auto f = fields(item, "an input", {"name", "width", "fixed"});
    ir::Node n;
    n.op = ir::InputOp{};
    const YAML::Node& name_node = require(f, item, "name", "an input");
    n.name = name(name_node);
    n.width = static_cast<int>(integer(require(f, item, "width", "an input"), "input width", 1, 64));
    if (f.count("fixed")) n.format = fixed_format(f.at("fixed").value, n.width, "input '" + n.name + "'");
    n.source_line = item.Mark().line + 1;
    declare(n.name, name_node, NameInfo{true, net.inputs.size(), n.width, 0});
    net.add_node(std::move(n));
  }

  PendingNode read_node(const YAML::Node& item, size_t index) {
    auto f = fields(item, "a node", {"name", "inputs", "width", "fixed", "table", "care", "care_source", "value", "dense", "conv"});
    PendingNode p;
    p.mark = item.Mark();
    const YAML::Node& name_node = require(f, item, "name", "a node");
    p.name = name(name_node);
    if (f.count("dense") || f.count("conv")) {
      const std::string kind = f.count("dense") ? "dense" : "conv";
      for (const auto& [key, field] : f)
        if (key != "name" && key != kind) fail(field.key, kind + " layer '" + p.name + "' cannot have '" + key + "' (its settings go under '" + kind + "')");
      read_dense(p, f.at(kind).value, kind == "conv");
      declare(p.name, name_node, NameInfo{false, index, 0, 0, -2});
      size_t outputs = p.dense.weights.size();
      if (p.conv) {
        ConvLayer shape = *p.conv;
        shape.kernel.weights = p.dense.weights;
        outputs = 1;
        for (int d : conv_output_shape(shape)) outputs *= static_cast<size_t>(std::max(0, d));
      }
      for (size_t j = 0; j < outputs; ++j)
        declare(p.name + "." + std::to_string(j), name_node, NameInfo{false, index, p.dense.output.width(), 0, static_cast<int>(j)});
      return p;
    }
    p.width = static_cast<int>(integer(require(f, item, "width", "node '" + p.name + "'"), "width", 0, 64));
    if (f.count("fixed")) p.format = fixed_format(f.at("fixed").value, p.width, "node '" + p.name + "'");
    if (f.count("value")) {
      for (const char* k : {"inputs", "table", "care", "care_source"})
        if (f.count(k)) fail(f.at(k).key, "constant node '" + p.name + "' (with 'value') cannot have '" + k + "'");
      p.is_constant = true;
      const YAML::Node& v = f.at("value").value;
      std::optional<uint64_t> parsed = v.IsScalar() ? parse_uint(v.Scalar()) : std::nullopt;
      if (!parsed) fail(v, "'value' must be a non-negative integer");
      uint64_t value = *parsed;
      if ((value & ~low_mask(p.width)) != 0)
        fail(v, "value " + trim(v.Scalar()) + " of node '" + p.name + "' does not fit in " + std::to_string(p.width) + " bits");
      p.value = value;
    } else {
      p.inputs_node = require(f, item, "inputs", "node '" + p.name + "'");
      if (!p.inputs_node.IsSequence()) fail(p.inputs_node, "'inputs' of node '" + p.name + "' must be a list");
      for (const auto& r : p.inputs_node) p.refs.push_back(parse_ref(r));
      p.table_node = require(f, item, "table", "node '" + p.name + "'");
      if (f.count("care")) p.care_node = f.at("care").value, p.has_care = true;
      if (f.count("care_source")) p.care_source_node = f.at("care_source").value, p.has_care_source = true;
    }
    declare(p.name, name_node, NameInfo{false, index, p.width, 0});
    return p;
  }

  Ref parse_ref(const YAML::Node& n) const {
    Ref r;
    r.mark = n.Mark();
    if (!n.IsScalar()) fail(n, "a reference must be a string like a, a[3] or a[7:4]");
    r.text = n.Scalar();
    std::string s = trim(r.text);
    size_t open = s.find('[');
    auto bad = [&]() { fail(n, "bad reference '" + r.text + "' (expected name, name[i], name[hi:lo] or name[lo+:width])"); };
    if (open == std::string::npos) {
      r.name = s;
    } else {
      if (s.back() != ']') bad();
      r.name = trim(std::string_view(s).substr(0, open));
      std::string inside = s.substr(open + 1, s.size() - open - 2);
      r.whole = false;
      size_t plus = inside.find("+:");
      size_t colon = inside.find(':');
      auto num = [&](const std::string& t) {
        std::optional<int64_t> v = parse_int(t);
        if (!v || *v < 0 || *v > 64) bad();
        return static_cast<int>(*v);
      };
      if (plus != std::string::npos) {
        r.lo = num(inside.substr(0, plus));
        r.width = num(inside.substr(plus + 2));
      } else if (colon != std::string::npos) {
        int hi = num(inside.substr(0, colon));
        r.lo = num(inside.substr(colon + 1));
        if (hi < r.lo) fail(n, "bad slice '" + r.text + "': hi must not be below lo");
        r.width = hi - r.lo + 1;
      } else {
        r.lo = num(inside);
        r.width = 1;
      }
    }
    if (!is_identifier(r.name)) bad();
    return r;
  }

  /// Operand for `r`; `node_id` maps node file indices to ids already created (or not yet).
  ir::Operand resolve(const Ref& r, const ir::Network& net, const std::vector<ir::NodeId>& node_id) const {
    auto it = names_.find(r.name);
    if (it == names_.end()) fail(r.mark, "unknown input or node '" + r.name + "'");
    const NameInfo& info = it->second;
    if (!r.whole && r.lo + r.width > info.width)
      fail(r.mark, "slice '" + r.text + "' is out of range: '" + r.name + "' is " + std::to_string(info.width) + " bits wide");
    if (info.output == -2) fail(r.mark, "'" + r.name + "' is a layer: read its outputs " + r.name + ".0 .. " + r.name + ".N");
    ir::NodeId id = info.is_input ? net.inputs[info.index] : info.output >= 0 ? dense_ids_.at(info.index).at(static_cast<size_t>(info.output)) : node_id[info.index];
    return r.whole ? ir::Operand{id, 0, info.width} : ir::Operand{id, r.lo, r.width};
  }

  /// Node file indices in a topological order that keeps file order wherever possible.
  std::vector<size_t> topological_order(const std::vector<PendingNode>& pending) const {
    size_t n = pending.size();
    std::vector<std::vector<size_t>> reads(n);
    for (size_t k = 0; k < n; ++k)
      for (const Ref& r : pending[k].refs) {
        auto it = names_.find(r.name);
        if (it == names_.end()) fail(r.mark, "unknown input or node '" + r.name + "'");
        if (!it->second.is_input) reads[k].push_back(it->second.index);
      }
    std::vector<size_t> order = util::stable_topological_order(reads);
    std::vector<size_t> cycle = util::find_cycle(reads, order);
    if (cycle.empty()) return order;
    std::string text;
    for (size_t k : cycle) text += pending[k].name + " -> ";
    text += pending[cycle[0]].name;
    // Point at the reference by which the cycle's first node reads the next one.
    const PendingNode& first = pending[cycle[0]];
    const std::string& next = pending[cycle.size() > 1 ? cycle[1] : cycle[0]].name;
    YAML::Mark at = first.mark;
    for (const Ref& r : first.refs)
      if (r.name == next) {
        at = r.mark;
        break;
      }
    fail(at, "nodes form a cycle: " + text + " (each node reads the next)");
  }

  std::vector<uint64_t> decode_hex(const YAML::Node& n, uint64_t num_rows, int width, const std::string& what) const {
    if (!n.IsScalar()) fail(n, what + " must be a hex string");
    std::string hex = strip_whitespace(n.Scalar());
    for (size_t i = 0; i < hex.size(); ++i)
      if (hex_value(hex[i]) < 0) fail(n, std::string("bad hex digit '") + hex[i] + "' in " + what + " (digit " + std::to_string(i + 1) + ")");
    uint64_t expected = detail::hex_digits_for(num_rows, width);
    if (hex.size() != expected)
      fail(n, what + " has " + std::to_string(hex.size()) + " hex digits, expected " + std::to_string(expected) + " (" +
                  std::to_string(num_rows) + " rows x " + std::to_string(width) + " bits)");
    uint64_t total_bits = num_rows * static_cast<uint64_t>(width);
    std::vector<uint64_t> words(static_cast<size_t>(expected / 16 + 2), 0);
    for (uint64_t k = 0; k < expected; ++k) {
      uint64_t v = static_cast<uint64_t>(hex_value(hex[static_cast<size_t>(expected - 1 - k)]));
      uint64_t bit = k * 4;
      if (bit + 4 > total_bits && (v >> std::min<uint64_t>(4, total_bits - std::min(total_bits, bit))) != 0)
        fail(n, what + " sets bits above its " + std::to_string(total_bits) + " table bits (the first digit is too large)");
      words[static_cast<size_t>(bit >> 6)] |= v << (bit & 63);
    }
    std::vector<uint64_t> rows(static_cast<size_t>(num_rows), 0);
    if (width == 0) return rows;
    uint64_t pos = 0;
    for (auto& row : rows) {
      size_t w = static_cast<size_t>(pos >> 6);
      int off = static_cast<int>(pos & 63);
      uint64_t v = words[w] >> off;
      if (off + width > 64) v |= words[w + 1] << (64 - off);
      row = v & low_mask(width);
      pos += static_cast<uint64_t>(width);
    }
    return rows;
  }

  ir::Node build_node(const PendingNode& p, const ir::Network& net, const std::vector<ir::NodeId>& node_id) const {
    ir::Node n;
    n.name = p.name;
    n.width = p.width;
    n.format = p.format;
    n.source_line = p.mark.line + 1;
    if (p.is_constant) {
      n.op = ir::ConstantOp{p.value};
      return n;
    }
    n.op = ir::Table{};
    int index_bits = 0;
    for (const Ref& r : p.refs) {
      n.operands.push_back(resolve(r, net, node_id));
      index_bits += n.operands.back().width;
    }
    if (index_bits > kMaxIndexBits)
      fail(p.inputs_node, "node '" + p.name + "' has " + std::to_string(index_bits) + " index bits; at most " +
                              std::to_string(kMaxIndexBits) + " are supported (the table would have 2^" +
                              std::to_string(index_bits) + " rows)");
    n.table().index_bits = index_bits;
    n.table().out_width = p.width;
    n.table().rows = decode_hex(p.table_node, n.table().num_rows(), p.width, "table of node '" + p.name + "'");
    if (p.has_care) {
      if (!p.care_node.IsSequence() || p.care_node.size() != static_cast<size_t>(p.width))
        fail(p.care_node, "'care' of node '" + p.name + "' must list " + std::to_string(p.width) +
                              " hex strings, one per output bit (got " +
                              (p.care_node.IsSequence() ? std::to_string(p.care_node.size()) : std::string("no list")) + ")");
      int bit = 0;
      for (const auto& c : p.care_node) {
        std::vector<uint64_t> rows =
            decode_hex(c, n.table().num_rows(), 1, "care set of bit " + std::to_string(bit) + " of node '" + p.name + "'");
        logic::TruthTable t(index_bits);
        for (uint64_t r = 0; r < rows.size(); ++r)
          if (rows[r]) t.set(r, true);
        n.table().care.push_back(std::move(t));
        ++bit;
      }
    }
    n.table().care_source = default_care_source(n.table());
    if (p.has_care_source) {
      const YAML::Node& s = p.care_source_node;
      std::optional<ir::CareSource> source = s.IsScalar() ? parse_care_source(s.Scalar()) : std::nullopt;
      if (!source) fail(s, "'care_source' of node '" + p.name + "' must be full, reachability, data_sample or frontend");
      n.table().care_source = *source;
    }
    return n;
  }

  /// The settings of a dense layer (docs/model-format.md#dense-layers); its inputs are resolved later.
  void read_dense(PendingNode& p, const YAML::Node& d, bool is_conv) {
    const std::string what = std::string(is_conv ? "conv" : "dense") + " layer '" + p.name + "'";
    auto f = is_conv ? fields(d, what, {"inputs", "input_shape", "kernel", "stride", "padding", "weights", "weight_frac_bits", "bias",
                                        "bias_frac_bits", "activation", "output", "mac", "chunk_bits", "group", "approx_bits"})
                     : fields(d, what, {"inputs", "weights", "weight_frac_bits", "bias", "bias_frac_bits", "activation", "output", "mac",
                                        "chunk_bits", "group", "approx_bits"});
    p.is_dense = true;
    DenseLayer& L = p.dense;
    L.name = p.name;
    L.source_line = p.mark.line + 1;
    p.inputs_node = require(f, d, "inputs", what);
    if (!p.inputs_node.IsSequence() || p.inputs_node.size() == 0) fail(p.inputs_node, "'inputs' of " + what + " must be a non-empty list");
    for (const auto& r : p.inputs_node) p.refs.push_back(parse_ref(r));
    size_t row_size = p.refs.size();
    if (is_conv) row_size = read_conv_shape(p, f, d, what);
    const YAML::Node& w = require(f, d, "weights", what);
    if (!w.IsSequence() || w.size() == 0) fail(w, "'weights' of " + what + " must be a list of rows, one per output" + (is_conv ? " channel" : ""));
    for (const auto& row : w) {
      if (!row.IsSequence() || row.size() != row_size)
        fail(row, "a weight row of " + what + " must list " + std::to_string(row_size) + " integers, one per " +
                      (is_conv ? "kernel position and input channel" : "input"));
      L.weights.emplace_back();
      for (const auto& v : row) L.weights.back().push_back(integer(v, "a weight", -(int64_t{1} << 24), int64_t{1} << 24));
    }
    auto small = [&](const char* key, int64_t lo, int64_t hi, int fallback) {
      return f.count(key) ? static_cast<int>(integer(f.at(key).value, std::string("'") + key + "'", lo, hi)) : fallback;
    };
    L.weight_frac_bits = small("weight_frac_bits", -24, 24, 0);
    if (f.count("bias")) {
      const YAML::Node& b = f.at("bias").value;
      if (!b.IsSequence() || b.size() != L.weights.size())
        fail(b, "'bias' of " + what + " must list " + std::to_string(L.weights.size()) + " integers, one per output");
      for (const auto& v : b) L.bias.push_back(integer(v, "a bias", -(int64_t{1} << 40), int64_t{1} << 40));
    }
    p.dense_bias_frac_default = !f.count("bias_frac_bits");
    L.bias_frac_bits = small("bias_frac_bits", -24, 48, 0);
    if (f.count("activation")) {
      std::string a = scalar(f.at("activation").value, "'activation'");
      if (a != "relu" && a != "none") fail(f.at("activation").value, "'activation' must be relu or none");
      L.relu = a == "relu";
    }
    const YAML::Node& o = require(f, d, "output", what);
    L.output = fixed_format(o, -1, "the output of " + what);
    if (L.output.width() < 1 || L.output.width() > 62) fail(o, "the output of " + what + " must be 1..62 bits wide");
    if (f.count("mac")) {
      const YAML::Node& m = f.at("mac").value;
      L.strategy = parse_mac_strategy(scalar(m, "'mac'"));
      if (!L.strategy) fail(m, "'mac' must be auto, mul, shift-add or lut-na");
    }
    L.chunk_bits = small("chunk_bits", 1, 32, 0);
    L.group = small("group", 1, 24, 0);
    L.approx_bits = small("approx_bits", 0, 62, 0);
    if (L.approx_bits > 0 && (L.strategy != MacStrategy::lut_na || !f.count("chunk_bits") || !f.count("group")))
      fail(f.at("approx_bits").key, "'approx_bits' of " + what + " needs 'mac: lut-na', 'chunk_bits' and 'group' (they define the approximation)");
  }

  /// A conv layer's input_shape, kernel, stride and padding (checked against its inputs); returns
  /// the length of a weight row (kernel positions x input channels).
  size_t read_conv_shape(PendingNode& p, const Fields& f, const YAML::Node& d, const std::string& what) {
    ConvLayer c;
    const YAML::Node& k = require(f, d, "kernel", what);
    if (!k.IsSequence() || k.size() < 1 || k.size() > 2) fail(k, "'kernel' of " + what + " must be [K] (1-D) or [KH, KW] (2-D)");
    const size_t dims = k.size();
    auto to_int = [](const std::vector<int64_t>& v) { return std::vector<int>(v.begin(), v.end()); };
    c.kernel_shape = to_int(integers(k, "'kernel'", dims, 1, 64, false));
    const YAML::Node& s = require(f, d, "input_shape", what);
    c.input_shape = to_int(integers(s, "'input_shape' of " + what + " ([L, C] or [H, W, C], as its kernel)", dims + 1, 1, 4096, false));
    c.stride = f.count("stride") ? to_int(integers(f.at("stride").value, "'stride'", dims, 1, 64, true)) : std::vector<int>(dims, 1);
    c.padding = f.count("padding") ? to_int(integers(f.at("padding").value, "'padding'", dims, 0, 64, true)) : std::vector<int>(dims, 0);
    size_t elements = 1;
    for (int v : c.input_shape) elements *= static_cast<size_t>(v);
    if (p.refs.size() != elements)
      fail(p.inputs_node, "'inputs' of " + what + " must list " + std::to_string(elements) + " values (input_shape, row-major), not " +
                              std::to_string(p.refs.size()));
    for (size_t i = 0; i < dims; ++i)
      if (c.kernel_shape[i] > c.input_shape[i] + 2 * c.padding[i])
        fail(k, "'kernel' of " + what + " is larger than its padded input (" + std::to_string(c.kernel_shape[i]) + " > " +
                    std::to_string(c.input_shape[i] + 2 * c.padding[i]) + " in dimension " + std::to_string(i) + ")");
    for (size_t i = 0; i < dims; ++i)
      if (c.padding[i] >= c.kernel_shape[i]) fail(f.at("padding").value, "'padding' of " + what + " must be smaller than its kernel");
    size_t row = static_cast<size_t>(c.input_shape.back());
    for (int v : c.kernel_shape) row *= static_cast<size_t>(v);
    p.conv = std::move(c);
    return row;
  }

  static std::string layer_kind(const PendingNode& p) { return p.conv ? "conv layer" : "dense layer"; }

  /// A dense layer's input: a whole node (the layer reads its value, in its format).
  ir::NodeId dense_input(const Ref& r, const ir::Network& net, const std::vector<ir::NodeId>& node_id) const {
    if (!r.whole) fail(r.mark, "a layer reads whole nodes, not slices ('" + r.text + "')");
    return resolve(r, net, node_id).node;
  }

  /// Inputs of one format, and lut-na tables within the 24 index bits of any table.
  void check_dense_inputs(PendingNode& p, const ir::Network& net, const std::vector<ir::NodeId>& inputs) const {
    DenseLayer& L = p.dense;
    auto fmt = [&](size_t i) {
      const ir::Node& n = net.nodes.at(inputs[i]);
      return n.format.value_or(ir::FixedFormat{false, n.width, 0});
    };
    for (size_t i = 0; i < inputs.size(); ++i)
      if (fmt(i).width() != fmt(0).width() || fmt(i).is_signed != fmt(0).is_signed || fmt(i).frac_bits != fmt(0).frac_bits)
        fail(p.refs[i].mark, "inputs of " + layer_kind(p) + " '" + p.name + "' must share one format: '" + p.refs[i].name + "' differs from '" +
                                 p.refs[0].name + "'");
    int bits = fmt(0).width();
    if (bits > 32) fail(p.refs[0].mark, "inputs of " + layer_kind(p) + " '" + p.name + "' are at most 32 bits wide");
    if (L.chunk_bits > bits) fail(p.mark, "'chunk_bits' of " + layer_kind(p) + " '" + p.name + "' exceeds its inputs' " + std::to_string(bits) + " bits");
    if (L.chunk_bits * L.group > kMaxIndexBits) fail(p.mark, layer_kind(p) + " '" + p.name + "': chunk_bits x group must be at most 24");
    if (p.dense_bias_frac_default) L.bias_frac_bits = fmt(0).frac_bits + L.weight_frac_bits;
  }

  static constexpr int kMaxIndexBits = 24;
  const mac_params& mac_;
  mac_stats* stats_;
  std::map<size_t, std::vector<ir::NodeId>> dense_ids_;
  std::map<std::string, NameInfo> names_;
};

}  // namespace

ir::Network read_yaml_model(const std::string& path, const std::string& text, const mac_params& mac, mac_stats* stats) {
  return YamlModelReader(path, mac, stats).read(text);
}

}  // namespace lutc::frontend
