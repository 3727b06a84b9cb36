#pragma once
// LUT-level construction and clean-up shared by the minimization engines:
//  - `LutBuilder` adds LUTs with canonical fanin order and structural hashing, so equal
//    functions over equal fanins are built once;
//  - `optimize_luts` is the final pass: absorb a LUT into all of its fanouts when every merged
//    support stays within K, remove duplicates and dangling LUTs.
#include <cstdint>
#include <map>
#include <utility>
#include <vector>

#include "logic/lut_network.hpp"
#include "tt/truth_table.hpp"

namespace lutc::logic {

class LutBuilder {
 public:
  explicit LutBuilder(LutNetwork& net);

  /// Adds `fn` (a table over fanins.size() <= 6 variables) as a LUT; drops constant fanins and
  /// variables `fn` does not depend on, returns an existing signal for constants, buffers and
  /// structurally equal LUTs.
  Signal add(const std::vector<Signal>& fanins, const TruthTable& fn);
  /// Same as `add` with a 64-bit table of fanins.size() variables.
  Signal add(const std::vector<Signal>& fanins, uint64_t init);

  LutNetwork& network() { return net_; }

 private:
  LutNetwork& net_;
  std::map<std::pair<std::vector<Signal>, uint64_t>, Signal> strash_;
};

/// Permutes/compacts a table of `n` <= 6 variables: result variable i is old variable `from[i]`.
uint64_t remap_init(uint64_t init, int n, const std::vector<int>& from);

struct lut_opt_params {
  int lut_size = 6;
};

struct lut_opt_stats {
  size_t absorbed = 0;    // LUTs merged into their fanouts
  size_t duplicates = 0;  // structurally equal LUTs removed
};

/// Final LUT-level pass (see file comment); the network's function is unchanged.
LutNetwork optimize_luts(const LutNetwork& net, const lut_opt_params& ps, lut_opt_stats* st = nullptr);

}  // namespace lutc::logic
