#include "netopt/lut_cnf.hpp"

#include <doctest/doctest.h>

using namespace lutc;

TEST_CASE("cube_cover covers exactly its set, each cube inside it") {
  uint64_t r = 12345;
  for (int k = 0; k <= 6; ++k)
    for (int i = 0; i < 300; ++i) {
      r = r * 6364136223846793005ULL + 1442695040888963407ULL;
      const uint64_t all = k == 6 ? ~0ULL : (1ULL << (1 << k)) - 1;
      const uint64_t set = (i % 3 == 0 ? r & (r >> 17) : r) & all;
      uint64_t covered = 0;
      for (const auto& c : netopt::cube_cover(set, k)) {
        uint64_t rows = 0;
        for (int row = 0; row < (1 << k); ++row)
          if ((row & c.mask) == (c.bits & c.mask)) rows |= 1ULL << row;
        INFO("k " << k << ", set " << set);
        CHECK((rows & ~set) == 0);
        covered |= rows;
      }
      CHECK(covered == set);
    }
  CHECK(netopt::cube_cover(0xFF00, 4).size() == 1);  // x3: one cube
  CHECK(netopt::cube_cover(0x6, 2).size() == 2);     // a ^ b: two minterms
}
