#pragma once
// The default optimization pipeline over the IR (passes::default_pipeline(): retable -> fuse_sums ->
// prune -> share_tables -> reachability -> prune), run through the pass registry, with its
// numbers added up per pass.
#include "passes/pass_registry.hpp"

namespace lutc::passes {

struct pipeline_stats {
  prune_stats prune;         // both prune runs added up (bits before = first run, after = last run)
  share_tables_stats share;
  reachability_stats reach;
  retable_stats retable;
  fuse_sums_stats fuse;
};

/// Runs the default passes on `net` in place; outputs, ports and names are preserved. What a
/// table's care set means (sample or free) is its `care_source`.
/// `rp` gives pass params (e.g. {"retable": {"lut_inputs": 4}}) and the cost model.
pipeline_stats run_default_passes(ir::Network& net, const run_passes_params& rp = {});

}  // namespace lutc::passes
