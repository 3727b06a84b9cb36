#include "ir/arith.hpp"

#include <doctest/doctest.h>

#include <cmath>
#include <random>

using namespace lutc;

namespace {

ir::Node typed(ir::NodeOp op, bool is_signed, int int_bits, int frac_bits, std::vector<ir::Operand> operands = {}) {
  ir::Node n;
  n.op = std::move(op);
  n.format = ir::FixedFormat{is_signed, int_bits, frac_bits};
  n.width = n.format->width();
  n.operands = std::move(operands);
  return n;
}

/// The real number a code of node `n` stands for.
double real(const ir::Node& n, uint64_t code) { return ir::dequantize(code, *n.format); }

/// Independent reference: truncate a real to `n`'s step (toward -inf) and wrap it into its width.
uint64_t reference(const ir::Node& n, double v) { return ir::quantize(v, *n.format); }

}  // namespace

TEST_CASE("arithmetic kinds compute the exact value, truncated and wrapped to the node's type") {
  std::mt19937_64 rng(3);
  for (int trial = 0; trial < 2000; ++trial) {
    ir::Network net;
    int fa = static_cast<int>(rng() % 5), fb = static_cast<int>(rng() % 5) - 1;
    net.add_node(typed(ir::InputOp{}, true, 4, fa));
    net.add_node(typed(ir::InputOp{}, rng() % 2 == 0, 3, fb));
    const ir::Node &a = net.nodes[0], &b = net.nodes[1];
    uint64_t ca = rng() & ((uint64_t{1} << a.width) - 1), cb = rng() & ((uint64_t{1} << b.width) - 1);
    double va = real(a, ca), vb = real(b, cb);
    int shift = static_cast<int>(rng() % 5) - 2;
    int fo = static_cast<int>(rng() % 6) - 1;
    std::vector<ir::Operand> ab = {{0, 0, a.width}, {1, 0, b.width}};
    struct Case {
      ir::NodeOp op;
      std::vector<ir::Operand> operands;
      double exact;
    };
    std::vector<Case> cases = {
        {ir::NegateOp{}, {ab[0]}, -va},
        {ir::AddSubOp{false, shift}, ab, va + std::ldexp(vb, shift)},
        {ir::AddSubOp{true, shift}, ab, va - std::ldexp(vb, shift)},
        {ir::SumOp{{false, true}, {0, shift}}, ab, va - std::ldexp(vb, shift)},
        {ir::ReluOp{}, {ab[0]}, std::max(va, 0.0)},
        {ir::QuantizeOp{shift}, {ab[0]}, std::ldexp(va, shift)},
        {ir::AddConstOp{-5, 2}, {ab[0]}, va - 1.25},
        {ir::MultiplyOp{}, ab, va * vb},
    };
    for (auto& c : cases) {
      ir::Node n = typed(c.op, true, 6, fo, c.operands);
      std::vector<uint64_t> codes;
      for (const auto& o : c.operands) codes.push_back(o.node == 0 ? ca : cb);
      CAPTURE(trial);
      CAPTURE(c.op.index());
      CHECK(ir::evaluate_arithmetic(net, n, codes) == reference(n, c.exact));
    }
  }
}

TEST_CASE("MSB mux selects on the top bit of the condition's code") {
  ir::Network net;
  net.add_node(typed(ir::InputOp{}, true, 3, 1));   // a
  net.add_node(typed(ir::InputOp{}, false, 2, 0));  // b
  net.add_node(typed(ir::InputOp{}, false, 3, 0));  // c: MSB is bit 2
  ir::Node m = typed(ir::MsbMuxOp{1}, true, 5, 1, {{0, 0, 4}, {1, 0, 2}, {2, 0, 3}});
  CHECK(ir::evaluate_arithmetic(net, m, {0b1111, 3, 0b100}) == 0b111111);  // a = -0.5
  CHECK(ir::evaluate_arithmetic(net, m, {0b1111, 3, 0b011}) == 12);        // b * 2 = 6 -> code 12
}
