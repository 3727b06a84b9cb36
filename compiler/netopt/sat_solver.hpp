#pragma once
// A small incremental SAT interface over CaDiCaL (Debian's libcadical-dev), so the rest of
// netopt neither includes the solver's header nor depends on its API. Literals are DIMACS-style
// integers: variable v > 0, its negation -v.
#include <cstdint>
#include <memory>
#include <vector>

namespace lutc::netopt {

enum class SatResult { sat, unsat, unknown };

class SatSolver {
 public:
  SatSolver();
  ~SatSolver();
  SatSolver(const SatSolver&) = delete;
  SatSolver& operator=(const SatSolver&) = delete;

  /// A fresh variable (1, 2, ...).
  int new_var();
  void add_clause(const std::vector<int>& lits);
  /// Solves under `assumptions`; gives up (unknown) after `conflict_limit` conflicts (< 0: none).
  SatResult solve(const std::vector<int>& assumptions, int conflict_limit = -1);
  /// Value of variable `var` in the last satisfying assignment.
  bool value(int var) const;

  uint64_t calls() const { return calls_; }

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
  int vars_ = 0;
  uint64_t calls_ = 0;
};

}  // namespace lutc::netopt
