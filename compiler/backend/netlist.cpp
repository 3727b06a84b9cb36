#include "backend/netlist.hpp"

#include <functional>
#include <stdexcept>

namespace lutc::backend {

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

std::vector<uint64_t> evaluate_ports(const Netlist& nl, const std::vector<uint64_t>& input_codes) {
  const auto& net = nl.luts;
  // Signals in order, except that cell outputs (primary inputs after the ports) are computed on
  // first use: a cell reads LUTs that come after its own output signals.
  std::vector<char> value(net.num_signals(), 0), done(net.num_signals(), 0);
  value[logic::LutNetwork::const1] = 1;
  done[0] = done[1] = 1;
  uint32_t k = 0;
  for (size_t p = 0; p < nl.inputs.size(); ++p)
    for (int b = 0; b < nl.inputs[p].width; ++b, ++k) {
      value[net.pi(k)] = (input_codes[p] >> b) & 1;
      done[net.pi(k)] = 1;
    }
  std::vector<int> cell_of(net.num_pis(), -1);
  for (size_t c = 0; c < nl.cells.size(); ++c)
    for (int b = 0; b < nl.cells[c].width; ++b) cell_of.at(nl.cells[c].first_pi + static_cast<uint32_t>(b)) = static_cast<int>(c);
  std::function<void(logic::Signal)> need = [&](logic::Signal s) {
    if (done[s]) return;
    if (net.is_pi(s)) {
      int c = cell_of[s - 2];
      if (c < 0) throw std::logic_error("evaluate_ports: primary input " + std::to_string(s - 2) + " has no driver");
      const ArithCell& cell = nl.cells[static_cast<size_t>(c)];
      for (const auto& t : cell.terms)
        for (logic::Signal f : t.bits) need(f);
      __int128 sum = cell_sum(cell, value);
      for (int b = 0; b < cell.width; ++b) {
        logic::Signal o = net.pi(cell.first_pi + static_cast<uint32_t>(b));
        value[o] = static_cast<char>((sum >> (cell.lo + b)) & 1);
        done[o] = 1;
      }
      return;
    }
    const auto& lut = net.lut(s);
    uint64_t row = 0;
    for (size_t i = 0; i < lut.fanins.size(); ++i) {
      need(lut.fanins[i]);
      if (value[lut.fanins[i]]) row |= uint64_t{1} << i;
    }
    value[s] = static_cast<char>((lut.init >> row) & 1);
    done[s] = 1;
  };
  std::vector<uint64_t> codes(nl.outputs.size(), 0);
  size_t o = 0;
  for (size_t p = 0; p < nl.outputs.size(); ++p)
    for (int b = 0; b < nl.outputs[p].width; ++b, ++o) {
      logic::Signal s = net.pos()[o];
      need(s);
      if (value[s]) codes[p] |= uint64_t{1} << b;
    }
  return codes;
}

}  // namespace lutc::backend
