#include "frontend/conv_lowering.hpp"

#include <algorithm>
#include <numeric>
#include <set>
#include <stdexcept>

namespace lutc::frontend {

namespace detail {
namespace {

/// The product of v[from], ..., v[to - 1] (to capped at v.size()).
size_t product(const std::vector<int>& v, size_t from = 0, size_t to = SIZE_MAX) {
  auto end = v.begin() + static_cast<std::ptrdiff_t>(std::min(to, v.size()));
  return std::accumulate(v.begin() + static_cast<std::ptrdiff_t>(std::min(from, v.size())), end, size_t{1},
                         [](size_t p, int x) { return p * static_cast<size_t>(x); });
}

void check_conv(const ConvLayer& c) {
  auto bad = [&](const std::string& m) { throw std::invalid_argument("conv layer '" + c.kernel.name + "': " + m); };
  const size_t dims = c.kernel_shape.size();
  if (dims < 1 || dims > 2) bad("kernel must have 1 or 2 spatial dimensions");
  if (c.input_shape.size() != dims + 1) bad("input shape must have " + std::to_string(dims + 1) + " dimensions");
  if (c.stride.size() != dims || c.padding.size() != dims) bad("stride and padding need one value per spatial dimension");
  for (size_t d = 0; d < dims; ++d)
    if (c.kernel_shape[d] < 1 || c.stride[d] < 1 || c.padding[d] < 0) bad("kernel and stride must be >= 1, padding >= 0");
  for (int s : c.input_shape)
    if (s < 1) bad("input dimensions must be >= 1");
  if (c.kernel.inputs.size() != product(c.input_shape)) bad("inputs do not match the input shape");
  const size_t field = product(c.kernel_shape) * static_cast<size_t>(c.input_shape.back());
  for (const auto& row : c.kernel.weights)
    if (row.size() != field) bad("a weight row does not have one weight per kernel position and input channel");
  for (int s : conv_output_shape(c))
    if (s < 1) bad("the kernel does not fit the padded input");
}

}  // namespace
}  // namespace detail

std::vector<int> conv_output_shape(const ConvLayer& c) {
  std::vector<int> out;
  for (size_t d = 0; d < c.kernel_shape.size() && d + 1 < c.input_shape.size(); ++d) {
    int span = c.input_shape[d] + 2 * c.padding[d] - c.kernel_shape[d];
    out.push_back(span < 0 ? 0 : span / c.stride[d] + 1);
  }
  out.push_back(static_cast<int>(c.kernel.weights.size()));
  return out;
}

DenseLayer conv_position_layer(const ConvLayer& c, size_t position) {
  const size_t dims = c.kernel_shape.size();
  const std::vector<int> out_shape = conv_output_shape(c);
  const size_t channels = static_cast<size_t>(c.input_shape.back());
  // The position's coordinates, last spatial dimension fastest.
  std::vector<int> at(dims);
  for (size_t d = dims, rest = position; d-- > 0;) at[d] = static_cast<int>(rest % static_cast<size_t>(out_shape[d])), rest /= static_cast<size_t>(out_shape[d]);
  DenseLayer L = c.kernel;
  L.name = c.kernel.name + ".p" + std::to_string(position);
  L.inputs.clear();
  L.weights.assign(c.kernel.weights.size(), {});
  const size_t taps = detail::product(c.kernel_shape);
  for (size_t tap = 0; tap < taps; ++tap) {
    // The tap's kernel coordinates and the input element it reads (none in the padding).
    size_t input = 0;
    bool inside = true;
    for (size_t d = 0, rest = tap; d < dims; ++d) {
      size_t inner = detail::product(c.kernel_shape, d + 1);
      int k = static_cast<int>(rest / inner);
      rest %= inner;
      int x = at[d] * c.stride[d] - c.padding[d] + k;
      inside = inside && x >= 0 && x < c.input_shape[d];
      input = input * static_cast<size_t>(c.input_shape[d]) + static_cast<size_t>(std::max(0, x));
    }
    if (!inside) continue;
    for (size_t ch = 0; ch < channels; ++ch) {
      L.inputs.push_back(c.kernel.inputs.at(input * channels + ch));
      for (size_t o = 0; o < L.weights.size(); ++o) L.weights[o].push_back(c.kernel.weights[o][tap * channels + ch]);
    }
  }
  L.output_names.clear();
  for (size_t o = 0; o < L.weights.size(); ++o) L.output_names.push_back(c.kernel.name + "." + std::to_string(position * L.weights.size() + o));
  return L;
}

std::vector<ir::NodeId> expand_conv(ir::Network& net, const ConvLayer& conv, const mac_params& ps, mac_stats* stats) {
  detail::check_conv(conv);
  const std::vector<int> out_shape = conv_output_shape(conv);
  const size_t positions = detail::product(out_shape, 0, out_shape.size() - 1);
  // The strategy is chosen once, on a position reading the most inputs (an interior one when
  // there is one): its tables are the ones repeated at every interior position.
  std::vector<DenseLayer> layers;
  size_t widest = 0;
  for (size_t p = 0; p < positions; ++p) {
    layers.push_back(conv_position_layer(conv, p));
    if (layers[p].inputs.size() > layers[widest].inputs.size()) widest = p;
  }
  mac_layer_stats st;
  const mac_choice choice = choose_mac(net, layers[widest], ps, &st);
  const size_t first_new = net.nodes.size();
  std::vector<ir::NodeId> outs;
  for (const DenseLayer& L : layers) {
    if (L.inputs.empty()) throw std::invalid_argument("conv layer '" + conv.kernel.name + "': a position reads only padding");
    for (ir::NodeId id : expand_dense_as(net, L, ps, choice, &st)) outs.push_back(id);
  }
  if (stats) {
    std::set<std::pair<int, std::vector<uint64_t>>> distinct;
    for (size_t i = first_new; i < net.nodes.size(); ++i)
      if (net.nodes[i].kind() == ir::NodeKind::table) distinct.insert({net.nodes[i].table().index_bits, net.nodes[i].table().rows});
    st.distinct_tables = distinct.size();
    st.layer = conv.kernel.name;
    st.inputs = static_cast<int>(conv.kernel.inputs.size());
    st.outputs = static_cast<int>(outs.size());
    st.positions = static_cast<int>(positions);
    stats->layers.push_back(std::move(st));
  }
  return outs;
}

}  // namespace lutc::frontend
