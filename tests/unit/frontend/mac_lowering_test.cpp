#include "frontend/mac_lowering.hpp"

#include <doctest/doctest.h>

#include <cmath>
#include <random>

#include "ir/software_model.hpp"

using namespace lutc;
using frontend::MacStrategy;

namespace {

/// A network of `n` inputs of `bits` bits (signed or not) and one random dense layer.
struct Case {
  ir::Network net;
  frontend::DenseLayer layer;
  ir::FixedFormat in;
};

Case random_case(std::mt19937_64& rng, int n, int m, int bits, bool is_signed, int wbits) {
  Case c;
  c.in = ir::FixedFormat{is_signed, bits - 1, 1};
  for (int i = 0; i < n; ++i) {
    ir::NodeId id = c.net.add_input("x" + std::to_string(i), bits);
    c.net.nodes[id].format = c.in;
    c.layer.inputs.push_back(id);
  }
  std::uniform_int_distribution<int64_t> w(-(int64_t{1} << (wbits - 1)), (int64_t{1} << (wbits - 1)) - 1);
  c.layer.name = "d";
  c.layer.weights.assign(static_cast<size_t>(m), std::vector<int64_t>(static_cast<size_t>(n)));
  for (auto& row : c.layer.weights)
    for (auto& v : row) v = rng() % 4 == 0 ? 0 : w(rng);
  c.layer.weight_frac_bits = 2;
  // Wide enough that the exact sum never overflows: the output equals the dot product.
  c.layer.output = ir::FixedFormat{true, 40, 3};
  return c;
}

int64_t signed_value(uint64_t code, int bits, bool is_signed) {
  if (is_signed && ((code >> (bits - 1)) & 1)) return static_cast<int64_t>(code) - (int64_t{1} << bits);
  return static_cast<int64_t>(code);
}

}  // namespace

TEST_CASE("every strategy computes the dot product exactly; approximate lut-na computes its reference") {
  std::mt19937_64 rng(11);
  for (int trial = 0; trial < 24; ++trial) {
    int n = 1 + static_cast<int>(rng() % 7), m = 1 + static_cast<int>(rng() % 4), bits = 2 + static_cast<int>(rng() % 5);
    bool is_signed = rng() % 2;
    Case base = random_case(rng, n, m, bits, is_signed, 2 + static_cast<int>(rng() % 6));
    struct Variant {
      MacStrategy s;
      int k, g, approx;
    };
    std::vector<Variant> variants = {{MacStrategy::mul, 0, 0, 0},      {MacStrategy::shift_add, 0, 0, 0},
                                     {MacStrategy::lut_na, 1, 3, 0},   {MacStrategy::lut_na, 2, 2, 0},
                                     {MacStrategy::lut_na, bits, 1, 0}, {MacStrategy::automatic, 0, 0, 0},
                                     {MacStrategy::lut_na, 2, 2, 3},   {MacStrategy::lut_na, 1, 4, 2}};
    for (const auto& v : variants) {
      Case c = base;
      c.layer.strategy = v.s;
      c.layer.chunk_bits = v.k, c.layer.group = v.g, c.layer.approx_bits = v.approx;
      frontend::mac_stats st;
      auto outs = frontend::expand_dense(c.net, c.layer, frontend::mac_params{}, &st);
      for (size_t j = 0; j < outs.size(); ++j) c.net.outputs.push_back({"y" + std::to_string(j), {outs[j], 0, c.net.nodes[outs[j]].width}, {}});
      c.net.check_invariants();
      c.net.compute_layers();
      ir::SoftwareModel model(c.net);
      CAPTURE(trial);
      CAPTURE(st.layers.at(0).strategy);
      CAPTURE(v.approx);
      for (int s = 0; s < 40; ++s) {
        std::vector<uint64_t> codes;
        std::vector<int64_t> x;
        for (int i = 0; i < n; ++i) {
          codes.push_back(rng() & ((uint64_t{1} << bits) - 1));
          x.push_back(signed_value(codes.back(), bits, is_signed));
        }
        auto r = model.evaluate(codes);
        for (size_t j = 0; j < outs.size(); ++j) {
          int k = v.k > 0 ? v.k : 1, g = v.g > 0 ? v.g : 1;
          __int128 ref = frontend::reference_dot(c.layer, c.in, k, g, j, x);
          // Accumulator LSB is 2^-(1 + 2); the output has 3 fraction bits: the same scale.
          int64_t got = signed_value(r.values[j], 43, true);
          CHECK(got == static_cast<int64_t>(ref));
        }
      }
    }
  }
}

TEST_CASE("an approximation that drops bits differs from the exact dot product somewhere") {
  std::mt19937_64 rng(5);
  Case c = random_case(rng, 6, 3, 6, false, 6);
  frontend::DenseLayer approx = c.layer;
  approx.strategy = MacStrategy::lut_na, approx.chunk_bits = 2, approx.group = 3, approx.approx_bits = 3;
  int differences = 0;
  for (int s = 0; s < 200; ++s) {
    std::vector<int64_t> x;
    for (int i = 0; i < 6; ++i) x.push_back(static_cast<int64_t>(rng() % 64));
    for (size_t j = 0; j < 3; ++j)
      differences += frontend::reference_dot(approx, c.in, 2, 3, j, x) != frontend::reference_dot(c.layer, c.in, 2, 3, j, x);
  }
  CHECK(differences > 0);
}

TEST_CASE("strategy names round-trip") {
  for (auto s : {MacStrategy::automatic, MacStrategy::mul, MacStrategy::shift_add, MacStrategy::lut_na})
    CHECK(frontend::parse_mac_strategy(frontend::mac_strategy_name(s)) == s);
  CHECK_FALSE(frontend::parse_mac_strategy("csd"));
}
