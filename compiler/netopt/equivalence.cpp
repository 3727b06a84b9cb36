#include "netopt/equivalence.hpp"

#include <stdexcept>
#include <string>
#include <unordered_map>
#include <vector>

#include "netopt/lut_cnf.hpp"
#include "netopt/sat_solver.hpp"
#include "netopt/sat_window.hpp"
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

/// A LUT's init and fanins as a hash key.
std::string structure(uint64_t init, const std::vector<Signal>& fanins) {
  std::string key(reinterpret_cast<const char*>(&init), sizeof init);
  key.append(reinterpret_cast<const char*>(fanins.data()), fanins.size() * sizeof(Signal));
  return key;
}

/// Asks whether variables x and y can differ; true when proved equal.
SatResult can_differ(SatSolver& sat, int x, int y, int conflict_limit) {
  int d = sat.new_var();
  sat.add_clause({-d, x, y});
  sat.add_clause({-d, -x, -y});
  SatResult r = sat.solve({d}, conflict_limit);
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
  encode_cells(sat, a_cells, var_a);
  std::unordered_multimap<uint64_t, Signal> by_signature;
  for (Signal x = 0; x < a.num_signals(); ++x) by_signature.emplace(detail::signature(sim_a, x), x);

  // A LUT of b with a LUT's init over signals already proved equal to that LUT's fanins is that
  // LUT: the passes leave most LUTs so, and these need no query.
  std::unordered_map<std::string, Signal> a_by_structure;
  for (size_t i = 0; i < a.num_luts(); ++i) a_by_structure.emplace(detail::structure(a.luts()[i].init, a.luts()[i].fanins), a.lut_signal(i));
  constexpr Signal none = ~Signal{0};
  std::vector<Signal> a_of_b(b.num_signals(), none);  // the signal of a each signal of b is proved equal to
  std::vector<int> var_b(b.num_signals());
  for (Signal x = 0; x < 2 + b.num_pis(); ++x) {
    var_b[x] = var_a[x];
    a_of_b[x] = x;
  }
  std::vector<Signal> a_fanins;
  WindowCollector collector(a, a_cells);
  std::vector<int> window_var(a.num_signals(), 0);
  for (size_t i = 0; i < b.num_luts(); ++i) {
    Signal n = b.lut_signal(i);
    const logic::Lut& l = b.luts()[i];
    a_fanins.clear();
    for (Signal f : l.fanins)
      if (a_of_b[f] != none) a_fanins.push_back(a_of_b[f]);
    if (a_fanins.size() == l.fanins.size()) {
      auto same = a_by_structure.find(detail::structure(l.init, a_fanins));
      if (same != a_by_structure.end()) {
        var_b[n] = var_a[same->second];
        a_of_b[n] = same->second;
        ++s.luts_matched;
        ++s.luts_by_structure;
        continue;
      }
    }
    std::vector<int> fv;
    for (Signal f : l.fanins) fv.push_back(var_b[f]);
    int z = sat.new_var();
    encode_lut(sat, l.init, fv, z);
    var_b[n] = z;
    auto range = by_signature.equal_range(detail::signature(sim_b, n));
    for (auto it = range.first; it != range.second; ++it) {
      if (!detail::same_values(sim_a, it->second, sim_b, n)) continue;
      if (ps.window_luts && a_fanins.size() == l.fanins.size()) {
        // n is its init over signals of a: ask whether it can differ from it->second in a window.
        std::vector<Signal> roots = a_fanins;
        roots.push_back(it->second);
        WindowCnf cnf(window_var);
        cnf.encode(a, a_cells, collector.collect(roots, ps.window_luts));
        std::vector<int> wfv;
        for (Signal f : a_fanins) wfv.push_back(cnf.of(f));
        const int wz = cnf.solver().new_var();
        encode_lut(cnf.solver(), l.init, wfv, wz);
        ++s.sat_calls;
        if (detail::can_differ(cnf.solver(), wz, cnf.of(it->second), ps.window_conflict_limit) == SatResult::unsat) {
          var_b[n] = var_a[it->second];
          a_of_b[n] = it->second;
          ++s.luts_matched;
          ++s.luts_by_window;
          break;
        }
      }
      ++s.sat_calls;
      if (detail::can_differ(sat, z, var_a[it->second], ps.conflict_limit) == SatResult::unsat) {
        var_b[n] = var_a[it->second];
        a_of_b[n] = it->second;
        ++s.luts_matched;
        break;
      }
    }
  }

  bool undecided = false;
  for (size_t i = 0; i < a_signals.size(); ++i) {
    int x = var_a[a_signals[i]], y = var_b[b_signals[i]];
    if (x == y) {
      ++s.pairs_by_structure;
      continue;
    }
    ++s.sat_calls;
    SatResult r = detail::can_differ(sat, x, y, ps.conflict_limit);
    if (r == SatResult::sat) return Equivalence::different;
    if (r == SatResult::unknown) undecided = true;
  }
  return undecided ? Equivalence::undecided : Equivalence::equal;
}

}  // namespace lutc::netopt
