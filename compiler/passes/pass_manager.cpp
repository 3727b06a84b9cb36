#include "passes/pass_manager.hpp"

namespace lutc::passes {

pipeline_stats run_default_passes(ir::Network& net) {
  pipeline_stats st;
  st.prune = prune(net);
  st.share = share_tables(net);
  st.reach = reachability(net);
  // Unreachable rows are don't cares now, so more index bits and constants can go.
  prune_stats again = prune(net);
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
