#include "verify/vectors.hpp"

#include <doctest/doctest.h>

#include <algorithm>
#include <set>
#include <stdexcept>

#include "ir/software_model.hpp"

using namespace lutc::verify;

TEST_CASE("splitmix64 reproduces the reference stream for seed 0") {
  // First outputs of Vigna's splitmix64.c seeded with 0.
  uint64_t state = 0;
  CHECK(splitmix64(state) == 0xe220a8397b1dcdafULL);
  CHECK(splitmix64(state) == 0x6e789e6aa1b965f4ULL);
  CHECK(splitmix64(state) == 0x06c45d188009454fULL);
}

TEST_CASE("exhaustive vectors enumerate every packed input code in order") {
  VectorSet vs({3, 2}, vector_params{1000, 1, 5});
  REQUIRE(vs.exhaustive());
  REQUIRE(vs.size() == 32);
  std::vector<uint64_t> codes;
  for (uint64_t i = 0; i < 32; ++i) {
    vs.codes(i, codes);
    REQUIRE(codes.size() == 2);
    CHECK(codes[0] == (i & 7));         // port 0 in the low bits
    CHECK(codes[1] == ((i >> 3) & 3));
  }
  CHECK(vs.origin(5) == "exhaustive code 0x5");
}

TEST_CASE("the exhaustive limit is inclusive") {
  CHECK(VectorSet({10, 10}, vector_params{7, 1, 20}).exhaustive());
  VectorSet over({10, 11}, vector_params{7, 1, 20});
  CHECK_FALSE(over.exhaustive());
  CHECK(over.size() == 7);
}

TEST_CASE("random vectors are deterministic, in range, seed dependent and well spread") {
  vector_params ps{4000, 42, 8};
  VectorSet a({5, 64, 13}, ps), b({5, 64, 13}, ps);
  vector_params other = ps;
  other.seed = 43;
  VectorSet c({5, 64, 13}, other);
  REQUIRE_FALSE(a.exhaustive());
  std::vector<uint64_t> ca, cb, cc;
  int differ = 0;
  std::vector<int> ones(64 + 5 + 13, 0);
  std::set<uint64_t> distinct_wide;
  for (uint64_t i = 0; i < a.size(); ++i) {
    a.codes(i, ca);
    b.codes(i, cb);
    c.codes(i, cc);
    CHECK(ca == cb);
    if (ca != cc) ++differ;
    CHECK(ca[0] < 32);
    CHECK(ca[2] < 8192);
    distinct_wide.insert(ca[1]);
    for (int bit = 0; bit < 5; ++bit) ones[bit] += (ca[0] >> bit) & 1;
    for (int bit = 0; bit < 64; ++bit) ones[5 + bit] += (ca[1] >> bit) & 1;
    for (int bit = 0; bit < 13; ++bit) ones[69 + bit] += (ca[2] >> bit) & 1;
  }
  CHECK(differ > 3990);
  CHECK(distinct_wide.size() == 4000);
  for (int n : ones) {  // each bit is 1 in about half the vectors (4 sigma is about 126)
    CHECK(n > 1800);
    CHECK(n < 2200);
  }
  // Vector i is the splitmix64 stream from the seed, one output per port.
  uint64_t state = 42;
  std::vector<uint64_t> v0 = {splitmix64(state) & 31, splitmix64(state), splitmix64(state) & 8191};
  std::vector<uint64_t> v1 = {splitmix64(state) & 31, splitmix64(state), splitmix64(state) & 8191};
  a.codes(0, ca);
  CHECK(ca == v0);
  a.codes(1, ca);
  CHECK(ca == v1);
  CHECK(a.origin(3) == "random, seed 42");
}

TEST_CASE("data samples are appended after generated vectors, masked to the port widths") {
  VectorSet vs({2, 3}, vector_params{10, 1, 4});  // 5 bits > 4: random
  vs.add_samples({{1, 2}, {7, 9}}, "a.csv");
  vs.add_samples({{3, 7}}, "b.pla");
  CHECK(vs.size() == 13);
  CHECK(vs.generated() == 10);
  CHECK(vs.samples() == 3);
  std::vector<uint64_t> codes;
  vs.codes(10, codes);
  CHECK(codes == std::vector<uint64_t>{1, 2});
  vs.codes(11, codes);
  CHECK(codes == std::vector<uint64_t>{3, 1});
  vs.codes(12, codes);
  CHECK(codes == std::vector<uint64_t>{3, 7});
  CHECK(vs.origin(10) == "a.csv sample 1");
  CHECK(vs.origin(11) == "a.csv sample 2");
  CHECK(vs.origin(12) == "b.pla sample 1");
  CHECK_THROWS(vs.add_samples({{1}}, "c.csv"));
  vs.add_samples({{0, 0}, {1, 1}}, "d.csv", {4, 9});
  CHECK(vs.origin(14) == "d.csv line 9");

  VectorSet ex({2}, vector_params{10, 1, 20});
  ex.add_samples({{3}}, "d.csv");
  CHECK(ex.exhaustive());
  CHECK(ex.size() == 5);
}

TEST_CASE("codes of a range equal the codes of each vector") {
  for (bool exhaustive : {false, true}) {
    // 74 input bits: 500 random vectors; 15 bits: all 32,768 codes.
    VectorSet vs(exhaustive ? std::vector<int>{3, 0, 5, 7} : std::vector<int>{3, 0, 64, 7}, vector_params{500, 9, 20});
    vs.add_samples({{1, 0, 2, 3}, {7, 0, 31, 127}}, "data.csv");
    REQUIRE(vs.exhaustive() == exhaustive);
    const uint64_t first = 17, count = vs.size() - first;
    std::vector<uint64_t> range(count * 4), one;
    vs.codes(first, count, range.data());
    for (uint64_t v = 0; v < count; ++v) {
      vs.codes(first + v, one);
      CHECK(std::equal(one.begin(), one.end(), range.begin() + static_cast<long>(v * 4)));
    }
    CHECK_THROWS(vs.codes(first, count + 1, range.data()));
  }
}

TEST_CASE("records of a range are the packed codes of each vector") {
  // Exhaustive over 15 and 40 bits (two words; the start is past 2^32); random over 74 bits
  // (three words, a 64-bit port at bit 3), 9 and 64 (two words); data samples after each.
  const std::vector<std::vector<int>> shapes = {{3, 0, 5, 7}, {8, 0, 20, 12}, {3, 0, 64, 7}, {1, 0, 4, 4}, {20, 0, 30, 14}};
  for (size_t k = 0; k < shapes.size(); ++k) {
    CAPTURE(k);
    VectorSet vs(shapes[k], vector_params{500, 9 + k, k == 1 ? 40 : k == 3 ? 8 : 20});
    vs.add_samples({{1, 0, 2, 3}, {7, 0, 31, 127}}, "data.csv");
    REQUIRE(vs.exhaustive() == (k < 2));
    const record_layout layout(shapes[k]);
    const size_t words = layout.words();
    const uint64_t first = k == 1 ? (uint64_t{1} << 33) + 5 : 17, count = k == 1 ? 600 : vs.size() - first;
    std::vector<uint32_t> records(count * words, 0xdeadbeefu);  // every word is written
    vs.records(first, count, layout, records.data());
    std::vector<uint64_t> one;
    for (uint64_t v = 0; v < count; ++v) {
      vs.codes(first + v, one);
      std::vector<uint32_t> want = lutc::ir::pack_ports(one, shapes[k]);
      want.resize(words, 0);
      CHECK(std::equal(want.begin(), want.end(), records.begin() + static_cast<long>(v * words)));
    }
    CHECK_THROWS(vs.records(vs.size() - 2, 3, layout, records.data()));
    std::vector<int> other = shapes[k];
    other[3] += 1;
    CHECK_THROWS_AS(vs.records(0, 1, record_layout(other), records.data()), std::invalid_argument);
  }
}
