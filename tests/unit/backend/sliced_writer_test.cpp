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

/// Evaluates the expressions lut_expression writes (identifiers, the constants ZERO and ONES,
/// ~ & | ^ and parentheses; & | ^ never mixed without parentheses) on 64-bit words.
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
    size_t start = pos_;
    while (pos_ < s_.size() && (std::isalnum(static_cast<unsigned char>(s_[pos_])) || s_[pos_] == '_')) ++pos_;
    const std::string name = s_.substr(start, pos_ - start);
    if (name == kZeroPlane) return 0;
    if (name == kOnesPlane) return ~uint64_t{0};
    auto it = vars_.find(name);
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
  std::string e = detail::lut_expression(init, names, &ops);
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
  CHECK(detail::lut_expression(0x8, {"a", "b"}, &ops) == "(a & b)");
  CHECK(ops == 1);
  detail::lut_expression(0x6996966996696996, {"a", "b", "c", "d", "e", "f"}, &ops);
  CHECK(ops == 5);  // six-input parity: a chain of XORs
  CHECK(detail::lut_expression(0xAAAAAAAAAAAAAAAA, {"a", "b", "c", "d", "e", "f"}, &ops) == "a");
  CHECK(ops == 0);
}

TEST_CASE("lut_expression counts x86-64 instructions: andn is one, a repeated sub-expression once") {
  int ops = -1;
  // Rows r = a + 2b: ~a & b is row 2 alone, one andn.
  CHECK(detail::lut_expression(0x4, {"a", "b"}, &ops) == "(~a & b)");
  CHECK(ops == 1);
  detail::lut_expression(0xB, {"a", "b"}, &ops);  // a | ~b: a not and an or
  CHECK(ops == 2);
  detail::lut_expression(0x7, {"a", "b"}, &ops);  // ~(a & b)
  CHECK(ops == 2);
  // Over random 6-input functions the count never exceeds the operators written (an andn's ~
  // not counted), and is below it when a sub-expression is written twice.
  std::mt19937_64 rng(5);
  int shared = 0;
  for (int n = 0; n < 200; ++n) {
    const std::string e = detail::lut_expression(rng(), {"a", "b", "c", "d", "e", "f"}, &ops);
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

TEST_CASE("emit_sliced_cpp reads one plane per netlist input, writes one per output, and reuses state slots") {
  Netlist nl = testing::layered_netlist(3);
  sliced_stats st;
  sliced_params ps;
  ps.statements_per_function = 2;  // several functions and units even for a small netlist
  sliced_source src = emit_sliced_cpp(nl, ps, &st);
  REQUIRE(!src.units.empty());
  const std::string& entry = src.units[0];
  CHECK(entry.find("extern \"C\" void lutc_sliced_eval(const uint64_t* in_words, uint64_t* out_words)") != std::string::npos);
  CHECK(entry.find("vector_size(32)") != std::string::npos);  // 256 lanes
  CHECK(entry.find("  out[4] = in[9];") != std::string::npos);  // z[1] is input b[3]
  CHECK(entry.find("in[10]") == std::string::npos);
  CHECK(st.luts == nl.luts.num_luts());
  CHECK(st.lut_ops > 0);
  CHECK(st.units == src.units.size());
  CHECK(st.functions == (st.luts + 1) / 2);
  CHECK(st.slots > 0);
  CHECK(st.slots < st.luts);  // a layered netlist's first layers die before its last
  for (size_t u = 1; u < src.units.size(); ++u) CHECK(src.units[u].find("lutc_sliced_part") != std::string::npos);
  CHECK_THROWS_AS(emit_sliced_cpp(nl, sliced_params{96}), std::invalid_argument);
  CHECK_THROWS_AS(emit_sliced_cpp(nl, sliced_params{256, 0}), std::invalid_argument);
}
