#pragma once
// CNF of a LUT network for SAT queries: one variable per signal, and per LUT the clauses of a
// cube cover of its on-set and off-set (each cube a minterm grown greedily while it stays inside
// its set), so a LUT over k inputs costs at most 2^k clauses and usually far fewer.
#include <cstdint>
#include <vector>

#include "backend/netlist.hpp"
#include "logic/lut_network.hpp"
#include "netopt/sat_solver.hpp"

namespace lutc::netopt {

/// A cube over k <= 6 variables: variable i is in the cube iff bit i of `mask`, with value bit i of `bits`.
struct Cube {
  uint8_t mask = 0;
  uint8_t bits = 0;
};

/// Cubes covering exactly the rows r < 2^k where bit r of `set` is 1.
std::vector<Cube> cube_cover(uint64_t set, int k);

/// Adds the clauses of LUT `init` over `fanin_vars` with output `out_var`.
void encode_lut(SatSolver& sat, uint64_t init, const std::vector<int>& fanin_vars, int out_var);

/// Constrains the output variables of every adder cell (primary inputs of the LUT network, in
/// `var`) to its sum, as ripple-carry full adders over the terms' variables. With `enable` (a
/// variable), the outputs are tied to the sums only under the assumption `enable`.
void encode_cells(SatSolver& sat, const std::vector<backend::ArithCell>& cells, const std::vector<int>& var, int enable = 0);

/// Encodes all of `net`; primary input i is `pi_vars[i]` if given (shared inputs of a miter),
/// else a fresh variable. Returns the variable of every signal (constants included).
std::vector<int> encode_network(SatSolver& sat, const logic::LutNetwork& net, const std::vector<int>* pi_vars = nullptr);

}  // namespace lutc::netopt
