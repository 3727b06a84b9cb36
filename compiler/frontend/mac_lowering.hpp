#pragma once
// Constant-weight dense layers (multiply-accumulate with weights known at compile time) expanded
// into IR nodes, by one of several strategies (docs/model-format.md#dense-layers):
//   mul        one multiply node per nonzero weight (constant operand), summed by an adder tree;
//   shift-add  canonical signed digits: each output a sum of shifted activations, with the pairs
//              of digit terms common to several outputs extracted greedily into shared adders;
//   lut-na     activations split into k-bit chunks; a table per group of G chunk positions gives
//              that group's partial dot product (LUT-NA, arXiv 2406.05282), summed by an adder
//              tree; tables equal (or negated) across outputs are one. With approx_bits > 0
//              every table's output is rounded (to nearest, ties up) to a multiple of
//              2^approx_bits accumulator LSBs, and tables that would read 0 are dropped (A-LUT-NA);
//   auto       the candidate (mul, shift-add, lut-na with every chunk size) of least cost: the
//              minimizer's LUTs for tables (`table_luts`) plus one LUT per adder output bit.
// Every strategy computes exactly the same function except approximate lut-na, whose function
// is the expansion itself (so the software model and the RTL agree bit for bit).
// Lives in frontend/ because the YAML reader expands layers as it reads them; the cost of a table
// comes in as a callback, since frontend/ is below lower/.
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "ir/network.hpp"

namespace lutc::frontend {

enum class MacStrategy { automatic, mul, shift_add, lut_na };

/// "auto", "mul", "shift-add", "lut-na".
const char* mac_strategy_name(MacStrategy s);
/// The strategy of a name, or nullopt.
std::optional<MacStrategy> parse_mac_strategy(const std::string& name);

/// One dense layer: out_j = quantize(activation(sum_i w_ji * x_i + b_j)).
struct DenseLayer {
  std::string name;                            // outputs are nodes name.0, name.1, ... (or output_names)
  std::vector<std::string> output_names;       // optional: the output nodes' names, one per row of weights
  std::vector<ir::NodeId> inputs;              // whole nodes, all of one format (none = unsigned integer)
  std::vector<std::vector<int64_t>> weights;   // [output][input], real weight = w * 2^-weight_frac_bits
  int weight_frac_bits = 0;
  std::vector<int64_t> bias;                   // per output (empty = 0), real = b * 2^-bias_frac_bits
  int bias_frac_bits = 0;
  bool relu = false;
  ir::FixedFormat output;                      // the output quantizer (rounding, overflow as the format says)
  std::optional<MacStrategy> strategy;         // from the model; nullopt = mac_params::strategy
  int chunk_bits = 0;                          // lut-na: activation bits per chunk (0 = chosen by cost)
  int group = 0;                               // lut-na: activations per table (0 = as many as fit max_table_index_bits)
  int approx_bits = 0;                         // lut-na: table outputs rounded to multiples of 2^approx_bits
  int source_line = 0;
};

struct mac_params {
  /// For layers that do not name one. `mul` by default: the plainest expansion, which readers of
  /// a software model (verify, eval) use; compile passes its --mac.
  MacStrategy strategy = MacStrategy::mul;
  /// K-LUTs the minimizer makes of a table; empty = estimated (out bits x 2^max(0, index - 6)).
  std::function<size_t(const ir::Table&)> table_luts;
  int max_table_index_bits = 6;                    // lut-na tables read at most this many bits
};

/// What was chosen for one layer, and what each candidate was estimated to cost.
struct mac_layer_stats {
  std::string layer;
  std::string strategy;          // the one used
  int chunk_bits = 0, group = 0, approx_bits = 0;
  int inputs = 0, outputs = 0;
  int positions = 0;             // conv: output positions, each expanded like a dense layer (0 for dense)
  size_t distinct_tables = 0;    // tables with different contents (conv: shared across positions)
  size_t tables = 0, adders = 0, multipliers = 0, adder_bits = 0;
  double cost = 0;               // table LUTs + adder bits of the expansion used
  std::vector<std::pair<std::string, double>> candidates;   // auto: every candidate's cost
};

struct mac_stats {
  std::vector<mac_layer_stats> layers;
};

/// How one layer is expanded: a strategy (never automatic) and, for lut-na, chunk size and group.
struct mac_choice {
  MacStrategy strategy = MacStrategy::mul;
  int chunk_bits = 0, group = 0;
};

/// The expansion `expand_dense` would use for `layer` in `net`: its own strategy, or under `auto`
/// (and lut-na without chunk_bits) the candidate of least estimated cost, each built on a copy of
/// `net`. Fills st->candidates (and st->cost of the choice) when st is given.
mac_choice choose_mac(const ir::Network& net, const DenseLayer& layer, const mac_params& ps, mac_layer_stats* st = nullptr);

/// Appends the nodes computing `layer` expanded as `choice`; adds its counts and cost to *st.
std::vector<ir::NodeId> expand_dense_as(ir::Network& net, const DenseLayer& layer, const mac_params& ps, const mac_choice& choice,
                                        mac_layer_stats* st = nullptr);

/// Appends the nodes computing `layer` to `net` (after every node it reads) and returns the ids
/// of its outputs, one per row of weights. Throws std::invalid_argument on an inconsistent layer
/// (the reader checks user input first and reports it with a position).
std::vector<ir::NodeId> expand_dense(ir::Network& net, const DenseLayer& layer, const mac_params& ps, mac_stats* stats = nullptr);

/// The exact value (in accumulator LSBs, 2^-(input frac + weight frac)) that `layer`'s expansion
/// sums for output `j` on input codes `x` (signed codes), before bias: the exact dot product, or
/// for approximate lut-na the sum of rounded partial products. A reference independent of the IR.
__int128 reference_dot(const DenseLayer& layer, const ir::FixedFormat& input_format, int chunk_bits, int group, size_t j,
                       const std::vector<int64_t>& x);

}  // namespace lutc::frontend
