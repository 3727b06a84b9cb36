#pragma once
// Table sharing: nodes that compute the same thing from the same operands are merged, and
// their readers redirected to the first one. Two tables are the same when they have the same
// operands, width and format, the same care sets, and the same rows on the care sets (values
// at don't-care positions may differ). Constants with equal width and value merge too.
#include <cstdint>

#include "ir/network.hpp"

namespace lutc::passes {

struct share_tables_params {
  bool share_constants = true;
};

struct share_tables_stats {
  uint64_t tables_shared = 0;     // table nodes removed because an identical one exists
  uint64_t constants_shared = 0;  // constant nodes removed likewise
};

/// Merges identical nodes of `net` in place and logs one line with the numbers.
share_tables_stats share_tables(ir::Network& net, const share_tables_params& ps = {});

}  // namespace lutc::passes
