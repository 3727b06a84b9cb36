#include "passes/retable.hpp"

#include <algorithm>
#include <cmath>
#include <optional>
#include <stdexcept>
#include <string>
#include <type_traits>
#include <vector>

#include "ir/arith.hpp"
#include "util/log.hpp"

namespace lutc::passes {

namespace detail {

/// A node as a function of leaf operands: which of its operands are replaced by their own
/// cones (`expanded`), and the distinct leaves that remain (index order of a table over them).
struct Cone {
  bool valid = false;                 // usable by readers (at most max_index_bits wide)
  std::vector<ir::Operand> leaves;
  std::vector<bool> expanded;         // per operand of the node
};

int width_of(const std::vector<ir::Operand>& leaves) {
  int w = 0;
  for (const auto& l : leaves) w += l.width;
  return w;
}

bool whole(const ir::Network& net, const ir::Operand& op) { return op.lo == 0 && op.width == net.nodes[op.node].width; }

/// How weak a care source is: a table built from several keeps the weakest (data samples must
/// generalize, so they win over rows that merely never occur).
int weakness(ir::CareSource s) {
  switch (s) {
    case ir::CareSource::full: return 0;
    case ir::CareSource::frontend: return 1;
    case ir::CareSource::reachability: return 2;
    case ir::CareSource::data_sample: return 3;
  }
  return 0;
}

/// Evaluates a node from the codes of its cone's leaves (exactly as ir::SoftwareModel does,
/// known bits included), for every row of a new table over those leaves.
class ConeEvaluator {
 public:
  ConeEvaluator(const ir::Network& net, const std::vector<Cone>& cones, const std::vector<ir::Operand>& leaves)
      : net_(net), cones_(cones), leaves_(leaves) {
    int offset = 0;
    for (const auto& l : leaves_) {
      offsets_.push_back(offset);
      offset += l.width;
    }
  }

  struct Value {
    uint64_t code = 0;
    uint64_t known = 0;
  };

  /// Value of node `id` (its operands expanded as `expanded` says) when the leaves read `index`.
  Value evaluate(ir::NodeId id, const std::vector<bool>& expanded, uint64_t index) {
    memo_.clear();
    return node_value(id, expanded, index);
  }

  ir::CareSource weakest_source() const { return weakest_; }

 private:
  static uint64_t mask(int w) { return w >= 64 ? ~uint64_t{0} : (uint64_t{1} << w) - 1; }

  Value leaf_value(const ir::Operand& op, uint64_t index) const {
    if (op.width == 0) return {};  // empty operands are not leaves (they add no index bits)
    for (size_t i = 0; i < leaves_.size(); ++i)
      if (leaves_[i] == op) return {(index >> offsets_[i]) & mask(op.width), mask(op.width)};
    throw std::logic_error("retable: operand is neither a leaf nor expanded");
  }

  Value node_value(ir::NodeId id, const std::vector<bool>& expanded, uint64_t index) {
    for (const auto& [m, v] : memo_)
      if (m == id) return v;
    const ir::Node& n = net_.nodes[id];
    std::vector<Value> ops;
    for (size_t j = 0; j < n.operands.size(); ++j) {
      const ir::Operand& o = n.operands[j];
      if (expanded[j]) ops.push_back(node_value(o.node, cones_[o.node].expanded, index));
      else ops.push_back(leaf_value(o, index));
    }
    Value r;
    uint64_t m = mask(n.width);
    std::visit(
        [&](const auto& op) {
          using T = std::decay_t<decltype(op)>;
          if constexpr (std::is_same_v<T, ir::InputOp>) {
            throw std::logic_error("retable: an input inside a cone");
          } else if constexpr (std::is_same_v<T, ir::ConstantOp>) {
            r = {op.value & m, m};
          } else if constexpr (std::is_same_v<T, ir::Table>) {
            uint64_t row = 0;
            bool row_known = true;
            int shift = 0;
            for (size_t j = 0; j < n.operands.size(); ++j) {
              const ir::Operand& o = n.operands[j];
              // An expanded operand is whole, so its slice is the whole value.
              uint64_t bits = expanded[j] ? (ops[j].code >> o.lo) & mask(o.width) : ops[j].code;
              uint64_t known = expanded[j] ? (ops[j].known >> o.lo) & mask(o.width) : ops[j].known;
              if (known != mask(o.width)) row_known = false;
              row |= bits << shift;
              shift += o.width;
            }
            r.code = op.rows[row] & m;
            if (row_known)
              for (int b = 0; b < n.width; ++b)
                if (op.cares(b, row)) r.known |= uint64_t{1} << b;
            if (r.known != m && weakness(op.care_source) > weakness(weakest_)) weakest_ = op.care_source;
          } else {
            std::vector<uint64_t> codes;
            bool all_known = true;
            for (size_t j = 0; j < ops.size(); ++j) {
              codes.push_back(ops[j].code);
              if (ops[j].known != mask(net_.nodes[n.operands[j].node].width)) all_known = false;
            }
            r = {ir::evaluate_arithmetic(net_, n, codes), all_known ? m : 0};
          }
        },
        n.op);
    memo_.push_back({id, r});
    return r;
  }

  const ir::Network& net_;
  const std::vector<Cone>& cones_;
  const std::vector<ir::Operand>& leaves_;
  std::vector<int> offsets_;
  std::vector<std::pair<ir::NodeId, Value>> memo_;  // cones are small: a linear memo is enough
  ir::CareSource weakest_ = ir::CareSource::full;
};

/// Codes of leaf `op` its node can take (by the node's exact range); all codes when unknown.
std::vector<bool> possible_codes(const ir::Network& net, const ir::Operand& op) {
  std::vector<bool> ok(size_t{1} << op.width, true);
  const ir::Node& src = net.nodes[op.node];
  if (!whole(net, op) || !src.range || !src.format) return ok;
  for (uint64_t c = 0; c < ok.size(); ++c) {
    double v = std::ldexp(static_cast<double>(ir::signed_code(c, src)), -src.format->frac_bits);
    ok[c] = v >= src.range->min && v <= src.range->max;
  }
  return ok;
}

/// The table computing node `id` over `cone.leaves`.
ir::Table tabulate(const ir::Network& net, const std::vector<Cone>& cones, ir::NodeId id, const Cone& cone) {
  const ir::Node& n = net.nodes[id];
  ir::Table t;
  t.index_bits = width_of(cone.leaves);
  t.out_width = n.width;
  t.rows.assign(t.num_rows(), 0);
  std::vector<std::vector<bool>> possible;
  for (const auto& l : cone.leaves) possible.push_back(possible_codes(net, l));
  std::vector<logic::TruthTable> care(static_cast<size_t>(n.width), logic::TruthTable(t.index_bits));
  bool all = true, out_of_range = false;
  ConeEvaluator ev(net, cones, cone.leaves);
  for (uint64_t row = 0; row < t.num_rows(); ++row) {
    bool reachable = true;
    int shift = 0;
    for (size_t i = 0; i < cone.leaves.size(); ++i) {
      uint64_t code = (row >> shift) & ((uint64_t{1} << cone.leaves[i].width) - 1);
      if (!possible[i][code]) reachable = false;
      shift += cone.leaves[i].width;
    }
    if (!reachable) {
      all = false;
      out_of_range = true;
      continue;
    }
    auto v = ev.evaluate(id, cone.expanded, row);
    t.rows[row] = v.code;
    for (int b = 0; b < n.width; ++b) {
      if ((v.known >> b) & 1) care[static_cast<size_t>(b)].set(row, true);
      else all = false;
    }
  }
  if (!all) {
    t.care = std::move(care);
    ir::CareSource s = ev.weakest_source();
    if (s == ir::CareSource::full || (out_of_range && weakness(s) < weakness(ir::CareSource::frontend))) s = ir::CareSource::frontend;
    t.care_source = s;
  }
  return t;
}

/// Leaves of node `n` when the operands flagged in `expand` are replaced by their cones (duplicates once).
Cone cone_of(const std::vector<Cone>& cones, const ir::Node& n, const std::vector<bool>& expand) {
  Cone c;
  c.expanded = expand;
  auto add = [&](const ir::Operand& l) {
    if (l.width > 0 && std::find(c.leaves.begin(), c.leaves.end(), l) == c.leaves.end()) c.leaves.push_back(l);
  };
  for (size_t j = 0; j < n.operands.size(); ++j) {
    if (expand[j]) for (const auto& l : cones[n.operands[j].node].leaves) add(l);
    else add(n.operands[j]);
  }
  return c;
}

/// Data-sample don't cares must generalize: such tables keep their index and stay leaves.
bool keeps_index(const ir::Node& n) { return n.is_table() && n.table().care_source == ir::CareSource::data_sample; }

/// Who reads each node (once per operand), kept current as nodes are re-tabled.
struct Readers {
  std::vector<std::vector<ir::NodeId>> of;
  std::vector<bool> is_output;

  explicit Readers(const ir::Network& net) : of(net.nodes.size()), is_output(net.nodes.size(), false) {
    for (ir::NodeId id = 0; id < net.nodes.size(); ++id)
      for (const auto& o : net.nodes[id].operands) of[o.node].push_back(id);
    for (const auto& o : net.outputs) is_output[o.source.node] = true;
  }
  void replace_operands(ir::NodeId reader, const std::vector<ir::Operand>& old_ops, const std::vector<ir::Operand>& new_ops) {
    for (const auto& o : old_ops) {
      auto& r = of[o.node];
      r.erase(std::find(r.begin(), r.end(), reader));
    }
    for (const auto& o : new_ops) of[o.node].push_back(reader);
  }
};

/// The nodes a cone passes through (its expanded operands, recursively), leaves excluded.
void cone_nodes(const ir::Network& net, const std::vector<Cone>& cones, const ir::Node& n, const std::vector<bool>& expanded,
                std::vector<ir::NodeId>& out) {
  for (size_t j = 0; j < n.operands.size(); ++j) {
    if (!expanded[j]) continue;
    ir::NodeId m = n.operands[j].node;
    if (std::find(out.begin(), out.end(), m) != out.end()) continue;
    out.push_back(m);
    cone_nodes(net, cones, net.nodes[m], cones[m].expanded, out);
  }
}

/// The cone nodes that nothing else would read once `id` reads the cone's leaves directly.
std::vector<ir::NodeId> dying_nodes(const ir::Network& net, const std::vector<Cone>& cones, const Readers& readers,
                                    ir::NodeId id, const Cone& cone) {
  std::vector<ir::NodeId> dying;
  cone_nodes(net, cones, net.nodes[id], cone.expanded, dying);
  for (const auto& l : cone.leaves) dying.erase(std::remove(dying.begin(), dying.end(), l.node), dying.end());
  for (bool changed = true; changed;) {
    changed = false;
    for (size_t i = 0; i < dying.size(); ++i) {
      ir::NodeId d = dying[i];
      bool alive = readers.is_output[d];
      for (ir::NodeId r : readers.of[d])
        if (r != id && std::find(dying.begin(), dying.end(), r) == dying.end()) alive = true;
      if (alive) {
        dying.erase(dying.begin() + static_cast<std::ptrdiff_t>(i));
        changed = true;
        break;
      }
    }
  }
  return dying;
}

/// LUTs a node costs as it is: the minimizer's count for a table; for arithmetic, what Yosys
/// maps it to on a LUT-and-carry fabric (a LUT per output bit beside the carry chain), except
/// quantizers, which only select and extend bits.
double node_luts(const ir::Node& n, const cost_model& costs, double per_bit) {
  switch (n.kind()) {
    case ir::NodeKind::input:
    case ir::NodeKind::constant:
    case ir::NodeKind::quantize: return 0;
    case ir::NodeKind::table: return static_cast<double>(costs.table_luts(n.table()));
    case ir::NodeKind::multiply: return per_bit * n.width * n.width;
    default: return per_bit * n.width;
  }
}

}  // namespace detail

retable_stats retable(ir::Network& net, const retable_params& ps, const cost_model* costs) {
  using detail::Cone;
  retable_stats st;
  bool costed = costs && costs->table_luts;
  std::vector<Cone> cones(net.nodes.size());
  detail::Readers readers(net);
  std::vector<double> luts_of(net.nodes.size(), -1);  // memo of node_luts
  auto luts = [&](ir::NodeId d) {
    if (luts_of[d] < 0) luts_of[d] = detail::node_luts(net.nodes[d], *costs, ps.arith_luts_per_bit);
    return luts_of[d];
  };
  for (ir::NodeId id = 0; id < net.nodes.size(); ++id) {
    ir::Node& n = net.nodes[id];
    if (n.kind() == ir::NodeKind::input) continue;
    if (n.kind() == ir::NodeKind::constant) {
      cones[id].valid = true;  // no leaves: a constant vanishes from its readers' index
      continue;
    }
    if (detail::keeps_index(n)) continue;
    size_t k = n.operands.size();
    std::vector<bool> none(k, false), all(k, false), narrowing(k, false);
    for (size_t j = 0; j < k; ++j) {
      const ir::Operand& o = n.operands[j];
      if (!detail::whole(net, o) || !cones[o.node].valid) continue;
      all[j] = true;
      narrowing[j] = detail::width_of(cones[o.node].leaves) <= o.width;
    }
    Cone direct = detail::cone_of(cones, n, none);
    Cone full = detail::cone_of(cones, n, all);
    Cone narrow = detail::cone_of(cones, n, narrowing);
    if (detail::width_of(narrow.leaves) > ps.max_index_bits) narrow = direct;
    int w_old = detail::width_of(direct.leaves), w_full = detail::width_of(full.leaves), w_narrow = detail::width_of(narrow.leaves);
    bool full_expands = std::find(all.begin(), all.end(), true) != all.end();
    bool narrow_expands = std::find(narrow.expanded.begin(), narrow.expanded.end(), true) != narrow.expanded.end();

    // Which cone, if any, the node becomes a table over.
    const Cone* chosen = nullptr;
    std::optional<ir::Table> table;
    if (w_full <= ps.lut_inputs && (!n.is_table() || full_expands)) {
      chosen = &full;  // at most one LUT per output bit, no carry: never worse
    } else if (costed && w_full <= std::min(ps.max_costed_index_bits, ps.max_index_bits) && (!n.is_table() || full_expands)) {
      double before = luts(id);
      for (ir::NodeId d : detail::dying_nodes(net, cones, readers, id, full)) before += luts(d);
      // A carry chain in the cone dies with its last reader (readers of a shared rounding
      // convert one by one, so one reader alone does not see it die).
      std::vector<ir::NodeId> inside;
      detail::cone_nodes(net, cones, n, full.expanded, inside);
      bool carry_dies = ir::lowers_to_carry_chain(n.kind());
      for (ir::NodeId d : inside) carry_dies = carry_dies || ir::lowers_to_carry_chain(net.nodes[d].kind());
      ir::Table t = detail::tabulate(net, cones, id, full);
      double after = static_cast<double>(costs->table_luts(t));
      // At equal LUTs a carry chain that dies still decides: fewer carry cells, one level less.
      if (after < before || (after == before && carry_dies)) {
        chosen = &full;
        table = std::move(t);
        ++st.costed;
        st.luts_saved += before - after;
      }
    }
    if (!chosen && n.is_table() && narrow_expands && w_narrow < w_old) chosen = &narrow;

    if (chosen) {
      Cone c = *chosen;
      int w_new = detail::width_of(c.leaves);
      if (!table) table = detail::tabulate(net, cones, id, c);
      if (n.is_table()) {
        ++st.tables_reindexed;
        if (w_old > w_new) st.index_bits_saved += static_cast<size_t>(w_old - w_new);
      } else {
        ++st.arith_to_tables;
      }
      readers.replace_operands(id, n.operands, c.leaves);
      n.op = std::move(*table);
      n.operands = c.leaves;
      luts_of[id] = -1;
      c.expanded.assign(n.operands.size(), false);
      c.valid = w_new <= ps.max_index_bits;
      cones[id] = std::move(c);
    } else {
      narrow.valid = w_narrow <= ps.max_index_bits;
      cones[id] = std::move(narrow);
    }
  }
  net.compute_layers();
  if (st.arith_to_tables || st.tables_reindexed)
    log::info("retable: " + std::to_string(st.arith_to_tables) + " arithmetic nodes became tables, " +
              std::to_string(st.tables_reindexed) + " tables re-indexed (" + std::to_string(st.index_bits_saved) +
              " index bits saved); " + std::to_string(st.costed) + " by cost, saving ~" + std::to_string(std::lround(st.luts_saved)) +
              " LUTs");
  return st;
}

}  // namespace lutc::passes
