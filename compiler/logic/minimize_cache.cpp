#include "logic/minimize_cache.hpp"

#include <unistd.h>

#include <atomic>
#include <chrono>
#include <fstream>
#include <sstream>
#include <thread>

#include "util/diagnostic.hpp"
#include "util/fs.hpp"
#include "util/hash.hpp"
#include "util/log.hpp"

namespace lutc::logic {
namespace fs = std::filesystem;

const char* minimize_engine_version() { return "lutc-minimize-4"; }

std::string minimize_cache_key(const MultiFunction& f, const minimize_params& ps) {
  util::Hasher h;
  h.add(minimize_engine_version()).add(engine_name(ps.engine));
  h.add_u64(static_cast<uint64_t>(ps.effort)).add_u64(static_cast<uint64_t>(ps.lut_size));
  h.add_u64(ps.care_is_sample ? 1 : 0);
  // Only the portfolio's pick depends on the cost; LUTs (the default) keep their old keys.
  if (!ps.cost_name.empty() && (ps.engine == Engine::portfolio || ps.engine == Engine::automatic)) h.add(ps.cost_name);
  h.add_u64(static_cast<uint64_t>(f.num_vars)).add_u64(f.on.size());
  for (size_t j = 0; j < f.on.size(); ++j) {
    // Only the care part of the on-set matters.
    TruthTable on = f.on[j] & f.care[j];
    for (uint64_t w : on.words) h.add_u64(w);
    for (uint64_t w : f.care[j].words) h.add_u64(w);
  }
  return h.hex();
}

std::string serialize_network(const LutNetwork& net, const std::string& engine) {
  std::ostringstream out;
  out << "lutc-lut-network 1\nengine " << (engine.empty() ? "-" : engine) << "\npis " << net.num_pis() << "\nluts "
      << net.num_luts() << "\n";
  for (const Lut& l : net.luts()) {
    out << l.fanins.size();
    for (Signal s : l.fanins) out << ' ' << s;
    out << ' ' << std::hex << l.init << std::dec << '\n';
  }
  out << "pos " << net.pos().size();
  for (Signal p : net.pos()) out << ' ' << p;
  out << "\nend\n";
  return out.str();
}

std::optional<LutNetwork> deserialize_network(const std::string& text, std::string* engine) {
  std::istringstream in(text);
  std::string word, eng;
  int version = 0;
  uint32_t pis = 0;
  size_t luts = 0;
  if (!(in >> word >> version) || word != "lutc-lut-network" || version != 1) return std::nullopt;
  if (!(in >> word >> eng) || word != "engine") return std::nullopt;
  if (!(in >> word >> pis) || word != "pis" || pis > 64) return std::nullopt;
  if (!(in >> word >> luts) || word != "luts" || luts > (size_t{1} << 26)) return std::nullopt;
  LutNetwork net(pis);
  for (size_t i = 0; i < luts; ++i) {
    size_t k = 0;
    if (!(in >> k) || k > 6) return std::nullopt;
    std::vector<Signal> fanins(k);
    for (auto& s : fanins)
      if (!(in >> s) || s >= net.num_signals()) return std::nullopt;
    uint64_t init = 0;
    if (!(in >> std::hex >> init >> std::dec)) return std::nullopt;
    net.add_lut(std::move(fanins), init);
  }
  size_t npo = 0;
  if (!(in >> word >> npo) || word != "pos" || npo > (size_t{1} << 20)) return std::nullopt;
  for (size_t i = 0; i < npo; ++i) {
    Signal s = 0;
    if (!(in >> s) || s >= net.num_signals()) return std::nullopt;
    net.add_po(s);
  }
  if (!(in >> word) || word != "end") return std::nullopt;
  if (engine) *engine = eng;
  return net;
}

fs::path default_minimize_cache_dir() { return util::cache_dir() / "minimize"; }

std::optional<LutNetwork> lookup_cached(const MultiFunction& f, const minimize_params& ps, minimize_stats* st,
                                        const fs::path& dir_in) {
  fs::path dir = dir_in.empty() ? default_minimize_cache_dir() : dir_in;
  fs::path file = dir / minimize_cache_key(f, ps);
  std::error_code ec;
  if (!fs::exists(file, ec)) return std::nullopt;
  std::ifstream in(file, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  std::string engine;
  auto net = deserialize_network(ss.str(), &engine);
  bool fits = net.has_value();
  if (fits)
    for (const auto& l : net->luts())
      if (static_cast<int>(l.fanins.size()) > ps.lut_size) fits = false;
  if (!fits || !check_on_care_set(*net, f)) {
    log::warn("minimize cache: entry " + file.filename().string() + " is invalid; recomputing");
    return std::nullopt;
  }
  if (st) {
    st->luts = net->num_luts();
    st->depth = net->depth();
    st->engine_used = engine;
  }
  return net;
}

bool store_cached(const MultiFunction& f, const minimize_params& ps, const LutNetwork& net, const std::string& engine,
                  const fs::path& dir_in) {
  fs::path dir = dir_in.empty() ? default_minimize_cache_dir() : dir_in;
  try {
    util::write_atomic(dir / minimize_cache_key(f, ps), serialize_network(net, engine));
    return true;
  } catch (const Diagnostic&) {
    return false;
  }
}

LutNetwork minimize_cached(const MultiFunction& f, const minimize_params& ps, minimize_stats* st, bool* hit,
                           const fs::path& dir) {
  auto t0 = std::chrono::steady_clock::now();
  if (hit) *hit = false;
  if (auto net = lookup_cached(f, ps, st, dir)) {
    if (hit) *hit = true;
    if (st) st->seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    return std::move(*net);
  }
  minimize_stats local;
  minimize_stats& s = st ? *st : local;
  LutNetwork net = minimize(f, ps, &s);
  store_cached(f, ps, net, s.engine_used, dir);
  return net;
}

}  // namespace lutc::logic
