#pragma once
// The software model, for many vectors at once: the same values and known-masks as
// ir::SoftwareModel (software_model.hpp).
//
// Compiled once from the network: only live nodes (those an output reads, transitively) are
// evaluated, constants are folded. Evaluation is table-major: vectors are taken in batches (a few
// hundred to a few thousand, of equal size within a call), every live node keeps one code per
// vector of the batch in a slot (bytes when every live node is at most 8 bits wide, else 16 or 64
// bits; a slot serves a later node once its node's last reader has run), and each table builds its index
// for the whole batch (operand slices shifted into place, 16 vectors per SIMD step) and then
// looks the rows up while they stay in L1. The vector loops use AVX2 when the CPU has it (chosen
// at run time); the plain path gives the same results.
//
// Care semantics as SoftwareModel: a table's output bit is known when its whole index is known and
// the row cares for that bit; an arithmetic node is known when the low `width` known bits of
// each operand are. When no live table has don't cares, every known-mask is the same for all
// vectors (inputs are always known): it is computed once, and only values are evaluated per batch.
// Arithmetic nodes are evaluated per vector with ir::evaluate_arithmetic: exact, but slower.
#include <cstdint>
#include <memory>
#include <vector>

#include "ir/network.hpp"
#include "ir/software_model.hpp"

namespace lutc::ir {

namespace detail {
struct many_plan;
struct many_input;
}

class BatchModel {
 public:
  static constexpr size_t kLanes = 64;

  /// Keeps a reference: `net` must outlive the model (temporaries are rejected at compile time).
  explicit BatchModel(const Network& net);
  BatchModel(Network&&) = delete;

  /// Evaluates `count` <= 64 vectors (as evaluate_many). input_codes[v * inputs + i] is the code
  /// of primary input i in vector v (extra high bits are ignored); writes values / known[v * outputs + p].
  void evaluate_block(const uint64_t* input_codes, size_t count, uint64_t* values, uint64_t* known) const;
  /// Any number of vectors, same layout as evaluate_block: input_codes[v * inputs + i],
  /// values / known[v * outputs + p]. Large counts (thousands) amortize best. Thread-safe: calls
  /// from several threads at once (on one shared model too) each use their thread's own scratch.
  void evaluate_many(const uint64_t* input_codes, size_t count, uint64_t* values, uint64_t* known) const;
  /// As evaluate_many, but each vector's results as packed records (the simulators' layout):
  /// output p's bits at its record position (the outputs concatenated LSB-first in
  /// net.outputs order, bit b of a record in word b / 32, bit b % 32), `words` >= record_words()
  /// 32-bit words per vector: values[v * words + w], known[v * words + w]. Every word is
  /// written (bits past the outputs are zero). `known` may be null when fixed_known_record() is not
  /// (then only values are written). Throws std::invalid_argument when `words` is too few.
  void evaluate_records(const uint64_t* input_codes, size_t count, uint32_t* values, uint32_t* known, size_t words) const;
  /// As above, but the inputs as packed records too: input i's bits at its record position (the
  /// inputs concatenated LSB-first in net.inputs order, bit b in word b / 32, bit b % 32), as
  /// verify's input records; `input_words` >= input_record_words() words per vector:
  /// input_records[v * input_words + w]. Saves the caller the codes array (8 bytes per input).
  void evaluate_records(const uint32_t* input_records, size_t input_words, size_t count, uint32_t* values, uint32_t* known,
                        size_t words) const;
  /// The 32-bit words of an input record: max(1, ceil(sum of the inputs' widths / 32)).
  size_t input_record_words() const;
  /// When the known-masks do not depend on the vector (no live table has don't cares), the known
  /// record of every vector (record_words() words); nullptr otherwise.
  const uint32_t* fixed_known_record() const;
  /// The outputs' bits (sum of their widths) and the 32-bit words of a record: max(1, ceil(bits / 32)).
  size_t output_bits() const;
  size_t record_words() const;
  /// Any number of vectors, one result per vector (as SoftwareModel::evaluate).
  std::vector<ModelResult> evaluate(const std::vector<std::vector<uint64_t>>& input_codes) const;

  /// Whether evaluate_many uses the AVX2 kernels (on by default when the CPU has AVX2).
  bool uses_avx2() const { return avx2_; }
  /// Turns the AVX2 kernels off (or back on, when the CPU has AVX2); results are the same.
  void set_avx2(bool on);
  /// Vectors per table-major batch of evaluate_many.
  size_t batch_vectors() const;
  /// Sets the vectors per batch (rounded up to 8; 0 = the default, sized to stay in L2).
  void set_batch_vectors(size_t vectors);

  size_t num_inputs() const { return net_.inputs.size(); }
  size_t num_outputs() const { return net_.outputs.size(); }
  /// Nodes evaluated per block (live, not constant).
  size_t evaluated_nodes() const;

 private:
  void records_from(const detail::many_input& in, size_t count, uint32_t* values, uint32_t* known, size_t words) const;

  const Network& net_;
  // evaluate_many's plan (batch_model.cpp); shared so that copies of the model stay cheap.
  std::shared_ptr<const detail::many_plan> many_;
  bool avx2_ = false;
  size_t batch_vectors_ = 0;
};

}  // namespace lutc::ir
