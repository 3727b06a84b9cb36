#pragma once
// Espresso `.pla` files: `.i .o .p .type (f, fd, fr, fdr; default fd) .ilb .ob .e`, `#` comments.
// Input column 0 is variable 0 (bit 0 of the network input `x`), output column j is output bit j.
// Semantics per type: f: listed 1s on, rest off; fd: `1` on, `-` don't care, unlisted off;
// fr/fdr: `1` on, `0` off, `-` don't care, unlisted minterms are don't cares.
#include <string>
#include <vector>

#include "ir/network.hpp"

namespace lutc::frontend {

/// Parses a `.pla` file into a one-table network (input `x`, output `y`) with care sets.
ir::Network read_pla(const std::string& path, const std::string& text);

namespace detail {
struct PlaRow {
  std::string inputs, outputs;    // one character per column, whitespace removed
  int line = 0;
  std::vector<int> columns;       // 1-based source column of every character (inputs then outputs)
};
struct PlaFile {
  int num_inputs = -1, num_outputs = -1, declared_rows = -1;
  int inputs_line = 0, outputs_line = 0;  // where .i and .o were given
  std::string type = "fd";
  std::vector<std::string> input_labels, output_labels;
  std::vector<PlaRow> rows;
};
/// Splits a PLA file into header fields and rows, checking characters and row lengths.
/// Inputs may be 0 1 -, outputs 0 1 - ~; `.o` may be absent (rows then have no outputs).
PlaFile parse_pla_text(const std::string& path, const std::string& text);
}  // namespace detail

}  // namespace lutc::frontend
