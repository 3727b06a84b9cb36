#pragma once
// Data-driven don't cares: run the software model over a data set, count how often each table
// row is read, and make rows read fewer than `rarity` times don't cares. The network's function
// on the data set is unchanged; elsewhere it is free for the minimizer (ReducedLUT-style).
#include <vector>

#include "ir/network.hpp"

namespace lutc::passes {

struct data_dont_cares_params {
  int rarity = 1;  // rows seen fewer than this many times become don't cares
};

struct data_dont_cares_stats {
  size_t samples = 0;
  size_t tables = 0;
  uint64_t rows = 0;               // rows over all tables
  uint64_t rows_made_dont_care = 0;
  std::vector<double> care_fraction;  // per table node, in node order
};

/// Applies data don't cares to `net`, given per-sample input-port codes.
data_dont_cares_stats data_dont_cares(ir::Network& net, const std::vector<std::vector<uint64_t>>& samples,
                                      const data_dont_cares_params& ps);

}  // namespace lutc::passes
