#pragma once
// The software model, bit-parallel: the same values and known-masks as ir::SoftwareModel
// (software_model.hpp), for 64 input vectors at a time.
//
// Compiled once from the network: only live nodes (those an output reads, transitively) are
// evaluated, constants are folded into fixed bit planes. Every node's value and known-mask are
// kept bit-sliced, one 64-bit word per bit ("plane", bit l = vector l), so operand slices are
// plane picks and the care semantics (an index is known when all its bits are) is a few ANDs
// per plane. A table looks its rows up per vector: the index planes are transposed into 64
// indices (a 64x64 bit-matrix transpose), the rows and care bits transposed back into planes.
// Arithmetic nodes are evaluated per vector with ir::evaluate_arithmetic (no bit-sliced adders):
// networks with arithmetic are exact but gain less.
#include <cstdint>
#include <vector>

#include "ir/network.hpp"
#include "ir/software_model.hpp"

namespace lutc::ir {

class BatchModel {
 public:
  static constexpr size_t kLanes = 64;

  /// Keeps a reference: `net` must outlive the model (temporaries are rejected at compile time).
  explicit BatchModel(const Network& net);
  BatchModel(Network&&) = delete;

  /// Evaluates `count` <= 64 vectors. input_codes[v * inputs + i] is the code of primary input i
  /// in vector v (extra high bits are ignored); writes values / known[v * outputs + p].
  void evaluate_block(const uint64_t* input_codes, size_t count, uint64_t* values, uint64_t* known) const;
  /// Any number of vectors, one result per vector (as SoftwareModel::evaluate).
  std::vector<ModelResult> evaluate(const std::vector<std::vector<uint64_t>>& input_codes) const;

  size_t num_inputs() const { return net_.inputs.size(); }
  size_t num_outputs() const { return net_.outputs.size(); }
  /// Nodes evaluated per block (live, not constant).
  size_t evaluated_nodes() const { return steps_.size(); }

 private:
  struct Step {
    NodeId node;
    int input = -1;  // for inputs: which input code (inputs in node order, as SoftwareModel)
  };
  const Network& net_;
  std::vector<Step> steps_;            // live non-constant nodes in node order
  std::vector<size_t> plane_;          // per node: first of its planes
  size_t planes_ = 0;
  std::vector<uint64_t> fixed_value_;  // constant planes (copied into each block's buffers)
  std::vector<std::vector<uint64_t>> care_rows_;  // per node (tables with don't cares): care mask per row
  // Per table node of width <= 8: row | care mask << width per row, in 8 or 16 bits (one small
  // array per table keeps the lookups of a deep network in cache).
  std::vector<std::vector<uint8_t>> packed8_;
  std::vector<std::vector<uint16_t>> packed16_;
};

/// Transposes a 64x64 bit matrix in place: bit c of a[r] becomes bit r of a[c].
void transpose64(uint64_t a[64]);

}  // namespace lutc::ir
