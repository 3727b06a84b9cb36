#include "backend/sliced_writer.hpp"

#include <doctest/doctest.h>

#include <cctype>
#include <map>
#include <random>
#include <stdexcept>

#include "sample_netlists.hpp"

using namespace lutc;
using namespace lutc::backend;

namespace {

/// Evaluates the expressions lut_expression writes (identifiers, {64{1'b0}}, {64{1'b1}}, ~ & | ^
/// and parentheses; & | ^ never mixed without parentheses) on 64-bit words.
class ExprEval {
 public:
  ExprEval(const std::string& text, const std::map<std::string, uint64_t>& vars) : s_(text), vars_(vars) {}
  uint64_t run() {
    uint64_t v = binary();
    if (pos_ != s_.size()) throw std::runtime_error("trailing text at " + std::to_string(pos_) + " in " + s_);
    return v;
  }

 private:
  void skip() {
    while (pos_ < s_.size() && s_[pos_] == ' ') ++pos_;
  }
  uint64_t binary() {
    uint64_t v = unary();
    skip();
    while (pos_ < s_.size() && (s_[pos_] == '&' || s_[pos_] == '|' || s_[pos_] == '^')) {
      char op = s_[pos_++];
      uint64_t r = unary();
      v = op == '&' ? v & r : op == '|' ? v | r : v ^ r;
      skip();
    }
    return v;
  }
  uint64_t unary() {
    skip();
    if (s_[pos_] == '~') {
      ++pos_;
      return ~unary();
    }
    if (s_[pos_] == '(') {
      ++pos_;
      uint64_t v = binary();
      if (s_[pos_++] != ')') throw std::runtime_error("missing ) in " + s_);
      return v;
    }
    if (s_.compare(pos_, 10, "{64{1'b0}}") == 0) {
      pos_ += 10;
      return 0;
    }
    if (s_.compare(pos_, 10, "{64{1'b1}}") == 0) {
      pos_ += 10;
      return ~uint64_t{0};
    }
    size_t start = pos_;
    while (pos_ < s_.size() && (std::isalnum(static_cast<unsigned char>(s_[pos_])) || s_[pos_] == '_')) ++pos_;
    auto it = vars_.find(s_.substr(start, pos_ - start));
    if (it == vars_.end()) throw std::runtime_error("unknown operand at " + std::to_string(start) + " in " + s_);
    return it->second;
  }
  std::string s_;
  const std::map<std::string, uint64_t>& vars_;
  size_t pos_ = 0;
};

/// Checks the expression of `init` over k variables on all 2^k rows (lane r = row r).
void check_function(uint64_t init, int k) {
  std::vector<std::string> names;
  std::map<std::string, uint64_t> planes;
  for (int i = 0; i < k; ++i) {
    names.push_back("v" + std::to_string(i));
    uint64_t p = 0;
    for (int r = 0; r < 64; ++r)
      if ((r >> i) & 1) p |= uint64_t{1} << r;
    planes[names.back()] = p;
  }
  int ops = -1;
  std::string e = detail::lut_expression(init, names, 64, &ops);
  uint64_t got = ExprEval(e, planes).run();
  const int rows = 1 << k;
  for (int r = 0; r < 64; ++r) {
    const bool want = (init >> (r % rows)) & 1;  // rows beyond 2^k repeat (unused fanins)
    REQUIRE_MESSAGE(((got >> r) & 1) == want, "init " << init << " k " << k << " row " << r << ": " << e);
  }
  CHECK(ops >= 0);
}

}  // namespace

TEST_CASE("lut_expression computes the LUT's function on every row") {
  for (int k = 0; k <= 6; ++k) {
    const uint64_t rows_mask = k == 6 ? ~uint64_t{0} : (uint64_t{1} << (1 << k)) - 1;
    for (uint64_t init : {uint64_t{0}, ~uint64_t{0}, uint64_t{0xAAAAAAAAAAAAAAAA}, uint64_t{0x6996966996696996},
                          uint64_t{0x8000000000000000}, uint64_t{1}})
      check_function(init & rows_mask, k);
  }
  std::mt19937_64 rng(11);
  for (int n = 0; n < 3000; ++n) {
    const int k = static_cast<int>(rng() % 7);
    const uint64_t rows_mask = k == 6 ? ~uint64_t{0} : (uint64_t{1} << (1 << k)) - 1;
    uint64_t init = rng();
    if (n % 3 == 0) init &= rng() & rng();  // sparser functions exercise the AND/OR cases
    check_function(init & rows_mask, k);
  }
}

TEST_CASE("lut_expression is cheap for simple functions") {
  int ops = -1;
  CHECK(detail::lut_expression(0x8, {"a", "b"}, 64, &ops) == "(a & b)");
  CHECK(ops == 1);
  detail::lut_expression(0x6996966996696996, {"a", "b", "c", "d", "e", "f"}, 64, &ops);
  CHECK(ops == 5);  // six-input parity: a chain of XORs
  CHECK(detail::lut_expression(0xAAAAAAAAAAAAAAAA, {"a", "b", "c", "d", "e", "f"}, 64, &ops) == "a");
  CHECK(ops == 0);
}

TEST_CASE("lut_expression counts x86-64 instructions: andn is one, a repeated sub-expression once") {
  int ops = -1;
  // Rows r = a + 2b: ~a & b is row 2 alone, one andn.
  CHECK(detail::lut_expression(0x4, {"a", "b"}, 64, &ops) == "(~a & b)");
  CHECK(ops == 1);
  detail::lut_expression(0xB, {"a", "b"}, 64, &ops);  // a | ~b: a not and an or
  CHECK(ops == 2);
  detail::lut_expression(0x7, {"a", "b"}, 64, &ops);  // ~(a & b)
  CHECK(ops == 2);
  // Over random 6-input functions the count never exceeds the operators written (an andn's ~
  // not counted), and is below it when a sub-expression is written twice.
  std::mt19937_64 rng(5);
  int shared = 0;
  for (int n = 0; n < 200; ++n) {
    const std::string e = detail::lut_expression(rng(), {"a", "b", "c", "d", "e", "f"}, 64, &ops);
    int written = 0;
    for (size_t i = 0; i < e.size(); ++i) {
      if (e[i] == '&' || e[i] == '|' || e[i] == '^') ++written;
      const bool andn = e[i] == '~' && i > 0 && e[i - 1] == '(' && i + 3 < e.size() && e.compare(i + 2, 3, " & ") == 0;
      if (e[i] == '~' && !andn) ++written;
    }
    CHECK(ops <= written);
    if (ops < written) ++shared;
  }
  CHECK(shared > 0);
}

TEST_CASE("emit_sliced_verilog declares one plane port per netlist input and output bit") {
  Netlist nl = testing::layered_netlist(3);
  sliced_stats st;
  std::string v = emit_sliced_verilog(nl, sliced_params{64}, &st);
  CHECK(v.find("module lutc_sliced(") != std::string::npos);
  CHECK(v.find("input [63:0] i9,") != std::string::npos);
  CHECK(v.find("input [63:0] i10") == std::string::npos);
  CHECK(v.find("output [63:0] o4\n") != std::string::npos);
  CHECK(v.find("assign o4 = i9;") != std::string::npos);  // z[1] is input b[3]
  CHECK(st.luts == nl.luts.num_luts());
  CHECK(st.lut_ops > 0);
  CHECK_THROWS_AS(emit_sliced_verilog(nl, sliced_params{48}), std::invalid_argument);
}
