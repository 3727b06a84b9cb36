#pragma once
// Minimization jobs: one table's minimization as a self-contained text file, so a batch engine
// (GNU parallel, SLURM, HTCondor) can solve tables on other machines (docs/cluster.md).
//
// A job holds the function (every output's on-set and care set) and the parameters that decide
// the result; it is named `<cache key>.job` after the key of logic/minimize_cache.hpp, and its
// solution is written to the cache under that key, where `lutc compile` looks for it. So a job
// is solved once however many plans list it, and any number of workers may share one cache.
#include <cstddef>
#include <filesystem>
#include <mutex>
#include <set>
#include <string>
#include <vector>

#include "logic/minimize.hpp"

namespace lutc::logic {

struct MinimizeJob {
  MultiFunction function;
  minimize_params params;  // lut_size, engine, effort, care_is_sample (the rest is the worker's)
  std::string key;         // minimize_cache_key(function, params)
};

/// The text of the job minimizing `f` under `ps`.
std::string serialize_job(const MultiFunction& f, const minimize_params& ps);

/// Parses a job; throws Diagnostic `FILE:LINE: error: ...` on a syntax error, a truncated file,
/// another engine version, or content that does not match the key it states (corruption).
MinimizeJob parse_job(const std::string& text, const std::string& file);

struct minimize_job_params {
  std::filesystem::path cache_dir;  // root of the cache (results in <root>/minimize); "" = util::cache_dir()
  int threads = 1;                  // inside the table (same result for any count)
  std::string abc_binary = minimize_params{}.abc_binary;
};

struct minimize_job_stats {
  std::string key;
  size_t luts = 0;
  int depth = 0;
  std::string engine_used;
  bool already_solved = false;      // the cache held a valid result: nothing was minimized
  double seconds = 0;
};

/// `lutc minimize-job`: solves the job file `job` into the cache (atomic write; concurrent
/// workers on one cache are safe). Throws Diagnostic on a bad job file.
minimize_job_stats run_minimize_job(const std::filesystem::path& job, const minimize_job_params& ps);

/// Collects the jobs of a `lutc compile --plan DIR` run: writes each distinct job once (atomically,
/// skipping a file already there), then the list `DIR/jobs.txt`. Safe on many threads.
class JobPlanner {
 public:
  explicit JobPlanner(std::filesystem::path dir);

  /// Writes the job of `f` under `ps` (if new) and records it.
  void add(const MultiFunction& f, const minimize_params& ps);
  /// Writes DIR/jobs.txt: the absolute path of every recorded job, one a line, sorted; returns it.
  std::filesystem::path write_list() const;
  size_t size() const;

 private:
  std::filesystem::path dir_;
  mutable std::mutex mutex_;
  std::set<std::string> keys_;
};

}  // namespace lutc::logic
