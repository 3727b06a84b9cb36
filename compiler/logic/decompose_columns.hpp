#pragma once
// Column multiplicity for Ashenhurst-Curtis decomposition, the truth-table side of the builtin
// engine (decompose.cpp): a sub-problem's tables, support reduction under don't cares, the
// columns of a bound set / free set split, and their partition into compatible classes.
#include <cstdint>
#include <vector>

#include "logic/lut_network.hpp"
#include "tt/truth_table.hpp"

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
