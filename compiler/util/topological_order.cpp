#include "util/topological_order.hpp"

#include <algorithm>
#include <functional>
#include <queue>

namespace lutc::util {

std::vector<size_t> stable_topological_order(const std::vector<std::vector<size_t>>& reads) {
  size_t n = reads.size();
  std::vector<std::vector<size_t>> readers(n);
  std::vector<size_t> missing(n, 0);
  for (size_t k = 0; k < n; ++k) {
    std::vector<size_t> sources = reads[k];
    std::sort(sources.begin(), sources.end());
    sources.erase(std::unique(sources.begin(), sources.end()), sources.end());
    for (size_t s : sources) readers[s].push_back(k);
    missing[k] = sources.size();
  }
  std::priority_queue<size_t, std::vector<size_t>, std::greater<>> ready;
  for (size_t k = 0; k < n; ++k)
    if (missing[k] == 0) ready.push(k);
  std::vector<size_t> order;
  order.reserve(n);
  while (!ready.empty()) {
    size_t k = ready.top();
    ready.pop();
    order.push_back(k);
    for (size_t r : readers[k])
      if (--missing[r] == 0) ready.push(r);
  }
  return order;
}

std::vector<size_t> find_cycle(const std::vector<std::vector<size_t>>& reads, const std::vector<size_t>& order) {
  size_t n = reads.size();
  if (order.size() == n) return {};
  std::vector<bool> done(n, false);
  for (size_t k : order) done[k] = true;
  // Every left-over item reads another left-over item, so following such reads closes a cycle.
  size_t cur = 0;
  while (done[cur]) ++cur;
  std::vector<size_t> path;
  std::vector<long> pos_in_path(n, -1);
  while (pos_in_path[cur] < 0) {
    pos_in_path[cur] = static_cast<long>(path.size());
    path.push_back(cur);
    size_t next = n;
    for (size_t d : reads[cur])
      if (!done[d]) next = std::min(next, d);
    cur = next;
  }
  std::vector<size_t> cycle(path.begin() + pos_in_path[cur], path.end());
  std::rotate(cycle.begin(), std::min_element(cycle.begin(), cycle.end()), cycle.end());
  return cycle;
}

}  // namespace lutc::util
