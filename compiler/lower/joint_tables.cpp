#include "lower/joint_tables.hpp"

#include <algorithm>
#include <map>
#include <stdexcept>

namespace lutc::lower {

logic::MultiFunction concat_outputs(const std::vector<const logic::MultiFunction*>& fs) {
  logic::MultiFunction out;
  if (fs.empty()) return out;
  out.num_vars = fs[0]->num_vars;
  for (const auto* f : fs) {
    if (f->num_vars != out.num_vars) throw std::invalid_argument("concat_outputs: functions over different variables");
    out.on.insert(out.on.end(), f->on.begin(), f->on.end());
    out.care.insert(out.care.end(), f->care.begin(), f->care.end());
  }
  return out;
}

std::vector<std::vector<size_t>> cluster_jointly(const std::vector<logic::MultiFunction>& fs,
                                                 const std::function<size_t(const logic::MultiFunction&)>& cost,
                                                 const joint_tables_params& ps) {
  std::vector<std::vector<size_t>> clusters;
  std::vector<size_t> costs;
  for (size_t i = 0; i < fs.size(); ++i) {
    clusters.push_back({i});
    costs.push_back(cost(fs[i]));
  }
  auto outputs = [&](const std::vector<size_t>& c) {
    size_t n = 0;
    for (size_t i : c) n += fs[i].on.size();
    return n;
  };
  auto joined = [&](const std::vector<size_t>& a, const std::vector<size_t>& b) {
    std::vector<size_t> c = a;
    c.insert(c.end(), b.begin(), b.end());
    std::sort(c.begin(), c.end());
    return c;
  };
  std::map<std::vector<size_t>, size_t> memo;  // joint costs already asked for
  auto joint_cost = [&](const std::vector<size_t>& c) {
    auto it = memo.find(c);
    if (it != memo.end()) return it->second;
    std::vector<const logic::MultiFunction*> parts;
    for (size_t i : c) parts.push_back(&fs[i]);
    return memo[c] = cost(concat_outputs(parts));
  };
  for (;;) {
    size_t best_a = 0, best_b = 0, best_gain = 0, best_cost = 0;
    for (size_t a = 0; a < clusters.size(); ++a)
      for (size_t b = a + 1; b < clusters.size(); ++b) {
        if (clusters[a].size() + clusters[b].size() > ps.max_cluster) continue;
        if (outputs(clusters[a]) + outputs(clusters[b]) > ps.max_outputs) continue;
        size_t separate = costs[a] + costs[b];
        size_t together = joint_cost(joined(clusters[a], clusters[b]));
        if (together < separate && separate - together > best_gain)
          best_a = a, best_b = b, best_gain = separate - together, best_cost = together;
      }
    if (best_gain == 0) break;
    clusters[best_a] = joined(clusters[best_a], clusters[best_b]);
    costs[best_a] = best_cost;
    clusters.erase(clusters.begin() + static_cast<std::ptrdiff_t>(best_b));
    costs.erase(costs.begin() + static_cast<std::ptrdiff_t>(best_b));
  }
  std::sort(clusters.begin(), clusters.end());
  return clusters;
}

}  // namespace lutc::lower
