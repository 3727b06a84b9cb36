#include "netopt/abc_resynthesis.hpp"

#include <chrono>
#include <map>

#include "logic/abc_engine.hpp"
#include "logic/minimize.hpp"
#include "util/diagnostic.hpp"
#include "util/fs.hpp"
#include "util/process.hpp"

namespace lutc::netopt {

using logic::LutNetwork;
using logic::Signal;

namespace detail {

/// Scripts tried in order; the fewest LUTs win. The first keeps lutc's mapping and improves it with
/// don't cares and SAT; the second re-maps a fraiged AIG (it wins where lutc's LUT boundaries hurt).
const std::vector<std::string>& scripts(int k) {
  static const std::map<int, std::vector<std::string>> by_k = [] {
    std::map<int, std::vector<std::string>> m;
    for (int kk = 2; kk <= 6; ++kk)
      m[kk] = {"&get -mn; &mfs; &satlut -N 64 -C 1000; &mfs; &put",
               "strash; &get -n; &fraig -x; &dch -f; &if -K " + std::to_string(kk) + " -a; &mfs; &satlut; &put"};
    return m;
  }();
  return by_k.at(k);
}

}  // namespace detail

std::optional<LutNetwork> abc_resynthesize(const LutNetwork& net, const std::vector<Signal>& observed,
                                           const abc_resynthesis_params& ps, abc_resynthesis_stats* st) {
  auto t0 = std::chrono::steady_clock::now();
  abc_resynthesis_stats local;
  abc_resynthesis_stats& s = st ? *st : local;
  s.luts_before = s.luts_after = net.num_luts();
  // ABC (2022-10) mishandles constant outputs: only distinct LUT signals become its outputs; the
  // others (constants, inputs) pass through unchanged.
  std::vector<Signal> lut_pos;
  std::map<Signal, size_t> po_of;
  for (Signal o : observed)
    if (net.is_lut(o) && po_of.emplace(o, lut_pos.size()).second) lut_pos.push_back(o);
  if (lut_pos.empty() || net.num_luts() < 2) return std::nullopt;
  if (net.num_luts() > ps.max_luts) {
    s.skipped = "more than " + std::to_string(ps.max_luts) + " LUTs";
    return std::nullopt;
  }
  std::optional<LutNetwork> best;
  std::string failed;  // the last script's failure; reported only if no script ran
  bool ran = false;
  try {
    util::TempDir dir("lutc-netopt-abc-");
    util::write_file(dir.path() / "in.blif", logic::write_lut_blif(net, lut_pos));
    const auto& scripts = ps.script.empty() ? detail::scripts(ps.lut_size) : std::vector<std::string>{ps.script};
    for (size_t i = 0; i < (ps.remap ? scripts.size() : 1); ++i) {
      const std::string& script = scripts[i];
      auto r = util::run_process({ps.binary, "-c", "read_blif in.blif; sweep; " + script + "; write_blif out.blif"},
                                 {dir.path(), ps.timeout_seconds, "abc"});
      if (r.exit_code != 0 || !std::filesystem::exists(dir.path() / "out.blif")) {
        failed = "abc failed (exit " + std::to_string(r.exit_code) + "): " + r.output.substr(0, 600);
        continue;
      }
      ran = true;
      LutNetwork got = logic::read_abc_blif(util::read_file(dir.path() / "out.blif"), static_cast<int>(net.num_pis()),
                                            static_cast<int>(lut_pos.size()));
      std::filesystem::remove(dir.path() / "out.blif");
      bool fits = true;
      for (const auto& l : got.luts()) fits = fits && static_cast<int>(l.fanins.size()) <= ps.lut_size;
      if (fits && got.num_luts() < (best ? best->num_luts() : net.num_luts())) {
        best = std::move(got);
        s.script = script;
      }
    }
  } catch (const logic::MinimizeError& e) {
    failed = e.what();
  } catch (const Diagnostic& e) {
    failed = e.what();
  }
  if (!ran) s.skipped = failed;
  s.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  if (!best) return std::nullopt;
  s.luts_after = best->num_luts();
  // Same LUTs (same signal numbers), one output per observed signal.
  LutNetwork out(net.num_pis());
  for (const auto& l : best->luts()) out.add_lut(l.fanins, l.init);
  for (Signal o : observed) out.add_po(net.is_lut(o) ? best->pos()[po_of.at(o)] : o);
  return out;
}

}  // namespace lutc::netopt
