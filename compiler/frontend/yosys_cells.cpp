#include "frontend/yosys_cells.hpp"

#include <algorithm>
#include <stdexcept>

namespace lutc::frontend {

namespace detail {
namespace {

using Op = SimCell::Op;

const std::map<std::string, Op>& ops() {
  static const std::map<std::string, Op> table = {
      {"$not", Op::not_},         {"$pos", Op::pos},
      {"$neg", Op::neg},          {"$and", Op::and_},
      {"$or", Op::or_},           {"$xor", Op::xor_},
      {"$xnor", Op::xnor},        {"$reduce_and", Op::reduce_and},
      {"$reduce_or", Op::reduce_or}, {"$reduce_xor", Op::reduce_xor},
      {"$reduce_xnor", Op::reduce_xnor}, {"$reduce_bool", Op::reduce_bool},
      {"$logic_not", Op::logic_not}, {"$logic_and", Op::logic_and},
      {"$logic_or", Op::logic_or}, {"$eq", Op::eq},
      {"$eqx", Op::eq},           {"$ne", Op::ne},
      {"$nex", Op::ne},           {"$lt", Op::lt},
      {"$le", Op::le},            {"$gt", Op::gt},
      {"$ge", Op::ge},            {"$add", Op::add},
      {"$sub", Op::sub},          {"$mul", Op::mul},
      {"$shl", Op::shl},          {"$shr", Op::shr},
      {"$sshl", Op::sshl},        {"$sshr", Op::sshr},
      {"$shift", Op::shift},      {"$shiftx", Op::shiftx},
      {"$mux", Op::mux},          {"$pmux", Op::pmux},
      {"$bmux", Op::bmux},        {"$dlatch", Op::dlatch}};
  return table;
}

bool numeric(Op op) {
  return op == Op::neg || op == Op::lt || op == Op::le || op == Op::gt || op == Op::ge || op == Op::add ||
         op == Op::sub || op == Op::mul;
}

/// Bit `i` of `bits` extended (by its top bit when signed) beyond its width.
uint8_t ext(const std::vector<uint32_t>& bits, bool is_signed, size_t i, const std::vector<uint8_t>& v) {
  if (i < bits.size()) return v[bits[i]];
  return is_signed && !bits.empty() ? v[bits.back()] : 0;
}

/// The value of `bits` (at most 64) as a 64-bit integer, sign-extended when signed.
uint64_t word(const std::vector<uint32_t>& bits, bool is_signed, const std::vector<uint8_t>& v) {
  uint64_t w = 0;
  for (size_t i = 0; i < 64; ++i) w |= static_cast<uint64_t>(ext(bits, is_signed, i, v)) << i;
  return w;
}

void put(const std::vector<uint32_t>& y, uint64_t w, std::vector<uint8_t>& v) {
  for (size_t i = 0; i < y.size(); ++i) v[y[i]] = i < 64 ? static_cast<uint8_t>((w >> i) & 1) : 0;
}

bool any(const std::vector<uint32_t>& bits, const std::vector<uint8_t>& v) {
  return std::any_of(bits.begin(), bits.end(), [&](uint32_t b) { return v[b] != 0; });
}

}  // namespace
}  // namespace detail

bool is_simulated_cell(const std::string& type) { return detail::ops().count(type) > 0; }

SimCell compile_cell(const std::string& type, const std::map<std::string, std::string>& params,
                     const std::map<std::string, std::vector<uint32_t>>& conns) {
  auto it = detail::ops().find(type);
  if (it == detail::ops().end()) throw std::invalid_argument("cell type " + type + " is not supported");
  SimCell c;
  c.op = it->second;
  auto flag = [&](const char* name) {
    auto p = params.find(name);
    return p != params.end() && p->second.find('1') != std::string::npos;
  };
  auto port = [&](const char* name) {
    auto p = conns.find(name);
    return p == conns.end() ? std::vector<uint32_t>{} : p->second;
  };
  c.a_signed = flag("A_SIGNED");
  c.b_signed = flag("B_SIGNED");
  if (c.op == SimCell::Op::dlatch) {
    c.a = port("D");
    c.s = port("EN");
    c.y = port("Q");
    c.enable_polarity = flag("EN_POLARITY");
    if (c.s.size() != 1 || c.a.size() != c.y.size()) throw std::invalid_argument("malformed $dlatch");
    return c;
  }
  c.a = port("A");
  c.b = port("B");
  c.s = port("S");
  c.y = port("Y");
  if (c.y.empty()) throw std::invalid_argument("cell " + type + " has no output Y");
  if (detail::numeric(c.op) && (c.a.size() > 64 || c.b.size() > 64 || c.y.size() > 64))
    throw std::invalid_argument("arithmetic cell " + type + " wider than 64 bits is not supported");
  const size_t w = c.y.size();
  if ((c.op == SimCell::Op::mux && (c.a.size() != w || c.b.size() != w || c.s.size() != 1)) ||
      (c.op == SimCell::Op::pmux && (c.a.size() != w || c.b.size() != w * c.s.size())) ||
      (c.op == SimCell::Op::bmux && (c.s.size() > 24 || c.a.size() != w << c.s.size())))
    throw std::invalid_argument("malformed " + type);
  if ((c.op == SimCell::Op::shift || c.op == SimCell::Op::shiftx || c.op == SimCell::Op::shl || c.op == SimCell::Op::shr ||
       c.op == SimCell::Op::sshl || c.op == SimCell::Op::sshr) &&
      c.b.size() > 32)
    throw std::invalid_argument("shift amount wider than 32 bits");
  return c;
}

void simulate(const SimCell& c, std::vector<uint8_t>& v) {
  using detail::ext;
  using Op = SimCell::Op;
  const size_t w = c.y.size();
  const bool both_signed = c.a_signed && c.b_signed;
  switch (c.op) {
    case Op::not_:
    case Op::pos:
      for (size_t i = 0; i < w; ++i) v[c.y[i]] = static_cast<uint8_t>(ext(c.a, c.a_signed, i, v) ^ (c.op == Op::not_));
      return;
    case Op::and_:
    case Op::or_:
    case Op::xor_:
    case Op::xnor:
      for (size_t i = 0; i < w; ++i) {
        uint8_t a = ext(c.a, both_signed, i, v), b = ext(c.b, both_signed, i, v);
        v[c.y[i]] = c.op == Op::and_ ? (a & b) : c.op == Op::or_ ? (a | b) : c.op == Op::xor_ ? (a ^ b) : !(a ^ b);
      }
      return;
    case Op::reduce_and:
    case Op::reduce_or:
    case Op::reduce_xor:
    case Op::reduce_xnor:
    case Op::reduce_bool:
    case Op::logic_not: {
      uint8_t r = c.op == Op::reduce_and ? 1 : 0;
      for (uint32_t b : c.a) {
        if (c.op == Op::reduce_and) r &= v[b];
        else if (c.op == Op::reduce_xor || c.op == Op::reduce_xnor) r ^= v[b];
        else r |= v[b];
      }
      if (c.op == Op::reduce_xnor || c.op == Op::logic_not) r ^= 1;
      detail::put(c.y, r, v);
      return;
    }
    case Op::logic_and:
    case Op::logic_or: {
      bool a = detail::any(c.a, v), b = detail::any(c.b, v);
      detail::put(c.y, c.op == Op::logic_and ? (a && b) : (a || b), v);
      return;
    }
    case Op::eq:
    case Op::ne: {
      bool equal = true;
      for (size_t i = 0; i < std::max(c.a.size(), c.b.size()); ++i)
        equal &= ext(c.a, both_signed, i, v) == ext(c.b, both_signed, i, v);
      detail::put(c.y, equal == (c.op == Op::eq), v);
      return;
    }
    case Op::lt:
    case Op::le:
    case Op::gt:
    case Op::ge: {
      uint64_t a = detail::word(c.a, both_signed, v), b = detail::word(c.b, both_signed, v);
      bool less = both_signed ? static_cast<int64_t>(a) < static_cast<int64_t>(b) : a < b;
      bool r = c.op == Op::lt ? less : c.op == Op::le ? (less || a == b) : c.op == Op::gt ? !(less || a == b) : !less;
      detail::put(c.y, r, v);
      return;
    }
    case Op::neg:
    case Op::add:
    case Op::sub:
    case Op::mul: {
      uint64_t a = detail::word(c.a, c.op == Op::neg ? c.a_signed : both_signed, v);
      uint64_t b = detail::word(c.b, both_signed, v);
      uint64_t r = c.op == Op::neg ? 0 - a : c.op == Op::add ? a + b : c.op == Op::sub ? a - b : a * b;
      detail::put(c.y, r, v);
      return;
    }
    case Op::shl:
    case Op::sshl:
    case Op::shr:
    case Op::sshr: {
      // A is first extended to the wider of A and Y, then shifted by the unsigned amount B.
      const uint64_t amount = detail::word(c.b, false, v);
      const size_t width = std::max(c.a.size(), w);
      const bool left = c.op == Op::shl || c.op == Op::sshl;
      const uint8_t fill = c.op == Op::sshr && c.a_signed ? ext(c.a, true, width - 1, v) : 0;
      for (size_t i = 0; i < w; ++i) {
        uint8_t bit = 0;
        if (left) {
          bit = amount <= i ? ext(c.a, c.a_signed, i - amount, v) : 0;
        } else {
          bit = i + amount < width ? ext(c.a, c.a_signed, i + amount, v) : fill;
        }
        v[c.y[i]] = bit;
      }
      return;
    }
    case Op::shift:
    case Op::shiftx: {
      // Y = A >> B (B may be signed: negative shifts left); bits outside A read as 0 (x).
      const int64_t amount = static_cast<int64_t>(detail::word(c.b, c.b_signed, v));
      for (size_t i = 0; i < w; ++i) {
        int64_t src = static_cast<int64_t>(i) + amount;
        v[c.y[i]] = src >= 0 && src < static_cast<int64_t>(c.a.size()) ? v[c.a[static_cast<size_t>(src)]] : 0;
      }
      return;
    }
    case Op::mux: {
      const auto& from = v[c.s[0]] ? c.b : c.a;
      for (size_t i = 0; i < w; ++i) v[c.y[i]] = v[from[i]];
      return;
    }
    case Op::pmux: {
      // One-hot select; the first set bit wins (it is the first matching case item).
      size_t k = 0;
      while (k < c.s.size() && !v[c.s[k]]) ++k;
      for (size_t i = 0; i < w; ++i) v[c.y[i]] = k < c.s.size() ? v[c.b[k * w + i]] : v[c.a[i]];
      return;
    }
    case Op::bmux: {
      const uint64_t sel = detail::word(c.s, false, v);
      for (size_t i = 0; i < w; ++i) v[c.y[i]] = v[c.a[sel * w + i]];
      return;
    }
    case Op::dlatch: {
      // Read as a combinational ROM: where the latch would hold (nothing assigned), 0.
      const bool open = (v[c.s[0]] != 0) == c.enable_polarity;
      for (size_t i = 0; i < w; ++i) v[c.y[i]] = open ? v[c.a[i]] : 0;
      return;
    }
  }
}

}  // namespace lutc::frontend
