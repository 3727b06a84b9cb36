#include <doctest/doctest.h>

#include <algorithm>
#include <random>

#include "backend/carry_chain.hpp"

using namespace lutc;
using backend::ArithCell;
using backend::ArithTerm;
using logic::Signal;

namespace {

constexpr uint32_t input_bits = 14;

/// A random netlist: LUTs of the input bits and adder cells over inputs and LUTs (one, two or
/// three terms, random signs, shifts, negations and allowed constants), some LUTs read once
/// (the writer merges those), outputs reading a random subset of the cells' bits.
backend::Netlist random_netlist(std::mt19937& rng) {
  auto pick = [&](int n) { return static_cast<int>(rng() % static_cast<uint32_t>(n)); };
  std::vector<ArithCell> cells(static_cast<size_t>(1 + pick(4)));
  uint32_t pis = input_bits;
  for (auto& c : cells) {
    size_t terms = static_cast<size_t>(1 + pick(3));
    for (size_t t = 0; t < terms; ++t) {
      ArithTerm term;
      term.bits.resize(static_cast<size_t>(1 + pick(7)));
      term.is_signed = pick(2);
      term.shift = pick(3) == 0 ? pick(3) : 0;
      term.negate = terms > 1 && pick(3) == 0;
      c.terms.push_back(term);
    }
    if (terms == 2 && (c.terms[0].negate && c.terms[1].negate)) c.terms[1].negate = false;
    bool negated = c.terms[0].negate || (terms > 1 && c.terms[1].negate);
    if (terms == 1) c.constant = 1 + pick(5) - (pick(4) == 0 ? 8 : 0);
    if (terms == 2) c.constant = negated ? 0 : pick(2);
    if (terms == 3) {
      int negations = 0;
      for (const auto& t : c.terms) negations += t.negate;
      c.constant = pick(3 - std::min(negations, 2));
    }
    int widest = 0;
    for (const auto& t : c.terms) widest = std::max(widest, static_cast<int>(t.bits.size()) + t.shift);
    c.lo = pick(4) == 0 ? 1 : 0;
    c.width = std::max(1, widest + 2 - c.lo - pick(2));
    c.first_pi = pis;
    pis += static_cast<uint32_t>(c.width);
  }
  backend::Netlist nl;
  nl.inputs = {{"x", static_cast<int>(input_bits)}};
  nl.luts = logic::LutNetwork(pis);
  std::vector<Signal> sources;
  for (uint32_t i = 0; i < input_bits; ++i) sources.push_back(nl.luts.pi(i));
  for (int l = 0; l < 8; ++l) {
    std::vector<Signal> fanins;
    int k = 2 + pick(4);
    for (int i = 0; i < k; ++i) fanins.push_back(nl.luts.pi(static_cast<uint32_t>(pick(static_cast<int>(input_bits)))));
    std::sort(fanins.begin(), fanins.end());
    fanins.erase(std::unique(fanins.begin(), fanins.end()), fanins.end());
    uint64_t init = (static_cast<uint64_t>(rng()) << 32) | rng();
    sources.push_back(nl.luts.add_lut(fanins, fanins.size() >= 6 ? init : init & ((uint64_t{1} << (1u << fanins.size())) - 1)));
  }
  for (auto& c : cells)
    for (auto& t : c.terms)
      for (auto& b : t.bits) b = pick(8) == 0 ? logic::LutNetwork::const0 : sources[static_cast<size_t>(pick(static_cast<int>(sources.size())))];
  nl.cells = cells;
  int out_bits = 0;
  for (const auto& c : nl.cells)
    for (int b = 0; b < c.width; ++b)
      if (pick(3) != 0) {
        nl.luts.add_po(nl.luts.pi(c.first_pi + static_cast<uint32_t>(b)));
        ++out_bits;
      }
  nl.outputs = {{"y", std::max(out_bits, 1)}};
  if (out_bits == 0) nl.luts.add_po(nl.luts.pi(0));
  return nl;
}

}  // namespace

TEST_CASE("carry_chain: every planned chain computes its cell's sum on every bit that is read") {
  std::mt19937 rng(2026);
  backend::carry_chain_stats total;
  size_t chains_checked = 0;
  for (int round = 0; round < 400; ++round) {
    backend::Netlist nl = random_netlist(rng);
    const size_t n = nl.luts.num_signals();
    std::vector<int> constant(n, -1), stage(n, 0), delay(n, 0), cell_stage(nl.cells.size(), 0);
    std::vector<char> emitted(n, 0);
    constant[0] = 0;
    constant[1] = 1;
    for (size_t i = 0; i < nl.luts.num_luts(); ++i) emitted[nl.luts.lut_signal(i)] = 1;
    backend::carry_chain_stats st;
    auto chains = backend::plan_carry_chains(nl, {constant, emitted, stage, cell_stage, delay}, &st);
    total.carry4 += st.carry4;
    total.carry4_tail += st.carry4_tail;
    total.carry4_trimmed += st.carry4_trimmed;
    total.ternary_chains += st.ternary_chains;
    total.absorbed_luts += st.absorbed_luts;
    const std::vector<int> readers = backend::signal_readers(nl, &emitted);
    for (int sample = 0; sample < 64; ++sample) {
      std::vector<char> value(n, 0);
      value[1] = 1;
      for (uint32_t i = 0; i < input_bits; ++i) value[nl.luts.pi(i)] = static_cast<char>(rng() & 1);
      for (size_t i = 0; i < nl.luts.num_luts(); ++i) {
        const auto& lut = nl.luts.luts()[i];
        uint64_t row = 0;
        for (size_t f = 0; f < lut.fanins.size(); ++f) row |= static_cast<uint64_t>(value[lut.fanins[f]]) << f;
        value[nl.luts.lut_signal(i)] = static_cast<char>((lut.init >> row) & 1);
      }
      for (size_t c = 0; c < nl.cells.size(); ++c) {
        const ArithCell& cell = nl.cells[c];
        REQUIRE(chains[c].explicit_chain == backend::explicit_carry_cell(cell));
        if (!chains[c].explicit_chain) continue;
        ++chains_checked;
        const __int128 exact = backend::cell_sum(cell, value);
        const std::vector<char> sum = backend::carry_chain_sum(nl, chains[c], value);
        for (int b = 0; b < cell.width; ++b) {
          int p = cell.lo + b;
          if (readers[nl.luts.pi(cell.first_pi + static_cast<uint32_t>(b))] == 0) continue;  // unread: any value
          REQUIRE(p < static_cast<int>(sum.size()));
          CHECK(sum[static_cast<size_t>(p)] == static_cast<char>((exact >> p) & 1));
        }
      }
    }
  }
  // Not vacuous: every kind of chain and every saving occurred.
  CHECK(chains_checked > 1000);
  CHECK(total.carry4_tail > 10);
  CHECK(total.carry4_trimmed > 10);
  CHECK(total.ternary_chains > 50);
  CHECK(total.absorbed_luts > 10);
}

TEST_CASE("carry_chain: a tail LUT replaces the last CARRY4 only where it costs no LUT") {
  // s = a + b, 5 bits from 4-bit unsigned inputs: bit 4 is the carry-out, a wire from CO[3].
  backend::Netlist nl;
  nl.inputs = {{"a", 4}, {"b", 4}};
  nl.outputs = {{"s", 5}};
  nl.luts = logic::LutNetwork(8 + 5);
  auto pi = [&](uint32_t i) { return nl.luts.pi(i); };
  ArithCell c;
  c.terms = {{{pi(0), pi(1), pi(2), pi(3)}, false, 0, false}, {{pi(4), pi(5), pi(6), pi(7)}, false, 0, false}};
  c.width = 5;
  c.first_pi = 8;
  nl.cells = {c};
  for (uint32_t b = 0; b < 5; ++b) nl.luts.add_po(pi(8 + b));
  const size_t n = nl.luts.num_signals();
  std::vector<int> constant(n, -1), stage(n, 0), delay(n, 0), cell_stage(1, 0);
  std::vector<char> emitted(n, 0);
  constant[0] = 0;
  constant[1] = 1;
  auto chains = backend::plan_carry_chains(nl, {constant, emitted, stage, cell_stage, delay});
  REQUIRE(chains[0].explicit_chain);
  CHECK(chains[0].blocks == 1);
  REQUIRE(chains[0].tail.size() == 1);
  CHECK(chains[0].tail[0].wire);
  CHECK(chains[0].tail[0].leaves[0] == backend::block_carry_leaf);
  // Signed 4-bit inputs: bit 4 = a3 ^ b3 ^ carry, and position 4's propagate a3 ^ b3 is the
  // same as position 3's (shared by synthesis): a tail LUT would cost one more LUT, so no tail.
  nl.cells[0].terms[0].is_signed = nl.cells[0].terms[1].is_signed = true;
  chains = backend::plan_carry_chains(nl, {constant, emitted, stage, cell_stage, delay});
  CHECK(chains[0].blocks == 2);
  CHECK(chains[0].tail.empty());
}

TEST_CASE("carry_chain: a sign bit LUT read only by its cell merges at every position, or nowhere" * doctest::test_suite("fast")) {
  // s = a + t, a 6-bit input, t a signed 3-bit table of 4 inputs: t's sign LUT is read at
  // positions 2..5 (sign extension), only by the cell.
  for (bool also_output : {false, true}) {
    backend::Netlist nl;
    nl.inputs = {{"x", 10}};
    nl.luts = logic::LutNetwork(10 + 6);
    auto pi = [&](uint32_t i) { return nl.luts.pi(i); };
    std::vector<Signal> t;
    for (uint64_t b = 0; b < 3; ++b) t.push_back(nl.luts.add_lut({pi(6), pi(7), pi(8), pi(9)}, 0x6ac5u * (b + 1)));
    ArithCell c;
    c.terms = {{{pi(0), pi(1), pi(2), pi(3), pi(4), pi(5)}, true, 0, false}, {t, true, 0, false}};
    c.width = 6;
    c.first_pi = 10;
    nl.cells = {c};
    for (uint32_t b = 0; b < 6; ++b) nl.luts.add_po(pi(10 + b));
    if (also_output) nl.luts.add_po(t[2]);
    nl.outputs = {{"s", also_output ? 7 : 6}};
    const size_t n = nl.luts.num_signals();
    std::vector<int> constant(n, -1), stage(n, 0), delay(n, 0), cell_stage(1, 0);
    std::vector<char> emitted(n, 1);
    constant[0] = 0;
    constant[1] = 1;
    backend::carry_chain_stats st;
    auto chains = backend::plan_carry_chains(nl, {constant, emitted, stage, cell_stage, delay}, &st);
    REQUIRE(chains[0].explicit_chain);
    int sign_merged = 0;
    for (Signal x : chains[0].absorbed) sign_merged += x == t[2];
    CHECK(sign_merged == (also_output ? 0 : 4));
    CHECK(st.absorbed_luts == (also_output ? 2 : 3));  // t's bits 0 and 1, and the sign LUT once
  }
}
