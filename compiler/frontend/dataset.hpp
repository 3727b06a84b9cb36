#pragma once
// Data sets: input samples (and optional labels) for a network, from a PLA or CSV file
// (formats in docs/model-format.md). Used to measure accuracy and to derive care sets.
#include <cstdint>
#include <string>
#include <vector>

#include "ir/network.hpp"

namespace lutc::frontend {

struct Dataset {
  std::vector<std::vector<uint64_t>> inputs;       // per sample: one code per network input port
  bool has_labels = false;
  std::vector<std::vector<uint64_t>> labels;       // per sample: one code per output port
  std::vector<std::vector<uint64_t>> label_known;  // per sample, per output port: mask of specified bits
  std::vector<int> source_line;                    // per sample: 1-based line in the file
  // A CSV `label` column (when no port is named `label`): the sample's class, compared with the
  // network's predicted class (ir::predicted_class). -1: unknown for that sample.
  bool has_classes = false;
  std::vector<int64_t> classes;                    // per sample when has_classes
};

/// Reads a data set for `net` from a `.pla` or `.csv` file; errors name file:line.
Dataset read_dataset(const std::string& path, const ir::Network& net);

/// Parses data set text; `path` (its extension selects PLA or CSV) is used for diagnostics.
Dataset parse_dataset(const std::string& path, const std::string& text, const ir::Network& net);

}  // namespace lutc::frontend
