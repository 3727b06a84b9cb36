#pragma once
// Dynamic truth tables (kitty style): a function of `num_vars` Boolean variables stored as
// 2^num_vars bits; bit `m` is the value at minterm m, where variable i is bit i of m.
#include <cstdint>
#include <string>
#include <vector>

namespace lutc::logic {

struct TruthTable {
  int num_vars = 0;
  std::vector<uint64_t> words;  // ceil(2^num_vars / 64) words; unused high bits stay 0

  TruthTable() : words(1, 0) {}
  explicit TruthTable(int vars) : num_vars(vars), words(vars <= 6 ? 1 : (size_t{1} << (vars - 6)), 0) {}

  uint64_t num_bits() const { return uint64_t{1} << num_vars; }
  bool get(uint64_t m) const { return (words[m >> 6] >> (m & 63)) & 1; }
  void set(uint64_t m, bool v) {
    if (v) words[m >> 6] |= uint64_t{1} << (m & 63);
    else words[m >> 6] &= ~(uint64_t{1} << (m & 63));
  }
  bool operator==(const TruthTable& o) const { return num_vars == o.num_vars && words == o.words; }
};

/// Mask of the valid bits in the (single) word of a table with fewer than 6 variables.
inline uint64_t word_mask(int num_vars) { return num_vars >= 6 ? ~uint64_t{0} : (uint64_t{1} << (1u << num_vars)) - 1; }

/// Variable v's pattern within one 64-bit word (v < 6): bit m is bit v of m.
inline constexpr uint64_t kVarWords[6] = {0xAAAAAAAAAAAAAAAAULL, 0xCCCCCCCCCCCCCCCCULL, 0xF0F0F0F0F0F0F0F0ULL,
                                          0xFF00FF00FF00FF00ULL, 0xFFFF0000FFFF0000ULL, 0xFFFFFFFF00000000ULL};

/// Cofactor of one 64-bit word (a function of up to 6 variables) in variable v < 6: the word with
/// v fixed to `value`, so the result no longer depends on v.
inline uint64_t cofactor_word(uint64_t w, int v, bool value) {
  const int shift = 1 << v;
  const uint64_t half = value ? (w & kVarWords[v]) : (w & ~kVarWords[v]);
  return value ? (half | (half >> shift)) : (half | (half << shift));
}

/// The constant-0 function of `num_vars` variables.
TruthTable const0(int num_vars);
/// The constant-1 function of `num_vars` variables.
TruthTable const1(int num_vars);
/// The projection function x_var.
TruthTable nth_var(int num_vars, int var);

/// Bitwise operations (operands must have equal num_vars).
TruthTable operator&(const TruthTable& a, const TruthTable& b);
TruthTable operator|(const TruthTable& a, const TruthTable& b);
TruthTable operator^(const TruthTable& a, const TruthTable& b);
TruthTable operator~(const TruthTable& a);

/// Number of minterms where the function is 1.
uint64_t count_ones(const TruthTable& t);
/// True if the function is constant 0.
bool is_const0(const TruthTable& t);
/// True if `(a ^ b) & care` is empty, i.e. a and b agree on the care set.
bool equal_on(const TruthTable& a, const TruthTable& b, const TruthTable& care);

/// Cofactor with x_var fixed to `value`, keeping the variable count (result independent of x_var).
TruthTable cofactor(const TruthTable& t, int var, bool value);
/// True if the function depends on x_var.
bool has_var(const TruthTable& t, int var);
/// True if every function that agrees with t on the care set depends on x_var: two care minterms
/// differing only in x_var disagree (false: x_var can be removed on the care set).
bool has_var_on(const TruthTable& t, const TruthTable& care, int var);

/// Hex string, most significant nibble first (as kitty::to_hex); at least one digit.
std::string to_hex(const TruthTable& t);
/// Parses a hex string of exactly ceil(2^num_vars/4) digits; returns false on a bad digit or length.
bool from_hex(TruthTable& t, const std::string& hex);
/// Binary string, most significant minterm first (IWLS .truth line).
std::string to_binary(const TruthTable& t);

/// A 64-bit LUT INIT value from a table of at most 6 variables (bit m = value at minterm m).
uint64_t to_init(const TruthTable& t);

}  // namespace lutc::logic
