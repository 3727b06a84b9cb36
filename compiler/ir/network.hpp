#pragma once
// The lutc IR: a DAG of nodes over fixed-width bit-vector values.
//
// Nodes are kept in topological order (a node only reads earlier nodes). A node's payload `op`
// is a variant of per-kind structs (ir/ops.hpp): input, constant, table, and fixed-point
// arithmetic with ALIR's exact semantics. A table's index is the concatenation of its operands,
// operand 0 in the least significant bits, and row r holds the output code for index r.
// Passes that do not understand a kind must leave such nodes alone.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "ir/fixed_point.hpp"
#include "ir/ops.hpp"
#include "tt/truth_table.hpp"

namespace lutc::ir {

using NodeId = uint32_t;

/// Bits [lo, lo+width) of node `node`'s value.
struct Operand {
  NodeId node = 0;
  int lo = 0;
  int width = 0;
  bool operator==(const Operand&) const = default;
};

struct Node {
  NodeOp op;                                // the per-kind payload
  std::string name;
  int width = 0;                            // bits of this node's value
  std::optional<FixedFormat> format;        // how to read the code as a real number (required for arithmetic)
  std::optional<ValueRange> range;          // exact values the node can take, when known
  std::vector<Operand> operands;            // for tables: index = concat, operand 0 at LSBs
  int layer = 0;                            // longest path in tables and arithmetic from the inputs
  int source_line = 0;                      // where it was defined (0 = unknown)

  NodeKind kind() const { return static_cast<NodeKind>(op.index()); }
  bool is_table() const { return std::holds_alternative<Table>(op); }
  /// The table payload; throws std::bad_variant_access for other kinds.
  Table& table() { return std::get<Table>(op); }
  const Table& table() const { return std::get<Table>(op); }
  /// The constant's code; throws std::bad_variant_access for other kinds.
  uint64_t constant_value() const { return std::get<ConstantOp>(op).value; }
};

struct OutputPort {
  std::string name;
  Operand source;
  std::optional<FixedFormat> format;
  int scale_shift = 0;        // real value = (negate ? -1 : 1) * value(format) * 2^scale_shift (ALIR out_shifts/out_negs)
  bool negate = false;
};

/// The real value an output port's code stands for (its format, shift and sign); the code itself
/// when the port has no format.
double port_value(const OutputPort& port, uint64_t code);

/// The class a network's outputs (per-port codes) predict: with several ports the index of the
/// largest real value (port_value), ties to the lowest index (numpy's argmax, as the training
/// scripts measure accuracy); with one port its code.
int64_t predicted_class(const std::vector<OutputPort>& ports, const std::vector<uint64_t>& codes);

struct Network {
  std::string name = "lutc_top";
  std::vector<Node> nodes;
  std::vector<NodeId> inputs;               // primary inputs, in port order
  std::vector<OutputPort> outputs;          // in port order
  std::string source_file;

  NodeId add_node(Node n);
  /// Adds a primary input of `width` bits.
  NodeId add_input(const std::string& name, int width);
  /// Adds a constant of `width` bits.
  NodeId add_constant(const std::string& name, int width, uint64_t value);
  /// Adds a fully specified table reading `operands` (operand 0 in the low index bits).
  NodeId add_table(const std::string& name, std::vector<Operand> operands, int width, std::vector<uint64_t> rows);
  /// Node index by name; -1 if none.
  int find(const std::string& name) const;

  int total_input_bits() const;
  int total_output_bits() const;
  size_t num_tables() const;
  uint64_t table_bits() const;               // sum over tables of rows * out_width
  /// Recomputes `layer` of every node; returns the deepest layer.
  int compute_layers();
  /// Throws std::logic_error if an invariant is broken (order, widths, slice bounds, table size).
  void check_invariants() const;
};

/// Builds a one-table network: inputs x (index_bits wide) and output y, table `t`.
Network single_table_network(const std::string& name, Table t);

}  // namespace lutc::ir
