#pragma once
// ABC on a LUT network too large for one call (abc_resynthesis.hpp's `max_luts`), or one cut by
// adder cells: the network's LUTs, in their (topological) order, are cut into windows of at most
// `window_luts` LUTs, and each window goes to ABC alone, with the signals it reads from before as
// its inputs and the signals read after it (or observed) as its outputs. A window's result is used
// when it has fewer LUTs and agrees with the window on random patterns. The windows depend only on LUT counts, never on time, so the result is
// deterministic. The caller proves the whole result equivalent (equivalence.hpp).
#include <optional>
#include <vector>

#include "netopt/abc_resynthesis.hpp"

namespace lutc::netopt {

struct abc_windows_params {
  abc_resynthesis_params abc;      // its max_luts is ignored: windows are at most window_luts
  size_t window_luts = 1000;
};

struct abc_windows_stats {
  size_t windows = 0;              // windows ABC ran on
  size_t windows_improved = 0;     // windows whose result was used
  size_t windows_rejected = 0;     // windows whose result differed on random patterns (dropped)
  size_t luts_before = 0;
  size_t luts_after = 0;
  std::string script;              // the best script of the last improved window
  std::string skipped;             // why ABC did not run, if no window ran
  double seconds = 0;
};

namespace detail {
/// Whether `got` computes `window`'s outputs on 4096 random input patterns (same inputs).
bool agrees_on_random_patterns(const logic::LutNetwork& window, const logic::LutNetwork& got);
}  // namespace detail

/// `net` resynthesized window by window, observed at `observed`: a network with net's primary
/// inputs whose output j computes observed[j]; nothing when no window got smaller.
std::optional<logic::LutNetwork> abc_resynthesize_windows(const logic::LutNetwork& net, const std::vector<logic::Signal>& observed,
                                                          const abc_windows_params& ps, abc_windows_stats* st = nullptr);

}  // namespace lutc::netopt
