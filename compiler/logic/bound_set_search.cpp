#include "logic/bound_set_search.hpp"

#include <algorithm>
#include <bit>
#include <climits>
#include <cstdint>
#include <numeric>
#include <optional>

#include "logic/column_count.hpp"

namespace lutc::logic::detail {

bool better(const Choice& x, const Choice& y, int s) {
  if (!y.valid) return x.valid;
  if (!x.valid) return false;
  if (x.left(s) != y.left(s)) return x.left(s) < y.left(s);
  if (x.e != y.e) return x.e < y.e;
  return x.classes < y.classes;
}

namespace {

/// The sets of width k of {0..n-1} in revolving-door order (neighbours differ in one variable
/// in and one out), as bit masks: R(n, k) = R(n - 1, k), then R(n - 1, k - 1) reversed plus n - 1.
void revolving_door(int n, int k, std::vector<uint64_t>& out) {
  if (k == 0 || k == n) {
    out.push_back(k == 0 ? 0 : (uint64_t{1} << n) - 1);
    return;
  }
  revolving_door(n - 1, k, out);
  const size_t mid = out.size();
  revolving_door(n - 1, k - 1, out);
  std::reverse(out.begin() + static_cast<long>(mid), out.end());
  for (size_t i = mid; i < out.size(); ++i) out[i] |= uint64_t{1} << (n - 1);
}

/// The order in which a width's candidates are counted (any order gives the same answer; see
/// search_width). Wide bound sets (many short columns; `promising_first`): the supersets of the
/// previous width's best sets first, so the beam fills with small counts early and the early
/// exit cuts the other candidates short. Otherwise the fewest variable moves: all sets of the
/// width (`exhaustive`) in revolving-door order (one swap per candidate), or candidate order.
std::vector<size_t> count_order(int s, int bsize, bool exhaustive, const std::vector<std::vector<int>>& cands,
                                const std::vector<std::vector<int>>& frontier, bool promising_first) {
  std::vector<size_t> order(cands.size());
  std::iota(order.begin(), order.end(), 0);
  if ((!promising_first || frontier.empty()) && exhaustive && bsize < s && s < 64) {
    // The same for every search of s variables: made once per thread.
    thread_local std::vector<std::vector<std::vector<size_t>>> made;
    if (made.size() <= static_cast<size_t>(s)) made.resize(static_cast<size_t>(s) + 1);
    auto& by_width = made[static_cast<size_t>(s)];
    if (by_width.size() <= static_cast<size_t>(bsize)) by_width.resize(static_cast<size_t>(bsize) + 1);
    auto& door = by_width[static_cast<size_t>(bsize)];
    if (door.empty()) {
      std::vector<uint64_t> masks;
      revolving_door(s, bsize, masks);
      for (uint64_t mask : masks) {  // the lexicographic index of each set
        size_t rank = 0;
        int prev = -1, left = bsize;
        for (uint64_t m = mask; m; m &= m - 1, --left) {
          const int c = std::countr_zero(m);
          for (int x = prev + 1; x < c; ++x) rank += binomial(s - 1 - x, left - 1);
          prev = c;
        }
        door.push_back(rank);
      }
    }
    if (door.size() == cands.size()) return door;
  }
  if (!promising_first || frontier.empty()) return order;
  auto mask = [](const std::vector<int>& set) {
    uint64_t m = 0;
    for (int v : set) m |= uint64_t{1} << v;
    return m;
  };
  std::vector<uint64_t> fm;
  for (const auto& f : frontier) fm.push_back(mask(f));
  std::vector<size_t> rank(cands.size(), fm.size());  // the best frontier set contained
  for (size_t ci = 0; ci < cands.size(); ++ci) {
    const uint64_t m = mask(cands[ci]);
    for (size_t k = 0; k < fm.size(); ++k)
      if ((m & fm[k]) == fm[k]) { rank[ci] = k; break; }
  }
  std::stable_sort(order.begin(), order.end(), [&](size_t x, size_t y) { return rank[x] < rank[y]; });
  return order;
}

/// Candidates of width `bsize`: all sets (lexicographic) or the previous frontier's supersets.
std::vector<std::vector<int>> candidates(int s, int bsize, bool exhaustive, const std::vector<std::vector<int>>& frontier) {
  std::vector<std::vector<int>> cands;
  if (exhaustive) {
    std::vector<int> idx(static_cast<size_t>(bsize));
    std::iota(idx.begin(), idx.end(), 0);
    while (true) {
      cands.push_back(idx);
      int i = bsize - 1;
      while (i >= 0 && idx[i] == s - bsize + i) --i;
      if (i < 0) break;
      ++idx[i];
      for (int j = i + 1; j < bsize; ++j) idx[j] = idx[j - 1] + 1;
    }
    return cands;
  }
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
  return cands;
}

/// Lower bounds on the classes of bound sets, by variable mask. Columns that pairwise clash
/// (differ where both care) each need a class of their own. The columns of B + {x} are the
/// x-halves of B's columns, and two clashing ones of the same half come from clashing columns
/// of B, so B has at least half as many pairwise clashing columns as B + {x}. Recorded per
/// counted set: its clashing columns (ColumnCounter::clashing: the count when completely
/// specified); a set's bound is half the most recorded for a set with one more variable.
class SetBounds {
 public:
  explicit SetBounds(int n) : n_(n), lb_(size_t{1} << n, 0) {}
  uint32_t of(uint64_t mask) const {
    uint32_t best = 0;
    for (int x = 0; x < n_; ++x)
      if (!((mask >> x) & 1)) best = std::max(best, lb_[mask | (uint64_t{1} << x)]);
    return (best + 1) / 2;
  }
  void record(uint64_t mask, uint32_t v) { lb_[mask] = std::max(lb_[mask], v); }

 private:
  int n_;
  std::vector<uint32_t> lb_;
};

/// One width: its best set and (keep_frontier) its `beam` best sets. Counting stops past `cap`
/// classes as well (a candidate above it cannot win; the best stays exact when within it).
void search_width(ColumnCounter& counter, int s, int bsize, bool exhaustive, const std::vector<std::vector<int>>& prev,
                  bool promising_first, size_t beam, int cap, bool keep_frontier, Choice& size_best,
                  std::vector<std::vector<int>>& frontier, size_t* counted, SetBounds* bounds = nullptr,
                  bool use_bounds = false, size_t* skipped = nullptr) {
  // All sets of a width are the same for every search of s variables: made once per thread.
  // Each set's variable mask beside it, contiguous: the bounds read masks in counting order,
  // and a set skipped by its bound is never touched (the sets are separate heap blocks).
  struct width_sets {
    std::vector<std::vector<int>> sets;
    std::vector<uint64_t> masks;
  };
  auto with_masks = [](std::vector<std::vector<int>> sets) {
    width_sets w{std::move(sets), {}};
    w.masks.reserve(w.sets.size());
    for (const auto& B : w.sets) {
      uint64_t m = 0;
      for (int v : B) m |= uint64_t{1} << v;
      w.masks.push_back(m);
    }
    return w;
  };
  thread_local std::vector<std::vector<width_sets>> all_sets;
  width_sets grown;
  if (exhaustive) {
    if (all_sets.size() <= static_cast<size_t>(s)) all_sets.resize(static_cast<size_t>(s) + 1);
    auto& by_width = all_sets[static_cast<size_t>(s)];
    if (by_width.size() <= static_cast<size_t>(bsize)) by_width.resize(static_cast<size_t>(bsize) + 1);
    if (by_width[static_cast<size_t>(bsize)].sets.empty())
      by_width[static_cast<size_t>(bsize)] = with_masks(candidates(s, bsize, true, prev));
  } else {
    grown = with_masks(candidates(s, bsize, false, prev));
  }
  const width_sets& sets = exhaustive ? all_sets[static_cast<size_t>(s)][static_cast<size_t>(bsize)] : grown;
  const std::vector<std::vector<int>>& cands = sets.sets;
  std::vector<std::pair<int, size_t>> scored;
  size_best = Choice{};
  size_t best_ci = 0;
  // The `beam` smallest counts so far (a max-heap): once it is full, a candidate with more
  // classes than its top can neither enter the frontier nor be the best (it is worse than
  // `beam` others whatever the order), so counting stops there. Hence the order of counting
  // is free; the frontier and the best are ranked by (count, candidate index).
  std::vector<int> smallest;
  Choice cand;
  for (size_t ci : count_order(s, bsize, exhaustive, cands, prev, promising_first)) {
    int limit = std::min(1 << std::min(bsize, 20), cap);
    if (smallest.size() >= beam) limit = std::min(limit, smallest.front());
    // Without a frontier only the best counts: a candidate past its count cannot win.
    // Nor can one of its count that comes later in candidate order (ties go to the first).
    if (!keep_frontier && size_best.valid) limit = std::min(limit, size_best.classes - (ci > best_ci ? 1 : 0));
    int count = 0;
    const uint64_t m = sets.masks[ci];
    const uint32_t lb = use_bounds && bounds ? bounds->of(m) : 0;
    if (static_cast<int64_t>(lb) > limit) {
      count = limit + 1;  // what the counter would return: more than limit classes for sure
      if (skipped) ++*skipped;
      bounds->record(m, lb);
    } else {
      count = counter.count(cands[ci], limit);
      if (counted) ++*counted;
      if (bounds) bounds->record(m, static_cast<uint32_t>(counter.clashing()));
    }
    if (keep_frontier) scored.emplace_back(count, ci);
    if (smallest.size() < beam || count < smallest.front()) {
      smallest.push_back(count);
      std::push_heap(smallest.begin(), smallest.end());
      if (smallest.size() > beam) {
        std::pop_heap(smallest.begin(), smallest.end());
        smallest.pop_back();
      }
    }
    // The comparison reads only the bound set's size (every candidate of the width has it):
    // the set itself is copied only when it wins.
    cand.bound.resize(static_cast<size_t>(bsize));
    cand.classes = count, cand.e = code_bits(std::max(count, 1)), cand.valid = true;
    if (better(cand, size_best, s) || (!better(size_best, cand, s) && ci < best_ci)) {
      cand.bound.assign(cands[ci].begin(), cands[ci].end());
      size_best = cand, best_ci = ci;
    }
  }
  frontier.clear();
  if (!keep_frontier) return;
  std::stable_sort(scored.begin(), scored.end());
  for (size_t i = 0; i < scored.size() && i < beam; ++i) frontier.push_back(cands[scored[i].second]);
}

/// Widths with at most this many sets are searched exhaustively; wider ones by a beam.
uint64_t exhaustive_set_limit(int effort) { return effort <= 0 ? 200 : effort <= 2 ? 1000 : 5000; }

/// The beam of a width that grows from the previous one.
size_t beam_size(int effort) { return effort <= 0 ? 4 : effort <= 2 ? 12 : 32; }

}  // namespace

size_t wide_kept(int effort) { return effort <= 1 ? 3 : 4; }

size_t shared_tops(int effort) { return effort <= 0 ? 2 : effort <= 2 ? 6 : 16; }

size_t frontier_size(int s, int b, const bound_set_search_params& ps) {
  const uint64_t exhaustive_limit = exhaustive_set_limit(ps.effort);
  const size_t beam = beam_size(ps.effort);
  if (!ps.prune) return beam;
  const int last0 = std::min(ps.lut_size, s - 1);
  const bool next_grows = b < s - 1 && binomial(s, b + 1) > exhaustive_limit;  // width b + 1 is a beam
  if (next_grows) return beam;
  if (b < last0) return 0;  // a pruned width
  return b == last0 ? std::min(beam, shared_tops(ps.effort)) : 0;
}

Choice best_bound_set(const BoundSetSearch& r, int s, int last) {
  Choice best;
  for (int bsize = 2; bsize <= last; ++bsize)
    if (better(r.per_size[static_cast<size_t>(bsize - 2)], best, s)) best = r.per_size[static_cast<size_t>(bsize - 2)];
  return best;
}

void extend_search(const Problem& p, bool full, int last, const bound_set_search_params& ps, BoundSetSearch& r,
                   bound_set_search_stats* st) {
  const int s = p.n;
  const uint64_t exhaustive_limit = exhaustive_set_limit(ps.effort);
  const size_t beam = beam_size(ps.effort);
  const int from = static_cast<int>(r.per_size.size()) + 2;
  if (from > last) return;
  const int last0 = std::min(ps.lut_size, s - 1);  // the K-bounded search's last width
  auto exhaustive = [&](int b) { return binomial(s, b) <= exhaustive_limit; };
  // A width is pruned when nothing reads its frontier: below last0, next width exhaustive.
  auto pruned = [&](int b) { return ps.prune && b < last0 && exhaustive(b + 1); };
  const size_t widths = static_cast<size_t>(last - from + 1);
  std::vector<Choice> best(widths);
  std::vector<std::vector<std::vector<int>>> fronts(widths);
  size_t* counted = st ? &st->counted : nullptr;
  ColumnCounter counter(p, full);
  const std::vector<std::vector<int>> empty;
  // Few variables: the sets counted before (other widths, wider pruned widths) bound a pruned
  // width's classes from below (SetBounds); a candidate bounded past its limit is not counted.
  std::optional<SetBounds> bounds;
  if (ps.prune && s <= 16 && from == 2 && last0 > 2) bounds.emplace(s);
  SetBounds* const bp = bounds ? &*bounds : nullptr;
  for (int b = from; b <= last; ++b) {
    if (pruned(b)) continue;
    const size_t i = static_cast<size_t>(b - from);
    // The frontier it grows from: the previous width's (never pruned when this one is not exhaustive).
    const auto& prev = b <= 2 ? empty : b > from ? fronts[i - 1] : r.frontiers.back();
    // An exhaustive width only orders its candidates by the previous frontier; when that width
    // kept none, its best set orders them (the counting order does not change the answer).
    std::vector<std::vector<int>> order_by;
    if (prev.empty() && exhaustive(b) && b > from && best[i - 1].valid) order_by.push_back(best[i - 1].bound);
    const size_t keep = frontier_size(s, b, ps);
    int cap = INT_MAX;
    if (ps.prune && keep == 0 && b > ps.lut_size) {
      // The wide widths' bests so far that make progress, (left, code bits) ascending.
      std::vector<std::pair<int, int>> tried;
      for (int w = ps.lut_size + 1; w < b; ++w) {
        if (w < from) continue;
        const Choice& c = best[static_cast<size_t>(w - from)];
        if (c.valid && c.left(s) < s) tried.emplace_back(c.left(s), c.e);
      }
      const size_t kept = wide_kept(ps.effort);
      if (tried.size() >= kept) {
        std::stable_sort(tried.begin(), tried.end());
        const auto [L, E] = tried[kept - 1];
        // Width b must leave fewer variables, or as many with fewer code bits.
        const int max_e = L - s + b < E ? L - s + b : L - s + b - 1;
        if (max_e < 0) continue;  // no set of this width can be tried: best[i] stays invalid
        if (max_e < 30) cap = 1 << max_e;
      }
    }
    search_width(counter, s, b, exhaustive(b), order_by.empty() ? prev : order_by, b > ps.lut_size,
                 keep > 0 ? keep : beam, cap, keep > 0, best[i], fronts[i], counted, bp, false);
  }
  // Pruned widths, against the best of the others (widths from..last0 here; from == 2 whenever
  // a width is pruned, as last0 comes first).
  Choice others;
  for (int b = from; b <= std::min(last, last0); ++b)
    if (!pruned(b) && better(best[static_cast<size_t>(b - from)], others, s)) others = best[static_cast<size_t>(b - from)];
  // Widest first: each width's counts bound the narrower ones' (the widths are independent).
  for (int b = last; b >= from; --b) {
    if (!pruned(b)) continue;
    const size_t i = static_cast<size_t>(b - from);
    if (st) ++st->pruned_widths;
    // Width b wins iff s - b + e < L, or = L with e below the other's code bits (b narrower).
    int max_e = 30;
    if (others.valid) {
      const int L = others.left(s), ob = static_cast<int>(others.bound.size());
      max_e = L - s + b - (b < ob ? 0 : 1);
    }
    if (max_e < 0) continue;  // not even one class would win: best[i] stays invalid
    const int cap = max_e >= 30 ? INT_MAX : 1 << max_e;
    search_width(counter, s, b, true, empty, false, beam, cap, false, best[i], fronts[i], counted, bp, true,
                 st ? &st->skipped : nullptr);
  }
  for (size_t i = 0; i < widths; ++i) {
    r.per_size.push_back(std::move(best[i]));
    r.frontiers.push_back(std::move(fronts[i]));
  }
}

}  // namespace lutc::logic::detail
