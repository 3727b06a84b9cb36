#include "util/topological_order.hpp"
#include <algorithm>

#include <doctest/doctest.h>

using lutc::util::find_cycle;
using lutc::util::stable_topological_order;

TEST_CASE("topological order keeps index order where dependencies allow") {
  // 0 reads 2, 1 reads nothing, 2 reads 1 (twice), 3 reads 0.
  std::vector<std::vector<size_t>> reads = {{2}, {}, {1, 1}, {0}};
  auto order = stable_topological_order(reads);
  CHECK(order == std::vector<size_t>{1, 2, 0, 3});
  CHECK(find_cycle(reads, order).empty());
}

TEST_CASE("independent items stay in index order") {
  std::vector<std::vector<size_t>> reads(5);
  CHECK(stable_topological_order(reads) == std::vector<size_t>{0, 1, 2, 3, 4});
}

TEST_CASE("a cycle leaves items out and find_cycle names it, smallest first") {
  // 0 is fine; 1 -> 3 -> 2 -> 1 is a cycle; 4 reads the cycle.
  std::vector<std::vector<size_t>> reads = {{}, {3}, {1}, {2}, {2, 0}};
  auto order = stable_topological_order(reads);
  CHECK(order == std::vector<size_t>{0});
  auto cycle = find_cycle(reads, order);
  REQUIRE(cycle.size() == 3);
  CHECK(cycle[0] == 1);
  // Each item reads the next, the last reads the first.
  for (size_t i = 0; i < cycle.size(); ++i) {
    const auto& r = reads[cycle[i]];
    CHECK(std::find(r.begin(), r.end(), cycle[(i + 1) % cycle.size()]) != r.end());
  }
}

TEST_CASE("a self loop is a cycle of one") {
  std::vector<std::vector<size_t>> reads = {{0}};
  auto order = stable_topological_order(reads);
  CHECK(order.empty());
  CHECK(find_cycle(reads, order) == std::vector<size_t>{0});
}
