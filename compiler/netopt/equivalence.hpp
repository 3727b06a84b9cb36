#pragma once
// Combinational equivalence of two LUT networks over the same primary inputs, by SAT sweeping:
// random simulation first (a difference there is a counterexample at once); then `b` is encoded
// on top of `a`'s CNF LUT by LUT, and a LUT of `b` whose simulation matches a signal of `a` is
// proved equal to it (one small SAT query over `a`'s logic), so it reuses that signal's
// variable (a LUT identical to one of `a`, same function over the same variables, needs no
// query). Compared pairs that end on the same variable are equal; others get a SAT query.
// Passes that keep every signal's function (netopt's) make every query local and easy.
#include <cstddef>
#include <vector>

#include "backend/netlist.hpp"
#include "logic/lut_network.hpp"

namespace lutc::netopt {

struct equivalence_params {
  int random_words = 64;        // 4096 random patterns before any SAT query
  int conflict_limit = 100000;  // per compared pair; beyond it the pair counts as undecided
  int match_conflict_limit = 100000;  // per query matching a LUT of b to a signal of a; beyond it
                                      // the LUT keeps its own variable (the pairs may still be proved)
  int tied_match_conflict_limit = 10000;  // the same with adder-cell sums tied (arithmetic in the
                                          // CNF: a hybrid model's CMVM graph makes these hard)
};

enum class Equivalence { equal, different, undecided };

struct equivalence_stats {
  size_t pairs = 0;
  size_t pairs_by_structure = 0;  // proved equal by sweeping (the same variable on both sides)
  size_t luts_matched = 0;        // LUTs of b proved equal to a signal of a
  size_t luts_by_structure = 0;   // of them, LUTs equal to a LUT of a (function and fanins): no query
  size_t sat_calls = 0;
};

/// Adder cells (`a_cells`, `b_cells`: outputs are primary inputs) are simulated, and a's are
/// encoded: the inputs they drive are shared, which is sound when the compared signals include
/// every bit the cells read (equal operands, equal sums).
/// Whether signal a_signals[i] of `a` equals b_signals[i] of `b` for every input, for all i.
Equivalence check_equivalence(const logic::LutNetwork& a, const std::vector<logic::Signal>& a_signals,
                              const logic::LutNetwork& b, const std::vector<logic::Signal>& b_signals,
                              const equivalence_params& ps, equivalence_stats* st = nullptr,
                              const std::vector<backend::ArithCell>& a_cells = {},
                              const std::vector<backend::ArithCell>& b_cells = {});

}  // namespace lutc::netopt
