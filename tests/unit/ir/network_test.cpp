#include <doctest/doctest.h>

#include <stdexcept>

#include "ir/network.hpp"

using namespace lutc::ir;

TEST_CASE("layers count tables on the longest path from the inputs") {
  Network net;
  NodeId a = net.add_input("a", 2);
  NodeId t1 = net.add_table("t1", {{a, 0, 2}}, 1, {0, 1, 1, 0});
  NodeId t2 = net.add_table("t2", {{t1, 0, 1}, {a, 1, 1}}, 1, {0, 1, 1, 1});
  NodeId t3 = net.add_table("t3", {{a, 0, 1}}, 1, {1, 0});
  net.outputs.push_back({"y", {t2, 0, 1}, std::nullopt});
  CHECK(net.compute_layers() == 2);
  CHECK(net.nodes[t1].layer == 1);
  CHECK(net.nodes[t2].layer == 2);
  CHECK(net.nodes[t3].layer == 1);
  CHECK(net.num_tables() == 3);
  CHECK(net.table_bits() == 4 + 4 + 2);
  CHECK(net.total_input_bits() == 2);
  CHECK(net.total_output_bits() == 1);
  CHECK(net.find("t2") == static_cast<int>(t2));
  CHECK(net.find("nope") == -1);
  net.check_invariants();
}

TEST_CASE("check_invariants rejects broken networks") {
  auto base = [] {
    Network net;
    NodeId a = net.add_input("a", 2);
    net.add_table("t", {{a, 0, 2}}, 1, {0, 1, 1, 0});
    return net;
  };
  Network wrong_rows = base();
  wrong_rows.nodes[1].table().rows.pop_back();
  CHECK_THROWS_AS(wrong_rows.check_invariants(), std::logic_error);
  Network bad_slice = base();
  bad_slice.nodes[1].operands[0].lo = 1;
  CHECK_THROWS_AS(bad_slice.check_invariants(), std::logic_error);
  Network forward = base();
  forward.nodes[1].operands[0].node = 1;  // reads itself
  CHECK_THROWS_AS(forward.check_invariants(), std::logic_error);
  Network bad_output = base();
  bad_output.outputs.push_back({"y", {1, 0, 2}, std::nullopt});
  CHECK_THROWS_AS(bad_output.check_invariants(), std::logic_error);
}

TEST_CASE("single_table_network wraps a table as x -> f -> y") {
  Table t;
  t.index_bits = 3;
  t.out_width = 2;
  t.rows = {0, 1, 2, 3, 3, 2, 1, 0};
  Network net = single_table_network("one", t);
  net.check_invariants();
  CHECK(net.inputs.size() == 1);
  CHECK(net.nodes[net.inputs[0]].width == 3);
  CHECK(net.outputs.size() == 1);
  CHECK(net.outputs[0].source.width == 2);
}

TEST_CASE("predicted_class: argmax of the real output values, ties to the lowest index") {
  auto port = [](bool is_signed, bool negate) {
    OutputPort p;
    p.format = FixedFormat{is_signed, 3, 1};
    p.negate = negate;
    p.source.width = 4;
    return p;
  };
  std::vector<OutputPort> ports = {port(true, false), port(true, false), port(true, false)};
  // Codes of signed 3.1: 0b1110 = -1.0, 0b0010 = 1.0, 0b0011 = 1.5.
  CHECK(predicted_class(ports, {0b1110, 0b0010, 0b0011}) == 2);
  CHECK(predicted_class(ports, {0b0011, 0b0010, 0b0011}) == 0);  // a tie: the lowest index
  CHECK(predicted_class(ports, {0b1110, 0b1110, 0b1111}) == 2);  // -1, -1, -0.5: the codes' order would say 0
  ports[2].negate = true;                                        // real value = -(code's value)
  CHECK(predicted_class(ports, {0b1110, 0b1110, 0b1110}) == 2);  // -1, -1, +1
  std::vector<OutputPort> single = {port(false, false)};
  CHECK(predicted_class(single, {5}) == 5);  // one output: its code is the class
}
