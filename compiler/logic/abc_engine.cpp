#include "logic/abc_engine.hpp"

#include <stdlib.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <sstream>

#include "logic/lut_opt.hpp"
#include "util/diagnostic.hpp"
#include "util/fs.hpp"
#include "util/process.hpp"

namespace lutc::logic {
namespace fs = std::filesystem;
namespace detail {

std::vector<std::string> split_ws(const std::string& line) {
  std::istringstream ss(line);
  std::vector<std::string> out;
  std::string w;
  while (ss >> w) out.push_back(w);
  return out;
}

}  // namespace detail

LutNetwork read_abc_blif(const std::string& text, int num_inputs, int num_outputs) {
  struct Node {
    std::vector<std::string> fanins;
    std::vector<std::pair<std::string, char>> rows;
  };
  std::vector<std::string> inputs, outputs;
  std::map<std::string, Node> nodes;
  // Join continuation lines, drop comments.
  std::vector<std::string> lines;
  {
    std::istringstream ss(text);
    std::string line, acc;
    while (std::getline(ss, line)) {
      if (auto h = line.find('#'); h != std::string::npos) line.resize(h);
      if (!line.empty() && line.back() == '\\') {
        acc += line.substr(0, line.size() - 1) + " ";
        continue;
      }
      lines.push_back(acc + line);
      acc.clear();
    }
  }
  Node* cur = nullptr;
  for (const auto& line : lines) {
    auto w = detail::split_ws(line);
    if (w.empty()) continue;
    if (w[0] == ".inputs") { inputs.insert(inputs.end(), w.begin() + 1, w.end()); cur = nullptr; }
    else if (w[0] == ".outputs") { outputs.insert(outputs.end(), w.begin() + 1, w.end()); cur = nullptr; }
    else if (w[0] == ".names") {
      Node n;
      n.fanins.assign(w.begin() + 1, w.end() - 1);
      cur = &(nodes[w.back()] = n);
    } else if (w[0][0] == '.') {
      if (w[0] == ".latch" || w[0] == ".subckt" || w[0] == ".gate") throw MinimizeError("abc: unexpected " + w[0] + " in BLIF");
      cur = nullptr;
    } else if (cur) {
      if (cur->fanins.empty() && w.size() == 1) cur->rows.emplace_back("", w[0][0]);
      else if (w.size() == 2) cur->rows.emplace_back(w[0], w[1][0]);
      else throw MinimizeError("abc: bad BLIF cover line '" + line + "'");
    }
  }
  if (static_cast<int>(inputs.size()) != num_inputs || static_cast<int>(outputs.size()) != num_outputs)
    throw MinimizeError("abc: BLIF interface has " + std::to_string(inputs.size()) + " inputs and " +
                        std::to_string(outputs.size()) + " outputs");
  LutNetwork net(static_cast<uint32_t>(num_inputs));
  LutBuilder b(net);
  std::map<std::string, Signal> sig;
  for (int i = 0; i < num_inputs; ++i) sig[inputs[i]] = net.pi(static_cast<uint32_t>(i));
  std::map<std::string, int> state;  // 1 = in progress
  // Depth-first so the BLIF need not be topologically ordered.
  auto build = [&](auto& self, const std::string& name) -> Signal {
    if (auto it = sig.find(name); it != sig.end()) return it->second;
    auto nit = nodes.find(name);
    if (nit == nodes.end()) throw MinimizeError("abc: undriven BLIF signal '" + name + "'");
    if (state[name] == 1) throw MinimizeError("abc: combinational loop at '" + name + "'");
    state[name] = 1;
    const Node& n = nit->second;
    if (n.fanins.size() > 6) throw MinimizeError("abc: node '" + name + "' has more than 6 inputs");
    std::vector<Signal> fanins;
    for (const auto& f : n.fanins) fanins.push_back(self(self, f));
    int k = static_cast<int>(n.fanins.size());
    uint64_t cover = 0;
    bool offset = !n.rows.empty() && n.rows[0].second == '0';
    for (const auto& [cube, val] : n.rows) {
      if ((val == '0') != offset) throw MinimizeError("abc: mixed on/off cover at '" + name + "'");
      for (uint64_t r = 0; r < (uint64_t{1} << k); ++r) {
        bool match = true;
        for (int i = 0; i < k && match; ++i) {
          char c = cube[i];
          if (c == '-') continue;
          if ((c == '1') != static_cast<bool>((r >> i) & 1)) match = false;
        }
        if (match) cover |= uint64_t{1} << r;
      }
    }
    uint64_t init = offset ? ~cover & word_mask(k) : cover;
    Signal s = b.add(fanins, init);
    sig[name] = s;
    state[name] = 2;
    return s;
  };
  for (const auto& o : outputs) net.add_po(build(build, o));
  net.remove_dangling();
  return net;
}

std::string write_lut_blif(const LutNetwork& net, const std::vector<Signal>& pos) {
  std::ostringstream out;
  auto name = [&](Signal s) {
    if (s == LutNetwork::const0) return std::string("c0");
    if (s == LutNetwork::const1) return std::string("c1");
    if (net.is_pi(s)) return "pi" + std::to_string(s - 2);
    return "n" + std::to_string(s);
  };
  out << ".model lutc\n.inputs";
  for (uint32_t i = 0; i < net.num_pis(); ++i) out << " pi" << i;
  out << "\n.outputs";
  for (size_t j = 0; j < pos.size(); ++j) out << " po" << j;
  out << "\n.names c0\n.names c1\n1\n";
  for (size_t i = 0; i < net.num_luts(); ++i) {
    const logic::Lut& l = net.luts()[i];
    if (l.init == 0) {  // ABC rejects a cover without cubes on a node with fanins
      out << ".names " << name(net.lut_signal(i)) << '\n';
      continue;
    }
    out << ".names";
    for (Signal f : l.fanins) out << ' ' << name(f);
    out << ' ' << name(net.lut_signal(i)) << '\n';
    for (uint64_t r = 0; r < (uint64_t{1} << l.fanins.size()); ++r) {
      if (!((l.init >> r) & 1)) continue;
      for (size_t k = 0; k < l.fanins.size(); ++k) out << (((r >> k) & 1) ? '1' : '0');
      out << " 1\n";
    }
  }
  for (size_t j = 0; j < pos.size(); ++j) out << ".names " << name(pos[j]) << " po" << j << "\n1 1\n";
  out << ".end\n";
  return out.str();
}


namespace detail {
LutNetwork abc_run(const MultiFunction& f, const abc_params& ps, abc_stats* st);
}

LutNetwork abc_minimize(const MultiFunction& f, const abc_params& ps, abc_stats* st) {
  // ABC (2022-10) crashes on constant outputs and on tables of fewer than 3 inputs: constant
  // outputs are tied off here, small tables padded with unused inputs.
  MultiFunction g;
  g.num_vars = std::max(f.num_vars, 3);
  std::vector<int> constant(f.on.size(), -1);
  for (size_t j = 0; j < f.on.size(); ++j) {
    TruthTable on = f.on[j] & f.care[j];
    if (is_const0(on)) { constant[j] = 0; continue; }
    if (on == f.care[j]) { constant[j] = 1; continue; }
    TruthTable pon(g.num_vars), pcare(g.num_vars);
    uint64_t mask = (uint64_t{1} << f.num_vars) - 1;
    for (uint64_t x = 0; x < pon.num_bits(); ++x) {
      pon.set(x, on.get(x & mask));
      pcare.set(x, f.care[j].get(x & mask));
    }
    g.on.push_back(pon);
    g.care.push_back(pcare);
  }
  LutNetwork net(static_cast<uint32_t>(f.num_vars));
  std::vector<Signal> outs;
  if (!g.on.empty()) {
    LutNetwork sub = detail::abc_run(g, ps, st);
    std::vector<Signal> ins;
    for (int i = 0; i < g.num_vars; ++i) ins.push_back(i < f.num_vars ? net.pi(static_cast<uint32_t>(i)) : LutNetwork::const0);
    outs = append_network(net, sub, ins);
  }
  size_t next = 0;
  for (size_t j = 0; j < f.on.size(); ++j)
    net.add_po(constant[j] == 0 ? LutNetwork::const0 : constant[j] == 1 ? LutNetwork::const1 : outs[next++]);
  lut_opt_params lp;
  lp.lut_size = ps.lut_size;
  return optimize_luts(net, lp);
}

namespace detail {

LutNetwork abc_run(const MultiFunction& f, const abc_params& ps, abc_stats* st) {
  auto t0 = std::chrono::steady_clock::now();
  const int m = static_cast<int>(f.on.size());
  if (f.num_vars < 1 || m < 1) throw MinimizeError("abc: needs at least one input and one output");
  if (f.num_vars < 3) throw MinimizeError("abc: tables need at least 3 inputs (padded by abc_minimize)");
  const int n = f.num_vars;
  std::unique_ptr<util::TempDir> made;
  try {
    made = std::make_unique<util::TempDir>("lutc-abc-");
  } catch (const Diagnostic& e) {
    throw MinimizeError(std::string("abc: ") + e.what());
  }
  util::TempDir& dir = *made;
  if (ps.keep_files) dir.keep();
  // Care = union of the per-output care sets; DCs of the on-set are written as 0.
  TruthTable care(n);
  for (const auto& c : f.care) care = care | c;
  bool full = count_ones(care) == care.num_bits();
  {
    std::string truth;
    for (int j = 0; j < m; ++j) truth += to_binary(f.on[j] & f.care[j]) + "\n";
    util::write_file(dir.path() / "f.truth", truth);
  }
  std::string ttopt = "&ttopt -I " + std::to_string(n) + " -O " + std::to_string(m);
  if (!full) {
    // Simulation file: for input i, words of bits over patterns; pattern k = k-th care minterm.
    std::vector<uint64_t> mints;
    for (uint64_t x = 0; x < care.num_bits(); ++x)
      if (care.get(x)) mints.push_back(x);
    if (mints.empty()) mints.push_back(0);
    size_t words = (mints.size() + 63) / 64;
    // Pad with the first care minterm so padding adds no new care minterm.
    mints.resize(words * 64, mints[0]);
    std::vector<uint64_t> data(static_cast<size_t>(n) * words, 0);
    for (int i = 0; i < n; ++i)
      for (size_t k = 0; k < mints.size(); ++k)
        if ((mints[k] >> i) & 1) data[static_cast<size_t>(i) * words + k / 64] |= uint64_t{1} << (k % 64);
    std::ofstream out(dir.path() / "care.sim", std::ios::binary);
    out.write(reinterpret_cast<const char*>(data.data()), static_cast<std::streamsize>(data.size() * 8));
    if (!out) throw MinimizeError("abc: cannot write the care file");
    ttopt += " -R 1 care.sim";
  }
  std::string k = std::to_string(ps.lut_size);
  std::string script = "read_truth -xf f.truth; &get -n; " + ttopt;
  if (ps.ttopt_only) {
    script += "; &if -K " + k + " -a";
  } else {
    script += "; &dch -f; &if -K " + k + " -a; &mfs";
    if (ps.effort >= 1) script += "; &satlut -N 64 -C 1000";
    if (ps.effort >= 2) script += "; &mfs; &satlut -N 64 -C 1000";
  }
  script += "; &put; write_blif out.blif";
  if (st) st->script = script;
  util::ProcessResult r;
  try {
    r = util::run_process({ps.binary, "-c", script}, {dir.path(), util::timeouts::kAbc, "abc"});
  } catch (const Diagnostic& e) {
    throw MinimizeError(e.what());
  }
  if (r.exit_code != 0 || !fs::exists(dir.path() / "out.blif"))
    throw MinimizeError("abc failed (exit " + std::to_string(r.exit_code) + "): " + r.output.substr(0, 2000));
  LutNetwork net = read_abc_blif(util::read_file(dir.path() / "out.blif"), n, m);
  if (!ps.ttopt_only) {  // the reference flow is measured as ABC leaves it
    lut_opt_params lp;
    lp.lut_size = ps.lut_size;
    net = optimize_luts(net, lp);
  }
  if (st) st->seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  return net;
}

}  // namespace detail
}  // namespace lutc::logic
