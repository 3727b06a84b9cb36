#include "backend/netlist_json.hpp"

#include <stdexcept>

#include "util/diagnostic.hpp"

namespace lutc::backend {
namespace detail {

constexpr const char* netlist_format = "lutc-netlist";
constexpr int netlist_format_version = 1;

/// Hex digits for a k-input INIT: ceil(2^k / 4), at least one.
std::string init_hex(uint64_t init, size_t k) {
  size_t digits = k <= 2 ? 1 : (size_t{1} << k) / 4;
  static const char* hex = "0123456789abcdef";
  std::string s(digits, '0');
  for (size_t d = 0; d < digits; ++d) s[digits - 1 - d] = hex[(init >> (4 * d)) & 0xf];
  return s;
}

nlohmann::json ports_to_json(const std::vector<Port>& ports) {
  nlohmann::json a = nlohmann::json::array();
  for (const auto& p : ports) a.push_back({{"name", p.name}, {"width", p.width}});
  return a;
}

class Reader {
 public:
  explicit Reader(std::string source) : source_(std::move(source)) {}

  [[noreturn]] void fail(const std::string& what) const { throw Diagnostic(source_, 0, 0, what); }

  const nlohmann::json& field(const nlohmann::json& obj, const char* key, const std::string& where) const {
    if (!obj.is_object() || !obj.contains(key)) fail(where + ": missing '" + key + "'");
    return obj.at(key);
  }
  int64_t integer(const nlohmann::json& v, const std::string& where) const {
    if (!v.is_number_integer()) fail(where + ": expected an integer");
    return v.get<int64_t>();
  }
  std::vector<Port> ports(const nlohmann::json& a, const std::string& where) const {
    if (!a.is_array()) fail(where + ": expected an array of ports");
    std::vector<Port> out;
    for (size_t i = 0; i < a.size(); ++i) {
      std::string w = where + "[" + std::to_string(i) + "]";
      const auto& name = field(a[i], "name", w);
      if (!name.is_string() || name.get<std::string>().empty()) fail(w + ": 'name' must be a non-empty string");
      int64_t width = integer(field(a[i], "width", w), w + ".width");
      if (width < 1 || width > 1 << 20) fail(w + ": width " + std::to_string(width) + " out of range");
      out.push_back({name.get<std::string>(), static_cast<int>(width)});
    }
    return out;
  }
  uint64_t init(const nlohmann::json& v, size_t k, const std::string& where) const {
    if (!v.is_string()) fail(where + ": 'init' must be a hex string");
    std::string s = v.get<std::string>();
    if (s.empty() || s.size() > 16) fail(where + ": bad INIT '" + s + "'");
    uint64_t x = 0;
    for (char c : s) {
      int d = (c >= '0' && c <= '9') ? c - '0' : (c >= 'a' && c <= 'f') ? c - 'a' + 10 : (c >= 'A' && c <= 'F') ? c - 'A' + 10 : -1;
      if (d < 0) fail(where + ": bad hex digit in INIT '" + s + "'");
      x = (x << 4) | static_cast<uint64_t>(d);
    }
    if (k < 6 && (x >> (uint64_t{1} << k)) != 0) fail(where + ": INIT '" + s + "' has bits beyond 2^" + std::to_string(k));
    return x;
  }

 private:
  std::string source_;
};

}  // namespace detail

nlohmann::json netlist_to_json(const Netlist& nl) {
  const auto& net = nl.luts;
  bool has_layers = !nl.lut_layer.empty();
  if (has_layers && nl.lut_layer.size() != net.num_luts())
    throw std::logic_error("netlist_to_json: lut_layer has " + std::to_string(nl.lut_layer.size()) + " entries for " +
                           std::to_string(net.num_luts()) + " LUTs");
  nlohmann::json j;
  j["format"] = detail::netlist_format;
  j["version"] = detail::netlist_format_version;
  j["top"] = nl.top;
  j["inputs"] = detail::ports_to_json(nl.inputs);
  j["outputs"] = detail::ports_to_json(nl.outputs);
  j["num_pis"] = net.num_pis();
  j["num_layers"] = nl.num_layers;
  nlohmann::json luts = nlohmann::json::array();
  for (size_t i = 0; i < net.num_luts(); ++i) {
    const auto& l = net.luts()[i];
    nlohmann::json e;
    e["fanins"] = l.fanins;
    e["init"] = detail::init_hex(l.init, l.fanins.size());
    if (has_layers) e["layer"] = nl.lut_layer[i];
    luts.push_back(std::move(e));
  }
  j["luts"] = std::move(luts);
  if (!nl.cells.empty()) {
    nlohmann::json cells = nlohmann::json::array();
    for (const auto& c : nl.cells) {
      nlohmann::json terms = nlohmann::json::array();
      for (const auto& t : c.terms)
        terms.push_back({{"bits", t.bits}, {"signed", t.is_signed}, {"shift", t.shift}, {"negate", t.negate}});
      cells.push_back({{"type", "add"}, {"terms", terms}, {"constant", c.constant}, {"lo", c.lo}, {"width", c.width},
                       {"first_pi", c.first_pi}, {"layer", c.layer}});
    }
    j["cells"] = std::move(cells);
  }
  j["pos"] = net.pos();
  return j;
}

Netlist netlist_from_json(const nlohmann::json& j, const std::string& source) {
  detail::Reader r(source);
  if (!j.is_object()) r.fail("expected a JSON object");
  const auto& format = r.field(j, "format", "netlist");
  if (format != detail::netlist_format) r.fail("not a lutc netlist ('format' is not \"lutc-netlist\")");
  int64_t version = r.integer(r.field(j, "version", "netlist"), "version");
  if (version != detail::netlist_format_version)
    r.fail("netlist format version " + std::to_string(version) + " is not supported (expected " +
           std::to_string(detail::netlist_format_version) + ")");

  Netlist nl;
  const auto& top = r.field(j, "top", "netlist");
  if (!top.is_string() || top.get<std::string>().empty()) r.fail("'top' must be a non-empty string");
  nl.top = top.get<std::string>();
  nl.inputs = r.ports(r.field(j, "inputs", "netlist"), "inputs");
  nl.outputs = r.ports(r.field(j, "outputs", "netlist"), "outputs");
  int64_t num_pis = r.integer(r.field(j, "num_pis", "netlist"), "num_pis");
  int64_t input_bits = 0, output_bits = 0;
  for (const auto& p : nl.inputs) input_bits += p.width;
  for (const auto& p : nl.outputs) output_bits += p.width;
  int64_t cell_bits = 0;
  if (j.contains("cells")) {
    const auto& cells = j["cells"];
    if (!cells.is_array()) r.fail("'cells' must be an array");
    for (size_t i = 0; i < cells.size(); ++i) {
      std::string where = "cells[" + std::to_string(i) + "]";
      const auto& c = cells[i];
      if (r.field(c, "type", where) != "add") r.fail(where + ": unknown cell type");
      ArithCell cell;
      cell.constant = r.integer(r.field(c, "constant", where), where + ".constant");
      cell.lo = static_cast<int>(r.integer(r.field(c, "lo", where), where + ".lo"));
      cell.width = static_cast<int>(r.integer(r.field(c, "width", where), where + ".width"));
      cell.first_pi = static_cast<uint32_t>(r.integer(r.field(c, "first_pi", where), where + ".first_pi"));
      cell.layer = static_cast<int>(r.integer(r.field(c, "layer", where), where + ".layer"));
      if (cell.lo < 0 || cell.width < 1 || cell.lo + cell.width > 120) r.fail(where + ": bad output slice");
      if (cell.first_pi != input_bits + cell_bits) r.fail(where + ": first_pi must follow the previous cell's outputs");
      const auto& terms = r.field(c, "terms", where);
      if (!terms.is_array()) r.fail(where + ": 'terms' must be an array");
      for (size_t k = 0; k < terms.size(); ++k) {
        std::string tw = where + ".terms[" + std::to_string(k) + "]";
        ArithTerm t;
        for (const auto& b : r.field(terms[k], "bits", tw)) {
          int64_t s = r.integer(b, tw + ".bits");
          if (s < 0) r.fail(tw + ": bit " + std::to_string(s) + " is not a signal");  // upper bound checked after the LUTs
          t.bits.push_back(static_cast<logic::Signal>(s));
        }
        t.is_signed = r.field(terms[k], "signed", tw).get<bool>();
        t.shift = static_cast<int>(r.integer(r.field(terms[k], "shift", tw), tw + ".shift"));
        t.negate = r.field(terms[k], "negate", tw).get<bool>();
        cell.terms.push_back(std::move(t));
      }
      cell_bits += cell.width;
      nl.cells.push_back(std::move(cell));
    }
  }
  if (num_pis != input_bits + cell_bits)
    r.fail("num_pis is " + std::to_string(num_pis) + " but the input ports and cells have " + std::to_string(input_bits + cell_bits) + " bits");
  nl.num_layers = static_cast<int>(r.integer(r.field(j, "num_layers", "netlist"), "num_layers"));
  nl.luts = logic::LutNetwork(static_cast<uint32_t>(num_pis));

  const auto& luts = r.field(j, "luts", "netlist");
  if (!luts.is_array()) r.fail("'luts' must be an array");
  for (size_t i = 0; i < luts.size(); ++i) {
    std::string where = "luts[" + std::to_string(i) + "]";
    const auto& fanins_json = r.field(luts[i], "fanins", where);
    if (!fanins_json.is_array() || fanins_json.size() > 6) r.fail(where + ": 'fanins' must be an array of at most 6 signals");
    std::vector<logic::Signal> fanins;
    for (const auto& f : fanins_json) {
      int64_t s = r.integer(f, where + ".fanins");
      if (s < 0 || static_cast<uint64_t>(s) >= nl.luts.num_signals())
        r.fail(where + ": fanin " + std::to_string(s) + " is not an earlier signal");
      fanins.push_back(static_cast<logic::Signal>(s));
    }
    uint64_t init = r.init(r.field(luts[i], "init", where), fanins.size(), where);
    if (luts[i].contains("layer")) {
      if (nl.lut_layer.size() != i) r.fail(where + ": 'layer' must be given for all LUTs or none");
      nl.lut_layer.push_back(static_cast<int>(r.integer(luts[i]["layer"], where + ".layer")));
    } else if (!nl.lut_layer.empty()) {
      r.fail(where + ": 'layer' must be given for all LUTs or none");
    }
    nl.luts.add_lut(std::move(fanins), init);
  }

  for (size_t i = 0; i < nl.cells.size(); ++i)
    for (const auto& t : nl.cells[i].terms)
      for (logic::Signal s : t.bits)
        if (s >= nl.luts.num_signals()) r.fail("cells[" + std::to_string(i) + "]: bit " + std::to_string(s) + " is not a signal");

  const auto& pos = r.field(j, "pos", "netlist");
  if (!pos.is_array()) r.fail("'pos' must be an array");
  if (static_cast<int64_t>(pos.size()) != output_bits)
    r.fail("'pos' has " + std::to_string(pos.size()) + " signals but the output ports have " + std::to_string(output_bits) +
           " bits");
  for (const auto& p : pos) {
    int64_t s = r.integer(p, "pos");
    if (s < 0 || static_cast<uint64_t>(s) >= nl.luts.num_signals()) r.fail("output signal " + std::to_string(s) + " does not exist");
    nl.luts.add_po(static_cast<logic::Signal>(s));
  }
  return nl;
}

}  // namespace lutc::backend
