#include "ir/network.hpp"

#include <algorithm>
#include <stdexcept>

namespace lutc::ir {

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

NodeId Network::add_node(Node n) {
  nodes.push_back(std::move(n));
  NodeId id = static_cast<NodeId>(nodes.size() - 1);
  if (nodes.back().kind == NodeKind::input) inputs.push_back(id);
  return id;
}

NodeId Network::add_input(const std::string& name, int width) {
  Node n;
  n.kind = NodeKind::input;
  n.name = name;
  n.width = width;
  return add_node(std::move(n));
}

NodeId Network::add_table(const std::string& name, std::vector<Operand> operands, int width, std::vector<uint64_t> rows) {
  Node n;
  n.kind = NodeKind::table;
  n.name = name;
  n.width = width;
  n.operands = std::move(operands);
  for (const auto& op : n.operands) n.table.index_bits += op.width;
  n.table.out_width = width;
  n.table.rows = std::move(rows);
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
  return static_cast<size_t>(std::count_if(nodes.begin(), nodes.end(), [](const Node& n) { return n.kind == NodeKind::table; }));
}

uint64_t Network::table_bits() const {
  uint64_t bits = 0;
  for (const auto& n : nodes)
    if (n.kind == NodeKind::table) bits += n.table.num_rows() * static_cast<uint64_t>(n.table.out_width);
  return bits;
}

int Network::compute_layers() {
  int deepest = 0;
  for (auto& n : nodes) {
    int l = 0;
    for (const auto& op : n.operands) l = std::max(l, nodes[op.node].layer);
    n.layer = n.kind == NodeKind::table ? l + 1 : l;
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
    if (n.kind == NodeKind::table) {
      if (n.table.index_bits != index_bits) fail(n.name + ": index bits differ from operand widths");
      if (n.table.out_width != n.width) fail(n.name + ": table output width differs from node width");
      if (n.table.rows.size() != n.table.num_rows()) fail(n.name + ": wrong number of rows");
      if (!n.table.care.empty() && n.table.care.size() != static_cast<size_t>(n.width)) fail(n.name + ": care sets");
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
  tab.kind = NodeKind::table;
  tab.name = "f";
  tab.width = t.out_width;
  tab.operands = {Operand{x, 0, t.index_bits}};
  tab.table = std::move(t);
  NodeId f = net.add_node(std::move(tab));
  net.outputs.push_back({"y", Operand{f, 0, net.nodes[f].width}, std::nullopt});
  net.compute_layers();
  return net;
}

}  // namespace lutc::ir
