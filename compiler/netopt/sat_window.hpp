#pragma once
// SAT windows: a bounded part of a LUT network's transitive fanin, encoded on its own. Passes
// that ask "can these signals take values ...?" (fanin reduction) or "are these two signals
// equal?" (the equivalence check) ask a fresh small solver holding the window instead of one
// solver holding the whole network, so a query's cost follows the window, not the network.
// Signals where the window is cut become free variables: that over-approximates what the
// window's signals can do together, so UNSAT in a window is UNSAT in the network (sound); SAT
// proves nothing unless the window holds the whole cone (`cut` false).
#include <cstddef>
#include <cstdint>
#include <vector>

#include "backend/netlist.hpp"
#include "logic/lut_network.hpp"
#include "netopt/sat_solver.hpp"

namespace lutc::netopt {

/// LUTs and adder cells (indices into the netlist's cells) of the transitive fanin of some roots.
struct sat_window {
  std::vector<logic::Signal> luts;  // ascending (topological order)
  std::vector<uint32_t> cells;      // ascending
  bool cut = false;                 // some LUT of the cone was left out
};

/// Windows of one network, reusing their marks between calls.
class WindowCollector {
 public:
  WindowCollector(const logic::LutNetwork& net, const std::vector<backend::ArithCell>& cells);
  /// The transitive fanin of `roots`, level by level from the roots (a cell's output reaches its
  /// cell, whose operand bits join the next level), at most `max_luts` LUTs and `max_cells` cells
  /// (0: no bound; the outputs of cells left out are free, and the window is cut).
  sat_window collect(const std::vector<logic::Signal>& roots, size_t max_luts, size_t max_cells = 0);

 private:
  const logic::LutNetwork& net_;
  const std::vector<backend::ArithCell>& cells_;
  std::vector<int> pi_cell_;  // per primary input: the cell driving it, or -1
  std::vector<uint32_t> seen_, cell_seen_;
  uint32_t stamp_ = 0;
};

/// One window collected on its own.
sat_window collect_window(const logic::LutNetwork& net, const std::vector<backend::ArithCell>& cells,
                          const std::vector<logic::Signal>& roots, size_t max_luts);

/// A fresh solver holding the CNF of windows of one network; a signal gets its variable on first
/// use, so signals outside the windows are free. `var` (by signal, all 0) is borrowed and reset
/// to 0 on destruction, so one vector serves many windows of a large network.
class WindowCnf {
 public:
  explicit WindowCnf(std::vector<int>& var);
  ~WindowCnf();
  WindowCnf(const WindowCnf&) = delete;
  WindowCnf& operator=(const WindowCnf&) = delete;

  /// The variable of signal `s` (fresh and free if not encoded yet).
  int of(logic::Signal s);
  /// Adds the clauses of the window's LUTs and cells.
  void encode(const logic::LutNetwork& net, const std::vector<backend::ArithCell>& cells, const sat_window& w);
  SatSolver& solver() { return sat_; }
  const std::vector<int>& vars() const { return var_; }

 private:
  SatSolver sat_;
  std::vector<int>& var_;
  std::vector<logic::Signal> used_;
};

}  // namespace lutc::netopt
