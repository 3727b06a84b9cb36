#include "logic/minimize.hpp"

#include <chrono>
#include <map>
#include <mutex>
#include <optional>
#include <set>

#include "logic/abc_engine.hpp"
#include "logic/decompose.hpp"
#include "logic/lower_bound.hpp"
#include "util/diagnostic.hpp"
#include "util/log.hpp"

namespace lutc::logic {

const char* engine_name(Engine e) {
  switch (e) {
    case Engine::builtin: return "builtin";
    case Engine::abc: return "abc";
    case Engine::portfolio: return "portfolio";
    case Engine::automatic: return "auto";
  }
  return "?";
}

bool check_on_care_set(const LutNetwork& net, const MultiFunction& f, std::string* why) {
  if (net.num_pis() != static_cast<uint32_t>(f.num_vars) || net.pos().size() != f.on.size()) {
    if (why) *why = "interface mismatch";
    return false;
  }
  auto sim = net.simulate();
  for (size_t j = 0; j < f.on.size(); ++j) {
    if (equal_on(sim[j], f.on[j], f.care[j])) continue;
    if (why) {
      for (uint64_t m = 0; m < f.on[j].num_bits(); ++m)
        if (f.care[j].get(m) && sim[j].get(m) != f.on[j].get(m)) {
          *why = "output " + std::to_string(j) + " differs at minterm " + std::to_string(m);
          break;
        }
    }
    return false;
  }
  return true;
}

namespace {
std::mutex cost_mutex;
std::map<std::string, std::function<size_t(const LutNetwork&)>>& network_costs() {
  static std::map<std::string, std::function<size_t(const LutNetwork&)>> costs;
  return costs;
}
}  // namespace

void register_network_cost(const std::string& name, std::function<size_t(const LutNetwork&)> cost) {
  std::lock_guard<std::mutex> lock(cost_mutex);
  network_costs()[name] = std::move(cost);
}

std::function<size_t(const LutNetwork&)> named_network_cost(const std::string& name) {
  std::lock_guard<std::mutex> lock(cost_mutex);
  auto it = network_costs().find(name);
  return it == network_costs().end() ? nullptr : it->second;
}

namespace detail {

void validate(const MultiFunction& f, const minimize_params& ps) {
  if (ps.lut_size < 2 || ps.lut_size > 6) throw MinimizeError("lut_size must be 2..6");
  if (f.num_vars < 0 || f.num_vars > 24) throw MinimizeError("minimize supports 0..24 inputs");
  if (f.care.size() != f.on.size()) throw MinimizeError("care and on have different output counts");
  for (size_t j = 0; j < f.on.size(); ++j)
    if (f.on[j].num_vars != f.num_vars || f.care[j].num_vars != f.num_vars)
      throw MinimizeError("table " + std::to_string(j) + " has the wrong number of variables");
}

LutNetwork checked(LutNetwork net, const MultiFunction& f, const char* engine) {
  std::string why;
  if (!check_on_care_set(net, f, &why))
    throw MinimizeError(std::string("engine ") + engine + " produced a wrong network: " + why);
  for (const auto& l : net.luts())
    if (l.fanins.size() > 6) throw MinimizeError(std::string("engine ") + engine + " produced a LUT with > 6 inputs");
  return net;
}

LutNetwork run_builtin(const MultiFunction& f, const minimize_params& ps) {
  decompose_params dp;
  dp.lut_size = ps.lut_size;
  dp.effort = ps.effort;
  dp.verbose = ps.verbose;
  dp.threads = ps.threads;
  return checked(decompose(f, dp), f, "builtin");
}

LutNetwork run_abc(const MultiFunction& f, const minimize_params& ps) {
  abc_params ap;
  ap.lut_size = ps.lut_size;
  ap.effort = ps.effort;
  ap.binary = ps.abc_binary;
  if (f.num_vars == 0 || f.on.empty()) return run_builtin(f, ps);  // ABC cannot read a 0-input table
  return checked(abc_minimize(f, ap), f, "abc");
}

/// ABC's result, or nothing when ABC fails or is wrong (a wrong result is never used). Each
/// distinct failure is logged once per process: a missing binary would otherwise warn per table.
std::optional<LutNetwork> try_abc(const MultiFunction& f, const minimize_params& ps) {
  std::string why;
  try {
    return run_abc(f, ps);
  } catch (const MinimizeError& e) {
    why = e.what();
  } catch (const Diagnostic& e) {
    why = e.what();
  }
  static std::mutex mutex;
  static std::set<std::string> reported;
  std::lock_guard<std::mutex> lock(mutex);
  if (reported.insert(why.substr(0, why.find('\n'))).second) log::warn("portfolio: abc engine skipped: " + why);
  return std::nullopt;
}

/// Fraction of the care minterms of `f` where `net` is right.
double care_accuracy(const LutNetwork& net, const MultiFunction& f) {
  auto sim = net.simulate();
  uint64_t right = 0, total = 0;
  for (size_t j = 0; j < f.on.size(); ++j) {
    total += count_ones(f.care[j]);
    right += count_ones(~(sim[j] ^ f.on[j]) & f.care[j]);
  }
  return total ? static_cast<double>(right) / static_cast<double>(total) : 1.0;
}

/// Portfolio for a sampled care set (learning from examples): the LUT count is not the only
/// goal, generalization is. Both engines learn from 4/5 of the care minterms; the one more
/// accurate on the held-out fifth (within 0.2%, else fewer LUTs) is then run on all of them.
LutNetwork portfolio_sampled(const MultiFunction& f, const minimize_params& ps, std::string* used) {
  MultiFunction train = f, held = f;
  for (size_t j = 0; j < f.care.size(); ++j) {
    uint64_t k = 0;
    for (uint64_t m = 0; m < f.care[j].num_bits(); ++m) {
      if (!f.care[j].get(m)) continue;
      bool hold = (k++ % 5) == 4;  // deterministic: every fifth care minterm
      (hold ? train : held).care[j].set(m, false);
    }
  }
  LutNetwork b = run_builtin(train, ps);
  double acc_b = care_accuracy(b, held);
  double acc_a = -1;
  size_t luts_a = SIZE_MAX;
  if (auto a = try_abc(train, ps)) {
    acc_a = care_accuracy(*a, held);
    luts_a = a->num_luts();
  }
  bool pick_abc = acc_a > acc_b + 0.002 || (acc_a >= acc_b - 0.002 && luts_a < b.num_luts());
  if (ps.verbose)
    log::detail("portfolio (sampled care set): held-out accuracy builtin " + std::to_string(acc_b) + ", abc " +
                std::to_string(acc_a));
  if (pick_abc) {
    if (auto a = try_abc(f, ps)) {
      *used = "abc";
      return std::move(*a);
    }
  }
  *used = "builtin";
  return run_builtin(f, ps);
}

bool lut_wider(const LutNetwork& net, int k) {
  for (const auto& l : net.luts())
    if (static_cast<int>(l.fanins.size()) > k) return true;
  return false;
}

}  // namespace detail

LutNetwork minimize(const MultiFunction& f, const minimize_params& ps, minimize_stats* st) {
  auto t0 = std::chrono::steady_clock::now();
  detail::validate(f, ps);
  LutNetwork net;
  std::string used;
  Engine engine = ps.engine;
  if (engine == Engine::automatic) engine = f.num_vars <= ps.lut_size ? Engine::builtin : Engine::portfolio;
  switch (engine) {
    case Engine::automatic:
    case Engine::builtin:
      net = detail::run_builtin(f, ps);
      used = "builtin";
      break;
    case Engine::abc:
      net = detail::run_abc(f, ps);
      used = "abc";
      break;
    case Engine::portfolio: {
      if (ps.care_is_sample && has_sparse_care(f)) {
        net = detail::portfolio_sampled(f, ps, &used);
        break;
      }
      net = detail::run_builtin(f, ps);
      used = "builtin";
      if (net.num_luts() <= lut_count_lower_bound(f, ps.lut_size)) break;  // provably optimal
      if (auto other = detail::try_abc(f, ps)) {
        size_t c_other = network_cost_of(ps, *other), c_net = network_cost_of(ps, net);
        bool better = c_other < c_net || (c_other == c_net && other->depth() < net.depth());
        if (better) net = std::move(*other), used = "abc";
      }
      break;
    }
  }
  if (detail::lut_wider(net, ps.lut_size)) throw MinimizeError("engine " + used + " produced a LUT wider than K");
  if (st) {
    st->luts = net.num_luts();
    st->depth = net.depth();
    st->engine_used = used;
    st->seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  }
  return net;
}

}  // namespace lutc::logic
