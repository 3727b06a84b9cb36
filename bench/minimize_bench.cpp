// Bench driver for lutc's table-to-logic engines (built by bench/minimize_iwls2022.sh against
// lutc::logic; not part of ctest).
//
//   minimize_bench truth <engine> <effort> <K> f1.truth ...   one line per file:
//       name  luts  depth  seconds  verified
//   minimize_bench pla <engine> <effort> <K> train.pla test.pla
//       name  luts  depth  seconds  verified  test_accuracy
//   minimize_bench model <engine> <effort> <K> model.yaml ...   the table corpus of
//       bench/table_corpus.sh: every distinct table wider than K inputs (with its care set), one line:
//       name  hash  half  index_bits  outputs  care_fraction  luts  depth  seconds  verified  engine
//       `half` (tune or report) is a fixed bit of the table's content hash. <engine> may list
//       several engines (builtin,auto,abc): each table runs through them in turn, and every line
//       starts with the engine's name.
// LUTC_BENCH_THREADS=N: threads inside one table (minimize_params::threads; default 1).
// engine: builtin | abc | portfolio | auto | abc-ttopt (reference: ABC &ttopt then &if -K, nothing else)
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <sstream>
#include <numeric>
#include <set>
#include <string>
#include <vector>

#include "frontend/read_model.hpp"
#include "lower/lower.hpp"

#include "logic/abc_engine.hpp"
#include "logic/minimize.hpp"
#include "util/log.hpp"

using namespace lutc::logic;

namespace {

MultiFunction read_truth(const std::string& path) {
  std::ifstream in(path);
  std::vector<std::string> lines;
  std::string l;
  while (std::getline(in, l)) {
    while (!l.empty() && (l.back() == '\r' || l.back() == ' ')) l.pop_back();
    if (!l.empty()) lines.push_back(l);
  }
  MultiFunction f;
  if (lines.empty()) throw std::runtime_error("empty truth file " + path);
  int n = 0;
  while ((size_t{1} << n) < lines[0].size()) ++n;
  f.num_vars = n;
  for (const auto& s : lines) {
    TruthTable t(n);
    for (size_t i = 0; i < s.size(); ++i) t.set(s.size() - 1 - i, s[i] == '1');
    f.on.push_back(t);
    f.care.push_back(const1(n));
  }
  return f;
}

struct Pla {
  int ni = 0;
  std::vector<std::pair<uint64_t, bool>> rows;
};

Pla read_pla(const std::string& path) {
  std::ifstream in(path);
  Pla p;
  std::string l;
  while (std::getline(in, l)) {
    if (l.empty() || l[0] == '#') continue;
    if (l[0] == '.') {
      if (l.rfind(".i ", 0) == 0) p.ni = std::stoi(l.substr(3));
      continue;
    }
    std::istringstream ss(l);
    std::string in_bits, out_bits;
    ss >> in_bits >> out_bits;
    uint64_t m = 0;
    for (size_t i = 0; i < in_bits.size(); ++i)
      if (in_bits[i] == '1') m |= uint64_t{1} << i;
    p.rows.emplace_back(m, out_bits == "1");
  }
  return p;
}

Engine parse_engine(const std::string& s) {
  if (s == "builtin") return Engine::builtin;
  if (s == "abc") return Engine::abc;
  if (s == "portfolio") return Engine::portfolio;
  if (s == "auto") return Engine::automatic;
  throw std::runtime_error("unknown engine " + s);
}

std::string base(const std::string& p) {
  auto s = p.substr(p.find_last_of('/') + 1);
  return s.substr(0, s.find('.'));
}

/// BLIF of the network (for an independent equivalence check with ABC `cec`).
void write_blif(const LutNetwork& net, const std::string& path) {
  std::ofstream(path) << write_lut_blif(net, net.pos());
}

/// FNV-1a over the function and its care set: names a table independently of where it came from.
uint64_t content_hash(const MultiFunction& f) {
  uint64_t h = 1469598103934665603ull;
  auto mix = [&](uint64_t w) {
    for (int i = 0; i < 8; ++i) h = (h ^ ((w >> (8 * i)) & 0xff)) * 1099511628211ull;
  };
  mix(static_cast<uint64_t>(f.num_vars));
  for (size_t j = 0; j < f.on.size(); ++j)
    for (size_t w = 0; w < f.on[j].words.size(); ++w) {
      mix(f.on[j].words[w] & f.care[j].words[w]);
      mix(f.care[j].words[w]);
    }
  return h;
}

/// `engines`: one engine, or several separated by commas, run on each table in turn (so a busy
/// machine slows them alike); each line then starts with the engine's name.
int run_models(const minimize_params& base_ps, const std::string& engines, int first, int argc, char** argv) {
  std::vector<std::string> names;
  for (size_t at = 0; at <= engines.size();) {
    size_t comma = std::min(engines.find(',', at), engines.size());
    names.push_back(engines.substr(at, comma - at));
    at = comma + 1;
  }
  std::set<uint64_t> seen;
  for (int i = first; i < argc; ++i) {
    lutc::ir::Network model = lutc::frontend::read_model(argv[i]);
    for (const auto& node : model.nodes) {
      if (node.kind() != lutc::ir::NodeKind::table || node.table().index_bits <= base_ps.lut_size) continue;
      const auto& table = node.table();
      std::vector<int> bits(static_cast<size_t>(table.out_width));
      std::iota(bits.begin(), bits.end(), 0);
      MultiFunction f = lutc::lower::table_function(table, bits);
      uint64_t h = content_hash(f);
      if (!seen.insert(h).second) continue;
      double care = 0;
      for (const auto& c : f.care) care += static_cast<double>(count_ones(c));
      care /= static_cast<double>(table.num_rows()) * static_cast<double>(f.care.size());
      for (const auto& engine : names) {
      minimize_params ps = base_ps;
      ps.engine = parse_engine(engine);
      ps.care_is_sample = table.care_source == lutc::ir::CareSource::data_sample;
      minimize_stats st;
      LutNetwork net = minimize(f, ps, &st);
      bool ok = check_on_care_set(net, f);
      if (names.size() > 1) std::printf("%s\t", engine.c_str());
      std::printf("%s/%s\t%016llx\t%s\t%d\t%zu\t%.4f\t%zu\t%d\t%.3f\t%s\t%s\n", base(argv[i]).c_str(), node.name.c_str(),
                  static_cast<unsigned long long>(h), (h >> 7) & 1 ? "report" : "tune", table.index_bits, f.on.size(), care,
                  st.luts, st.depth, st.seconds, ok ? "ok" : "WRONG", st.engine_used.c_str());
      std::fflush(stdout);
      }
    }
  }
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 6) {
    std::cerr << "usage: minimize_bench truth|pla <engine> <effort> <K> files...\n";
    return 2;
  }
  std::string mode = argv[1];
  minimize_params ps;
  bool reference = std::string(argv[2]) == "abc-ttopt";
  ps.engine = reference || mode == "model" ? Engine::abc : parse_engine(argv[2]);
  ps.effort = std::stoi(argv[3]);
  ps.lut_size = std::stoi(argv[4]);
  if (const char* t = std::getenv("LUTC_BENCH_THREADS")) ps.threads = std::max(1, std::atoi(t));  // inside one table
  if (std::getenv("LUTC_BENCH_VERBOSE")) ps.verbose = true, lutc::log::set_level(lutc::log::Level::verbose);  // engine work counters
  if (mode == "model") return run_models(ps, argv[2], 5, argc, argv);
  if (mode == "truth") {
    for (int i = 5; i < argc; ++i) {
      MultiFunction f = read_truth(argv[i]);
      minimize_stats st;
      LutNetwork net = minimize(f, ps, &st);
      bool ok = check_on_care_set(net, f);
      if (const char* dir = std::getenv("LUTC_BENCH_BLIF_DIR")) write_blif(net, std::string(dir) + "/" + base(argv[i]) + ".blif");
      std::printf("%s\t%zu\t%d\t%.3f\t%s\t%s\n", base(argv[i]).c_str(), st.luts, st.depth, st.seconds, ok ? "ok" : "WRONG",
                  st.engine_used.c_str());
      std::fflush(stdout);
    }
    return 0;
  }
  if (mode == "pla" && argc >= 7) {
    Pla train = read_pla(argv[5]), test = read_pla(argv[6]);
    MultiFunction f;
    f.num_vars = train.ni;
    TruthTable on(train.ni), care(train.ni);
    for (auto [m, v] : train.rows) {
      care.set(m, true);
      on.set(m, v);
    }
    f.on = {on};
    f.care = {care};
    ps.care_is_sample = true;  // the train minterms are a sample: generalization counts
    minimize_stats st;
    LutNetwork net;
    if (reference) {
      abc_params ap;
      ap.lut_size = ps.lut_size;
      ap.ttopt_only = true;
      auto t0 = std::chrono::steady_clock::now();
      net = abc_minimize(f, ap);
      st.luts = net.num_luts();
      st.depth = net.depth();
      st.engine_used = "abc-ttopt";
      st.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    } else {
      net = minimize(f, ps, &st);
    }
    bool ok = check_on_care_set(net, f);
    auto sim = net.simulate();
    size_t right = 0;
    for (auto [m, v] : test.rows) right += sim[0].get(m) == v;
    std::printf("%s\t%zu\t%d\t%.3f\t%s\t%.4f\t%s\n", base(argv[5]).c_str(), st.luts, st.depth, st.seconds, ok ? "ok" : "WRONG",
                static_cast<double>(right) / static_cast<double>(test.rows.size()), st.engine_used.c_str());
    return 0;
  }
  std::cerr << "bad arguments\n";
  return 2;
}
