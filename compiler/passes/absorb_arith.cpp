#include "passes/absorb_arith.hpp"

#include <cmath>

#include "ir/arith.hpp"
#include "util/log.hpp"

namespace lutc::passes {

namespace {

bool whole(const ir::Network& net, const ir::Operand& op) { return op.lo == 0 && op.width == net.nodes[op.node].width; }

/// A one-operand arithmetic node reading all of an earlier node.
bool unary_arith(const ir::Network& net, const ir::Node& n) {
  return ir::is_arithmetic(n.kind()) && n.operands.size() == 1 && whole(net, n.operands[0]);
}

}  // namespace

absorb_arith_stats absorb_arith(ir::Network& net, const absorb_arith_params& ps) {
  absorb_arith_stats st;
  for (ir::NodeId id = 0; id < net.nodes.size(); ++id) {
    ir::Node& t = net.nodes[id];
    if (!t.is_table() || t.operands.size() != 1 || !whole(net, t.operands[0])) continue;
    std::vector<ir::NodeId> chain;  // from the source's reader up to the table's operand
    ir::NodeId cur = t.operands[0].node;
    while (unary_arith(net, net.nodes[cur]) && net.nodes[net.nodes[cur].operands[0].node].width <= ps.max_index_bits) {
      chain.insert(chain.begin(), cur);
      cur = net.nodes[cur].operands[0].node;
    }
    if (chain.empty()) continue;
    const ir::Node& src = net.nodes[cur];
    const ir::Table& old = t.table();
    ir::Table tab;
    tab.index_bits = src.width;
    tab.out_width = old.out_width;
    tab.rows.assign(tab.num_rows(), 0);
    std::vector<logic::TruthTable> care(static_cast<size_t>(old.out_width), logic::TruthTable(src.width));
    bool all = true;
    for (uint64_t s = 0; s < tab.num_rows(); ++s) {
      // Codes the source can never take (outside its exact range) are free.
      if (src.range && src.format) {
        double v = std::ldexp(static_cast<double>(ir::signed_code(s, src)), -src.format->frac_bits);
        if (v < src.range->min || v > src.range->max) {
          all = false;
          continue;
        }
      }
      uint64_t v = s;
      for (ir::NodeId c : chain) v = ir::evaluate_arithmetic(net, net.nodes[c], {v});
      tab.rows[s] = old.rows[v];
      for (int b = 0; b < old.out_width; ++b) {
        if (old.cares(b, v)) care[static_cast<size_t>(b)].set(s, true);
        else all = false;
      }
    }
    if (!all) {
      tab.care = std::move(care);
      tab.care_source = old.care_source == ir::CareSource::full ? ir::CareSource::frontend : old.care_source;
    }
    t.operands = {ir::Operand{cur, 0, src.width}};
    t.op = std::move(tab);
    ++st.tables_reindexed;
    st.chain_ops += chain.size();
  }
  if (st.tables_reindexed)
    log::info("absorb_arith: " + std::to_string(st.tables_reindexed) + " tables now read their source directly (" +
              std::to_string(st.chain_ops) + " arithmetic ops folded in)");
  return st;
}

}  // namespace lutc::passes
