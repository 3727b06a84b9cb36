#pragma once
// Re-tabling: turns small cones of the dataflow graph into single tables, where that can only
// lower the cost. For every node, in topological order, the pass looks for a narrower index:
// the node's operands, with each whole operand optionally replaced by the leaves of that
// operand's own cone (through arithmetic and tables alike, constants vanish). Then
//  - an arithmetic node whose cone reads at most `lut_inputs` bits becomes a table over them:
//    one K-input LUT per output bit at most, and no carry chain (an adder needs a LUT per bit
//    plus carry cells);
//  - a table is re-indexed by its cone's leaves when that index is narrower, or stays within
//    `lut_inputs` bits (a K-input function is one LUT either way, and the cone may die);
// With a cost model (the minimizer's LUT count), cones up to `max_costed_index_bits` wide also
// become one table when that table needs fewer LUTs than the node and the cone nodes that die
// with it. An adder's output bit counts `arith_luts_per_bit` LUTs: 0 (the default) converts only
// when the new table is smaller than the tables it replaces, which gave the fewest LUTs on the
// shared HGQ-LUT models (docs/passes.md); 0.5 trades a few LUTs for fewer carry cells. At equal
// LUTs a cone holding a carry chain (an adder, a rounding incrementer) converts: fewer carry cells.
// So HGQ's add-half-LSB-then-truncate, edge tables of narrow inputs and the adders summing them
// fold into the tables that read them. Leaf codes outside a leaf's known range, and rows that
// need a don't-care row of a table in the cone, become don't cares. The cones' own nodes are
// left for prune to remove when nothing else reads them.
#include <cstddef>

#include "ir/network.hpp"
#include "passes/cost_model.hpp"

namespace lutc::passes {

struct retable_params {
  int lut_inputs = 6;       // K of the target LUT: arithmetic this narrow becomes a table
  int max_index_bits = 12;  // no cone wider than this is considered (2^bits rows are evaluated)
  int max_costed_index_bits = 10;  // with a cost model: widest cone compared by LUT count
  double arith_luts_per_bit = 0;   // what an adder or relu output bit costs in LUTs beside its carry chain
};

struct retable_stats {
  size_t arith_to_tables = 0;    // arithmetic nodes turned into tables
  size_t tables_reindexed = 0;   // tables now reading their cone's leaves
  size_t index_bits_saved = 0;   // over re-indexed tables: old index bits - new index bits (when positive)
  size_t costed = 0;             // conversions wider than lut_inputs, chosen by the cost model
  double luts_saved = 0;         // what the cost model estimates those saved
};

/// `costs` may be null (or have no table_luts): then only the conversions that cannot cost more are made.
retable_stats retable(ir::Network& net, const retable_params& ps = {}, const cost_model* costs = nullptr);

}  // namespace lutc::passes
