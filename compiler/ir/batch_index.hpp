#pragma once
// BatchModel's index kernels (batch_model.cpp's only; not a public interface): a table's index
// for a batch of vectors, built from its operand slices' codes (one code array per slot).
#include <cstddef>
#include <cstdint>
#include <cstring>

#if defined(__x86_64__) && defined(__GNUC__)
#include <immintrin.h>
#endif

namespace lutc::ir::detail {

/// Bits [lo, lo + width) of the node in slot `slot`, at `shift` in a table index.
struct many_slice {
  uint32_t slot = 0;
  uint32_t lo = 0;
  uint64_t mask = 0;  // low_mask(width)
  uint32_t shift = 0;
};

#if defined(__GNUC__)
/// 16 lanes of X in a GCC vector type.
template <class X> struct vector16 {
  typedef X type __attribute__((vector_size(16 * sizeof(X))));
};
#endif

/// idx[v] = the table index of vector v: its operand slices concatenated (`N` operands). With
/// `Whole`, every slice is a whole operand node (lo 0, its width): no shifts down, no masks.
template <class T, class I, size_t N, bool Whole>
[[gnu::always_inline]] inline void build_index_n(const T* value, size_t stride, const many_slice* ops, size_t n, I* idx) {
  const T* a[N];
  uint32_t lo[N], shift[N];
  I m[N];
  for (size_t o = 0; o < N; ++o) {
    a[o] = value + ops[o].slot * stride;
    lo[o] = ops[o].lo;
    shift[o] = ops[o].shift;
    m[o] = static_cast<I>(ops[o].mask);
  }
  size_t v = 0;
#if defined(__GNUC__)
  // 16 vectors at a time in GCC vector types: the shifts stay in the index's lane width (the
  // plain loop's integer promotion makes the vectorizer shift 32-bit lanes).
  using codes16 = typename vector16<T>::type;
  using index16 = typename vector16<I>::type;
  for (; v + 16 <= n; v += 16) {
    index16 x = {};
    for (size_t o = 0; o < N; ++o) {
      codes16 c;
      std::memcpy(&c, a[o] + v, sizeof c);
      index16 w = __builtin_convertvector(c, index16);
      if constexpr (!Whole) w = (w >> static_cast<I>(lo[o])) & m[o];
      x |= w << static_cast<I>(shift[o]);
    }
    std::memcpy(idx + v, &x, sizeof x);
  }
#endif
  for (; v < n; ++v) {
    I x = 0;
    for (size_t o = 0; o < N; ++o) {
      I c = static_cast<I>(a[o][v]);
      if constexpr (!Whole) c = static_cast<I>(static_cast<I>(c >> lo[o]) & m[o]);
      x = static_cast<I>(x | static_cast<I>(c << shift[o]));
    }
    idx[v] = x;
  }
}

template <class T, class I>
[[gnu::always_inline]] inline void build_index(const T* value, size_t stride, const many_slice* ops, size_t nops, bool whole, size_t n,
                                               I* idx) {
  if (sizeof(T) <= sizeof(I)) {  // wider codes (always sliced) take the generic loop below
    switch (nops * 2 + whole) {
      case 2: return build_index_n<T, I, 1, false>(value, stride, ops, n, idx);
      case 3: return build_index_n<T, I, 1, true>(value, stride, ops, n, idx);
      case 4: return build_index_n<T, I, 2, false>(value, stride, ops, n, idx);
      case 5: return build_index_n<T, I, 2, true>(value, stride, ops, n, idx);
      case 6: return build_index_n<T, I, 3, false>(value, stride, ops, n, idx);
      case 7: return build_index_n<T, I, 3, true>(value, stride, ops, n, idx);
      case 8: return build_index_n<T, I, 4, false>(value, stride, ops, n, idx);
      case 9: return build_index_n<T, I, 4, true>(value, stride, ops, n, idx);
      case 10: return build_index_n<T, I, 5, false>(value, stride, ops, n, idx);
      case 11: return build_index_n<T, I, 5, true>(value, stride, ops, n, idx);
      case 12: return build_index_n<T, I, 6, false>(value, stride, ops, n, idx);
      case 13: return build_index_n<T, I, 6, true>(value, stride, ops, n, idx);
      default: break;
    }
  }
  for (size_t v = 0; v < n; ++v) idx[v] = 0;
  for (size_t o = 0; o < nops; ++o) {
    const T* a = value + ops[o].slot * stride;
    const uint32_t lo = ops[o].lo, shift = ops[o].shift;
    const T m = static_cast<T>(ops[o].mask);
    for (size_t v = 0; v < n; ++v) idx[v] |= static_cast<I>(static_cast<I>(static_cast<T>(a[v] >> lo) & m) << shift);
  }
}

#if defined(__x86_64__) && defined(__GNUC__)
/// build_index for byte codes and 16-bit indices with AVX2: 16 vectors per step, each operand
/// zero-extended straight from memory (the GCC vector path converts halves and joins them).
template <size_t N, bool Whole>
__attribute__((target("avx2"))) inline void build_index_u8_avx2_n(const uint8_t* value, size_t stride, const many_slice* ops, size_t n,
                                                                  uint16_t* idx) {
  const uint8_t* a[N];
  __m128i lo[N], sh[N];
  __m256i m[N];
  for (size_t o = 0; o < N; ++o) {
    a[o] = value + ops[o].slot * stride;
    lo[o] = _mm_cvtsi32_si128(static_cast<int>(ops[o].lo));
    sh[o] = _mm_cvtsi32_si128(static_cast<int>(ops[o].shift));
    m[o] = _mm256_set1_epi16(static_cast<short>(ops[o].mask));
  }
  for (size_t v = 0; v + 16 <= n; v += 16) {
    __m256i x = _mm256_setzero_si256();
    for (size_t o = 0; o < N; ++o) {
      __m256i c = _mm256_cvtepu8_epi16(_mm_loadu_si128(reinterpret_cast<const __m128i*>(a[o] + v)));
      if constexpr (!Whole) c = _mm256_and_si256(_mm256_srl_epi16(c, lo[o]), m[o]);
      x = _mm256_or_si256(x, _mm256_sll_epi16(c, sh[o]));
    }
    _mm256_storeu_si256(reinterpret_cast<__m256i*>(idx + v), x);
  }
}

__attribute__((target("avx2"))) inline void build_index_u8_avx2(const uint8_t* value, size_t stride, const many_slice* ops, size_t nops,
                                                                bool whole, size_t n, uint16_t* idx) {
  switch (nops * 2 + whole) {
    case 2: build_index_u8_avx2_n<1, false>(value, stride, ops, n, idx); break;
    case 3: build_index_u8_avx2_n<1, true>(value, stride, ops, n, idx); break;
    case 4: build_index_u8_avx2_n<2, false>(value, stride, ops, n, idx); break;
    case 5: build_index_u8_avx2_n<2, true>(value, stride, ops, n, idx); break;
    case 6: build_index_u8_avx2_n<3, false>(value, stride, ops, n, idx); break;
    case 7: build_index_u8_avx2_n<3, true>(value, stride, ops, n, idx); break;
    case 8: build_index_u8_avx2_n<4, false>(value, stride, ops, n, idx); break;
    case 9: build_index_u8_avx2_n<4, true>(value, stride, ops, n, idx); break;
    default: return build_index<uint8_t, uint16_t>(value, stride, ops, nops, whole, n, idx);
  }
  size_t v = n / 16 * 16;
  for (; v < n; ++v) {
    uint16_t x = 0;
    for (size_t o = 0; o < nops; ++o)
      x = static_cast<uint16_t>(x | (((value[ops[o].slot * stride + v] >> ops[o].lo) & ops[o].mask) << ops[o].shift));
    idx[v] = x;
  }
}
#endif

}  // namespace lutc::ir::detail
