#include "backend/carry_chain.hpp"

#include <algorithm>
#include <map>
#include <stdexcept>

namespace lutc::backend {

using logic::LutNetwork;
using logic::Signal;

namespace detail {

/// The constant bits of `c` (two's complement, sign-extended) from bit `from` on, as signals.
Signal constant_bit(int64_t c, int bit) { return ((c >> std::min(bit, 63)) & 1) ? LutNetwork::const1 : LutNetwork::const0; }

/// Highest sum bit of cell `c` that something reads, plus one (0: none is read). Bits below
/// the cell's `lo` only feed the carry.
int read_width(const Netlist& nl, const ArithCell& c, const std::vector<int>& readers, const carry_chain_context& ctx) {
  for (int b = c.width; b-- > 0;) {
    Signal s = nl.luts.pi(c.first_pi + static_cast<uint32_t>(b));
    if (readers[s] > 0 || ctx.delay[s] > 0) return c.lo + b + 1;
  }
  return 0;
}

/// Leaves a tail LUT needs for chain position q: its addends, an absorbed LUT by its fanins.
void add_leaves(const Netlist& nl, const CarryChain& cc, const carry_chain_context& ctx, int q, std::vector<Signal>& leaves) {
  auto add = [&](Signal s) {
    if (ctx.constant[s] < 0 && std::find(leaves.begin(), leaves.end(), s) == leaves.end()) leaves.push_back(s);
  };
  const size_t j = static_cast<size_t>(q);
  add(cc.a[j]);
  if (cc.absorbed[j]) {
    for (Signal f : nl.luts.lut(cc.absorbed[j]).fanins) add(f);
  } else {
    add(cc.b[j]);
  }
}

/// The value of `s` under an assignment of `leaves` (row bit i = leaves[i]), `carry` standing
/// for block_carry_leaf; an absorbed LUT is evaluated on its fanins.
bool leaf_value(const Netlist& nl, const carry_chain_context& ctx, const std::vector<Signal>& leaves, uint64_t row, Signal s,
                bool lut_ok) {
  if (ctx.constant[s] >= 0) return ctx.constant[s] != 0;
  auto it = std::find(leaves.begin(), leaves.end(), s);
  if (it != leaves.end()) return (row >> (it - leaves.begin())) & 1;
  if (!lut_ok || !nl.luts.is_lut(s)) throw std::logic_error("carry chain tail: signal is not a leaf");
  const auto& lut = nl.luts.lut(s);
  uint64_t r = 0;
  for (size_t i = 0; i < lut.fanins.size(); ++i)
    if (leaf_value(nl, ctx, leaves, row, lut.fanins[i], false)) r |= uint64_t{1} << i;
  return (lut.init >> r) & 1;
}

/// Tail LUTs for positions [from, cc.positions) reading the carry into `from` (a leaf, or the
/// constant carry-in when from == 0); empty when one would need more than 6 inputs.
std::vector<TailLut> plan_tail(const Netlist& nl, const CarryChain& cc, const carry_chain_context& ctx, int from) {
  std::vector<TailLut> tail;
  std::vector<Signal> leaves;
  Signal carry = from > 0 ? block_carry_leaf : cc.carry_in;
  if (carry == block_carry_leaf || ctx.constant[carry] < 0) leaves.push_back(carry);
  for (int p = from; p < cc.positions; ++p) {
    add_leaves(nl, cc, ctx, p, leaves);
    if (leaves.size() > 6) return {};
    TailLut t;
    t.position = p;
    t.leaves = leaves;
    for (uint64_t row = 0; row < (uint64_t{1} << leaves.size()); ++row) {
      auto value = [&](Signal s) { return s == block_carry_leaf ? ((row >> 0) & 1) != 0 : leaf_value(nl, ctx, leaves, row, s, true); };
      uint64_t sum = value(carry) ? 1 : 0;
      for (int q = from; q <= p; ++q) {
        const size_t j = static_cast<size_t>(q);
        bool bq = value(cc.absorbed[j] ? cc.absorbed[j] : cc.b[j]) != cc.invert_b;
        sum += (static_cast<uint64_t>(value(cc.a[j])) + static_cast<uint64_t>(bq)) << (q - from);
      }
      t.init |= ((sum >> (p - from)) & 1) << row;
    }
    // A bit that is one leaf unchanged (an unsigned sum's carry-out) needs no LUT.
    for (size_t i = 0; i < leaves.size() && !t.wire; ++i) {
      uint64_t identity = 0;
      for (uint64_t row = 0; row < (uint64_t{1} << leaves.size()); ++row) identity |= ((row >> i) & 1) << row;
      if (t.init == identity) t.wire = true, t.leaves = {leaves[i]};
    }
    tail.push_back(std::move(t));
  }
  return tail;
}

}  // namespace detail

std::vector<CarryChain> plan_carry_chains(const Netlist& nl, const carry_chain_context& ctx, carry_chain_stats* st) {
  const auto& net = nl.luts;
  std::vector<CarryChain> chains(nl.cells.size());
  const std::vector<int> readers = signal_readers(nl, &ctx.emitted);
  carry_chain_stats stats;
  for (size_t c = 0; c < nl.cells.size(); ++c) {
    const ArithCell& cell = nl.cells[c];
    CarryChain& cc = chains[c];
    if (!explicit_carry_cell(cell)) continue;
    cc.explicit_chain = true;
    const int sum_width = cell.lo + cell.width;
    auto mergeable = [&](Signal x, Signal other, bool only_here) {
      if (ctx.constant[x] >= 0 || !net.is_lut(x) || !ctx.emitted[x] || (readers[x] != 1 && !only_here) || x == other) return false;
      if (ctx.stage[x] != ctx.cell_stage[c] || ctx.delay[x] != 0) return false;
      const auto& fanins = net.lut(x).fanins;
      return fanins.size() <= 5 && std::find(fanins.begin(), fanins.end(), other) == fanins.end();
    };
    if (cell.terms.size() == 1) {
      // x + c: an odd c makes bit 0 NOT x[0] and x[0] the carry into bit 1.
      const ArithTerm& t = cell.terms[0];
      bool odd = cell.constant & 1;
      cc.first = odd ? 1 : 0;
      cc.carry_in = odd ? term_bit(t, 0) : LutNetwork::const0;
      for (int p = cc.first; p < sum_width; ++p) {
        cc.a.push_back(term_bit(t, p));
        cc.b.push_back(detail::constant_bit(cell.constant, p));
        cc.absorbed.push_back(0);
      }
    } else if (cell.terms.size() == 3) {
      // x + y + z as s + k: a negated term is added inverted, its +1 goes to k[0] or the carry-in.
      cc.ternary = true;
      int64_t ones = cell.constant;
      for (int i = 0; i < 3; ++i) {
        cc.invert3[i] = cell.terms[static_cast<size_t>(i)].negate;
        ones += cc.invert3[i] ? 1 : 0;
      }
      cc.k0 = ones >= 1;
      cc.carry_in = ones >= 2 ? LutNetwork::const1 : LutNetwork::const0;
      for (int p = 0; p < sum_width; ++p) {
        cc.a.push_back(term_bit(cell.terms[0], p));
        cc.b.push_back(term_bit(cell.terms[1], p));
        cc.c.push_back(term_bit(cell.terms[2], p));
        cc.absorbed.push_back(0);
      }
    } else {
      bool negated = cell.terms[0].negate || cell.terms[1].negate;
      const ArithTerm& ta = cell.terms[0].negate ? cell.terms[1] : cell.terms[0];
      const ArithTerm& tb = cell.terms[0].negate ? cell.terms[0] : cell.terms[1];
      cc.invert_b = negated;
      cc.carry_in = negated || cell.constant == 1 ? LutNetwork::const1 : LutNetwork::const0;
      // A LUT that only this cell reads, at several positions (a sign bit repeated), merges into
      // each of them when it can at every one; otherwise it is written as a LUT.
      std::vector<Signal> a_bits, b_bits;
      std::map<Signal, int> positions_of;  // LUT -> positions of this cell reading it
      for (int p = 0; p < sum_width; ++p) {
        a_bits.push_back(term_bit(ta, p));
        b_bits.push_back(term_bit(tb, p));
        if (a_bits.back() != b_bits.back()) ++positions_of[a_bits.back()], ++positions_of[b_bits.back()];
      }
      auto only_here = [&](Signal x) {
        auto it = positions_of.find(x);
        return it != positions_of.end() && readers[x] == it->second;
      };
      for (int p = 0; p < sum_width; ++p) {
        Signal a = a_bits[static_cast<size_t>(p)], b = b_bits[static_cast<size_t>(p)];
        // A LUT read once first: it saves a LUT here, a LUT read at several positions only if it
        // merges at all of them.
        Signal merged = 0;
        if (mergeable(b, a, false)) merged = b;
        else if (!negated && mergeable(a, b, false)) merged = a, std::swap(a, b);  // DI must be the other addend
        else if (mergeable(b, a, only_here(b))) merged = b;
        else if (!negated && mergeable(a, b, only_here(a))) merged = a, std::swap(a, b);
        cc.a.push_back(a);
        cc.b.push_back(b);
        cc.absorbed.push_back(merged);
      }
      std::map<Signal, int> merges;
      for (Signal x : cc.absorbed)
        if (x) ++merges[x];
      for (size_t j = 0; j < cc.absorbed.size(); ++j) {
        Signal x = cc.absorbed[j];
        if (!x || merges[x] == readers[x]) continue;
        cc.a[j] = a_bits[j], cc.b[j] = b_bits[j], cc.absorbed[j] = 0;  // read unmerged elsewhere: a LUT
      }
    }
    // Sum bits above the highest one read need no carry.
    const int full = sum_width - cc.first;
    cc.positions = std::max(0, std::min(full, detail::read_width(nl, cell, readers, ctx) - cc.first));
    cc.a.resize(static_cast<size_t>(cc.positions));
    cc.b.resize(static_cast<size_t>(cc.positions));
    cc.absorbed.resize(static_cast<size_t>(cc.positions));
    if (cc.ternary) cc.c.resize(static_cast<size_t>(cc.positions));
    cc.blocks = (cc.positions + 3) / 4;
    stats.carry4_trimmed += static_cast<size_t>((full + 3) / 4 - cc.blocks);
    // The last block's bits as LUTs reading the carry into it, when that costs no more LUTs than
    // their propagate LUTs: one CARRY4 less (its carry-out is then read by LUTs).
    if (cc.ternary) {
      ++stats.ternary_chains;
      stats.ternary_luts += static_cast<size_t>(cc.positions);
    } else if (cc.blocks > 0) {
      const int from = 4 * (cc.blocks - 1);
      // Propagate LUTs the tail saves: synthesis shares equal ones (a sign bit repeated at the
      // top), so a pair of addends counts once, and not at all if a lower position has it too.
      int propagate_luts = 0;
      std::vector<std::pair<Signal, Signal>> pairs;
      for (int p = 0; p < cc.positions; ++p) {
        const size_t j = static_cast<size_t>(p);
        // A merged LUT with the same other addend is one propagate LUT (the writer shares it).
        Signal b = cc.absorbed[j] ? cc.absorbed[j] : cc.b[j];
        if (!cc.absorbed[j] && (ctx.constant[cc.a[j]] >= 0 || ctx.constant[cc.b[j]] >= 0)) continue;
        std::pair<Signal, Signal> ab{std::min(cc.a[j], b), std::max(cc.a[j], b)};
        if (std::find(pairs.begin(), pairs.end(), ab) != pairs.end()) continue;
        pairs.push_back(ab);
        propagate_luts += p >= from ? 1 : 0;
      }
      std::vector<TailLut> tail = detail::plan_tail(nl, cc, ctx, from);
      int tail_luts = static_cast<int>(std::count_if(tail.begin(), tail.end(), [](const TailLut& t) { return !t.wire; }));
      if (!tail.empty() && tail_luts <= propagate_luts) {
        cc.tail = std::move(tail);
        cc.blocks -= 1;
        ++stats.carry4_tail;
        stats.tail_luts += static_cast<size_t>(tail_luts);
      }
    }
    ++stats.chains;
    stats.carry4 += static_cast<size_t>(cc.blocks);
    std::vector<Signal> absorbed;  // a LUT merged at several positions is one LUT fewer
    for (Signal x : cc.absorbed)
      if (x && std::find(absorbed.begin(), absorbed.end(), x) == absorbed.end()) absorbed.push_back(x);
    stats.absorbed_luts += absorbed.size();
  }
  if (st) *st = stats;
  return chains;
}

std::vector<char> carry_chain_sum(const Netlist& nl, const CarryChain& cc, const std::vector<char>& value) {
  std::vector<char> sum(static_cast<size_t>(cc.first + cc.positions), 0);
  bool carry = value[cc.carry_in];
  if (cc.first == 1) sum[0] = !carry;  // the incrementer's bit 0
  const int chain = std::min(cc.positions, 4 * cc.blocks);
  if (cc.ternary) {
    bool k = cc.k0;
    for (int p = 0; p < chain; ++p) {
      const size_t j = static_cast<size_t>(p);
      bool x = value[cc.a[j]] != cc.invert3[0], y = value[cc.b[j]] != cc.invert3[1], z = value[cc.c[j]] != cc.invert3[2];
      bool propagate = ((x != y) != z) != k;  // XOR of the four
      sum[j] = propagate != carry;
      carry = propagate ? carry : k;  // DI = k
      k = (x && y) || (x && z) || (y && z);
    }
    return sum;
  }
  for (int p = 0; p < chain; ++p) {
    const size_t j = static_cast<size_t>(p);
    bool a = value[cc.a[j]];
    bool b = value[cc.absorbed[j] ? cc.absorbed[j] : cc.b[j]] != cc.invert_b;
    bool s = a != b;  // the propagate LUT (an absorbed LUT XOR a computes the same)
    sum[static_cast<size_t>(cc.first + p)] = s != carry;
    carry = s ? carry : a;  // CARRY4: CO = S ? CI : DI, DI = a
  }
  for (const TailLut& t : cc.tail) {
    uint64_t row = 0;
    for (size_t i = 0; i < t.leaves.size(); ++i)
      if (t.leaves[i] == block_carry_leaf ? carry : value[t.leaves[i]] != 0) row |= uint64_t{1} << i;
    sum[static_cast<size_t>(cc.first + t.position)] = static_cast<char>(t.wire ? row & 1 : (t.init >> row) & 1);
  }
  return sum;
}

}  // namespace lutc::backend
