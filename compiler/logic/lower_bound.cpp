#include "logic/lower_bound.hpp"

#include <algorithm>
#include <vector>

namespace lutc::logic {

namespace detail {

bool is_free_output(const TruthTable& on, const TruthTable& care, int num_vars) {
  if (is_const0(on & care) || is_const0(~on & care)) return true;
  for (int v = 0; v < num_vars; ++v)
    if (equal_on(nth_var(num_vars, v), on, care)) return true;
  return false;
}

size_t essential_support(const TruthTable& on, const TruthTable& care, int num_vars) {
  size_t s = 0;
  for (int v = 0; v < num_vars; ++v) s += has_var_on(on, care, v);
  return s;
}

/// One LUT signal cannot implement both: they differ on a minterm both outputs care about.
bool incompatible(const MultiFunction& f, size_t a, size_t b) {
  return !is_const0((f.on[a] ^ f.on[b]) & f.care[a] & f.care[b]);
}

}  // namespace detail

size_t lut_count_lower_bound(const MultiFunction& f, int lut_size, lower_bound_stats* st) {
  lower_bound_stats s;
  std::vector<size_t> hard;
  size_t by_support = 0;
  for (size_t j = 0; j < f.on.size(); ++j) {
    if (detail::is_free_output(f.on[j], f.care[j], f.num_vars)) {
      ++s.free_outputs;
      continue;
    }
    hard.push_back(j);
    size_t support = detail::essential_support(f.on[j], f.care[j], f.num_vars);
    s.widest_support = std::max(s.widest_support, support);
    size_t k = static_cast<size_t>(lut_size);
    by_support = std::max(by_support, support <= 1 ? size_t{1} : (support - 1 + k - 2) / (k - 1));
  }
  // Greedy clique in the incompatibility graph, outputs in order: a valid (not maximal) bound.
  std::vector<size_t> clique;
  for (size_t j : hard)
    if (std::all_of(clique.begin(), clique.end(), [&](size_t c) { return detail::incompatible(f, c, j); })) clique.push_back(j);
  s.incompatible = clique.size();
  if (st) *st = s;
  return std::max(by_support, clique.size());
}

}  // namespace lutc::logic
