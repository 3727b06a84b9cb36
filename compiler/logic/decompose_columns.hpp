#pragma once
// Column multiplicity for Ashenhurst-Curtis decomposition, the truth-table side of the builtin
// engine (decompose.cpp): a sub-problem's tables, support reduction under don't cares, the
// columns of a bound set / free set split, and their partition into compatible classes.
#include <cstdint>
#include <vector>

#include "logic/lut_network.hpp"
#include "tt/truth_table.hpp"

// Hot loops that count bits are compiled twice, with and without the POPCNT instruction, and
// the loader picks one by CPU (GCC/Clang function multiversioning): the binary stays portable
// while recent x86 CPUs avoid libgcc's software popcount.
#if defined(__x86_64__) && defined(__has_attribute) && !defined(__SANITIZE_ADDRESS__)
#if __has_attribute(target_clones)
#define LUTC_HW_POPCOUNT __attribute__((target_clones("popcnt", "default")))
#endif
#endif
#ifndef LUTC_HW_POPCOUNT
#define LUTC_HW_POPCOUNT
#endif
// Word loops that vectorize: an AVX2 clone beside the portable one, picked the same way.
#if defined(__x86_64__) && defined(__has_attribute) && !defined(__SANITIZE_ADDRESS__)
#if __has_attribute(target_clones)
#define LUTC_AVX2 __attribute__((target_clones("avx2", "default")))
#endif
#endif
#ifndef LUTC_AVX2
#define LUTC_AVX2
#endif

namespace lutc::logic::detail {

/// A multi-output sub-problem: tables over `n` local variables; variable i is signal vars[i].
struct Problem {
  int n = 0;
  std::vector<Signal> vars;
  std::vector<TruthTable> on, care;
};

/// A 128-bit digest of a problem's tables (memo keys; two independently mixed lanes).
struct ProblemDigest {
  uint64_t lo = 0, hi = 0;
  bool operator==(const ProblemDigest&) const = default;
};
ProblemDigest digest(const Problem& p);

/// Columns of a joint multi-output function for bound set B / free set A.
struct Columns {
  int b = 0, a = 0, o = 0;
  size_t words = 0;  // words per output column
  std::vector<uint64_t> val, care;  // [beta][output][word]
  bool full = true;                 // every bit is care
  size_t stride() const { return static_cast<size_t>(o) * words; }
  const uint64_t* v(size_t beta) const { return val.data() + beta * stride(); }
  const uint64_t* c(size_t beta) const { return care.data() + beta * stride(); }
};

/// Partition of the columns into compatible classes.
struct Classes {
  int count = 0;
  std::vector<int> of;                    // class per beta, -1 = column without care
  std::vector<uint64_t> val, care;        // merged class columns [class][output][word]
};

/// Tables over `keep` (in that order) from tables over n variables that do not depend on the
/// other variables on the care set.
void project(const TruthTable& on, const TruthTable& care, const std::vector<int>& keep, TruthTable& on2,
             TruthTable& care2);

/// Greedy support reduction of one output under don't cares; returns the support.
std::vector<int> reduce_support(TruthTable& on, TruthTable& care, size_t* removed);

/// The columns (one per bound-set value beta) of every output over free set A.
Columns gather(const Problem& p, const std::vector<int>& B, const std::vector<int>& A, bool full);

/// Classes of columns; stops early (count = limit + 1) when more than `limit` classes appear.
Classes classify(const Columns& cs, int limit, bool keep_columns);

/// Greedy partition of columns with don't cares into compatible classes (most constrained
/// column first, into the compatible class with the largest care overlap). Columns are `st`
/// words each (values zero outside their care), column beta at val/care + beta * st (or at
/// at[beta] * st when `at` is given); stops (count = limit + 1) past `limit`.
void partition_compatible(const uint64_t* val, const uint64_t* care, size_t nb, size_t st, int limit, bool keep_columns,
                          Classes& cl, const uint32_t* at = nullptr);

/// The column hash of classify: hash_step folded over the column's words from kHashSeed.
constexpr uint64_t kHashSeed = 0x9e3779b97f4a7c15ULL;
inline uint64_t hash_step(uint64_t h, uint64_t w) {
  h ^= w + 0x9e3779b97f4a7c15ULL + (h << 6) + (h >> 2);
  return h * 0xff51afd7ed558ccdULL;
}
uint64_t hash_words(const uint64_t* w, size_t n);

/// Exchanges variables i and j of a table in place (word-level delta swaps).
void swap_vars(std::vector<uint64_t>& w, int i, int j);
/// The same on `size` words at d (a table of at least max(i, j) + 1 variables).
void swap_vars(uint64_t* d, size_t size, int i, int j);

/// Bits needed to encode `classes` classes.
int code_bits(int classes);

/// n choose k.
uint64_t binomial(int n, int k);

/// The variables 0..n-1 not in `set`, in order.
std::vector<int> complement(int n, const std::vector<int>& set);

/// Column classes for bound set Bp / free set A, with variable `shared` fixed to `value` (if >= 0).
Classes slice_classes(const Problem& p, const std::vector<int>& Bp, const std::vector<int>& A, int shared, int value,
                      bool full, int limit, bool keep);

/// Fills the don't cares of a small table (<= 6 variables) by the majority of the nearest
/// care minterms (Hamming distance 1, then 2, ...; ties and no neighbours give 0): a bias
/// towards smooth functions, which generalizes better than a constant fill when the care set
/// is a sample.
void fill_dont_cares(TruthTable& on, const TruthTable& care);

}  // namespace lutc::logic::detail
