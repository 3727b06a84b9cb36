#include "logic/lut_opt.hpp"

#include <algorithm>
#include <numeric>

namespace lutc::logic {

uint64_t remap_init(uint64_t init, int n, const std::vector<int>& from) {
  int k = static_cast<int>(from.size());
  uint64_t out = 0;
  for (uint64_t r = 0; r < (uint64_t{1} << k); ++r) {
    uint64_t old = 0;
    for (int i = 0; i < k; ++i)
      if ((r >> i) & 1) old |= uint64_t{1} << from[i];
    if ((init >> old) & 1) out |= uint64_t{1} << r;
  }
  (void)n;
  return out;
}

LutBuilder::LutBuilder(LutNetwork& net) : net_(net) {
  // Seed the hash with LUTs already present.
  for (size_t i = 0; i < net_.num_luts(); ++i) {
    const Lut& l = net_.luts()[i];
    strash_.emplace(std::make_pair(l.fanins, l.init), net_.lut_signal(i));
  }
}

Signal LutBuilder::add(const std::vector<Signal>& fanins, const TruthTable& fn) { return add(fanins, to_init(fn)); }

Signal LutBuilder::add(const std::vector<Signal>& fanins, uint64_t init) {
  int n = static_cast<int>(fanins.size());
  init &= word_mask(n);
  // Fix constant fanins.
  std::vector<Signal> fs;
  std::vector<int> keep;
  for (int v = 0; v < n; ++v) {
    if (fanins[v] == LutNetwork::const0 || fanins[v] == LutNetwork::const1) {
      uint64_t fixed = 0;
      for (uint64_t r = 0; r < (uint64_t{1} << n); ++r) {
        uint64_t src = fanins[v] == LutNetwork::const1 ? (r | (uint64_t{1} << v)) : (r & ~(uint64_t{1} << v));
        if ((init >> src) & 1) fixed |= uint64_t{1} << r;
      }
      init = fixed;
    }
  }
  // Keep the variables the function depends on; merge repeated fanins.
  for (int v = 0; v < n; ++v) {
    if (fanins[v] < 2) continue;
    bool dep = false;
    for (uint64_t r = 0; r < (uint64_t{1} << n) && !dep; ++r)
      if (!((r >> v) & 1) && (((init >> r) ^ (init >> (r | (uint64_t{1} << v)))) & 1)) dep = true;
    if (dep) keep.push_back(v);
  }
  // Sort kept variables by signal; identical signals: keep the first and restrict the table.
  std::sort(keep.begin(), keep.end(), [&](int a, int b) { return fanins[a] != fanins[b] ? fanins[a] < fanins[b] : a < b; });
  std::vector<int> uniq;
  for (size_t i = 0; i < keep.size(); ++i) {
    if (!uniq.empty() && fanins[uniq.back()] == fanins[keep[i]]) {
      // Restrict: variable keep[i] equals variable uniq.back().
      int a = uniq.back(), b = keep[i];
      uint64_t fixed = 0;
      for (uint64_t r = 0; r < (uint64_t{1} << n); ++r) {
        uint64_t src = ((r >> a) & 1) ? (r | (uint64_t{1} << b)) : (r & ~(uint64_t{1} << b));
        if ((init >> src) & 1) fixed |= uint64_t{1} << r;
      }
      init = fixed;
      continue;
    }
    uniq.push_back(keep[i]);
  }
  if (uniq.empty()) return (init & 1) ? LutNetwork::const1 : LutNetwork::const0;
  uint64_t g = remap_init(init, n, uniq);
  // Re-check dependence after restriction (merging equal fanins can remove dependences).
  std::vector<int> dep_idx;
  int k = static_cast<int>(uniq.size());
  for (int v = 0; v < k; ++v) {
    bool dep = false;
    for (uint64_t r = 0; r < (uint64_t{1} << k) && !dep; ++r)
      if (!((r >> v) & 1) && (((g >> r) ^ (g >> (r | (uint64_t{1} << v)))) & 1)) dep = true;
    if (dep) dep_idx.push_back(v);
  }
  if (dep_idx.empty()) return (g & 1) ? LutNetwork::const1 : LutNetwork::const0;
  if (static_cast<int>(dep_idx.size()) != k) {
    g = remap_init(g, k, dep_idx);
    std::vector<int> u2;
    for (int i : dep_idx) u2.push_back(uniq[i]);
    uniq = u2;
    k = static_cast<int>(uniq.size());
  }
  for (int v : uniq) fs.push_back(fanins[v]);
  if (k == 1 && g == 0x2) return fs[0];
  auto key = std::make_pair(fs, g);
  auto it = strash_.find(key);
  if (it != strash_.end()) return it->second;
  Signal s = net_.add_lut(fs, g);
  strash_.emplace(std::move(key), s);
  return s;
}

namespace {

struct WorkLut {
  std::vector<Signal> fanins;
  uint64_t init = 0;
  bool dead = false;
};

/// Merged table of `u` after substituting its fanin signal `vsig` by LUT `v`; fanins in `out`.
bool absorb(const WorkLut& u, Signal vsig, const WorkLut& v, int k, std::vector<Signal>& out_fanins, uint64_t& out_init) {
  out_fanins.clear();
  for (Signal f : u.fanins)
    if (f != vsig && std::find(out_fanins.begin(), out_fanins.end(), f) == out_fanins.end()) out_fanins.push_back(f);
  for (Signal f : v.fanins)
    if (std::find(out_fanins.begin(), out_fanins.end(), f) == out_fanins.end()) out_fanins.push_back(f);
  int n = static_cast<int>(out_fanins.size());
  if (n > k) return false;
  auto pos = [&](Signal s) { return static_cast<int>(std::find(out_fanins.begin(), out_fanins.end(), s) - out_fanins.begin()); };
  std::vector<int> vpos, upos;
  for (Signal f : v.fanins) vpos.push_back(pos(f));
  for (Signal f : u.fanins) upos.push_back(f == vsig ? -1 : pos(f));
  out_init = 0;
  for (uint64_t r = 0; r < (uint64_t{1} << n); ++r) {
    uint64_t vr = 0;
    for (size_t i = 0; i < vpos.size(); ++i)
      if ((r >> vpos[i]) & 1) vr |= uint64_t{1} << i;
    uint64_t vval = (v.init >> vr) & 1;
    uint64_t ur = 0;
    for (size_t i = 0; i < upos.size(); ++i) {
      uint64_t bit = upos[i] < 0 ? vval : ((r >> upos[i]) & 1);
      if (bit) ur |= uint64_t{1} << i;
    }
    if ((u.init >> ur) & 1) out_init |= uint64_t{1} << r;
  }
  return true;
}

}  // namespace

LutNetwork optimize_luts(const LutNetwork& net, const lut_opt_params& ps, lut_opt_stats* st) {
  const uint32_t npi = net.num_pis();
  std::vector<WorkLut> luts;
  for (const Lut& l : net.luts()) luts.push_back({l.fanins, l.init, false});
  auto idx = [&](Signal s) { return static_cast<size_t>(s - 2 - npi); };
  std::vector<char> is_po(net.num_signals(), 0);
  for (Signal p : net.pos()) is_po[p] = 1;
  size_t absorbed = 0;
  bool changed = true;
  while (changed) {
    changed = false;
    std::vector<std::vector<size_t>> fanouts(luts.size());
    for (size_t i = 0; i < luts.size(); ++i) {
      if (luts[i].dead) continue;
      for (Signal f : luts[i].fanins)
        if (net.is_lut(f) && (fanouts[idx(f)].empty() || fanouts[idx(f)].back() != i)) fanouts[idx(f)].push_back(i);
    }
    for (size_t vi = 0; vi < luts.size(); ++vi) {
      if (luts[vi].dead) continue;
      Signal vsig = net.lut_signal(vi);
      if (is_po[vsig] || fanouts[vi].empty()) continue;
      std::vector<std::pair<std::vector<Signal>, uint64_t>> merged;
      bool ok = true;
      std::vector<size_t> live;
      for (size_t ui : fanouts[vi])
        if (!luts[ui].dead) live.push_back(ui);
      fanouts[vi] = live;
      if (live.empty()) continue;
      for (size_t ui : fanouts[vi]) {
        std::vector<Signal> f;
        uint64_t init;
        if (!absorb(luts[ui], vsig, luts[vi], ps.lut_size, f, init)) { ok = false; break; }
        merged.emplace_back(std::move(f), init);
      }
      if (!ok) continue;
      // Fanins of a merged LUT may now include signals later than vsig's position but all are
      // earlier than the fanout itself, so topological order holds.
      for (size_t j = 0; j < fanouts[vi].size(); ++j) {
        size_t ui = fanouts[vi][j];
        luts[ui].fanins = merged[j].first;
        luts[ui].init = merged[j].second;
        for (Signal f : luts[ui].fanins)
          if (net.is_lut(f)) fanouts[idx(f)].push_back(ui);
      }
      luts[vi].dead = true;
      ++absorbed;
      changed = true;
      for (auto& fo : fanouts) {
        std::sort(fo.begin(), fo.end());
        fo.erase(std::unique(fo.begin(), fo.end()), fo.end());
      }
    }
  }
  // Rebuild with structural hashing.
  LutNetwork out(npi);
  LutBuilder b(out);
  std::vector<Signal> map(net.num_signals());
  for (Signal s = 0; s < 2 + npi; ++s) map[s] = s;
  for (size_t i = 0; i < luts.size(); ++i) {
    if (luts[i].dead) continue;
    std::vector<Signal> f;
    for (Signal x : luts[i].fanins) f.push_back(map[x]);
    map[net.lut_signal(i)] = b.add(f, luts[i].init);
  }
  for (Signal p : net.pos()) out.add_po(map[p]);
  out.remove_dangling();
  size_t before = net.num_luts() - absorbed;
  if (st) {
    st->absorbed += absorbed;
    st->duplicates += before > out.num_luts() ? before - out.num_luts() : 0;
  }
  return out;
}

}  // namespace lutc::logic
