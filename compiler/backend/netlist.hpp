#pragma once
// The compiled design handed to the backends: one flat K-LUT network plus what emission,
// pipelining, verification and reporting need to know about its ports and layers.
//
// Port bit order: the network's primary inputs are all input-port bits, port 0 first and each
// port least significant bit first; its primary outputs likewise for the output ports.
#include <cstdint>
#include <string>
#include <vector>

#include "logic/lut_network.hpp"

namespace lutc::backend {

struct Port {
  std::string name;  // a legal Verilog identifier
  int width = 0;
};

/// One operand of an adder cell: `bits` (LSB first) sign- or zero-extended, shifted left by
/// `shift`, added or (negate) subtracted.
struct ArithTerm {
  std::vector<logic::Signal> bits;
  bool is_signed = false;
  int shift = 0;
  bool negate = false;
  bool operator==(const ArithTerm&) const = default;
};

/// A typed adder cell: its output is bits [lo, lo + width) of the exact two's-complement value
/// sum(terms) + constant. Emitted as Verilog `+`/`-` so synthesis maps it onto carry chains.
/// Its output bits are primary inputs first_pi .. first_pi + width - 1 of the LUT network
/// (after all input-port bits), so LUTs read them like any other signal.
struct ArithCell {
  std::vector<ArithTerm> terms;
  int64_t constant = 0;
  int lo = 0;
  int width = 0;
  uint32_t first_pi = 0;
  int layer = 0;               // 1-based layer of the IR node it implements
  bool operator==(const ArithCell&) const = default;
};

struct Netlist {
  std::string top = "lutc_top";     // Verilog module name
  std::vector<Port> inputs;
  std::vector<Port> outputs;
  logic::LutNetwork luts;
  std::vector<int> lut_layer;       // per LUT (same index as luts.luts()): 1-based neuron layer
  int num_layers = 0;               // deepest layer of any LUT
  std::vector<ArithCell> cells;     // in dependency order; their outputs are LUT-network inputs after the ports

  /// Bits of all input ports (the LUT network's first primary inputs).
  uint32_t port_input_bits() const;
};

/// Value of a cell given the values of its input signals (`signal_value(s)`), before slicing:
/// the exact sum as a 128-bit two's-complement integer.
__int128 cell_sum(const ArithCell& c, const std::vector<char>& signal_values);

/// The signal term `t` adds at sum position `p` (before negation): const0 below its shift and
/// above an unsigned term, its sign bit above a signed one.
logic::Signal term_bit(const ArithTerm& t, int p);

/// Low sum positions of `c` below `limit` where at most one source (a term bit or a constant bit)
/// is non-zero and it is not a negated term: there the sum bit is that source and no carry is produced.
int peelable_low_bits(const ArithCell& c, int limit);

/// Sum bit `p` of a cell below its peelable limit: its only source, or 0.
logic::Signal peeled_bit(const ArithCell& c, int p);

/// The cell's sum divided by 2^k, when its k low positions produce no carry: terms lose their
/// bits below k (a signed term keeps at least its sign bit), the constant its low bits.
void shift_down(ArithCell& c, int k);

/// True for a cell the Xilinx writer emits as an explicit CARRY4 chain (carry_chain.hpp), at most
/// 64 bits: two terms, at most one negated, a constant of 0 or 1 (0 when a term is negated); or
/// one term, not negated, plus a non-zero constant; or three terms whose constant plus the number
/// of negated terms is 0, 1 or 2.
bool explicit_carry_cell(const ArithCell& c);

/// Per signal: how many times it is read by LUTs (each fanin), adder cells (each sum position
/// below lo + width where a term adds it) and output ports. `live` (per signal, optional) limits
/// the LUTs counted to those marked.
std::vector<int> signal_readers(const Netlist& nl, const std::vector<char>* live = nullptr);

/// One step of computing a netlist: LUT `index` (of luts.luts()) or adder cell `index`.
struct NetlistStep {
  bool is_cell = false;
  uint32_t index = 0;
  bool operator==(const NetlistStep&) const = default;
};

/// For each LUT-network primary input: the adder cell driving it, or -1 for an input-port bit.
std::vector<int> cell_of_input(const Netlist& nl);

/// Every LUT and cell once, each after the steps it reads. (LUT order alone is not enough: a
/// cell's outputs are primary inputs, read by LUTs placed before the LUTs the cell reads.)
std::vector<NetlistStep> evaluation_order(const Netlist& nl);

/// Runs a netlist on many samples: the evaluation order is worked out once.
class PortEvaluator {
 public:
  explicit PortEvaluator(const Netlist& nl);
  /// Per-input-port codes in, per-output-port codes out.
  std::vector<uint64_t> operator()(const std::vector<uint64_t>& input_codes);

 private:
  const Netlist& nl_;
  std::vector<NetlistStep> order_;
  std::vector<char> value_;
};

/// What the output ports need: signals (per LUT-network signal) and adder cells.
struct NetlistLiveness {
  std::vector<char> signal;
  std::vector<char> cell;
};
NetlistLiveness liveness(const Netlist& nl);

/// Removes LUTs that reach no output port and no live adder cell, renumbering the signals in LUTs,
/// cells and outputs (LUT order and layers are kept; dead cells stay, their outputs numbered).
/// Only the first `keep_pis` primary inputs are kept (ports and the cell outputs in use).
void remove_unused_luts(Netlist& nl, uint32_t keep_pis = UINT32_MAX);

/// Runs the netlist on one sample: per-input-port codes in, per-output-port codes out.
std::vector<uint64_t> evaluate_ports(const Netlist& nl, const std::vector<uint64_t>& input_codes);

/// Pipeline stage of a LUT in layer `layer` when registers follow every `every` layers (every > 0).
inline int pipeline_stage(int layer, int every) { return layer <= 0 ? 0 : (layer - 1) / every; }
/// Register ranks for a design of `num_layers` layers: ceil(num_layers / every), 0 if every == 0.
inline int pipeline_latency(int num_layers, int every) {
  return every <= 0 ? 0 : (num_layers + every - 1) / every;
}

}  // namespace lutc::backend
