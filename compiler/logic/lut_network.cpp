#include "logic/lut_network.hpp"

#include <bit>

#include <algorithm>
#include <cassert>
#include <stdexcept>

namespace lutc::logic {

Signal LutNetwork::add_lut(std::vector<Signal> fanins, uint64_t init) {
  if (fanins.size() > 6) throw std::logic_error("LUT with more than 6 inputs");
  for (Signal f : fanins)
    if (f >= num_signals()) throw std::logic_error("LUT fanin is not an earlier signal");
  luts_.push_back({std::move(fanins), init});
  auto& l = luts_.back();
  l.init &= word_mask(static_cast<int>(l.fanins.size()));
  return lut_signal(luts_.size() - 1);
}

int LutNetwork::depth() const {
  std::vector<int> level(num_signals(), 0);
  int best = 0;
  for (size_t i = 0; i < luts_.size(); ++i) {
    int l = 0;
    for (Signal f : luts_[i].fanins) l = std::max(l, level[f]);
    level[lut_signal(i)] = l + 1;
  }
  for (Signal p : pos_) best = std::max(best, level[p]);
  return best;
}

std::vector<TruthTable> LutNetwork::simulate() const {
  if (num_pis_ > 24) throw std::logic_error("simulate: too many inputs");
  int n = static_cast<int>(num_pis_);
  std::vector<TruthTable> value(num_signals(), TruthTable(n));
  value[LutNetwork::const1] = logic::const1(n);
  for (uint32_t i = 0; i < num_pis_; ++i) value[pi(i)] = nth_var(n, static_cast<int>(i));
  for (size_t i = 0; i < luts_.size(); ++i) {
    const Lut& l = luts_[i];
    TruthTable out(n);
    size_t k = l.fanins.size();
    // A mux tree per word, fanin 0 nearest the leaves (init bit r is the value at fanin values
    // r). Its first two levels are a look-up: the 16 functions of fanins 0 and 1 are ORs of
    // their four minterms, and each 4-bit group of the init picks one.
    uint64_t t[64];
    for (size_t w = 0; w < out.words.size(); ++w) {
      if (k < 2) {
        const uint64_t x = k == 1 ? value[l.fanins[0]].words[w] : 0;
        out.words[w] = ((l.init & 1) ? (k == 1 ? ~x : ~uint64_t{0}) : 0) | ((k == 1 && (l.init & 2)) ? x : 0);
        continue;
      }
      const uint64_t x0 = value[l.fanins[0]].words[w], x1 = value[l.fanins[1]].words[w];
      const uint64_t minterm[4] = {~x0 & ~x1, x0 & ~x1, ~x0 & x1, x0 & x1};
      uint64_t f2[16];
      f2[0] = 0;
      for (int g = 1; g < 16; ++g) f2[g] = f2[g & (g - 1)] | minterm[std::countr_zero(static_cast<unsigned>(g))];
      size_t m = size_t{1} << (k - 2);
      for (size_t r = 0; r < m; ++r) t[r] = f2[(l.init >> (4 * r)) & 15];
      for (size_t j = 2; j < k; ++j) {
        const uint64_t x = value[l.fanins[j]].words[w];
        m >>= 1;
        for (size_t r = 0; r < m; ++r) t[r] = (t[2 * r] & ~x) | (t[2 * r + 1] & x);
      }
      out.words[w] = t[0];
    }
    out.words[0] &= word_mask(n);
    value[lut_signal(i)] = std::move(out);
  }
  std::vector<TruthTable> result;
  for (Signal p : pos_) result.push_back(value[p]);
  return result;
}

std::vector<bool> LutNetwork::evaluate(const std::vector<bool>& inputs) const {
  std::vector<char> v(num_signals(), 0);
  v[const1] = 1;
  for (uint32_t i = 0; i < num_pis_; ++i) v[pi(i)] = inputs[i];
  for (size_t i = 0; i < luts_.size(); ++i) {
    const Lut& l = luts_[i];
    uint64_t r = 0;
    for (size_t j = 0; j < l.fanins.size(); ++j) r |= static_cast<uint64_t>(v[l.fanins[j]]) << j;
    v[lut_signal(i)] = (l.init >> r) & 1;
  }
  std::vector<bool> out;
  for (Signal p : pos_) out.push_back(v[p]);
  return out;
}

size_t LutNetwork::remove_dangling() {
  std::vector<char> live(num_signals(), 0);
  for (Signal p : pos_) live[p] = 1;
  for (size_t i = luts_.size(); i-- > 0;)
    if (live[lut_signal(i)])
      for (Signal f : luts_[i].fanins) live[f] = 1;
  std::vector<Signal> remap(num_signals());
  for (Signal s = 0; s < 2 + num_pis_; ++s) remap[s] = s;
  std::vector<Lut> kept;
  for (size_t i = 0; i < luts_.size(); ++i) {
    if (!live[lut_signal(i)]) continue;
    Lut l = luts_[i];
    for (auto& f : l.fanins) f = remap[f];
    remap[lut_signal(i)] = static_cast<Signal>(2 + num_pis_ + kept.size());
    kept.push_back(std::move(l));
  }
  size_t removed = luts_.size() - kept.size();
  luts_ = std::move(kept);
  for (auto& p : pos_) p = remap[p];
  return removed;
}

std::vector<Signal> append_network(LutNetwork& into, const LutNetwork& part, const std::vector<Signal>& inputs) {
  std::vector<Signal> map(part.num_signals());
  map[LutNetwork::const0] = LutNetwork::const0;
  map[LutNetwork::const1] = LutNetwork::const1;
  for (uint32_t i = 0; i < part.num_pis(); ++i) map[part.pi(i)] = inputs.at(i);
  for (size_t i = 0; i < part.num_luts(); ++i) {
    const Lut& l = part.luts()[i];
    std::vector<Signal> fanins;
    for (Signal f : l.fanins) fanins.push_back(map[f]);
    map[part.lut_signal(i)] = into.add_lut(std::move(fanins), l.init);
  }
  std::vector<Signal> outs;
  for (Signal p : part.pos()) outs.push_back(map[p]);
  return outs;
}

}  // namespace lutc::logic
