#include "util/parallel.hpp"

#include <doctest/doctest.h>

#include <stdexcept>
#include <vector>

using namespace lutc;

TEST_CASE("parallel_for runs every index once, on any thread count") {
  for (int threads : {0, 1, 2, 8}) {
    for (size_t n : {size_t{0}, size_t{1}, size_t{3}, size_t{100}}) {
      CAPTURE(threads);
      CAPTURE(n);
      std::vector<std::atomic<int>> runs(n);
      util::parallel_for(n, threads, [&](size_t i) { ++runs[i]; });
      for (size_t i = 0; i < n; ++i) CHECK(runs[i] == 1);
    }
  }
}

TEST_CASE("parallel_for rethrows a task's exception in the caller after every thread has stopped") {
  std::atomic<int> started{0};
  CHECK_THROWS_WITH_AS(util::parallel_for(50, 4,
                                          [&](size_t i) {
                                            ++started;
                                            if (i == 3) throw std::runtime_error("task 3 failed");
                                          }),
                       "task 3 failed", std::runtime_error);
  CHECK(started >= 4);
  CHECK(started <= 50);
}
