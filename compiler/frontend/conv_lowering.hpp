#pragma once
// Constant-weight convolutions (1-D and 2-D, stride, zero padding) expanded into IR nodes: every
// output position is a dense layer over its receptive field (docs/model-format.md#conv-layers),
// expanded by the strategy chosen once for the whole layer (mac_lowering.hpp). Positions whose
// field lies inside the input get identical tables, so lowering minimizes each table content once
// and reuses it at every position.
#include <vector>

#include "frontend/mac_lowering.hpp"

namespace lutc::frontend {

/// One convolution: out[p][o] = quantize(activation(sum_{k,c} w[o][k][c] * x[p * stride - padding + k][c] + b[o])),
/// inputs outside the input (padding) reading 0.
struct ConvLayer {
  /// The per-position settings: name, inputs (every input value, row-major over input_shape:
  /// spatial dimensions, then channels), weights [output channel][kernel position, then input
  /// channel], bias, formats, activation, output quantizer, strategy and lut-na parameters.
  DenseLayer kernel;
  std::vector<int> input_shape;   // {L, C} (1-D) or {H, W, C} (2-D)
  std::vector<int> kernel_shape;  // {K} or {KH, KW}
  std::vector<int> stride;        // one per spatial dimension (>= 1)
  std::vector<int> padding;       // one per spatial dimension (>= 0), zeros on both sides
};

/// {OL, C_out} or {OH, OW, C_out}; a spatial size below 1 when the kernel does not fit.
std::vector<int> conv_output_shape(const ConvLayer& conv);

/// The dense layer of output position `position` (row-major over the output's spatial
/// dimensions): its field's inputs (padding dropped, since it reads 0) and the matching weight
/// columns; outputs named conv.name + "." + flat output index.
DenseLayer conv_position_layer(const ConvLayer& conv, size_t position);

/// Appends the nodes computing `conv` and returns its outputs, row-major over conv_output_shape
/// (position, then output channel). The strategy is chosen on a position with the largest field
/// and used at every position. Throws std::invalid_argument on an inconsistent layer.
std::vector<ir::NodeId> expand_conv(ir::Network& net, const ConvLayer& conv, const mac_params& ps, mac_stats* stats = nullptr);

}  // namespace lutc::frontend
