#include "netopt/resubstitution.hpp"

#include <algorithm>
#include <chrono>

#include "netopt/lut_cnf.hpp"
#include "netopt/sat_window.hpp"

namespace lutc::netopt {

using logic::LutNetwork;
using logic::Signal;

namespace detail {

bool functional_on_care(const uint64_t* value, const uint64_t* care, const uint64_t* const* in, int m, int words,
                        uint64_t* table, uint64_t* fixed) {
  uint64_t on1 = 0, on0 = 0;
  uint64_t cls[64];
  for (int w = 0; w < words; ++w) {
    if (!care[w]) continue;
    int n = 1;
    cls[0] = care[w];
    for (int v = 0; v < m; ++v) {  // class r + n: class r with input v at 1
      const uint64_t x = in[v][w];
      for (int r = 0; r < n; ++r) {
        cls[r + n] = cls[r] & x;
        cls[r] &= ~x;
      }
      n <<= 1;
    }
    const uint64_t val = value[w];
    for (int r = 0; r < n; ++r) {
      if (cls[r] & val) on1 |= uint64_t{1} << r;
      if (cls[r] & ~val) on0 |= uint64_t{1} << r;
    }
    if (on1 & on0) return false;
  }
  *table = on1;
  *fixed = on1 | on0;
  return true;
}

namespace {

/// The state of one run: the network, its readers, its simulation.
class Resub {
 public:
  Resub(LutNetwork& net, const std::vector<char>& observed, const resub_params& ps,
        const std::vector<backend::ArithCell>& cells, resub_stats& st)
      : net_(net), observed_(observed), ps_(ps), cells_(cells), st_(st), sim_(net, ps.simulation, cells),
        collector_(net, cells), var_(net.num_signals(), 0), readers_(net.num_signals()), dead_(net.num_signals(), 0),
        mark_(net.num_signals(), 0), win_mark_(net.num_signals(), 0), pos_(net.num_signals(), 0), count_(net.num_signals(), 0) {
    for (size_t i = 0; i < net.num_luts(); ++i)
      for (Signal f : net.luts()[i].fanins) readers_[f].push_back(net.lut_signal(i));
  }

  void run() {
    for (size_t i = 0; i < net_.num_luts() && !out_of_budget(); ++i) {
      Signal n = net_.lut_signal(i);
      if (!dead_[n] && !net_.lut(n).fanins.empty()) visit(n);
    }
  }

 private:
  bool out_of_budget() const {
    return st_.budget_undecided > ps_.max_undecided + st_.budget_calls / std::max<size_t>(ps_.calls_per_undecided, 1);
  }

  bool only_reader(Signal f, Signal n) const {
    return net_.is_lut(f) && !observed_[f] && !dead_[f] && readers_[f].size() == 1 && readers_[f][0] == n;
  }

  /// The maximum fanout-free cone of `f` (f first), at most 64 LUTs.
  std::vector<Signal> mffc(Signal f) {
    std::vector<Signal> cone{f};
    for (size_t q = 0; q < cone.size() && cone.size() < 64; ++q)
      for (Signal g : net_.lut(cone[q]).fanins)
        if (net_.is_lut(g) && !observed_[g] && ++count_[g] == readers_[g].size()) cone.push_back(g);
    for (Signal x : cone)
      for (Signal g : net_.lut(x).fanins) count_[g] = 0;
    return cone;
  }

  /// Fanout window of n (ascending, n first) and its roots.
  void fanout_window(Signal n) {
    ++win_stamp_;
    win_.assign(1, n);
    win_mark_[n] = win_stamp_;
    std::vector<Signal> frontier{n}, next;
    for (int level = 0; level < ps_.tfo_levels && !frontier.empty(); ++level) {
      next.clear();
      for (Signal x : frontier)
        for (Signal y : readers_[x])
          if (win_mark_[y] != win_stamp_ && win_.size() < ps_.tfo_luts) {
            win_mark_[y] = win_stamp_;
            win_.push_back(y);
            next.push_back(y);
          }
      frontier.swap(next);
    }
    std::sort(win_.begin(), win_.end());
    roots_.clear();
    for (size_t p = 0; p < win_.size(); ++p) {
      Signal x = win_[p];
      pos_[x] = static_cast<uint32_t>(p);
      bool root = observed_[x] != 0;
      for (Signal y : readers_[x]) root = root || win_mark_[y] != win_stamp_;
      if (root) roots_.push_back(x);
    }
  }
  bool in_window(Signal s) const { return win_mark_[s] == win_stamp_; }

  /// Patterns where flipping n changes a root.
  void care_set(Signal n) {
    const int words = sim_.words();
    care_.assign(static_cast<size_t>(words), 0);
    if (std::find(roots_.begin(), roots_.end(), n) != roots_.end()) {
      for (int w = 0; w < words; ++w) care_[w] = sim_.valid_mask(w);
      return;
    }
    flip_.assign(win_.size() * static_cast<size_t>(words), 0);
    for (int w = 0; w < words; ++w) flip_[w] = ~sim_.word(n)[w];
    const uint64_t* in[6];
    for (size_t p = 1; p < win_.size(); ++p) {
      const logic::Lut& l = net_.lut(win_[p]);
      const int k = static_cast<int>(l.fanins.size());
      for (int j = 0; j < k; ++j)
        in[j] = in_window(l.fanins[j]) ? &flip_[pos_[l.fanins[j]] * static_cast<size_t>(words)] : sim_.word(l.fanins[j]);
      for (int w = 0; w < words; ++w) flip_[p * words + w] = evaluate_lut_word(l.init, k, in, w);
    }
    for (Signal r : roots_)
      for (int w = 0; w < words; ++w) care_[w] |= (flip_[pos_[r] * static_cast<size_t>(words) + w] ^ sim_.word(r)[w]);
    for (int w = 0; w < words; ++w) care_[w] &= sim_.valid_mask(w);
  }

  /// Signals that do not depend on n: its transitive fanin, then LUTs before n reading them.
  void divisors(Signal n) {
    ++stamp_;
    divs_.clear();
    const auto& fanins = net_.lut(n).fanins;
    for (Signal f : fanins) mark_[f] = stamp_;
    std::vector<Signal> frontier(fanins.begin(), fanins.end()), next;
    for (int level = 0; level < ps_.tfi_levels && divs_.size() < ps_.max_divisors; ++level) {
      next.clear();
      for (Signal x : frontier)
        if (net_.is_lut(x))
          for (Signal g : net_.lut(x).fanins)
            if (mark_[g] != stamp_ && !net_.is_const(g) && divs_.size() < ps_.max_divisors) {
              mark_[g] = stamp_;
              divs_.push_back(g);
              next.push_back(g);
            }
      frontier.swap(next);
    }
    if (!cells_.empty()) return;  // a cell's output may depend on n: only n's fanin cone is safe
    std::vector<Signal> base(fanins.begin(), fanins.end());
    base.insert(base.end(), divs_.begin(), divs_.end());
    for (Signal t : base)
      for (Signal u : readers_[t])
        if (u < n && mark_[u] != stamp_ && divs_.size() < ps_.max_divisors) {
          mark_[u] = stamp_;
          divs_.push_back(u);
        }
  }

  /// Proves by SAT that n may become `table` over `support` (tightening `table` on combinations
  /// the simulation did not fix); false if disproved or undecided.
  bool prove(Signal n, const std::vector<Signal>& support, uint64_t& table, uint64_t fixed) {
    std::vector<Signal> roots = roots_;
    roots.insert(roots.end(), support.begin(), support.end());
    roots.push_back(n);
    const sat_window w = collector_.collect(roots, ps_.window_luts, ps_.window_cells);
    WindowCnf cnf(var_);
    cnf.encode(net_, cells_, w);
    SatSolver& sat = cnf.solver();
    const int m = static_cast<int>(support.size());
    std::vector<int> sv;
    for (Signal s : support) sv.push_back(cnf.of(s));
    const int g = sat.new_var();
    std::vector<int> tv(size_t{1} << m);
    for (int r = 0; r < (1 << m); ++r) {
      tv[r] = sat.new_var();
      std::vector<int> c;
      for (int v = 0; v < m; ++v) c.push_back(((r >> v) & 1) ? -sv[v] : sv[v]);
      c.push_back(-tv[r]);
      c.push_back(g);
      sat.add_clause(c);
      c[c.size() - 2] = tv[r];
      c.back() = -g;
      sat.add_clause(c);
    }
    // The fanout window again, with n replaced by g; some root must differ.
    std::vector<int> copy(win_.size());
    copy[0] = g;
    std::vector<int> fv;
    for (size_t p = 1; p < win_.size(); ++p) {
      const logic::Lut& l = net_.lut(win_[p]);
      fv.clear();
      for (Signal f : l.fanins) fv.push_back(in_window(f) ? copy[pos_[f]] : cnf.of(f));
      copy[p] = sat.new_var();
      encode_lut(sat, l.init, fv, copy[p]);
    }
    std::vector<int> any;
    for (Signal r : roots_) {
      const int d = sat.new_var(), a = cnf.of(r), b = copy[pos_[r]];
      sat.add_clause({-d, a, b});
      sat.add_clause({-d, -a, -b});
      any.push_back(d);
    }
    sat.add_clause(any);
    const int nv = cnf.of(n);
    for (int iter = 0; iter <= (1 << m); ++iter) {
      std::vector<int> assume;
      for (int r = 0; r < (1 << m); ++r) assume.push_back(((table >> r) & 1) ? tv[r] : -tv[r]);
      ++st_.sat_calls;
      const bool counted = !ps_.budget_cells_only || !w.cells.empty();
      st_.budget_calls += counted;
      SatResult res = sat.solve(assume, ps_.conflict_limit);
      if (res == SatResult::unsat) return true;
      if (res == SatResult::unknown) {
        ++st_.sat_undecided;
        st_.budget_undecided += counted;
        return false;
      }
      {  // its primary inputs (free ones at 0) are a real pattern, near a counterexample if the window is cut
        std::vector<bool> pattern(net_.num_pis());
        for (uint32_t p = 0; p < net_.num_pis(); ++p) pattern[p] = var_[net_.pi(p)] && sat.value(var_[net_.pi(p)]);
        if (sim_.add_pattern(pattern)) ++st_.patterns_added;
      }
      unsigned r = 0;
      for (int v = 0; v < m; ++v)
        if (sat.value(sv[v])) r |= 1u << v;
      const uint64_t bit = uint64_t{1} << r;
      const bool value = sat.value(nv);
      if ((fixed & bit) || (((table & bit) != 0) == value)) break;
      table = value ? table | bit : table & ~bit;
      fixed |= bit;
    }
    ++st_.rejected;
    return false;
  }

  void release(Signal s) {
    if (!net_.is_lut(s) || observed_[s] || dead_[s] || !readers_[s].empty()) return;
    dead_[s] = 1;
    ++st_.luts_freed;
    for (Signal g : net_.lut(s).fanins) {
      auto& r = readers_[g];
      r.erase(std::find(r.begin(), r.end(), s));
      release(g);
    }
  }

  /// n reads `support` and computes `table` over it.
  void rewrite(Signal n, std::vector<Signal> support, uint64_t table) {
    // Drop inputs the table does not depend on.
    for (int v = static_cast<int>(support.size()); v-- > 0;) {
      const int m = static_cast<int>(support.size());
      uint64_t lo = 0, hi = 0;
      for (int r = 0, j = 0; r < (1 << m); ++r)
        if (!((r >> v) & 1)) {
          lo |= ((table >> r) & 1) << j;
          hi |= ((table >> (r | (1 << v))) & 1) << j;
          ++j;
        }
      if (lo != hi) continue;
      support.erase(support.begin() + v);
      table = lo;
    }
    logic::Lut& lut = net_.lut(n);
    const std::vector<Signal> old = lut.fanins;
    for (Signal f : old) {
      auto& r = readers_[f];
      r.erase(std::find(r.begin(), r.end(), n));
    }
    for (Signal f : support) readers_[f].push_back(n);
    lut.fanins = support;
    lut.init = table & logic::word_mask(static_cast<int>(support.size()));
    ++st_.resubs;
    for (Signal f : old) release(f);
    sim_.resimulate(win_);
  }

  void visit(Signal n) {
    const std::vector<Signal> fanins = net_.lut(n).fanins;
    std::vector<std::vector<Signal>> cones;
    for (Signal f : fanins)
      if (only_reader(f, n)) cones.push_back(mffc(f));
    if (cones.empty() && !ps_.buffers) return;
    ++st_.luts_tried;
    std::stable_sort(cones.begin(), cones.end(), [](const auto& a, const auto& b) { return a.size() > b.size(); });
    fanout_window(n);
    care_set(n);
    divisors(n);
    const int words = sim_.words();
    int proofs = 0;
    if (ps_.buffers && !(fanins.size() == 1 && net_.lut(n).init == 0b10)) {
      // n itself goes if it equals a signal (or a constant) on its care set: its readers read that.
      std::vector<Signal> cand(fanins.begin(), fanins.end());
      cand.insert(cand.end(), divs_.begin(), divs_.end());
      const uint64_t* in[1];
      for (size_t i = 0; i <= cand.size() && proofs < ps_.max_proofs; ++i) {
        uint64_t table = 0, fixed = 0;
        if (i < cand.size()) in[0] = sim_.word(cand[i]);
        if (!functional_on_care(sim_.word(n), care_.data(), in, i < cand.size() ? 1 : 0, words, &table, &fixed)) continue;
        if (i < cand.size() && table != (fixed & 0b10)) continue;  // not a buffer
        ++st_.candidates;
        ++proofs;
        std::vector<Signal> s;
        if (i < cand.size()) s.push_back(cand[i]);
        table = i < cand.size() ? 0b10 : table;
        if (!prove(n, s, table, i < cand.size() ? 0b11 : 0b1)) continue;
        rewrite(n, std::move(s), table);
        ++st_.buffers;
        return;
      }
    }
    for (const auto& cone : cones) {
      const Signal f = cone[0];
      ++stamp_;
      for (Signal x : cone) mark_[x] = stamp_;
      std::vector<Signal> support;
      const uint64_t* in[6];
      for (Signal x : fanins)
        if (x != f) {
          in[support.size()] = sim_.word(x);
          support.push_back(x);
        }
      const int m = static_cast<int>(support.size());
      // No divisor first (f alone is not needed), then each divisor outside f's cone.
      auto attempt = [&](int inputs, std::vector<Signal> s) {
        uint64_t table = 0, fixed = 0;
        if (!functional_on_care(sim_.word(n), care_.data(), in, inputs, words, &table, &fixed)) return false;
        ++st_.candidates;
        ++proofs;
        if (!prove(n, s, table, fixed)) return false;
        rewrite(n, std::move(s), table);
        return true;
      };
      auto usable = [&](Signal d) { return mark_[d] != stamp_; };
      if (attempt(m, support)) return;
      for (size_t di = 0; di < divs_.size() && proofs < ps_.max_proofs && m + 1 <= ps_.lut_size; ++di) {
        const Signal d = divs_[di];
        if (!usable(d)) continue;
        in[m] = sim_.word(d);
        std::vector<Signal> s = support;
        s.push_back(d);
        if (attempt(m + 1, s)) return;
      }
      // Two divisors: the first telling apart most pairs of care patterns the others do not.
      if (m + 2 > ps_.lut_size || proofs >= ps_.max_proofs) continue;
      std::vector<std::pair<uint64_t, Signal>> scored;
      for (Signal d : divs_)
        if (usable(d))
          if (uint64_t sc = separated_pairs(sim_.word(n), in, m, sim_.word(d), words)) scored.push_back({sc, d});
      std::sort(scored.begin(), scored.end(), [](const auto& a, const auto& b) { return a.first > b.first; });
      for (size_t i = 0; i < scored.size() && i < ps_.first_divisors && proofs < ps_.max_proofs; ++i) {
        const Signal d1 = scored[i].second;
        in[m] = sim_.word(d1);
        for (size_t dj = 0; dj < divs_.size() && proofs < ps_.max_proofs; ++dj) {
          const Signal d2 = divs_[dj];
          if (d2 == d1 || !usable(d2)) continue;
          in[m + 1] = sim_.word(d2);
          std::vector<Signal> s = support;
          s.push_back(d1);
          s.push_back(d2);
          if (attempt(m + 2, s)) return;
        }
      }
    }
  }

  /// Pairs of care patterns that agree on `in[0..m)` but not on `value`, told apart by `d`.
  uint64_t separated_pairs(const uint64_t* value, const uint64_t* const* in, int m, const uint64_t* d, int words) const {
    uint64_t c[64][4] = {};
    uint64_t cls[64];
    for (int w = 0; w < words; ++w) {
      if (!care_[w]) continue;
      int n = 1;
      cls[0] = care_[w];
      for (int v = 0; v < m; ++v) {
        const uint64_t x = in[v][w];
        for (int r = 0; r < n; ++r) {
          cls[r + n] = cls[r] & x;
          cls[r] &= ~x;
        }
        n <<= 1;
      }
      const uint64_t val = value[w], dv = d[w];
      for (int r = 0; r < n; ++r) {
        if (!cls[r]) continue;
        c[r][0] += __builtin_popcountll(cls[r] & val & dv);
        c[r][1] += __builtin_popcountll(cls[r] & val & ~dv);
        c[r][2] += __builtin_popcountll(cls[r] & ~val & dv);
        c[r][3] += __builtin_popcountll(cls[r] & ~val & ~dv);
      }
    }
    uint64_t sum = 0;
    for (int r = 0; r < (1 << m); ++r) sum += c[r][0] * c[r][3] + c[r][1] * c[r][2];
    return sum;
  }

  LutNetwork& net_;
  const std::vector<char>& observed_;
  const resub_params& ps_;
  const std::vector<backend::ArithCell>& cells_;
  resub_stats& st_;
  Simulator sim_;
  WindowCollector collector_;
  std::vector<int> var_;
  std::vector<std::vector<Signal>> readers_;  // live LUTs reading each signal
  std::vector<char> dead_;
  std::vector<uint32_t> mark_, win_mark_, pos_, count_;
  uint32_t stamp_ = 0, win_stamp_ = 0;
  std::vector<Signal> win_, roots_, divs_;
  std::vector<uint64_t> care_, flip_;
};

}  // namespace
}  // namespace detail

resub_stats resubstitute(LutNetwork& net, const std::vector<char>& observed, const resub_params& ps,
                         const std::vector<backend::ArithCell>& cells) {
  auto t0 = std::chrono::steady_clock::now();
  resub_stats st;
  detail::Resub(net, observed, ps, cells, st).run();
  st.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  return st;
}

}  // namespace lutc::netopt
