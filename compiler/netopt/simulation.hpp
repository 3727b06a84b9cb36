#pragma once
// Bit-parallel simulation of a LUT network: 64 input patterns per machine word. With adder cells
// (a netlist's `cells`, whose outputs are primary inputs of the LUT network), those inputs are not
// drawn but computed from the cells' operands, LUTs and cells in evaluation order, so patterns
// are ones the netlist can really produce. The first words hold random patterns; later words collect patterns added one at a time (counterexamples that a
// SAT query found), so every later query sees them. Values are signal-major:
// `word(s)[w]` is signal s on patterns 64w .. 64w+63.
#include <cstdint>
#include <vector>

#include "backend/netlist.hpp"
#include "logic/lut_network.hpp"

namespace lutc::netopt {

struct simulation_params {
  int random_words = 64;    // 4096 random patterns
  int extra_words = 64;     // room for 4096 added patterns
  uint64_t seed = 1;
};

class Simulator {
 public:
  /// `net` may change while simulated (passes rewrite LUTs in place) as long as the order of
  /// LUTs and cells stays valid; `cells` must outlive the simulator.
  Simulator(const logic::LutNetwork& net, const simulation_params& ps, const std::vector<backend::ArithCell>& cells = {});

  /// Words holding valid patterns (the last may be partly filled: see valid_mask).
  int words() const { return used_words_; }
  const uint64_t* word(logic::Signal s) const { return &values_[static_cast<size_t>(s) * capacity_]; }
  /// Bits of word w that hold patterns.
  uint64_t valid_mask(int w) const { return w + 1 < used_words_ || fill_ == 0 ? ~0ULL : (1ULL << fill_) - 1; }

  /// Adds one input pattern (`pi_values[i]` for primary input i; cell outputs are recomputed) and
  /// simulates it; false when full.
  bool add_pattern(const std::vector<bool>& pi_values);
  /// Simulates the LUTs `luts` (ascending) again on every pattern, after they were rewritten in
  /// place (LUTs they feed are not updated: callers pass every LUT whose values may change).
  void resimulate(const std::vector<logic::Signal>& luts);
  /// Combinations (bit r: fanin i = bit i of r) the fanins of LUT `s` take on the patterns.
  uint64_t seen_combinations(logic::Signal s) const;

 private:
  void simulate(int first_word, int end_word);
  void simulate_lut(logic::Signal s, int first_word, int end_word);
  void simulate_cell(const backend::ArithCell& c, int first_word, int end_word);

  const logic::LutNetwork& net_;
  const std::vector<backend::ArithCell>& cells_;
  std::vector<backend::NetlistStep> order_;
  int capacity_ = 0, used_words_ = 0, fill_ = 0;  // fill_: patterns in the last word, 0 = full
  std::vector<uint64_t> values_;
};

/// Value on 64 patterns of a LUT with init `init` over `k` fanins whose words are `in[0..k)`.
uint64_t evaluate_lut_word(uint64_t init, int k, const uint64_t* const* in, int w);

}  // namespace lutc::netopt
