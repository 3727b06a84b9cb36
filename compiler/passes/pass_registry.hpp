#pragma once
// Every IR pass by name, in the style of Yosys passes: a name, one line of help, its `*_params`
// (with defaults, as JSON) and its `*_stats` (as JSON). `lutc passes` lists them, `lutc opt`
// runs any list of them, and `compile` runs `default_pipeline()` through `run_passes`.
// Each pass logs one line saying what it changed, in numbers (docs/passes.md).
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "ir/network.hpp"
#include "passes/data_dont_cares.hpp"
#include "passes/fuse_sums.hpp"
#include "passes/narrow_bits.hpp"
#include "passes/prune.hpp"
#include "passes/reachability.hpp"
#include "passes/retable.hpp"
#include "passes/share_tables.hpp"

namespace lutc::passes {

NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(retable_params, lut_inputs, max_index_bits, max_costed_index_bits,
                                                arith_luts_per_bit)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(retable_stats, arith_to_tables, tables_reindexed, index_bits_saved, costed,
                                                luts_saved)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(fuse_sums_params, max_terms)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(fuse_sums_stats, sums, nodes_fused)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(narrow_bits_params, narrow_tables)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(narrow_bits_stats, nodes_narrowed, tables_narrowed, high_bits_removed,
                                                low_bits_removed, adder_bits_before, adder_bits_after, restore_nodes)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(prune_params, fold_constants, remove_unused_index_bits, narrow_outputs,
                                                max_rounds)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(prune_stats, inputs_pruned, constant_nodes, dead_nodes, output_bits_pruned,
                                                zero_width_operands, table_bits_before, table_bits_after, rounds)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(share_tables_params, share_constants)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(share_tables_stats, tables_shared, constants_shared)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(reachability_params, max_index_bits)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(reachability_stats, rows_made_dont_care, unreachable_rows, total_rows,
                                                dont_care_fraction, tables_skipped)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(data_dont_cares_params, rarity)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(data_dont_cares_stats, samples, tables, rows, rows_made_dont_care)

/// Per-sample input-port codes of a data set for `net` (the CLI reads them with frontend::read_dataset;
/// passes do not read files themselves).
using sample_loader = std::function<std::vector<std::vector<uint64_t>>(const std::string& file, const ir::Network& net)>;

/// What passes may use besides the network and their params.
struct pass_context {
  sample_loader load_samples;          // needed by data_dont_cares only
  const cost_model* costs = nullptr;   // lets retable compare alternatives by LUT count
};

struct Pass {
  std::string name;
  std::string help;                   // one line
  nlohmann::json default_params;      // the pass's *_params with their defaults (an object)
  /// Runs the pass in place with `params` (missing fields take their defaults); returns its stats.
  std::function<nlohmann::json(ir::Network&, const nlohmann::json& params, const pass_context&)> run;
};

/// Every pass, in the order `lutc passes` lists them.
const std::vector<Pass>& pass_registry();
/// The pass called `name`; throws Diagnostic listing the valid names otherwise.
const Pass& find_pass(const std::string& name);
/// `a,b,c` → {"a","b","c"}, each checked by find_pass (empty items are an error too).
std::vector<std::string> parse_pass_list(const std::string& list);
/// What `compile` runs: retable, prune, share_tables, reachability, prune. retable turns narrow
/// arithmetic into tables and folds cones into the tables reading them (they then die in prune);
/// fuse_sums trades LUTs for carry cells, so it is not in the default (compile --passes adds it); the
/// second prune uses the don't cares reachability found.
const std::vector<std::string>& default_pipeline();

struct pass_run {
  std::string pass;
  nlohmann::json stats;
};

struct run_passes_params {
  nlohmann::json params = nlohmann::json::object();  // {"pass name": {params}}, applied to every run of that pass
  pass_context context;
  /// Called after each pass with its name and the network (e.g. to print the IR).
  std::function<void(const std::string& pass, const ir::Network&)> after_pass;
};

/// Runs `names` in order on `net` in place, checking the IR's invariants after each pass.
std::vector<pass_run> run_passes(ir::Network& net, const std::vector<std::string>& names, const run_passes_params& ps = {});

}  // namespace lutc::passes
