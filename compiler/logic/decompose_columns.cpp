#include "logic/decompose_columns.hpp"

#include <algorithm>
#include <bit>
#include <numeric>

namespace lutc::logic::detail {

/// For x < 2^k: the minterm with bit vars[i] set iff bit i of x is set.
std::vector<uint32_t> deposit_table(const std::vector<int>& vars) {
  std::vector<uint32_t> t(size_t{1} << vars.size(), 0);
  for (size_t x = 1; x < t.size(); ++x) t[x] = t[x & (x - 1)] | (1u << vars[std::countr_zero(x)]);
  return t;
}

ProblemDigest digest(const Problem& p) {
  // splitmix64-style finalizer per word, two lanes with different seeds and multipliers.
  auto mix = [](uint64_t x) {
    x ^= x >> 30;
    x *= 0xbf58476d1ce4e5b9ULL;
    x ^= x >> 27;
    x *= 0x94d049bb133111ebULL;
    return x ^ (x >> 31);
  };
  ProblemDigest d{0x243f6a8885a308d3ULL, 0x13198a2e03707344ULL};
  auto add = [&](uint64_t w) {
    d.lo = mix(d.lo ^ w) + 0x9e3779b97f4a7c15ULL;
    d.hi = mix((d.hi + w) * 0xd6e8feb86659fd93ULL) ^ 0xa0761d6478bd642fULL;
  };
  add(static_cast<uint64_t>(p.n));
  for (const auto* tables : {&p.on, &p.care}) {
    add(tables->size());
    for (const TruthTable& t : *tables)
      for (uint64_t w : t.words) add(w);
  }
  return d;
}

namespace {

/// Cofactor 0 of variable p < 6 of a word, compacted into its low half (bit order kept).
inline uint64_t low_cofactor(uint64_t w, int p) {
  uint64_t y = w & ~kVarWords[p];
  for (int k = p; k < 5; ++k) y = (y | (y >> (1 << k))) & ~kVarWords[k + 1];
  return y;
}

/// Removes variable v from a table of n variables by its cofactor v = 0 (the variables above
/// move down by one), in place.
void drop_low(std::vector<uint64_t>& w, int n, int v) {
  if (v >= 6) {
    const size_t stride = size_t{1} << (v - 6);
    size_t k = 0;
    for (size_t x = 0; x < w.size(); ++x)
      if (!(x & stride)) w[k++] = w[x];
    w.resize(std::max<size_t>(k, 1));
  } else if (n >= 7) {
    for (size_t k = 0; 2 * k < w.size(); ++k) w[k] = low_cofactor(w[2 * k], v) | (low_cofactor(w[2 * k + 1], v) << 32);
    w.resize(w.size() / 2);
  } else {
    w[0] = low_cofactor(w[0], v);
  }
}

}  // namespace

void project(const TruthTable& on, const TruthTable& care, const std::vector<int>& keep, TruthTable& on2,
             TruthTable& care2) {
  int n = on.num_vars;
  std::vector<int> drop;
  for (int v = 0; v < n; ++v)
    if (std::find(keep.begin(), keep.end(), v) == keep.end()) drop.push_back(v);
  const bool all_care = std::all_of(care.words.begin(), care.words.end(), [&](uint64_t w) { return w == word_mask(n); });
  if (all_care && std::is_sorted(keep.begin(), keep.end())) {
    // Every minterm cared for: the first care minterm of each kept assignment is the one with
    // the dropped variables 0, so the result is that cofactor (word operations, highest first).
    on2.num_vars = care2.num_vars = static_cast<int>(keep.size());
    on2.words = on.words;
    int cur = n;
    for (size_t i = drop.size(); i-- > 0; --cur) drop_low(on2.words, cur, drop[i]);
    care2.words.assign(on2.words.size(), word_mask(care2.num_vars));
    return;
  }
  auto dk = deposit_table(keep), dd = deposit_table(drop);
  int k = static_cast<int>(keep.size());
  on2 = TruthTable(k);
  care2 = TruthTable(k);
  for (size_t x = 0; x < dk.size(); ++x) {
    for (size_t y = 0; y < dd.size(); ++y) {
      uint32_t m = dk[x] | dd[y];
      if (care.get(m)) {
        care2.set(x, true);
        if (on.get(m)) on2.set(x, true);
        break;
      }
    }
  }
}

/// Removes x_var from (on, care) on the care set (caller checked there is no conflict).
void drop_var(TruthTable& on, TruthTable& care, int var) {
  TruthTable c0 = cofactor(care, var, false), c1 = cofactor(care, var, true);
  TruthTable o0 = cofactor(on, var, false), o1 = cofactor(on, var, true);
  on = (o0 & c0) | (o1 & c1);
  care = c0 | c1;
}

/// Number of care-minterm pairs differing only in x_var (evidence that the variable matters).
uint64_t care_pairs(const TruthTable& care, int var) {
  TruthTable both = cofactor(care, var, false) & cofactor(care, var, true);
  return count_ones(both) / 2;
}

std::vector<int> reduce_support(TruthTable& on, TruthTable& care, size_t* removed) {
  int n = on.num_vars;
  std::vector<int> supp;
  for (int v = 0; v < n; ++v)
    if (has_var(on & care, v) || has_var(care, v)) supp.push_back(v);
  while (true) {
    int best = -1;
    uint64_t best_pairs = 0;
    for (int v : supp) {
      if (has_var_on(on, care, v)) continue;
      uint64_t p = care_pairs(care, v);
      // Fewest care pairs first: a variable seen in few pairs is the weakest evidence of a
      // real dependence, and dropping it keeps more freedom for the others.
      if (best < 0 || p < best_pairs) best = v, best_pairs = p;
    }
    if (best < 0) break;
    drop_var(on, care, best);
    supp.erase(std::find(supp.begin(), supp.end(), best));
    if (removed) ++*removed;
  }
  // Normalize: on only within care.
  on = on & care;
  return supp;
}

void swap_vars(std::vector<uint64_t>& w, int i, int j) { swap_vars(w.data(), w.size(), i, j); }

LUTC_AVX2
void swap_vars(uint64_t* d, size_t size, int i, int j) {
  if (i == j) return;
  if (i > j) std::swap(i, j);
  if (j < 6) {
    const uint64_t mask = kVarWords[i] & ~kVarWords[j];
    const int shift = (1 << j) - (1 << i);
    for (size_t k = 0; k < size; ++k) d[k] = (d[k] & ~(mask | (mask << shift))) | ((d[k] & mask) << shift) | ((d[k] >> shift) & mask);
  } else if (i < 6) {
    // Blocks of `step` words with variable j = 0 pair with the next `step` words (j = 1).
    const size_t step = size_t{1} << (j - 6);
    const uint64_t m = kVarWords[i];
    const int sh = 1 << i;
    if (step == 1) {  // adjacent pairs: one loop
      for (size_t k = 0; k < size; k += 2) {
        const uint64_t lo = d[k], hi = d[k + 1];
        d[k] = (lo & ~m) | ((hi & ~m) << sh);
        d[k + 1] = (hi & m) | ((lo & m) >> sh);
      }
      return;
    }
    for (size_t k0 = 0; k0 < size; k0 += 2 * step)
      for (size_t k = k0; k < k0 + step; ++k) {
        const uint64_t lo = d[k], hi = d[k + step];
        d[k] = (lo & ~m) | ((hi & ~m) << sh);
        d[k + step] = (hi & m) | ((lo & m) >> sh);
      }
  } else {
    // Runs of si words with (i, j) = (1, 0) trade places with the runs with (0, 1).
    const size_t si = size_t{1} << (i - 6), sj = size_t{1} << (j - 6);
    for (size_t k0 = 0; k0 < size; k0 += 2 * sj)
      for (size_t k1 = k0; k1 < k0 + sj; k1 += 2 * si) std::swap_ranges(d + k1 + si, d + k1 + 2 * si, d + k1 + sj);
  }
}

/// Moves variables so that `order[t]` becomes variable t (order is a permutation of 0..n-1).
void permute_vars(std::vector<uint64_t>& w, const std::vector<int>& order) {
  const int n = static_cast<int>(order.size());
  std::vector<int> at(n), var_at(n);  // at[v] = current position of original var v
  std::iota(at.begin(), at.end(), 0);
  std::iota(var_at.begin(), var_at.end(), 0);
  for (int t = 0; t < n; ++t) {
    int v = order[t], p = at[v];
    if (p == t) continue;
    swap_vars(w, t, p);
    int u = var_at[t];
    var_at[t] = v, at[v] = t;
    var_at[p] = u, at[u] = p;
  }
}

Columns gather(const Problem& p, const std::vector<int>& B, const std::vector<int>& A, bool full) {
  Columns cs;
  cs.b = static_cast<int>(B.size());
  cs.a = static_cast<int>(A.size());
  cs.o = static_cast<int>(p.on.size());
  cs.words = cs.a >= 6 ? (size_t{1} << (cs.a - 6)) : 1;
  cs.full = full;
  const size_t nb = size_t{1} << cs.b;
  cs.val.assign(nb * cs.stride(), 0);
  if (!full) cs.care.assign(nb * cs.stride(), 0);
  // Variables in neither set (a fixed shared variable) go last; the table does not depend on them.
  std::vector<int> order = A;
  order.insert(order.end(), B.begin(), B.end());
  for (int v = 0; v < p.n; ++v)
    if (std::find(order.begin(), order.end(), v) == order.end()) order.push_back(v);
  bool identity = true;
  for (size_t t = 0; t < order.size(); ++t) identity &= order[t] == static_cast<int>(t);
  auto extract = [&](const std::vector<uint64_t>& w, std::vector<uint64_t>& dst, size_t j) {
    for (size_t beta = 0; beta < nb; ++beta) {
      uint64_t* d = dst.data() + beta * cs.stride() + j * cs.words;
      if (cs.a >= 6) {
        std::copy(w.begin() + static_cast<long>(beta * cs.words), w.begin() + static_cast<long>((beta + 1) * cs.words), d);
      } else {
        size_t bit = beta << cs.a;
        d[0] = (w[bit >> 6] >> (bit & 63)) & word_mask(cs.a);
      }
    }
  };
  for (int j = 0; j < cs.o; ++j) {
    std::vector<uint64_t> w = p.on[j].words;
    if (!full) {
      std::vector<uint64_t> c = p.care[j].words;
      for (size_t x = 0; x < w.size(); ++x) w[x] &= c[x];
      if (!identity) permute_vars(c, order);
      extract(c, cs.care, static_cast<size_t>(j));
    }
    if (!identity) permute_vars(w, order);
    extract(w, cs.val, static_cast<size_t>(j));
  }
  return cs;
}

uint64_t hash_words(const uint64_t* w, size_t n) {
  uint64_t h = kHashSeed;
  for (size_t i = 0; i < n; ++i) h = hash_step(h, w[i]);
  return h;
}

Classes classify(const Columns& cs, int limit, bool keep_columns) {
  Classes cl;
  size_t nb = size_t{1} << cs.b, st = cs.stride();
  cl.of.assign(nb, -1);
  if (cs.full && !keep_columns) {
    // Counting only (bound-set search): distinct hashes in an open-addressing set.
    size_t cap = 1;
    while (cap < 2 * nb) cap <<= 1;
    std::vector<uint64_t> set(cap, 0);
    for (size_t beta = 0; beta < nb; ++beta) {
      uint64_t h = hash_words(cs.v(beta), st) | 1;  // 0 marks an empty slot
      size_t i = (h >> 17) & (cap - 1);
      while (set[i] != 0 && set[i] != h) i = (i + 1) & (cap - 1);
      if (set[i] == 0) {
        set[i] = h;
        if (++cl.count > limit) return cl;
      }
    }
    return cl;
  }
  if (cs.full) {
    // Classes numbered in the order of their first column: an open-addressing table from a
    // column's hash to the first column with it, columns compared exactly on a hash match.
    size_t cap = 1;
    while (cap < 2 * nb) cap <<= 1;
    std::vector<uint32_t> first(cap, UINT32_MAX);
    std::vector<uint64_t> first_hash(cap);
    for (size_t beta = 0; beta < nb; ++beta) {
      const uint64_t* v = cs.v(beta);
      const uint64_t h = hash_words(v, st);
      size_t i = (h >> 17) & (cap - 1);
      int cls = -1;
      for (; first[i] != UINT32_MAX; i = (i + 1) & (cap - 1))
        if (first_hash[i] == h && std::equal(v, v + st, cs.v(first[i]))) {
          cls = cl.of[first[i]];
          break;
        }
      if (cls >= 0) {
        cl.of[beta] = cls;
        continue;
      }
      first[i] = static_cast<uint32_t>(beta);
      first_hash[i] = h;
      cl.of[beta] = cl.count++;
      if (cl.count > limit) return cl;
      if (keep_columns) {
        cl.val.insert(cl.val.end(), v, v + st);
        cl.care.insert(cl.care.end(), st, cs.a < 6 ? word_mask(cs.a) : ~uint64_t{0});
      }
    }
    return cl;
  }
  partition_compatible(cs.val.data(), cs.care.data(), nb, st, limit, keep_columns, cl);
  return cl;
}

namespace {

/// Equal words (short columns compared inline, long ones by memcmp).
inline bool same_words(const uint64_t* x, const uint64_t* y, size_t n) {
  if (n > 4) return std::equal(x, x + n, y);
  for (size_t w = 0; w < n; ++w)
    if (x[w] != y[w]) return false;
  return true;
}

}  // namespace

LUTC_HW_POPCOUNT
void partition_compatible(const uint64_t* val, const uint64_t* care, size_t nb, size_t st, int limit, bool keep_columns,
                          Classes& cl, const uint32_t* at) {
  auto off = [&](size_t beta) { return (at ? at[beta] : beta) * st; };
  // Greedy clique partition of the compatibility graph, most constrained first. Scratch is
  // per thread and reused: the bound-set search calls this for every candidate.
  thread_local std::vector<uint64_t> order, scratch_v, scratch_c;
  std::vector<uint64_t> kept_v, kept_c;
  std::vector<uint64_t>& cv = keep_columns ? kept_v : scratch_v;  // merged classes
  std::vector<uint64_t>& cc = keep_columns ? kept_c : scratch_c;
  cv.clear();
  cc.clear();
  const size_t most = std::min(nb, static_cast<size_t>(std::max(limit, 0)) + 1);  // classes kept at most
  cv.reserve(most * st);
  cc.reserve(most * st);
  cl.count = 0;
  cl.of.assign(nb, -1);
  // Heaviest care first, ties in column order: sort keys (max - weight, beta), all distinct.
  // Counting sort by weight (a stable bucket pass: columns stay in order within a weight).
  const size_t max_weight = size_t{64} * st;
  // Few columns of many words: a comparison sort of the keys instead (the same order).
  thread_local std::vector<uint32_t> weight_of, bucket;
  weight_of.resize(nb);
  uint32_t top = 0;  // the largest weight: ranks top - weight (the same order as max_weight - weight)
  for (size_t beta = 0; beta < nb; ++beta) {
    const uint64_t* c = care + off(beta);
    size_t weight = 0;
    for (size_t w = 0; w < st; ++w) weight += static_cast<size_t>(std::popcount(c[w]));
    weight_of[beta] = static_cast<uint32_t>(weight);
    top = std::max(top, weight_of[beta]);
  }
  order.resize(nb);
  if (nb * 8 < max_weight) {
    for (size_t beta = 0; beta < nb; ++beta) order[beta] = (uint64_t{max_weight - weight_of[beta]} << 32) | beta;
    std::sort(order.begin(), order.end());
    for (auto& k : order) k &= 0xffffffffULL;
  } else {
    bucket.assign(size_t{top} + 2, 0);
    for (size_t beta = 0; beta < nb; ++beta) ++bucket[top - weight_of[beta] + 1];
    for (size_t w = 1; w < bucket.size(); ++w) bucket[w] += bucket[w - 1];  // bucket[r]: first slot of rank r
    for (size_t beta = 0; beta < nb; ++beta) order[bucket[top - weight_of[beta]]++] = beta;
  }
  // Columns without care join no class: they sort last.
  size_t cared = nb;
  while (cared > 0 && weight_of[order[cared - 1]] == 0) --cared;
  size_t oi = 0;
  // The leading columns with the first column's care mask (often all care): while every class
  // has that mask too, a column is compatible only with the class of equal value (one at most),
  // so a hash lookup replaces the scan over the classes. The classes are the greedy loop's.
  if (cared > 0) {
    const uint64_t* mask = care + off(order[0]);
    const size_t entries = std::min(nb, static_cast<size_t>(std::max(limit, 0)) + 1);
    size_t cap = 2;
    while (cap < 2 * entries) cap <<= 1;
    thread_local std::vector<int> slot;  // class + 1, 0 = empty
    slot.assign(cap, 0);
    for (; oi < cared; ++oi) {
      const size_t beta = order[oi];
      const uint64_t* v = val + off(beta);
      const uint64_t* c = care + off(beta);
      if (!same_words(c, mask, st)) break;
      // The hash only picks the slot (equal columns are found by comparing): a multiply-add chain.
      uint64_t h = kHashSeed;
      for (size_t w = 0; w < st; ++w) h = (h + v[w]) * 0xff51afd7ed558ccdULL;
      size_t i = static_cast<size_t>((h ^ (h >> 29)) >> 17) & (cap - 1);
      int best = -1;
      for (; slot[i] != 0; i = (i + 1) & (cap - 1))
        if (same_words(v, cv.data() + static_cast<size_t>(slot[i] - 1) * st, st)) {
          best = slot[i] - 1;
          break;
        }
      if (best < 0) {
        best = cl.count++;
        if (cl.count > limit) return;
        slot[i] = best + 1;
        cv.insert(cv.end(), v, v + st);
        cc.insert(cc.end(), c, c + st);
      }
      cl.of[beta] = best;
    }
  }
  for (; oi < cared; ++oi) {
    const size_t beta = order[oi];
    const uint64_t* v = val + off(beta);
    const uint64_t* c = care + off(beta);
    int best = -1;
    uint64_t best_overlap = 0;
    if (st == 1) {  // one word per column (the common small case): no inner loop
      const uint64_t v0 = v[0], c0 = c[0];
      for (int k = 0; k < cl.count; ++k) {
        const uint64_t both = c0 & cc[static_cast<size_t>(k)];
        if ((v0 ^ cv[static_cast<size_t>(k)]) & both) continue;
        const auto overlap = static_cast<uint64_t>(std::popcount(both));
        if (best < 0 || overlap > best_overlap) best = k, best_overlap = overlap;
      }
    } else
    for (int k = 0; k < cl.count; ++k) {
      const uint64_t* kv = cv.data() + static_cast<size_t>(k) * st;
      const uint64_t* kc = cc.data() + static_cast<size_t>(k) * st;
      bool ok = true;
      uint64_t overlap = 0;
      for (size_t w = 0; w < st; ++w) {
        uint64_t both = c[w] & kc[w];
        if ((v[w] ^ kv[w]) & both) { ok = false; break; }
        overlap += static_cast<uint64_t>(std::popcount(both));
      }
      if (ok && (best < 0 || overlap > best_overlap)) best = k, best_overlap = overlap;
    }
    if (best < 0) {
      best = cl.count++;
      if (cl.count > limit) return;
      cv.insert(cv.end(), v, v + st);
      cc.insert(cc.end(), c, c + st);
    } else {
      uint64_t* kv = cv.data() + static_cast<size_t>(best) * st;
      uint64_t* kc = cc.data() + static_cast<size_t>(best) * st;
      for (size_t w = 0; w < st; ++w) {
        kv[w] |= v[w] & c[w];
        kc[w] |= c[w];
      }
    }
    cl.of[beta] = best;
  }
  if (keep_columns) {
    cl.val = std::move(cv);
    cl.care = std::move(cc);
  }
}

int code_bits(int classes) {
  int e = 0;
  while ((1 << e) < classes) ++e;
  return e;
}

uint64_t binomial(int n, int k) {
  if (k < 0 || k > n) return 0;
  uint64_t r = 1;
  for (int i = 1; i <= k; ++i) r = r * static_cast<uint64_t>(n - k + i) / static_cast<uint64_t>(i);
  return r;
}

std::vector<int> complement(int n, const std::vector<int>& set) {
  std::vector<int> out;
  for (int v = 0; v < n; ++v)
    if (std::find(set.begin(), set.end(), v) == set.end()) out.push_back(v);
  return out;
}

Classes slice_classes(const Problem& p, const std::vector<int>& Bp, const std::vector<int>& A, int shared, int value,
                      bool full, int limit, bool keep) {
  if (shared < 0) return classify(gather(p, Bp, A, full), limit, keep);
  Problem q;
  q.n = p.n;
  for (size_t j = 0; j < p.on.size(); ++j) {
    q.on.push_back(cofactor(p.on[j], shared, value));
    q.care.push_back(cofactor(p.care[j], shared, value));
  }
  return classify(gather(q, Bp, A, full), limit, keep);
}

void fill_dont_cares(TruthTable& on, const TruthTable& care) {
  const int k = on.num_vars;
  const uint64_t n = on.num_bits();
  uint64_t v = on.words[0], c = care.words[0];
  if ((c & word_mask(k)) == word_mask(k)) return;
  uint64_t filled = v & c;
  for (uint64_t m = 0; m < n; ++m) {
    if ((c >> m) & 1) continue;
    int ones = 0, zeros = 0;
    for (int d = 1; d <= k && ones == zeros; ++d) {
      for (uint64_t x = 0; x < n; ++x) {
        if (!((c >> x) & 1) || std::popcount(x ^ m) != d) continue;
        if ((v >> x) & 1) ++ones;
        else ++zeros;
      }
    }
    if (ones > zeros) filled |= uint64_t{1} << m;
  }
  on.words[0] = filled;
}

}  // namespace lutc::logic::detail
