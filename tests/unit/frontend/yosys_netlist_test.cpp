#include "frontend/yosys_netlist.hpp"

#include <doctest/doctest.h>

#include <algorithm>

#include "util/diagnostic.hpp"

using namespace lutc;

namespace {

frontend::YosysNetlist flatten(const std::string& text, const std::string& top = "") {
  frontend::yosys_params ps;
  ps.top = top;
  return frontend::read_yosys_netlist({{"h.v", text}}, false, "", "h.v", ps);
}

const char* const kTwoLevels = R"(module inv #(parameter W = 1) (input [W-1:0] a, output [W-1:0] y);
  assign y = ~a;
endmodule
module pair (input [1:0] a, output [1:0] y);
  inv #(.W(2)) i0 (.a(a), .y(y));
endmodule
module top (input [1:0] x, output [1:0] y, output [1:0] z);
  pair p (.a(x), .y(y));
  inv #(.W(2)) q (.a(y), .y(z));
endmodule
)";

}  // namespace

TEST_CASE("yosys_netlist: flattens the hierarchy, keeping instance paths and written module names" * doctest::test_suite("tools")) {
  frontend::YosysNetlist nl = flatten(kTwoLevels);
  CHECK(nl.top == "top");
  CHECK(nl.files == 1);
  CHECK(nl.modules == 3);  // inv's parameterized copy counts as inv
  CHECK(nl.top_loc.file == "h.v");
  CHECK(nl.top_loc.line == 7);
  REQUIRE(nl.ports.size() == 3);  // in declaration order
  CHECK(nl.ports[0].name == "x");
  CHECK(nl.ports[0].is_input);
  CHECK(nl.ports[2].name == "z");
  CHECK_FALSE(nl.ports[2].is_input);

  // Two $not cells, one per inv instance, named by instance path and written module.
  REQUIRE(nl.cells.size() == 2);
  std::vector<std::string> paths;
  for (const auto& c : nl.cells) {
    CHECK(c.type == "$not");
    CHECK(c.module == "inv");
    CHECK(c.loc.line == 2);
    paths.push_back(c.path);
  }
  std::sort(paths.begin(), paths.end());
  CHECK(paths == std::vector<std::string>{"p.i0", "q"});

  // Wiring: p.i0 reads the top's x and drives y, which q reads.
  const auto& inner = nl.cells[0].path == "p.i0" ? nl.cells[0] : nl.cells[1];
  const auto& outer = nl.cells[0].path == "q" ? nl.cells[0] : nl.cells[1];
  CHECK(inner.conns.at("A") == nl.ports[0].bits);
  CHECK(inner.conns.at("Y") == nl.ports[1].bits);
  CHECK(outer.conns.at("A") == nl.ports[1].bits);
  CHECK(outer.conns.at("Y") == nl.ports[2].bits);
  CHECK(outer.is_output.at("Y"));
  CHECK_FALSE(outer.is_output.at("A"));
  CHECK(nl.net_name(nl.ports[1].bits[0]) == "y[0]");  // the top's name wins

  // Output ports of instances, children before their parents.
  REQUIRE(nl.instance_ports.size() == 3);
  CHECK(nl.instance_ports[0].path == "p.i0");
  CHECK(nl.instance_ports[1].path == "p");
  CHECK(nl.instance_ports[1].module == "pair");
  CHECK(nl.instance_ports[2].path == "q");

  // A given top.
  frontend::YosysNetlist pair = flatten(kTwoLevels, "pair");
  CHECK(pair.top == "pair");
  CHECK(pair.cells.size() == 1);
}

TEST_CASE("yosys_netlist: ROM memories and constants" * doctest::test_suite("tools")) {
  std::string text = "module r (input [2:0] a, output reg [1:0] y);\n  always @* case (a)\n";
  for (int i = 0; i < 8; ++i) text += "    3'd" + std::to_string(i) + ": y = 2'd" + std::to_string(i % 4) + ";\n";
  text += "  endcase\nendmodule\n";
  frontend::YosysNetlist nl = flatten(text);
  size_t reads = 0, inits = 0;
  for (const auto& c : nl.cells) {
    if (c.type.rfind("$memrd", 0) == 0) {
      ++reads;
      auto it = nl.memories.find(frontend::YosysNetlist::memory_key(c.path, c.params.at("MEMID")));
      REQUIRE(it != nl.memories.end());
      CHECK(it->second.size == 8);
      CHECK(it->second.loc.line == 2);
    }
    if (c.type.rfind("$meminit", 0) == 0) {
      ++inits;
      for (uint32_t b : c.conns.at("DATA")) CHECK(b <= frontend::kNet1);  // constants
    }
  }
  CHECK(reads == 1);
  CHECK(inits >= 1);
  CHECK(frontend::yosys_binary_value("00000000000000000000000000001000") == 8);
  CHECK(frontend::yosys_binary_value("1x1") == 5);
}

TEST_CASE("yosys_netlist: Yosys errors and top choice" * doctest::test_suite("tools")) {
  CHECK_THROWS_WITH_AS(flatten("module m (input a, output b);\n  assign b = a +;\nendmodule\n"),
                       "h.v:2: error: syntax error, unexpected ';'", Diagnostic);
  CHECK_THROWS_WITH_AS(flatten(kTwoLevels, "nope"), doctest::Contains("nope"), Diagnostic);
  CHECK_THROWS_WITH_AS(flatten("module a (input x, output y);\n  assign y = x;\nendmodule\n"
                               "module b (input x, output y);\n  assign y = x;\nendmodule\n"),
                       doctest::Contains("several modules are instantiated by no other (a, b)"), Diagnostic);
}
