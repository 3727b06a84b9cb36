#pragma once
// Fuses adder trees into multi-operand sums: an add/sub, negate or shifted sum whose operand is
// another such node (or an exact quantizer of one) read by nothing else, and which is exact (its
// sum never wraps or drops bits: the exact ranges of its operands say so), is replaced by that
// node's operands. a + b and then + c becomes one sum a + b + c, which synthesis maps to one carry
// chain behind a compressor (alkaid writes ternary adders for the same reason). Wide sums trade
// LUTs (the compressor) for carry cells; at most 4 operands kept both below alkaid's on every
// shared HGQ-LUT jet model, but cost 19% more LUTs on the digits example, so the pass is not in
// the default pipeline (docs/passes.md; compile --passes adds it).
#include <cstddef>

#include "ir/network.hpp"

namespace lutc::passes {

struct fuse_sums_params {
  int max_terms = 4;  // a fused sum has at most this many operands (docs/passes.md: why 4)
};

struct fuse_sums_stats {
  size_t sums = 0;          // nodes that became multi-operand sums
  size_t nodes_fused = 0;   // inner adders and quantizers folded into them (prune removes them)
};

fuse_sums_stats fuse_sums(ir::Network& net, const fuse_sums_params& ps = {});

}  // namespace lutc::passes
