#pragma once
// Shared checks of the fuzz targets: a reader either throws Diagnostic (a user error, fine) or
// returns a network that must satisfy its invariants and evaluate in the software model.
#include <cstdint>
#include <cstdlib>
#include <string>

#include "frontend/dataset.hpp"
#include "frontend/read_model.hpp"
#include "ir/network.hpp"
#include "ir/batch_model.hpp"
#include "ir/software_model.hpp"
#include "util/diagnostic.hpp"

namespace lutc::fuzz {

/// Accepted networks small enough to evaluate are checked: invariants, then a few vectors.
inline void check_accepted(const ir::Network& net) {
  net.check_invariants();
  if (net.total_input_bits() > 64 || net.table_bits() > (uint64_t{1} << 22)) return;
  ir::SoftwareModel model(net);
  std::vector<std::vector<uint64_t>> vectors(8, std::vector<uint64_t>(net.inputs.size(), 0));
  for (uint64_t v = 0; v < 8; ++v)
    for (size_t p = 0; p < vectors[v].size(); ++p) {
      int w = net.nodes[net.inputs[p]].width;
      vectors[v][p] = (v * 0x9e3779b97f4a7c15ULL >> (p % 7)) & (w >= 64 ? ~uint64_t{0} : (uint64_t{1} << w) - 1);
    }
  // The bit-parallel model must agree with the scalar one exactly.
  const auto batch = ir::BatchModel(net).evaluate(vectors);
  for (uint64_t v = 0; v < 8; ++v) {
    ir::ModelResult r = model.evaluate(vectors[v]);
    if (r.values != batch[v].values || r.known != batch[v].known) __builtin_trap();
  }
}

/// A model reader `read(file_name, text)` on the fuzzer's bytes: it either rejects them with a
/// Diagnostic or returns a network that passes check_accepted.
template <class Reader>
int fuzz_model(const uint8_t* data, size_t size, const char* file_name, Reader read) {
  std::string text(reinterpret_cast<const char*>(data), size);
  ir::Network net;
  try {
    net = read(file_name, text);
  } catch (const Diagnostic&) {
    return 0;  // rejected with a message: fine
  }
  check_accepted(net);  // anything thrown here is a finding
  return 0;
}

/// A data-set reader (the format follows `file_name`'s extension) against the shipped tiny_mlp
/// model: accepted samples must fit their ports and evaluate.
inline int fuzz_dataset(const uint8_t* data, size_t size, const char* file_name) {
  static const ir::Network net = frontend::read_model(LUTC_SOURCE_DIR "/examples/tiny_mlp.yaml");
  std::string text(reinterpret_cast<const char*>(data), size);
  frontend::Dataset d;
  try {
    d = frontend::parse_dataset(file_name, text, net);
  } catch (const Diagnostic&) {
    return 0;
  }
  ir::SoftwareModel model(net);
  for (const auto& codes : d.inputs) {
    for (size_t p = 0; p < codes.size(); ++p)
      if (codes[p] >> net.nodes[net.inputs[p]].width) __builtin_trap();
    model.evaluate(codes);
  }
  return 0;
}

}  // namespace lutc::fuzz
