#include "frontend/verilog_rom.hpp"

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

ir::Network read_text(const std::string& text, frontend::verilog_stats* st = nullptr) {
  return frontend::read_verilog_sources({{"t.v", text}}, {}, st);
}

std::string error_of(const std::string& text) {
  try {
    read_text(text);
  } catch (const Diagnostic& d) {
    return d.what();
  }
  return "(no error)";
}

std::string bin(uint64_t v, int w) {
  std::string s;
  for (int b = w - 1; b >= 0; --b) s += ((v >> b) & 1) ? '1' : '0';
  return s;
}

/// A LogicNets-style neuron: `module NAME (input [in-1:0] a, output [out-1:0] y)` with a case ROM
/// listing every code, row r = f(r).
std::string rom_module(const std::string& name, int in, int out, const std::function<uint64_t(uint64_t)>& f) {
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

TEST_CASE("verilog: a hand-written case ROM becomes one table (unlisted codes 0, or the default)" * doctest::test_suite("tools")) {
  // Small case statements stay multiplexers in Yosys ($pmux, $eq; a $dlatch without default):
  // lutc evaluates that logic on every code.
  const std::string body = R"(module nrn (input [2:0] a, output [1:0] y);
  reg [1:0] r;
  assign y = r;
  always @(*) begin
    case (a)
      3'b000: r = 2'b01;
      3'b101: r = 2'b11;
      3'b110, 3'h7: r = 2'b10;
      3'b110: r = 2'b11;  // repeated: the first item wins
      DEFAULT
    endcase
  end
endmodule
)";
  auto with = [&](const std::string& d) { return std::regex_replace(body, std::regex("DEFAULT"), d); };
  frontend::verilog_stats st;
  ir::Network net = read_text(with(""), &st);
  CHECK(net.name == "nrn");
  CHECK(st.roms + st.logic_tables == 1);
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

  // A larger full case (Yosys infers a ROM: $memrd + $meminit) as `output reg`, casez-free.
  std::string big = "module big (input [5:0] a, output reg [3:0] y);\n  always @* case (a)\n";
  auto f = [](uint64_t a) { return (a * 7 + 3) % 13; };
  for (uint64_t a = 0; a < 64; ++a) big += "    6'd" + std::to_string(a) + ": y = 4'd" + std::to_string(f(a)) + ";\n";
  big += "  endcase\nendmodule\n";
  frontend::verilog_stats bst;
  ir::Network b = read_text(big, &bst);
  CHECK(bst.roms == 1);
  for (uint64_t a = 0; a < 64; ++a) CHECK(node(b, "big").table().rows[a] == f(a));
}

TEST_CASE("verilog: combinational logic is evaluated into tables, one per module output" * doctest::test_suite("tools")) {
  // Arithmetic, comparison, shifts, reduction and a ternary, in two modules: each instance's
  // output logic becomes its own table; the top's own logic a third.
  std::string text = R"(module mac (input [3:0] a, input [3:0] b, output [4:0] y);
  assign y = (a * 3 + b) ^ {1'b0, a >> 1};
endmodule
module cmp (input [4:0] p, input [2:0] s, output [1:0] q);
  assign q = {p > {2'b0, s}, ^p} ;
endmodule
module top (input [3:0] a, input [3:0] b, input [2:0] s, output [1:0] q, output [4:0] m, output z);
  wire [4:0] y;
  mac u0 (.a(a), .b(b), .y(y));
  cmp u1 (.p(y), .s(s), .q(q));
  assign m = s[0] ? y : ~y;
  assign z = &s;
endmodule
)";
  frontend::verilog_stats st;
  ir::Network net = read_text(text, &st);
  net.check_invariants();
  CHECK(st.roms == 0);
  CHECK(st.logic_tables == 4);  // mac, cmp, m, z
  CHECK(net.find("mac") >= 0);
  CHECK(net.find("cmp") >= 0);
  CHECK(node(net, "cmp").table().index_bits == 8);
  // s is read whole (cmp, z) and as s[0] alone (m): three 1-bit ports.
  REQUIRE(net.inputs.size() == 5);
  CHECK(net.nodes[net.inputs[4]].name == "s_2");
  ir::SoftwareModel model(net);
  for (uint64_t a = 0; a < 16; ++a)
    for (uint64_t b = 0; b < 16; ++b)
      for (uint64_t s = 0; s < 8; ++s) {
        uint64_t y = ((a * 3 + b) ^ (a >> 1)) & 31;
        int parity = __builtin_popcountll(y) & 1;
        uint64_t q = static_cast<uint64_t>(parity) | static_cast<uint64_t>(y > s) << 1;
        uint64_t m = (s & 1) ? y : (~y & 31);
        uint64_t z = s == 7;
        REQUIRE(model.evaluate({a, b, s & 1, (s >> 1) & 1, s >> 2}).values == std::vector<uint64_t>{q, m, z});
      }
}

TEST_CASE("verilog: hierarchy, concatenation order, registers as wires, port split" * doctest::test_suite("tools")) {
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
  frontend::verilog_stats st;
  ir::Network net = frontend::read_verilog_sources(sources, {}, &st);
  CHECK(st.top == "top");
  CHECK(st.files == 5);
  CHECK(st.modules == 5);
  CHECK(st.roms + st.logic_tables == 3);
  CHECK(st.register_cells == 1);
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

TEST_CASE("verilog: a top port read as one run keeps its name; wide unused ports split at 64 bits" * doctest::test_suite("tools")) {
  std::string top = "module top (input [3:0] a, input [127:0] spare, output [3:0] y);\n"
                    "f4 u (.a(a), .y(y));\nendmodule\n";
  ir::Network net =
      frontend::read_verilog_sources({{"top.v", top}, {"f4.v", rom_module("f4", 4, 4, [](uint64_t v) { return v; })}});
  REQUIRE(net.inputs.size() == 3);
  CHECK(net.nodes[net.inputs[0]].name == "a");
  CHECK(net.nodes[net.inputs[1]].name == "spare_0");
  CHECK(net.nodes[net.inputs[1]].width == 64);
  CHECK(net.nodes[net.inputs[2]].name == "spare_1");
  REQUIRE(net.outputs.size() == 1);
  CHECK(net.outputs[0].name == "y");
}

TEST_CASE("verilog: accepted syntax variants" * doctest::test_suite("tools")) {
  // Comments, `timescale, @* / @(*), parameters (positional override, expressions), localparam,
  // multi-name declarations; a module instantiated twice names its tables by instance path.
  std::string text = R"(`timescale 1ns / 1ps
/* block
   comment */
module sel #(parameter W = 2, parameter H = W * 2 - 1) (input [H:0] a, input [1:0] s, output reg [W-1:0] y);
  localparam L = H;
  always @(*) begin
    case ({s, a[L:L-1]})  // index bits 0, 1 = a[3:2], bits 2, 3 = s
      4'b0000: y = 2'd1;
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
  CHECK(net.find("u.y") >= 0);
  CHECK(net.find("v.y") >= 0);
  ir::SoftwareModel model(net);
  auto sel = [](uint64_t index) -> uint64_t { return index == 0 ? 1 : index == 15 ? 3 : 2; };
  for (uint64_t a = 0; a < 16; ++a)
    for (uint64_t s = 0; s < 4; ++s) {
      uint64_t y = sel(((a >> 2) & 3) | s << 2);
      uint64_t z = sel((a & 3) | y << 2);  // v's a is {a[1:0], a[3:2]}: its a[3:2] is a[1:0]
      CHECK(model.evaluate({a & 3, a >> 2, s}).values == std::vector<uint64_t>{y, z});
    }
}

TEST_CASE("verilog: unsupported constructs and Yosys errors are one diagnostic with the file and line" * doctest::test_suite("tools")) {
  // Yosys's own errors keep their location.
  CHECK(error_of("module m (input a, output b);\n  assign b = a +;\nendmodule\n") ==
        "t.v:2: error: syntax error, unexpected ';'");
  CHECK(error_of("module m (input a, output b);\n  assign b = q;\nendmodule\n")
            .find("t.v:2: error: Identifier `\\q' is implicitly declared") == 0);
  CHECK(error_of("module top (input [2:0] x, output [1:0] y);\n  nope u (.a(x), .y(y));\nendmodule\n")
            .find("t.v: error: yosys failed: Module `\\nope' referenced in module `\\top'") == 0);
  // Warnings that would silently change the function are errors.
  CHECK(error_of("module m (input [1:0] a, output b);\n  assign b = a[5];\nendmodule\n")
            .find("t.v: error: yosys failed: Range select out of bounds on signal `\\a'") == 0);
  CHECK(error_of("module n (input [2:0] a, output [2:0] y);\n  assign y = a;\nendmodule\n"
                 "module top (input [1:0] x, output [2:0] y);\n  n u (.a(x), .y(y));\nendmodule\n")
            .find("Resizing cell port top.u.a from 2 bits to 3 bits") != std::string::npos);

  // What lutc does not read, at the construct's line and column.
  CHECK(error_of("module m (input [3:0] a, input [3:0] b, output [3:0] y);\n  assign y = a / b;\nendmodule\n") ==
        "t.v:2:14: error: unsupported construct (Yosys cell $div in module 'm'); lutc reads table networks: ROMs, "
        "combinational logic, registers");
  CHECK(error_of("module m (input clk, input [1:0] a, input d, output y);\n  reg mem [0:3];\n"
                 "  always @(posedge clk) mem[a] <= d;\n  assign y = mem[a];\nendmodule\n")
            .find("t.v:3:") == 0);
  CHECK(error_of("module m (input [9:0] a, input [9:0] b, output [9:0] y);\n  assign y = a + b;\nendmodule\n") ==
        "t.v:1:54: error: the logic computing 'y' depends on 20 input bits; at most 16 are supported (it is evaluated "
        "on every combination)");
  CHECK(error_of("module m (inout a, output b);\n  assign b = a;\nendmodule\n").find("t.v:1:17: error: inout port 'a'") == 0);

  // Structure: cycles (a register read as a wire closes one), undriven outputs, clocks as data,
  // several tops.
  CHECK(error_of("module m (input a, output y);\n  wire w;\n  assign w = ~(w & a);\n  assign y = w;\nendmodule\n") ==
        "t.v:3:14: error: combinational cycle through 'w' (registers are read as wires, so a feedback register also "
        "forms a cycle)");
  CHECK(error_of("module m (input clk, output reg [3:0] y);\n  always @(posedge clk) y <= y + 4'd1;\nendmodule\n")
            .find("t.v:2:30: error: combinational cycle through a $add cell") == 0);
  CHECK(error_of("module m (input a, output y, output z);\n  assign y = a;\nendmodule\n") ==
        "t.v:1:37: error: output 'z' reads 'z', which nothing drives");
  CHECK(error_of("module m (input x, input clk, output reg y, output reg z);\n  always @(posedge clk) y <= x;\n"
                 "  always @(posedge clk) z <= clk;\nendmodule\n") ==
        "t.v:1:26: error: input 'clk' is used both as a register clock/reset/enable and as data");
  CHECK(error_of("module a (input x, output y);\n  assign y = x;\nendmodule\nmodule b (input x, output y);\n  assign y = x;\nendmodule\n")
            .find("several modules are instantiated by no other (a, b)") != std::string::npos);
}

TEST_CASE("verilog: deep nesting is an error, not a crash or a hang" * doctest::test_suite("tools")) {
  // Yosys spins for minutes on 5,000 nested {} and crashes (stack overflow) on 200k unary minus
  // signs; lutc turns its "Deep recursion" warning into an error.
  const int depth = 5000;
  std::string nested = "module m (input a, output y);\n  assign y = " + std::string(depth, '{') + "a" +
                       std::string(depth, '}') + ";\nendmodule\n";
  CHECK(error_of(nested).find("t.v: error: yosys failed: Deep recursion in AST simplifier.") == 0);
  std::string minus = "module m #(parameter P = ";
  for (int i = 0; i < 200000; ++i) minus += "- ";
  minus += "1) (input a, output y);\n  assign y = a;\nendmodule\n";
  CHECK(error_of(minus).find("t.v: error: yosys failed: Deep recursion in AST simplifier.") == 0);
}

TEST_CASE("verilog: a Yosys that hangs or crashes is reported, not waited for") {
  test::TempDir tmp("verilog-yosys");
  auto fake = [&](const std::string& name, const std::string& body) {
    std::string path = (tmp.path / name).string();
    util::write_file(path, "#!/bin/sh\n" + body + "\n");
    std::filesystem::permissions(path, std::filesystem::perms::owner_all);
    return path;
  };
  frontend::verilog_params ps;
  ps.timeout_seconds = 1;
  ps.yosys = fake("hang.sh", "sleep 30");
  const std::vector<frontend::VerilogSource> src = {{"t.v", "module m (input a, output y);\n  assign y = a;\nendmodule\n"}};
  CHECK_THROWS_WITH_AS(frontend::read_verilog_sources(src, ps), "t.v: error: yosys failed: no result after 1 s (timeout)",
                       Diagnostic);
  ps.yosys = fake("crash.sh", "echo 'about to fail'; kill -SEGV $$");
  CHECK_THROWS_WITH_AS(frontend::read_verilog_sources(src, ps), "t.v: error: yosys failed (signal 11): about to fail",
                       Diagnostic);
}

TEST_CASE("verilog: directories and files on disk" * doctest::test_suite("tools")) {
  test::TempDir tmp("verilog");
  util::write_file(tmp.path / "a.v", "module a (input x, output y);\n  assign y = x;\nendmodule\n");
  util::write_file(tmp.path / "b.v", "module b (input x, output y);\n  assign y = x;\nendmodule\n");
  util::write_file(tmp.path / "notes.txt", "not verilog");
  CHECK_THROWS_WITH_AS(frontend::read_verilog(tmp.path.string()),
                       (tmp.path.string() + ": error: several modules are instantiated by no other (a, b); give the top "
                                            "module's .v file instead of the directory").c_str(),
                       Diagnostic);
  ir::Network b = frontend::read_verilog((tmp.path / "b.v").string());
  CHECK(b.name == "b");
  CHECK(b.outputs.at(0).source == ir::Operand{b.inputs.at(0), 0, 1});
  util::write_file(tmp.path / "c.v", "module c (input x, output y);\n  assign y = x;\nendmodule\nmodule\n");
  CHECK_THROWS_WITH_AS(frontend::read_verilog((tmp.path / "b.v").string()),
                       ((tmp.path / "c.v").string() + ":1: error: syntax error, unexpected end of file, expecting TOK_ID").c_str(),
                       Diagnostic);
  test::TempDir empty("verilog-empty");
  CHECK_THROWS_WITH_AS(frontend::read_verilog(empty.path.string()), doctest::Contains("no .v files"), Diagnostic);
}

TEST_CASE("verilog: the real hgcal_quant2 design" * doctest::test_suite("tools")) {
  frontend::verilog_stats st;
  ir::Network net = frontend::read_verilog(kDesign, {}, &st);
  net.check_invariants();
  CHECK(net.name == "logicnet");
  CHECK(st.files == 52);  // 48 neurons, layer0, layer1, myreg, logicnet
  CHECK(st.modules == 52);
  CHECK(st.roms == 48);
  CHECK(st.logic_tables == 0);
  CHECK(st.register_cells == 2);
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
  // Tables keep the order of the Verilog (instances sorted by source line, not by name).
  CHECK(net.find("layer0_N2") < net.find("layer0_N10"));

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

TEST_CASE("verilog: read_model takes the directory or a .v file of it" * doctest::test_suite("tools")) {
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
