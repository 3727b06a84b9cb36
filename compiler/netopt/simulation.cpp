#include "netopt/simulation.hpp"

#include <random>

namespace lutc::netopt {

using logic::Signal;

uint64_t evaluate_lut_word(uint64_t init, int k, const uint64_t* const* in, int w) {
  // A mux tree over the fanins, last fanin at the root: leaves are the init bits.
  uint64_t level[64];
  int n = 1 << k;
  for (int r = 0; r < n; ++r) level[r] = ((init >> r) & 1) ? ~0ULL : 0ULL;
  for (int v = 0; v < k; ++v) {
    uint64_t x = in[v][w];
    n >>= 1;
    for (int r = 0; r < n; ++r) level[r] = (level[2 * r] & ~x) | (level[2 * r + 1] & x);
  }
  return level[0];
}

Simulator::Simulator(const logic::LutNetwork& net, const simulation_params& ps, const std::vector<backend::ArithCell>& cells)
    : net_(net), cells_(cells) {
  if (cells.empty()) {
    for (uint32_t i = 0; i < net.num_luts(); ++i) order_.push_back({false, i});
  } else {
    backend::Netlist nl;
    nl.luts = net;
    nl.cells = cells;
    order_ = backend::evaluation_order(nl);
  }
  capacity_ = ps.random_words + ps.extra_words;
  used_words_ = ps.random_words;
  values_.assign(net.num_signals() * static_cast<size_t>(capacity_), 0);
  for (int w = 0; w < capacity_; ++w) values_[static_cast<size_t>(logic::LutNetwork::const1) * capacity_ + w] = ~0ULL;
  std::mt19937_64 rng(ps.seed);
  for (uint32_t i = 0; i < net.num_pis(); ++i)
    for (int w = 0; w < used_words_; ++w) values_[static_cast<size_t>(net.pi(i)) * capacity_ + w] = rng();
  simulate(0, used_words_);
}

void Simulator::simulate(int first_word, int end_word) {
  for (const auto& st : order_)
    if (st.is_cell)
      simulate_cell(cells_[st.index], first_word, end_word);
    else
      simulate_lut(net_.lut_signal(st.index), first_word, end_word);
}

void Simulator::simulate_cell(const backend::ArithCell& c, int first_word, int end_word) {
  // Ripple-carry over bit-words, modulo 2^(lo + width): sum(terms) + constant.
  const int n = c.lo + c.width;
  std::vector<uint64_t> acc(static_cast<size_t>(n)), x(static_cast<size_t>(n));
  for (int w = first_word; w < end_word; ++w) {
    for (int j = 0; j < n; ++j) acc[j] = (j < 64 ? (static_cast<uint64_t>(c.constant) >> j) & 1 : c.constant < 0) ? ~0ULL : 0ULL;
    for (const auto& t : c.terms) {
      const int len = static_cast<int>(t.bits.size());
      for (int j = 0; j < n; ++j) {
        int b = j - t.shift;
        uint64_t v = 0;
        if (b >= 0 && len > 0) v = b < len ? word(t.bits[b])[w] : (t.is_signed ? word(t.bits[len - 1])[w] : 0);
        x[j] = t.negate ? ~v : v;
      }
      uint64_t carry = t.negate ? ~0ULL : 0ULL;  // -v = ~v + 1
      for (int j = 0; j < n; ++j) {
        uint64_t a = acc[j], b = x[j];
        acc[j] = a ^ b ^ carry;
        carry = (a & b) | (carry & (a ^ b));
      }
    }
    for (int j = 0; j < c.width; ++j)
      values_[static_cast<size_t>(net_.pi(c.first_pi + static_cast<uint32_t>(j))) * capacity_ + w] = acc[c.lo + j];
  }
}

void Simulator::simulate_lut(Signal s, int first_word, int end_word) {
  const logic::Lut& l = net_.lut(s);
  const uint64_t* in[6];
  int k = static_cast<int>(l.fanins.size());
  for (int i = 0; i < k; ++i) in[i] = word(l.fanins[i]);
  uint64_t* out = &values_[static_cast<size_t>(s) * capacity_];
  for (int w = first_word; w < end_word; ++w) out[w] = evaluate_lut_word(l.init, k, in, w);
}

bool Simulator::add_pattern(const std::vector<bool>& pi_values) {
  if (fill_ == 0) {
    if (used_words_ == capacity_) return false;
    ++used_words_;
  }
  int w = used_words_ - 1;
  uint64_t bit = 1ULL << fill_;
  for (uint32_t i = 0; i < net_.num_pis(); ++i) {
    uint64_t& v = values_[static_cast<size_t>(net_.pi(i)) * capacity_ + w];
    v = pi_values[i] ? (v | bit) : (v & ~bit);
  }
  fill_ = (fill_ + 1) % 64;
  simulate(w, w + 1);
  return true;
}

void Simulator::resimulate(const std::vector<Signal>& luts) {
  for (Signal s : luts) simulate_lut(s, 0, used_words_);
}

uint64_t Simulator::seen_combinations(Signal s) const {
  const logic::Lut& l = net_.lut(s);
  int k = static_cast<int>(l.fanins.size());
  uint64_t seen = 0;
  for (int w = 0; w < used_words_; ++w) {
    uint64_t valid = valid_mask(w);
    for (int r = 0; r < (1 << k); ++r) {
      if ((seen >> r) & 1) continue;
      uint64_t m = valid;
      for (int i = 0; i < k && m; ++i) m &= ((r >> i) & 1) ? word(l.fanins[i])[w] : ~word(l.fanins[i])[w];
      if (m) seen |= 1ULL << r;
    }
  }
  return seen;
}

}  // namespace lutc::netopt
