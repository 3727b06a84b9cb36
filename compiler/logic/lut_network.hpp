#pragma once
// A K-input LUT network: the result of logic minimization and the netlist that is emitted.
//
// Signals are node indices: 0 is constant 0, 1 is constant 1, then the primary inputs, then
// LUTs in topological order (a LUT's fanins are always earlier signals). A LUT's `init` bit r
// is its output when fanin i carries bit i of r (fanin 0 is the least significant), exactly
// the meaning of a Xilinx LUTn INIT parameter with fanin i on pin I<i>.
#include <cstdint>
#include <string>
#include <vector>

#include "tt/truth_table.hpp"

namespace lutc::logic {

using Signal = uint32_t;

struct Lut {
  std::vector<Signal> fanins;  // at most 6
  uint64_t init = 0;
};

class LutNetwork {
 public:
  static constexpr Signal const0 = 0;
  static constexpr Signal const1 = 1;

  explicit LutNetwork(uint32_t num_pis = 0) : num_pis_(num_pis) {}

  uint32_t num_pis() const { return num_pis_; }
  Signal pi(uint32_t i) const { return 2 + i; }
  bool is_pi(Signal s) const { return s >= 2 && s < 2 + num_pis_; }
  bool is_const(Signal s) const { return s < 2; }
  bool is_lut(Signal s) const { return s >= 2 + num_pis_; }

  /// Adds a LUT and returns its signal; fanins must be existing signals.
  Signal add_lut(std::vector<Signal> fanins, uint64_t init);
  void add_po(Signal s) { pos_.push_back(s); }
  void set_po(size_t i, Signal s) { pos_[i] = s; }

  size_t num_luts() const { return luts_.size(); }
  const Lut& lut(Signal s) const { return luts_[s - 2 - num_pis_]; }
  Lut& lut(Signal s) { return luts_[s - 2 - num_pis_]; }
  Signal lut_signal(size_t index) const { return static_cast<Signal>(2 + num_pis_ + index); }
  const std::vector<Lut>& luts() const { return luts_; }
  const std::vector<Signal>& pos() const { return pos_; }
  size_t num_signals() const { return 2 + num_pis_ + luts_.size(); }

  /// Longest path in LUTs from any input to any output.
  int depth() const;
  /// Truth table of every primary output as a function of the primary inputs (needs num_pis <= 24).
  std::vector<TruthTable> simulate() const;
  /// Evaluates all outputs for one input assignment (bit i of `inputs` = primary input i, num_pis <= 64).
  std::vector<bool> evaluate(const std::vector<bool>& inputs) const;
  /// Removes LUTs that reach no output, and renumbers; returns the number removed.
  size_t remove_dangling();

 private:
  uint32_t num_pis_ = 0;
  std::vector<Lut> luts_;
  std::vector<Signal> pos_;
};

/// Appends a copy of `part` into `into`, with part's primary input i driven by `inputs[i]`;
/// returns the signals in `into` that carry part's primary outputs.
std::vector<Signal> append_network(LutNetwork& into, const LutNetwork& part, const std::vector<Signal>& inputs);

}  // namespace lutc::logic
