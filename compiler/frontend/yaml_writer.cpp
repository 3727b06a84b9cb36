#include "frontend/yaml_model.hpp"

#include <algorithm>
#include <cctype>
#include <stdexcept>

#include "util/diagnostic.hpp"

namespace lutc::frontend {

namespace {
using detail::is_identifier;
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
