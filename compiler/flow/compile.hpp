#pragma once
// The compile driver: model file in, output directory out (see docs/architecture.md).
// Stages: read → passes → lower (minimize + stitch) → emit → report; each stage is timed and
// its numbers land in OUT/report.json. The directory appears only if every stage succeeded.
#include <filesystem>
#include <string>

#include "lower/lower.hpp"

namespace lutc::flow {

struct compile_params {
  int lut_size = 6;
  int pipeline = 0;                // a register rank after every N neuron layers
  double stage_delay = 0;          // or: ranks so no stage is longer than D LUT levels (backend/pipeline.hpp)
  std::string target = "xilinx";   // xilinx | generic
  int jobs = 1;
  logic::Engine engine = logic::minimize_params{}.engine;
  int effort = logic::minimize_params{}.effort;
  bool use_cache = true;
  std::string cache_dir;           // root of the result cache ("" = LUTC_CACHE_DIR or ~/.cache/lutc)
  std::string plan_dir;            // --plan: write a job per table still to minimize here, no OUT (docs/cluster.md)
  std::string care_data;           // data file whose unseen table patterns become don't cares
  int rarity = 1;                  // patterns seen fewer than this many times are don't cares
  bool netopt = true;              // whole-network optimization after lowering (netopt/)
  bool estimate_pass_luts = false; // report.json stages.lut_savings also estimates every IR pass (slow)
  bool lut_pairs = false;          // --target xilinx: two LUTs of <= 5 inputs together share one LUT6_2
  std::string passes;              // IR passes instead of the default pipeline, comma-separated ("" = default)
  std::string mac = "auto";        // dense layers without a `mac:` of their own: auto | mul | shift-add | lut-na
};

struct compile_stats {
  size_t luts = 0;
  int latency = 0;
  int depth = 0;                   // LUTs plus adder cells on the longest path
  double delay = 0;                // the longest path in the delay model of backend/pipeline.hpp
  double seconds = 0;
  size_t planned_jobs = 0;         // with plan_dir: jobs written (0: all tables were in the cache)
  std::string job_list;            // with plan_dir: the list file
};

/// Compiles `model_path` into `out_dir` (with ps.plan_dir: only plans the minimization jobs); throws Diagnostic on bad input, leaving no out_dir.
compile_stats compile_model(const std::string& model_path, const std::filesystem::path& out_dir, const compile_params& ps);

/// Registers the network costs compile may plan jobs with (logic::register_network_cost), for
/// `lutc minimize-job` in another process.
void register_network_costs();

/// Parses an engine name (builtin | abc | portfolio); throws Diagnostic otherwise.
logic::Engine parse_engine(const std::string& name);

}  // namespace lutc::flow
