#pragma once
// Pruning: removes everything that cannot influence a known output bit.
//  - zero-width operands disappear;
//  - a table whose every output bit is constant on its care set becomes a `constant` node, and
//    constants are folded into their readers (the reader's table is cofactored, losing index bits);
//  - per table, index bits that no output bit depends on (on the care set) are removed greedily,
//    merging the two halves' rows and care sets;
//  - table output bits that nothing reads are dropped (the node narrows, readers re-base);
//  - nodes with no path to an output are removed (primary inputs always stay: they are ports).
// Rounds repeat until nothing changes. Outputs, port order and names are preserved.
#include <cstdint>
#include <set>
#include <string>

#include "ir/network.hpp"

namespace lutc::passes {

struct prune_params {
  bool fold_constants = true;            // constant tables become constant nodes, folded into readers
  bool remove_unused_index_bits = true;  // drop index bits no output bit depends on
  bool narrow_outputs = true;            // drop table output bits no reader uses
  int max_rounds = 64;                   // safety bound on the fixed-point iteration
  // Tables whose care_source is data_sample keep their index bits (see prune.cpp).
};

struct prune_stats {
  uint64_t inputs_pruned = 0;       // table index bits removed (unused or fed by a constant)
  uint64_t constant_nodes = 0;      // tables turned into constant nodes
  uint64_t dead_nodes = 0;          // nodes removed because no output depends on them
  uint64_t output_bits_pruned = 0;  // table output bits removed because nothing read them
  uint64_t zero_width_operands = 0; // empty operands dropped
  uint64_t table_bits_before = 0;   // sum of rows * width over tables, before and after
  uint64_t table_bits_after = 0;
  int rounds = 0;
};

/// Prunes `net` in place to a fixed point and logs one line with the numbers.
prune_stats prune(ir::Network& net, const prune_params& ps = {});

namespace detail {
/// `t` without index bit `var`, which no output bit may depend on (on the care set): the rows
/// with var = 0 and var = 1 merge, taking the cared value and the union of the care sets.
ir::Table remove_index_bit(const ir::Table& t, int var);
/// `t` with index bit `var` fixed to `value` (the bit disappears from the index).
ir::Table cofactor_index_bit(const ir::Table& t, int var, bool value);
/// True if some output bit of `t` depends on index bit `var` on its care set.
bool index_bit_used(const ir::Table& t, int var);
/// If every output bit of `t` takes one value on its care set, stores the code in `value`.
bool constant_value(const ir::Table& t, uint64_t& value);
/// Removes nodes (other than primary inputs) that no output depends on; returns how many.
size_t remove_dead_nodes(ir::Network& net);
}  // namespace detail

}  // namespace lutc::passes
