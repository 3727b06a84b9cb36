#include "tt/truth_table.hpp"

#include <bit>
#include <cassert>

namespace lutc::logic {
namespace {
void mask_tail(TruthTable& t) { t.words[0] &= t.num_vars >= 6 ? ~uint64_t{0} : word_mask(t.num_vars); }
}  // namespace

TruthTable const0(int num_vars) { return TruthTable(num_vars); }

TruthTable const1(int num_vars) {
  TruthTable t(num_vars);
  for (auto& w : t.words) w = ~uint64_t{0};
  mask_tail(t);
  return t;
}

TruthTable nth_var(int num_vars, int var) {
  TruthTable t(num_vars);
  if (var < 6) {
    for (auto& w : t.words) w = kVarWords[var];
  } else {
    size_t step = size_t{1} << (var - 6);
    for (size_t i = 0; i < t.words.size(); ++i)
      if ((i / step) & 1) t.words[i] = ~uint64_t{0};
  }
  mask_tail(t);
  return t;
}

#define LUTC_TT_BINOP(OP)                                                   \
  TruthTable operator OP(const TruthTable& a, const TruthTable& b) {        \
    assert(a.num_vars == b.num_vars);                                       \
    TruthTable r(a.num_vars);                                               \
    for (size_t i = 0; i < r.words.size(); ++i) r.words[i] = a.words[i] OP b.words[i]; \
    return r;                                                               \
  }
LUTC_TT_BINOP(&)
LUTC_TT_BINOP(|)
LUTC_TT_BINOP(^)
#undef LUTC_TT_BINOP

TruthTable operator~(const TruthTable& a) {
  TruthTable r(a.num_vars);
  for (size_t i = 0; i < r.words.size(); ++i) r.words[i] = ~a.words[i];
  mask_tail(r);
  return r;
}

uint64_t count_ones(const TruthTable& t) {
  uint64_t n = 0;
  for (auto w : t.words) n += static_cast<uint64_t>(std::popcount(w));
  return n;
}

bool is_const0(const TruthTable& t) {
  for (auto w : t.words)
    if (w) return false;
  return true;
}

bool equal_on(const TruthTable& a, const TruthTable& b, const TruthTable& care) {
  for (size_t i = 0; i < a.words.size(); ++i)
    if ((a.words[i] ^ b.words[i]) & care.words[i]) return false;
  return true;
}

TruthTable cofactor(const TruthTable& t, int var, bool value) {
  TruthTable r(t.num_vars);
  if (var < 6) {
    for (size_t i = 0; i < t.words.size(); ++i) r.words[i] = cofactor_word(t.words[i], var, value);
  } else {
    size_t step = size_t{1} << (var - 6);
    for (size_t i = 0; i < t.words.size(); ++i) {
      size_t src = value ? (i | step) : (i & ~step);
      r.words[i] = t.words[src];
    }
  }
  mask_tail(r);
  return r;
}

bool has_var(const TruthTable& t, int var) {
  if (var < 6) {
    int shift = 1 << var;
    uint64_t m = kVarWords[var];
    for (auto w : t.words)
      if (((w & m) >> shift) != (w & ~m & (m >> shift))) return true;
    return false;
  }
  size_t step = size_t{1} << (var - 6);
  for (size_t i = 0; i < t.words.size(); ++i)
    if (!(i & step) && t.words[i] != t.words[i | step]) return true;
  return false;
}

bool has_var_on(const TruthTable& t, const TruthTable& care, int var) {
  if (var < 6) {
    int shift = 1 << var;
    uint64_t m = kVarWords[var];
    for (size_t i = 0; i < t.words.size(); ++i) {
      uint64_t diff = (t.words[i] ^ (t.words[i] >> shift)) & (care.words[i] & (care.words[i] >> shift)) & (m >> shift);
      if (diff) return true;
    }
    return false;
  }
  size_t step = size_t{1} << (var - 6);
  for (size_t i = 0; i < t.words.size(); ++i)
    if (!(i & step) && ((t.words[i] ^ t.words[i | step]) & care.words[i] & care.words[i | step])) return true;
  return false;
}

std::string to_hex(const TruthTable& t) {
  static const char* digits = "0123456789abcdef";
  uint64_t nibbles = t.num_vars <= 2 ? 1 : (t.num_bits() / 4);
  std::string s;
  s.reserve(nibbles);
  for (uint64_t k = nibbles; k-- > 0;) {
    uint64_t bit = k * 4;
    s.push_back(digits[(t.words[bit >> 6] >> (bit & 63)) & 0xf]);
  }
  return s;
}

bool from_hex(TruthTable& t, const std::string& hex) {
  uint64_t nibbles = t.num_vars <= 2 ? 1 : (t.num_bits() / 4);
  if (hex.size() != nibbles) return false;
  for (auto& w : t.words) w = 0;
  for (uint64_t k = 0; k < nibbles; ++k) {
    char c = hex[nibbles - 1 - k];
    uint64_t v;
    if (c >= '0' && c <= '9') v = static_cast<uint64_t>(c - '0');
    else if (c >= 'a' && c <= 'f') v = static_cast<uint64_t>(c - 'a' + 10);
    else if (c >= 'A' && c <= 'F') v = static_cast<uint64_t>(c - 'A' + 10);
    else return false;
    uint64_t bit = k * 4;
    t.words[bit >> 6] |= v << (bit & 63);
  }
  uint64_t before = t.words[0];
  mask_tail(t);
  return before == t.words[0];
}

std::string to_binary(const TruthTable& t) {
  std::string s;
  s.reserve(t.num_bits());
  for (uint64_t m = t.num_bits(); m-- > 0;) s.push_back(t.get(m) ? '1' : '0');
  return s;
}

uint64_t to_init(const TruthTable& t) {
  assert(t.num_vars <= 6);
  return t.words[0] & word_mask(t.num_vars);
}

}  // namespace lutc::logic
