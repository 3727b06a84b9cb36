#include "logic/column_count.hpp"

#include <algorithm>
#include <bit>
#include <climits>
#include <cstring>
#include <numeric>

namespace lutc::logic::detail {

ColumnCounter::ColumnCounter(const Problem& p, bool full) : n_(p.n), full_(full) {
  at_.resize(static_cast<size_t>(n_));
  var_at_.resize(static_cast<size_t>(n_));
  std::iota(at_.begin(), at_.end(), 0);
  std::iota(var_at_.begin(), var_at_.end(), 0);
  for (size_t j = 0; j < p.on.size(); ++j) {
    val_.push_back(p.on[j].words);
    if (!full) {
      care_.push_back(p.care[j].words);
      for (size_t x = 0; x < val_[j].size(); ++x) val_[j][x] &= care_[j][x];
    }
  }
}

void ColumnCounter::arrange(const std::vector<int>& B) {
  // Positions a.. must hold exactly B (in any order): swap each B variable found below a with
  // a non-B variable found above.
  a_ = n_ - static_cast<int>(B.size());
  uint64_t in_b = 0;
  for (int v : B) in_b |= uint64_t{1} << v;
  size_t slot = static_cast<size_t>(a_);
  for (int v : B) {
    if (at_[v] >= a_) continue;
    while ((in_b >> var_at_[slot]) & 1) ++slot;
    const int p = at_[v], q = static_cast<int>(slot);
    for (auto& w : val_) swap_vars(w, p, q);
    for (auto& w : care_) swap_vars(w, p, q);
    const int u = var_at_[slot];
    var_at_[slot] = v, at_[v] = q;
    var_at_[static_cast<size_t>(p)] = u, at_[u] = p;
  }
}

int ColumnCounter::count(const std::vector<int>& B, int limit) {
  arrange(B);
  clashing_ = 0;
  if (full_) return clashing_ = count_full(limit);
  return count_with_dont_cares(B, limit);
}

namespace {

/// Column hash over `words` words in four independent lanes (no serial multiply chain).
inline uint64_t hash_lanes(const uint64_t* w, size_t words, uint64_t seed) {
  uint64_t h0 = seed, h1 = seed ^ 0x3c6ef372fe94f82bULL, h2 = seed ^ 0xa54ff53a5f1d36f1ULL, h3 = seed ^ 0x510e527fade682d1ULL;
  size_t x = 0;
  for (; x + 4 <= words; x += 4) {
    h0 = hash_step(h0, w[x]);
    h1 = hash_step(h1, w[x + 1]);
    h2 = hash_step(h2, w[x + 2]);
    h3 = hash_step(h3, w[x + 3]);
  }
  if (words < 4) {  // short columns: one chain
    for (; x < words; ++x) h0 = hash_step(h0, w[x]);
    return h0;
  }
  for (; x < words; ++x) h0 = hash_step(h0, w[x]);
  return hash_step(hash_step(hash_step(h0, h1), h2), h3);
}

/// Calls visit(key) for the first nb columns of fields of `field` bits (<= 64) of o outputs, in
/// column order; the key of a column holds output j's field at j * field. Stops when visit
/// returns true. O > 0: o == O (unrolled).
template <int O, class Visit>
inline void for_each_key(const uint64_t* const* src, size_t o, size_t words, size_t nb, int field, Visit&& visit) {
  const size_t oo = O > 0 ? static_cast<size_t>(O) : o;
  const uint64_t mask = field >= 64 ? ~uint64_t{0} : (uint64_t{1} << field) - 1;
  const size_t per_word = field >= 64 ? 1 : static_cast<size_t>(64 / field);
  const int step = field % 64;
  uint64_t ws[64];
  for (size_t x = 0, beta = 0; x < words; ++x) {
    for (size_t j = 0; j < oo; ++j) ws[j] = src[j][x];
    for (size_t f = 0; f < per_word && beta < nb; ++f, ++beta) {
      uint64_t key = 0;
      for (size_t j = 0; j < oo; ++j) {
        key |= (ws[j] & mask) << (static_cast<int>(j) * field);
        ws[j] >>= step;
      }
      if (visit(key)) return;
    }
  }
}

/// The same for fields of T's width (8, 16, 32 or 64 bits): each field is one load (x86 is
/// little-endian: field f of word x is element x * (64 / field) + f).
template <class T, int O, class Visit>
inline void for_each_key_typed(const uint64_t* const* src, size_t o, size_t nb, Visit&& visit) {
  const size_t oo = O > 0 ? static_cast<size_t>(O) : o;
  constexpr int field = 8 * sizeof(T);
  for (size_t beta = 0; beta < nb; ++beta) {
    uint64_t key = 0;
    for (size_t j = 0; j < oo; ++j) {
      T f;
      std::memcpy(&f, reinterpret_cast<const unsigned char*>(src[j]) + beta * sizeof(T), sizeof(T));
      key |= static_cast<uint64_t>(f) << (static_cast<int>(j) * field % 64);
    }
    if (visit(key)) return;
  }
}

template <class T, class Visit>
inline void for_each_key_typed_any(const uint64_t* const* src, size_t o, size_t nb, Visit&& visit) {
  switch (o) {
    case 1: for_each_key_typed<T, 1>(src, o, nb, visit); break;
    case 2: for_each_key_typed<T, 2>(src, o, nb, visit); break;
    case 4: for_each_key_typed<T, 4>(src, o, nb, visit); break;
    default: for_each_key_typed<T, 0>(src, o, nb, visit); break;
  }
}

template <class Visit>
inline void for_each_key_any(const uint64_t* const* src, size_t o, size_t words, size_t nb, int field, Visit&& visit) {
  if constexpr (std::endian::native == std::endian::little) {
    // Whole bytes per field, and the columns fill the tables' words (nb fields per output).
    if (field >= 8 && nb * static_cast<size_t>(field) <= words * 64) {
      switch (field) {
        case 8: for_each_key_typed_any<uint8_t>(src, o, nb, visit); return;
        case 16: for_each_key_typed_any<uint16_t>(src, o, nb, visit); return;
        case 32: for_each_key_typed_any<uint32_t>(src, o, nb, visit); return;
        case 64: for_each_key_typed_any<uint64_t>(src, o, nb, visit); return;
        default: break;
      }
    }
  }
  switch (o) {
    case 1: for_each_key<1>(src, o, words, nb, field, visit); break;
    case 2: for_each_key<2>(src, o, words, nb, field, visit); break;
    case 3: for_each_key<3>(src, o, words, nb, field, visit); break;
    case 4: for_each_key<4>(src, o, words, nb, field, visit); break;
    default: for_each_key<0>(src, o, words, nb, field, visit); break;
  }
}

}  // namespace

int ColumnCounter::count_small_keys(int limit) {
  // Columns of at most kMaxDirectBits bits (all outputs): a bit per possible column value, so
  // a column costs one extraction and one bit test; only the set bits are cleared afterwards.
  const size_t nb = size_t{1} << (n_ - a_);
  const size_t o = val_.size();
  const int field = 1 << a_;
  const int key_bits = static_cast<int>(o) * field;
  thread_local std::vector<uint64_t> seen;
  const size_t seen_words = size_t{1} << std::max(0, key_bits - 6);
  if (seen.size() < seen_words) seen.assign(seen_words, 0);
  uint64_t* const sw = seen.data();
  // At most limit + 1 keys (the visit past the limit stops the count) and at most nb.
  const size_t max_keys = std::min(nb, static_cast<size_t>(std::max(limit, 0)) + 1);
  if (touched_.size() < max_keys) touched_.resize(max_keys);
  uint64_t* const tk = touched_.data();
  size_t count = 0;
  const size_t lim = static_cast<size_t>(std::max(limit, 0));
  const size_t space = size_t{1} << key_bits;  // once every key value is seen, none is new
  auto visit = [&](uint64_t key) {  // true once past the limit
    uint64_t& w = sw[key >> 6];
    const uint64_t bit = uint64_t{1} << (key & 63);
    if (w & bit) return false;
    w |= bit;
    tk[count] = key;
    return ++count > lim || count == space;
  };
  const uint64_t* src[kMaxDirectBits];
  for (size_t j = 0; j < o; ++j) src[j] = val_[j].data();
  for_each_key_any(src, o, val_[0].size(), nb, field, visit);
  for (size_t i = 0; i < count; ++i) sw[tk[i] >> 6] = 0;
  return static_cast<int>(count);
}

int ColumnCounter::count_full(int limit) {
  const size_t nb = size_t{1} << (n_ - a_);
  const size_t o = val_.size();
  if (a_ < 6 && (static_cast<int>(o) << a_) <= kMaxDirectBits) return count_small_keys(limit);
  if (a_ > 6 || (a_ == 6 && o > 1)) return count_long(limit);
  // Distinct columns in an open-addressing set sized for limit + 1 entries. A column of all
  // outputs that fits in 64 bits is its own key (exact; the zero column is tracked apart);
  // longer columns are hashed (64 bits).
  const size_t entries = std::min(nb, static_cast<size_t>(limit) + 1);
  size_t cap = 1;
  while (cap < 2 * entries) cap <<= 1;
  set_.assign(cap, 0);
  int count = 0;
  bool zero_seen = false;
  uint64_t* const sd = set_.data();
  const size_t slots = cap - 1;
  auto insert = [&](uint64_t key, uint64_t h) {  // h spreads the slots
    if (key == 0) {
      if (zero_seen) return false;
      return zero_seen = true;
    }
    size_t i = (h >> 17) & slots;
    while (sd[i] != 0 && sd[i] != key) i = (i + 1) & slots;
    if (sd[i] != 0) return false;
    sd[i] = key;
    return true;
  };
  if (a_ <= 6 && (o << a_) <= 64) {
    // Exact keys: one multiply spreads them (Fibonacci hashing; the top bits pick the slot).
    const int field = 1 << a_;
    const int shift = 64 - std::countr_zero(cap);
    auto slot_hash = [&](uint64_t key) { return shift >= 64 ? 0 : ((key * 0x9e3779b97f4a7c15ULL) >> shift) << 17; };
    const uint64_t* src[64];
    for (size_t j = 0; j < o; ++j) src[j] = val_[j].data();
    // Once every key value is seen (short keys), no column is new.
    const int key_bits = static_cast<int>(o) * field;
    const int space = key_bits < 31 ? 1 << key_bits : INT_MAX;
    for_each_key_any(src, o, val_[0].size(), nb, field,
                     [&](uint64_t key) { return insert(key, slot_hash(key)) && (++count > limit || count == space); });
    return count;
  }
  const uint64_t mask = word_mask(a_);
  for (size_t beta = 0; beta < nb; ++beta) {
    uint64_t h = kHashSeed;
    const size_t bit = beta << a_;
    for (const auto& w : val_) h = hash_step(h, (w[bit >> 6] >> (bit & 63)) & mask);
    h |= 1;  // never the zero column's key
    if (insert(h, h) && ++count > limit) return count;
  }
  return count;
}

int ColumnCounter::count_long(int limit) {
  // Columns of whole words. A hash of a few words spread over each column picks its slot;
  // a column is compared word by word only with the columns of equal samples (distinct
  // samples: distinct columns), so a column is read in full only when it looks like one seen.
  const size_t nb = size_t{1} << (n_ - a_);
  const size_t words = size_t{1} << (a_ - 6);
  const size_t o = val_.size();
  const size_t samples = std::min<size_t>(words, 8), step = words / samples;
  const size_t entries = std::min(nb, static_cast<size_t>(limit) + 1);
  size_t cap = 1;
  while (cap < 2 * entries) cap <<= 1;
  set_.assign(cap, 0);
  if (rep_.size() < cap) rep_.resize(cap);
  uint64_t* const sd = set_.data();
  uint32_t* const rp = rep_.data();
  const size_t slots = cap - 1;
  src_.resize(o);  // local pointers: no reload through val_ per word
  for (size_t j = 0; j < o; ++j) src_[j] = val_[j].data();
  const uint64_t* const* const src = src_.data();
  auto same = [&](size_t x, size_t y) {
    for (size_t j = 0; j < o; ++j) {
      const uint64_t *cx = src[j] + x * words, *cy = src[j] + y * words;
      if (words <= 4) {
        for (size_t k = 0; k < words; ++k)
          if (cx[k] != cy[k]) return false;
      } else if (!std::equal(cx, cx + words, cy)) {
        return false;
      }
    }
    return true;
  };
  int count = 0;
  for (size_t beta = 0; beta < nb; ++beta) {
    // A multiply-add chain spreads the samples (equal samples are compared in full anyway).
    uint64_t h = kHashSeed;
    const size_t at = beta * words;
    if (words == 1) {
      for (size_t j = 0; j < o; ++j) h = (h + src[j][at]) * 0xff51afd7ed558ccdULL;
    } else {
      for (size_t j = 0; j < o; ++j)
        for (size_t k = 0; k < samples; ++k) h = (h + src[j][at + k * step]) * 0xff51afd7ed558ccdULL;
    }
    h = (h ^ (h >> 29)) | 1;
    size_t i = (h >> 17) & slots;
    bool seen = false;
    for (; sd[i] != 0; i = (i + 1) & slots)
      if (sd[i] == h && same(beta, rp[i])) {
        seen = true;
        break;
      }
    if (seen) continue;
    sd[i] = h;
    rp[i] = static_cast<uint32_t>(beta);
    if (++count > limit) return count;
  }
  return count;
}

int ColumnCounter::count_with_dont_cares(const std::vector<int>& B, int limit) {
  // The greedy partition depends on the order of the columns, so they are laid out in the
  // order gather gives them: bit i of beta is variable B[i] (B sorted).
  const size_t nb = size_t{1} << (n_ - a_);
  map_columns(B, nb, 0);
  return count_mapped(nb, limit);
}

int ColumnCounter::count_slice(const std::vector<int>& B, int v, int value, int limit) {
  arrange(B);
  std::vector<int>& Bp = slice_bound_;
  Bp.clear();
  for (int u : B)
    if (u != v) Bp.push_back(u);
  const size_t nb = size_t{1} << Bp.size();
  map_columns(Bp, nb, value ? uint32_t{1} << (at_[v] - a_) : 0);
  return count_mapped(nb, limit);
}

void ColumnCounter::map_columns(const std::vector<int>& B, size_t nb, uint32_t fixed) {
  // table_beta_[beta]: the column's index in the permuted tables.
  table_beta_.resize(nb);  // every entry is set below (beta from beta & (beta - 1) < beta)
  table_beta_[0] = fixed;
  thread_local std::vector<uint32_t> bit_of;
  bit_of.resize(B.size());
  for (size_t i = 0; i < B.size(); ++i) bit_of[i] = uint32_t{1} << (at_[B[i]] - a_);
  for (size_t beta = 1; beta < nb; ++beta)
    table_beta_[beta] = table_beta_[beta & (beta - 1)] | bit_of[static_cast<size_t>(std::countr_zero(beta))];
}

bool ColumnCounter::past_limit(size_t nb, int limit) {
  // Columns that pairwise differ where both care each need a class of their own in any
  // partition (a class's merged column agrees with every member where it cares), the greedy
  // one included: limit + 1 of them, found in one pass in column order, settle the count.
  const size_t words = a_ >= 6 ? size_t{1} << (a_ - 6) : 1;
  const size_t o = val_.size(), st = o * words;
  const uint64_t mask = word_mask(a_);
  const size_t need = static_cast<size_t>(limit) + 1;
  witness_.resize(2 * (need + 1) * st);
  uint64_t* const wv = witness_.data();
  uint64_t* const wc = wv + (need + 1) * st;
  size_t found = 0;
  for (size_t beta = 0; beta < nb && found + (nb - beta) >= need; ++beta) {
    // The column goes to the next free witness slot (kept only when it clashes with all).
    const size_t t = table_beta_[beta];
    uint64_t* v = wv + found * st;
    uint64_t* c = wc + found * st;
    uint64_t any = 0;
    for (size_t j = 0; j < o; ++j) {
      if (a_ >= 6) {
        std::copy_n(val_[j].data() + t * words, words, v + j * words);
        std::copy_n(care_[j].data() + t * words, words, c + j * words);
      } else {
        const size_t bit = t << a_;
        v[j] = (val_[j][bit >> 6] >> (bit & 63)) & mask;
        c[j] = (care_[j][bit >> 6] >> (bit & 63)) & mask;
      }
    }
    for (size_t w = 0; w < st; ++w) any |= c[w];
    if (!any) continue;
    bool clash_all = true;
    if (st == 1) {
      const uint64_t v0 = v[0], c0 = c[0];
      for (size_t k = 0; k < found; ++k)
        if (!((v0 ^ wv[k]) & c0 & wc[k])) { clash_all = false; break; }
    } else {
      for (size_t k = 0; k < found && clash_all; ++k) {
        const uint64_t* kv = wv + k * st;
        const uint64_t* kc = wc + k * st;
        bool clash = false;
        for (size_t w = 0; w < st && !clash; ++w) clash = ((v[w] ^ kv[w]) & c[w] & kc[w]) != 0;
        clash_all = clash;
      }
    }
    if (clash_all && ++found >= need) break;
  }
  clashing_ = static_cast<int>(found);
  return found >= need;
}

int ColumnCounter::count_mapped(size_t nb, int limit) {
  const size_t words = a_ >= 6 ? size_t{1} << (a_ - 6) : 1;
  const size_t o = val_.size(), st = o * words;
  const uint64_t mask = word_mask(a_);
  if (full_) {  // distinct columns (classify's count: hashed)
    size_t cap = 1;
    while (cap < 2 * std::min(nb, static_cast<size_t>(limit) + 1)) cap <<= 1;
    set_.assign(cap, 0);
    int count = 0;
    for (size_t beta = 0; beta < nb; ++beta) {
      const size_t t = table_beta_[beta];
      uint64_t h = kHashSeed;
      for (const auto& w : val_) {
        if (a_ >= 6) {
          h = hash_lanes(w.data() + t * words, words, h);
        } else {
          const size_t bit = t << a_;
          h = hash_step(h, (w[bit >> 6] >> (bit & 63)) & mask);
        }
      }
      h |= 1;
      size_t i = (h >> 17) & (cap - 1);
      while (set_[i] != 0 && set_[i] != h) i = (i + 1) & (cap - 1);
      if (set_[i] != 0) continue;
      set_[i] = h;
      if (++count > limit) return count;
    }
    return count;
  }
  if (limit < kMaxWitnesses && past_limit(nb, limit)) {
    ++witnessed_;
    return limit + 1;
  }
  if (o == 1 && a_ >= 6) {  // the permuted table's columns are whole words: read in place
    partition_compatible(val_[0].data(), care_[0].data(), nb, st, limit, false, classes_, table_beta_.data());
    return classes_.count;
  }
  cols_.resize(nb * st);
  col_care_.resize(nb * st);
  // Local pointers: the stores below cannot be taken for writes to the tables.
  const uint64_t* sv[64];
  const uint64_t* sc[64];
  const size_t oo = std::min<size_t>(o, 64);
  for (size_t j = 0; j < oo; ++j) sv[j] = val_[j].data(), sc[j] = care_[j].data();
  uint64_t* const cv = cols_.data();
  uint64_t* const cc = col_care_.data();
  const uint32_t* const tb = table_beta_.data();
  if (o <= 64 && a_ < 6) {
    for (size_t beta = 0; beta < nb; ++beta) {
      const size_t bit = static_cast<size_t>(tb[beta]) << a_;
      const size_t x = bit >> 6;
      const int sh = static_cast<int>(bit & 63);
      uint64_t* dv = cv + beta * st;
      uint64_t* dc = cc + beta * st;
      for (size_t j = 0; j < o; ++j) {
        dv[j] = (sv[j][x] >> sh) & mask;
        dc[j] = (sc[j][x] >> sh) & mask;
      }
    }
  } else if (o <= 64) {
    for (size_t beta = 0; beta < nb; ++beta) {
      const size_t t = tb[beta];
      uint64_t* dv = cv + beta * st;
      uint64_t* dc = cc + beta * st;
      for (size_t j = 0; j < o; ++j) {
        std::copy_n(sv[j] + t * words, words, dv + j * words);
        std::copy_n(sc[j] + t * words, words, dc + j * words);
      }
    }
  } else {
    for (size_t beta = 0; beta < nb; ++beta) {
      const size_t t = table_beta_[beta];
      uint64_t* dv = cols_.data() + beta * st;
      uint64_t* dc = col_care_.data() + beta * st;
      for (size_t j = 0; j < o; ++j) {
        if (a_ >= 6) {
          std::copy_n(val_[j].data() + t * words, words, dv + j * words);
          std::copy_n(care_[j].data() + t * words, words, dc + j * words);
        } else {
          const size_t bit = t << a_;
          dv[j] = (val_[j][bit >> 6] >> (bit & 63)) & mask;
          dc[j] = (care_[j][bit >> 6] >> (bit & 63)) & mask;
        }
      }
    }
  }
  partition_compatible(cols_.data(), col_care_.data(), nb, st, limit, false, classes_);
  return classes_.count;
}

}  // namespace lutc::logic::detail
