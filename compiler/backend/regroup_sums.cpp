#include "backend/regroup_sums.hpp"

#include <algorithm>
#include <climits>
#include <utility>

#include "backend/muxf_remap.hpp"
#include "backend/split_sums.hpp"
#include "util/log.hpp"

namespace lutc::backend {

using logic::LutNetwork;
using logic::Signal;

namespace {

int carry4s(int positions) { return (std::max(positions, 0) + 3) / 4; }

}  // namespace

namespace detail {

namespace {

/// Smallest and largest value of term `t` (before negation), from its bit count alone.
std::pair<__int128, __int128> term_range(const ArithTerm& t) {
  const int m = static_cast<int>(t.bits.size());
  if (m == 0) return {0, 0};
  __int128 lo = t.is_signed ? -(static_cast<__int128>(1) << (m - 1)) : 0;
  __int128 hi = t.is_signed ? (static_cast<__int128>(1) << (m - 1)) - 1 : (static_cast<__int128>(1) << m) - 1;
  return {lo * (static_cast<__int128>(1) << t.shift), hi * (static_cast<__int128>(1) << t.shift)};
}

}  // namespace

void regrouped_terms(const ArithCell& o, const ArithCell& s, int side, int z, ArithCell& inner, ArithTerm& zt) {
  const ArithTerm& t = o.terms[static_cast<size_t>(side)];
  inner = {};
  inner.terms = {o.terms[static_cast<size_t>(1 - side)]};
  for (int i = 0; i < 3; ++i) {
    ArithTerm u = s.terms[static_cast<size_t>(i)];
    u.shift += t.shift;  // s's terms move with its term, and change sign with it
    u.negate = u.negate != t.negate;
    if (i == z)
      zt = u;
    else
      inner.terms.push_back(u);
  }
  inner.constant = o.constant + (t.negate ? -s.constant : s.constant) * (int64_t{1} << t.shift);
  inner.layer = o.layer;
}

bool term_is_exact_sum(const ArithCell& s, const ArithTerm& t, int top) {
  const int n = static_cast<int>(t.bits.size());
  if (s.lo != 0 || n == 0 || n > 100) return false;
  if (top <= t.shift + n) return true;  // t's bits below top are s's bits, as many as are read
  __int128 lo = s.constant, hi = s.constant;
  for (const auto& u : s.terms) {
    if (static_cast<int>(u.bits.size()) + u.shift > 100) return false;
    auto [a, b] = term_range(u);
    if (u.negate) std::swap(a, b), a = -a, b = -b;
    lo += a;
    hi += b;
  }
  if (t.is_signed) return lo >= -(static_cast<__int128>(1) << (n - 1)) && hi < (static_cast<__int128>(1) << (n - 1));
  return lo >= 0 && hi < (static_cast<__int128>(1) << n);
}

}  // namespace detail

void regroup_sums(Netlist& nl, const regroup_sums_params& ps, regroup_sums_stats* st) {
  regroup_sums_stats local;
  regroup_sums_stats& s = st ? *st : local;
  s = {};
  const LutNetwork& net = nl.luts;
  const std::vector<int> readers = signal_readers(nl);
  const std::vector<char> merges = detail::merging_luts(nl, readers);
  std::vector<int> owner(net.num_signals(), -1);  // cell whose output a signal is
  for (size_t c = 0; c < nl.cells.size(); ++c)
    for (int b = 0; b < nl.cells[c].width; ++b) owner[net.pi(nl.cells[c].first_pi + static_cast<uint32_t>(b))] = static_cast<int>(c);

  std::vector<detail::SumRegroup> plan(nl.cells.size());
  std::vector<char> removed(nl.cells.size(), 0);
  for (size_t oc = 0; oc < nl.cells.size(); ++oc) {
    const ArithCell& o = nl.cells[oc];
    if (o.terms.size() != 2 || !explicit_carry_cell(o)) continue;
    const int top = detail::read_top(nl, o, readers);
    if (top == 0) continue;
    int dummy = 0;
    const int peel_o = peelable_low_bits(o, top);
    ArithCell o_shifted = o;
    shift_down(o_shifted, peel_o);
    if (o_shifted.terms.size() != 2) continue;
    const int luts_o = detail::propagate_luts(net, merges, o_shifted.terms[0], o_shifted.terms[1], false, 0, top - peel_o, dummy);
    detail::SumRegroup best;
    double best_gain = 0;
    for (int side = 0; side < 2; ++side) {
      const ArithTerm& t = o.terms[static_cast<size_t>(side)];
      if (t.bits.empty() || owner[t.bits[0]] < 0) continue;
      const int sc = owner[t.bits[0]];
      const ArithCell& sm = nl.cells[static_cast<size_t>(sc)];
      if (removed[static_cast<size_t>(sc)] || sm.terms.size() != 3 || !explicit_carry_cell(sm) || static_cast<int>(t.bits.size()) > sm.width) continue;
      if (t.shift > 8) continue;
      bool whole = true, alone = true;
      for (size_t b = 0; b < t.bits.size() && whole; ++b) whole = t.bits[b] == net.pi(sm.first_pi + static_cast<uint32_t>(b));
      for (int b = 0; b < sm.width && whole && alone; ++b) {
        Signal x = net.pi(sm.first_pi + static_cast<uint32_t>(b));
        int by_o = 0;
        for (int p = 0; p < o.lo + o.width; ++p)
          for (const auto& u : o.terms) by_o += term_bit(u, p) == x ? 1 : 0;
        alone = readers[x] == by_o;
      }
      if (!whole || !alone || !detail::term_is_exact_sum(sm, t, top)) continue;
      // What split_sums would gain on s alone (it then keeps s).
      detail::SumSplit sp = detail::best_split(nl, sm, readers, merges);
      double split_gain = 0;
      if (sp.luts_after != INT_MAX && sp.luts_after < sp.luts_before)
        split_gain = std::max(0.0, sp.luts_before - sp.luts_after - ps.carry4_cost * (sp.carry4_after - sp.carry4_before));
      const int top_s = detail::read_top(nl, sm, readers);
      for (int z = 0; z < 3; ++z) {
        ArithCell inner;
        ArithTerm zt;
        detail::regrouped_terms(o, sm, side, z, inner, zt);
        ArithCell outer;  // its sum term's bits do not matter here
        outer.terms = {ArithTerm{}, zt};
        if (!explicit_carry_cell(inner) || !explicit_carry_cell(outer)) continue;
        const int peel = peelable_low_bits(inner, top);
        if (peel >= top) continue;
        int z_luts = 0;
        for (int p = 0; p < top; ++p) {
          Signal zp = term_bit(zt, p);
          z_luts += !net.is_const(zp) && merges[zp] != 1 ? 1 : 0;
        }
        detail::SumRegroup r;
        r.inner = sc;
        r.side = side;
        r.z = z;
        r.top = top;
        r.luts_before = luts_o + top_s;
        r.luts_after = (top - peel) + z_luts;
        r.carry4_before = carry4s(top - peel_o) + carry4s(top_s);
        r.carry4_after = carry4s(top - peel) + carry4s(top);
        double gain = r.luts_before - r.luts_after - ps.carry4_cost * (r.carry4_after - r.carry4_before) - split_gain;
        if (gain > best_gain) best_gain = gain, best = r;
      }
    }
    if (best.inner < 0) continue;
    plan[oc] = best;
    removed[static_cast<size_t>(best.inner)] = 1;
    ++s.cells;
    s.luts_before += static_cast<size_t>(best.luts_before);
    s.luts_after += static_cast<size_t>(best.luts_after);
    s.carry4_before += static_cast<size_t>(best.carry4_before);
    s.carry4_after += static_cast<size_t>(best.carry4_after);
  }
  if (!s.cells) return;

  // Cell outputs are primary inputs in cell order: a regrouped cell's inner sum comes just before
  // it; an absorbed cell's outputs (read by its regrouped cell alone) go, as do outputs above top.
  std::vector<uint32_t> first(nl.cells.size()), inner_first(nl.cells.size(), 0);
  std::vector<int> peel(nl.cells.size(), 0);
  std::vector<ArithCell> inners(nl.cells.size());
  std::vector<ArithTerm> zs(nl.cells.size());
  uint32_t next_pi = nl.port_input_bits();
  for (size_t c = 0; c < nl.cells.size(); ++c) {
    if (removed[c]) continue;
    if (plan[c].inner >= 0) {
      const ArithCell& o = nl.cells[c];
      const ArithCell& sm = nl.cells[static_cast<size_t>(plan[c].inner)];
      ArithCell& inner = inners[c];
      detail::regrouped_terms(o, sm, plan[c].side, plan[c].z, inner, zs[c]);
      peel[c] = peelable_low_bits(inner, plan[c].top);
      inner_first[c] = next_pi;
      next_pi += static_cast<uint32_t>(plan[c].top - peel[c]);
    }
    first[c] = next_pi;
    next_pi += static_cast<uint32_t>(plan[c].inner >= 0 ? plan[c].top - nl.cells[c].lo : nl.cells[c].width);
  }
  LutNetwork out(next_pi);
  std::vector<Signal> map(net.num_signals(), LutNetwork::const0);  // unread outputs: const0
  for (Signal x = 0; x < 2 + nl.port_input_bits(); ++x) map[x] = x;
  for (size_t c = 0; c < nl.cells.size(); ++c) {
    if (removed[c]) continue;
    const int kept = plan[c].inner >= 0 ? plan[c].top - nl.cells[c].lo : nl.cells[c].width;
    for (int b = 0; b < kept; ++b) map[net.pi(nl.cells[c].first_pi + static_cast<uint32_t>(b))] = out.pi(first[c] + static_cast<uint32_t>(b));
  }
  for (size_t i = 0; i < net.num_luts(); ++i) map[net.lut_signal(i)] = detail::copy_lut(out, net, net.lut_signal(i), map);
  for (auto& inner : inners)
    for (auto& t : inner.terms)
      for (auto& b : t.bits) b = map[b];
  for (auto& z : zs)
    for (auto& b : z.bits) b = map[b];
  std::vector<int> layers = nl.lut_layer;
  detail::finish_rewrite(nl, std::move(out), map, std::move(layers));

  std::vector<ArithCell> cells;
  for (size_t c = 0; c < nl.cells.size(); ++c) {
    if (removed[c]) continue;
    ArithCell cell = nl.cells[c];
    cell.first_pi = first[c];
    if (plan[c].inner < 0) {
      cells.push_back(std::move(cell));
      continue;
    }
    ArithCell inner = std::move(inners[c]);
    ArithTerm sum;  // bits [0, top) of a + x + y
    for (int b = 0; b < peel[c]; ++b) sum.bits.push_back(peeled_bit(inner, b));
    shift_down(inner, peel[c]);
    inner.lo = 0;
    inner.width = plan[c].top - peel[c];
    inner.first_pi = inner_first[c];
    for (int b = 0; b < inner.width; ++b) sum.bits.push_back(nl.luts.pi(inner.first_pi + static_cast<uint32_t>(b)));
    cells.push_back(std::move(inner));
    cell.terms = {sum, zs[c]};
    cell.constant = 0;
    cell.width = plan[c].top - cell.lo;
    cells.push_back(std::move(cell));
  }
  nl.cells = std::move(cells);
  log::info("regroup_sums: " + std::to_string(s.cells) + " two-term sums take in a three-term sum, " + std::to_string(s.luts_before) +
            " adder LUTs -> " + std::to_string(s.luts_after) + ", CARRY4 " + std::to_string(s.carry4_before) + " -> " +
            std::to_string(s.carry4_after));
}

}  // namespace lutc::backend
