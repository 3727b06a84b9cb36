#include "verify/vectors.hpp"

#include <algorithm>
#include <cstdio>
#include <stdexcept>

#if defined(__x86_64__) && defined(__GNUC__)
#include <immintrin.h>
#define LUTC_VECTORS_AVX2 1
#endif

namespace lutc::verify {

namespace detail {

uint64_t width_mask(int width) { return width >= 64 ? ~uint64_t{0} : (uint64_t{1} << width) - 1; }

std::string hex(uint64_t v) {
  char buf[24];
  std::snprintf(buf, sizeof buf, "0x%llx", static_cast<unsigned long long>(v));
  return buf;
}

// splitmix64's increment and its two multipliers (the scalar step and the AVX2 lanes share them).
constexpr uint64_t kGolden = 0x9e3779b97f4a7c15ULL, kMix1 = 0xbf58476d1ce4e5b9ULL, kMix2 = 0x94d049bb133111ebULL;

#ifdef LUTC_VECTORS_AVX2
/// The low 64 bits of a * b in each lane (AVX2 has no 64-bit multiply: three 32-bit ones).
__attribute__((target("avx2"))) inline __m256i mul64(__m256i a, uint64_t b) {
  const __m256i lo = _mm256_set1_epi64x(static_cast<int64_t>(b & 0xffffffffu));
  const __m256i hi = _mm256_set1_epi64x(static_cast<int64_t>(b >> 32));
  const __m256i cross = _mm256_add_epi64(_mm256_mul_epu32(_mm256_srli_epi64(a, 32), lo), _mm256_mul_epu32(a, hi));
  return _mm256_add_epi64(_mm256_mul_epu32(a, lo), _mm256_slli_epi64(cross, 32));
}

/// splitmix64's output for the state after its increment, in each lane.
__attribute__((target("avx2"))) inline __m256i splitmix64_mix(__m256i z) {
  z = mul64(_mm256_xor_si256(z, _mm256_srli_epi64(z, 30)), kMix1);
  z = mul64(_mm256_xor_si256(z, _mm256_srli_epi64(z, 27)), kMix2);
  return _mm256_xor_si256(z, _mm256_srli_epi64(z, 31));
}

/// The records (one or two words) of `count` consecutive random vectors whose codes fit in 64
/// bits, four vectors in the four lanes at a time; `state` is the first one's stream_state.
/// Returns how many it wrote (count rounded down to a multiple of 4): the same bits as the
/// scalar loop in VectorSet::records, 2-3x fewer instructions per vector.
__attribute__((target("avx2"))) uint64_t random_records64_avx2(uint64_t state, const std::vector<uint64_t>& masks,
                                                               const std::vector<unsigned>& shifts, uint64_t count,
                                                               size_t words, uint32_t* out) {
  const size_t ports = masks.size();
  const uint64_t step = ports * kGolden;  // from one vector's state to the next one's
  __m256i base = _mm256_setr_epi64x(static_cast<int64_t>(state), static_cast<int64_t>(state + step),
                                    static_cast<int64_t>(state + 2 * step), static_cast<int64_t>(state + 3 * step));
  const __m256i advance = _mm256_set1_epi64x(static_cast<int64_t>(4 * step));
  const __m256i low_words = _mm256_setr_epi32(0, 2, 4, 6, 0, 2, 4, 6);
  uint64_t v = 0;
  for (; v + 4 <= count; v += 4) {
    __m256i acc = _mm256_setzero_si256();
    for (size_t p = 0; p < ports; ++p) {
      const __m256i z = _mm256_add_epi64(base, _mm256_set1_epi64x(static_cast<int64_t>((p + 1) * kGolden)));
      const __m256i code = _mm256_and_si256(splitmix64_mix(z), _mm256_set1_epi64x(static_cast<int64_t>(masks[p])));
      acc = _mm256_or_si256(acc, _mm256_sll_epi64(code, _mm_cvtsi32_si128(static_cast<int>(shifts[p]))));
    }
    if (words == 2) {
      _mm256_storeu_si256(reinterpret_cast<__m256i*>(out + v * 2), acc);
    } else {
      _mm_storeu_si128(reinterpret_cast<__m128i*>(out + v), _mm256_castsi256_si128(_mm256_permutevar8x32_epi32(acc, low_words)));
    }
    base = _mm256_add_epi64(base, advance);
  }
  return v;
}

bool has_avx2() {
  static const bool yes = __builtin_cpu_supports("avx2");
  return yes;
}
#endif

}  // namespace detail

uint64_t splitmix64(uint64_t& state) {
  uint64_t z = (state += detail::kGolden);
  z = (z ^ (z >> 30)) * detail::kMix1;
  z = (z ^ (z >> 27)) * detail::kMix2;
  return z ^ (z >> 31);
}

VectorSet::VectorSet(std::vector<int> port_widths, const vector_params& ps)
    : widths_(std::move(port_widths)), seed_(ps.seed) {
  int total = 0;
  for (int w : widths_) {
    if (w < 0 || w > 64) throw std::invalid_argument("VectorSet: port width out of range");
    total += w;
  }
  // Beyond 2^40 vectors exhaustive simulation is out of reach anyway; the clamp keeps shifts defined.
  int limit = std::clamp(ps.exhaustive_limit_bits, 0, 40);
  exhaustive_ = total <= limit;
  generated_ = exhaustive_ ? uint64_t{1} << total : ps.random_vectors;
}

void VectorSet::add_samples(const std::vector<std::vector<uint64_t>>& samples, const std::string& source,
                            const std::vector<int>& lines) {
  sources_.emplace_back(samples_.size(), source);
  for (size_t i = 0; i < samples.size(); ++i) {
    const auto& s = samples[i];
    if (s.size() != widths_.size())
      throw std::invalid_argument("VectorSet: sample from " + source + " has " + std::to_string(s.size()) +
                                  " codes for " + std::to_string(widths_.size()) + " input ports");
    std::vector<uint64_t> masked(s.size());
    for (size_t p = 0; p < s.size(); ++p) masked[p] = s[p] & detail::width_mask(widths_[p]);
    samples_.push_back(std::move(masked));
    lines_.push_back(i < lines.size() ? lines[i] : 0);
  }
}

uint64_t VectorSet::stream_state(uint64_t index) const {
  // Random vector i is outputs i*P .. i*P+P-1 of the splitmix64 stream seeded with `seed`, one
  // 64-bit output per port (P ports): each output adds the constant once, so the state before
  // vector i's first output is seed + i*P*constant, for any i.
  return seed_ + index * widths_.size() * detail::kGolden;
}

void VectorSet::codes(uint64_t index, std::vector<uint64_t>& codes) const {
  codes.resize(widths_.size());
  if (index >= generated_) {
    codes = samples_.at(index - generated_);
    return;
  }
  if (exhaustive_) {
    // The index is the packed input vector: port 0 in the least significant bits.
    int pos = 0;
    for (size_t p = 0; p < widths_.size(); ++p) {
      codes[p] = widths_[p] == 0 ? 0 : (index >> pos) & detail::width_mask(widths_[p]);
      pos += widths_[p];
    }
    return;
  }
  uint64_t state = stream_state(index);
  for (size_t p = 0; p < widths_.size(); ++p) codes[p] = splitmix64(state) & detail::width_mask(widths_[p]);
}

void VectorSet::codes(uint64_t first, uint64_t count, uint64_t* out) const {
  const size_t ports = widths_.size();
  if (first > size() || count > size() - first) throw std::out_of_range("VectorSet::codes: range out of bounds");
  std::vector<uint64_t> masks(ports);
  for (size_t p = 0; p < ports; ++p) masks[p] = detail::width_mask(widths_[p]);
  uint64_t v = first, end = first + count;
  if (!exhaustive_ && v < std::min(end, generated_)) {
    // Consecutive random vectors read consecutive outputs of one splitmix64 stream (see codes()).
    uint64_t state = stream_state(v);
    for (; v < std::min(end, generated_); ++v)
      for (size_t p = 0; p < ports; ++p) *out++ = splitmix64(state) & masks[p];
  }
  for (; v < std::min(end, generated_); ++v) {  // exhaustive: the index is the packed vector
    int pos = 0;
    for (size_t p = 0; p < ports; ++p) {
      *out++ = widths_[p] == 0 ? 0 : (v >> pos) & masks[p];
      pos += widths_[p];
    }
  }
  for (; v < end; ++v) out = std::copy(samples_[v - generated_].begin(), samples_[v - generated_].end(), out);
}

void VectorSet::records(uint64_t first, uint64_t count, const record_layout& layout, uint32_t* out) const {
  const size_t ports = widths_.size(), words = layout.words();
  if (first > size() || count > size() - first) throw std::out_of_range("VectorSet::records: range out of bounds");
  bool same = layout.ports() == ports;
  for (size_t p = 0; same && p < ports; ++p) same = layout.width(p) == widths_[p];
  if (!same) throw std::invalid_argument("VectorSet::records: the layout's ports are not the vectors'");
  uint64_t v = first;
  const uint64_t end = first + count, generated_end = std::min(end, generated_);
  if (exhaustive_) {
    // The index is the packed record (port 0 in the low bits; fewer than 2^40 vectors).
    for (; v < generated_end; ++v, out += words) {
      out[0] = static_cast<uint32_t>(v);
      if (words > 1) out[1] = static_cast<uint32_t>(v >> 32);
      std::fill(out + std::min<size_t>(words, 2), out + words, 0u);
    }
  } else if (v < generated_end) {
    // The codes of codes(first, count, out), each appended to the record as it is drawn: `acc`
    // holds the `fill` < 32 bits not yet stored, `high` what a code shifted past bit 64.
    std::vector<uint64_t> masks(ports);
    std::vector<unsigned> shifts(ports);
    unsigned bits = 0;
    for (size_t p = 0; p < ports; ++p) {
      masks[p] = layout.mask(p);
      shifts[p] = bits % 64;
      bits += static_cast<unsigned>(widths_[p]);
    }
    uint64_t state = stream_state(v);
    if (bits <= 64) {  // the whole record in one 64-bit word: each code OR-ed in at its place
#ifdef LUTC_VECTORS_AVX2
      if (words <= 2 && detail::has_avx2()) {
        const uint64_t done = detail::random_records64_avx2(state, masks, shifts, generated_end - v, words, out);
        v += done;
        out += done * words;
        state = stream_state(v);
      }
#endif
      for (; v < generated_end; ++v, out += words) {
        uint64_t acc = 0;
        for (size_t p = 0; p < ports; ++p) acc |= (splitmix64(state) & masks[p]) << shifts[p];
        out[0] = static_cast<uint32_t>(acc);
        if (words > 1) out[1] = static_cast<uint32_t>(acc >> 32);
      }
    }
    for (; v < generated_end; ++v, out += words) {
      uint64_t acc = 0;
      unsigned fill = 0;
      uint32_t* o = out;
      for (size_t p = 0; p < ports; ++p) {
        const uint64_t c = splitmix64(state) & masks[p];
        const uint64_t high = fill == 0 ? 0 : c >> (64 - fill);
        acc |= c << fill;
        fill += static_cast<unsigned>(widths_[p]);
        if (fill >= 32) {
          *o++ = static_cast<uint32_t>(acc);
          acc = (acc >> 32) | (high << 32);
          fill -= 32;
          if (fill >= 32) {
            *o++ = static_cast<uint32_t>(acc);
            acc >>= 32;
            fill -= 32;
          }
        }
      }
      if (fill > 0) *o++ = static_cast<uint32_t>(acc);
      while (o < out + words) *o++ = 0;
    }
  }
  for (; v < end; ++v, out += words) layout.pack(samples_[v - generated_].data(), out);
}

std::string VectorSet::origin(uint64_t index) const {
  if (index < generated_)
    return exhaustive_ ? "exhaustive code " + detail::hex(index) : "random, seed " + std::to_string(seed_);
  uint64_t s = index - generated_;
  auto it = std::upper_bound(sources_.begin(), sources_.end(), s,
                             [](uint64_t v, const auto& src) { return v < src.first; });
  if (it == sources_.begin()) return "sample " + std::to_string(s);
  --it;
  if (lines_[s] > 0) return it->second + " line " + std::to_string(lines_[s]);
  return it->second + " sample " + std::to_string(s - it->first + 1);
}

}  // namespace lutc::verify
