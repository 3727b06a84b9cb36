#include "logic/minimize_job.hpp"

#include <algorithm>
#include <chrono>
#include <sstream>

#include "logic/minimize_cache.hpp"
#include "util/diagnostic.hpp"
#include "util/fs.hpp"

namespace lutc::logic {
namespace fs = std::filesystem;

namespace detail {

constexpr const char* job_magic = "lutc-minimize-job";
constexpr int job_format = 1;
constexpr int max_job_vars = 26;  // 2^26 rows: 1 Mi words a table

void append_hex(std::string& out, const TruthTable& t) {
  static const char digits[] = "0123456789abcdef";
  for (uint64_t w : t.words)
    for (int shift = 60; shift >= 0; shift -= 4) out += digits[(w >> shift) & 15];
}

/// Line-by-line reader that names FILE:LINE in every error.
class JobReader {
 public:
  JobReader(const std::string& text, std::string file) : in_(text), file_(std::move(file)) {}

  [[noreturn]] void fail(const std::string& message) const {
    throw Diagnostic(file_, line_, 0, message + " (a corrupt or truncated job file? plan it again with `lutc compile --plan`)");
  }

  /// The next line, split into its first word and the rest; fails at the end of the file.
  std::pair<std::string, std::string> next(const char* expected) {
    std::string line;
    if (!std::getline(in_, line)) {
      line_ = std::max(line_, 1) + 1;
      fail(std::string("unexpected end of file, expected '") + expected + "'");
    }
    ++line_;
    size_t space = line.find(' ');
    std::string word = line.substr(0, space), rest = space == std::string::npos ? "" : line.substr(space + 1);
    if (word != expected) fail("expected '" + std::string(expected) + "', found '" + word.substr(0, 40) + "'");
    return {word, rest};
  }

  long long integer(const char* expected, long long lo, long long hi) {
    std::string rest = next(expected).second;
    size_t used = 0;
    long long v = 0;
    try {
      v = std::stoll(rest, &used);
    } catch (const std::exception&) {
      used = 0;
    }
    if (used == 0 || used != rest.size() || v < lo || v > hi)
      fail("'" + std::string(expected) + "' needs an integer in " + std::to_string(lo) + ".." + std::to_string(hi));
    return v;
  }

  TruthTable table(const char* expected, int vars, bool allow_ones) {
    std::string rest = next(expected).second;
    TruthTable t(vars);
    if (allow_ones && rest == "ones") return const1(vars);
    if (rest.size() != t.words.size() * 16) fail("'" + std::string(expected) + "' needs " + std::to_string(t.words.size() * 16) + " hex digits");
    for (size_t i = 0; i < t.words.size(); ++i) {
      uint64_t w = 0;
      for (size_t d = 0; d < 16; ++d) {
        char c = rest[i * 16 + d];
        int v = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
        if (v < 0) fail("'" + std::string(expected) + "' has a character that is not a lowercase hex digit");
        w = (w << 4) | static_cast<uint64_t>(v);
      }
      t.words[i] = w;
    }
    if (vars < 6 && (t.words[0] & ~word_mask(vars))) fail("'" + std::string(expected) + "' sets bits beyond the table");
    return t;
  }

 private:
  std::istringstream in_;
  std::string file_;
  int line_ = 0;
};

}  // namespace detail

std::string serialize_job(const MultiFunction& f, const minimize_params& ps) {
  std::string out;
  out += std::string(detail::job_magic) + " " + std::to_string(detail::job_format) + "\n";
  out += std::string("version ") + minimize_engine_version() + "\n";
  out += "key " + minimize_cache_key(f, ps) + "\n";
  out += "lut_size " + std::to_string(ps.lut_size) + "\n";
  out += std::string("engine ") + engine_name(ps.engine) + "\n";
  out += "effort " + std::to_string(ps.effort) + "\n";
  out += std::string("care_is_sample ") + (ps.care_is_sample ? "1" : "0") + "\n";
  out += "cost " + (ps.cost_name.empty() ? std::string("luts") : ps.cost_name) + "\n";
  out += "vars " + std::to_string(f.num_vars) + "\n";
  out += "outputs " + std::to_string(f.on.size()) + "\n";
  for (size_t j = 0; j < f.on.size(); ++j) {
    // The whole on-set, not only its care part: an engine may start from it, and the job must
    // give exactly the network a local compile makes.
    out += "on ";
    detail::append_hex(out, f.on[j]);
    out += "\ncare ";
    if (f.care[j] == const1(f.num_vars)) out += "ones";
    else detail::append_hex(out, f.care[j]);
    out += "\n";
  }
  out += "end\n";
  return out;
}

MinimizeJob parse_job(const std::string& text, const std::string& file) {
  detail::JobReader r(text, file);
  if (r.integer(detail::job_magic, 0, 1 << 20) != detail::job_format) r.fail("unsupported job format (expected 1)");
  std::string version = r.next("version").second;
  if (version != minimize_engine_version())
    r.fail("the job was planned for engine version '" + version + "', this lutc has '" + minimize_engine_version() + "'");
  MinimizeJob job;
  std::string key = r.next("key").second;
  job.params.lut_size = static_cast<int>(r.integer("lut_size", 4, 6));
  std::string engine = r.next("engine").second;
  bool known = false;
  for (Engine e : {Engine::builtin, Engine::abc, Engine::portfolio, Engine::automatic})
    if (engine == engine_name(e)) job.params.engine = e, known = true;
  if (!known) r.fail("unknown engine '" + engine.substr(0, 40) + "'");
  job.params.effort = static_cast<int>(r.integer("effort", 0, 1 << 20));
  job.params.care_is_sample = r.integer("care_is_sample", 0, 1) == 1;
  std::string cost = r.next("cost").second;
  if (cost != "luts") {
    job.params.network_cost = named_network_cost(cost);
    if (!job.params.network_cost) r.fail("unknown network cost '" + cost.substr(0, 40) + "'");
    job.params.cost_name = cost;
  }
  int vars = static_cast<int>(r.integer("vars", 0, detail::max_job_vars));
  auto outputs = static_cast<size_t>(r.integer("outputs", 1, 64));
  job.function.num_vars = vars;
  for (size_t j = 0; j < outputs; ++j) {
    job.function.on.push_back(r.table("on", vars, false));
    job.function.care.push_back(r.table("care", vars, true));
  }
  r.next("end");
  job.key = minimize_cache_key(job.function, job.params);
  if (job.key != key) r.fail("the content does not match the job's key " + key.substr(0, 40));
  return job;
}

minimize_job_stats run_minimize_job(const fs::path& job_file, const minimize_job_params& ps) {
  auto t0 = std::chrono::steady_clock::now();
  MinimizeJob job = parse_job(util::read_file(job_file), job_file.string());
  job.params.threads = std::max(1, ps.threads);
  job.params.abc_binary = ps.abc_binary;
  fs::path dir = ps.cache_dir.empty() ? default_minimize_cache_dir() : ps.cache_dir / "minimize";
  minimize_job_stats st;
  st.key = job.key;
  minimize_stats ms;
  LutNetwork net = minimize_cached(job.function, job.params, &ms, &st.already_solved, dir);
  // minimize_cached tolerates an unwritable cache; a job whose result is lost has failed.
  if (!st.already_solved && !lookup_cached(job.function, job.params, nullptr, dir))
    throw Diagnostic(dir.string(), 0, 0, "cannot write the result of job " + job.key + " into the cache");
  st.luts = net.num_luts();
  st.depth = net.depth();
  st.engine_used = ms.engine_used;
  st.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  return st;
}

JobPlanner::JobPlanner(fs::path dir) : dir_(fs::absolute(std::move(dir))) {}

void JobPlanner::add(const MultiFunction& f, const minimize_params& ps) {
  std::string key = minimize_cache_key(f, ps);
  {
    std::lock_guard<std::mutex> lock(mutex_);
    if (!keys_.insert(key).second) return;
  }
  fs::path file = dir_ / (key + ".job");
  std::error_code ec;
  // Content-addressed: a file already there holds this job (unless damaged, which the worker reports).
  if (!fs::exists(file, ec)) util::write_atomic(file, serialize_job(f, ps));
}

fs::path JobPlanner::write_list() const {
  std::string list;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    for (const auto& key : keys_) list += (dir_ / (key + ".job")).string() + "\n";
  }
  fs::path file = dir_ / "jobs.txt";
  util::write_atomic(file, list);
  return file;
}

size_t JobPlanner::size() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return keys_.size();
}

}  // namespace lutc::logic
