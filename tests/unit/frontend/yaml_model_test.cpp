#include "frontend/yaml_model.hpp"

#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "../passes/pass_test_util.hpp"
#include "frontend/read_model.hpp"
#include "ir/software_model.hpp"
#include "util/diagnostic.hpp"

using namespace lutc;

namespace {

/// Exact structural equality (everything except source_line/source_file).
void check_same_network(const ir::Network& a, const ir::Network& b) {
  CHECK(a.name == b.name);
  CHECK(a.inputs == b.inputs);
  REQUIRE(a.nodes.size() == b.nodes.size());
  for (size_t i = 0; i < a.nodes.size(); ++i) {
    const ir::Node &x = a.nodes[i], &y = b.nodes[i];
    CAPTURE(x.name);
    CHECK(x.kind() == y.kind());
    CHECK(x.name == y.name);
    CHECK(x.width == y.width);
    CHECK(x.format == y.format);
    CHECK(x.operands == y.operands);
    CHECK(x.layer == y.layer);
    if (x.kind() == ir::NodeKind::constant) CHECK(x.constant_value() == y.constant_value());
    if (x.kind() == ir::NodeKind::table) {
      CHECK(x.table().index_bits == y.table().index_bits);
      CHECK(x.table().out_width == y.table().out_width);
      CHECK(x.table().rows == y.table().rows);
      CHECK(x.table().care == y.table().care);
      CHECK(x.table().care_source == y.table().care_source);
    }
  }
  REQUIRE(a.outputs.size() == b.outputs.size());
  for (size_t i = 0; i < a.outputs.size(); ++i) {
    CHECK(a.outputs[i].name == b.outputs[i].name);
    CHECK(a.outputs[i].source == b.outputs[i].source);
    CHECK(a.outputs[i].format == b.outputs[i].format);
  }
}

void check_round_trip(const ir::Network& net) {
  std::string text = frontend::write_yaml_model(net);
  ir::Network back = frontend::read_yaml_model("round_trip.yaml", text);
  check_same_network(net, back);
  CHECK(frontend::write_yaml_model(back) == text);
}

/// The diagnostic text read_yaml_model produces for `text` (empty if it succeeds).
std::string error_of(const std::string& text) {
  try {
    frontend::read_yaml_model("m.yaml", text);
  } catch (const Diagnostic& d) {
    return d.what();
  }
  return "";
}

std::string file_text(const std::string& path) {
  std::ifstream in(path);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

const std::string kHeader = "format: lutc-model/v1\nname: m\n";

}  // namespace

TEST_CASE("table hex encoding: row 0 at the least significant end") {
  // rows 1,2,3,0 of 2 bits: bits (row 3 .. row 0) = 00 11 10 01 = 0x39
  CHECK(frontend::detail::rows_to_hex({1, 2, 3, 0}, 2) == "39");
  // rows 5,7 of 3 bits: 111 101 = 0x3d (6 bits, two digits)
  CHECK(frontend::detail::rows_to_hex({5, 7}, 3) == "3d");
  // one row of one bit still takes a digit; width 0 writes "0"
  CHECK(frontend::detail::rows_to_hex({1}, 1) == "1");
  CHECK(frontend::detail::rows_to_hex({0, 0}, 0) == "0");
  CHECK(frontend::detail::hex_digits_for(4096, 3) == 3072);
  // a 64-bit row crossing word boundaries
  CHECK(frontend::detail::rows_to_hex({0x0123456789abcdefULL, 0xfedcba9876543210ULL}, 64) ==
        "fedcba98765432100123456789abcdef");
}

TEST_CASE("the worked example of docs/model-format.md reads as documented") {
  ir::Network net = frontend::read_model(std::string(LUTC_SOURCE_DIR) + "/examples/worked_example.yaml");
  CHECK(net.name == "worked_example");
  REQUIRE(net.inputs.size() == 2);
  CHECK(net.nodes[net.inputs[1]].format == ir::FixedFormat{true, 1, 1, ir::Rounding::round, ir::Overflow::saturate});
  // Topological order: maj before mix although the file lists mix first; file order otherwise.
  REQUIRE(net.nodes.size() == 5);
  CHECK(net.nodes[2].name == "maj");
  CHECK(net.nodes[3].name == "mix");
  CHECK(net.nodes[4].name == "one");
  CHECK(net.nodes[3].source_line == 8);
  const ir::Table& maj = net.nodes[2].table();
  for (uint64_t r = 0; r < 8; ++r) CHECK(maj.rows[r] == (__builtin_popcountll(r) >= 2 ? 1u : 0u));
  const ir::Node& mix = net.nodes[3];
  CHECK(mix.operands == std::vector<ir::Operand>{{2, 0, 1}, {0, 0, 1}, {1, 1, 1}});
  for (uint64_t r = 0; r < 8; ++r) {
    uint64_t m = r & 1, x0 = (r >> 1) & 1, s1 = (r >> 2) & 1;
    CAPTURE(r);
    CHECK((mix.table().rows[r] & 1) == (m ^ x0));
    CHECK(mix.table().cares(0, r));
    CHECK(mix.table().cares(1, r) == (x0 == 0));
    if (x0 == 0) CHECK(((mix.table().rows[r] >> 1) & 1) == (m & s1));
  }
  CHECK(net.nodes[4].kind() == ir::NodeKind::constant);
  CHECK(net.nodes[4].constant_value() == 1);
  CHECK(net.outputs[1].source == ir::Operand{3, 1, 1});
  CHECK(net.compute_layers() == 2);
}

TEST_CASE("write_yaml_model round-trips exactly") {
  SUBCASE("examples") {
    for (const char* f : {"tiny_mlp.yaml", "worked_example.yaml"}) {
      CAPTURE(f);
      check_round_trip(frontend::read_model(std::string(LUTC_SOURCE_DIR) + "/examples/" + f));
    }
  }
  SUBCASE("random networks with care sets, constants, slices and empty operands") {
    for (uint64_t seed = 1; seed <= 100; ++seed) {
      CAPTURE(seed);
      check_round_trip(test::random_network(seed));
    }
  }
  SUBCASE("real data: a .pla with care sets and a .truth") {
    std::string data = LUTC_SHARED_DATA;
    check_round_trip(frontend::read_model(data + "/iwls2020/ex20.train.pla"));
    check_round_trip(frontend::read_model(data + "/iwls2022/ex68.truth"));
  }
  SUBCASE("formats, wide values, quoted names") {
    ir::Network net;
    net.name = "odd name: \"q\"";
    ir::Node in;
    in.op = ir::InputOp{};
    in.name = "null";  // a YAML keyword: must be quoted to stay a string
    in.width = 64;
    in.format = ir::FixedFormat{true, 3, 61, ir::Rounding::truncate, ir::Overflow::saturate};
    ir::NodeId a = net.add_node(in);
    ir::Node k;
    k.op = ir::ConstantOp{};
    k.name = "k";
    k.width = 64;
    k.op = ir::ConstantOp{0xfedcba9876543210ULL};
    ir::NodeId kid = net.add_node(k);
    ir::Node t;
    t.op = ir::Table{};
    t.name = "layer0.t";
    t.width = 64;
    t.operands = {{a, 60, 4}, {kid, 7, 0}, {a, 3, 1}};
    t.table().index_bits = 5;
    t.table().out_width = 64;
    test::Rng rng(7);
    for (int r = 0; r < 32; ++r) t.table().rows.push_back(rng.next());
    ir::NodeId tid = net.add_node(t);
    net.outputs.push_back({"y", {tid, 1, 62}, ir::FixedFormat{false, 60, 2, ir::Rounding::round, ir::Overflow::wrap}});
    net.outputs.push_back({"z", {kid, 0, 64}, std::nullopt});
    net.compute_layers();
    check_round_trip(net);
    net.nodes[tid].name = "not a name";
    CHECK_THROWS_AS(frontend::write_yaml_model(net), std::logic_error);
  }
}

TEST_CASE("yaml model validation errors carry file, line and column") {
  const std::string in2 = "inputs:\n  - {name: a, width: 2}\n";
  const std::string out_t = "outputs:\n  - {name: y, source: t}\n";
  // Bad YAML syntax is reported where the parser stopped.
  CHECK(error_of(kHeader + "inputs: [{name: a, width: 2}\noutputs: []\n") ==
        "m.yaml:4:1: error: invalid YAML: end of sequence flow not found");
  CHECK(error_of("format: lutc-model/v2\n") == "m.yaml:1:9: error: unsupported format 'lutc-model/v2' (expected lutc-model/v1)");
  CHECK(error_of("name: x\n") == "m.yaml:1:1: error: missing 'format: lutc-model/v1'");
  CHECK(error_of(kHeader + in2 + "nodes:\n  - name: t\n    inputs: [a]\n    width: 2\n    tabel: \"00\"\n" + out_t) ==
        "m.yaml:9:5: error: unknown key 'tabel' in a node (expected name, inputs, width, fixed, table, care, care_source, value, dense, conv)");
  CHECK(error_of(kHeader + in2 + "nodes:\n  - name: t\n    inputs: [a]\n    width: 2\n    table: \"0123\"\n" + out_t) ==
        "m.yaml:9:12: error: table of node 't' has 4 hex digits, expected 2 (4 rows x 2 bits)");
  CHECK(error_of(kHeader + in2 + "nodes:\n  - name: t\n    inputs: [a]\n    width: 2\n    table: \"0g\"\n" + out_t) ==
        "m.yaml:9:12: error: bad hex digit 'g' in table of node 't' (digit 2)");
  CHECK(error_of(kHeader + in2 + "nodes:\n  - name: t\n    inputs: [\"a[0]\"]\n    width: 1\n    table: \"7\"\n" + out_t) ==
        "m.yaml:9:12: error: table of node 't' sets bits above its 2 table bits (the first digit is too large)");
  CHECK(error_of(kHeader + in2 + "nodes:\n  - name: t\n    inputs: [a, b]\n    width: 2\n    table: \"00\"\n" + out_t) ==
        "m.yaml:7:17: error: unknown input or node 'b'");
  CHECK(error_of(kHeader + in2 + "nodes:\n  - name: t\n    inputs: [\"a[2:1]\"]\n    width: 1\n    table: \"0\"\n" + out_t) ==
        "m.yaml:7:14: error: slice 'a[2:1]' is out of range: 'a' is 2 bits wide");
  CHECK(error_of(kHeader + in2 + "nodes:\n  - name: t\n    inputs: [\"a[0:1]\"]\n    width: 1\n    table: \"0\"\n" + out_t) ==
        "m.yaml:7:14: error: bad slice 'a[0:1]': hi must not be below lo");
  CHECK(error_of(kHeader + in2 + "nodes:\n  - name: a\n    width: 1\n    value: 0\n" + out_t) ==
        "m.yaml:6:11: error: duplicate name 'a' (also defined at line 4)");
  CHECK(error_of(kHeader + in2 +
                 "nodes:\n  - name: t\n    inputs: [u]\n    width: 1\n    table: \"0\"\n"
                 "  - name: u\n    inputs: [v, a]\n    width: 1\n    table: \"0\"\n"
                 "  - name: v\n    inputs: [t]\n    width: 1\n    table: \"0\"\n" +
                 out_t) == "m.yaml:7:14: error: nodes form a cycle: t -> u -> v -> t (each node reads the next)");
  CHECK(error_of(kHeader + "inputs:\n  - {name: a, width: 65}\n") == "m.yaml:4:22: error: input width 65 is out of range (1..64)");
  CHECK(error_of(kHeader + "inputs:\n  - {name: a, width: 13}\n  - {name: b, width: 12}\n" +
                 "nodes:\n  - name: t\n    inputs: [a, b]\n    width: 1\n    table: \"0\"\n" + out_t) ==
        "m.yaml:8:13: error: node 't' has 25 index bits; at most 24 are supported (the table would have 2^25 rows)");
  CHECK(error_of(kHeader + in2 + "nodes:\n  - name: t\n    inputs: [a]\n    width: 2\n    table: \"00\"\n    care: [\"f\"]\n" + out_t) ==
        "m.yaml:10:11: error: 'care' of node 't' must list 2 hex strings, one per output bit (got 1)");
  CHECK(error_of(kHeader + "inputs:\n  - {name: a, width: 2, fixed: {int_bits: 2, frac_bits: 1}}\n") ==
        "m.yaml:4:32: error: fixed format of input 'a' has int_bits + frac_bits = 3 but input 'a' is 2 bits wide");
  CHECK(error_of(kHeader + in2 + "outputs:\n  - {name: a, source: a}\n") ==
        "m.yaml:6:12: error: output 'a' has the name of an input (ports must have distinct names)");
  CHECK(error_of(kHeader + in2 + "nodes:\n  - name: k\n    width: 2\n    value: 4\n" + out_t) ==
        "m.yaml:8:12: error: value 4 of node 'k' does not fit in 2 bits");
  CHECK(error_of(kHeader + in2 + "outputs: []\n") == "m.yaml:5:10: error: a model needs at least one output");
  CHECK(error_of(kHeader + in2 + "nodes:\n  - name: 3t\n    width: 1\n    value: 0\n" + out_t) ==
        "m.yaml:6:11: error: invalid name '3t' (use letters, digits, '_' and '.', starting with a letter or '_')");
}

TEST_CASE("references: whole, bit, range and indexed part-select") {
  ir::Network net = frontend::read_yaml_model("m.yaml", kHeader +
                                                            "inputs:\n  - {name: a, width: 8}\n"
                                                            "nodes:\n  - name: t\n    inputs: [\"a[7:6]\", \"a[0]\", \"a[2+:3]\", \"a[5+:0]\"]\n"
                                                            "    width: 1\n    table: \"0000000000000000\"\n"
                                                            "outputs:\n  - {name: y, source: t}\n");
  CHECK(net.nodes[1].operands == std::vector<ir::Operand>{{0, 6, 2}, {0, 0, 1}, {0, 2, 3}, {0, 5, 0}});
  CHECK(net.nodes[1].table().index_bits == 6);
}

TEST_CASE("long tables are written as wrapped literal blocks and read back") {
  ir::Table t;
  t.index_bits = 8;
  t.out_width = 3;
  for (uint64_t r = 0; r < 256; ++r) t.rows.push_back((r * 5 + 1) & 7);
  ir::Network net = ir::single_table_network("wide", t);
  std::string text = frontend::write_yaml_model(net);
  CHECK(text.find("table: |\n") != std::string::npos);
  check_round_trip(net);
}

TEST_CASE("lit goldens (tests/lit/*.yaml, *.pla) match the readers' diagnostics") {
  namespace fs = std::filesystem;
  const std::string src = LUTC_SOURCE_DIR;
  int checked = 0;
  for (const auto& entry : fs::directory_iterator(src + "/tests/lit/errors")) {
    if (entry.path().extension() != ".yaml" && entry.path().extension() != ".pla") continue;
    std::string text = file_text(entry.path().string());
    std::istringstream lines(text);
    std::string line, expect;
    while (std::getline(lines, line))
      if (line.rfind("# EXPECT: ", 0) == 0 && line.find(": error: ") != std::string::npos) expect = line.substr(10);
    if (expect.empty()) continue;
    CAPTURE(entry.path().string());
    std::string got;
    try {
      frontend::read_model(entry.path().string());
    } catch (const Diagnostic& d) {
      got = d.what();
    }
    if (got.rfind(src + "/", 0) == 0) got = "SRC/" + got.substr(src.size() + 1);
    CHECK(got == expect);
    ++checked;
  }
  CHECK(checked >= 5);
}

TEST_CASE("care_source: a care list means a data sample unless the model says otherwise; it round-trips") {
  const std::string base = kHeader + "inputs:\n  - {name: a, width: 2}\nnodes:\n  - name: t\n    inputs: [a]\n    width: 1\n"
                           "    table: \"6\"\n";
  const std::string out = "outputs:\n  - {name: y, source: t}\n";
  CHECK(frontend::read_yaml_model("m.yaml", base + out).nodes[1].table().care_source == ir::CareSource::full);
  ir::Network sampled = frontend::read_yaml_model("m.yaml", base + "    care: [\"7\"]\n" + out);
  CHECK(sampled.nodes[1].table().care_source == ir::CareSource::data_sample);
  CHECK(frontend::write_yaml_model(sampled).find("    care_source: data_sample\n") != std::string::npos);
  for (auto source : {ir::CareSource::full, ir::CareSource::reachability, ir::CareSource::data_sample, ir::CareSource::frontend}) {
    CAPTURE(ir::care_source_name(source));
    ir::Network with = sampled;
    with.nodes[1].table().care_source = source;
    check_round_trip(with);
    ir::Network without = frontend::read_yaml_model("m.yaml", base + out);
    without.nodes[1].table().care_source = source;  // e.g. a data sample that happened to cover every row
    check_round_trip(without);
  }
  CHECK(error_of(base + "    care: [\"7\"]\n    care_source: sampled\n" + out) ==
        "m.yaml:11:18: error: 'care_source' of node 't' must be full, reachability, data_sample or frontend");
}

TEST_CASE("dense layers: expanded on reading, errors at their position") {
  const std::string in = "inputs:\n  - {name: a, width: 3}\n  - {name: b, width: 3}\n  - {name: s, width: 4, fixed: {signed: true, int_bits: 4, frac_bits: 0}}\n";
  auto dense = [&](const std::string& body, const std::string& out = "outputs:\n  - {name: y, source: h.1}\n") {
    return kHeader + in + "nodes:\n  - name: h\n    dense:\n" + body + out;
  };
  const std::string ok = "      inputs: [a, b]\n      weights: [[1, 2], [3, -1]]\n      output: {signed: true, int_bits: 6, frac_bits: 0}\n";
  ir::Network net = frontend::read_yaml_model("m.yaml", dense(ok));
  ir::SoftwareModel model(net);
  for (uint64_t a = 0; a < 8; ++a)
    for (uint64_t b = 0; b < 8; ++b) {
      int64_t want = 3 * static_cast<int64_t>(a) - static_cast<int64_t>(b);
      CHECK(model.evaluate({a, b, 0}).values[0] == (static_cast<uint64_t>(want) & 63));
    }
  // Line 10 is the first line inside `dense:`.
  CHECK(error_of(dense("      inputs: [a, s]\n      weights: [[1, 2], [3, -1]]\n      output: {signed: true, int_bits: 6, frac_bits: 0}\n")) ==
        "m.yaml:10:19: error: inputs of dense layer 'h' must share one format: 's' differs from 'a'");
  CHECK(error_of(dense("      inputs: [a, b]\n      weights: [[1, 2], [3]]\n      output: {signed: true, int_bits: 6, frac_bits: 0}\n")) ==
        "m.yaml:11:25: error: a weight row of dense layer 'h' must list 2 integers, one per input");
  CHECK(error_of(dense(ok + "      mac: csd\n")) == "m.yaml:13:12: error: 'mac' must be auto, mul, shift-add or lut-na");
  CHECK(error_of(dense(ok + "      approx_bits: 2\n")) ==
        "m.yaml:13:7: error: 'approx_bits' of dense layer 'h' needs 'mac: lut-na', 'chunk_bits' and 'group' (they define the approximation)");
  CHECK(error_of(dense(ok, "outputs:\n  - {name: y, source: h}\n")) ==
        "m.yaml:14:23: error: 'h' is a layer: read its outputs h.0 .. h.N");
  CHECK(error_of(dense(ok, "outputs:\n  - {name: y, source: h.2}\n")) == "m.yaml:14:23: error: unknown input or node 'h.2'");
}

TEST_CASE("conv layers: expanded on reading, outputs row-major, errors at their position") {
  const std::string in = "inputs:\n  - {name: a, width: 3}\n  - {name: b, width: 3}\n  - {name: s, width: 4, fixed: {signed: true, int_bits: 4, frac_bits: 0}}\n";
  auto conv = [&](const std::string& body, const std::string& out = "outputs:\n  - {name: y, source: h.0}\n  - {name: z, source: h.3}\n") {
    return kHeader + in + "nodes:\n  - name: h\n    conv:\n" + body + out;
  };
  // A 1-D sequence a, b, a (one channel), kernel 2, padding 1: 4 positions, 1 output channel.
  const std::string shape = "      inputs: [a, b, a]\n      input_shape: [3, 1]\n      kernel: [2]\n      padding: 1\n";
  const std::string ok = shape + "      weights: [[1, -2]]\n      output: {signed: true, int_bits: 6, frac_bits: 0}\n";
  ir::Network net = frontend::read_yaml_model("m.yaml", conv(ok));
  ir::SoftwareModel model(net);
  for (int64_t a = 0; a < 8; ++a)
    for (int64_t b = 0; b < 8; ++b) {
      auto r = model.evaluate({static_cast<uint64_t>(a), static_cast<uint64_t>(b), 0});
      CHECK(r.values[0] == (static_cast<uint64_t>(-2 * a) & 63));  // position 0: padding, a
      CHECK(r.values[1] == (static_cast<uint64_t>(a) & 63));       // position 3: a, padding
    }
  // Line 10 is the first line inside `conv:`.
  CHECK(error_of(conv(shape + "      weights: [[1, -2, 3]]\n      output: {signed: true, int_bits: 6, frac_bits: 0}\n")) ==
        "m.yaml:14:17: error: a weight row of conv layer 'h' must list 2 integers, one per kernel position and input channel");
  CHECK(error_of(conv("      inputs: [a, b]\n      input_shape: [3, 1]\n      kernel: [2]\n      weights: [[1, 2]]\n      output: {signed: true, int_bits: 6, frac_bits: 0}\n")) ==
        "m.yaml:10:15: error: 'inputs' of conv layer 'h' must list 3 values (input_shape, row-major), not 2");
  CHECK(error_of(conv("      inputs: [a, b, a]\n      input_shape: [3, 1]\n      kernel: [4]\n      weights: [[1, 2, 3, 4]]\n      output: {signed: true, int_bits: 6, frac_bits: 0}\n")) ==
        "m.yaml:12:15: error: 'kernel' of conv layer 'h' is larger than its padded input (4 > 3 in dimension 0)");
  CHECK(error_of(conv("      inputs: [a, b, a]\n      input_shape: [3, 1, 1]\n      kernel: [2]\n      weights: [[1, 2]]\n      output: {signed: true, int_bits: 6, frac_bits: 0}\n")) ==
        "m.yaml:11:20: error: 'input_shape' of conv layer 'h' ([L, C] or [H, W, C], as its kernel) must be a list of 2 integers");
  CHECK(error_of(conv(shape + "      stride: 0\n      weights: [[1, -2]]\n      output: {signed: true, int_bits: 6, frac_bits: 0}\n")) ==
        "m.yaml:14:15: error: 'stride' 0 is out of range (1..64)");
  CHECK(error_of(conv(ok + "      width: 3\n")) ==
        "m.yaml:16:7: error: unknown key 'width' in conv layer 'h' (expected inputs, input_shape, kernel, stride, padding, weights, weight_frac_bits, bias, bias_frac_bits, activation, output, mac, chunk_bits, group, approx_bits)");
}
