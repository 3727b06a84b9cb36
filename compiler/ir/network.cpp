#include "ir/network.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace lutc::ir {

const char* kind_name(NodeKind k) {
  static const char* names[] = {"input", "constant", "table", "negate", "add_sub", "sum", "relu",
                                "quantize", "add_const", "msb_mux", "multiply", "bit_unary", "bit_binary"};
  return names[static_cast<int>(k)];
}

const char* care_source_name(CareSource s) {
  switch (s) {
    case CareSource::full: return "full";
    case CareSource::reachability: return "reachability";
    case CareSource::data_sample: return "data_sample";
    case CareSource::frontend: return "frontend";
  }
  return "full";
}

logic::TruthTable Table::bit_function(int bit) const {
  logic::TruthTable t(index_bits);
  for (uint64_t r = 0; r < num_rows(); ++r)
    if ((rows[r] >> bit) & 1) t.set(r, true);
  return t;
}

logic::TruthTable Table::bit_care(int bit) const {
  return care.empty() ? logic::const1(index_bits) : care[bit];
}

double port_value(const OutputPort& port, uint64_t code) {
  if (!port.format) return static_cast<double>(code);
  double v = std::ldexp(dequantize(code, *port.format), port.scale_shift);
  return port.negate ? -v : v;
}

int64_t predicted_class(const std::vector<OutputPort>& ports, const std::vector<uint64_t>& codes) {
  if (ports.size() == 1) return static_cast<int64_t>(codes.at(0));
  int64_t best = 0;
  double best_value = 0;
  for (size_t p = 0; p < ports.size(); ++p) {
    double v = port_value(ports[p], codes.at(p));
    if (p == 0 || v > best_value) {
      best = static_cast<int64_t>(p);
      best_value = v;
    }
  }
  return best;
}

NodeId Network::add_node(Node n) {
  nodes.push_back(std::move(n));
  NodeId id = static_cast<NodeId>(nodes.size() - 1);
  if (nodes.back().kind() == NodeKind::input) inputs.push_back(id);
  return id;
}

NodeId Network::add_input(const std::string& name, int width) {
  Node n;
  n.op = InputOp{};
  n.name = name;
  n.width = width;
  return add_node(std::move(n));
}

NodeId Network::add_constant(const std::string& name, int width, uint64_t value) {
  Node n;
  n.op = ConstantOp{value};
  n.name = name;
  n.width = width;
  return add_node(std::move(n));
}

NodeId Network::add_table(const std::string& name, std::vector<Operand> operands, int width, std::vector<uint64_t> rows) {
  Node n;
  Table t;
  n.name = name;
  n.width = width;
  n.operands = std::move(operands);
  for (const auto& op : n.operands) t.index_bits += op.width;
  t.out_width = width;
  t.rows = std::move(rows);
  n.op = std::move(t);
  return add_node(std::move(n));
}

int Network::find(const std::string& name) const {
  for (size_t i = 0; i < nodes.size(); ++i)
    if (nodes[i].name == name) return static_cast<int>(i);
  return -1;
}

int Network::total_input_bits() const {
  int n = 0;
  for (NodeId i : inputs) n += nodes[i].width;
  return n;
}

int Network::total_output_bits() const {
  int n = 0;
  for (const auto& o : outputs) n += o.source.width;
  return n;
}

size_t Network::num_tables() const {
  return static_cast<size_t>(std::count_if(nodes.begin(), nodes.end(), [](const Node& n) { return n.is_table(); }));
}

uint64_t Network::table_bits() const {
  uint64_t bits = 0;
  for (const auto& n : nodes)
    if (n.is_table()) bits += n.table().num_rows() * static_cast<uint64_t>(n.table().out_width);
  return bits;
}

int Network::compute_layers() {
  int deepest = 0;
  for (auto& n : nodes) {
    int l = 0;
    for (const auto& op : n.operands) l = std::max(l, nodes[op.node].layer);
    // Tables and arithmetic are each one level of logic; inputs and constants are free.
    NodeKind k = n.kind();
    n.layer = k == NodeKind::input || k == NodeKind::constant ? l : l + 1;
    deepest = std::max(deepest, n.layer);
  }
  return deepest;
}

void Network::check_invariants() const {
  auto fail = [](const std::string& m) { throw std::logic_error("IR invariant: " + m); };
  for (size_t i = 0; i < nodes.size(); ++i) {
    const Node& n = nodes[i];
    if (n.width < 0 || n.width > 64) fail(n.name + ": width out of range");
    int index_bits = 0;
    for (const auto& op : n.operands) {
      if (op.node >= i) fail(n.name + ": operand is not an earlier node");
      if (op.lo < 0 || op.width < 0 || op.lo + op.width > nodes[op.node].width) fail(n.name + ": slice out of range");
      index_bits += op.width;
    }
    if (n.is_table()) {
      const Table& t = n.table();
      if (t.index_bits != index_bits) fail(n.name + ": index bits differ from operand widths");
      if (t.out_width != n.width) fail(n.name + ": table output width differs from node width");
      if (t.rows.size() != t.num_rows()) fail(n.name + ": wrong number of rows");
      if (!t.care.empty() && t.care.size() != static_cast<size_t>(n.width)) fail(n.name + ": care sets");
    } else if (is_arithmetic(n.kind())) {
      if (!n.format || n.format->width() != n.width) fail(n.name + ": arithmetic node without a matching format");
      for (const auto& op : n.operands)
        if (op.lo != 0 || op.width != nodes[op.node].width || !nodes[op.node].format)
          fail(n.name + ": arithmetic operand is not a whole typed node");
    }
  }
  for (const auto& o : outputs)
    if (o.source.node >= nodes.size() || o.source.lo + o.source.width > nodes[o.source.node].width)
      fail("output " + o.name + ": bad source");
}

Network single_table_network(const std::string& name, Table t) {
  Network net;
  net.name = name;
  NodeId x = net.add_input("x", t.index_bits);
  Node tab;
  tab.name = "f";
  tab.width = t.out_width;
  tab.operands = {Operand{x, 0, t.index_bits}};
  tab.op = std::move(t);
  NodeId f = net.add_node(std::move(tab));
  net.outputs.push_back({"y", Operand{f, 0, net.nodes[f].width}, std::nullopt});
  net.compute_layers();
  return net;
}

}  // namespace lutc::ir
