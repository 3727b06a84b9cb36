#include "frontend/logicnets_verilog.hpp"

#include <doctest/doctest.h>

#include <array>
#include <filesystem>
#include <functional>
#include <map>
#include <random>
#include <regex>

#include "frontend/read_model.hpp"
#include "ir/software_model.hpp"
#include "util/diagnostic.hpp"
#include "util/fs.hpp"
#include "../test_util.hpp"

using namespace lutc;

namespace {

const std::string kDesign = std::string(LUTC_SHARED_DATA) + "/logicnets_hgcal_quant2";

ir::Network read_text(const std::string& text, frontend::logicnets_stats* st = nullptr) {
  return frontend::read_logicnets_sources({{"t.v", text}}, "", st);
}

std::string error_of(const std::string& text) {
  try {
    read_text(text);
  } catch (const Diagnostic& d) {
    return d.what();
  }
  return "(no error)";
}

/// A LogicNets-style neuron: `module NAME (input [in-1:0] a, output [out-1:0] y)` with a case ROM
/// listing every code, row r = f(r).
std::string rom_module(const std::string& name, int in, int out, const std::function<uint64_t(uint64_t)>& f) {
  auto bin = [](uint64_t v, int w) {
    std::string s;
    for (int b = w - 1; b >= 0; --b) s += ((v >> b) & 1) ? '1' : '0';
    return s;
  };
  std::string s = "module " + name + " ( input [" + std::to_string(in - 1) + ":0] a, output [" + std::to_string(out - 1) +
                  ":0] y );\n\t(*rom_style = \"distributed\" *) reg [" + std::to_string(out - 1) +
                  ":0] r;\n\tassign y = r;\n\talways @ (a) begin\n\t\tcase (a)\n";
  for (uint64_t code = 0; code < (uint64_t{1} << in); ++code)
    s += "\t\t\t" + std::to_string(in) + "'b" + bin(code, in) + ": r = " + std::to_string(out) + "'b" + bin(f(code), out) + ";\n";
  return s + "\t\tendcase\n\tend\nendmodule\n";
}

// LogicNets' register, as generated.
const char* const kMyreg = R"(module myreg #(parameter DataWidth=16) (
    input [DataWidth-1:0] data_in,
    input wire clk,
    input wire rst,
    output reg [DataWidth-1:0] data_out
    );
    always@(posedge clk) begin
    if(!rst)
        data_out<=data_in;
    else
        data_out<=0;
    end
endmodule
)";

const ir::Node& node(const ir::Network& net, const std::string& name) {
  int id = net.find(name);
  REQUIRE_MESSAGE(id >= 0, name);
  return net.nodes[static_cast<size_t>(id)];
}

}  // namespace

TEST_CASE("logicnets: a neuron's case ROM becomes one table (unlisted codes 0, or the default)") {
  const std::string body = R"(module nrn (input [2:0] a, output [1:0] y);
  (* rom_style = "distributed" *) reg [1:0] r;
  assign y = r;
  always @ (a) begin
    case (a)
      3'b000: r = 2'b01;
      3'b101: r = 2'b11;
      3'b110, 3'h7: r = 2'b10;
      DEFAULT
    endcase
  end
endmodule
)";
  auto with = [&](const std::string& d) { return std::regex_replace(body, std::regex("DEFAULT"), d); };
  ir::Network net = read_text(with(""));
  CHECK(net.name == "nrn");
  REQUIRE(net.inputs.size() == 1);
  CHECK(net.nodes[net.inputs[0]].name == "a");
  CHECK(net.nodes[net.inputs[0]].width == 3);
  REQUIRE(net.outputs.size() == 1);
  CHECK(net.outputs[0].name == "y");
  const ir::Node& t = node(net, "nrn");
  CHECK(t.kind() == ir::NodeKind::table);
  CHECK(t.operands == std::vector<ir::Operand>{{net.inputs[0], 0, 3}});
  CHECK(t.table().rows == std::vector<uint64_t>{1, 0, 0, 0, 0, 3, 2, 2});
  CHECK(t.table().care.empty());
  CHECK(net.outputs[0].source == ir::Operand{static_cast<ir::NodeId>(net.find("nrn")), 0, 2});

  ir::Network with_default = read_text(with("default: r = 2'b10;"));
  CHECK(node(with_default, "nrn").table().rows == std::vector<uint64_t>{1, 2, 2, 2, 2, 3, 2, 2});
}

TEST_CASE("logicnets: hierarchy, concatenation order, registers as wires, port split") {
  // x is read as x[5:2] (one neuron) and x[7:6] (another): boundaries 2, 6, 8 -> four 2-bit
  // ports x_0..x_3 (x_0 unused but kept). u2 reads {y[1], y[4]}: its index bit 0 is y[4].
  std::string top = R"(module top (input [7:0] x, input clk, input rst, output [5:0] y, output [1:0] z);
wire [7:0] xr;
myreg #(.DataWidth(8)) r0 (.data_in(x), .clk(clk), .rst(rst), .data_out(xr));
h2 u2 (.a({y[1], y[4]}), .y(z));
wire [3:0] w0 = {xr[5], xr[4], xr[3], xr[2]};
f4 u0 (.a(w0), .y(y[3:0]));
g2 u1 (.a(xr[7:6]), .y(y[5:4]));
endmodule
)";
  auto f4 = [](uint64_t a) { return (a * 3 + 1) & 15; };
  auto g2 = [](uint64_t a) { return a ^ 2; };
  auto h2 = [](uint64_t a) { return (a + 1) & 3; };
  std::vector<frontend::VerilogSource> sources = {{"top.v", top},
                                                  {"myreg.v", kMyreg},
                                                  {"f4.v", rom_module("f4", 4, 4, f4)},
                                                  {"g2.v", rom_module("g2", 2, 2, g2)},
                                                  {"h2.v", rom_module("h2", 2, 2, h2)}};
  frontend::logicnets_stats st;
  ir::Network net = frontend::read_logicnets_sources(sources, "", &st);
  CHECK(st.top == "top");
  CHECK(st.modules == 5);
  CHECK(st.neurons == 3);
  CHECK(st.register_instances == 1);
  CHECK(st.register_bits == 8);
  CHECK(st.dropped_inputs == std::vector<std::string>{"clk", "rst"});
  CHECK(net.name == "top");
  net.check_invariants();

  REQUIRE(net.inputs.size() == 4);
  for (int k = 0; k < 4; ++k) {
    CHECK(net.nodes[net.inputs[static_cast<size_t>(k)]].name == "x_" + std::to_string(k));
    CHECK(net.nodes[net.inputs[static_cast<size_t>(k)]].width == 2);
  }
  REQUIRE(net.outputs.size() == 3);
  CHECK(net.outputs[0].name == "y_0");
  CHECK(net.outputs[0].source.width == 4);
  CHECK(net.outputs[1].name == "y_1");
  CHECK(net.outputs[1].source.width == 2);
  CHECK(net.outputs[2].name == "z");
  CHECK(node(net, "f4").operands == std::vector<ir::Operand>{{net.inputs[1], 0, 2}, {net.inputs[2], 0, 2}});
  // Tables come in data-flow order although u2 is instantiated first.
  CHECK(net.find("h2") > net.find("f4"));
  CHECK(net.find("h2") > net.find("g2"));

  // The whole function, against the Verilog semantics written out by hand.
  ir::SoftwareModel model(net);
  for (uint64_t x = 0; x < 256; ++x) {
    CAPTURE(x);
    uint64_t y_lo = f4((x >> 2) & 15), y_hi = g2((x >> 6) & 3);
    uint64_t y = y_lo | y_hi << 4;
    uint64_t z = h2(((y >> 4) & 1) | ((y >> 1) & 1) << 1);
    auto r = model.evaluate({x & 3, (x >> 2) & 3, (x >> 4) & 3, (x >> 6) & 3});
    CHECK(r.values == std::vector<uint64_t>{y_lo, y_hi, z});
  }
}

TEST_CASE("logicnets: a top port read as one run keeps its name; wide unused ports split at 64 bits") {
  std::string top = "module top (input [3:0] a, input [127:0] spare, output [3:0] y);\n"
                    "f4 u (.a(a), .y(y));\nendmodule\n";
  ir::Network net = frontend::read_logicnets_sources({{"top.v", top}, {"f4.v", rom_module("f4", 4, 4, [](uint64_t v) { return v; })}}, "");
  REQUIRE(net.inputs.size() == 3);
  CHECK(net.nodes[net.inputs[0]].name == "a");
  CHECK(net.nodes[net.inputs[1]].name == "spare_0");
  CHECK(net.nodes[net.inputs[1]].width == 64);
  CHECK(net.nodes[net.inputs[2]].name == "spare_1");
  REQUIRE(net.outputs.size() == 1);
  CHECK(net.outputs[0].name == "y");
}

TEST_CASE("logicnets: constructs outside the family are diagnostics with file, line and column") {
  const std::string nrn = rom_module("nrn", 3, 2, [](uint64_t v) { return v & 3; });
  // Unknown construct.
  CHECK(error_of("module m (input a, output b);\n  initial begin end\nendmodule\n") ==
        "t.v:2:3: error: unsupported construct 'initial' (expected a declaration, 'assign', 'always' or a module instance; "
        "lutc reads LogicNets-generated Verilog, docs/model-format.md)");
  CHECK_THROWS_WITH_AS(read_text("module m (input a, output b);\n  always @(a) casez (a) 1'b0: b = 1'b0; endcase\nendmodule\n"),
                       doctest::Contains("t.v:2:15: error: unsupported construct 'casez'"), Diagnostic);
  CHECK(error_of("module m (a, b);\nendmodule\n").find("t.v:1:11: error: expected a port declaration") == 0);
  CHECK(error_of("`define X 1\n").find("t.v:1:1: error: compiler directive '`define' is not supported") == 0);
  CHECK(error_of("module m (input [1:0] a, output [1:0] b);\n  assign b = a + a;\nendmodule\n")
            .find("t.v:2:16: error: operator '+' is not supported here") == 0);
  CHECK(error_of("module m (input [0:1] a, output b);\nendmodule\n").find("t.v:1:23: error: range [0:1] of 'a' is ascending") == 0);
  CHECK(error_of(nrn + "module top (input [2:0] x, output [1:0] y);\n  nrn u (x, y);\nendmodule\n")
            .find("positional connections are not supported") != std::string::npos);
  CHECK(error_of("module m (inout a);\nendmodule\n").find("t.v:1:11: error: unsupported construct 'inout'") == 0);

  // Width mismatch.
  CHECK(error_of(nrn + "module top (input [1:0] x, output [1:0] y);\n  nrn u (.a(x), .y(y));\nendmodule\n") ==
        "t.v:18:10: error: width mismatch: port 'a' of 'nrn' (instance 'u') and 'x' (3 vs 2 bits)");
  CHECK(error_of("module m (input [2:0] a, output [1:0] b);\n  assign b = a;\nendmodule\n")
            .find("t.v:2:10: error: width mismatch: 'b' = 'a' (2 vs 3 bits)") == 0);

  // Unknown module, port, signal.
  CHECK(error_of("module top (input [2:0] x, output [1:0] y);\n  nope u (.a(x), .y(y));\nendmodule\n") ==
        "t.v:2:3: error: unknown module 'nope' (no .v file defines it)");
  CHECK(error_of(nrn + "module top (input [2:0] x, output [1:0] y);\n  nrn u (.b(x), .y(y));\nendmodule\n")
            .find("t.v:18:10: error: module 'nrn' has no port 'b'") == 0);
  CHECK(error_of(nrn + "module top (input [2:0] x, output [1:0] y);\n  nrn u (.a(q), .y(y));\nendmodule\n")
            .find("t.v:18:13: error: unknown signal 'q'") == 0);
  CHECK(error_of(nrn + "module top (input [2:0] x, output [1:0] y);\n  nrn u (.a(x[3:1]), .y(y));\nendmodule\n")
            .find("t.v:18:13: error: 'x[3:1]' is out of the range [2:0] of 'x'") == 0);

  // Bad case labels and values.
  auto rom = [](const std::string& item) {
    return "module m (input [2:0] a, output [1:0] y);\n  reg [1:0] r;\n  assign y = r;\n  always @(a) case (a)\n    " + item +
           "\n  endcase\nendmodule\n";
  };
  CHECK(node(read_text(rom("3'b001: r = 2'b01;")), "m").table().rows == std::vector<uint64_t>{0, 1, 0, 0, 0, 0, 0, 0});
  CHECK(error_of(rom("3'b1x0: r = 2'b01;")) ==
        "t.v:5:5: error: bad case label '3'b1x0': x, z and ? digits are not supported");
  CHECK(error_of(rom("4'b0001: r = 2'b01;")) == "t.v:5:5: error: bad case label '4'b0001': it is 4 bits, expected 3");
  CHECK(error_of(rom("1: r = 2'b01;")) == "t.v:5:5: error: bad case label '1': it must be sized (3'b...)");
  CHECK(error_of(rom("a: r = 2'b01;")).find("t.v:5:5: error: bad case label 'a': expected a sized literal") == 0);
  CHECK(error_of(rom("3'b001: r = 3'b001;")) == "t.v:5:17: error: bad case value '3'b001': it is 3 bits, expected 2");
  CHECK(error_of(rom("3'b001: r = 2'b111;")) == "t.v:5:17: error: literal '2'b111' does not fit in 2 bits");
  CHECK(error_of(rom("3'b001: r = 2'b01; 3'b010: y = 2'b01;")).find("every case item must assign the same target") != std::string::npos);
  CHECK(error_of(rom("default: r = 2'b01; default: r = 2'b00;")).find("more than one 'default' item") != std::string::npos);
  CHECK(error_of("module m (input [2:0] a, input b, output [1:0] y);\n  reg [1:0] r;\n  assign y = r;\n"
                 "  always @(b) case (a) 3'b0: r = 2'b1; endcase\nendmodule\n")
            .find("t.v:4:3: error: incomplete sensitivity list: the case reads 'a'") == 0);
  CHECK(error_of("module m (input [2:0] a, output [1:0] y);\n  always @(a) case (a) 3'b0: y = 2'b1; endcase\nendmodule\n")
            .find("'y' is assigned in an always block but is not declared 'reg'") != std::string::npos);

  // Structure: two drivers, undriven reads, cycles, several tops, registers outside the pattern.
  CHECK(error_of(nrn + "module top (input [2:0] x, output [1:0] y);\n  nrn u (.a(x), .y(y));\n  nrn v (.a(x), .y(y));\nendmodule\n")
            .find("has two drivers") != std::string::npos);
  CHECK(error_of(nrn + "module top (input [2:0] x, output [1:0] y);\n  wire [2:0] w;\n  nrn u (.a(w), .y(y));\nendmodule\n")
            .find("error: neuron 'nrn' reads 'u.a[0]', which nothing drives") != std::string::npos);
  CHECK(error_of(nrn + "module top (input [2:0] x, output [1:0] y);\n  wire [1:0] w;\n  nrn u (.a(x), .y());\nendmodule\n")
            .find("t.v:17:41: error: output 'y' reads 'y[0]', which nothing drives") == 0);
  CHECK(error_of(nrn + "module top (input x, output [1:0] y);\n  wire [1:0] w;\n  nrn u (.a({x, w}), .y(w));\n"
                       "  assign y = w;\nendmodule\n")
            .find("combinational cycle through u") != std::string::npos);
  CHECK(error_of("module a (input x, output y);\n  assign y = x;\nendmodule\nmodule b (input x, output y);\n  assign y = x;\nendmodule\n")
            .find("several modules are instantiated by no other (a, b)") != std::string::npos);
  CHECK(error_of("module a (input x, output y);\nendmodule\nmodule a (input x, output y);\nendmodule\n") ==
        "t.v:3:8: error: module 'a' is already defined at t.v:1");
  CHECK(error_of("module m (input x, input clk, output reg y);\n  always @(posedge clk) if (x) y <= 1'b1;\nendmodule\n")
            .find("a register with a reset needs an 'else' branch") != std::string::npos);
  CHECK(error_of("module m (input x, input clk, output reg y);\n  always @(posedge clk or posedge x) y <= x;\nendmodule\n")
            .find("asynchronous resets are not supported") != std::string::npos);
  CHECK(error_of("module m (input x, input clk, output reg y, output reg z);\n  always @(posedge clk) y <= x;\n"
                 "  always @(posedge clk) z <= clk;\nendmodule\n")
            .find("input 'clk' is used both as a register clock/reset and as data") != std::string::npos);
  CHECK(error_of("module m (input [2:0] x, output [1:0] y);\n  m u (.x(x), .y(y));\nendmodule\n")
            .find("instantiates itself") != std::string::npos);
}

TEST_CASE("logicnets: accepted syntax variants") {
  // Comments, `timescale, @* / @(*) / `or` lists, parameters (positional override, expressions),
  // localparam, multi-name declarations, a repeated label (the first item wins, as in Verilog).
  std::string text = R"(`timescale 1ns / 1ps
/* block
   comment */
module sel #(parameter W = 2, parameter H = W * 2 - 1) (input [H:0] a, input [1:0] s, output reg [W-1:0] y);
  localparam L = H;
  always @(*) begin
    case ({s, a[L:L-1]})  // index bits 0, 1 = a[3:2], bits 2, 3 = s
      4'b0000: y = 2'd1;
      4'b0000: y = 2'd2;
      4'hf: y = 2'h3;
      default y = 2'b10;
    endcase
  end
endmodule
module top (input [3:0] a, input [1:0] s, output [1:0] y, output [1:0] z);
  wire [1:0] p, q;
  assign p = y, q = p;
  sel #(2) u (.a(a), .s(s), .y(y));
  sel #(.W(2)) v (.a({a[1:0], a[3:2]}), .s(q), .y(z));
endmodule
)";
  ir::Network net = read_text(text);
  CHECK(net.name == "top");
  REQUIRE(net.inputs.size() == 3);  // a is read as a[3:2] and a[1:0] -> two ports; s whole
  CHECK(net.nodes[net.inputs[0]].name == "a_0");
  CHECK(net.nodes[net.inputs[1]].name == "a_1");
  CHECK(net.nodes[net.inputs[2]].name == "s");
  CHECK(node(net, "u.y").table().rows ==
        std::vector<uint64_t>{1, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 3});
  ir::SoftwareModel model(net);
  auto sel = [](uint64_t index) -> uint64_t { return index == 0 ? 1 : index == 15 ? 3 : 2; };
  for (uint64_t a = 0; a < 16; ++a)
    for (uint64_t s = 0; s < 4; ++s) {
      uint64_t y = sel(((a >> 2) & 3) | s << 2);
      uint64_t z = sel((a & 3) | y << 2);  // v's a is {a[1:0], a[3:2]}: its a[3:2] is a[1:0]
      CHECK(model.evaluate({a & 3, a >> 2, s}).values == std::vector<uint64_t>{y, z});
    }
}

TEST_CASE("logicnets: directories and files on disk") {
  test::TempDir tmp("logicnets");
  util::write_file(tmp.path / "a.v", "module a (input x, output y);\n  assign y = x;\nendmodule\n");
  util::write_file(tmp.path / "b.v", "module b (input x, output y);\n  assign y = x;\nendmodule\n");
  util::write_file(tmp.path / "notes.txt", "not verilog");
  CHECK_THROWS_WITH_AS(frontend::read_logicnets(tmp.path.string()),
                       (tmp.path.string() + ": error: several modules are instantiated by no other (a, b); give the top "
                                            "module's .v file instead of the directory").c_str(),
                       Diagnostic);
  ir::Network b = frontend::read_logicnets((tmp.path / "b.v").string());
  CHECK(b.name == "b");
  CHECK(b.outputs.at(0).source == ir::Operand{b.inputs.at(0), 0, 1});
  util::write_file(tmp.path / "c.v", "module c (input x, output y);\n  assign y = x;\nendmodule\nmodule\n");
  CHECK_THROWS_WITH_AS(frontend::read_logicnets((tmp.path / "b.v").string()),
                       ((tmp.path / "c.v").string() + ":5:1: error: expected a module name but found end of file").c_str(),
                       Diagnostic);
  test::TempDir empty("logicnets-empty");
  CHECK_THROWS_WITH_AS(frontend::read_logicnets(empty.path.string()), doctest::Contains("no .v files"), Diagnostic);
}

TEST_CASE("logicnets: the real hgcal_quant2 design") {
  frontend::logicnets_stats st;
  ir::Network net = frontend::read_logicnets(kDesign, &st);
  net.check_invariants();
  CHECK(net.name == "logicnet");
  CHECK(st.files == 52);  // 48 neurons, layer0, layer1, myreg, logicnet
  CHECK(st.modules == 52);
  CHECK(st.neurons == 48);
  CHECK(st.register_instances == 2);
  CHECK(st.register_bits == 128 + 64);
  CHECK(st.dropped_inputs == std::vector<std::string>{"clk", "rst"});
  REQUIRE(net.inputs.size() == 64);
  for (size_t k = 0; k < 64; ++k) {
    CHECK(net.nodes[net.inputs[k]].name == "M0_" + std::to_string(k));
    CHECK(net.nodes[net.inputs[k]].width == 2);
  }
  REQUIRE(net.outputs.size() == 16);
  for (size_t k = 0; k < 16; ++k) {
    CHECK(net.outputs[k].name == "M2_" + std::to_string(k));
    CHECK(net.outputs[k].source.width == 2);
    CHECK(net.outputs[k].source.node == static_cast<ir::NodeId>(net.find("layer1_N" + std::to_string(k))));
  }
  CHECK(net.num_tables() == 48);

  // Independent reading of the files with regular expressions: ROMs, wiring, constant neurons.
  const std::regex item_re("8'b([01]{8}): M1r = 2'b([01]{2});");
  auto rom_of = [&](const std::string& name) {
    std::string text = util::read_file(kDesign + "/" + name + ".v");
    std::vector<uint64_t> rows(256, 0);
    int items = 0;
    for (std::sregex_iterator it(text.begin(), text.end(), item_re), end; it != end; ++it, ++items)
      rows[std::stoul((*it)[1], nullptr, 2)] = std::stoul((*it)[2], nullptr, 2);
    CHECK(items == 256);
    return rows;
  };
  std::vector<std::string> constant;
  for (int layer = 0; layer < 2; ++layer)
    for (int n = 0; n < (layer == 0 ? 32 : 16); ++n) {
      std::string name = "layer" + std::to_string(layer) + "_N" + std::to_string(n);
      CAPTURE(name);
      const ir::Node& t = node(net, name);
      std::vector<uint64_t> rows = rom_of(name);
      CHECK(t.table().rows == rows);
      if (std::all_of(rows.begin(), rows.end(), [](uint64_t r) { return r == 0; })) constant.push_back(name);
    }
  CHECK(constant == std::vector<std::string>{"layer0_N2", "layer0_N3", "layer0_N13", "layer0_N18", "layer0_N19",
                                             "layer0_N20", "layer0_N29"});

  // layer0_N0 reads {M0[111], M0[110], M0[81], M0[80], M0[51], M0[50], M0[15], M0[14]}: index
  // bit 0 is M0[14], so its operands are the ports holding bits 14, 50, 80, 110.
  const ir::Node& n0 = node(net, "layer0_N0");
  CHECK(n0.operands == std::vector<ir::Operand>{{net.inputs[7], 0, 2}, {net.inputs[25], 0, 2}, {net.inputs[40], 0, 2},
                                                {net.inputs[55], 0, 2}});

  // The whole network against an evaluator built from the layer files' text.
  struct Neuron {
    std::vector<int> in_bits;  // index bit i reads layer input bit in_bits[i]
    int out_lo = 0;
    std::vector<uint64_t> rows;
  };
  const std::regex wire_re(R"(wire \[7:0\] (\w+)_wire = \{([^}]*)\};)");
  const std::regex bit_re(R"(M0\[(\d+)\])");
  const std::regex inst_re(R"((\w+) \w+ \(\.M0\(\w+\), \.M1\(M1\[(\d+):(\d+)\]\)\);)");
  std::array<std::vector<Neuron>, 2> layers;
  for (int layer = 0; layer < 2; ++layer) {
    std::string text = util::read_file(kDesign + "/layer" + std::to_string(layer) + ".v");
    std::map<std::string, std::vector<int>> wires;
    for (std::sregex_iterator it(text.begin(), text.end(), wire_re), end; it != end; ++it) {
      std::string list = (*it)[2];
      std::vector<int> bits;
      for (std::sregex_iterator b(list.begin(), list.end(), bit_re); b != end; ++b) bits.push_back(std::stoi((*b)[1]));
      std::reverse(bits.begin(), bits.end());  // the last element of {...} is bit 0
      wires[(*it)[1]] = bits;
    }
    for (std::sregex_iterator it(text.begin(), text.end(), inst_re), end; it != end; ++it)
      layers[static_cast<size_t>(layer)].push_back(Neuron{wires.at((*it)[1]), std::stoi((*it)[3]), rom_of((*it)[1])});
  }
  REQUIRE(layers[0].size() == 32);
  REQUIRE(layers[1].size() == 16);
  auto run_layer = [](const std::vector<Neuron>& neurons, const std::vector<int>& in, size_t out_bits) {
    std::vector<int> out(out_bits, 0);
    for (const auto& n : neurons) {
      uint64_t index = 0;
      for (size_t i = 0; i < n.in_bits.size(); ++i) index |= static_cast<uint64_t>(in[static_cast<size_t>(n.in_bits[i])]) << i;
      out[static_cast<size_t>(n.out_lo)] = static_cast<int>(n.rows[index] & 1);
      out[static_cast<size_t>(n.out_lo + 1)] = static_cast<int>((n.rows[index] >> 1) & 1);
    }
    return out;
  };
  ir::SoftwareModel model(net);
  std::mt19937_64 rng(7);
  for (int v = 0; v < 2000; ++v) {
    std::vector<int> in(128);
    std::vector<uint64_t> codes(64, 0);
    for (int b = 0; b < 128; ++b) {
      in[static_cast<size_t>(b)] = static_cast<int>(rng() & 1);
      codes[static_cast<size_t>(b / 2)] |= static_cast<uint64_t>(in[static_cast<size_t>(b)]) << (b % 2);
    }
    std::vector<int> out = run_layer(layers[1], run_layer(layers[0], in, 64), 32);
    std::vector<uint64_t> expected(16, 0);
    for (int b = 0; b < 32; ++b) expected[static_cast<size_t>(b / 2)] |= static_cast<uint64_t>(out[static_cast<size_t>(b)]) << (b % 2);
    auto got = model.evaluate(codes);
    REQUIRE(got.values == expected);
  }
}

TEST_CASE("logicnets: read_model takes the directory or a .v file of it") {
  ir::Network from_dir = frontend::read_model(kDesign);
  CHECK(from_dir.name == "logicnet");
  CHECK(from_dir.source_file == kDesign);
  ir::Network from_top = frontend::read_model(kDesign + "/logicnet.v");
  CHECK(from_top.name == "logicnet");
  CHECK(from_top.num_tables() == from_dir.num_tables());
  // A file whose module is instantiated elsewhere is still its own top: one neuron.
  ir::Network one = frontend::read_model(kDesign + "/layer0_N0.v");
  CHECK(one.name == "layer0_N0");
  CHECK(one.num_tables() == 1);
  REQUIRE(one.inputs.size() == 1);
  CHECK(one.nodes[one.inputs[0]].name == "M0");
  CHECK(one.nodes[one.inputs[0]].width == 8);
  CHECK(node(one, "layer0_N0").table().rows == node(from_dir, "layer0_N0").table().rows);
  CHECK_THROWS_WITH_AS(frontend::read_model(kDesign + "/nope.v"), doctest::Contains("no such file or directory"), Diagnostic);
}
