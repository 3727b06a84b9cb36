// Tests of split_sums: a split netlist computes the same outputs (random netlists, random inputs,
// against the netlist before), keeps cell outputs in cell order (the netlist JSON reader checks it),
// splits a sum of small tables and leaves one of 6-input tables as one ternary chain.
#include "backend/split_sums.hpp"

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

/// Three-term cells (two of them in a row: the second reads the first) over tables of 2..6
/// inputs, random signs, shifts, one negated term or a constant 1 at times; outputs read a
/// random subset of the cells' bits (the top ones often unread).
backend::Netlist random_netlist(std::mt19937_64& rng) {
  auto pick = [&](int n) { return static_cast<int>(rng() % static_cast<uint64_t>(n)); };
  const int cells = 1 + pick(3);
  std::vector<int> widths;
  std::vector<std::vector<ArithTerm>> terms(static_cast<size_t>(cells));
  for (auto& ts : terms)
    for (int t = 0; t < 3; ++t) ts.push_back({{}, pick(3) != 0, pick(4) == 0 ? 1 + pick(2) : 0, false});
  uint32_t pis = input_bits;
  for (int c = 0; c < cells; ++c) {
    int widest = 0;
    for (int t = 0; t < 3; ++t) widest = std::max(widest, 7 + terms[static_cast<size_t>(c)][static_cast<size_t>(t)].shift);
    widths.push_back(widest + 2 - pick(3));
    pis += static_cast<uint32_t>(widths.back());
  }
  backend::Netlist nl;
  nl.inputs = {{"x", static_cast<int>(input_bits)}};
  nl.luts = LutNetwork(pis);
  uint32_t first = input_bits;
  for (int c = 0; c < cells; ++c) {
    ArithCell cell;
    cell.terms = terms[static_cast<size_t>(c)];
    for (size_t t = 0; t < 3; ++t) {
      if (c > 0 && t == 0 && pick(2) == 0) {  // the previous cell's output
        const ArithCell& prev = nl.cells.back();
        for (int b = 0; b < prev.width; ++b) cell.terms[t].bits.push_back(nl.luts.pi(prev.first_pi + static_cast<uint32_t>(b)));
        cell.terms[t].is_signed = true;
      } else {
        cell.terms[t].bits = table_bits(nl, rng, 2 + pick(6), 2 + pick(5));
      }
    }
    int mode = pick(4);
    if (mode == 0) cell.terms[static_cast<size_t>(pick(3))].negate = true;
    if (mode == 1) cell.constant = 1;
    cell.width = widths[static_cast<size_t>(c)];
    cell.first_pi = first;
    first += static_cast<uint32_t>(cell.width);
    nl.cells.push_back(cell);
  }
  int out_bits = 0;
  for (const auto& c : nl.cells)
    for (int b = 0; b < c.width; ++b)
      if (pick(b + 2 > c.width ? 4 : 2) == 0) {
        nl.luts.add_po(nl.luts.pi(c.first_pi + static_cast<uint32_t>(b)));
        ++out_bits;
      }
  if (out_bits == 0) nl.luts.add_po(nl.luts.pi(nl.cells[0].first_pi)), ++out_bits;
  nl.outputs = {{"y", out_bits}};
  nl.lut_layer.assign(nl.luts.num_luts(), 1);
  return nl;
}

}  // namespace

TEST_CASE("split_sums: split netlists compute the same outputs, cell outputs in cell order" * doctest::test_suite("fast")) {
  std::mt19937_64 rng(7);
  backend::split_sums_stats total;
  for (int round = 0; round < 300; ++round) {
    backend::Netlist nl = random_netlist(rng);
    const backend::Netlist before = nl;
    backend::split_sums_stats st;
    backend::split_sums(nl, {0.0}, &st);
    total.cells += st.cells;
    total.luts_before += st.luts_before;
    total.luts_after += st.luts_after;
    REQUIRE(nl.cells.size() == before.cells.size() + st.cells);
    REQUIRE(nl.luts.num_luts() == before.luts.num_luts());
    // The JSON reader checks that every cell's outputs follow the previous cell's.
    REQUIRE_NOTHROW(backend::netlist_from_json(backend::netlist_to_json(nl)));
    for (const auto& c : nl.cells) REQUIRE(backend::explicit_carry_cell(c));
    for (int sample = 0; sample < 64; ++sample) {
      uint64_t x = rng() & ((uint64_t{1} << input_bits) - 1);
      REQUIRE(backend::evaluate_ports(nl, {x}) == backend::evaluate_ports(before, {x}));
    }
  }
  // Not vacuous: many cells were split, each for fewer propagate LUTs.
  CHECK(total.cells > 50);
  CHECK(total.luts_after < total.luts_before);
}

TEST_CASE("split_sums: three sums of 4-input tables become two chains, of 6-input tables stay one" * doctest::test_suite("fast")) {
  for (int fanins : {4, 6}) {
    std::mt19937_64 rng(11);
    backend::Netlist nl;
    nl.inputs = {{"x", static_cast<int>(input_bits)}};
    nl.luts = LutNetwork(input_bits + 8);
    ArithCell cell;
    for (int t = 0; t < 3; ++t) cell.terms.push_back({table_bits(nl, rng, 6, fanins), true, 0, false});
    cell.width = 8;
    cell.first_pi = input_bits;
    nl.cells = {cell};
    for (uint32_t b = 0; b < 8; ++b) nl.luts.add_po(nl.luts.pi(input_bits + b));
    nl.outputs = {{"y", 8}};
    backend::split_sums_stats st;
    backend::split_sums(nl, {}, &st);
    if (fanins == 4) {
      // Ternary: 8 LUT6_2. Split: x + y holds its exact value in 7 positions; bits 0-4 merge,
      // the sign bits (read at 3 positions each) do not: one XOR, shared by positions 5 and 6.
      // s + z: z's bits 0-4 merge, its sign bit beside s's bits 5 and 6 costs 2; position 7
      // repeats position 6's pair (s's sign, z's sign). z's sign LUT, read only there, merges
      // into those propagate LUTs too: one LUT fewer.
      CHECK(st.cells == 1);
      CHECK(st.luts_before == 8);
      CHECK(st.luts_after == 2);
      CHECK(st.luts_merged == 10);  // bits 0-4 of x (or y) and of z
      REQUIRE(nl.cells.size() == 2);
      CHECK(nl.cells[0].width == 7);
      CHECK(nl.cells[1].terms[0].bits.size() == 7);
    } else {
      CHECK(st.cells == 0);
      CHECK(nl.cells.size() == 1);
    }
  }
}
