#include "logic/decompose.hpp"

#include <algorithm>
#include <bit>
#include <numeric>
#include <optional>
#include <string>
#include <atomic>
#include <exception>
#include <functional>
#include <mutex>
#include <thread>
#include <unordered_map>

#include "logic/bound_set_search.hpp"
#include "logic/column_count.hpp"
#include "logic/decompose_columns.hpp"
#include "logic/lut_opt.hpp"
#include "util/log.hpp"
#include "util/parallel.hpp"

namespace lutc::logic {
namespace detail {

/// Bound-set searches already done in one `decompose` call, by problem: the trials synthesize
/// the same sub-problems again and again (on a 14-bit neuron 65% of the searches repeat one),
/// and a search is a pure function of its problem. Shared by the trial threads.
class SearchMemo {
 public:
  /// Per bound-set width 2, 3, ...: the best set of that width and the beam frontier.
  struct Result : BoundSetSearch {
    std::mutex mutex;  // held while the search is read or extended
  };
  /// The (possibly still empty) search of p; references stay valid (node-based map).
  Result& entry(const Problem& p, bool full) {
    Key k{digest(p), p.n, full};
    std::lock_guard<std::mutex> lock(mutex_);
    return map_[k];
  }

 private:
  struct Key {
    ProblemDigest digest;
    int n;
    bool full;
    bool operator==(const Key&) const = default;
  };
  struct KeyHash {
    size_t operator()(const Key& k) const { return static_cast<size_t>(k.digest.lo); }
  };
  std::mutex mutex_;
  std::unordered_map<Key, Result, KeyHash> map_;
};

/// What all engines of one `decompose` call share: the search memo and the spare threads.
class Shared {
 public:
  explicit Shared(int threads) : spare_(std::max(0, threads - 1)) {}
  SearchMemo memo;
  // Work counters of the whole call (decompose_stats).
  std::atomic<size_t> trials{0}, trials_stopped{0}, searches{0}, counted{0};

  /// Runs fn(0..n-1), on spare threads when there are any (nested calls take what is left).
  void for_each(size_t n, const std::function<void(size_t)>& fn) {
    int taken = 0;
    while (static_cast<size_t>(taken) + 1 < n && take_thread()) ++taken;
    try {
      util::parallel_for(n, taken + 1, fn);
    } catch (...) {
      spare_ += taken;
      throw;
    }
    spare_ += taken;
  }

 private:
  bool take_thread() {
    int s = spare_.load();
    while (s > 0)
      if (spare_.compare_exchange_weak(s, s - 1)) return true;
    return false;
  }
  std::atomic<int> spare_;
};

/// A trial past its LUT budget (caught by Engine::trial).
struct TrialStopped {};

/// The most LUTs (before the final LUT pass) a trial may build while the best trial so far has
/// `best` (after it): a trial past 1.5x would need the pass to remove over a third of its LUTs
/// to win, and it removes 0-4% of a trial's LUTs on the neuron tables (a third at most, on
/// 9-input sub-problems of a handful of LUTs). Stopping such a trial early saves the searches of
/// its unbuilt sub-problems; it does not depend on the threads (the budget is fixed per round).
size_t trial_budget(size_t best, bool stop) { return !stop || best == SIZE_MAX ? SIZE_MAX : best + best / 2; }

class Engine {
 public:
  Engine(LutNetwork& net, const decompose_params& ps, decompose_stats& st, Shared& shared, int trial_depth = 0,
         bool large_first = false, bool gray = false)
      : b_(net), ps_(ps), st_(st), shared_(shared), trial_depth_(trial_depth), large_first_(large_first), gray_(gray) {}

  std::vector<Signal> synth(Problem p);

 private:
  Signal emit_small(const Problem& p, int j, const std::vector<int>& supp);
  Choice find_bound_set(const Problem& p, bool full, int bmax, std::vector<std::vector<int>>* tops = nullptr,
                        std::vector<Choice>* per_size = nullptr);
  Choice find_large(const Problem& p, bool full);
  Choice find_shared(const Problem& p, bool full, const std::vector<std::vector<int>>& tops);
  Choice best_step(const Problem& p, bool full);
  std::vector<Signal> synth_joint(Problem q, bool full);
  std::vector<Signal> curtis(const Problem& p, const Choice& ch, bool full);
  std::vector<Signal> shannon(const Problem& p);
  std::vector<Signal> split(const Problem& q);

  enum class Strategy { bounded, large, split, shannon };
  std::vector<Signal> run(const Problem& q, bool full, Strategy how, const Choice& ch);
  /// LUT count of `how` on q, synthesized alone into a scratch network (returned in *net).
  /// *policy_read: whether the greedy policy (large_first) decided anything; if not, the
  /// other policy gives the same network.
  size_t trial(const Problem& q, bool full, Strategy how, const Choice& ch, bool large_first, bool gray,
               int child_depth, LutNetwork* net, bool* policy_read = nullptr, size_t budget = SIZE_MAX);
  /// Throws TrialStopped when the network under construction holds more than budget_ LUTs.
  void check_budget() {
    if (b_.network().num_luts() > budget_) throw TrialStopped{};
  }
  std::vector<Choice> find_large_all(const Problem& p, bool full);

  LutBuilder b_;
  decompose_params ps_;
  decompose_stats& st_;
  Shared& shared_;
  int trial_depth_ = 0;
  bool large_first_ = false;  // greedy policy: a wide bound set before splitting the outputs
  bool policy_read_ = false;  // large_first_ decided a step
  bool gray_ = false;         // Gray-coded class ranks
  size_t budget_ = SIZE_MAX;  // a trial's LUT budget (trial_budget), SIZE_MAX: none
 public:
  bool sample_mode_ = false;  // the root care set is a sparse sample (learning from examples)
};


Signal Engine::emit_small(const Problem& p, int j, const std::vector<int>& supp) {
  TruthTable on2, care2;
  project(p.on[j], p.care[j], supp, on2, care2);
  fill_dont_cares(on2, care2);
  std::vector<Signal> fanins;
  for (int v : supp) fanins.push_back(p.vars[v]);
  return b_.add(fanins, on2);
}

/// Restriction of `p` to some outputs, over the union of their supports.
Problem restrict_outputs(const Problem& p, const std::vector<int>& outs, bool* full) {
  std::vector<int> uni;
  for (int v = 0; v < p.n; ++v)
    for (int j : outs)
      if (has_var_on(p.on[j], p.care[j], v)) { uni.push_back(v); break; }
  Problem q;
  q.n = static_cast<int>(uni.size());
  for (int v : uni) q.vars.push_back(p.vars[v]);
  *full = true;
  for (int j : outs) {
    TruthTable on2, care2;
    project(p.on[j], p.care[j], uni, on2, care2);
    if (count_ones(care2) != care2.num_bits()) *full = false;
    q.on.push_back(std::move(on2));
    q.care.push_back(std::move(care2));
  }
  return q;
}

std::vector<Signal> Engine::synth(Problem p) {
  const int o = static_cast<int>(p.on.size());
  const int k = ps_.lut_size;
  std::vector<Signal> result(o, LutNetwork::const0);
  std::vector<int> rest;
  for (int j = 0; j < o; ++j) {
    std::vector<int> supp = reduce_support(p.on[j], p.care[j], &st_.vars_removed);
    if (static_cast<int>(supp.size()) <= k) result[j] = emit_small(p, j, supp);
    else rest.push_back(j);
  }
  check_budget();
  if (rest.empty()) return result;
  bool full = true;
  Problem q = restrict_outputs(p, rest, &full);
  auto sub = synth_joint(std::move(q), full);
  for (size_t i = 0; i < rest.size(); ++i) result[rest[i]] = sub[i];
  return result;
}

Choice Engine::best_step(const Problem& p, bool full) {
  std::vector<std::vector<int>> tops;
  Choice ch = find_bound_set(p, full, ps_.lut_size, &tops);
  if (ch.valid && ch.left(p.n) < p.n) return ch;
  Choice sh = find_shared(p, full, tops);
  if (better(sh, ch, p.n)) ch = sh;
  return ch;
}

std::vector<Signal> Engine::run(const Problem& q, bool full, Strategy how, const Choice& ch) {
  switch (how) {
    case Strategy::bounded:
    case Strategy::large: return curtis(q, ch, full);
    case Strategy::split: return split(q);
    case Strategy::shannon: return shannon(q);
  }
  return {};
}

size_t Engine::trial(const Problem& q, bool full, Strategy how, const Choice& ch, bool large_first, bool gray,
                     int child_depth, LutNetwork* out, bool* policy_read, size_t budget) {
  LutNetwork net(static_cast<uint32_t>(q.n));
  Problem local = q;
  for (int i = 0; i < q.n; ++i) local.vars[i] = net.pi(static_cast<uint32_t>(i));
  decompose_stats scratch;
  Engine child(net, ps_, scratch, shared_, child_depth, large_first, gray);
  child.sample_mode_ = sample_mode_;
  child.budget_ = budget;
  shared_.trials.fetch_add(1, std::memory_order_relaxed);
  try {
    for (Signal s : child.run(local, full, how, ch)) net.add_po(s);
  } catch (const TrialStopped&) {
    shared_.trials_stopped.fetch_add(1, std::memory_order_relaxed);
    *out = LutNetwork();
    if (policy_read) *policy_read = true;  // unknown: the policy twin must run
    return SIZE_MAX;
  }
  if (policy_read) *policy_read = child.policy_read_;
  net.remove_dangling();
  lut_opt_params lp;
  lp.lut_size = ps_.lut_size;
  *out = optimize_luts(net, lp);
  return out->num_luts();
}

}  // namespace detail

/// True if fewer than a quarter of the minterms are cared for (a sample, not a specification).
bool has_sparse_care(const MultiFunction& f) {
  uint64_t cared = 0, total = 0;
  for (const auto& c : f.care) cared += count_ones(c), total += c.num_bits();
  return cared * 4 < total;
}

namespace detail {

bool sparse_care(const Problem& q) {
  uint64_t cared = 0, total = 0;
  for (const auto& c : q.care) cared += count_ones(c), total += c.num_bits();
  return cared * 4 < total;
}

std::vector<Signal> Engine::synth_joint(Problem q, bool full) {
  const size_t o = q.on.size();
  Choice ch = best_step(q, full);
  const bool bounded_ok = ch.valid && ch.left(q.n) < q.n;
  const int max_trial_depth = ps_.effort <= 0 ? 0 : ps_.effort <= 2 ? 1 : 2;
  // Sparse care sets (learning from examples): wide bound sets over-fit and cost time; keep
  // the K-bounded steps.
  const bool sparse = sample_mode_;
  const bool trials = !sparse && trial_depth_ < max_trial_depth && q.n >= ps_.lut_size + 3;
  if (!trials) {
    // Greedy order: a K-bounded step, else output groups, else a wide bound set, else Shannon.
    if (bounded_ok) return curtis(q, ch, full);
    if (o > 1 && !large_first_) {
      // Splits whatever the wide bound sets: their search is skipped, and the policy counts as
      // read (only the policy-true trials' reading decides anything; see synth_joint's trials).
      policy_read_ = true;
      return split(q);
    }
    Choice lc;
    if (!sparse) lc = find_large(q, full);
    if (lc.valid && o > 1) policy_read_ = true;  // otherwise both policies take the same step
    if (large_first_ && lc.valid) return curtis(q, lc, full);
    if (o > 1) return split(q);
    if (lc.valid) return curtis(q, lc, full);
    return shannon(q);
  }
  std::vector<std::pair<Strategy, const Choice*>> options;
  std::vector<Choice> larges = find_large_all(q, full);
  const size_t max_large = wide_kept(ps_.effort);
  if (larges.size() > max_large) larges.resize(max_large);
  if (bounded_ok) options.emplace_back(Strategy::bounded, &ch);
  for (const Choice& c : larges) options.emplace_back(Strategy::large, &c);
  if (o > 1) options.emplace_back(Strategy::split, &ch);
  if (o == 1 && !bounded_ok) options.emplace_back(Strategy::shannon, &ch);
  struct Trial {
    bool gray = false, policy = false;
    Strategy how = Strategy::bounded;
    const Choice* c = nullptr;
    LutNetwork net;
    size_t luts = SIZE_MAX;  // SIZE_MAX: stopped past its budget, or its network went to its policy twin
    bool policy_read = false;
  };
  std::vector<Trial> runs;
  std::vector<bool> grays = {gray_};
  if (ps_.effort >= 2 && trial_depth_ == 0) grays.push_back(!gray_);
  for (bool gray : grays)
    for (bool policy : {false, true})
      for (const auto& [how, c] : options) {
        Trial& t = runs.emplace_back();
        t.gray = gray, t.policy = policy, t.how = how, t.c = c;
      }
  // The trials are independent: they run on the spare threads, and the winner is picked in
  // their fixed order (ties to the first), so the result does not depend on the threads.
  // Three rounds, each against a LUT budget from the rounds before (trial_budget; none in the
  // first): (1) the policy-true K-bounded and wide steps, (2) the other policy-true trials,
  // (3) the policy-false trials. A policy-true trial that never read the policy built the
  // network its policy-false twin (options.size() runs earlier) would build: the twin takes it
  // (and wins the tie) instead of running. On neuron tables the policy-false trials split the
  // outputs of wide problems and end far above the best: round 3 stops them part-way.
  auto run_some = [&](const std::vector<size_t>& todo, size_t budget) {
    shared_.for_each(todo.size(), [&](size_t k) {
      Trial& t = runs[todo[k]];
      t.luts = trial(q, full, t.how, *t.c, t.policy, t.gray, trial_depth_ + 1, &t.net, &t.policy_read, budget);
    });
  };
  auto best_so_far = [&] {
    size_t b = SIZE_MAX;
    for (const Trial& t : runs) b = std::min(b, t.luts);
    return b;
  };
  auto wide = [](Strategy how) { return how == Strategy::bounded || how == Strategy::large; };
  std::vector<size_t> todo;
  for (int round = 1; round <= 2; ++round) {
    todo.clear();
    for (size_t i = 0; i < runs.size(); ++i)
      if (runs[i].policy && wide(runs[i].how) == (round == 1)) todo.push_back(i);
    run_some(todo, round == 1 ? SIZE_MAX : trial_budget(best_so_far(), ps_.stop_trials));
  }
  todo.clear();
  for (size_t i = 0; i < runs.size(); ++i) {
    if (runs[i].policy) continue;
    Trial& twin = runs[i + options.size()];
    if (twin.policy_read) {
      todo.push_back(i);
      continue;
    }
    runs[i].luts = twin.luts, runs[i].net = std::move(twin.net);
    twin.luts = SIZE_MAX;
  }
  run_some(todo, trial_budget(best_so_far(), ps_.stop_trials));
  size_t best = SIZE_MAX;
  LutNetwork best_net;
  Strategy best_how = options[0].first;
  const Choice* best_c = options[0].second;
  bool best_policy = false, best_gray = gray_;
  for (Trial& t : runs)
    if (t.luts < best)
      best = t.luts, best_net = std::move(t.net), best_how = t.how, best_c = t.c, best_policy = t.policy, best_gray = t.gray;
  // Run the winner again with trials in its sub-problems; keep it if it is not worse.
  if (ps_.effort >= 1) {
    LutNetwork net;
    size_t luts = trial(q, full, best_how, *best_c, best_policy, best_gray, trial_depth_, &net);
    if (luts < best) best_net = std::move(net);
  }
  return append_network(b_.network(), best_net, q.vars);
}

std::vector<Signal> Engine::split(const Problem& q) {
  // The outputs share too little: group outputs greedily while a group still decomposes with
  // K-bounded steps, then synthesize the groups separately.
  const size_t o = q.on.size();
  std::vector<std::vector<int>> groups;
  for (size_t j = 0; j < o; ++j) groups.push_back({static_cast<int>(j)});
  if (o <= 4 && ps_.effort >= 1) {
    bool merged = true;
    while (merged && groups.size() > 1) {
      merged = false;
      for (size_t x = 0; x < groups.size() && !merged; ++x)
        for (size_t y = x + 1; y < groups.size() && !merged; ++y) {
          std::vector<int> g = groups[x];
          g.insert(g.end(), groups[y].begin(), groups[y].end());
          bool gf = true;
          Problem gq = restrict_outputs(q, g, &gf);
          Choice gc = best_step(gq, gf);
          if (gc.valid && gc.left(gq.n) < gq.n) {
            groups[x] = g;
            groups.erase(groups.begin() + static_cast<long>(y));
            merged = true;
          }
        }
    }
  }
  std::vector<Signal> out(o);
  for (const auto& g : groups) {
    bool gf = true;
    Problem gq = restrict_outputs(q, g, &gf);
    auto sub = g.size() == 1 ? synth(std::move(gq)) : synth_joint(std::move(gq), gf);
    for (size_t i = 0; i < g.size(); ++i) out[g[i]] = sub[i];
  }
  return out;
}

Choice Engine::find_bound_set(const Problem& p, bool full, int bmax, std::vector<std::vector<int>>* tops,
                              std::vector<Choice>* per_size) {
  const int s = p.n, last = std::min(bmax, s - 1);
  SearchMemo::Result& r = shared_.memo.entry(p, full);
  std::lock_guard<std::mutex> lock(r.mutex);
  if (static_cast<int>(r.per_size.size()) < last - 1) {
    bound_set_search_params sp;
    sp.lut_size = ps_.lut_size, sp.effort = ps_.effort;
    bound_set_search_stats bst;
    extend_search(p, full, last, sp, r, &bst);
    shared_.searches.fetch_add(1, std::memory_order_relaxed);
    shared_.counted.fetch_add(bst.counted, std::memory_order_relaxed);
  }
  Choice best = best_bound_set(r, s, last);
  if (tops) *tops = last >= 2 ? r.frontiers[last - 2] : std::vector<std::vector<int>>{};
  if (per_size && last >= 2) per_size->insert(per_size->end(), r.per_size.begin(), r.per_size.begin() + (last - 1));
  return best;
}

std::vector<Choice> Engine::find_large_all(const Problem& p, bool full) {
  // The best bound set of every width above K that makes progress, best first (fewest
  // variables left, then fewest code bits).
  std::vector<Choice> per_size, out;
  find_bound_set(p, full, p.n - 1, nullptr, &per_size);
  for (const Choice& c : per_size)
    if (c.valid && static_cast<int>(c.bound.size()) > ps_.lut_size && c.left(p.n) < p.n) out.push_back(c);
  std::stable_sort(out.begin(), out.end(), [&](const Choice& x, const Choice& y) {
    return x.left(p.n) != y.left(p.n) ? x.left(p.n) < y.left(p.n) : x.e < y.e;
  });
  return out;
}

Choice Engine::find_large(const Problem& p, bool full) {
  // Bound sets wider than K: the encoder is decomposed recursively. Both sub-problems are
  // smaller than p (image a + e < s, encoder b < s), so the recursion terminates.
  auto all = find_large_all(p, full);
  return all.empty() ? Choice{} : all.front();
}

Choice Engine::find_shared(const Problem& p, bool full, const std::vector<std::vector<int>>& tops) {
  Choice best;
  const int s = p.n;
  const size_t limit = shared_tops(ps_.effort);
  std::optional<ColumnCounter> counter;  // the slices' columns, counted in place (as slice_classes counts)
  for (size_t t = 0; t < tops.size() && t < limit; ++t) {
    const auto& B = tops[t];
    if (static_cast<int>(B.size()) < 3) continue;
    if (!counter) counter.emplace(p, full);
    for (int v : B) {
      int lim = 1 << (B.size() - 2);  // more classes per slice cannot make progress
      const int c0 = counter->count_slice(B, v, 0, lim);
      if (c0 > lim) continue;
      const int c1 = counter->count_slice(B, v, 1, lim);
      if (c1 > lim) continue;
      int mu = std::max({c0, c1, 1});
      Choice c{B, v, mu, code_bits(mu), true};
      if (better(c, best, s)) best = c;
    }
  }
  return best;
}

/// Order of classes by weight (outputs as bits of an integer, output j has weight 2^j): for
/// threshold-like functions this is the order of the partial sum over the bound set, so the
/// code is a quantized partial sum and the image function stays threshold-like. With `gray`,
/// the rank is Gray-coded (adjacent partial sums differ in one code bit).
std::vector<int> class_codes(const Classes& cl, size_t words, int outputs, bool gray) {
  const int mu = cl.count;
  const size_t st = words * static_cast<size_t>(outputs);
  std::vector<double> weight(mu, 0.0);
  for (int c = 0; c < mu; ++c) {
    double w = 0, n = 0;
    for (int j = 0; j < outputs; ++j)
      for (size_t x = 0; x < words; ++x) {
        size_t i = static_cast<size_t>(c) * st + static_cast<size_t>(j) * words + x;
        w += static_cast<double>(std::popcount(cl.val[i] & cl.care[i])) * static_cast<double>(1u << j);
        n += static_cast<double>(std::popcount(cl.care[i]));
      }
    weight[c] = n > 0 ? w / n : 0;
  }
  std::vector<int> order(mu);
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(), [&](int x, int y) { return weight[x] < weight[y]; });
  std::vector<int> code(mu);
  for (int r = 0; r < mu; ++r) code[order[r]] = gray ? (r ^ (r >> 1)) : r;
  return code;
}

std::vector<Signal> Engine::curtis(const Problem& p, const Choice& ch, bool full) {
  ++st_.curtis_steps;
  const auto& B = ch.bound;
  const int b = static_cast<int>(B.size());
  const int o = static_cast<int>(p.on.size());
  std::vector<int> A = complement(p.n, B);
  std::vector<int> Bp;
  int shared_pos = -1;
  for (int i = 0; i < b; ++i) {
    if (B[i] == ch.shared) shared_pos = i;
    else Bp.push_back(B[i]);
  }
  const int slices = ch.shared >= 0 ? 2 : 1;
  const int a = static_cast<int>(A.size());
  const size_t words = a >= 6 ? (size_t{1} << (a - 6)) : 1;
  const size_t st = words * static_cast<size_t>(o);
  std::vector<Classes> cls;
  std::vector<std::vector<int>> codes;
  int mu = 1;
  for (int sl = 0; sl < slices; ++sl) {
    cls.push_back(slice_classes(p, Bp, A, ch.shared, sl, full, 1 << b, true));
    codes.push_back(class_codes(cls.back(), words, o, gray_));
    mu = std::max(mu, cls.back().count);
  }
  const int e = code_bits(mu);
  // Encoder: e outputs over the bound set (the shared variable selects the slice).
  Problem enc;
  enc.n = b;
  for (int v : B) enc.vars.push_back(p.vars[v]);
  for (int i = 0; i < e; ++i) {
    TruthTable on(b), care(b);
    for (uint32_t beta = 0; beta < (1u << b); ++beta) {
      int sl = 0;
      uint32_t bp = beta;
      if (shared_pos >= 0) {
        sl = (beta >> shared_pos) & 1;
        bp = (beta & ((1u << shared_pos) - 1)) | ((beta >> (shared_pos + 1)) << shared_pos);
      }
      int c = cls[sl].of[bp];
      if (c < 0) continue;
      care.set(beta, true);
      if ((codes[sl][c] >> i) & 1) on.set(beta, true);
    }
    enc.on.push_back(on);
    enc.care.push_back(care);
  }
  std::vector<Signal> g = synth(enc);
  // Image: variables A, then the shared variable, then the code bits.
  const int ns = slices - 1;
  Problem img;
  img.n = a + ns + e;
  for (int v : A) img.vars.push_back(p.vars[v]);
  if (ns) img.vars.push_back(p.vars[ch.shared]);
  for (Signal s : g) img.vars.push_back(s);
  const size_t na = size_t{1} << a;
  for (int j = 0; j < o; ++j) {
    TruthTable on(img.n), care(img.n);
    for (int sl = 0; sl < slices; ++sl)
      for (int c = 0; c < cls[sl].count; ++c) {
        const uint64_t* cv = cls[sl].val.data() + static_cast<size_t>(c) * st + static_cast<size_t>(j) * words;
        const uint64_t* cc = cls[sl].care.data() + static_cast<size_t>(c) * st + static_cast<size_t>(j) * words;
        uint64_t base = (static_cast<uint64_t>(sl) << a) | (static_cast<uint64_t>(codes[sl][c]) << (a + ns));
        if (a >= 6) {
          for (size_t x = 0; x < words; ++x) {
            on.words[(base >> 6) + x] = cv[x] & cc[x];
            care.words[(base >> 6) + x] = cc[x];
          }
        } else {
          for (size_t alpha = 0; alpha < na; ++alpha)
            if ((cc[0] >> alpha) & 1) {
              care.set(base | alpha, true);
              if ((cv[0] >> alpha) & 1) on.set(base | alpha, true);
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
  lut_opt_params lp;
  lp.lut_size = ps.lut_size;
  lut_opt_stats ls;
  detail::Shared shared(ps.threads);
  detail::Engine eng(net, ps, s, shared);
  eng.sample_mode_ = has_sparse_care(f);
  for (Signal o : eng.synth(std::move(p))) net.add_po(o);
  s.trials += shared.trials, s.trials_stopped += shared.trials_stopped;
  s.searches += shared.searches, s.counted += shared.counted;
  net.remove_dangling();
  LutNetwork opt = optimize_luts(net, lp, &ls);
  s.absorbed += ls.absorbed;
  if (ps.verbose)
    log::detail("decompose: " + std::to_string(s.curtis_steps) + " Curtis steps, " + std::to_string(s.shannon_steps) +
                " Shannon steps, " + std::to_string(s.vars_removed) + " variables removed under don't cares, " +
                std::to_string(ls.absorbed) + " LUTs absorbed, " + std::to_string(s.trials) + " trials (" +
                std::to_string(s.trials_stopped) + " stopped past their budget), " + std::to_string(s.searches) +
                " bound-set searches (" + std::to_string(s.counted) + " bound sets counted), " + std::to_string(opt.num_luts()) + " LUTs");
  return opt;
}

}  // namespace lutc::logic
