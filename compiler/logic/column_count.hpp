#pragma once
// Column multiplicity of many bound sets of one problem, for the bound-set search of the builtin
// engine (decompose.cpp). `classify(gather(p, B, complement(B)), limit, false).count` copies and
// permutes every table per candidate; this counter keeps one permuted copy and moves only the
// variables that differ from the previous candidate (neighbouring candidates share most of
// their variables), hashes the columns in place and sizes its scratch by the limit.
#include <cstdint>
#include <vector>

#include "logic/decompose_columns.hpp"

namespace lutc::logic::detail {

class ColumnCounter {
 public:
  /// `full`: every bit of p is care (then only the on-sets are kept).
  ColumnCounter(const Problem& p, bool full);

  /// The number of column classes of bound set `B` (sorted) against all other variables,
  /// equal to classify(gather(p, B, complement(p.n, B), full), limit, false).count: limit + 1
  /// when more than `limit` classes appear.
  int count(const std::vector<int>& B, int limit);

  /// The classes of one slice of a non-disjoint step: bound set B without `v` against the
  /// variables outside B, on the half where v = value (v in B, B sorted); equal to
  /// slice_classes(p, B - {v}, complement(p.n, B), v, value, full, limit, false).count.
  int count_slice(const std::vector<int>& B, int v, int value, int limit);

  /// Counts with don't cares settled by more than `limit` pairwise clashing columns (no partition).
  size_t witnessed() const { return witnessed_; }

  /// After count(B, limit): columns of B known to pairwise clash (differ where both care), so
  /// B has at least that many classes: the count when completely specified, with don't cares
  /// the clashing columns past_limit found (0 when it did not run).
  int clashing() const { return clashing_; }


 private:
  void arrange(const std::vector<int>& B);
  int count_full(int limit);
  int count_small_keys(int limit);
  int count_long(int limit);  // columns of whole words (a >= 6)
  static constexpr int kMaxDirectBits = 20;  // direct-indexed column sets up to 2^20 bits (128 KiB)
  int count_with_dont_cares(const std::vector<int>& B, int limit);
  /// Column beta of a bound set (bit i of beta: variable B[i], B sorted; `fixed` bits of the
  /// permuted table's column index set) at table_beta_[beta], for nb columns.
  void map_columns(const std::vector<int>& B, size_t nb, uint32_t fixed);
  int count_mapped(size_t nb, int limit);  // classes of the mapped columns
  /// With don't cares: more than `limit` mapped columns that pairwise clash (then any partition,
  /// the greedy one too, has more than `limit` classes). Tried for small limits only.
  bool past_limit(size_t nb, int limit);
  static constexpr int kMaxWitnesses = 32;
  std::vector<uint64_t> witness_;
  size_t witnessed_ = 0;
  int clashing_ = 0;

  int n_ = 0, a_ = 0;
  bool full_ = true;
  std::vector<std::vector<uint64_t>> val_, care_;  // per output, permuted: A below, B above
  std::vector<int> at_, var_at_;                  // position of each variable, variable at each position
  // Scratch reused across candidates.
  std::vector<uint64_t> set_, cols_, col_care_;
  std::vector<uint32_t> table_beta_, rep_;
  std::vector<int> slice_bound_;
  std::vector<uint64_t> touched_;
  std::vector<const uint64_t*> src_;
  Classes classes_;
};

}  // namespace lutc::logic::detail
