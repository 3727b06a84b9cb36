#include "backend/netlist.hpp"

#include <algorithm>

#include <stdexcept>

namespace lutc::backend {

using logic::LutNetwork;
using logic::Signal;

uint32_t Netlist::port_input_bits() const {
  uint32_t n = 0;
  for (const auto& p : inputs) n += static_cast<uint32_t>(p.width);
  return n;
}

__int128 cell_sum(const ArithCell& c, const std::vector<char>& v) {
  __int128 sum = c.constant;
  for (const auto& t : c.terms) {
    __int128 x = 0;
    for (size_t b = 0; b < t.bits.size(); ++b)
      if (v[t.bits[b]]) x |= static_cast<__int128>(1) << b;
    if (t.is_signed && !t.bits.empty() && v[t.bits.back()]) x -= static_cast<__int128>(1) << t.bits.size();
    x <<= t.shift;
    sum = t.negate ? sum - x : sum + x;
  }
  return sum;
}

logic::Signal term_bit(const ArithTerm& t, int p) {
  int src = p - t.shift, n = static_cast<int>(t.bits.size());
  if (src < 0 || n == 0 || (src >= n && !t.is_signed)) return logic::LutNetwork::const0;
  return t.bits[static_cast<size_t>(std::min(src, n - 1))];
}

int peelable_low_bits(const ArithCell& c, int limit) {
  int p = 0;
  for (; p < limit && p < 62; ++p) {
    int sources = (c.constant >> p) & 1 ? 1 : 0;
    bool negated = false;
    for (const auto& t : c.terms)
      if (term_bit(t, p) != logic::LutNetwork::const0) {
        ++sources;
        negated = negated || t.negate;
      }
    if (sources > 1 || negated) break;
  }
  return p;
}

logic::Signal peeled_bit(const ArithCell& c, int p) {
  if ((c.constant >> p) & 1) return logic::LutNetwork::const1;
  for (const auto& t : c.terms)
    if (logic::Signal b = term_bit(t, p); b != logic::LutNetwork::const0) return b;
  return logic::LutNetwork::const0;
}

void shift_down(ArithCell& c, int k) {
  if (k == 0) return;
  std::vector<ArithTerm> kept;
  for (auto t : c.terms) {
    if (t.shift >= k) {
      t.shift -= k;
    } else {
      int drop = k - t.shift;
      int n = static_cast<int>(t.bits.size());
      if (drop >= n) {
        if (!t.is_signed || n == 0) continue;  // all its bits are below k
        t.bits = {t.bits.back()};
      } else {
        t.bits.erase(t.bits.begin(), t.bits.begin() + drop);
      }
      t.shift = 0;
    }
    kept.push_back(std::move(t));
  }
  c.terms = std::move(kept);
  c.constant >>= k;
}

bool explicit_carry_cell(const ArithCell& c) {
  if (c.lo + c.width > 64) return false;
  if (c.terms.size() == 1) return !c.terms[0].negate && c.constant != 0;
  if (c.terms.size() == 3) {
    int64_t k = c.constant;  // a - b = a + ~b + 1: position 0 and the carry-in take up to 2
    for (const auto& t : c.terms) k += t.negate ? 1 : 0;
    return k >= 0 && k <= 2;
  }
  if (c.terms.size() != 2 || (c.terms[0].negate && c.terms[1].negate)) return false;
  bool negated = c.terms[0].negate || c.terms[1].negate;
  return c.constant == 0 || (c.constant == 1 && !negated);
}

std::vector<int> signal_readers(const Netlist& nl, const std::vector<char>* live) {
  const auto& net = nl.luts;
  std::vector<int> readers(net.num_signals(), 0);
  for (size_t i = 0; i < net.num_luts(); ++i)
    if (!live || (*live)[net.lut_signal(i)])
      for (logic::Signal f : net.luts()[i].fanins) ++readers[f];
  for (logic::Signal p : net.pos()) ++readers[p];
  for (const auto& c : nl.cells)
    for (int p = 0; p < c.lo + c.width; ++p)
      for (const auto& t : c.terms) ++readers[term_bit(t, p)];
  return readers;
}

std::vector<int> cell_of_input(const Netlist& nl) {
  std::vector<int> cell_of(nl.luts.num_pis(), -1);
  for (size_t c = 0; c < nl.cells.size(); ++c)
    for (int b = 0; b < nl.cells[c].width; ++b) cell_of.at(nl.cells[c].first_pi + static_cast<uint32_t>(b)) = static_cast<int>(c);
  return cell_of;
}

std::vector<NetlistStep> evaluation_order(const Netlist& nl) {
  const auto& net = nl.luts;
  const std::vector<int> cell_of = cell_of_input(nl);
  std::vector<char> lut_done(net.num_luts(), 0), cell_done(nl.cells.size(), 0);
  std::vector<NetlistStep> order;
  order.reserve(net.num_luts() + nl.cells.size());
  // Depth-first, post-order, with an explicit stack (paths can be thousands of steps long).
  std::vector<std::pair<NetlistStep, bool>> stack;  // (step, its inputs were pushed)
  auto done = [&](NetlistStep st) -> char& { return st.is_cell ? cell_done[st.index] : lut_done[st.index]; };
  auto push_reader_of = [&](logic::Signal f) {
    if (net.is_lut(f)) {
      NetlistStep st{false, static_cast<uint32_t>(f - 2 - net.num_pis())};
      if (!done(st)) stack.push_back({st, false});
    } else if (net.is_pi(f)) {
      int c = cell_of[f - 2];
      if (c >= 0 && !cell_done[static_cast<size_t>(c)]) stack.push_back({{true, static_cast<uint32_t>(c)}, false});
    }
  };
  auto visit = [&](NetlistStep root) {
    if (done(root)) return;
    stack.push_back({root, false});
    while (!stack.empty()) {
      auto [st, expanded] = stack.back();
      if (done(st)) {
        stack.pop_back();
        continue;
      }
      if (expanded) {
        stack.pop_back();
        done(st) = 1;
        order.push_back(st);
        continue;
      }
      stack.back().second = true;
      if (st.is_cell) {
        for (const auto& t : nl.cells[st.index].terms)
          for (logic::Signal f : t.bits) push_reader_of(f);
      } else {
        for (logic::Signal f : net.luts()[st.index].fanins) push_reader_of(f);
      }
    }
  };
  for (uint32_t c = 0; c < nl.cells.size(); ++c) visit({true, c});
  for (uint32_t i = 0; i < net.num_luts(); ++i) visit({false, i});
  return order;
}

PortEvaluator::PortEvaluator(const Netlist& nl) : nl_(nl), order_(evaluation_order(nl)), value_(nl.luts.num_signals(), 0) {
  value_[logic::LutNetwork::const1] = 1;
}

std::vector<uint64_t> PortEvaluator::operator()(const std::vector<uint64_t>& input_codes) {
  const auto& net = nl_.luts;
  uint32_t k = 0;
  for (size_t p = 0; p < nl_.inputs.size(); ++p)
    for (int b = 0; b < nl_.inputs[p].width; ++b, ++k) value_[net.pi(k)] = (input_codes.at(p) >> b) & 1;
  for (NetlistStep st : order_) {
    if (st.is_cell) {
      const ArithCell& cell = nl_.cells[st.index];
      __int128 sum = cell_sum(cell, value_);
      for (int b = 0; b < cell.width; ++b)
        value_[net.pi(cell.first_pi + static_cast<uint32_t>(b))] = static_cast<char>((sum >> (cell.lo + b)) & 1);
    } else {
      const auto& lut = net.luts()[st.index];
      uint64_t row = 0;
      for (size_t i = 0; i < lut.fanins.size(); ++i)
        if (value_[lut.fanins[i]]) row |= uint64_t{1} << i;
      value_[net.lut_signal(st.index)] = static_cast<char>((lut.init >> row) & 1);
    }
  }
  std::vector<uint64_t> codes(nl_.outputs.size(), 0);
  size_t o = 0;
  for (size_t p = 0; p < nl_.outputs.size(); ++p)
    for (int b = 0; b < nl_.outputs[p].width; ++b, ++o)
      if (value_[net.pos()[o]]) codes[p] |= uint64_t{1} << b;
  return codes;
}

std::vector<uint64_t> evaluate_ports(const Netlist& nl, const std::vector<uint64_t>& input_codes) {
  return PortEvaluator(nl)(input_codes);
}

NetlistLiveness liveness(const Netlist& nl) {
  const auto& net = nl.luts;
  NetlistLiveness l;
  l.signal.assign(net.num_signals(), 0);
  l.cell.assign(nl.cells.size(), 0);
  const std::vector<int> cell_of = cell_of_input(nl);
  // Backwards over signals; a live cell output makes the cell's term bits live.
  std::vector<Signal> stack(net.pos().begin(), net.pos().end());
  while (!stack.empty()) {
    Signal s = stack.back();
    stack.pop_back();
    if (l.signal[s]) continue;
    l.signal[s] = 1;
    if (net.is_lut(s)) {
      for (Signal x : net.lut(s).fanins) stack.push_back(x);
    } else if (net.is_pi(s) && cell_of[s - 2] >= 0 && !l.cell[cell_of[s - 2]]) {
      l.cell[cell_of[s - 2]] = 1;
      for (const auto& t : nl.cells[cell_of[s - 2]].terms)
        for (Signal x : t.bits) stack.push_back(x);
    }
  }
  return l;
}

void remove_unused_luts(Netlist& nl, uint32_t keep_pis) {
  const auto& net = nl.luts;
  const uint32_t num_pis = std::min(keep_pis, net.num_pis());
  const std::vector<char> live = liveness(nl).signal;
  // Dead cells stay (their PIs are part of the numbering); LUTs are rebuilt without dead ones.
  LutNetwork rebuilt(num_pis);
  std::vector<Signal> map(net.num_signals());
  for (Signal s = 0; s < 2 + num_pis; ++s) map[s] = s;
  std::vector<int> layers;
  for (size_t i = 0; i < net.num_luts(); ++i) {
    Signal s = net.lut_signal(i);
    if (!live[s]) continue;
    std::vector<Signal> fanins;
    for (Signal x : net.luts()[i].fanins) fanins.push_back(map[x]);
    map[s] = rebuilt.add_lut(std::move(fanins), net.luts()[i].init);
    if (!nl.lut_layer.empty()) layers.push_back(nl.lut_layer[i]);
  }
  for (Signal p : net.pos()) rebuilt.add_po(map[p]);
  for (auto& c : nl.cells)
    for (auto& t : c.terms)
      for (auto& x : t.bits) x = map[x];
  nl.luts = std::move(rebuilt);
  nl.lut_layer = std::move(layers);
}


}  // namespace lutc::backend
