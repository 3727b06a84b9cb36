#include "verify/harness.hpp"

#include <doctest/doctest.h>

#include <cstring>
#include <future>
#include <random>

#include "test_designs.hpp"
#include "util/diagnostic.hpp"
#include "util/fs.hpp"
#include "util/process.hpp"

using namespace lutc;
using namespace lutc::verify;
namespace fs = std::filesystem;

namespace {

bool get_bit(const std::vector<uint32_t>& words, size_t base, int bit) { return (words[base + bit / 32] >> (bit % 32)) & 1; }

unsigned __int128 get_bits(const std::vector<uint32_t>& words, size_t base, int lo, int width) {
  unsigned __int128 v = 0;
  for (int b = 0; b < width; ++b)
    if (get_bit(words, base, lo + b)) v |= static_cast<unsigned __int128>(1) << b;
  return v;
}

unsigned __int128 low_bits(int n) { return (static_cast<unsigned __int128>(1) << n) - 1; }

}  // namespace

TEST_CASE("record_words counts 32-bit words, at least one") {
  CHECK(record_words(0) == 1);
  CHECK(record_words(1) == 1);
  CHECK(record_words(32) == 1);
  CHECK(record_words(33) == 2);
  CHECK(record_words(64) == 2);
  CHECK(record_words(65) == 3);
}

TEST_CASE("the wrapper connects every port to its slice of the packed vectors") {
  backend::DesignInfo d;
  d.top = "mynet";
  d.pipeline = 1;
  d.latency = 2;
  d.inputs = {{"a", 3}, {"b", 5}};
  d.outputs = {{"y", 2}, {"odd.name", 4}};
  HarnessSources s = generate_harness(d);
  CHECK(s.wrapper_v.find("mynet dut(") != std::string::npos);
  CHECK(s.wrapper_v.find("input [7:0] in_bits") != std::string::npos);
  CHECK(s.wrapper_v.find("output [5:0] out_bits") != std::string::npos);
  CHECK(s.wrapper_v.find(".clk(clk)") != std::string::npos);
  CHECK(s.wrapper_v.find(".a(in_bits[2:0])") != std::string::npos);
  CHECK(s.wrapper_v.find(".b(in_bits[7:3])") != std::string::npos);
  CHECK(s.wrapper_v.find(".y(out_bits[1:0])") != std::string::npos);
  CHECK(s.wrapper_v.find(".\\odd.name (out_bits[5:2])") != std::string::npos);
  CHECK(s.harness_cpp.find("kLatency = 2;") != std::string::npos);
  CHECK(s.harness_cpp.find("kHasClock = true;") != std::string::npos);
  CHECK(s.harness_cpp.find("{{") == std::string::npos);
  d.pipeline = 0;
  CHECK(generate_harness(d).wrapper_v.find(".clk(") == std::string::npos);
}

TEST_CASE("ports wider than 64 bits (VlWide) are driven and sampled bit-exactly" * doctest::test_suite("tools")) {
  // in: x[69:0], s[2:0] (73 bits, 3 words); out: y[69:0], z[63:0], w[4:0] (139 bits, 5 words).
  testing::TempDir out("harness-wide");
  testing::write_out_dir(out.path, "wide",
                      "module wide(input [69:0] x, input [2:0] s, output [69:0] y, output [63:0] z, output [4:0] w);\n"
                      "  assign y = {x[34:0], x[69:35]};\n"
                      "  assign z = x[69:6] ^ {61'b0, s};\n"
                      "  assign w = x[4:0] + {2'b0, s};\n"
                      "endmodule\n",
                      {{"x", 70}, {"s", 3}}, {{"y", 70}, {"z", 64}, {"w", 5}});
  backend::CompiledDesign d = backend::CompiledDesign::open(out.path);
  Simulator sim = build_simulator(d, build_params{});
  REQUIRE(sim.in_words == 3);
  REQUIRE(sim.out_words == 5);

  std::mt19937_64 rng(7);
  const int n = 500;
  std::vector<unsigned __int128> xs;
  std::vector<uint32_t> s_codes;
  std::vector<uint32_t> in(static_cast<size_t>(n) * 3, 0);
  for (int i = 0; i < n; ++i) {
    unsigned __int128 x = ((static_cast<unsigned __int128>(rng()) << 64) | rng()) & low_bits(70);
    if (i == 0) x = low_bits(70);  // all ones: catches a lost top word
    uint32_t s = static_cast<uint32_t>(rng() & 7);
    unsigned __int128 record = x | (static_cast<unsigned __int128>(s) << 70);
    for (int w = 0; w < 3; ++w) in[static_cast<size_t>(i) * 3 + w] = static_cast<uint32_t>(record >> (32 * w));
    xs.push_back(x);
    s_codes.push_back(s);
  }
  testing::TempDir work("harness-wide-work");
  std::vector<uint32_t> got = simulate(sim, in, work.path);
  REQUIRE(got.size() == static_cast<size_t>(n) * 5);
  int wrong = 0;
  for (int i = 0; i < n; ++i) {
    size_t base = static_cast<size_t>(i) * 5;
    unsigned __int128 x = xs[i];
    unsigned __int128 y = ((x & low_bits(35)) << 35) | (x >> 35);
    unsigned __int128 z = ((x >> 6) & low_bits(64)) ^ s_codes[i];
    unsigned __int128 w = ((x & 31) + s_codes[i]) & 31;
    if (get_bits(got, base, 0, 70) != y || get_bits(got, base, 70, 64) != z || get_bits(got, base, 134, 5) != w) ++wrong;
    for (int b = 139; b < 160; ++b) CHECK_FALSE(get_bit(got, base, b));  // padding stays zero
  }
  CHECK(wrong == 0);
}

TEST_CASE("records of 9 to 64 bits (SData, IData, QData ports) are driven and sampled bit-exactly" * doctest::test_suite("tools")) {
  // a: 40 bits in (QData) -> 20 bits out (IData); b: 12 bits in (SData) -> 33 bits out (QData).
  testing::TempDir out_a("harness-q"), out_b("harness-s");
  testing::write_out_dir(out_a.path, "qa",
                      "module qa(input [39:0] x, output [19:0] y);\n  assign y = x[39:20] ^ x[19:0];\nendmodule\n",
                      {{"x", 40}}, {{"y", 20}});
  testing::write_out_dir(out_b.path, "sb",
                      "module sb(input [11:0] x, output [32:0] y);\n  assign y = {x[0], ~x, x, 8'hA5};\nendmodule\n",
                      {{"x", 12}}, {{"y", 33}});
  testing::TempDir work("harness-qs-work");
  std::mt19937_64 rng(9);

  Simulator qa = build_simulator(backend::CompiledDesign::open(out_a.path), build_params{});
  REQUIRE(qa.in_words == 2);
  REQUIRE(qa.out_words == 1);
  std::vector<uint32_t> in;
  std::vector<uint64_t> xs;
  for (int i = 0; i < 300; ++i) {
    uint64_t x = rng() & ((uint64_t{1} << 40) - 1);
    xs.push_back(x);
    in.push_back(static_cast<uint32_t>(x));
    in.push_back(static_cast<uint32_t>(x >> 32));
  }
  std::vector<uint32_t> got = simulate(qa, in, work.path);
  REQUIRE(got.size() == 300);
  int wrong = 0;
  for (int i = 0; i < 300; ++i) wrong += got[i] != (((xs[i] >> 20) ^ xs[i]) & 0xfffff);
  CHECK(wrong == 0);

  Simulator sb = build_simulator(backend::CompiledDesign::open(out_b.path), build_params{});
  REQUIRE(sb.in_words == 1);
  REQUIRE(sb.out_words == 2);
  in.clear();
  for (uint32_t x = 0; x < 4096; ++x) in.push_back(x);
  got = simulate(sb, in, work.path);
  REQUIRE(got.size() == 2 * 4096);
  wrong = 0;
  for (uint64_t x = 0; x < 4096; ++x) {
    uint64_t y = ((x & 1) << 32) | ((~x & 0xfff) << 20) | (x << 8) | 0xa5;
    wrong += (got[2 * x] | (uint64_t{got[2 * x + 1]} << 32)) != y;
  }
  CHECK(wrong == 0);
}

TEST_CASE("one simulator process answers a stream of batches in order, as the file mode does" * doctest::test_suite("tools")) {
  testing::TempDir out("harness-stream");
  testing::write_out_dir(out.path, "qa",
                         "module qa(input [39:0] x, output [19:0] y);\n  assign y = x[39:20] ^ x[19:0];\nendmodule\n",
                         {{"x", 40}}, {{"y", 20}});
  Simulator qa = build_simulator(backend::CompiledDesign::open(out.path), build_params{});
  std::mt19937_64 rng(11);
  // Three batches, one of them empty; each is answered with its own records, in order.
  std::vector<std::vector<uint32_t>> batches(3);
  for (int n : {150, 0, 260})
    for (int i = 0; i < n; ++i) {
      const uint64_t x = rng() & ((uint64_t{1} << 40) - 1);
      auto& b = batches[n == 150 ? 0 : n == 0 ? 1 : 2];
      b.push_back(static_cast<uint32_t>(x));
      b.push_back(static_cast<uint32_t>(x >> 32));
    }
  testing::TempDir work("harness-stream-work");
  SimulatorStream stream(qa, work.path);
  std::vector<std::future<std::vector<uint32_t>>> answers;
  for (const auto& b : batches) answers.push_back(stream.submit(b));  // all queued before any answer is read
  for (size_t k = 0; k < batches.size(); ++k) {
    const std::vector<uint32_t> got = answers[k].get();
    REQUIRE(got.size() == batches[k].size() / 2);
    int wrong = 0;
    for (size_t i = 0; i < got.size(); ++i) {
      const uint64_t x = batches[k][2 * i] | static_cast<uint64_t>(batches[k][2 * i + 1]) << 32;
      wrong += got[i] != (((x >> 20) ^ x) & 0xfffff);
    }
    CHECK(wrong == 0);
  }
  stream.finish();
  CHECK(stream.busy_seconds() > 0);

  // `lutc_sim IN OUT` (files, for use by hand) gives the same records.
  const fs::path in = work.path / "in.bin", outputs = work.path / "out.bin";
  util::write_file(in, std::string(reinterpret_cast<const char*>(batches[2].data()), batches[2].size() * 4));
  auto r = util::run_process({qa.binary.string(), in.string(), outputs.string()});
  REQUIRE(r.exit_code == 0);
  const std::string bytes = util::read_file(outputs);
  std::vector<uint32_t> from_file(bytes.size() / 4);
  std::memcpy(from_file.data(), bytes.data(), bytes.size());
  CHECK(from_file == simulate(qa, batches[2], work.path));
}

TEST_CASE("a stream that ends inside a frame is the simulator's error, naming its input" * doctest::test_suite("tools")) {
  testing::TempDir work("harness-stream-fail");
  // The frame announces 10 records, 4 come before the end of the stream.
  testing::TempDir out("harness-stream-fail-design");
  testing::write_out_dir(out.path, "qa",
                         "module qa(input [39:0] x, output [19:0] y);\n  assign y = x[39:20] ^ x[19:0];\nendmodule\n",
                         {{"x", 40}}, {{"y", 20}});
  Simulator qa = build_simulator(backend::CompiledDesign::open(out.path), build_params{});
  util::StreamingProcess p({qa.binary.string(), "--stream"}, util::process_params{{}, 30, "the simulator"}, work.path / "err.txt");
  const uint64_t count = 10;
  const std::vector<uint32_t> half(8, 1);  // 4 of the 10 records
  p.write(&count, 8);
  p.write(half.data(), half.size() * 4);
  CHECK(p.finish() == 2);
  CHECK(p.errors().find("lutc_sim: cannot read 'stdin'") != std::string::npos);
}

TEST_CASE("a Verilator failure is a diagnostic with the end of its log" * doctest::test_suite("tools")) {
  testing::TempDir out("harness-bad");
  testing::write_out_dir(out.path, "bad", "module bad(input [1:0] x, output y);\n  assign y = x[0] &;\nendmodule\n",
                      {{"x", 2}}, {{"y", 1}});
  try {
    build_simulator(backend::CompiledDesign::open(out.path), build_params{});
    FAIL("expected a diagnostic");
  } catch (const Diagnostic& e) {
    std::string m = e.what();
    CHECK(m.find("Verilator failed") != std::string::npos);
    CHECK(m.find("bad.v:2") != std::string::npos);
  }
}

TEST_CASE("a missing Verilator is a diagnostic") {
  testing::TempDir out("harness-noverilator");
  testing::write_out_dir(out.path, "t", "module t(input x, output y); assign y = x; endmodule\n", {{"x", 1}}, {{"y", 1}});
  CHECK_THROWS_AS(build_simulator(backend::CompiledDesign::open(out.path), build_params{"/nonexistent/verilator", 1}), Diagnostic);
}

TEST_CASE("install_cache_entry keeps the first complete entry") {
  testing::TempDir dir("harness-install");
  fs::path entry = dir.path / "key";
  util::write_file(dir.path / "s1/lutc_sim", "first");
  CHECK(detail::install_cache_entry(dir.path / "s1", entry));
  CHECK_FALSE(fs::exists(dir.path / "s1"));
  CHECK(util::read_file(entry / "lutc_sim") == "first");

  util::write_file(dir.path / "s2/lutc_sim", "second");  // lost the race: discarded
  CHECK_FALSE(detail::install_cache_entry(dir.path / "s2", entry));
  CHECK_FALSE(fs::exists(dir.path / "s2"));
  CHECK(util::read_file(entry / "lutc_sim") == "first");

  fs::remove(entry / "lutc_sim");  // a broken leftover entry is replaced
  util::write_file(entry / "junk", "x");
  util::write_file(dir.path / "s3/lutc_sim", "third");
  CHECK(detail::install_cache_entry(dir.path / "s3", entry));
  CHECK(util::read_file(entry / "lutc_sim") == "third");
}

TEST_CASE("tail_lines keeps the last lines") {
  CHECK(detail::tail_lines("a\nb\nc\n", 2) == "b\nc");
  CHECK(detail::tail_lines("a\nb\nc", 5) == "a\nb\nc");
  CHECK(detail::tail_lines("abc", 1) == "abc");
  CHECK(detail::tail_lines("", 3) == "");
}
