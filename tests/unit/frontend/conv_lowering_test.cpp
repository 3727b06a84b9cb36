#include "frontend/conv_lowering.hpp"

#include <doctest/doctest.h>

#include <random>
#include <stdexcept>

#include "ir/software_model.hpp"

using namespace lutc;
using frontend::MacStrategy;

namespace {

int64_t signed_value(uint64_t code, int bits, bool is_signed) {
  if (is_signed && ((code >> (bits - 1)) & 1)) return static_cast<int64_t>(code) - (int64_t{1} << bits);
  return static_cast<int64_t>(code);
}

/// A network with one input per element of `shape` (row-major) and a random conv layer over them.
struct Case {
  ir::Network net;
  frontend::ConvLayer conv;
  int bits = 0;
  bool is_signed = false;
};

Case random_case(std::mt19937_64& rng, bool two_d) {
  Case c;
  auto pick = [&](int lo, int hi) { return lo + static_cast<int>(rng() % static_cast<uint64_t>(hi - lo + 1)); };
  c.bits = pick(1, 4);
  c.is_signed = rng() % 2 && c.bits > 1;
  const int dims = two_d ? 2 : 1, channels = pick(1, 2), outs = pick(1, 3);
  for (int d = 0; d < dims; ++d) {
    c.conv.kernel_shape.push_back(pick(1, 3));
    c.conv.padding.push_back(pick(0, c.conv.kernel_shape.back() - 1));
    c.conv.stride.push_back(pick(1, 2));
    c.conv.input_shape.push_back(pick(c.conv.kernel_shape.back(), two_d ? 4 : 6));
  }
  c.conv.input_shape.push_back(channels);
  size_t elements = 1;
  for (int s : c.conv.input_shape) elements *= static_cast<size_t>(s);
  for (size_t i = 0; i < elements; ++i) {
    ir::NodeId id = c.net.add_input("x" + std::to_string(i), c.bits);
    c.net.nodes[id].format = ir::FixedFormat{c.is_signed, c.bits, 0};
    c.conv.kernel.inputs.push_back(id);
  }
  size_t taps = static_cast<size_t>(channels);
  for (int k : c.conv.kernel_shape) taps *= static_cast<size_t>(k);
  c.conv.kernel.name = "c";
  c.conv.kernel.weights.assign(static_cast<size_t>(outs), std::vector<int64_t>(taps));
  for (auto& row : c.conv.kernel.weights)
    for (auto& w : row) w = rng() % 5 == 0 ? 0 : static_cast<int64_t>(rng() % 15) - 7;
  c.conv.kernel.output = ir::FixedFormat{true, 40, 0};  // wide: the output is the exact sum
  return c;
}

/// The convolution computed directly from its definition (zero padding).
int64_t direct_conv(const frontend::ConvLayer& conv, const std::vector<int64_t>& x, const std::vector<int>& pos, size_t o) {
  const auto& shape = conv.input_shape;
  const int ch = shape.back();
  int64_t sum = 0;
  const int kh = conv.kernel_shape[0], kw = conv.kernel_shape.size() > 1 ? conv.kernel_shape[1] : 1;
  for (int a = 0; a < kh; ++a)
    for (int b = 0; b < kw; ++b) {
      int r = pos[0] * conv.stride[0] - conv.padding[0] + a;
      int col = pos.size() > 1 ? pos[1] * conv.stride[1] - conv.padding[1] + b : 0;
      if (r < 0 || r >= shape[0]) continue;
      if (pos.size() > 1 && (col < 0 || col >= shape[1])) continue;
      size_t element = pos.size() > 1 ? static_cast<size_t>(r * shape[1] + col) : static_cast<size_t>(r);
      for (int c = 0; c < ch; ++c) sum += conv.kernel.weights[o][static_cast<size_t>((a * kw + b) * ch + c)] * x[element * static_cast<size_t>(ch) + static_cast<size_t>(c)];
    }
  return sum;
}

}  // namespace

TEST_CASE("conv_output_shape follows (size + 2 padding - kernel) / stride + 1") {
  frontend::ConvLayer c;
  c.input_shape = {7, 5, 2};
  c.kernel_shape = {3, 2};
  c.stride = {2, 1};
  c.padding = {1, 0};
  c.kernel.weights.assign(3, {});
  CHECK(frontend::conv_output_shape(c) == std::vector<int>{4, 4, 3});
  c.input_shape = {9, 1};
  c.kernel_shape = {4};
  c.stride = {3};
  c.padding = {0};
  CHECK(frontend::conv_output_shape(c) == std::vector<int>{2, 3});
}

TEST_CASE("every strategy computes 1-D and 2-D convolutions exactly, padding and stride included") {
  std::mt19937_64 rng(17);
  for (int trial = 0; trial < 16; ++trial) {
    Case base = random_case(rng, trial % 2 == 1);
    for (auto s : {MacStrategy::mul, MacStrategy::shift_add, MacStrategy::lut_na, MacStrategy::automatic}) {
      Case c = base;
      c.conv.kernel.strategy = s;
      frontend::mac_stats st;
      auto outs = frontend::expand_conv(c.net, c.conv, frontend::mac_params{}, &st);
      const std::vector<int> shape = frontend::conv_output_shape(c.conv);
      size_t expected = 1;
      for (int d : shape) expected *= static_cast<size_t>(d);
      REQUIRE(outs.size() == expected);
      REQUIRE(st.layers.size() == 1);
      CHECK(st.layers[0].positions == static_cast<int>(expected) / shape.back());
      for (size_t j = 0; j < outs.size(); ++j) {
        CHECK(c.net.nodes[outs[j]].name == "c." + std::to_string(j));
        c.net.outputs.push_back({"y" + std::to_string(j), {outs[j], 0, c.net.nodes[outs[j]].width}, {}});
      }
      c.net.check_invariants();
      c.net.compute_layers();
      ir::SoftwareModel model(c.net);
      CAPTURE(trial);
      CAPTURE(st.layers[0].strategy);
      for (int sample = 0; sample < 20; ++sample) {
        std::vector<uint64_t> codes;
        std::vector<int64_t> x;
        for (size_t i = 0; i < c.conv.kernel.inputs.size(); ++i) {
          codes.push_back(rng() & ((uint64_t{1} << c.bits) - 1));
          x.push_back(signed_value(codes.back(), c.bits, c.is_signed));
        }
        auto r = model.evaluate(codes);
        const size_t cout = static_cast<size_t>(shape.back());
        for (size_t j = 0; j < outs.size(); ++j) {
          size_t position = j / cout;
          std::vector<int> pos = shape.size() == 3 ? std::vector<int>{static_cast<int>(position) / shape[1], static_cast<int>(position) % shape[1]}
                                                   : std::vector<int>{static_cast<int>(position)};
          REQUIRE(signed_value(r.values[j], 40, true) == direct_conv(c.conv, x, pos, j % cout));
        }
      }
    }
  }
}

TEST_CASE("a conv layer's lut-na tables are shared across its interior positions") {
  // 5x5 input, 3x3 kernel, no padding: all 9 positions read the whole kernel.
  std::mt19937_64 rng(3);
  Case c = random_case(rng, true);
  c.conv.input_shape = {5, 5, 1};
  c.conv.kernel_shape = {3, 3};
  c.conv.stride = {1, 1};
  c.conv.padding = {0, 0};
  c.net = ir::Network{};
  c.conv.kernel.inputs.clear();
  for (int i = 0; i < 25; ++i) {
    ir::NodeId id = c.net.add_input("x" + std::to_string(i), 3);
    c.net.nodes[id].format = ir::FixedFormat{false, 3, 0};
    c.conv.kernel.inputs.push_back(id);
  }
  c.conv.kernel.weights = {{1, -2, 3, 0, 5, -1, 2, 2, -3}, {4, 0, -1, 1, 1, 1, -2, 3, 6}};
  c.conv.kernel.strategy = MacStrategy::lut_na;
  c.conv.kernel.chunk_bits = 3, c.conv.kernel.group = 2;
  frontend::mac_stats st;
  frontend::expand_conv(c.net, c.conv, frontend::mac_params{}, &st);
  const auto& l = st.layers.at(0);
  CHECK(l.positions == 9);
  CHECK(l.tables > 0);
  CHECK(l.tables % 9 == 0);
  CHECK(l.distinct_tables * 9 == l.tables);
}

TEST_CASE("inconsistent conv layers are refused") {
  std::mt19937_64 rng(9);
  Case c = random_case(rng, true);
  Case bad_weights = c;
  bad_weights.conv.kernel.weights[0].pop_back();
  CHECK_THROWS_AS(frontend::expand_conv(bad_weights.net, bad_weights.conv, frontend::mac_params{}), std::invalid_argument);
  Case bad_inputs = c;
  bad_inputs.conv.kernel.inputs.pop_back();
  CHECK_THROWS_AS(frontend::expand_conv(bad_inputs.net, bad_inputs.conv, frontend::mac_params{}), std::invalid_argument);
  Case too_big = c;
  too_big.conv.kernel_shape[0] = too_big.conv.input_shape[0] + 2 * too_big.conv.padding[0] + 1;
  CHECK_THROWS_AS(frontend::expand_conv(too_big.net, too_big.conv, frontend::mac_params{}), std::invalid_argument);
}
