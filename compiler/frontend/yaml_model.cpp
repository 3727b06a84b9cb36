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

uint64_t low_mask(int width) { return width >= 64 ? ~uint64_t{0} : (uint64_t{1} << width) - 1; }
}  // namespace

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
};

struct NameInfo {
  bool is_input = false;
  size_t index = 0;  // into inputs or nodes
  int width = 0;
  int line = 0;
};

bool is_identifier(const std::string& s) {
  if (s.empty() || !(std::isalpha(static_cast<unsigned char>(s[0])) || s[0] == '_')) return false;
  return std::all_of(s.begin(), s.end(), [](char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '.'; });
}

std::string strip_whitespace(const std::string& s) {
  std::string r;
  r.reserve(s.size());
  for (char c : s)
    if (!std::isspace(static_cast<unsigned char>(c))) r.push_back(c);
  return r;
}

std::string trim(std::string_view s) {
  size_t b = 0, e = s.size();
  while (b < e && std::isspace(static_cast<unsigned char>(s[b]))) ++b;
  while (e > b && std::isspace(static_cast<unsigned char>(s[e - 1]))) --e;
  return std::string(s.substr(b, e - b));
}

std::optional<int64_t> parse_int(const std::string& s) {
  std::string t = trim(s);
  int64_t v = 0;
  const char* b = t.data();
  const char* e = t.data() + t.size();
  int base = 10;
  bool negative = false;
  if (b != e && *b == '-') negative = true, ++b;
  if (e - b > 2 && b[0] == '0' && (b[1] == 'x' || b[1] == 'X')) base = 16, b += 2;
  if (b == e) return std::nullopt;
  uint64_t u = 0;
  auto [p, ec] = std::from_chars(b, e, u, base);
  if (ec != std::errc() || p != e) return std::nullopt;
  if (u > static_cast<uint64_t>(INT64_MAX)) return std::nullopt;
  v = static_cast<int64_t>(u);
  return negative ? -v : v;
}

/// A non-negative decimal or 0x-prefixed hex number up to 2^64-1.
std::optional<uint64_t> parse_uint(const std::string& s) {
  std::string t = trim(s);
  int base = (t.size() > 2 && t[0] == '0' && (t[1] == 'x' || t[1] == 'X')) ? 16 : 10;
  const char* b = t.data() + (base == 16 ? 2 : 0);
  const char* e = t.data() + t.size();
  uint64_t v = 0;
  auto [p, ec] = std::from_chars(b, e, v, base);
  if (b == e || ec != std::errc() || p != e) return std::nullopt;
  return v;
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

class YamlModelReader {
 public:
  explicit YamlModelReader(std::string path) : path_(std::move(path)) {}

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
    for (size_t k : order) node_id[k] = net.add_node(build_node(pending[k], net, node_id));

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
  struct Field {
    YAML::Node key, value;
  };
  using Fields = std::map<std::string, Field>;

  [[noreturn]] void fail(const YAML::Mark& m, const std::string& message) const {
    int line = m.line >= 0 ? m.line + 1 : 0;
    int col = m.column >= 0 ? m.column + 1 : 0;
    throw Diagnostic(path_, line, col, message);
  }
  [[noreturn]] void fail(const YAML::Node& n, const std::string& message) const { fail(n.Mark(), message); }

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

  /// The keys of a mapping, rejecting unknown and repeated ones (typos should not pass silently).
  Fields fields(const YAML::Node& map, const std::string& what, std::initializer_list<std::string_view> allowed) const {
    if (!map.IsMap()) fail(map, what + " must be a mapping");
    Fields out;
    for (auto it = map.begin(); it != map.end(); ++it) {
      if (!it->first.IsScalar()) fail(it->first, "keys of " + what + " must be plain words");
      std::string key = it->first.Scalar();
      if (std::find(allowed.begin(), allowed.end(), key) == allowed.end()) {
        std::string list;
        for (auto a : allowed) list += (list.empty() ? "" : ", ") + std::string(a);
        fail(it->first, "unknown key '" + key + "' in " + what + " (expected " + list + ")");
      }
      if (out.count(key)) fail(it->first, "duplicate key '" + key + "' in " + what);
      out[key] = Field{it->first, it->second};
    }
    return out;
  }

  YAML::Node require(const Fields& f, const YAML::Node& map, const std::string& key, const std::string& what) const {
    auto it = f.find(key);
    if (it == f.end()) fail(map, what + " needs '" + key + "'");
    return it->second.value;
  }

  std::string scalar(const YAML::Node& n, const std::string& what) const {
    if (!n.IsScalar()) fail(n, what + " must be a string");
    return n.Scalar();
  }

  std::string name(const YAML::Node& n) const {
    if (!n.IsScalar()) fail(n, "a name must be a string (quote names such as \"null\")");
    std::string s = n.Scalar();
    if (!is_identifier(s)) fail(n, "invalid name '" + s + "' (use letters, digits, '_' and '.', starting with a letter or '_')");
    return s;
  }

  int64_t integer(const YAML::Node& n, const std::string& what, int64_t lo, int64_t hi) const {
    std::optional<int64_t> v = n.IsScalar() ? parse_int(n.Scalar()) : std::nullopt;
    if (!v) fail(n, what + " must be an integer");
    if (*v < lo || *v > hi)
      fail(n, what + " " + std::to_string(*v) + " is out of range (" + std::to_string(lo) + ".." + std::to_string(hi) + ")");
    return *v;
  }

  bool boolean(const YAML::Node& n, const std::string& what) const {
    std::string s = n.IsScalar() ? n.Scalar() : "";
    if (s == "true") return true;
    if (s == "false") return false;
    fail(n, what + " must be true or false");
  }

  ir::FixedFormat fixed_format(const YAML::Node& n, int width, const std::string& owner) const {
    auto f = fields(n, "a fixed format", {"signed", "int_bits", "frac_bits", "rounding", "overflow"});
    ir::FixedFormat fmt;
    if (f.count("signed")) fmt.is_signed = boolean(f.at("signed").value, "'signed'");
    fmt.int_bits = static_cast<int>(integer(require(f, n, "int_bits", "a fixed format"), "'int_bits'", -64, 64));
    fmt.frac_bits = static_cast<int>(integer(require(f, n, "frac_bits", "a fixed format"), "'frac_bits'", -64, 64));
    if (f.count("rounding")) {
      std::string r = scalar(f.at("rounding").value, "'rounding'");
      if (r == "truncate") fmt.rounding = ir::Rounding::truncate;
      else if (r == "round") fmt.rounding = ir::Rounding::round;
      else fail(f.at("rounding").value, "'rounding' must be truncate or round");
    }
    if (f.count("overflow")) {
      std::string o = scalar(f.at("overflow").value, "'overflow'");
      if (o == "wrap") fmt.overflow = ir::Overflow::wrap;
      else if (o == "saturate") fmt.overflow = ir::Overflow::saturate;
      else fail(f.at("overflow").value, "'overflow' must be wrap or saturate");
    }
    if (fmt.width() != width)
      fail(n, "fixed format of " + owner + " has int_bits + frac_bits = " + std::to_string(fmt.width()) + " but " + owner +
                  " is " + std::to_string(width) + " bits wide");
    return fmt;
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
    auto f = fields(item, "a node", {"name", "inputs", "width", "fixed", "table", "care", "care_source", "value"});
    PendingNode p;
    p.mark = item.Mark();
    const YAML::Node& name_node = require(f, item, "name", "a node");
    p.name = name(name_node);
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
    ir::NodeId id = info.is_input ? net.inputs[info.index] : node_id[info.index];
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

  static constexpr int kMaxIndexBits = 24;
  std::string path_;
  std::map<std::string, NameInfo> names_;
};

// ---- writer ----

/// Written with every care list (so a reader sees what the don't cares mean) and wherever it
/// differs from what the reader assumes.
std::string care_source_text(const ir::Table& t) {
  if (t.care.empty() && t.care_source == ir::CareSource::full) return "";
  return ir::care_source_name(t.care_source);
}

bool needs_quotes(const std::string& s) {
  if (s.empty()) return true;
  static const char* keywords[] = {"null", "true", "false", "yes", "no", "on", "off", "y", "n"};
  std::string lower;
  for (char c : s) lower.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
  for (const char* k : keywords)
    if (lower == k) return true;
  if (!(std::isalpha(static_cast<unsigned char>(s[0])) || s[0] == '_')) return true;
  return !std::all_of(s.begin(), s.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '.' || c == '-';
  });
}

std::string quoted(const std::string& s) {
  std::string r = "\"";
  for (char c : s) {
    if (c == '"' || c == '\\') r += '\\', r += c;
    else if (static_cast<unsigned char>(c) < 0x20) {
      static const char* hex = "0123456789abcdef";
      r += "\\x";
      r += hex[(c >> 4) & 0xf];
      r += hex[c & 0xf];
    } else r += c;
  }
  return r + "\"";
}

std::string yaml_string(const std::string& s) { return needs_quotes(s) ? quoted(s) : s; }

std::string fixed_text(const ir::FixedFormat& f) {
  return std::string("{signed: ") + (f.is_signed ? "true" : "false") + ", int_bits: " + std::to_string(f.int_bits) +
         ", frac_bits: " + std::to_string(f.frac_bits) +
         ", rounding: " + (f.rounding == ir::Rounding::round ? "round" : "truncate") +
         ", overflow: " + (f.overflow == ir::Overflow::saturate ? "saturate" : "wrap") + "}";
}

std::string ref_text(const ir::Network& net, const ir::Operand& op) {
  const ir::Node& src = net.nodes.at(op.node);
  std::string s = yaml_string(src.name);
  if (op.lo == 0 && op.width == src.width) return s;
  std::string slice;
  if (op.width == 0) slice = "[" + std::to_string(op.lo) + "+:0]";
  else if (op.width == 1) slice = "[" + std::to_string(op.lo) + "]";
  else slice = "[" + std::to_string(op.lo + op.width - 1) + ":" + std::to_string(op.lo) + "]";
  return quoted(src.name + slice);
}

/// A hex string as a YAML value: quoted on one line when short, else a literal block.
std::string hex_value_text(const std::string& hex, int indent) {
  constexpr size_t kLine = 64;
  if (hex.size() <= kLine) return "\"" + hex + "\"\n";
  std::string out = "|\n";
  for (size_t i = 0; i < hex.size(); i += kLine) out += std::string(static_cast<size_t>(indent), ' ') + hex.substr(i, kLine) + "\n";
  return out;
}

}  // namespace

ir::Network read_yaml_model(const std::string& path, const std::string& text) {
  return YamlModelReader(path).read(text);
}

std::string write_yaml_model(const ir::Network& net) {
  std::string out = std::string("format: ") + kModelFormatV1 + "\n";
  out += "name: " + yaml_string(net.name) + "\n";
  bool seen_other = false;
  for (const auto& n : net.nodes) {
    if (!is_identifier(n.name)) throw std::logic_error("write_yaml_model: node name '" + n.name + "' is not a valid model name");
    if (n.kind() != ir::NodeKind::input) seen_other = true;
    else if (seen_other) throw std::logic_error("write_yaml_model: input '" + n.name + "' comes after a non-input node");
  }
  out += net.inputs.empty() ? "inputs: []\n" : "inputs:\n";
  for (ir::NodeId id : net.inputs) {
    const ir::Node& n = net.nodes[id];
    out += "  - {name: " + yaml_string(n.name) + ", width: " + std::to_string(n.width);
    if (n.format) out += ", fixed: " + fixed_text(*n.format);
    out += "}\n";
  }
  bool any_node = std::any_of(net.nodes.begin(), net.nodes.end(), [](const ir::Node& n) { return n.kind() != ir::NodeKind::input; });
  out += any_node ? "nodes:\n" : "nodes: []\n";
  for (const auto& n : net.nodes) {
    if (n.kind() == ir::NodeKind::input) continue;
    out += "  - name: " + yaml_string(n.name) + "\n";
    if (n.kind() == ir::NodeKind::table) {
      out += "    inputs: [";
      for (size_t i = 0; i < n.operands.size(); ++i) out += (i ? ", " : "") + ref_text(net, n.operands[i]);
      out += "]\n";
    }
    out += "    width: " + std::to_string(n.width) + "\n";
    if (n.format) out += "    fixed: " + fixed_text(*n.format) + "\n";
    if (n.kind() == ir::NodeKind::constant) {
      out += "    value: " + std::to_string(n.constant_value() & detail::low_mask(n.width)) + "\n";
    } else if (n.kind() == ir::NodeKind::table) {
      out += "    table: " + hex_value_text(detail::rows_to_hex(n.table().rows, n.width), 6);
      if (!n.table().care.empty()) {
        out += "    care:\n";
        for (const auto& c : n.table().care) {
          std::vector<uint64_t> bits(static_cast<size_t>(c.num_bits()));
          for (uint64_t r = 0; r < c.num_bits(); ++r) bits[r] = c.get(r) ? 1 : 0;
          out += "      - " + hex_value_text(detail::rows_to_hex(bits, 1), 8);
        }
      }
      if (std::string source = care_source_text(n.table()); !source.empty()) out += "    care_source: " + source + "\n";
    } else {
      // Arithmetic (ALIR) has no YAML form: refuse with a diagnostic rather than write half a model.
      throw Diagnostic(net.source_file, 0, 0,
                       "node '" + n.name + "' is a '" + ir::kind_name(n.kind()) +
                           "' node, which the YAML model format cannot express (only inputs, constants and tables)");
    }
  }
  out += "outputs:\n";
  for (const auto& o : net.outputs) {
    if (!is_identifier(o.name)) throw std::logic_error("write_yaml_model: output name '" + o.name + "' is not a valid model name");
    out += "  - {name: " + yaml_string(o.name) + ", source: " + ref_text(net, o.source);
    if (o.format) out += ", fixed: " + fixed_text(*o.format);
    out += "}\n";
  }
  return out;
}

}  // namespace lutc::frontend
