#pragma once
// Lowering of the arithmetic node kinds: adders (add/sub, shifted sums, constant adds,
// negation) and multiplication (shift-add over AND partial products) become typed adder cells
// of the netlist (Verilog + and -, carry chains after synthesis); quantize is wiring; relu, MSB
// mux and bit operations become small LUTs.
#include <functional>
#include <vector>

#include "backend/netlist.hpp"
#include "ir/network.hpp"

namespace lutc::lower::detail {

using AddLut = std::function<logic::Signal(const std::vector<logic::Signal>&, uint64_t init)>;

/// True for kinds lowered to an adder cell.
bool is_adder_kind(ir::NodeKind k);

/// Output bits of all adder nodes of `net`: at most the cells' outputs (LUT-network primary inputs).
uint32_t adder_cell_bits(const ir::Network& net);

/// The output bits (LSB first, `node.width` of them) of arithmetic node `node`, given the bits of
/// every earlier node. Adder cells are appended to `nl.cells`, their outputs taking LUT-network
/// primary inputs from `next_pi` on; other kinds call `add_lut`.
std::vector<logic::Signal> lower_arithmetic(const ir::Network& net, const ir::Node& node,
                                            const std::vector<std::vector<logic::Signal>>& bits, backend::Netlist& nl,
                                            uint32_t& next_pi, const AddLut& add_lut);

}  // namespace lutc::lower::detail
