#include "netopt/sat_window.hpp"

#include <doctest/doctest.h>

#include <algorithm>

using namespace lutc;
using logic::LutNetwork;

TEST_CASE("collect_window takes the nearest levels of the transitive fanin, adder cells included") {
  // PIs a, b, c; a chain x1 = f(a, b), x2 = f(x1, c), x3 = f(x2, a); a cell sums x1 and c into PI s;
  // y = f(x3, s) reads the chain and the cell.
  LutNetwork net(4);
  auto a = net.pi(0), b = net.pi(1), c = net.pi(2), s = net.pi(3);
  auto x1 = net.add_lut({a, b}, 0b0110);
  auto x2 = net.add_lut({x1, c}, 0b1000);
  auto x3 = net.add_lut({x2, a}, 0b1110);
  auto y = net.add_lut({x3, s}, 0b0110);
  backend::ArithCell cell;
  cell.terms = {{{x1}, false, 0, false}, {{c}, false, 0, false}};
  cell.width = 1;
  cell.first_pi = 3;
  std::vector<backend::ArithCell> cells{cell};

  auto whole = netopt::collect_window(net, cells, net.lut(y).fanins, 0);
  CHECK(whole.luts == std::vector<logic::Signal>{x1, x2, x3});
  CHECK(whole.cells == std::vector<uint32_t>{0});
  CHECK_FALSE(whole.cut);
  // Level 1 holds x3 and (through the cell) x1; a bound of 2 stops before x2.
  auto two = netopt::collect_window(net, cells, net.lut(y).fanins, 2);
  CHECK(two.luts == std::vector<logic::Signal>{x1, x3});
  CHECK(two.cut);
  auto one = netopt::collect_window(net, {}, net.lut(y).fanins, 1);
  CHECK(one.luts == std::vector<logic::Signal>{x3});
  CHECK(one.cells.empty());
  CHECK(one.cut);
  CHECK_FALSE(netopt::collect_window(net, {}, net.lut(x2).fanins, 1).cut);  // x1 is the whole cone
}

TEST_CASE("collect_window with a bound on adder cells leaves the outputs of further cells free") {
  // PIs a, b; a chain of cells: s1 = a + b (PI 2), s2 = s1 + a (PI 3), s3 = s2 + b (PI 4); y = f(s3, a).
  LutNetwork net(5);
  auto a = net.pi(0), b = net.pi(1);
  std::vector<backend::ArithCell> cells;
  for (uint32_t i = 0; i < 3; ++i) {
    backend::ArithCell cell;
    cell.terms = {{{i == 0 ? a : net.pi(1 + i)}, false, 0, false}, {{i == 1 ? a : b}, false, 0, false}};
    cell.width = 1;
    cell.first_pi = 2 + i;
    cells.push_back(cell);
  }
  auto x = net.add_lut({a, b}, 0b0110);
  auto y = net.add_lut({net.pi(4), x}, 0b0110);
  auto whole = netopt::collect_window(net, cells, net.lut(y).fanins, 0);
  CHECK(whole.cells == std::vector<uint32_t>{0, 1, 2});
  CHECK_FALSE(whole.cut);
  netopt::WindowCollector collector(net, cells);
  auto two = collector.collect(net.lut(y).fanins, 0, 2);
  CHECK(two.cells == std::vector<uint32_t>{1, 2});  // the nearest two: s1 stays a free input
  CHECK(two.luts == std::vector<logic::Signal>{x});
  CHECK(two.cut);
  auto three = collector.collect(net.lut(y).fanins, 0, 3);
  CHECK(three.cells.size() == 3);
  CHECK_FALSE(three.cut);
}

TEST_CASE("WindowCnf: signals outside the window are free, inside it follow their LUTs") {
  LutNetwork net(2);
  auto a = net.pi(0), b = net.pi(1);
  auto x = net.add_lut({a, b}, 0b1000);  // a & b
  auto y = net.add_lut({x, a}, 0b0110);  // x ^ a
  std::vector<int> var(net.num_signals(), 0);
  {
    netopt::WindowCnf whole(var);
    whole.encode(net, {}, netopt::collect_window(net, {}, {y}, 0));
    // y = 1 and b = 1 would need a & b ^ a = 1 with b = 1: impossible.
    CHECK(whole.solver().solve({whole.of(y), whole.of(b)}) == netopt::SatResult::unsat);
  }
  CHECK(std::all_of(var.begin(), var.end(), [](int v) { return v == 0; }));  // handed back
  netopt::WindowCnf cut(var);
  auto w = netopt::collect_window(net, {}, {y}, 1);  // y only: x is a free cut signal
  REQUIRE(w.cut);
  cut.encode(net, {}, w);
  CHECK(cut.solver().solve({cut.of(y), cut.of(b)}) == netopt::SatResult::sat);
}
