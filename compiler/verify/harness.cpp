#include "verify/harness.hpp"

#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <deque>
#include <fstream>
#include <functional>
#include <map>
#include <mutex>
#include <regex>
#include <sstream>
#include <thread>

#include "backend/netlist_json.hpp"
#include "backend/sliced_writer.hpp"
#include "util/diagnostic.hpp"
#include "util/fs.hpp"
#include "util/hash.hpp"
#include "util/log.hpp"
#include "util/parallel.hpp"
#include "util/process.hpp"
#include "util/resources.hpp"

namespace lutc::verify {
namespace fs = std::filesystem;

std::string default_cxx() {
  const char* cxx = std::getenv("CXX");
  return cxx && *cxx ? cxx : "c++";
}

namespace detail {

const char* const kBinaryName = "lutc_sim";
const char* const kSlicedHarnessFile = "lutc_harness.cpp";

// The sliced form's units at -O1: straight-line word operations on a state array, which -O2's
// scheduling stretches into longer live ranges; the harness at -O2 (its transposes vectorize).
// Both for the CPU that builds them (the cache key holds host_cpu()): the planes' vector type
// becomes AVX2 or AVX-512 instructions, and BMI's andn folds ~x & y.
std::vector<std::string> sliced_compile_command(const build_params& ps, bool harness) {
  return {ps.cxx, "-std=c++17", harness ? "-O2" : "-O1", "-march=native", "-c"};
}

/// `.name` for plain identifiers, the escaped form `.\name ` otherwise.
std::string port_reference(const std::string& name) {
  static const std::regex plain("[A-Za-z_][A-Za-z0-9_$]*");
  return std::regex_match(name, plain) ? "." + name : ".\\" + name + " ";
}

std::string connections(const backend::DesignInfo& d) {
  std::vector<std::string> lines;
  if (d.has_clock()) lines.push_back("  .clk(clk)");
  int pos = 0;
  for (const auto& p : d.inputs) {
    lines.push_back("  " + port_reference(p.name) + "(in_bits[" + std::to_string(pos + p.width - 1) + ":" +
                    std::to_string(pos) + "])");
    pos += p.width;
  }
  pos = 0;
  for (const auto& p : d.outputs) {
    lines.push_back("  " + port_reference(p.name) + "(out_bits[" + std::to_string(pos + p.width - 1) + ":" +
                    std::to_string(pos) + "])");
    pos += p.width;
  }
  std::string s;
  for (size_t i = 0; i < lines.size(); ++i) s += lines[i] + (i + 1 < lines.size() ? ",\n" : "");
  return s;
}

std::string tail_lines(const std::string& text, int lines) {
  size_t end = text.size();
  while (end > 0 && text[end - 1] == '\n') --end;
  size_t start = end;
  int seen = 0;
  while (start > 0) {
    size_t nl = text.rfind('\n', start - 1);
    if (nl == std::string::npos) {
      start = 0;
      break;
    }
    if (++seen == lines) {
      start = nl + 1;
      break;
    }
    start = nl;
  }
  return text.substr(start, end - start);
}

std::string seconds_text(double s) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f s", s);
  return buf;
}

bool simulator_starts(const fs::path& binary) {
  try {
    util::TempDir work("lutc-sim-check-");
    util::write_file(work.path() / "in", "");
    auto r = util::run_process({binary.string(), (work.path() / "in").string(), (work.path() / "out").string()},
                               {{}, util::timeouts::kQuick, "simulator self-test"});
    std::error_code ec;
    return r.exit_code == 0 && fs::file_size(work.path() / "out", ec) == 0 && !ec;
  } catch (const Diagnostic&) {
    return false;
  }
}

std::string host_cpu() {
  static const std::string id = [] {
    std::ifstream in("/proc/cpuinfo");
    std::string line, model, flags;
    while (std::getline(in, line) && (model.empty() || flags.empty())) {
      if (model.empty() && line.rfind("model name", 0) == 0) model = line;
      if (flags.empty() && (line.rfind("flags", 0) == 0 || line.rfind("Features", 0) == 0)) flags = line;
    }
    return model.empty() && flags.empty() ? std::string("unknown cpu") : model + "\n" + flags;
  }();
  return id;
}

bool install_cache_entry(const fs::path& staged, const fs::path& entry, const std::string& marker) {
  return util::publish_directory(staged, entry, util::publish_mode::keep_existing, marker);
}

/// Verilator's runtime library objects (obj/verilated*.o): the same for every design built with
/// the same Verilator, flags and compiler, and most of the C++ compile time of a small design.
std::vector<fs::path> runtime_objects(const fs::path& dir) {
  std::vector<fs::path> objects;
  std::error_code ec;
  for (const auto& e : fs::directory_iterator(dir, ec)) {
    std::string name = e.path().filename().string();
    if (name.rfind("verilated", 0) == 0 && e.path().extension() == ".o") objects.push_back(e.path());
  }
  std::sort(objects.begin(), objects.end());
  return objects;
}

/// Copies cached runtime objects into the build directory `obj`; returns the make flags that
/// keep make from rebuilding them (they depend on the freshly written Vdut.mk).
std::vector<std::string> seed_runtime_objects(const fs::path& runtime_entry, const fs::path& obj) {
  std::vector<std::string> make_flags;
  auto objects = runtime_objects(runtime_entry);
  if (objects.empty()) return make_flags;
  try {
    fs::create_directories(obj);
    for (const auto& o : objects) {
      fs::copy_file(o, obj / o.filename(), fs::copy_options::overwrite_existing);
      make_flags.push_back("-MAKEFLAGS");
      make_flags.push_back("--old-file=" + o.filename().string());
    }
  } catch (const fs::filesystem_error&) {  // another process is replacing the entry: build them
    std::error_code ec;
    for (const auto& o : objects) fs::remove(obj / o.filename(), ec);
    make_flags.clear();
  }
  return make_flags;
}

/// Adds the runtime objects of a successful build in `obj` to the cache as `runtime_entry`.
void save_runtime_objects(const fs::path& obj, const fs::path& staged, const fs::path& runtime_entry) {
  if (fs::exists(runtime_entry / "verilated.o")) return;
  auto objects = runtime_objects(obj);
  if (objects.empty()) return;
  try {  // best effort: the cache only saves time
    fs::create_directories(staged);
    for (const auto& o : objects) fs::copy_file(o, staged / o.filename());
    install_cache_entry(staged, runtime_entry, "verilated.o");
  } catch (const std::exception& e) {
    log::detail(std::string("verify: runtime objects not cached: ") + e.what());
  }
}

}  // namespace detail

fs::path detail::runtime_cache_entry(const build_params& ps) {
  build_params keyed = ps;
  keyed.jobs = 1;
  util::Hasher h;
  h.add("lutc-verify-runtime-v1").add(verilator_version(ps.verilator));
  for (const auto& arg : verilator_command(keyed)) h.add(arg);
  const char* cxx = std::getenv("CXX");
  h.add(cxx ? cxx : "");
  return util::cache_dir() / "verilator" / ("runtime-" + h.hex());
}

HarnessSources generate_harness(const backend::DesignInfo& design) {
  int in_bits = design.input_bits(), out_bits = design.output_bits();
  HarnessSources s;
  s.wrapper_v = util::render_template(util::resource("sim/wrapper.v.in"),
                                      {{"TOP", design.top},
                                       {"IN_MSB", std::to_string(std::max(in_bits, 1) - 1)},
                                       {"OUT_MSB", std::to_string(std::max(out_bits, 1) - 1)},
                                       {"CONNECTIONS", detail::connections(design)}});
  s.harness_cpp = util::render_template(util::resource("sim/harness.cpp.in"),
                                        {{"IN_WORDS", std::to_string(record_words(in_bits))},
                                         {"OUT_WORDS", std::to_string(record_words(out_bits))},
                                         {"HAS_CLOCK", design.has_clock() ? "true" : "false"},
                                         {"LATENCY", std::to_string(design.has_clock() ? design.latency : 0)}});
  return s;
}

namespace detail {
std::string tool_version(const std::string& program, const char* tool) {
  static std::mutex mutex;
  static std::map<std::string, std::string> known;
  std::lock_guard<std::mutex> lock(mutex);
  if (auto it = known.find(program); it != known.end()) return it->second;
  util::ProcessResult r = util::run_process({program, "--version"}, {{}, util::timeouts::kQuick, tool});
  if (r.exit_code != 0)
    throw Diagnostic("'" + program + " --version' failed (exit " + std::to_string(r.exit_code) + "): " +
                     detail::tail_lines(r.output, 5));
  std::string line = r.output.substr(0, r.output.find('\n'));
  known[program] = line;
  return line;
}
}  // namespace detail

std::string verilator_version(const std::string& verilator) { return detail::tool_version(verilator, "verilator"); }

std::vector<std::string> verilator_command(const build_params& ps) {
  // Generated RTL trips many lint rules by design (unused LUT inputs, width-extended constants);
  // those warnings say nothing about correctness, which the comparison checks.
  // The generated model is compiled at -O1, not Verilator's default -Os: on a 2.9k-LUT design
  // that takes a third less compiler time and memory and simulates no slower (docs/benchmarks.md).
  // The RTL checking only a prefix beside the sliced form is built the same way:
  // the same key, so one simulator serves both roles (a default verify builds it, a long one
  // reuses it), and it simulates twice as fast as at -O0 (docs/benchmarks.md, session 17).
  std::vector<std::string> argv = {ps.verilator, "--cc", "--exe", "--build", "-O2", "-j", std::to_string(std::max(ps.jobs, 1))};
  for (const char* f : {"OPT_FAST=-O1", "OPT_GLOBAL=-O1"}) {
    argv.push_back("-MAKEFLAGS");
    argv.push_back(f);
  }
  for (const char* a : {"--top-module", "lutc_sim_top"}) argv.push_back(a);
  for (const char* a : {"--prefix", "Vdut", "-Mdir", "obj", "-o", detail::kBinaryName, "--no-timing", "--x-assign", "0",
                        "--x-initial", "0", "-Wno-fatal", "-Wno-lint", "-Wno-style", "-Wno-UNOPTFLAT", "-Wno-MULTITOP",
                        "-Wno-SYMRSVDWORD"})
    argv.push_back(a);
  return argv;
}

namespace detail {

/// What one simulator is built from.
struct SimulatorSources {
  std::vector<fs::path> files;                              // RTL files as they are
  std::vector<std::pair<std::string, std::string>> generated;  // (file name, text) written into the build
  // Set for sources that are costly to generate (the sliced form): the key hashes `identity`
  // (everything the generated text is a function of) and `generate` makes the text on a miss.
  std::vector<std::string> identity;
  std::function<std::vector<std::pair<std::string, std::string>>()> generate;
  sim_form form = sim_form::rtl;
  std::string top;                                          // the design's top, for messages
  std::string what;                                         // "the simulator", "the sliced simulator"
  int in_words = 1, out_words = 1;
};

std::string simulator_key(const SimulatorSources& src, const build_params& ps) {
  util::Hasher h;
  if (src.form == sim_form::sliced) {
    h.add("lutc-verify-sliced-simulator-v1").add(tool_version(ps.cxx, "c++"));
    for (bool harness : {false, true})
      for (const auto& arg : sliced_compile_command(ps, harness)) h.add(arg);
    h.add(host_cpu());  // compiled for this CPU (-march=native)
  } else {
    h.add("lutc-verify-simulator-v1").add(verilator_version(ps.verilator));
    build_params keyed = ps;
    keyed.jobs = 1;  // the job count does not change the binary
    for (const auto& arg : verilator_command(keyed)) h.add(arg);
  }
  for (const auto& f : src.files) h.add(f.filename().string()).add(util::read_file(f));
  for (const auto& [name, text] : src.generated) h.add(name).add(text);
  if (src.generate) {
    h.add("identity");
    for (const auto& part : src.identity) h.add(part);
  }
  return h.hex();
}

std::string command_line(const std::vector<std::string>& argv) {
  std::string line;
  for (const auto& a : argv) line += (line.empty() ? "" : " ") + a;
  return line;
}

/// A binary built in a temporary directory, with its build log and the tool that built it.
struct BuildResult {
  fs::path binary;
  std::string log;
  std::string tool;  // "verilator: <version>", "c++: <version>"
};

/// Verilator on the design's files and the generated ones (already written into `dir`).
BuildResult build_with_verilator(const SimulatorSources& src, const std::vector<std::pair<std::string, std::string>>& generated,
                                 const build_params& ps, const fs::path& dir) {
  log::info("verify: building " + src.what + " with Verilator (" + std::to_string(src.files.size() + generated.size() - 1) +
            " RTL files)");
  std::vector<std::string> argv = verilator_command(ps);
  for (const auto& f : src.files) argv.push_back(f.string());
  for (const auto& [name, text] : generated) argv.push_back(name);
  // Cached runtime objects skip most of the C++ compile. Should they not link (a changed
  // compiler, say), the build is retried from scratch once verilation itself has succeeded.
  fs::path runtime_entry = runtime_cache_entry(ps);
  std::vector<std::string> make_flags = seed_runtime_objects(runtime_entry, dir / "obj");
  std::vector<std::string> seeded_argv = argv;
  seeded_argv.insert(seeded_argv.begin() + 1, make_flags.begin(), make_flags.end());
  util::ProcessResult r = util::run_process(seeded_argv, {dir, util::timeouts::kVerilatorBuild, "verilator"});
  std::error_code ec;
  if (r.exit_code != 0 && !make_flags.empty() && fs::exists(dir / "obj" / "Vdut.mk")) {
    log::warn("verify: the build with cached Verilator runtime objects failed; retrying without them");
    fs::remove_all(dir / "obj");
    r = util::run_process(argv, {dir, util::timeouts::kVerilatorBuild, "verilator"});
    if (r.exit_code == 0) fs::remove_all(runtime_entry, ec);  // replaced below by this build's objects
  }
  if (r.exit_code != 0 || !fs::exists(dir / "obj" / kBinaryName))
    throw Diagnostic("Verilator failed (exit " + std::to_string(r.exit_code) + ") building " + src.what + " of '" +
                         src.top + "'; last lines of its log:\n" + tail_lines(r.output, 25));
  size_t warnings = 0;
  for (size_t at = r.output.find("%Warning"); at != std::string::npos; at = r.output.find("%Warning", at + 1)) ++warnings;
  if (warnings > 0) log::detail("verify: Verilator reported " + std::to_string(warnings) + " warnings (see build.log)");
  save_runtime_objects(dir / "obj", dir / "runtime", runtime_entry);
  return {dir / "obj" / kBinaryName, r.output, "verilator: " + verilator_version(ps.verilator)};
}

/// The sliced form's generated C++ (already written into `dir`): every .cpp compiled on its own,
/// `ps.jobs` at a time, then linked.
BuildResult build_with_cxx(const SimulatorSources& src, const std::vector<std::pair<std::string, std::string>>& generated,
                           const build_params& ps, const fs::path& dir) {
  log::info("verify: building " + src.what + " with " + ps.cxx + " (" + std::to_string(generated.size()) + " C++ files)");
  std::vector<std::vector<std::string>> compiles;
  std::vector<std::string> link = {ps.cxx, "-o", kBinaryName};
  for (const auto& [name, text] : generated) {
    std::vector<std::string> argv = sliced_compile_command(ps, name == kSlicedHarnessFile);
    const std::string object = fs::path(name).stem().string() + ".o";
    argv.insert(argv.end(), {name, "-o", object});
    compiles.push_back(std::move(argv));
    link.push_back(object);
  }
  std::vector<util::ProcessResult> results(compiles.size());
  util::parallel_for(compiles.size(), ps.jobs, [&](size_t i) {
    results[i] = util::run_process(compiles[i], {dir, util::timeouts::kVerilatorBuild, "c++"});
  });
  std::string log;
  for (size_t i = 0; i < compiles.size(); ++i) {
    log += command_line(compiles[i]) + "\n" + results[i].output;
    if (results[i].exit_code != 0)
      throw Diagnostic(ps.cxx + " failed (exit " + std::to_string(results[i].exit_code) + ") compiling " + generated[i].first +
                       " of " + src.what + " of '" + src.top + "'; last lines of its log:\n" + tail_lines(results[i].output, 25));
  }
  util::ProcessResult r = util::run_process(link, {dir, util::timeouts::kVerilatorBuild, "c++"});
  log += command_line(link) + "\n" + r.output;
  if (r.exit_code != 0 || !fs::exists(dir / kBinaryName))
    throw Diagnostic(ps.cxx + " failed (exit " + std::to_string(r.exit_code) + ") linking " + src.what + " of '" + src.top +
                     "'; last lines of its log:\n" + tail_lines(r.output, 25));
  return {dir / kBinaryName, log, "c++: " + tool_version(ps.cxx, "c++")};
}

Simulator build_from_sources(const SimulatorSources& src, const build_params& ps) {
  auto start = std::chrono::steady_clock::now();
  Simulator sim;
  sim.key = simulator_key(src, ps);
  sim.in_words = src.in_words;
  sim.out_words = src.out_words;
  sim.form = src.form;
  fs::path root = util::cache_dir() / "verilator";
  fs::path entry = root / sim.key;
  sim.binary = entry / kBinaryName;
  sim.top = src.top;
  if (fs::exists(sim.binary)) {
    if (simulator_starts(sim.binary)) {
      sim.cache_hit = true;
      log::detail("verify: " + src.what + " " + sim.key + " found in cache " + entry.string());
      return sim;
    }
    // Damaged (a crash mid-copy, disk errors, a changed system library): set it aside, rebuild.
    log::warn("verify: the cached " + src.what.substr(4) + " of '" + src.top + "' does not start; rebuilding it");
    std::error_code ec;
    fs::path aside = root / (".damaged-" + sim.key + "-" + std::to_string(getpid()));
    fs::rename(entry, aside, ec);
    fs::remove_all(ec ? entry : aside, ec);
  }

  std::vector<std::pair<std::string, std::string>> generated = src.generated;
  if (src.generate) {
    auto more = src.generate();
    generated.insert(generated.end(), more.begin(), more.end());
  }
  std::error_code ec;
  fs::create_directories(root, ec);
  if (ec) throw Diagnostic(root.string(), 0, 0, "cannot create the cache directory: " + ec.message());
  util::TempDir tmp(".build-" + sim.key + "-", root);
  for (const auto& [name, text] : generated) util::write_file(tmp.path() / name, text);
  const BuildResult built = src.form == sim_form::sliced ? build_with_cxx(src, generated, ps, tmp.path())
                                                         : build_with_verilator(src, generated, ps, tmp.path());
  fs::path staged = tmp.path() / "entry";
  fs::create_directories(staged);
  fs::rename(built.binary, staged / kBinaryName);
  util::write_file(staged / "build.log", built.log);
  std::string inputs = built.tool + "\ntop: " + src.top + "\nform: " + (src.form == sim_form::sliced ? "sliced" : "rtl") + "\n";
  for (const auto& f : src.files) inputs += "file: " + f.string() + "\n";
  util::write_file(staged / "inputs.txt", inputs);
  install_cache_entry(staged, entry);
  sim.build_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  log::info("verify: built " + src.what + " in " + seconds_text(sim.build_seconds) + " (cached as " + sim.key + ")");
  return sim;
}

}  // namespace detail

namespace detail {
// What both simulator forms share: the form, the design's name and its records.
SimulatorSources simulator_sources(const backend::DesignInfo& design, sim_form form, const char* what) {
  SimulatorSources src;
  src.form = form;
  src.top = design.top;
  src.what = what;
  src.in_words = record_words(design.input_bits());
  src.out_words = record_words(design.output_bits());
  return src;
}
}  // namespace detail

Simulator build_simulator(const backend::CompiledDesign& out, const build_params& ps) {
  const backend::DesignInfo& design = out.design();
  detail::SimulatorSources src = detail::simulator_sources(design, sim_form::rtl, "the simulator");
  const HarnessSources sources = generate_harness(design);
  src.generated = {{"lutc_sim_top.v", sources.wrapper_v}, {"lutc_harness.cpp", sources.harness_cpp}};
  src.files = out.simulation_files();
  return detail::build_from_sources(src, ps);
}

std::vector<std::pair<std::string, std::string>> generate_sliced_sources(const backend::DesignInfo& design,
                                                                         const backend::Netlist& nl, int lanes) {
  backend::sliced_stats st;
  backend::sliced_source form = backend::emit_sliced_cpp(nl, backend::sliced_params{lanes}, &st);
  log::detail("verify: sliced form: " + std::to_string(st.luts) + " LUTs (" + std::to_string(st.lut_ops) + " word ops), " +
              std::to_string(st.cells) + " adder cells (" + std::to_string(st.cell_ops) + "), " + std::to_string(st.slots) +
              " state planes, " + std::to_string(st.functions) + " functions in " + std::to_string(st.units) + " units");
  std::vector<std::pair<std::string, std::string>> files;
  for (size_t u = 0; u < form.units.size(); ++u) files.emplace_back("lutc_sliced_" + std::to_string(u) + ".cpp", std::move(form.units[u]));
  files.emplace_back(detail::kSlicedHarnessFile,
                     util::render_template(util::resource("sim/sliced_harness.cpp.in"),
                                           {{"IN_WORDS", std::to_string(record_words(design.input_bits()))},
                                            {"OUT_WORDS", std::to_string(record_words(design.output_bits()))},
                                            {"IN_BITS", std::to_string(nl.port_input_bits())},
                                            {"OUT_BITS", std::to_string(nl.luts.pos().size())},
                                            {"LANES", std::to_string(lanes)}}));
  return files;
}

namespace detail {

std::string sliced_writer_fingerprint() {
  // A few 6-input functions through the LUT synthesis: a changed decomposition changes the key
  // even if kSlicedWriterVersion was not bumped.
  static const std::vector<std::string> vars = {"a", "b", "c", "d", "e", "f"};
  std::string text;
  uint64_t x = 0x9e3779b97f4a7c15ULL;
  for (int i = 0; i < 8; ++i) {
    x ^= x << 13, x ^= x >> 7, x ^= x << 17;
    text += backend::detail::lut_expression(x, vars) + "\n";
  }
  return text;
}

SimulatorSources sliced_simulator_sources(const backend::DesignInfo& design, const backend::Netlist& nl, int lanes) {
  SimulatorSources src = simulator_sources(design, sim_form::sliced, "the sliced simulator");
  // What generate_sliced_sources's text is a function of: writing the form itself costs more
  // than a cached run of a million vectors on a few thousand LUTs, so it is written on a miss only.
  const backend::sliced_params split;
  src.identity = {"sliced", backend::kSlicedWriterVersion, sliced_writer_fingerprint(),
                  std::to_string(split.statements_per_function), std::to_string(split.functions_per_unit),
                  util::resource("sim/sliced_harness.cpp.in"), std::to_string(lanes), std::to_string(src.in_words),
                  std::to_string(src.out_words), backend::netlist_to_json(nl).dump()};
  src.generate = [&design, &nl, lanes] { return generate_sliced_sources(design, nl, lanes); };
  return src;
}

std::string sliced_simulator_key(const backend::DesignInfo& design, const backend::Netlist& nl, const build_params& ps) {
  return simulator_key(sliced_simulator_sources(design, nl, ps.lanes), ps);
}

}  // namespace detail

Simulator build_sliced_simulator(const backend::CompiledDesign& out, const backend::Netlist& nl, const build_params& ps) {
  return detail::build_from_sources(detail::sliced_simulator_sources(out.design(), nl, ps.lanes), ps);
}

struct SimulatorStream::impl {
  struct frame {
    const uint32_t* inputs = nullptr;  // the caller's records, in place until `result` is ready
    size_t words = 0;
    std::promise<std::vector<uint32_t>> result;
  };
  const Simulator& sim;
  util::StreamingProcess process;
  std::mutex mutex;
  std::condition_variable changed;
  std::deque<std::shared_ptr<frame>> to_write, to_read;  // to_read: written or being written
  bool closing = false;
  std::string write_error;   // why the writer stopped (quoted by the reader)
  size_t pending = 0;        // submitted and not yet answered
  std::chrono::steady_clock::time_point busy_since;
  double busy = 0;
  std::thread writer, reader;

  impl(const Simulator& s, const fs::path& work_dir)
      : sim(s),
        process({s.binary.string(), "--stream"},
                util::process_params{{}, util::timeouts::kSimulation, "the simulator of '" + s.top + "'"},
                work_dir / "stderr.txt") {
    writer = std::thread([this] { write_frames(); });
    reader = std::thread([this] { read_frames(); });
  }

  /// The front of `queue` once there is one (taken off with `pop`); null when closing and empty.
  std::shared_ptr<frame> next(std::deque<std::shared_ptr<frame>>& queue, bool pop) {
    std::unique_lock lock(mutex);
    changed.wait(lock, [&] { return closing || !queue.empty(); });
    if (queue.empty()) return nullptr;
    std::shared_ptr<frame> f = queue.front();
    if (pop) queue.pop_front();
    return f;
  }

  void write_frames() {
    while (std::shared_ptr<frame> f = next(to_write, true)) {
      try {
        const uint64_t count = f->words / static_cast<size_t>(sim.in_words);
        process.write(&count, sizeof count);  // little-endian hosts (x86-64, AArch64)
        process.write(f->inputs, f->words * sizeof(uint32_t));
      } catch (const std::exception& e) {
        std::lock_guard lock(mutex);
        write_error = e.what();
        return;  // the reader finds the stream ended and reports this
      }
    }
  }

  void read_frames() {
    while (std::shared_ptr<frame> f = next(to_read, false)) {  // popped once answered
      const size_t count = f->words / static_cast<size_t>(sim.in_words);
      std::vector<uint32_t> outputs(count * static_cast<size_t>(sim.out_words));
      std::exception_ptr failed;
      try {
        process.read(outputs.data(), outputs.size() * sizeof(uint32_t));
      } catch (const std::exception& e) {
        std::lock_guard lock(mutex);
        failed = std::make_exception_ptr(Diagnostic(write_error.empty() ? std::string(e.what()) : write_error));
      }
      {
        std::lock_guard lock(mutex);
        to_read.pop_front();
        if (--pending == 0) busy += std::chrono::duration<double>(std::chrono::steady_clock::now() - busy_since).count();
      }
      if (failed) {
        f->result.set_exception(failed);
        fail_all(failed);
        return;
      }
      f->result.set_value(std::move(outputs));
    }
  }

  /// After a failure every queued frame gets the same error.
  void fail_all(const std::exception_ptr& e) {
    std::lock_guard lock(mutex);
    for (auto& f : to_read) f->result.set_exception(e);
    to_read.clear();
    to_write.clear();
    closing = true;
    changed.notify_all();
  }

  void stop() {
    {
      std::lock_guard lock(mutex);
      closing = true;
    }
    changed.notify_all();
    if (writer.joinable()) writer.join();
  }
};

SimulatorStream::SimulatorStream(const Simulator& sim, const fs::path& work_dir) : impl_(std::make_unique<impl>(sim, work_dir)) {}

SimulatorStream::~SimulatorStream() {
  if (!impl_) return;
  {
    std::lock_guard lock(impl_->mutex);
    impl_->to_write.clear();
    if (!impl_->to_read.empty()) impl_->process.kill();  // a batch in flight: nobody waits for it
  }
  impl_->stop();
  if (impl_->reader.joinable()) impl_->reader.join();
}

std::future<std::vector<uint32_t>> SimulatorStream::submit(const std::vector<uint32_t>& inputs) {
  if (inputs.size() % static_cast<size_t>(impl_->sim.in_words) != 0)
    throw std::invalid_argument("SimulatorStream::submit: input size is not a whole number of records");
  auto f = std::make_shared<impl::frame>();
  f->inputs = inputs.data();
  f->words = inputs.size();
  auto result = f->result.get_future();
  {
    std::lock_guard lock(impl_->mutex);
    if (impl_->closing) throw Diagnostic(impl_->process.what() + " has stopped");
    if (impl_->pending++ == 0) impl_->busy_since = std::chrono::steady_clock::now();
    impl_->to_write.push_back(f);
    impl_->to_read.push_back(f);
  }
  impl_->changed.notify_all();
  return result;
}

void SimulatorStream::finish() {
  impl_->stop();  // every frame is written
  if (impl_->reader.joinable()) impl_->reader.join();  // and answered (or failed)
  const int code = impl_->process.finish();
  if (code != 0)
    throw Diagnostic(impl_->process.what() + " failed (exit " + std::to_string(code) + "): " + impl_->process.errors());
}

std::vector<uint32_t> simulate(const Simulator& sim, const std::vector<uint32_t>& inputs, const fs::path& work_dir) {
  SimulatorStream stream(sim, work_dir);
  std::vector<uint32_t> outputs = stream.submit(inputs).get();
  stream.finish();
  return outputs;
}

double SimulatorStream::busy_seconds() const {
  std::lock_guard lock(impl_->mutex);
  return impl_->busy;
}

}  // namespace lutc::verify
