// Tests of the minimization cache: hit returns an equivalent network, corrupt entries are
// recomputed, keys separate parameters, serialization round-trips, concurrent use.
#include "logic/minimize_cache.hpp"

#include <doctest/doctest.h>

#include "test_functions.hpp"

#include <filesystem>
#include <fstream>
#include <random>
#include <thread>
#include <unistd.h>

using namespace lutc::logic;
namespace fs = std::filesystem;

namespace {

/// Two outputs, about 3/4 of the minterms cared.
MultiFunction random_function(int n, uint64_t seed) { return lutc::test::random_function(n, 2, 75, seed); }

fs::path fresh_dir(const char* name) {
  fs::path d = fs::temp_directory_path() / ("lutc-minimize-cache-test-" + std::to_string(::getpid())) / name;
  fs::remove_all(d);
  return d;
}

}  // namespace

TEST_CASE("minimize_cached: miss then hit with an equivalent network") {
  fs::path dir = fresh_dir("hit");
  MultiFunction f = random_function(9, 1);
  minimize_params ps;
  bool hit = true;
  minimize_stats st1, st2;
  LutNetwork a = minimize_cached(f, ps, &st1, &hit, dir);
  CHECK_FALSE(hit);
  LutNetwork b = minimize_cached(f, ps, &st2, &hit, dir);
  CHECK(hit);
  CHECK(check_on_care_set(b, f));
  CHECK(a.simulate() == b.simulate());
  CHECK(st2.luts == b.num_luts());
  CHECK(st2.engine_used == st1.engine_used);
  // Other parameters are another key.
  minimize_params k4 = ps;
  k4.lut_size = 4;
  CHECK(minimize_cache_key(f, k4) != minimize_cache_key(f, ps));
  minimize_cached(f, k4, nullptr, &hit, dir);
  CHECK_FALSE(hit);
  fs::remove_all(dir);
}

TEST_CASE("minimize_cached: a corrupt or wrong entry is recomputed") {
  fs::path dir = fresh_dir("corrupt");
  MultiFunction f = random_function(8, 2);
  minimize_params ps;
  bool hit = false;
  LutNetwork good = minimize_cached(f, ps, nullptr, &hit, dir);
  fs::path file = dir / minimize_cache_key(f, ps);
  REQUIRE(fs::exists(file));
  // A syntactically valid but wrong network: every output constant 0.
  LutNetwork wrong(8);
  wrong.add_po(LutNetwork::const0);
  wrong.add_po(LutNetwork::const0);
  { std::ofstream(file) << serialize_network(wrong, "builtin"); }
  LutNetwork again = minimize_cached(f, ps, nullptr, &hit, dir);
  CHECK_FALSE(hit);
  CHECK(check_on_care_set(again, f));
  { std::ofstream(file) << "garbage"; }
  minimize_cached(f, ps, nullptr, &hit, dir);
  CHECK_FALSE(hit);
  minimize_cached(f, ps, nullptr, &hit, dir);
  CHECK(hit);
  fs::remove_all(dir);
}

TEST_CASE("serialize_network round-trips") {
  LutNetwork net(3);
  Signal a = net.add_lut({net.pi(0), net.pi(2)}, 0x6);
  net.add_po(net.add_lut({a, net.pi(1)}, 0x8));
  net.add_po(LutNetwork::const1);
  std::string engine;
  auto back = deserialize_network(serialize_network(net, "abc"), &engine);
  REQUIRE(back.has_value());
  CHECK(engine == "abc");
  CHECK(back->simulate() == net.simulate());
  CHECK(back->num_luts() == 2);
  CHECK_FALSE(deserialize_network("lutc-lut-network 1\nengine x\npis 2\nluts 1\n2 9 9 6\npos 0\nend\n").has_value());
}

TEST_CASE("minimize_cached: concurrent callers on distinct and equal functions") {
  fs::path dir = fresh_dir("threads");
  std::vector<MultiFunction> fs_;
  for (int i = 0; i < 4; ++i) fs_.push_back(random_function(8, 100 + static_cast<uint64_t>(i % 2)));
  std::vector<int> ok(fs_.size(), 0);
  std::vector<std::thread> ts;
  for (size_t i = 0; i < fs_.size(); ++i)
    ts.emplace_back([&, i] { ok[i] = check_on_care_set(minimize_cached(fs_[i], {}, nullptr, nullptr, dir), fs_[i]); });
  for (auto& t : ts) t.join();
  for (int v : ok) CHECK(v == 1);
  size_t files = 0;
  for (auto& e : fs::directory_iterator(dir)) files += e.path().filename().string()[0] != '.';
  CHECK(files == 2);
  fs::remove_all(dir);
}
