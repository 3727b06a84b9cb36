#pragma once
// The ABC engine: berkeley-abc as a subprocess on the truth table.
//
// Fully specified functions are written as an IWLS `.truth` file and run through
//   read_truth -xf; &get -n; &ttopt -I n -O m; &dch -f; &if -K k -a; &mfs; &satlut -N 64 -C 1000
// With don't cares, the union of the care sets is written as an `&ttopt` simulation file (raw
// 64-bit words, input-major, one bit per care minterm) and `&ttopt -R 1 <file>` replaces the plain
// `&ttopt`. The mapped network is read back from `write_blif` (`.names` covers become LUT INITs).
#include <string>
#include <vector>

#include "logic/lut_network.hpp"
#include "logic/minimize.hpp"

namespace lutc::logic {

struct abc_params {
  int lut_size = 6;
  int effort = 1;                  // 0: skip &satlut; 1: the flow above; 2: more &satlut/&mfs rounds
  std::string binary = "berkeley-abc";
  bool keep_files = false;         // leave the temporary directory for debugging
  bool ttopt_only = false;         // reference flow for benches: &ttopt then &if, no further passes
};

struct abc_stats {
  std::string script;              // the ABC command line that was run
  double seconds = 0;
};

/// Runs ABC on `f`; throws MinimizeError if ABC fails or its output cannot be read.
LutNetwork abc_minimize(const MultiFunction& f, const abc_params& ps, abc_stats* st = nullptr);

/// BLIF of the LUTs of `net` with one output `po<j>` per entry of `pos` (inputs `pi<i>` in order);
/// a constant-0 LUT is written without fanins (ABC rejects a cover without cubes otherwise).
std::string write_lut_blif(const LutNetwork& net, const std::vector<Signal>& pos);

/// Parses ABC's BLIF (one .model, .names with at most 6 inputs, .inputs in primary-input order).
LutNetwork read_abc_blif(const std::string& text, int num_inputs, int num_outputs);

}  // namespace lutc::logic
