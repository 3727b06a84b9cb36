#include "netopt/abc_windows.hpp"

#include <algorithm>
#include <chrono>

#include "logic/lut_opt.hpp"
#include "netopt/simulation.hpp"

namespace lutc::netopt {

using logic::LutNetwork;
using logic::Signal;

namespace detail {

/// LUTs [begin, end) of `net` as a network of their own: inputs are the earlier signals they read
/// (`inputs`, constants stay constants), outputs the LUTs read by later LUTs or in `observed`.
struct Window {
  LutNetwork net;
  std::vector<Signal> inputs;   // per window input: the signal of the whole network
  std::vector<Signal> outputs;  // per window output: the signal of the whole network
};

Window cut_window(const LutNetwork& net, const std::vector<Signal>& observed, size_t begin, size_t end) {
  const Signal first = net.lut_signal(begin), last = net.lut_signal(end);
  std::vector<char> read_after(net.num_signals(), 0), read_inside(net.num_signals(), 0);
  for (size_t i = end; i < net.num_luts(); ++i)
    for (Signal f : net.luts()[i].fanins) read_after[f] = 1;
  for (Signal o : observed) read_after[o] = 1;
  for (size_t i = begin; i < end; ++i)
    for (Signal f : net.luts()[i].fanins) read_inside[f] = 1;
  Window w;
  for (Signal s = 2; s < first; ++s)
    if (read_inside[s]) w.inputs.push_back(s);
  w.net = LutNetwork(static_cast<uint32_t>(w.inputs.size()));
  std::vector<Signal> to_window(net.num_signals(), 0);
  to_window[LutNetwork::const1] = LutNetwork::const1;
  for (size_t j = 0; j < w.inputs.size(); ++j) to_window[w.inputs[j]] = w.net.pi(static_cast<uint32_t>(j));
  // Constants, buffers and duplicates fold on the way in: ABC's &mfs/&satlut (2022-10) has returned
  // wrong logic for windows with constant-fed LUTs (which splicing a window whose output became
  // constant leaves behind).
  logic::LutBuilder builder(w.net);
  for (size_t i = begin; i < end; ++i) {
    std::vector<Signal> fanins;
    for (Signal f : net.luts()[i].fanins) fanins.push_back(to_window[f]);
    to_window[net.lut_signal(i)] = builder.add(fanins, net.luts()[i].init);
  }
  for (Signal s = first; s < last; ++s)
    if (read_after[s]) {
      w.outputs.push_back(s);
      w.net.add_po(to_window[s]);
    }
  return w;
}

/// `net` with its LUTs in depth-first post-order from the observed signals (LUTs nothing observes
/// are dropped); `observed` is renumbered. Consecutive LUTs then form whole fanin cones, so a
/// window of them reads few signals from before and most of its LUTs' readers are inside it:
/// ABC sees their don't cares. (In the layer order, a window holds part of one layer and every
/// LUT in it is a window output.)
LutNetwork cone_ordered(const LutNetwork& net, std::vector<Signal>& observed) {
  LutNetwork out(net.num_pis());
  std::vector<Signal> map(net.num_signals(), 0);
  std::vector<char> done(net.num_signals(), 0);
  for (Signal s = 0; s < 2 + net.num_pis(); ++s) map[s] = s, done[s] = 1;
  std::vector<std::pair<Signal, size_t>> stack;
  for (Signal o : observed) {
    if (done[o]) continue;
    stack.push_back({o, 0});
    while (!stack.empty()) {
      auto& [s, next] = stack.back();
      const auto& fanins = net.lut(s).fanins;
      if (next < fanins.size()) {
        Signal f = fanins[next++];
        if (!done[f]) stack.push_back({f, 0});
        continue;
      }
      std::vector<Signal> mapped;
      for (Signal f : fanins) mapped.push_back(map[f]);
      map[s] = out.add_lut(std::move(mapped), net.lut(s).init);
      done[s] = 1;
      stack.pop_back();
    }
  }
  for (Signal& o : observed) o = map[o];
  return out;
}

/// Whether `got` computes the window's outputs on 4096 random input patterns: a cheap screen so
/// one wrong window (an external tool's result) does not cost the other windows' gains; the
/// caller's SAT check still proves the whole result.
bool agrees_on_random_patterns(const LutNetwork& window, const LutNetwork& got) {
  simulation_params sp;
  sp.extra_words = 0;
  Simulator a(window, sp), b(got, sp);
  for (size_t j = 0; j < window.pos().size(); ++j)
    for (int w = 0; w < a.words(); ++w)
      if (a.word(window.pos()[j])[w] != b.word(got.pos()[j])[w]) return false;
  return true;
}

/// `net` with the window's LUTs [begin, end) replaced by `got` (outputs in the window's order).
LutNetwork splice(const LutNetwork& net, std::vector<Signal>& observed, size_t begin, size_t end, const Window& w,
                  const LutNetwork& got) {
  LutNetwork out(net.num_pis());
  std::vector<Signal> map(net.num_signals());
  for (Signal s = 0; s < 2 + net.num_pis(); ++s) map[s] = s;
  auto copy = [&](size_t i) {
    std::vector<Signal> fanins;
    for (Signal f : net.luts()[i].fanins) fanins.push_back(map[f]);
    map[net.lut_signal(i)] = out.add_lut(std::move(fanins), net.luts()[i].init);
  };
  for (size_t i = 0; i < begin; ++i) copy(i);
  std::vector<Signal> from_window(got.num_signals());
  from_window[LutNetwork::const0] = LutNetwork::const0;
  from_window[LutNetwork::const1] = LutNetwork::const1;
  for (size_t j = 0; j < w.inputs.size(); ++j) from_window[got.pi(static_cast<uint32_t>(j))] = map[w.inputs[j]];
  for (size_t k = 0; k < got.num_luts(); ++k) {
    std::vector<Signal> fanins;
    for (Signal f : got.luts()[k].fanins) fanins.push_back(from_window[f]);
    from_window[got.lut_signal(k)] = out.add_lut(std::move(fanins), got.luts()[k].init);
  }
  for (size_t j = 0; j < w.outputs.size(); ++j) map[w.outputs[j]] = from_window[got.pos()[j]];
  for (size_t i = end; i < net.num_luts(); ++i) copy(i);
  for (Signal p : net.pos()) out.add_po(map[p]);
  for (Signal& o : observed) o = map[o];
  return out;
}

}  // namespace detail

std::optional<LutNetwork> abc_resynthesize_windows(const LutNetwork& net, const std::vector<Signal>& observed,
                                                   const abc_windows_params& ps, abc_windows_stats* st) {
  auto t0 = std::chrono::steady_clock::now();
  abc_windows_stats local;
  abc_windows_stats& s = st ? *st : local;
  s.luts_before = s.luts_after = net.num_luts();
  std::vector<Signal> obs = observed;
  LutNetwork cur = detail::cone_ordered(net, obs);
  abc_resynthesis_params ap = ps.abc;
  ap.max_luts = std::max<size_t>(ps.window_luts, 1);
  // Windows get the don't-care script alone: the re-mapping script never won on a window where
  // measured (JSC-L-like table network, 3 HGQ-LUT models: same LUTs) and cost half the time.
  ap.remap = false;
  bool improved = false;
  for (size_t begin = 0; begin < cur.num_luts();) {
    size_t end = std::min(begin + ap.max_luts, cur.num_luts());
    detail::Window w = detail::cut_window(cur, obs, begin, end);
    abc_resynthesis_stats as;
    auto got = abc_resynthesize(w.net, {w.net.pos().begin(), w.net.pos().end()}, ap, &as);
    if (as.skipped.empty()) ++s.windows;
    else if (s.skipped.empty()) s.skipped = as.skipped;
    if (got && got->num_luts() < end - begin && !detail::agrees_on_random_patterns(w.net, *got)) {
      ++s.windows_rejected;
      got.reset();
    }
    if (got && got->num_luts() < end - begin) {
      cur = detail::splice(cur, obs, begin, end, w, *got);
      ++s.windows_improved;
      s.script = as.script;
      improved = true;
      begin += got->num_luts();
    } else {
      begin = end;
    }
  }
  if (s.windows) s.skipped.clear();
  s.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  if (!improved) return std::nullopt;
  s.luts_after = cur.num_luts();
  LutNetwork out(net.num_pis());
  for (const auto& l : cur.luts()) out.add_lut(l.fanins, l.init);
  for (Signal o : obs) out.add_po(o);
  return out;
}

}  // namespace lutc::netopt
