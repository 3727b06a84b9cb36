#include "netopt/lut_cnf.hpp"

#include "tt/truth_table.hpp"

namespace lutc::netopt {

namespace detail {

/// Rows of the cube (mask, bits) over k variables, as a 2^k-bit set.
uint64_t cube_rows(uint8_t mask, uint8_t bits, int k) {
  uint64_t rows = logic::word_mask(k);
  for (int v = 0; v < k; ++v)
    if ((mask >> v) & 1) rows &= ((bits >> v) & 1) ? logic::kVarWords[v] : ~logic::kVarWords[v];
  return rows;
}

}  // namespace detail

std::vector<Cube> cube_cover(uint64_t set, int k) {
  std::vector<Cube> cubes;
  uint64_t left = set;
  const uint8_t full = static_cast<uint8_t>((1 << k) - 1);
  while (left) {
    int r = __builtin_ctzll(left);
    Cube c{full, static_cast<uint8_t>(r)};
    for (int v = 0; v < k; ++v) {
      uint8_t m = static_cast<uint8_t>(c.mask & ~(1 << v));
      uint64_t rows = detail::cube_rows(m, c.bits, k);
      if ((rows & ~set) == 0) c.mask = m;
    }
    cubes.push_back(c);
    left &= ~detail::cube_rows(c.mask, c.bits, k);
  }
  return cubes;
}

void encode_lut(SatSolver& sat, uint64_t init, const std::vector<int>& fanin_vars, int out_var) {
  int k = static_cast<int>(fanin_vars.size());
  uint64_t all = logic::word_mask(k);
  init &= all;
  std::vector<int> clause;
  for (int polarity = 0; polarity < 2; ++polarity) {
    uint64_t set = polarity ? init : (~init & all);
    for (const Cube& c : cube_cover(set, k)) {
      // cube -> out == polarity
      clause.clear();
      for (int v = 0; v < k; ++v)
        if ((c.mask >> v) & 1) clause.push_back(((c.bits >> v) & 1) ? -fanin_vars[v] : fanin_vars[v]);
      clause.push_back(polarity ? out_var : -out_var);
      sat.add_clause(clause);
    }
  }
}

void encode_cells(SatSolver& sat, const std::vector<backend::ArithCell>& cells, const std::vector<int>& var, int enable) {
  const int zero = -var[logic::LutNetwork::const1], one = var[logic::LutNetwork::const1];
  for (const auto& c : cells) {
    const int n = c.lo + c.width;
    std::vector<int> acc(static_cast<size_t>(n));
    for (int j = 0; j < n; ++j) acc[j] = (j < 64 ? (static_cast<uint64_t>(c.constant) >> j) & 1 : c.constant < 0) ? one : zero;
    for (const auto& t : c.terms) {
      const int len = static_cast<int>(t.bits.size());
      int carry = t.negate ? one : zero;  // -v = ~v + 1
      for (int j = 0; j < n; ++j) {
        int b = j - t.shift, x = zero;
        if (b >= 0 && len > 0) x = b < len ? var[t.bits[b]] : (t.is_signed ? var[t.bits[len - 1]] : zero);
        if (t.negate) x = -x;
        int a = acc[j], sum = sat.new_var(), out = sat.new_var();
        // sum = a ^ x ^ carry: one clause per row of the three inputs.
        for (int m = 0; m < 8; ++m) {
          int va = m & 1, vx = (m >> 1) & 1, vc = (m >> 2) & 1;
          sat.add_clause({va ? -a : a, vx ? -x : x, vc ? -carry : carry, (va ^ vx ^ vc) ? sum : -sum});
        }
        // out = majority(a, x, carry)
        sat.add_clause({-a, -x, out});
        sat.add_clause({-a, -carry, out});
        sat.add_clause({-x, -carry, out});
        sat.add_clause({a, x, -out});
        sat.add_clause({a, carry, -out});
        sat.add_clause({x, carry, -out});
        acc[j] = sum;
        carry = out;
      }
    }
    for (int j = 0; j < c.width; ++j) {
      int o = var[c.first_pi + 2 + static_cast<uint32_t>(j)];
      if (enable) {
        sat.add_clause({-enable, -o, acc[c.lo + j]});
        sat.add_clause({-enable, o, -acc[c.lo + j]});
      } else {
        sat.add_clause({-o, acc[c.lo + j]});
        sat.add_clause({o, -acc[c.lo + j]});
      }
    }
  }
}

std::vector<int> encode_network(SatSolver& sat, const logic::LutNetwork& net, const std::vector<int>* pi_vars) {
  std::vector<int> var(net.num_signals());
  var[logic::LutNetwork::const0] = sat.new_var();
  sat.add_clause({-var[logic::LutNetwork::const0]});
  var[logic::LutNetwork::const1] = sat.new_var();
  sat.add_clause({var[logic::LutNetwork::const1]});
  for (uint32_t i = 0; i < net.num_pis(); ++i) var[net.pi(i)] = pi_vars ? (*pi_vars)[i] : sat.new_var();
  for (size_t i = 0; i < net.num_luts(); ++i) {
    const logic::Lut& l = net.luts()[i];
    std::vector<int> fv;
    for (logic::Signal f : l.fanins) fv.push_back(var[f]);
    int out = sat.new_var();
    var[net.lut_signal(i)] = out;
    encode_lut(sat, l.init, fv, out);
  }
  return var;
}

}  // namespace lutc::netopt
