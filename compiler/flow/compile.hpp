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
  std::string care_data;           // data file whose unseen table patterns become don't cares
  int rarity = 1;                  // patterns seen fewer than this many times are don't cares
  std::string passes;              // IR passes instead of the default pipeline, comma-separated ("" = default)
  std::string mac = "auto";        // dense layers without a `mac:` of their own: auto | mul | shift-add | lut-na
};

struct compile_stats {
  size_t luts = 0;
  int latency = 0;
  int depth = 0;                   // LUTs plus adder cells on the longest path
  double delay = 0;                // the longest path in the delay model of backend/pipeline.hpp
  double seconds = 0;
};

/// Compiles `model_path` into `out_dir`; throws Diagnostic on bad input, leaving no out_dir.
compile_stats compile_model(const std::string& model_path, const std::filesystem::path& out_dir, const compile_params& ps);

/// Parses an engine name (builtin | abc | portfolio); throws Diagnostic otherwise.
logic::Engine parse_engine(const std::string& name);

}  // namespace lutc::flow
