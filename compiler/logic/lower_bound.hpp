#pragma once
// A lower bound on the K-LUTs any network needs for a multi-output function with don't cares.
//
// minimize's portfolio stops early when an engine already reaches it: no other engine can do better.
#include <cstddef>

#include "logic/minimize.hpp"

namespace lutc::logic {

struct lower_bound_stats {
  size_t free_outputs = 0;     // outputs a constant or a primary input implements on the care set
  size_t widest_support = 0;   // most variables one output must read
  size_t incompatible = 0;     // outputs that pairwise differ on a common care minterm (greedy clique)
};

/// Every output that is not free needs a LUT; an output that must read s variables needs at least
/// ceil((s - 1) / (K - 1)) LUTs; outputs that pairwise differ somewhere both care need distinct LUTs.
/// Returns the larger of the last two (0 when every output is free).
size_t lut_count_lower_bound(const MultiFunction& f, int lut_size, lower_bound_stats* st = nullptr);

}  // namespace lutc::logic
