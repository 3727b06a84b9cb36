#include "netopt/equivalence.hpp"

#include <algorithm>
#include <map>
#include <stdexcept>
#include <unordered_map>

#include "netopt/lut_cnf.hpp"
#include "netopt/sat_solver.hpp"
#include "netopt/simulation.hpp"

namespace lutc::netopt {

using logic::LutNetwork;
using logic::Signal;

namespace detail {

uint64_t signature(const Simulator& sim, Signal s) {
  uint64_t h = 1469598103934665603ULL;
  for (int w = 0; w < sim.words(); ++w) h = (h ^ sim.word(s)[w]) * 1099511628211ULL;
  return h;
}

bool same_values(const Simulator& a, Signal x, const Simulator& b, Signal y) {
  for (int w = 0; w < a.words(); ++w)
    if (a.word(x)[w] != b.word(y)[w]) return false;
  return true;
}

/// A LUT's function and the variables of its fanins: equal keys, equal signals.
std::vector<uint64_t> structure_key(const logic::Lut& l, const std::vector<int>& var) {
  std::vector<uint64_t> key{l.init};
  for (Signal f : l.fanins) key.push_back(static_cast<uint64_t>(static_cast<uint32_t>(var[f])));
  return key;
}

/// Asks whether variables x and y can differ (unsat: proved equal). With `cells_on` (the
/// literal that ties adder-cell outputs to their sums) it first asks with the cells' outputs
/// free: a LUT that only ABC or absorption changed is equal for every cell output, an easy proof
/// without the arithmetic; only changes that rely on what the sums can be need the cells.
SatResult can_differ(SatSolver& sat, int x, int y, int conflict_limit, int cells_on, int tied_conflict_limit) {
  int d = sat.new_var();
  sat.add_clause({-d, x, y});
  sat.add_clause({-d, -x, -y});
  SatResult r = SatResult::unknown;
  if (cells_on) r = sat.solve({d, -cells_on}, conflict_limit);
  if (r != SatResult::unsat)
    r = cells_on ? sat.solve({d, cells_on}, std::min(conflict_limit, tied_conflict_limit)) : sat.solve({d}, conflict_limit);
  sat.add_clause({-d});
  return r;
}

}  // namespace detail

Equivalence check_equivalence(const LutNetwork& a, const std::vector<Signal>& a_signals, const LutNetwork& b,
                              const std::vector<Signal>& b_signals, const equivalence_params& ps, equivalence_stats* st,
                              const std::vector<backend::ArithCell>& a_cells, const std::vector<backend::ArithCell>& b_cells) {
  if (a.num_pis() != b.num_pis() || a_signals.size() != b_signals.size())
    throw std::logic_error("check_equivalence: the networks' inputs or compared signals differ in number");
  equivalence_stats local;
  equivalence_stats& s = st ? *st : local;
  s.pairs = a_signals.size();

  simulation_params sp;
  sp.random_words = ps.random_words;
  sp.extra_words = 0;
  Simulator sim_a(a, sp, a_cells), sim_b(b, sp, b_cells);  // same seed and input count: the same patterns
  for (size_t i = 0; i < a_signals.size(); ++i)
    if (!detail::same_values(sim_a, a_signals[i], sim_b, b_signals[i])) return Equivalence::different;

  SatSolver sat;
  const std::vector<int> var_a = encode_network(sat, a, nullptr);
  const int cells_on = a_cells.empty() ? 0 : sat.new_var();
  encode_cells(sat, a_cells, var_a, cells_on);
  std::unordered_multimap<uint64_t, Signal> by_signature;
  for (Signal x = 0; x < a.num_signals(); ++x) by_signature.emplace(detail::signature(sim_a, x), x);

  // a's LUTs by function and fanin variables: a LUT of b that the passes left as it was (most
  // of them) takes its twin's variable without a query. The queries are for the LUTs a pass
  // changed; with adder cells in the CNF each one can be slow.
  std::map<std::vector<uint64_t>, int> a_by_structure;
  for (size_t i = 0; i < a.num_luts(); ++i)
    a_by_structure.emplace(detail::structure_key(a.luts()[i], var_a), var_a[a.lut_signal(i)]);

  std::vector<int> var_b(b.num_signals());
  for (Signal x = 0; x < 2 + b.num_pis(); ++x) var_b[x] = var_a[x];
  for (size_t i = 0; i < b.num_luts(); ++i) {
    Signal n = b.lut_signal(i);
    const logic::Lut& l = b.luts()[i];
    if (auto twin = a_by_structure.find(detail::structure_key(l, var_b)); twin != a_by_structure.end()) {
      var_b[n] = twin->second;
      ++s.luts_matched;
      ++s.luts_by_structure;
      continue;
    }
    std::vector<int> fv;
    for (Signal f : l.fanins) fv.push_back(var_b[f]);
    int z = sat.new_var();
    encode_lut(sat, l.init, fv, z);
    var_b[n] = z;
    auto range = by_signature.equal_range(detail::signature(sim_b, n));
    for (auto it = range.first; it != range.second; ++it) {
      if (!detail::same_values(sim_a, it->second, sim_b, n)) continue;
      ++s.sat_calls;
      SatResult r = detail::can_differ(sat, z, var_a[it->second], ps.match_conflict_limit, cells_on, ps.tied_match_conflict_limit);
      if (r == SatResult::unsat) {
        var_b[n] = var_a[it->second];
        ++s.luts_matched;
      }
      // A proof or a hard query ends the search (signals simulating alike, such as rarely set
      // ones, can be many); only a counterexample tries the next candidate.
      if (r != SatResult::sat) break;
    }
  }

  for (size_t i = 0; i < a_signals.size(); ++i) {
    int x = var_a[a_signals[i]], y = var_b[b_signals[i]];
    if (x == y) {
      ++s.pairs_by_structure;
      continue;
    }
    ++s.sat_calls;
    SatResult r = detail::can_differ(sat, x, y, ps.conflict_limit, cells_on, ps.conflict_limit);
    if (r == SatResult::sat) return Equivalence::different;
    // One undecided pair decides the answer; the remaining queries would only cost time (with
    // adder cells in the CNF, up to the limit each).
    if (r == SatResult::unknown) return Equivalence::undecided;
  }
  return Equivalence::equal;
}

}  // namespace lutc::netopt
