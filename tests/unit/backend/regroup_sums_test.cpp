// Tests of regroup_sums: a regrouped netlist computes the same outputs (random netlists, random
// inputs, against the netlist before, subtracted terms too) with cell outputs in cell order; a sum of a three-term sum
// with a small table is regrouped, one of 6-input tables or one whose inner sum wraps is not.
#include "backend/regroup_sums.hpp"

#include <doctest/doctest.h>

#include <random>

#include "backend/netlist_json.hpp"
#include "sample_netlists.hpp"

using namespace lutc;
using backend::ArithCell;
using backend::ArithTerm;
using logic::LutNetwork;
using logic::Signal;

namespace {

constexpr uint32_t input_bits = 16;

std::vector<Signal> table_bits(backend::Netlist& nl, std::mt19937_64& rng, int bits, int fanins) {
  return backend::testing::random_table_bits(nl, rng, bits, fanins, input_bits);
}

/// s = x + y + z (tables of `fanins[0..2]` inputs, 6 bits, signed when `is_signed`), `s_width`
/// positions; o = a + s (a: 6-input tables, 6 bits, s shifted by `shift`), `o_width` positions,
/// all read.
backend::Netlist sum_of_sum(std::mt19937_64& rng, const int fanins[3], bool is_signed, int s_width, int shift, int o_width,
                            int64_t s_constant = 0, int negated = -1) {
  backend::Netlist nl;
  nl.inputs = {{"x", static_cast<int>(input_bits)}};
  nl.luts = LutNetwork(input_bits + static_cast<uint32_t>(s_width + o_width));
  ArithCell s;
  for (int t = 0; t < 3; ++t) s.terms.push_back({table_bits(nl, rng, 6, fanins[t]), is_signed, 0, false});
  s.constant = s_constant;
  if (negated >= 0 && negated < 3) s.terms[static_cast<size_t>(negated)].negate = true;
  s.width = s_width;
  s.first_pi = input_bits;
  ArithCell o;
  o.terms.push_back({table_bits(nl, rng, 6, 6), is_signed, 0, false});
  ArithTerm st{{}, is_signed, shift, false};
  for (int b = 0; b < s_width; ++b) st.bits.push_back(nl.luts.pi(s.first_pi + static_cast<uint32_t>(b)));
  st.negate = negated == 3;  // o = a - s
  o.terms.push_back(st);
  o.width = o_width;
  o.first_pi = input_bits + static_cast<uint32_t>(s_width);
  nl.cells = {s, o};
  for (int b = 0; b < o_width; ++b) nl.luts.add_po(nl.luts.pi(o.first_pi + static_cast<uint32_t>(b)));
  nl.outputs = {{"y", o_width}};
  nl.lut_layer.assign(nl.luts.num_luts(), 1);
  return nl;
}

void check_same_outputs(const backend::Netlist& nl, const backend::Netlist& before, std::mt19937_64& rng) {
  REQUIRE_NOTHROW(backend::netlist_from_json(backend::netlist_to_json(nl)));  // cell outputs in cell order
  for (const auto& c : nl.cells) REQUIRE(backend::explicit_carry_cell(c));
  for (int sample = 0; sample < 256; ++sample) {
    uint64_t x = rng() & ((uint64_t{1} << input_bits) - 1);
    REQUIRE(backend::evaluate_ports(nl, {x}) == backend::evaluate_ports(before, {x}));
  }
}

}  // namespace

TEST_CASE("regroup_sums: regrouped netlists compute the same outputs, cell outputs in cell order" * doctest::test_suite("fast")) {
  std::mt19937_64 rng(5);
  size_t regrouped = 0;
  for (int round = 0; round < 300; ++round) {
    auto pick = [&](int n) { return static_cast<int>(rng() % static_cast<uint64_t>(n)); };
    const int fanins[3] = {2 + pick(5), 2 + pick(5), 2 + pick(5)};
    // s holds its exact value in 8 positions (9 for a constant); narrower ones wrap.
    const int s_width = 5 + pick(5), shift = pick(3), o_width = 6 + pick(6);
    const bool sg = pick(3) != 0;
    const int k = pick(3), negated = pick(8) - 3;
    INFO("fanins " << fanins[0] << fanins[1] << fanins[2] << " signed " << sg << " s_width " << s_width << " shift " << shift << " o_width " << o_width << " k " << k << " negated " << negated);
    backend::Netlist nl = sum_of_sum(rng, fanins, sg, s_width, shift, o_width, negated < 0 ? k : negated < 3 ? std::min(k, 1) : 0, negated);
    const backend::Netlist before = nl;
    backend::regroup_sums_stats st;
    backend::regroup_sums(nl, {0.0}, &st);
    regrouped += st.cells;
    if (st.cells) REQUIRE(nl.cells.size() == 2);  // s went, the inner sum came
    check_same_outputs(nl, before, rng);
  }
  CHECK(regrouped > 10);  // not vacuous
}

TEST_CASE("regroup_sums: a small table meets the two-term chain; 6-input tables or a wrapping sum stay" * doctest::test_suite("fast")) {
  std::mt19937_64 rng(3);
  {
    const int fanins[3] = {6, 6, 4};
    backend::Netlist nl = sum_of_sum(rng, fanins, true, 8, 0, 9);
    const backend::Netlist before = nl;
    backend::regroup_sums_stats st;
    backend::regroup_sums(nl, {}, &st);
    // Before: 8 LUT6_2 of s, 8 propagate LUTs of o (positions 7 and 8 add the same pair of sign
    // bits). After: 9 LUT6_2 of a + x + y, and z's sign LUT (read at positions 5-8) is the only
    // addend of the two-term chain that does not merge.
    CHECK(st.cells == 1);
    CHECK(st.luts_before == 16);
    CHECK(st.luts_after == 9 + 4);
    REQUIRE(nl.cells.size() == 2);
    CHECK(nl.cells[0].terms.size() == 3);
    CHECK(nl.cells[1].terms.size() == 2);
    check_same_outputs(nl, before, rng);
  }
  {
    const int fanins[3] = {6, 6, 6};
    backend::Netlist nl = sum_of_sum(rng, fanins, true, 8, 0, 9);
    backend::regroup_sums_stats st;
    backend::regroup_sums(nl, {}, &st);
    CHECK(st.cells == 0);
  }
  {
    // s wraps at 6 positions (its exact value needs 8) and o reads its sign extension: not a sum.
    const int fanins[3] = {6, 6, 4};
    backend::Netlist nl = sum_of_sum(rng, fanins, true, 6, 0, 9);
    backend::regroup_sums_stats st;
    backend::regroup_sums(nl, {}, &st);
    CHECK(st.cells == 0);
    ArithCell s = nl.cells[0];
    CHECK(!backend::detail::term_is_exact_sum(s, nl.cells[1].terms[1], 9));
    CHECK(backend::detail::term_is_exact_sum(s, nl.cells[1].terms[1], 6));
  }
}
