#pragma once
// ABC as a portfolio member of whole-network optimization: lutc's own netlist (after netopt's
// passes) goes to berkeley-abc through a few scripts that start from lutc's mapping (`&get -mn`)
// or re-map it, and the smallest result comes back. The caller proves it equivalent (equivalence.hpp)
// before using it; here it is only read and checked for shape.
#include <optional>
#include <string>
#include <vector>

#include "logic/lut_network.hpp"

namespace lutc::netopt {

struct abc_resynthesis_params {
  std::string binary = "berkeley-abc";
  int lut_size = 6;
  size_t max_luts = 1000;          // larger networks are left alone: the scripts take ~25 CPU ms per LUT,
                                   // and a script near its timeout would make the result depend on the machine
  double timeout_seconds = 300;    // per script; a script that times out is skipped. Far above what a
                                   // call takes (~25 CPU s at max_luts), so the result does not depend
                                   // on the load: 60 s was reached by a JSC-L window at load 8
  bool remap = true;               // also try the re-mapping script (the don't-care script always runs)
  std::string script;              // if set, the only script run (instead of the two above); ends with &put
};

struct abc_resynthesis_stats {
  size_t luts_before = 0;
  size_t luts_after = 0;           // of the best script (LUTs as ABC returns them, before rebuilding)
  std::string script;              // the best script, empty if none improved
  std::string skipped;             // why ABC did not run or no script succeeded; empty if one ran
  double seconds = 0;
};

/// The best of ABC's scripts on `net`, observed at `observed` (outputs and other signals read
/// outside the LUT network): a network with net's primary inputs whose output j computes
/// observed[j]; nothing when ABC is missing, fails or saves nothing.
std::optional<logic::LutNetwork> abc_resynthesize(const logic::LutNetwork& net, const std::vector<logic::Signal>& observed,
                                                  const abc_resynthesis_params& ps, abc_resynthesis_stats* st = nullptr);

}  // namespace lutc::netopt
