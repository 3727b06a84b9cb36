#include "flow/report.hpp"

namespace lutc::flow {

nlohmann::json pass_stats_json(const passes::pipeline_stats& st) {
  return {{"inputs_pruned", st.prune.inputs_pruned},
          {"constant_nodes", st.prune.constant_nodes},
          {"dead_nodes", st.prune.dead_nodes},
          {"output_bits_pruned", st.prune.output_bits_pruned},
          {"zero_width_operands", st.prune.zero_width_operands},
          {"tables_shared", st.share.tables_shared},
          {"reachability_rows_made_dont_care", st.reach.rows_made_dont_care},
          {"unreachable_rows", st.reach.unreachable_rows},
          {"unreachable_fraction", st.reach.dont_care_fraction},
          {"retable", st.retable},
          {"fuse_sums", st.fuse}};
}

}  // namespace lutc::flow
