#pragma once
// The bit-exact software model of a network: the reference every emitted netlist is checked
// against. Evaluation also tracks which output bits are "known": a bit is known unless its
// value depended on a table row that is a don't care for the bit read (care set semantics).
#include <cstdint>
#include <vector>

#include "ir/network.hpp"

namespace lutc::ir {

struct ModelResult {
  std::vector<uint64_t> values;  // per output port
  std::vector<uint64_t> known;   // per output port: mask of bits defined by the care set
};

class SoftwareModel {
 public:
  /// Keeps a reference: `net` must outlive the model (temporaries are rejected at compile time).
  explicit SoftwareModel(const Network& net);
  SoftwareModel(Network&&) = delete;
  /// `input_codes[i]` is the code of primary input i (extra high bits are ignored).
  ModelResult evaluate(const std::vector<uint64_t>& input_codes) const;
  /// Value and known-mask of every node (indexed by NodeId) for one input assignment.
  void evaluate_nodes(const std::vector<uint64_t>& input_codes, std::vector<uint64_t>& value, std::vector<uint64_t>& known) const;
  /// The index a table node reads, given all node values.
  static uint64_t table_index(const Node& table_node, const std::vector<uint64_t>& value);
  const Network& network() const { return net_; }

 private:
  const Network& net_;
};

/// Extracts `width` bits at `lo` from `v`.
inline uint64_t bits_of(uint64_t v, int lo, int width) {
  if (width == 0) return 0;
  uint64_t s = v >> lo;
  return width >= 64 ? s : (s & ((uint64_t{1} << width) - 1));
}

/// Packs per-port codes into one wide little-endian bit vector (port 0 at bit 0), 32-bit words.
std::vector<uint32_t> pack_ports(const std::vector<uint64_t>& codes, const std::vector<int>& widths);
/// Inverse of pack_ports.
std::vector<uint64_t> unpack_ports(const std::vector<uint32_t>& words, const std::vector<int>& widths);

}  // namespace lutc::ir
