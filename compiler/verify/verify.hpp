#pragma once
// `lutc verify`: simulates the RTL of a `lutc compile` output directory with Verilator and
// compares it bit for bit with the software model on exhaustive or random vectors plus data-file
// samples. Only output bits the model knows (care set semantics, ir/software_model.hpp) count.
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "ir/network.hpp"
#include "backend/compiled_design.hpp"

namespace lutc::verify {

struct verify_params {
  uint64_t vectors = 100000;            // random vectors when exhaustive is too big
  uint64_t seed = 1;
  int exhaustive_limit_bits = 20;       // exhaustive when total input bits <= this
  std::vector<std::string> data_files;  // extra vectors (PLA/CSV)
  std::string verilator = "verilator";
  int jobs = 2;                         // Verilator build jobs, model threads, simulator shards (docs/verify.md)
  uint64_t chunk_vectors = 0;           // vectors per simulator frame; 0 = automatic (bounded memory)
  // auto | rtl | sliced (docs/verify.md): rtl simulates the emitted RTL on every vector; sliced the
  // bit-sliced form of OUT/netlist.json on every vector plus the RTL on the first rtl_vectors
  // generated vectors and on every data sample; auto = sliced when OUT has a netlist.json and
  // there are at least sliced_from (and more than rtl_vectors) generated vectors, rtl otherwise:
  // beside the RTL's Verilator build, the sliced form's C++ build adds ~4 s of wall time on 2
  // cores and its simulation saves ~2 s per million vectors (bench/verify_speed.sh, 2.8k LUTs),
  // so a cold run breaks even near 2 M vectors.
  std::string sim_form = "auto";
  uint64_t rtl_vectors = 100000;
  uint64_t sliced_from = 2000000;
  int lanes = 256;                      // sliced form: vectors per evaluation (a multiple of 64)
};

struct verify_stats {
  uint64_t vectors = 0;
  uint64_t mismatches = 0;              // vectors with at least one differing known output bit
  uint64_t compared_bits = 0;           // known output bits compared, over all vectors
  bool exhaustive = false;
  std::string first_mismatch;           // human readable: inputs, expected, got, which output bits
  double build_seconds = 0, run_seconds = 0;
  // Inside run_seconds, overlapping: the software model with the comparison (on -j threads), the RTL's Verilator runs.
  double model_seconds = 0, simulate_seconds = 0;
  bool cache_hit = false;
  std::string form = "rtl";             // rtl | sliced (the bulk simulator)
  uint64_t rtl_vectors = 0, sliced_vectors = 0;  // vectors each simulator ran
  double rtl_build_seconds = 0, sliced_build_seconds = 0;  // built concurrently: build_seconds is the longer
  double sliced_seconds = 0;            // the sliced simulator's runs (simulate_seconds: the RTL's)
  uint64_t generated = 0;               // exhaustive or random vectors (before the data samples)
  // Per data file with a `label` column: classification accuracy of the simulated RTL and of the
  // software model; a sample on which their classes differ counts as a mismatch too.
  std::vector<backend::DataAccuracy> data;
};

/// Verifies the design in `out_dir` against `model` (the network of OUT/model.yaml).
verify_stats verify_design(const std::filesystem::path& out_dir, const ir::Network& model, const verify_params& ps);

namespace detail {
/// Throws Diagnostic (naming `origin`) unless the design's ports match the model's in number and widths.
void check_ports(const backend::DesignInfo& design, const ir::Network& model, const std::string& origin);
/// Where the chunks of `total` vectors start, then `total`: chunks of `size` vectors, the first
/// ones growing from `smallest` by doubling and the last ones shrinking the same way.
std::vector<uint64_t> chunk_starts(uint64_t total, uint64_t size, uint64_t smallest);
}  // namespace detail

}  // namespace lutc::verify
