#include "logic/decompose.hpp"

#include <algorithm>
#include <bit>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <numeric>
#include <string>
#include <unordered_map>

#include "logic/lut_opt.hpp"
#include "util/log.hpp"

namespace lutc::logic {
namespace detail {

/// A multi-output sub-problem: tables over `n` local variables; variable i is signal vars[i].
struct Problem {
  int n = 0;
  std::vector<Signal> vars;
  std::vector<TruthTable> on, care;
};

/// For x < 2^k: the minterm with bit vars[i] set iff bit i of x is set.
std::vector<uint32_t> deposit_table(const std::vector<int>& vars) {
  std::vector<uint32_t> t(size_t{1} << vars.size(), 0);
  for (size_t x = 1; x < t.size(); ++x) t[x] = t[x & (x - 1)] | (1u << vars[std::countr_zero(x)]);
  return t;
}

/// Tables over `keep` (in that order) from tables over n variables that do not depend on the
/// other variables on the care set.
void project(const TruthTable& on, const TruthTable& care, const std::vector<int>& keep, TruthTable& on2,
             TruthTable& care2) {
  int n = on.num_vars;
  std::vector<int> drop;
  for (int v = 0; v < n; ++v)
    if (std::find(keep.begin(), keep.end(), v) == keep.end()) drop.push_back(v);
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

/// Greedy support reduction of one output under don't cares; returns the support.
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

/// Columns of a joint multi-output function for bound set B / free set A.
struct Columns {
  int b = 0, a = 0, o = 0;
  size_t words = 0;  // words per output column
  std::vector<uint64_t> val, care;  // [beta][output][word]
  bool full = true;                 // every bit is care
  size_t stride() const { return static_cast<size_t>(o) * words; }
  const uint64_t* v(size_t beta) const { return val.data() + beta * stride(); }
  const uint64_t* c(size_t beta) const { return care.data() + beta * stride(); }
};

Columns gather(const Problem& p, const std::vector<int>& B, const std::vector<int>& A, bool full) {
  Columns cs;
  cs.b = static_cast<int>(B.size());
  cs.a = static_cast<int>(A.size());
  cs.o = static_cast<int>(p.on.size());
  cs.words = cs.a >= 6 ? (size_t{1} << (cs.a - 6)) : 1;
  cs.full = full;
  size_t nb = size_t{1} << cs.b, na = size_t{1} << cs.a;
  cs.val.assign(nb * cs.stride(), 0);
  if (!full) cs.care.assign(nb * cs.stride(), 0);
  auto db = deposit_table(B), da = deposit_table(A);
  for (size_t beta = 0; beta < nb; ++beta) {
    for (int j = 0; j < cs.o; ++j) {
      uint64_t* vv = cs.val.data() + beta * cs.stride() + static_cast<size_t>(j) * cs.words;
      const auto& on = p.on[j].words;
      if (full) {
        for (size_t alpha = 0; alpha < na; ++alpha) {
          uint32_t m = db[beta] | da[alpha];
          vv[alpha >> 6] |= ((on[m >> 6] >> (m & 63)) & 1) << (alpha & 63);
        }
      } else {
        uint64_t* cc = cs.care.data() + beta * cs.stride() + static_cast<size_t>(j) * cs.words;
        const auto& ca = p.care[j].words;
        for (size_t alpha = 0; alpha < na; ++alpha) {
          uint32_t m = db[beta] | da[alpha];
          uint64_t cbit = (ca[m >> 6] >> (m & 63)) & 1;
          cc[alpha >> 6] |= cbit << (alpha & 63);
          vv[alpha >> 6] |= (cbit & (on[m >> 6] >> (m & 63))) << (alpha & 63);
        }
      }
    }
  }
  return cs;
}

/// Partition of the columns into compatible classes.
struct Classes {
  int count = 0;
  std::vector<int> of;                    // class per beta, -1 = column without care
  std::vector<uint64_t> val, care;        // merged class columns [class][output][word]
};

uint64_t hash_words(const uint64_t* w, size_t n) {
  uint64_t h = 0x9e3779b97f4a7c15ULL;
  for (size_t i = 0; i < n; ++i) {
    h ^= w[i] + 0x9e3779b97f4a7c15ULL + (h << 6) + (h >> 2);
    h *= 0xff51afd7ed558ccdULL;
  }
  return h;
}

/// Classes of columns; stops early (count = limit + 1) when more than `limit` classes appear.
Classes classify(const Columns& cs, int limit, bool keep_columns) {
  Classes cl;
  size_t nb = size_t{1} << cs.b, st = cs.stride();
  cl.of.assign(nb, -1);
  if (cs.full) {
    std::unordered_map<uint64_t, std::vector<int>> seen;  // hash -> classes
    std::vector<size_t> rep;                               // a column of each class
    for (size_t beta = 0; beta < nb; ++beta) {
      const uint64_t* v = cs.v(beta);
      uint64_t h = hash_words(v, st);
      auto& bucket = seen[h];
      int found = -1;
      for (int c : bucket) {
        const uint64_t* w = cs.v(rep[c]);
        if (std::equal(v, v + st, w)) { found = c; break; }
      }
      if (found < 0) {
        found = cl.count++;
        bucket.push_back(found);
        rep.push_back(beta);
        if (cl.count > limit) return cl;
        if (keep_columns) {
          cl.val.insert(cl.val.end(), v, v + st);
          cl.care.insert(cl.care.end(), st, ~uint64_t{0});
        }
      }
      cl.of[beta] = found;
    }
    if (keep_columns && cs.a < 6)
      for (size_t i = 0; i < cl.care.size(); ++i) cl.care[i] = (uint64_t{1} << (size_t{1} << cs.a)) - 1;
    return cl;
  }
  // Don't cares: greedy clique partition of the compatibility graph, most constrained first.
  std::vector<size_t> order(nb);
  std::vector<uint64_t> weight(nb, 0);
  for (size_t beta = 0; beta < nb; ++beta) {
    const uint64_t* c = cs.c(beta);
    for (size_t w = 0; w < st; ++w) weight[beta] += static_cast<uint64_t>(std::popcount(c[w]));
  }
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(), [&](size_t x, size_t y) { return weight[x] > weight[y]; });
  std::vector<uint64_t> cv, cc;  // merged classes
  for (size_t beta : order) {
    if (weight[beta] == 0) continue;
    const uint64_t* v = cs.v(beta);
    const uint64_t* c = cs.c(beta);
    int best = -1;
    uint64_t best_overlap = 0;
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
      if (cl.count > limit) return cl;
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
  return cl;
}

int code_bits(int classes) {
  int e = 0;
  while ((1 << e) < classes) ++e;
  return e;
}

struct Choice {
  std::vector<int> bound;
  int classes = 0;
  int e = 0;
  bool valid = false;
};

/// Lower is better: fewest variables left, then fewest encoding LUTs, then fewest classes.
bool better(const Choice& x, const Choice& y, int s) {
  if (!y.valid) return x.valid;
  if (!x.valid) return false;
  int sx = s - static_cast<int>(x.bound.size()) + x.e, sy = s - static_cast<int>(y.bound.size()) + y.e;
  if (sx != sy) return sx < sy;
  if (x.e != y.e) return x.e < y.e;
  return x.classes < y.classes;
}

uint64_t binomial(int n, int k) {
  if (k < 0 || k > n) return 0;
  uint64_t r = 1;
  for (int i = 1; i <= k; ++i) r = r * static_cast<uint64_t>(n - k + i) / static_cast<uint64_t>(i);
  return r;
}

class Engine {
 public:
  Engine(LutNetwork& net, const decompose_params& ps, decompose_stats& st) : b_(net), ps_(ps), st_(st) {}

  std::vector<Signal> synth(Problem p);

 private:
  Signal emit_small(const Problem& p, int j, const std::vector<int>& supp);
  Choice find_bound_set(const Problem& p, bool full);
  std::vector<Signal> curtis(const Problem& p, const Choice& ch, bool full);
  std::vector<Signal> shannon(const Problem& p);

  LutBuilder b_;
  decompose_params ps_;
  decompose_stats& st_;
};

Signal Engine::emit_small(const Problem& p, int j, const std::vector<int>& supp) {
  TruthTable on2, care2;
  project(p.on[j], p.care[j], supp, on2, care2);
  std::vector<Signal> fanins;
  for (int v : supp) fanins.push_back(p.vars[v]);
  return b_.add(fanins, on2);
}

std::vector<Signal> Engine::synth(Problem p) {
  const int o = static_cast<int>(p.on.size());
  const int k = ps_.lut_size;
  std::vector<Signal> result(o, LutNetwork::const0);
  std::vector<std::vector<int>> supp(o);
  std::vector<int> rest;
  for (int j = 0; j < o; ++j) {
    supp[j] = reduce_support(p.on[j], p.care[j], &st_.vars_removed);
    if (static_cast<int>(supp[j].size()) <= k) result[j] = emit_small(p, j, supp[j]);
    else rest.push_back(j);
  }
  if (rest.empty()) return result;
  // Joint problem over the union of the remaining supports.
  std::vector<int> uni;
  for (int j : rest) uni.insert(uni.end(), supp[j].begin(), supp[j].end());
  std::sort(uni.begin(), uni.end());
  uni.erase(std::unique(uni.begin(), uni.end()), uni.end());
  Problem q;
  q.n = static_cast<int>(uni.size());
  for (int v : uni) q.vars.push_back(p.vars[v]);
  bool full = true;
  for (int j : rest) {
    TruthTable on2, care2;
    project(p.on[j], p.care[j], uni, on2, care2);
    if (count_ones(care2) != care2.num_bits()) full = false;
    q.on.push_back(std::move(on2));
    q.care.push_back(std::move(care2));
  }
  Choice ch = find_bound_set(q, full);
  if (std::getenv("LUTC_DECOMPOSE_TRACE"))
    std::fprintf(stderr, "synth: s=%d outs=%zu full=%d bound=%zu mu=%d e=%d\n", q.n, rest.size(), full ? 1 : 0,
                 ch.bound.size(), ch.classes, ch.e);
  std::vector<Signal> sub;
  bool progress = ch.valid && static_cast<int>(ch.bound.size()) > ch.e;
  if (progress) sub = curtis(q, ch, full);
  else if (rest.size() > 1) {
    // No joint decomposition: the outputs share too little; decompose them one by one.
    for (size_t j = 0; j < rest.size(); ++j) {
      Problem one;
      one.n = q.n;
      one.vars = q.vars;
      one.on = {q.on[j]};
      one.care = {q.care[j]};
      sub.push_back(synth(std::move(one))[0]);
    }
  } else sub = shannon(q);
  for (size_t i = 0; i < rest.size(); ++i) result[rest[i]] = sub[i];
  return result;
}

Choice Engine::find_bound_set(const Problem& p, bool full) {
  const int s = p.n, k = ps_.lut_size;
  const uint64_t exhaustive_limit = ps_.effort <= 0 ? 200 : ps_.effort == 1 ? 1000 : 5000;
  const size_t beam = ps_.effort <= 0 ? 4 : ps_.effort == 1 ? 12 : 32;
  Choice best;
  std::vector<std::vector<int>> frontier;  // best sets of the previous size
  for (int bsize = 2; bsize <= std::min(k, s - 1); ++bsize) {
    std::vector<std::vector<int>> cands;
    if (binomial(s, bsize) <= exhaustive_limit) {
      std::vector<int> idx(bsize);
      std::iota(idx.begin(), idx.end(), 0);
      while (true) {
        cands.push_back(idx);
        int i = bsize - 1;
        while (i >= 0 && idx[i] == s - bsize + i) --i;
        if (i < 0) break;
        ++idx[i];
        for (int j = i + 1; j < bsize; ++j) idx[j] = idx[j - 1] + 1;
      }
    } else {
      for (const auto& f : frontier)
        for (int v = 0; v < s; ++v) {
          if (std::find(f.begin(), f.end(), v) != f.end()) continue;
          auto c = f;
          c.push_back(v);
          std::sort(c.begin(), c.end());
          cands.push_back(c);
        }
      std::sort(cands.begin(), cands.end());
      cands.erase(std::unique(cands.begin(), cands.end()), cands.end());
    }
    std::vector<std::pair<int, size_t>> scored;
    for (size_t ci = 0; ci < cands.size(); ++ci) {
      const auto& B = cands[ci];
      std::vector<int> A;
      for (int v = 0; v < s; ++v)
        if (!std::binary_search(B.begin(), B.end(), v)) A.push_back(v);
      Columns cs = gather(p, B, A, full);
      int limit = (1 << bsize);  // more classes than 2^b cannot happen; keep all for the beam
      Classes cl = classify(cs, limit, false);
      scored.emplace_back(cl.count, ci);
      Choice c{B, cl.count, code_bits(std::max(cl.count, 1)), true};
      if (better(c, best, s)) best = c;
    }
    std::stable_sort(scored.begin(), scored.end());
    frontier.clear();
    for (size_t i = 0; i < scored.size() && i < beam; ++i) frontier.push_back(cands[scored[i].second]);
  }
  return best;
}

std::vector<Signal> Engine::curtis(const Problem& p, const Choice& ch, bool full) {
  ++st_.curtis_steps;
  const auto& B = ch.bound;
  std::vector<int> A;
  for (int v = 0; v < p.n; ++v)
    if (!std::binary_search(B.begin(), B.end(), v)) A.push_back(v);
  Columns cs = gather(p, B, A, full);
  Classes cl = classify(cs, 1 << cs.b, true);
  const int mu = cl.count, e = code_bits(std::max(mu, 1));
  const size_t st = cs.stride();
  const size_t na = size_t{1} << cs.a;
  // Order classes by weight (outputs as bits of an integer, output j has weight 2^j): for
  // threshold-like functions this is the order of the partial sum over the bound set, so the
  // code is a quantized partial sum and the image function stays threshold-like.
  std::vector<double> weight(mu, 0.0);
  for (int c = 0; c < mu; ++c) {
    double w = 0, n = 0;
    for (int j = 0; j < cs.o; ++j)
      for (size_t x = 0; x < cs.words; ++x) {
        size_t i = static_cast<size_t>(c) * st + static_cast<size_t>(j) * cs.words + x;
        w += static_cast<double>(std::popcount(cl.val[i] & cl.care[i])) * static_cast<double>(1u << j);
        n += static_cast<double>(std::popcount(cl.care[i]));
      }
    weight[c] = n > 0 ? w / n : 0;
  }
  std::vector<int> order(mu);
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(), [&](int x, int y) { return weight[x] < weight[y]; });
  std::vector<int> code(mu);
  for (int r = 0; r < mu; ++r) code[order[r]] = r;
  // Encoder: e outputs over the bound set.
  Problem enc;
  enc.n = cs.b;
  for (int v : B) enc.vars.push_back(p.vars[v]);
  for (int i = 0; i < e; ++i) {
    TruthTable on(cs.b), care(cs.b);
    for (size_t beta = 0; beta < (size_t{1} << cs.b); ++beta) {
      if (cl.of[beta] < 0) continue;
      care.set(beta, true);
      if ((code[cl.of[beta]] >> i) & 1) on.set(beta, true);
    }
    enc.on.push_back(on);
    enc.care.push_back(care);
  }
  std::vector<Signal> g = synth(enc);
  // Image: variables A then the code bits.
  Problem img;
  img.n = cs.a + e;
  for (int v : A) img.vars.push_back(p.vars[v]);
  for (Signal s : g) img.vars.push_back(s);
  for (int j = 0; j < cs.o; ++j) {
    TruthTable on(img.n), care(img.n);
    for (int c = 0; c < mu; ++c) {
      const uint64_t* cv = cl.val.data() + static_cast<size_t>(c) * st + static_cast<size_t>(j) * cs.words;
      const uint64_t* cc = cl.care.data() + static_cast<size_t>(c) * st + static_cast<size_t>(j) * cs.words;
      uint64_t base = static_cast<uint64_t>(code[c]) << cs.a;
      if (cs.a >= 6) {
        for (size_t x = 0; x < cs.words; ++x) {
          on.words[(base >> 6) + x] = cv[x] & cc[x];
          care.words[(base >> 6) + x] = cc[x];
        }
      } else {
        for (size_t alpha = 0; alpha < na; ++alpha) {
          if ((cc[0] >> alpha) & 1) {
            care.set(base | alpha, true);
            if ((cv[0] >> alpha) & 1) on.set(base | alpha, true);
          }
        }
      }
    }
    img.on.push_back(std::move(on));
    img.care.push_back(std::move(care));
  }
  return synth(std::move(img));
}

std::vector<Signal> Engine::shannon(const Problem& p) {
  ++st_.shannon_steps;
  // Split on the variable whose cofactors have the smallest total support.
  int best = 0;
  size_t best_cost = SIZE_MAX;
  for (int v = 0; v < p.n; ++v) {
    size_t cost = 0;
    for (size_t j = 0; j < p.on.size(); ++j)
      for (int val = 0; val < 2; ++val) {
        TruthTable on = cofactor(p.on[j], v, val), care = cofactor(p.care[j], v, val);
        for (int u = 0; u < p.n; ++u)
          if (u != v && has_var_on(on, care, u)) ++cost;
      }
    if (cost < best_cost) best_cost = cost, best = v;
  }
  Problem q;
  q.n = p.n - 1;
  std::vector<int> keep;
  for (int v = 0; v < p.n; ++v)
    if (v != best) keep.push_back(v), q.vars.push_back(p.vars[v]);
  for (size_t j = 0; j < p.on.size(); ++j)
    for (int val = 0; val < 2; ++val) {
      TruthTable on2, care2;
      project(cofactor(p.on[j], best, val) & cofactor(p.care[j], best, val), cofactor(p.care[j], best, val), keep, on2,
              care2);
      q.on.push_back(std::move(on2));
      q.care.push_back(std::move(care2));
    }
  auto sub = synth(std::move(q));
  std::vector<Signal> out;
  for (size_t j = 0; j < p.on.size(); ++j) {
    // fanins (x, f0, f1): x ? f1 : f0
    out.push_back(b_.add({p.vars[best], sub[2 * j], sub[2 * j + 1]}, uint64_t{0xE4}));
  }
  return out;
}

}  // namespace detail

LutNetwork decompose(const MultiFunction& f, const decompose_params& ps, decompose_stats* st) {
  decompose_stats local;
  decompose_stats& s = st ? *st : local;
  LutNetwork net(static_cast<uint32_t>(f.num_vars));
  detail::Problem p;
  p.n = f.num_vars;
  for (int i = 0; i < f.num_vars; ++i) p.vars.push_back(net.pi(static_cast<uint32_t>(i)));
  p.on = f.on;
  p.care = f.care;
  detail::Engine eng(net, ps, s);
  auto outs = eng.synth(std::move(p));
  for (Signal o : outs) net.add_po(o);
  net.remove_dangling();
  lut_opt_params lp;
  lp.lut_size = ps.lut_size;
  lut_opt_stats ls;
  LutNetwork opt = optimize_luts(net, lp, &ls);
  s.absorbed += ls.absorbed;
  if (ps.verbose)
    log::detail("decompose: " + std::to_string(s.curtis_steps) + " Curtis steps, " + std::to_string(s.shannon_steps) +
                " Shannon steps, " + std::to_string(s.vars_removed) + " variables removed under don't cares, " +
                std::to_string(ls.absorbed) + " LUTs absorbed, " + std::to_string(opt.num_luts()) + " LUTs");
  return opt;
}

}  // namespace lutc::logic
