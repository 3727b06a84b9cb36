#include "passes/pass_manager.hpp"

namespace lutc::passes {

pipeline_stats run_default_passes(ir::Network& net, const run_passes_params& rp) {
  pipeline_stats st;
  bool first_prune = true;
  for (const auto& run : run_passes(net, default_pipeline(), rp)) {
    if (run.pass == "prune") {
      auto p = run.stats.get<prune_stats>();
      if (first_prune) st.prune.table_bits_before = p.table_bits_before;
      first_prune = false;
      st.prune.inputs_pruned += p.inputs_pruned;
      st.prune.constant_nodes += p.constant_nodes;
      st.prune.dead_nodes += p.dead_nodes;
      st.prune.output_bits_pruned += p.output_bits_pruned;
      st.prune.zero_width_operands += p.zero_width_operands;
      st.prune.rounds += p.rounds;
      st.prune.table_bits_after = p.table_bits_after;
    } else if (run.pass == "share_tables") {
      st.share = run.stats.get<share_tables_stats>();
    } else if (run.pass == "fuse_sums") {
      st.fuse = run.stats.get<fuse_sums_stats>();
    } else if (run.pass == "retable") {
      st.retable = run.stats.get<retable_stats>();
    } else if (run.pass == "reachability") {
      st.reach = run.stats.get<reachability_stats>();
    }
  }
  return st;
}

}  // namespace lutc::passes
