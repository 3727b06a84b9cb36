#pragma once
// The default optimization pipeline over the IR:
// absorb_arith -> prune -> share_tables -> reachability -> prune.
#include "passes/absorb_arith.hpp"
#include "passes/prune.hpp"
#include "passes/reachability.hpp"
#include "passes/share_tables.hpp"

namespace lutc::passes {

struct pipeline_stats {
  prune_stats prune;         // both prune runs added up (bits before = first run, after = last run)
  share_tables_stats share;
  reachability_stats reach;
  absorb_arith_stats absorb;
};

struct default_passes_params {
  std::set<std::string> sampled_tables;  // tables whose care set is a data sample (see prune_params)
};

/// Runs the default passes on `net` in place; outputs, ports and names are preserved.
pipeline_stats run_default_passes(ir::Network& net, const default_passes_params& ps = {});

}  // namespace lutc::passes
