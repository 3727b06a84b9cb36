#pragma once
// Absorbs chains of one-operand arithmetic (quantize, constant add, relu, negate, bit not, ...)
// into the tables that read them: a table indexed by `quantize(x + c)` becomes a table indexed
// by x's code directly, when x is narrow. The chain's ops then feed nothing and prune removes
// them, so HGQ's add-half-LSB-then-truncate costs no adder. Codes of x outside its known range
// become don't cares (CareSource::frontend), like ALIR's own padding.
#include <cstddef>

#include "ir/network.hpp"

namespace lutc::passes {

struct absorb_arith_params {
  int max_index_bits = 12;  // the new table's index (x's width) may not exceed this
};

struct absorb_arith_stats {
  size_t tables_reindexed = 0;
  size_t chain_ops = 0;     // arithmetic ops folded into tables (counted per table)
};

absorb_arith_stats absorb_arith(ir::Network& net, const absorb_arith_params& ps = {});

}  // namespace lutc::passes
