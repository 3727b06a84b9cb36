#pragma once
// Lowering: every table of an IR network becomes a minimized K-LUT network; the pieces are
// stitched into one flat `backend::Netlist` whose LUTs remember the neuron layer they came from.
#include <filesystem>
#include <set>
#include <string>
#include <vector>

#include "backend/netlist.hpp"
#include "ir/network.hpp"
#include "logic/minimize.hpp"
#include "logic/minimize_job.hpp"

namespace lutc::lower {

struct lower_params {
  logic::minimize_params minimize;
  int jobs = 1;          // tables are minimized on this many threads
  bool use_cache = true; // reuse minimized tables from the on-disk cache
  std::filesystem::path cache_dir;     // the cache's minimize/ directory ("" = the default)
  logic::JobPlanner* plan = nullptr;   // `lutc compile --plan`: lower_to_netlist turns every table
                                       // not in the cache into a job here instead of minimizing it
  // Sibling tables (the same operands, K+1..joint_max_index_bits index bits) are also minimized
  // together (lower/joint_tables.hpp); a cluster is kept when it needs fewer LUTs than its
  // members alone. Clusters are chosen by the builtin engine's LUTs. 0 = off.
  int joint_max_index_bits = 10;
};

/// Per-table outcome, in network node order.
struct table_result {
  std::string name;
  int index_bits = 0;
  int out_bits_used = 0;
  double care_fraction = 1;  // care rows / rows, over the used output bits
  size_t luts = 0;           // LUTs of this table's own minimized network
  int depth = 0;
  bool cache_hit = false;
  bool reused = false;       // the same content as an earlier table, whose minimized network it reuses
  std::string engine;
  double seconds = 0;
  std::string joint_with;    // minimized together with these sibling tables (then `luts` is the cluster's, on its first table)
};

struct lower_stats {
  size_t tables = 0;
  size_t luts = 0;           // in the stitched netlist (after sharing identical LUTs)
  size_t luts_shared = 0;    // identical LUTs merged across tables
  size_t cache_hits = 0;
  size_t planned = 0;        // tables handed to ps.plan (then the netlist is empty)
  size_t tables_reused = 0;  // tables minimized once for several nodes of the same content
  size_t joint_clusters = 0; // sibling tables minimized together (joint_max_index_bits)
  size_t joint_tables = 0;   // tables in those clusters
  size_t joint_luts_saved = 0;  // their LUTs alone minus together (by minimize.network_cost when set)
  double joint_seconds = 0;
  int depth = 0;
  std::vector<table_result> per_table;
  double seconds = 0;
};


/// Minimizes every table of `net` (which should already be optimized) and stitches the result.
backend::Netlist lower_to_netlist(const ir::Network& net, const lower_params& ps, lower_stats* st = nullptr);

/// LUTs of `table` minimized as lower_to_netlist would (all output bits; through the cache when
/// ps.use_cache): the cost model passes compare alternatives with.
size_t minimized_luts(const ir::Table& table, const lower_params& ps);

/// The function table `node` computes on its used output bits, as a MultiFunction over its index bits.
logic::MultiFunction table_function(const ir::Table& table, const std::vector<int>& used_bits);

}  // namespace lutc::lower
