#pragma once
// The native model format `lutc-model/v1` (specified in docs/model-format.md): a YAML file that
// lists inputs, table neurons (and constants) and outputs. Reading validates everything and
// reports user errors as Diagnostics with the YAML line and column; writing produces text that
// reads back into exactly the same network.
#include <string>

#include "frontend/mac_lowering.hpp"
#include "ir/network.hpp"

namespace lutc::frontend {

/// The `format:` value of version 1 of the native model format.
inline constexpr const char* kModelFormatV1 = "lutc-model/v1";

/// Parses a native YAML model; `path` is used for diagnostics (and as the default name). Dense
/// layers are expanded into IR nodes as `mac` says (frontend/mac_lowering.hpp).
ir::Network read_yaml_model(const std::string& path, const std::string& text, const mac_params& mac = {},
                            mac_stats* stats = nullptr);

/// Writes `net` in the native format; read_yaml_model of the result reproduces `net` exactly
/// (nodes, operands, rows, care sets, formats, ports), except `source_line`/`source_file`.
/// Requires the primary inputs to come before all other nodes (true for every reader and pass).
std::string write_yaml_model(const ir::Network& net);

namespace detail {
/// Hex encoding of a table: rows packed row 0 first at the least significant end, `width` bits
/// each, written as one hex number, most significant digit first (at least one digit).
std::string rows_to_hex(const std::vector<uint64_t>& rows, int width);
/// 2^width - 1 (all ones for 64).
uint64_t low_mask(int width);
/// Letters, digits, '_' and '.', starting with a letter or '_'.
bool is_identifier(const std::string& s);
/// Number of hex digits `rows_to_hex` writes for `num_rows` rows of `width` bits.
uint64_t hex_digits_for(uint64_t num_rows, int width);
}  // namespace detail

}  // namespace lutc::frontend
