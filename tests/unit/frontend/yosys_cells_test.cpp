#include "frontend/yosys_cells.hpp"

#include <doctest/doctest.h>

#include <functional>
#include <stdexcept>

using namespace lutc;
using frontend::SimCell;

namespace {

/// Nets 2.. hold A (wa bits), then B (wb bits), then Y (wy bits).
struct Bench {
  int wa, wb, wy;
  std::vector<uint32_t> a, b, y;
  std::vector<uint8_t> values;
  Bench(int wa_, int wb_, int wy_) : wa(wa_), wb(wb_), wy(wy_) {
    uint32_t n = 2;
    for (int i = 0; i < wa; ++i) a.push_back(n++);
    for (int i = 0; i < wb; ++i) b.push_back(n++);
    for (int i = 0; i < wy; ++i) y.push_back(n++);
    values.assign(n, 0);
    values[frontend::kNet1] = 1;
  }
  SimCell cell(const std::string& type, bool is_signed = false) const {
    std::map<std::string, std::string> params = {{"A_SIGNED", is_signed ? "1" : "0"}, {"B_SIGNED", is_signed ? "1" : "0"}};
    std::map<std::string, std::vector<uint32_t>> conns = {{"A", a}, {"Y", y}};
    if (wb > 0) conns["B"] = b;
    return frontend::compile_cell(type, params, conns);
  }
  uint64_t run(const SimCell& c, uint64_t av, uint64_t bv) {
    for (int i = 0; i < wa; ++i) values[a[static_cast<size_t>(i)]] = (av >> i) & 1;
    for (int i = 0; i < wb; ++i) values[b[static_cast<size_t>(i)]] = (bv >> i) & 1;
    frontend::simulate(c, values);
    uint64_t out = 0;
    for (int i = 0; i < wy; ++i) out |= static_cast<uint64_t>(values[y[static_cast<size_t>(i)]]) << i;
    return out;
  }
};

int64_t sext(uint64_t v, int w) { return static_cast<int64_t>(v << (64 - w)) >> (64 - w); }

}  // namespace

TEST_CASE("yosys_cells: binary cells match C++ arithmetic on every 4-bit operand pair") {
  Bench t(4, 4, 6);
  const uint64_t mask = 63;
  struct Case {
    const char* type;
    bool is_signed;
    std::function<uint64_t(uint64_t, uint64_t)> f;
  };
  const std::vector<Case> cases = {
      {"$and", false, [](uint64_t a, uint64_t b) { return a & b; }},
      {"$or", false, [](uint64_t a, uint64_t b) { return a | b; }},
      {"$xor", false, [](uint64_t a, uint64_t b) { return a ^ b; }},
      {"$xnor", false, [&](uint64_t a, uint64_t b) { return ~(a ^ b) & mask; }},
      {"$add", false, [&](uint64_t a, uint64_t b) { return (a + b) & mask; }},
      {"$sub", false, [&](uint64_t a, uint64_t b) { return (a - b) & mask; }},
      {"$mul", false, [&](uint64_t a, uint64_t b) { return (a * b) & mask; }},
      {"$add", true, [&](uint64_t a, uint64_t b) { return static_cast<uint64_t>(sext(a, 4) + sext(b, 4)) & mask; }},
      {"$eq", false, [](uint64_t a, uint64_t b) { return uint64_t{a == b}; }},
      {"$ne", false, [](uint64_t a, uint64_t b) { return uint64_t{a != b}; }},
      {"$lt", false, [](uint64_t a, uint64_t b) { return uint64_t{a < b}; }},
      {"$ge", false, [](uint64_t a, uint64_t b) { return uint64_t{a >= b}; }},
      {"$lt", true, [](uint64_t a, uint64_t b) { return uint64_t{sext(a, 4) < sext(b, 4)}; }},
      {"$gt", true, [](uint64_t a, uint64_t b) { return uint64_t{sext(a, 4) > sext(b, 4)}; }},
      {"$logic_and", false, [](uint64_t a, uint64_t b) { return uint64_t{a && b}; }},
      {"$logic_or", false, [](uint64_t a, uint64_t b) { return uint64_t{a || b}; }},
      {"$shl", false, [&](uint64_t a, uint64_t b) { return (a << b) & mask; }},
      {"$shr", false, [](uint64_t a, uint64_t b) { return b >= 64 ? 0 : a >> b; }},
      {"$sshr", true, [&](uint64_t a, uint64_t b) { return static_cast<uint64_t>(sext(a, 4) >> std::min<uint64_t>(b, 63)) & mask; }},
      {"$shiftx", false, [](uint64_t a, uint64_t b) { return b >= 64 ? 0 : a >> b; }},
  };
  for (const auto& c : cases) {
    CAPTURE(c.type);
    CAPTURE(c.is_signed);
    SimCell cell = t.cell(c.type, c.is_signed);
    for (uint64_t a = 0; a < 16; ++a)
      for (uint64_t b = 0; b < 16; ++b) {
        CAPTURE(a);
        CAPTURE(b);
        REQUIRE(t.run(cell, a, b) == c.f(a, b));
      }
  }
}

TEST_CASE("yosys_cells: unary and reduction cells") {
  Bench t(3, 0, 3);
  for (uint64_t a = 0; a < 8; ++a) {
    CHECK(t.run(t.cell("$not"), a, 0) == (~a & 7));
    CHECK(t.run(t.cell("$neg"), a, 0) == ((0 - a) & 7));
    CHECK(t.run(t.cell("$reduce_and"), a, 0) == uint64_t{a == 7});
    CHECK(t.run(t.cell("$reduce_or"), a, 0) == uint64_t{a != 0});
    CHECK(t.run(t.cell("$reduce_bool"), a, 0) == uint64_t{a != 0});
    CHECK(t.run(t.cell("$reduce_xor"), a, 0) == static_cast<uint64_t>(__builtin_popcountll(a) & 1));
    CHECK(t.run(t.cell("$reduce_xnor"), a, 0) == static_cast<uint64_t>(!(__builtin_popcountll(a) & 1)));
    CHECK(t.run(t.cell("$logic_not"), a, 0) == uint64_t{a == 0});
    CHECK(t.run(t.cell("$pos", true), a, 0) == a);
  }
  Bench wide(3, 0, 5);  // signed operands extend by their top bit
  for (uint64_t a = 0; a < 8; ++a) CHECK(wide.run(wide.cell("$pos", true), a, 0) == (static_cast<uint64_t>(sext(a, 3)) & 31));
}

TEST_CASE("yosys_cells: multiplexers and a latch read as a ROM") {
  // $pmux: S one-hot picks a B slice (the first set bit wins), none picks A.
  std::vector<uint8_t> v(2 + 2 + 6 + 3 + 2, 0);
  v[frontend::kNet1] = 1;
  std::vector<uint32_t> a = {2, 3}, b = {4, 5, 6, 7, 8, 9}, s = {10, 11, 12}, y = {13, 14};
  SimCell pmux = frontend::compile_cell("$pmux", {}, {{"A", a}, {"B", b}, {"S", s}, {"Y", y}});
  auto set = [&](const std::vector<uint32_t>& nets, uint64_t value) {
    for (size_t i = 0; i < nets.size(); ++i) v[nets[i]] = (value >> i) & 1;
  };
  auto get = [&](const std::vector<uint32_t>& nets) {
    uint64_t r = 0;
    for (size_t i = 0; i < nets.size(); ++i) r |= static_cast<uint64_t>(v[nets[i]]) << i;
    return r;
  };
  set(a, 1);
  set(b, 0b11'10'01);  // slices 1, 2, 3
  for (uint64_t sel = 0; sel < 8; ++sel) {
    set(s, sel);
    frontend::simulate(pmux, v);
    uint64_t expected = sel == 0 ? 1 : (sel & 1) ? 1 : (sel & 2) ? 2 : 3;
    CHECK(get(y) == expected);
  }
  SimCell mux = frontend::compile_cell("$mux", {}, {{"A", a}, {"B", {4, 5}}, {"S", {10}}, {"Y", y}});
  set(s, 1);
  frontend::simulate(mux, v);
  CHECK(get(y) == 1);  // B = slice 1 = 0b01
  SimCell latch = frontend::compile_cell("$dlatch", {{"EN_POLARITY", "0"}}, {{"D", a}, {"EN", {10}}, {"Q", y}});
  set(a, 2);
  v[10] = 0;
  frontend::simulate(latch, v);
  CHECK(get(y) == 2);
  v[10] = 1;
  frontend::simulate(latch, v);
  CHECK(get(y) == 0);  // where the latch would hold, the ROM reads 0
}

TEST_CASE("yosys_cells: unsupported cells and malformed connections are rejected") {
  CHECK_FALSE(frontend::is_simulated_cell("$div"));
  CHECK(frontend::is_simulated_cell("$pmux"));
  CHECK_THROWS_AS(frontend::compile_cell("$div", {}, {{"Y", {2}}}), std::invalid_argument);
  CHECK_THROWS_AS(frontend::compile_cell("$mux", {}, {{"A", {2}}, {"B", {3, 4}}, {"S", {5}}, {"Y", {6}}}), std::invalid_argument);
  std::vector<uint32_t> wide(65, 2);
  CHECK_THROWS_AS(frontend::compile_cell("$add", {}, {{"A", wide}, {"B", wide}, {"Y", wide}}), std::invalid_argument);
}
