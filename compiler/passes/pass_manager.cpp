#include "passes/pass_manager.hpp"

namespace lutc::passes {

pipeline_stats run_default_passes(ir::Network& net, const default_passes_params& ps) {
  pipeline_stats st;
  st.absorb = absorb_arith(net);
  prune_params pp;
  pp.keep_index_bits = ps.sampled_tables;
  st.prune = prune(net, pp);
  st.share = share_tables(net);
  st.reach = reachability(net);
  // Unreachable rows are don't cares now, so more index bits and constants can go.
  prune_stats again = prune(net, pp);
  st.prune.inputs_pruned += again.inputs_pruned;
  st.prune.constant_nodes += again.constant_nodes;
  st.prune.dead_nodes += again.dead_nodes;
  st.prune.output_bits_pruned += again.output_bits_pruned;
  st.prune.zero_width_operands += again.zero_width_operands;
  st.prune.rounds += again.rounds;
  st.prune.table_bits_after = again.table_bits_after;
  net.check_invariants();
  return st;
}

}  // namespace lutc::passes
