#pragma once
// Bit-level trimming through arithmetic: an interval and known-zero-LSB analysis over the whole
// network, then every adder, multiplier, quantizer, relu and MSB mux (and every table read only
// by arithmetic) gets the narrowest format that holds every value it can take. High bits that
// only repeat the sign (or are always 0), a sign bit of a value that is never negative, and low
// bits that are always 0 leave the node's code, so its adder cell carries fewer bits and the
// adders reading it sum narrower terms (a term with fewer fraction bits drops the sum's zero
// LSBs). A node changes only when its exact value never wraps, so its value stays the same;
// readers that see codes rather than values (tables, output ports, an MSB mux's condition, bit
// NOT/reductions) read a wiring-only quantizer back to the old format.
//
// Values come from: input formats (narrowed by their exact `range` when the model gives one, as
// retable trusts it), constants, the table rows whose every bit is cared about (a row with a
// don't care makes every arithmetic reader unknown, so it cannot change a known output), and the
// exact interval arithmetic of each kind (ir/arith.hpp semantics).
#include <cstddef>

#include "ir/network.hpp"

namespace lutc::passes {

struct narrow_bits_params {
  bool narrow_tables = true;  // also narrow tables that only arithmetic reads
};

struct narrow_bits_stats {
  size_t nodes_narrowed = 0;    // arithmetic nodes given a narrower format
  size_t tables_narrowed = 0;   // tables given a narrower format (rows rewritten)
  size_t high_bits_removed = 0; // integer bits (sign copies, constant zeros, sign bits of values >= 0)
  size_t low_bits_removed = 0;  // fraction bits that are always 0
  size_t adder_bits_before = 0; // output bits of adders and multipliers (the carry chains' widths)
  size_t adder_bits_after = 0;
  size_t restore_nodes = 0;     // wiring-only quantizers added for readers of codes
};

narrow_bits_stats narrow_bits(ir::Network& net, const narrow_bits_params& ps = {});

}  // namespace lutc::passes
