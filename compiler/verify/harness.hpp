#pragma once
// The Verilator side of `verify`: a wrapper module that packs the design's ports into two bit
// vectors, a C++ harness (sim/harness.cpp.in) that streams vectors through it, the Verilator
// build with an on-disk cache of simulator binaries, and running the simulator on a chunk.
#include <cstdint>
#include <filesystem>
#include <future>
#include <memory>
#include <string>
#include <vector>

#include "backend/compiled_design.hpp"
#include "verify/records.hpp"

namespace lutc::verify {

/// What a simulator runs: the emitted RTL (wrapped, one vector per evaluation, built by Verilator)
/// or the bit-sliced C++ form of OUT/netlist.json (backend/sliced_writer.hpp, `lanes` vectors per
/// evaluation, built by the C++ compiler).
enum class sim_form { rtl, sliced };

/// $CXX if set, else "c++".
std::string default_cxx();

struct build_params {
  std::string verilator = "verilator";  // program name or path
  int jobs = 2;                         // Verilator and C++ compile jobs
  int lanes = 256;                      // sliced form: vectors per evaluation (a multiple of 64)
  std::string cxx = default_cxx();      // the C++ compiler of the sliced form (GCC or Clang: vector extensions)
};

/// A built simulator: `binary IN OUT` maps input records to output records (see sim/harness.cpp.in).
struct Simulator {
  std::filesystem::path binary;
  std::string key;           // cache key (hex)
  std::string top;           // the design's top module, to name the simulator in messages
  bool cache_hit = false;
  double build_seconds = 0;
  int in_words = 1;          // 32-bit words per input record
  int out_words = 1;         // 32-bit words per output record
  sim_form form = sim_form::rtl;
};

/// The generated simulation sources for one design.
struct HarnessSources {
  std::string wrapper_v;     // module lutc_sim_top(clk, in_bits, out_bits) instantiating the top
  std::string harness_cpp;
};


/// Renders the wrapper module and the harness for `design`.
HarnessSources generate_harness(const backend::DesignInfo& design);

/// First line of `verilator --version`; throws Diagnostic if Verilator cannot be run.
std::string verilator_version(const std::string& verilator);

/// The Verilator command line (without the source files) used to build every RTL simulator (the
/// sliced form is C++: detail::sliced_compile_command).
std::vector<std::string> verilator_command(const build_params& ps);

/// Returns a simulator binary for `design`, from the cache `util::cache_dir()/verilator/<key>`
/// when an identical build exists, else built with Verilator and added to the cache.
/// Throws Diagnostic with the tail of Verilator's log when the build fails.
Simulator build_simulator(const backend::CompiledDesign& out, const build_params& ps);

/// The sliced form's C++ units (lutc_sliced_<k>.cpp) and its harness (lutc_harness.cpp, last)
/// for `nl`, `lanes` vectors per evaluation, as (file name, text); the records are those of
/// generate_harness.
std::vector<std::pair<std::string, std::string>> generate_sliced_sources(const backend::DesignInfo& design,
                                                                         const backend::Netlist& nl, int lanes);

/// Like build_simulator, for the bit-sliced form of `nl` (the netlist of `out`, OUT/netlist.json):
/// `binary IN OUT` maps the same records. Cached under the same directory, keyed by the netlist and
/// the writer (detail::sliced_simulator_key); the C++ is written only when the key misses.
Simulator build_sliced_simulator(const backend::CompiledDesign& out, const backend::Netlist& nl, const build_params& ps);

/// One simulator process (`binary --stream`) serving every batch of a run: batches of records
/// go out as frames in order and come back in order, so the process is started once, no files
/// are written, and the next batch can be queued while the simulator works on this one.
class SimulatorStream {
 public:
  /// Starts `sim`; its stderr goes to `work_dir`/stderr.txt (quoted in errors).
  SimulatorStream(const Simulator& sim, const std::filesystem::path& work_dir);
  ~SimulatorStream();  // stops the process (killed if a batch is still in flight)
  SimulatorStream(const SimulatorStream&) = delete;
  SimulatorStream& operator=(const SimulatorStream&) = delete;

  /// Queues the records `inputs` (in_words each; their buffer must stay in place until the
  /// future is ready: the vector may be moved, not resized or destroyed). The future holds their output records (out_words each), or the Diagnostic of a
  /// failed, crashed or silent simulator.
  std::future<std::vector<uint32_t>> submit(const std::vector<uint32_t>& inputs);
  /// Ends the stream; throws Diagnostic unless the simulator exits cleanly.
  void finish();
  /// Seconds the simulator had at least one batch in hand (queued work, not the caller's).
  double busy_seconds() const;

 private:
  struct impl;
  std::unique_ptr<impl> impl_;
};

/// One batch through its own SimulatorStream: the output records of `inputs`; the simulator's
/// stderr goes to `work_dir`. Throws Diagnostic if the simulator fails.
std::vector<uint32_t> simulate(const Simulator& sim, const std::vector<uint32_t>& inputs,
                               const std::filesystem::path& work_dir);

namespace detail {
/// Moves the complete directory `staged` to `entry` unless another process installed a complete
/// `entry` (one holding `marker`) first; returns true if ours was installed. `staged` is gone
/// afterwards either way.
bool install_cache_entry(const std::filesystem::path& staged, const std::filesystem::path& entry,
                         const std::string& marker = "lutc_sim");
/// Cache directory of Verilator's runtime objects (verilated*.o) for RTL builds with `ps`.
std::filesystem::path runtime_cache_entry(const build_params& ps);
/// The compile command (without the source and object) of the sliced form's units or harness.
std::vector<std::string> sliced_compile_command(const build_params& ps, bool harness);
/// First line of `program --version` (cached per program); throws Diagnostic if it fails.
std::string tool_version(const std::string& program, const char* tool);
/// The host CPU's model name and feature flags (/proc/cpuinfo): part of the sliced simulator's
/// cache key, as it is compiled for the CPU that builds it (-march=native).
std::string host_cpu();
/// The cache key build_sliced_simulator uses, computed without writing the sliced form: the
/// netlist (as JSON), lanes, record words, the writer's version and fingerprint, the harness
/// template, the C++ compiler's version and commands, the host CPU.
std::string sliced_simulator_key(const backend::DesignInfo& design, const backend::Netlist& nl, const build_params& ps);
/// True if the simulator binary runs a trivial job (zero vectors) successfully; a damaged
/// binary (truncated, corrupted, missing libraries) fails to start or crashes.
bool simulator_starts(const std::filesystem::path& binary);
/// The last `lines` lines of `text`.
std::string tail_lines(const std::string& text, int lines);
}  // namespace detail

}  // namespace lutc::verify
