#include "netopt/optimize_netlist.hpp"

#include <chrono>
#include <stdexcept>

#include "backend/netlist_builder.hpp"
#include "netopt/abc_windows.hpp"
#include "netopt/netopt_cache.hpp"
#include "util/log.hpp"

namespace lutc::netopt {

using backend::Netlist;
using logic::LutNetwork;
using logic::Signal;

std::vector<Signal> observed_signals(const Netlist& nl, const std::vector<char>& cells) {
  std::vector<Signal> out(nl.luts.pos().begin(), nl.luts.pos().end());
  for (size_t c = 0; c < nl.cells.size(); ++c)
    if (cells.empty() || cells[c])
      for (const auto& t : nl.cells[c].terms) out.insert(out.end(), t.bits.begin(), t.bits.end());
  return out;
}

namespace detail {

std::vector<char> observed_mask(const Netlist& nl) {
  std::vector<char> mask(nl.luts.num_signals(), 0);
  for (Signal s : observed_signals(nl)) mask[s] = 1;
  return mask;
}

/// A copy of `nl` whose LUTs are re-added through a NetlistBuilder (constants, buffers and
/// structurally equal LUTs merge), without LUTs that nothing reads.
Netlist rebuild(const Netlist& nl, size_t* merged) {
  Netlist out = nl;
  out.luts = LutNetwork(nl.luts.num_pis());
  out.lut_layer.clear();
  backend::NetlistBuilder builder(out);
  std::vector<Signal> map(nl.luts.num_signals());
  for (Signal s = 0; s < 2 + nl.luts.num_pis(); ++s) map[s] = s;
  for (size_t i = 0; i < nl.luts.num_luts(); ++i) {
    const logic::Lut& l = nl.luts.luts()[i];
    std::vector<Signal> fanins;
    for (Signal f : l.fanins) fanins.push_back(map[f]);
    map[nl.luts.lut_signal(i)] = builder.add(fanins, l.init, nl.lut_layer.empty() ? 0 : nl.lut_layer[i]);
  }
  for (Signal p : nl.luts.pos()) out.luts.add_po(map[p]);
  for (auto& c : out.cells)
    for (auto& t : c.terms)
      for (auto& x : t.bits) x = map[x];
  if (nl.lut_layer.empty()) out.lut_layer.clear();
  size_t before = out.luts.num_luts();
  backend::remove_unused_luts(out);
  if (merged) *merged += nl.luts.num_luts() - before;
  return out;
}

void add(fanin_reduction_stats& into, const fanin_reduction_stats& s) {
  into.luts_visited += s.luts_visited;
  into.luts_changed += s.luts_changed;
  into.fanins_removed += s.fanins_removed;
  into.luts_made_constant += s.luts_made_constant;
  into.luts_freed += s.luts_freed;
  into.sat_calls += s.sat_calls;
  into.sat_undecided += s.sat_undecided;
  into.patterns_added += s.patterns_added;
  into.windows_cut += s.windows_cut;
  into.window_luts += s.window_luts;
}

void add(resub_stats& into, const resub_stats& s) {
  into.luts_tried += s.luts_tried;
  into.candidates += s.candidates;
  into.sat_calls += s.sat_calls;
  into.sat_undecided += s.sat_undecided;
  into.budget_calls += s.budget_calls;
  into.budget_undecided += s.budget_undecided;
  into.rejected += s.rejected;
  into.resubs += s.resubs;
  into.buffers += s.buffers;
  into.luts_freed += s.luts_freed;
  into.patterns_added += s.patterns_added;
  into.seconds += s.seconds;
}

/// `nl` with the LUT network `luts`, whose outputs compute observed_signals(nl) in order: the
/// output ports' bits, then the bits the adder cells read.
Netlist with_luts(const Netlist& nl, LutNetwork luts) {
  Netlist out = nl;
  out.luts = LutNetwork(luts.num_pis());
  for (const auto& l : luts.luts()) out.luts.add_lut(l.fanins, l.init);
  size_t k = 0;
  for (; k < nl.luts.pos().size(); ++k) out.luts.add_po(luts.pos()[k]);
  for (auto& c : out.cells)
    for (auto& t : c.terms)
      for (auto& x : t.bits) x = luts.pos()[k++];
  return out;
}

/// ABC's network `got` replaces `cur`'s LUTs when it has fewer after rebuilding (layers are lost:
/// ABC ignores them); returns the LUTs saved, also added to s.abc_saved.
size_t keep_if_smaller(Netlist& cur, LutNetwork got, netopt_stats& s) {
  Netlist candidate = with_luts(cur, std::move(got));
  candidate.lut_layer.clear();
  candidate = rebuild(candidate, nullptr);
  const size_t before = cur.luts.num_luts(), after = candidate.luts.num_luts();
  if (after >= before) return 0;
  s.abc_saved += before - after;
  cur = std::move(candidate);
  return before - after;
}

/// Windows hide the don't cares across their boundaries (every boundary signal is a window
/// output, so &mfs loses the observability don't cares there and the inputs' correlations): after
/// them, a table network up to abc_whole_max_luts LUTs gets one pass of ABC over the whole
/// network (abc_whole_script: &mfs with 5 TFO levels, ABC's default, then &satlut; JSC-L-like:
/// 2 levels left 3.1% to ABC's re-synthesis, 5 levels 0.8%; see docs/benchmarks.md). The result replaces `cur` when smaller and equal on random patterns;
/// the caller proves it.
void abc_whole_pass(Netlist& cur, const netopt_params& ps, netopt_stats& s) {
  abc_resynthesis_params ap = ps.abc_params;
  ap.lut_size = ps.lut_size;
  ap.max_luts = ps.abc_whole_max_luts;
  ap.script = ps.abc_whole_script;
  abc_resynthesis_stats as;
  auto got = abc_resynthesize(cur.luts, observed_signals(cur), ap, &as);
  s.abc.seconds += as.seconds;
  if (!got || !agrees_on_random_patterns(cur.luts, *got)) return;
  s.abc_whole_saved = keep_if_smaller(cur, std::move(*got), s);
  if (s.abc_whole_saved) s.abc.script = as.script;
}

/// lutc's passes, then ABC's rounds, on a copy of `nl` (not yet checked).
Netlist optimize_unchecked(const Netlist& nl, const netopt_params& ps, netopt_stats& s) {
  Netlist cur = rebuild(nl, &s.merged);
  for (int round = 0; round < ps.rounds; ++round) {
    size_t luts = cur.luts.num_luts();
    ++s.rounds;
    auto rs = reduce_fanins(cur.luts, observed_mask(cur), ps.fanin, cur.cells);
    add(s.fanin, rs);
    cur = rebuild(cur, &s.merged);
    if (ps.resub && !ps.keep_layers) {
      resub_params rp = ps.resubstitution;
      rp.lut_size = ps.lut_size;
      add(s.resub, resubstitute(cur.luts, observed_mask(cur), rp, cur.cells));
      cur = rebuild(cur, &s.merged);
    }
    absorb_params ap;
    ap.lut_size = ps.lut_size;
    if (ps.keep_layers && cur.lut_layer.size() == cur.luts.num_luts()) ap.lut_layer = &cur.lut_layer;
    s.absorbed += absorb_luts(cur.luts, observed_mask(cur), ap).absorbed;
    cur = rebuild(cur, &s.merged);
    if (cur.luts.num_luts() >= luts) break;
  }

  // ABC joins as a portfolio member where lutc's passes stop; its result is proved below like theirs.
  // Its scripts find more when run on their own result, so they repeat while a round gains enough.
  // With adder cells, their outputs are ABC's inputs and their operands its outputs, and the LUTs
  // go to ABC in windows of at most max_luts (abc_windows.hpp); so do networks above max_luts, up
  // to abc_windows_max_luts LUTs in all.
  bool windowed = false;
  for (int pass = 0; ps.abc && !ps.keep_layers && pass < ps.abc_rounds; ++pass) {
    std::optional<LutNetwork> got;
    if (cur.luts.num_luts() > std::max(ps.abc_windows_max_luts, ps.abc_params.max_luts)) break;
    if (cur.cells.empty() && cur.luts.num_luts() <= ps.abc_params.max_luts) {
      abc_resynthesis_params ap = ps.abc_params;
      ap.lut_size = ps.lut_size;
      abc_resynthesis_stats as;
      got = abc_resynthesize(cur.luts, observed_signals(cur), ap, &as);
      s.abc.seconds += as.seconds;
      s.abc.skipped = as.skipped;
      if (got) s.abc.script = as.script;
    } else {
      abc_windows_params wp;
      wp.abc = ps.abc_params;
      wp.abc.lut_size = ps.lut_size;
      wp.window_luts = ps.abc_params.max_luts;
      abc_windows_stats ws;
      windowed = true;
      got = abc_resynthesize_windows(cur.luts, observed_signals(cur), wp, &ws);
      s.abc.seconds += ws.seconds;
      s.abc.skipped = ws.skipped;
      if (got) s.abc.script = ws.script;
    }
    if (!got) break;
    const size_t before = cur.luts.num_luts(), saved = keep_if_smaller(cur, std::move(*got), s);
    if (saved == 0 || static_cast<double>(saved) < ps.abc_min_gain * static_cast<double>(before)) break;
  }
  if (windowed && cur.cells.empty() && cur.luts.num_luts() <= ps.abc_whole_max_luts) abc_whole_pass(cur, ps, s);
  // ABC's windows end at window boundaries, where their signals are all outputs: resubstitution
  // sees across them.
  if (ps.resub && ps.resub_after_abc && !ps.keep_layers && s.abc_saved > 0) {
    resub_params rp = ps.resubstitution;
    rp.lut_size = ps.lut_size;
    add(s.resub, resubstitute(cur.luts, observed_mask(cur), rp, cur.cells));
    cur = rebuild(cur, &s.merged);
    absorb_params ap;
    ap.lut_size = ps.lut_size;
    s.absorbed += absorb_luts(cur.luts, observed_mask(cur), ap).absorbed;
    cur = rebuild(cur, &s.merged);
  }
  return cur;
}

/// Proves `cur` equal to `nl` on the outputs and on the operands of the cells `cur` still uses.
Equivalence check(const Netlist& nl, const Netlist& cur, const netopt_params& ps, netopt_stats& s) {
  auto t_check = std::chrono::steady_clock::now();
  equivalence_stats es;
  const std::vector<char> used_cells = backend::liveness(cur).cell;
  Equivalence eq = check_equivalence(nl.luts, observed_signals(nl, used_cells), cur.luts, observed_signals(cur, used_cells),
                                     ps.check, &es, nl.cells, cur.cells);
  s.check_sat_calls = es.sat_calls;
  s.check_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t_check).count();
  return eq;
}

}  // namespace detail

Netlist optimize_netlist(const Netlist& nl, const netopt_params& ps, netopt_stats* st) {
  auto t0 = std::chrono::steady_clock::now();
  netopt_stats local;
  netopt_stats& s = st ? *st : local;
  auto elapsed = [&] { return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count(); };
  const std::string key = ps.cache_dir.empty() ? std::string() : netopt_cache_key(nl, ps);

  if (!key.empty())
    if (auto hit = lookup_netopt_cache(ps.cache_dir, key)) {
      netopt_stats& cached = hit->stats;
      if (detail::check(nl, hit->netlist, ps, cached) == Equivalence::equal &&
          hit->netlist.luts.num_luts() == cached.luts_after) {
        s = cached;
        s.cache_hit = true;
        s.abc.seconds = 0;  // this run's time: the lookup and the check
        s.seconds = elapsed();
        return cached.luts_after < cached.luts_before ? hit->netlist : nl;
      }
      log::warn("netopt cache: entry " + key + " is not equal to its input; recomputing");
    }

  s = netopt_stats{};
  s.luts_before = s.luts_after = nl.luts.num_luts();
  Netlist cur = detail::optimize_unchecked(nl, ps, s);
  s.check = detail::check(nl, cur, ps, s);
  if (s.check == Equivalence::different && s.abc_saved > 0) {
    // ABC's part is an external tool's result: a difference there costs its LUTs, not the
    // compile. (Seen with ABC 2022-10 on windows holding constant-fed LUTs; abc_windows.cpp now
    // folds those and screens each window, so this is the last line of defence.)
    log::warn("netopt: ABC's result differs from its input; keeping lutc's own passes' result");
    netopt_params own = ps;
    own.abc = false;
    s = netopt_stats{};
    s.abc_dropped = true;
    s.luts_before = s.luts_after = nl.luts.num_luts();
    cur = detail::optimize_unchecked(nl, own, s);
    s.check = detail::check(nl, cur, own, s);
  }
  s.seconds = elapsed();
  // A difference is a bug in a pass above; undecided (SAT limit) keeps the proven input.
  if (s.check == Equivalence::different)
    throw std::logic_error("netopt: the optimized netlist differs from its input (a bug; --no-netopt avoids it)");
  bool gained = s.check == Equivalence::equal && cur.luts.num_luts() < nl.luts.num_luts();
  if (gained) s.luts_after = cur.luts.num_luts();
  if (!key.empty() && s.check == Equivalence::equal) store_netopt_cache(ps.cache_dir, key, gained ? cur : nl, s);
  return gained ? cur : nl;
}

}  // namespace lutc::netopt
