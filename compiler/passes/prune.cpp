#include "passes/prune.hpp"

#include <bit>
#include <string>

#include "util/log.hpp"

namespace lutc::passes {
namespace detail {
namespace {

uint64_t low_mask(int width) { return width >= 64 ? ~uint64_t{0} : (uint64_t{1} << width) - 1; }

/// The index of `t` that equals reduced index `i` with `value` inserted at bit `var`.
uint64_t insert_bit(uint64_t i, int var, bool value) {
  uint64_t low = i & low_mask(var);
  return ((i >> var) << (var + 1)) | (uint64_t{value} << var) | low;
}

/// Clears the care sets of `t` if they are all ones (the canonical form of "fully specified").
void normalize_care(ir::Table& t) {
  if (t.care.empty()) return;
  logic::TruthTable all = logic::const1(t.index_bits);
  for (const auto& c : t.care)
    if (!(c == all)) return;
  t.care.clear();
}

/// One index bit of a table: bit `bit` of node `node`.
struct IndexBit {
  ir::NodeId node;
  int bit;
};

std::vector<IndexBit> expand(const std::vector<ir::Operand>& operands) {
  std::vector<IndexBit> bits;
  for (const auto& op : operands)
    for (int b = 0; b < op.width; ++b) bits.push_back({op.node, op.lo + b});
  return bits;
}

/// Groups consecutive index bits that read consecutive bits of one node into one operand.
std::vector<ir::Operand> regroup(const std::vector<IndexBit>& bits) {
  std::vector<ir::Operand> ops;
  for (const auto& b : bits) {
    if (!ops.empty() && ops.back().node == b.node && ops.back().lo + ops.back().width == b.bit) ++ops.back().width;
    else ops.push_back({b.node, b.bit, 1});
  }
  return ops;
}

}  // namespace

/// An all-zero table like `t` with one index bit fewer (care sets all don't care, if any).
ir::Table one_bit_narrower(const ir::Table& t) {
  ir::Table r;
  r.index_bits = t.index_bits - 1;
  r.out_width = t.out_width;
  r.care_source = t.care_source;
  r.rows.assign(r.num_rows(), 0);
  if (!t.care.empty()) r.care.assign(static_cast<size_t>(t.out_width), logic::TruthTable(r.index_bits));
  return r;
}

ir::Table remove_index_bit(const ir::Table& t, int var) {
  ir::Table r = one_bit_narrower(t);
  for (uint64_t i = 0; i < r.num_rows(); ++i) {
    uint64_t i0 = insert_bit(i, var, false), i1 = insert_bit(i, var, true);
    if (t.care.empty()) {
      r.rows[i] = t.rows[i0];
      continue;
    }
    uint64_t row = 0;
    for (int j = 0; j < t.out_width; ++j) {
      bool c0 = t.care[j].get(i0), c1 = t.care[j].get(i1);
      uint64_t from = (c0 || !c1) ? t.rows[i0] : t.rows[i1];
      row |= from & (uint64_t{1} << j);
      if (c0 || c1) r.care[j].set(i, true);
    }
    r.rows[i] = row;
  }
  normalize_care(r);
  return r;
}

ir::Table cofactor_index_bit(const ir::Table& t, int var, bool value) {
  ir::Table r = one_bit_narrower(t);
  for (uint64_t i = 0; i < r.num_rows(); ++i) {
    uint64_t from = insert_bit(i, var, value);
    r.rows[i] = t.rows[from];
    for (size_t j = 0; j < r.care.size(); ++j)
      if (t.care[j].get(from)) r.care[j].set(i, true);
  }
  normalize_care(r);
  return r;
}

bool index_bit_used(const ir::Table& t, int var) {
  for (int j = 0; j < t.out_width; ++j) {
    logic::TruthTable f = t.bit_function(j);
    if (t.care.empty() ? logic::has_var(f, var) : logic::has_var_on(f, t.care[j], var)) return true;
  }
  return false;
}

bool constant_value(const ir::Table& t, uint64_t& value) {
  value = 0;
  for (int j = 0; j < t.out_width; ++j) {
    bool seen0 = false, seen1 = false;
    for (uint64_t r = 0; r < t.num_rows() && !(seen0 && seen1); ++r)
      if (t.cares(j, r)) ((t.rows[r] >> j) & 1 ? seen1 : seen0) = true;
    if (seen0 && seen1) return false;
    if (seen1) value |= uint64_t{1} << j;
  }
  return true;
}

size_t remove_dead_nodes(ir::Network& net) {
  const size_t n = net.nodes.size();
  std::vector<bool> live(n, false);
  for (const auto& o : net.outputs) live[o.source.node] = true;
  for (size_t i = n; i-- > 0;) {
    if (net.nodes[i].kind() == ir::NodeKind::input) live[i] = true;
    if (live[i])
      for (const auto& op : net.nodes[i].operands) live[op.node] = true;
  }
  std::vector<ir::NodeId> new_id(n, 0);
  std::vector<ir::Node> kept;
  for (size_t i = 0; i < n; ++i) {
    if (!live[i]) continue;
    new_id[i] = static_cast<ir::NodeId>(kept.size());
    kept.push_back(std::move(net.nodes[i]));
  }
  size_t removed = n - kept.size();
  for (auto& node : kept)
    for (auto& op : node.operands) op.node = new_id[op.node];
  for (auto& o : net.outputs) o.source.node = new_id[o.source.node];
  for (auto& id : net.inputs) id = new_id[id];
  net.nodes = std::move(kept);
  return removed;
}

}  // namespace detail

namespace {

/// Folds constants into, and removes unused index bits from, table `id`; it may become a constant.
bool simplify_table(ir::Network& net, ir::NodeId id, const prune_params& ps, prune_stats& st) {
  ir::Node& node = net.nodes[id];
  bool changed = false;
  for (const auto& op : node.operands)
    if (op.width == 0) ++st.zero_width_operands, changed = true;
  std::vector<detail::IndexBit> bits = detail::expand(node.operands);
  ir::Table& t = node.table();
  if (ps.fold_constants) {
    for (int v = static_cast<int>(bits.size()) - 1; v >= 0; --v) {
      const ir::Node& src = net.nodes[bits[v].node];
      if (src.kind() != ir::NodeKind::constant) continue;
      t = detail::cofactor_index_bit(t, v, (src.constant_value() >> bits[v].bit) & 1);
      bits.erase(bits.begin() + v);
      ++st.inputs_pruned;
      changed = true;
    }
  }
  // A data sample's don't cares keep its index bits: which bits they let go is a generalization
  // choice, left to the minimization engine.
  if (ps.remove_unused_index_bits && t.care_source != ir::CareSource::data_sample) {
    // Highest first, so that removing a bit never renumbers the bits still to be examined.
    for (int v = static_cast<int>(bits.size()) - 1; v >= 0; --v) {
      if (detail::index_bit_used(t, v)) continue;
      t = detail::remove_index_bit(t, v);
      bits.erase(bits.begin() + v);
      ++st.inputs_pruned;
      changed = true;
    }
  }
  node.operands = detail::regroup(bits);
  detail::normalize_care(t);
  uint64_t value = 0;
  if (ps.fold_constants && detail::constant_value(t, value)) {
    node.op = ir::ConstantOp{value};  // `t` dangles from here on
    node.operands.clear();
    ++st.constant_nodes;
    changed = true;
  }
  return changed;
}

/// Drops table output bits that no operand or output port reads.
bool narrow_outputs(ir::Network& net, prune_stats& st) {
  std::vector<uint64_t> used(net.nodes.size(), 0);
  auto mark = [&](const ir::Operand& op) {
    if (op.width > 0) used[op.node] |= detail::low_mask(op.width) << op.lo;
  };
  for (const auto& n : net.nodes)
    for (const auto& op : n.operands) mark(op);
  for (const auto& o : net.outputs) mark(o.source);
  bool changed = false;
  std::vector<uint64_t> keep(net.nodes.size(), ~uint64_t{0});
  for (size_t i = 0; i < net.nodes.size(); ++i) {
    ir::Node& n = net.nodes[i];
    uint64_t full = detail::low_mask(n.width);
    if (n.kind() != ir::NodeKind::table || used[i] == full) continue;
    keep[i] = used[i];
    int new_width = std::popcount(used[i]);
    st.output_bits_pruned += static_cast<uint64_t>(n.width - new_width);
    ir::Table& t = n.table();
    std::vector<logic::TruthTable> care;
    for (auto& row : t.rows) {
      uint64_t packed = 0;
      int k = 0;
      for (int b = 0; b < n.width; ++b)
        if ((used[i] >> b) & 1) packed |= ((row >> b) & 1) << k++;
      row = packed;
    }
    if (!t.care.empty())
      for (int b = 0; b < n.width; ++b)
        if ((used[i] >> b) & 1) care.push_back(std::move(t.care[b]));
    t.care = std::move(care);
    t.out_width = new_width;
    n.width = new_width;
    n.format.reset();  // the remaining bits no longer form the old number format
    detail::normalize_care(t);
    changed = true;
  }
  if (!changed) return false;
  auto rebase = [&](ir::Operand& op) {
    if (keep[op.node] != ~uint64_t{0}) op.lo = std::popcount(keep[op.node] & detail::low_mask(op.lo));
  };
  for (auto& n : net.nodes)
    for (auto& op : n.operands) rebase(op);
  for (auto& o : net.outputs) rebase(o.source);
  return true;
}

}  // namespace

prune_stats prune(ir::Network& net, const prune_params& ps) {
  prune_stats st;
  st.table_bits_before = net.table_bits();
  for (st.rounds = 1; st.rounds <= ps.max_rounds; ++st.rounds) {
    bool changed = false;
    for (ir::NodeId id = 0; id < net.nodes.size(); ++id)
      if (net.nodes[id].kind() == ir::NodeKind::table) changed |= simplify_table(net, id, ps, st);
    size_t dead = detail::remove_dead_nodes(net);
    st.dead_nodes += dead;
    if (ps.narrow_outputs) changed |= narrow_outputs(net, st);
    if (!changed && dead == 0) break;
  }
  net.compute_layers();
  st.table_bits_after = net.table_bits();
  log::info("prune: removed " + std::to_string(st.inputs_pruned) + " index bits, " + std::to_string(st.output_bits_pruned) +
            " output bits, " + std::to_string(st.dead_nodes) + " dead nodes; " + std::to_string(st.constant_nodes) +
            " constant nodes; table bits " + std::to_string(st.table_bits_before) + " -> " + std::to_string(st.table_bits_after));
  return st;
}

}  // namespace lutc::passes
