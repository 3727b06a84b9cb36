#pragma once
// Test vectors for `verify`: every input code when the inputs are few (exhaustive), otherwise
// a deterministic pseudo-random stream; samples from data files are appended in both cases.
// Vectors are addressable by index, so any single one can be regenerated for a report
// without storing the whole set.
#include <cstdint>
#include <string>
#include <vector>

#include "verify/records.hpp"

namespace lutc::verify {

struct vector_params {
  uint64_t random_vectors = 100000;  // used when the input space is larger than the limit
  uint64_t seed = 1;
  int exhaustive_limit_bits = 20;    // exhaustive when total input bits <= this (clamped to 40)
};

/// One step of the splitmix64 generator (Steele, Lea, Flood 2014): advances `state`, returns the output.
uint64_t splitmix64(uint64_t& state);

namespace detail {
/// `v` in hexadecimal with a 0x prefix ("0x2a").
std::string hex(uint64_t v);
}  // namespace detail

class VectorSet {
 public:
  /// Vectors over input ports of the given widths (each <= 64 bits).
  VectorSet(std::vector<int> port_widths, const vector_params& ps);

  /// Appends samples (per-port codes, masked to the port widths) read from `source`; `lines`
  /// (optional, one per sample) are their lines in that file, for reports.
  void add_samples(const std::vector<std::vector<uint64_t>>& samples, const std::string& source,
                   const std::vector<int>& lines = {});

  uint64_t size() const { return generated_ + samples_.size(); }
  bool exhaustive() const { return exhaustive_; }
  uint64_t generated() const { return generated_; }   // exhaustive or random vectors (before samples)
  uint64_t samples() const { return samples_.size(); }
  const std::vector<int>& port_widths() const { return widths_; }

  /// Per-port codes of vector `index` (< size()) into `codes`.
  void codes(uint64_t index, std::vector<uint64_t>& codes) const;
  /// Per-port codes of vectors first .. first + count - 1 (<= size()), vector after vector:
  /// out[v * ports + p] is port p of vector first + v. Same codes as codes(), much cheaper per vector.
  void codes(uint64_t first, uint64_t count, uint64_t* out) const;
  /// Input records of vectors first .. first + count - 1 (<= size()): the codes of codes() packed
  /// by `layout` (which must have one port per input port, of the same widths), layout.words()
  /// words per vector at out[v * layout.words()]. One pass, no codes array in between.
  void records(uint64_t first, uint64_t count, const record_layout& layout, uint32_t* out) const;
  /// Where vector `index` comes from: "exhaustive code 0x2a", "random, seed 1", "data.csv line 7"
  /// (or "data.csv sample 3", 1-based, when lines are unknown).
  std::string origin(uint64_t index) const;

 private:
  /// The splitmix64 state before the first output of random vector `index`.
  uint64_t stream_state(uint64_t index) const;

  std::vector<int> widths_;
  uint64_t seed_ = 1;
  bool exhaustive_ = false;
  uint64_t generated_ = 0;
  std::vector<std::vector<uint64_t>> samples_;
  std::vector<int> lines_;                                 // per sample; 0 = unknown
  std::vector<std::pair<uint64_t, std::string>> sources_;  // (first sample index, file)
};

}  // namespace lutc::verify
