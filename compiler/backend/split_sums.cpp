#include "backend/split_sums.hpp"

#include <algorithm>
#include <climits>
#include <utility>

#include "backend/muxf_remap.hpp"
#include "util/log.hpp"

namespace lutc::backend {

using logic::LutNetwork;
using logic::Signal;

namespace detail {

namespace {

bool reads(const LutNetwork& net, Signal x, Signal other) {
  const auto& f = net.lut(x).fanins;
  return std::find(f.begin(), f.end(), other) != f.end();
}

/// Whether position (a, b) of a two-term chain needs a propagate LUT of its own: not when an
/// addend is constant or merges into it (a only when b is not subtracted, as the planner does).
/// `merged` counts the positions where a LUT merges.
bool needs_lut(const LutNetwork& net, const std::vector<char>& merges, Signal a, Signal b, bool negate_b, int& merged) {
  if (net.is_const(a) || net.is_const(b)) return false;
  if ((merges[b] == 1 && !reads(net, b, a)) || (merges[a] == 1 && !negate_b && !reads(net, a, b))) {
    ++merged;
    return false;
  }
  return true;
}

int carry4s(int positions) { return (std::max(positions, 0) + 3) / 4; }

}  // namespace

int exact_positions(const ArithCell& c, bool& is_signed) {
  is_signed = std::any_of(c.terms.begin(), c.terms.end(), [](const ArithTerm& t) { return t.is_signed; });
  int widest = 1;
  for (const auto& t : c.terms) widest = std::max(widest, static_cast<int>(t.bits.size()) + t.shift + (is_signed && !t.is_signed ? 1 : 0));
  return widest + 1;
}

int read_top(const Netlist& nl, const ArithCell& c, const std::vector<int>& readers) {
  for (int b = c.width; b-- > 0;)
    if (readers[nl.luts.pi(c.first_pi + static_cast<uint32_t>(b))] > 0) return c.lo + b + 1;
  return 0;
}

std::vector<char> merging_luts(const Netlist& nl, const std::vector<int>& readers) {
  const LutNetwork& net = nl.luts;
  std::vector<char> emitted(net.num_signals(), 0), absorbed(net.num_signals(), 0);
  for (size_t i = 0; i < net.num_luts(); ++i) emitted[net.lut_signal(i)] = 1;
  const std::vector<int> muxf_level = muxf_levels(nl, emitted, absorbed);
  std::vector<char> merges(net.num_signals(), 0);
  for (size_t i = 0; i < net.num_luts(); ++i) {
    Signal x = net.lut_signal(i);
    if (net.lut(x).fanins.size() <= 5 && muxf_level[x] == 0) merges[x] = readers[x] == 1 ? 1 : 2;
  }
  return merges;
}

int propagate_luts(const LutNetwork& net, const std::vector<char>& merges, const ArithTerm& x, const ArithTerm& y, bool negate_y,
                   int from, int to, int& merged) {
  std::vector<std::pair<Signal, Signal>> pairs;
  int luts = 0;
  for (int p = from; p < to; ++p) {
    Signal a = term_bit(x, p), b = term_bit(y, p);
    if (!needs_lut(net, merges, a, b, negate_y, merged)) continue;
    std::pair<Signal, Signal> ab{std::min(a, b), std::max(a, b)};
    if (std::find(pairs.begin(), pairs.end(), ab) != pairs.end()) continue;
    pairs.push_back(ab);
    ++luts;
  }
  return luts;
}

SumSplit best_split(const Netlist& nl, const ArithCell& c, const std::vector<int>& readers, const std::vector<char>& merges) {
  SumSplit best;
  best.luts_after = INT_MAX;
  if (c.terms.size() != 3 || !explicit_carry_cell(c)) return best;
  int negated = -1, negations = 0;
  for (int i = 0; i < 3; ++i)
    if (c.terms[static_cast<size_t>(i)].negate) negated = i, ++negations;
  // The inner sum takes the constant (0 or 1, as a two-term chain's carry-in); a subtracted term
  // is the outer cell's second addend.
  if (!(negations == 0 && (c.constant == 0 || c.constant == 1)) && !(negations == 1 && c.constant == 0)) return best;
  const int top = read_top(nl, c, readers);
  if (top == 0) return best;
  best.top = top;
  best.luts_before = top;  // one LUT6_2 per position of the ternary chain
  best.carry4_before = carry4s(top);
  const LutNetwork& net = nl.luts;
  // A term's sign LUT that only this cell reads, at several positions: as the outer cell's z it
  // merges at all of them (carry_chain.hpp; the other addend is the inner sum), one LUT fewer.
  int sign_lut[3] = {0, 0, 0};
  for (size_t i = 0; i < 3; ++i) {
    const ArithTerm& t = c.terms[i];
    if (!t.is_signed || t.bits.empty() || merges[t.bits.back()] != 2) continue;
    int positions = 0;
    for (int p = 0; p < c.lo + c.width; ++p)
      for (const auto& u : c.terms) positions += term_bit(u, p) == t.bits.back() ? 1 : 0;
    sign_lut[i] = positions == readers[t.bits.back()] ? 1 : 0;
  }
  for (int last = 0; last < 3; ++last) {
    if (negations == 1 && last != negated) continue;
    SumSplit s = best;
    s.last = last;
    s.first[0] = last == 0 ? 1 : 0;
    s.first[1] = last == 2 ? 1 : 2;
    ArithCell inner;
    inner.terms = {c.terms[static_cast<size_t>(s.first[0])], c.terms[static_cast<size_t>(s.first[1])]};
    inner.constant = c.constant;
    bool is_signed = false;
    s.width = std::min(top, exact_positions(inner, is_signed));
    s.peel = peelable_low_bits(inner, s.width);
    if (s.peel >= s.width) continue;
    ArithCell shifted = inner;
    shift_down(shifted, s.peel);
    if (shifted.terms.size() != 2) continue;
    const ArithTerm& z = c.terms[static_cast<size_t>(last)];
    Signal last_z = LutNetwork::const0;
    int outer = 0;  // s + z: s is the inner cell's output above the peeled positions
    for (int p = 0; p < top; ++p) {
      Signal sp = p < s.peel ? peeled_bit(inner, p) : LutNetwork::const0, zp = term_bit(z, p);
      if (p >= s.width && (!is_signed || zp == last_z)) continue;  // the sign bit again, with the same z bit
      last_z = zp;
      if (p >= s.peel) {
        outer += !net.is_const(zp) && merges[zp] != 1 ? 1 : 0;
        s.merged += !net.is_const(zp) && merges[zp] == 1 ? 1 : 0;
        continue;
      }
      outer += needs_lut(net, merges, sp, zp, z.negate, s.merged) ? 1 : 0;
    }
    s.luts_after = propagate_luts(net, merges, shifted.terms[0], shifted.terms[1], false, 0, s.width - s.peel, s.merged) + outer - sign_lut[last];
    s.carry4_after = carry4s(s.width - s.peel) + carry4s(top);
    if (s.luts_after - s.luts_before < best.luts_after - best.luts_before ||
        (s.luts_after - s.luts_before == best.luts_after - best.luts_before && s.carry4_after < best.carry4_after))
      best = s;
  }
  return best;
}

}  // namespace detail

void split_sums(Netlist& nl, const split_sums_params& ps, split_sums_stats* st) {
  split_sums_stats local;
  split_sums_stats& s = st ? *st : local;
  s = {};
  const LutNetwork& net = nl.luts;
  const std::vector<int> readers = signal_readers(nl);
  const std::vector<char> merges = detail::merging_luts(nl, readers);
  std::vector<detail::SumSplit> plan(nl.cells.size());
  std::vector<char> split(nl.cells.size(), 0);
  for (size_t c = 0; c < nl.cells.size(); ++c) {
    detail::SumSplit p = detail::best_split(nl, nl.cells[c], readers, merges);
    if (p.luts_after == INT_MAX) continue;
    double gain = p.luts_before - p.luts_after - ps.carry4_cost * (p.carry4_after - p.carry4_before);
    if (gain <= 0 || p.luts_after >= p.luts_before) continue;
    plan[c] = p;
    split[c] = 1;
    ++s.cells;
    s.luts_before += static_cast<size_t>(p.luts_before);
    s.luts_after += static_cast<size_t>(p.luts_after);
    s.luts_merged += static_cast<size_t>(p.merged);
    s.carry4_before += static_cast<size_t>(p.carry4_before);
    s.carry4_after += static_cast<size_t>(p.carry4_after);
  }
  if (!s.cells) return;

  // Cell outputs are primary inputs in cell order (netlist.hpp): each inner sum's come just before
  // its cell's, later cells' and all LUTs move up; a split cell's outputs above `top` (unread) go.
  std::vector<uint32_t> first(nl.cells.size()), inner_first(nl.cells.size(), 0);
  uint32_t next_pi = nl.port_input_bits();
  for (size_t c = 0; c < nl.cells.size(); ++c) {
    if (split[c]) {
      inner_first[c] = next_pi;
      next_pi += static_cast<uint32_t>(plan[c].width - plan[c].peel);
    }
    first[c] = next_pi;
    next_pi += static_cast<uint32_t>(split[c] ? plan[c].top - nl.cells[c].lo : nl.cells[c].width);
  }
  LutNetwork out(next_pi);
  std::vector<Signal> map(net.num_signals(), LutNetwork::const0);  // unread outputs: const0
  for (Signal x = 0; x < 2 + nl.port_input_bits(); ++x) map[x] = x;
  for (size_t c = 0; c < nl.cells.size(); ++c) {
    const int kept = split[c] ? plan[c].top - nl.cells[c].lo : nl.cells[c].width;
    for (int b = 0; b < kept; ++b) map[net.pi(nl.cells[c].first_pi + static_cast<uint32_t>(b))] = out.pi(first[c] + static_cast<uint32_t>(b));
  }
  for (size_t i = 0; i < net.num_luts(); ++i) map[net.lut_signal(i)] = detail::copy_lut(out, net, net.lut_signal(i), map);
  std::vector<int> layers = nl.lut_layer;
  detail::finish_rewrite(nl, std::move(out), map, std::move(layers));

  std::vector<ArithCell> cells;
  for (size_t c = 0; c < nl.cells.size(); ++c) {
    ArithCell cell = nl.cells[c];
    cell.first_pi = first[c];
    if (!split[c]) {
      cells.push_back(std::move(cell));
      continue;
    }
    const detail::SumSplit& p = plan[c];
    ArithCell inner;
    inner.terms = {cell.terms[static_cast<size_t>(p.first[0])], cell.terms[static_cast<size_t>(p.first[1])]};
    inner.constant = cell.constant;
    inner.layer = cell.layer;
    ArithTerm sum;  // bits [0, width) of the inner sum, sign-extended when it is exact and signed
    bool is_signed = false;
    detail::exact_positions(inner, is_signed);
    sum.is_signed = is_signed;
    for (int b = 0; b < p.peel; ++b) sum.bits.push_back(peeled_bit(inner, b));
    shift_down(inner, p.peel);
    inner.lo = 0;
    inner.width = p.width - p.peel;
    inner.first_pi = inner_first[c];
    for (int b = 0; b < inner.width; ++b) sum.bits.push_back(nl.luts.pi(inner.first_pi + static_cast<uint32_t>(b)));
    cells.push_back(std::move(inner));
    // The cell keeps its outputs below `top` (none above is read): bits [lo, top) of sum + z.
    cell.terms = {sum, cell.terms[static_cast<size_t>(p.last)]};
    cell.constant = 0;
    cell.width = p.top - cell.lo;
    cells.push_back(std::move(cell));
  }
  nl.cells = std::move(cells);
  log::info("split_sums: " + std::to_string(s.cells) + " three-term sums as two chains, " + std::to_string(s.luts_before) +
            " adder LUTs -> " + std::to_string(s.luts_after) + ", CARRY4 " + std::to_string(s.carry4_before) + " -> " +
            std::to_string(s.carry4_after));
}

}  // namespace lutc::backend
