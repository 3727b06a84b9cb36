#include "netopt/sat_solver.hpp"

#include <cadical.hpp>

namespace lutc::netopt {

struct SatSolver::Impl {
  CaDiCaL::Solver solver;
};

SatSolver::SatSolver() : impl_(std::make_unique<Impl>()) {
  // netopt asks many small incremental queries: CaDiCaL's pre- and inprocessing (elimination,
  // subsumption, vivification, probing) and its lucky phases each sweep the whole clause
  // database and took most of the time on 16k-LUT networks; plain CDCL answers the same queries.
  impl_->solver.set("quiet", 1);
  impl_->solver.configure("plain");
  impl_->solver.set("lucky", 0);
}
SatSolver::~SatSolver() = default;

int SatSolver::new_var() { return ++vars_; }

void SatSolver::add_clause(const std::vector<int>& lits) {
  for (int l : lits) impl_->solver.add(l);
  impl_->solver.add(0);
}

SatResult SatSolver::solve(const std::vector<int>& assumptions, int conflict_limit) {
  ++calls_;
  for (int a : assumptions) impl_->solver.assume(a);
  impl_->solver.limit("conflicts", conflict_limit);
  int r = impl_->solver.solve();
  return r == 10 ? SatResult::sat : r == 20 ? SatResult::unsat : SatResult::unknown;
}

bool SatSolver::value(int var) const { return impl_->solver.val(var) > 0; }

}  // namespace lutc::netopt
