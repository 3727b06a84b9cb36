#pragma once
// Whole-network optimization of a lowered netlist, across table boundaries (docs/netopt.md):
// rounds of fanin reduction by joint reachability (fanin_reduction.hpp), resubstitution under
// don't cares (resubstitution.hpp), rebuilding with
// structural hashing (constants, buffers and duplicates disappear), and absorption of small LUTs
// into their readers (absorb.hpp); then, for table networks, ABC's best script when it is
// smaller (abc_resynthesis.hpp). The result is checked against the input netlist by
// simulation and SAT (equivalence.hpp) on every output bit and every bit an adder cell reads;
// if the check does not prove equality the input netlist is returned unchanged.
#include <cstddef>
#include <filesystem>
#include <string>

#include "backend/netlist.hpp"
#include "netopt/abc_resynthesis.hpp"
#include "netopt/absorb.hpp"
#include "netopt/equivalence.hpp"
#include "netopt/fanin_reduction.hpp"
#include "netopt/resubstitution.hpp"

namespace lutc::netopt {

struct netopt_params {
  int rounds = 2;                  // reduce + rebuild + absorb, repeated while LUTs drop
  int lut_size = 6;
  bool keep_layers = false;        // absorb only within a neuron layer (for --pipeline N)
  bool abc = true;                 // ABC's scripts as a portfolio member
  int abc_rounds = 3;              // ABC repeats on its own result while a round saves at least
  double abc_min_gain = 0.01;      // this fraction of the LUTs (a rule on LUTs, not on seconds,
                                   // so the result does not depend on the machine's speed)
  abc_resynthesis_params abc_params;  // networks above its max_luts go to ABC in windows of max_luts
  size_t abc_windows_max_luts = 4000;  // ... up to this many LUTs in all (~25 CPU ms per LUT per round)
  size_t abc_whole_max_luts = 4000;    // after windows: one whole-network pass of abc_whole_script for
                                       // table networks up to this many LUTs (windows hide the don't
                                       // cares across their boundaries; ~20 CPU ms per LUT)
  std::string abc_whole_script = "&get -mn; &mfs -W 5; &satlut -N 64 -C 1000; &mfs -W 5; &put";
  fanin_reduction_params fanin;
  bool resub = true;               // resubstitution under don't cares (resubstitution.hpp), each round;
                                   // not with keep_layers (a divisor may lie in another layer)
  resub_params resubstitution;
  bool resub_after_abc = true;     // once more after ABC's rounds (when they saved LUTs)
  equivalence_params check;
  std::filesystem::path cache_dir;  // results by content (netopt_cache.hpp); empty: no cache
};

struct netopt_stats {
  size_t luts_before = 0;
  size_t luts_after = 0;
  int rounds = 0;
  fanin_reduction_stats fanin;     // summed over rounds
  resub_stats resub;               // summed over rounds
  size_t absorbed = 0;
  size_t merged = 0;               // LUTs that became constants, buffers or duplicates on rebuilding
  size_t abc_saved = 0;            // LUTs ABC's best script removed after lutc's own passes
  size_t abc_whole_saved = 0;      // of them, LUTs the whole-network pass after the windows removed
  abc_resynthesis_stats abc;
  Equivalence check = Equivalence::equal;
  size_t check_sat_calls = 0;
  double check_seconds = 0;        // of `seconds`: the equivalence check
  double seconds = 0;
  bool cache_hit = false;          // the result came from the cache (and was proved equal again)
  bool abc_dropped = false;        // ABC's result failed the check; lutc's own passes' result kept
};

/// Signals read outside the LUT network: output bits, then the bits the adder cells read (only
/// cells marked in `cells`, or all if it is empty).
std::vector<logic::Signal> observed_signals(const backend::Netlist& nl, const std::vector<char>& cells = {});

/// The optimized netlist (the input itself when nothing was gained or the check failed).
backend::Netlist optimize_netlist(const backend::Netlist& nl, const netopt_params& ps, netopt_stats* st = nullptr);

}  // namespace lutc::netopt
