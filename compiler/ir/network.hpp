#pragma once
// The lutc IR: a DAG of nodes over fixed-width bit-vector values.
//
// Nodes are kept in topological order (a node only reads earlier nodes). A table node is one
// kind of node among others: its index is the concatenation of its operands, operand 0 in the
// least significant bits, and row r holds the output code for index r. Arithmetic node kinds
// (add, shift, quantize, ...) for ALIR and LUT-NA are added to `NodeKind` as they arrive;
// passes that do not understand a kind must leave such nodes alone.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "ir/fixed_point.hpp"
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

enum class NodeKind { input, constant, table };

/// Where a table's don't cares came from. A data sample's don't cares must generalize (passes
/// keep its index bits, the minimizer picks a generalizing engine); reachability and frontend
/// don't cares are rows that never occur, so only the LUT count matters there.
enum class CareSource { full, reachability, data_sample, frontend };

/// The name used in the YAML model and in diagnostics ("full", "reachability", ...).
const char* care_source_name(CareSource s);

/// A lookup table with `index_bits` input bits and `out_width` output bits.
struct Table {
  int index_bits = 0;
  int out_width = 0;
  std::vector<uint64_t> rows;               // 2^index_bits output codes
  std::vector<logic::TruthTable> care;      // per output bit, over index bits; empty = all care
  /// Where this table's don't cares came from; passes and the minimizer decide by it.
  CareSource care_source = CareSource::full;

  uint64_t num_rows() const { return uint64_t{1} << index_bits; }
  bool cares(int bit, uint64_t row) const { return care.empty() || care[bit].get(row); }
  bool fully_specified() const { return care.empty(); }
  /// Output bit `bit` as a truth table over the index bits.
  logic::TruthTable bit_function(int bit) const;
  /// Care set of output bit `bit` (all ones when fully specified).
  logic::TruthTable bit_care(int bit) const;
};

struct Node {
  NodeKind kind = NodeKind::input;
  std::string name;
  int width = 0;                            // bits of this node's value
  std::optional<FixedFormat> format;        // how to read the code as a real number
  std::vector<Operand> operands;            // for tables: index = concat, operand 0 at LSBs
  Table table;                              // kind == table
  uint64_t value = 0;                       // kind == constant
  int layer = 0;                            // longest path in tables from the inputs
  int source_line = 0;                      // where it was defined (0 = unknown)
};

struct OutputPort {
  std::string name;
  Operand source;
  std::optional<FixedFormat> format;
};

struct Network {
  std::string name = "lutc_top";
  std::vector<Node> nodes;
  std::vector<NodeId> inputs;               // primary inputs, in port order
  std::vector<OutputPort> outputs;          // in port order
  std::string source_file;

  NodeId add_node(Node n);
  /// Adds a primary input of `width` bits.
  NodeId add_input(const std::string& name, int width);
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
