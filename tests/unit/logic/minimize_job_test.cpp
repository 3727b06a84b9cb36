// Tests of minimization jobs: a job round-trips exactly (function, parameters, key), a solved
// job is the cache entry a local minimize_cached finds, damaged jobs are refused with FILE:LINE,
// and the planner writes each distinct job once plus the list.
#include "logic/minimize_job.hpp"

#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <unistd.h>

#include "logic/minimize_cache.hpp"
#include "test_functions.hpp"
#include "util/diagnostic.hpp"
#include "util/fs.hpp"

using namespace lutc::logic;
namespace fs = std::filesystem;

namespace {

fs::path fresh_dir(const char* name) {
  fs::path d = fs::temp_directory_path() / ("lutc-minimize-job-test-" + std::to_string(::getpid())) / name;
  fs::remove_all(d);
  return d;
}

/// The message of the Diagnostic that parse_job throws on `text`, or "" if it parses.
std::string parse_error(const std::string& text) {
  try {
    parse_job(text, "j.job");
  } catch (const lutc::Diagnostic& d) {
    return d.what();
  }
  return "";
}

}  // namespace

TEST_CASE("serialize_job / parse_job round-trip the function, parameters and key") {
  MultiFunction f = lutc::test::random_function(9, 3, 70, 7);
  f.care[1] = const1(9);  // written as "ones"
  minimize_params ps;
  ps.lut_size = 5;
  ps.effort = 2;
  ps.care_is_sample = true;
  ps.engine = Engine::builtin;
  std::string text = serialize_job(f, ps);
  CHECK(text.find("care ones") != std::string::npos);
  MinimizeJob job = parse_job(text, "j.job");
  CHECK(job.key == minimize_cache_key(f, ps));
  CHECK(job.function.num_vars == 9);
  CHECK(job.function.on == f.on);
  CHECK(job.function.care == f.care);
  CHECK(job.params.lut_size == 5);
  CHECK(job.params.effort == 2);
  CHECK(job.params.care_is_sample);
  CHECK(job.params.engine == Engine::builtin);
  // Small tables (one partial word) too.
  MultiFunction g = lutc::test::random_function(3, 1, 100, 8);
  CHECK(parse_job(serialize_job(g, {}), "g.job").function.on == g.on);
}

TEST_CASE("a job keeps the portfolio's network cost by name; an unknown one is refused") {
  MultiFunction f = lutc::test::random_function(8, 2, 100, 11);
  minimize_params ps;
  ps.engine = Engine::portfolio;
  ps.cost_name = "test-cost-unregistered";
  CHECK(parse_error(serialize_job(f, ps)).find("unknown network cost 'test-cost-unregistered'") != std::string::npos);
  // A registered cost comes back as the function, and the key (which names it) matches.
  register_network_cost("test-cost-depth", [](const LutNetwork& n) { return static_cast<size_t>(n.depth()); });
  ps.cost_name = "test-cost-depth";
  MinimizeJob job = parse_job(serialize_job(f, ps), "j.job");
  CHECK(job.params.cost_name == "test-cost-depth");
  REQUIRE(job.params.network_cost);
  CHECK(job.key == minimize_cache_key(f, ps));
  minimize_params luts = ps;
  luts.cost_name.clear();
  CHECK(job.key != minimize_cache_key(f, luts));
  // Without a cost name the job reads LUTs, as before.
  CHECK(!parse_job(serialize_job(f, {}), "j.job").params.network_cost);
}

TEST_CASE("parse_job refuses damaged jobs with FILE:LINE") {
  MultiFunction f = lutc::test::random_function(8, 2, 80, 9);
  std::string text = serialize_job(f, {});
  CHECK(parse_error(text).empty());
  CHECK(parse_error(text.substr(0, text.size() / 2)).rfind("j.job:", 0) == 0);
  CHECK(parse_error("").find("unexpected end of file") != std::string::npos);
  std::string tampered = text;
  size_t care = tampered.find("\ncare ") + 6;
  tampered[care] = tampered[care] == '0' ? '1' : '0';  // a care bit flipped: the key no longer matches
  CHECK(parse_error(tampered).find("does not match the job's key") != std::string::npos);
  std::string upper = text;
  upper[care] = 'G';
  CHECK(parse_error(upper).find("hex digit") != std::string::npos);
  std::string version = text;
  version.replace(version.find("version ") + 8, 5, "other");
  CHECK(parse_error(version).find("engine version") != std::string::npos);
  CHECK(parse_error("lutc-minimize-job 1\nversion x").rfind("j.job:2: error:", 0) == 0);
}

TEST_CASE("run_minimize_job writes the entry minimize_cached finds") {
  fs::path dir = fresh_dir("run");
  MultiFunction f = lutc::test::random_function(9, 2, 75, 10);
  minimize_params ps;
  fs::path job = dir / "x.job";
  lutc::util::write_file(job, serialize_job(f, ps));
  minimize_job_params jp;
  jp.cache_dir = dir / "cache";
  auto st = run_minimize_job(job, jp);
  CHECK_FALSE(st.already_solved);
  CHECK(st.key == minimize_cache_key(f, ps));
  bool hit = false;
  LutNetwork net = minimize_cached(f, ps, nullptr, &hit, dir / "cache" / "minimize");
  CHECK(hit);
  CHECK(net.num_luts() == st.luts);
  // The same network as a local minimize (the cache stores exactly what the engine made).
  CHECK(serialize_network(net, "") == serialize_network(minimize(f, ps), ""));
  CHECK(run_minimize_job(job, jp).already_solved);
  fs::remove_all(dir);
}

TEST_CASE("JobPlanner writes each distinct job once and lists them") {
  fs::path dir = fresh_dir("plan");
  JobPlanner plan(dir);
  MultiFunction a = lutc::test::random_function(8, 1, 90, 11), b = lutc::test::random_function(8, 1, 90, 12);
  plan.add(a, {});
  plan.add(b, {});
  plan.add(a, {});
  CHECK(plan.size() == 2);
  fs::path list = plan.write_list();
  std::ifstream in(list);
  std::string line;
  size_t lines = 0;
  while (std::getline(in, line)) {
    ++lines;
    CHECK(fs::path(line).is_absolute());
    MinimizeJob job = parse_job(lutc::util::read_file(line), line);
    CHECK(fs::path(line).stem() == job.key);
  }
  CHECK(lines == 2);
  fs::remove_all(dir);
}
