// The sliced simulator (harness.cpp build_sliced_simulator, C++ built by the C++ compiler)
// against the emitted RTL's simulator (built by Verilator), both from the same netlist.
#include "verify/harness.hpp"

#include <doctest/doctest.h>

#include <random>

#include "backend/netlist_json.hpp"
#include "backend/verilog_writer.hpp"
#include "test_designs.hpp"
#include "util/diagnostic.hpp"
#include "util/fs.hpp"
#include "../backend/sample_netlists.hpp"

using namespace lutc;
using namespace lutc::verify;
namespace fs = std::filesystem;

namespace {

/// OUT with rtl/<top>.v (generic target) and netlist.json written from `nl`.
void write_netlist_dir(const fs::path& out, const backend::Netlist& nl) {
  testing::Ports in, outp;
  for (const auto& p : nl.inputs) in.emplace_back(p.name, p.width);
  for (const auto& p : nl.outputs) outp.emplace_back(p.name, p.width);
  testing::write_out_dir(out, nl.top, backend::emit_verilog(nl, backend::emit_params{"generic"}), in, outp);
  util::write_file(out / "netlist.json", backend::netlist_to_json(nl).dump());
}

/// Random records of `bits` input bits, `n` of them (not a multiple of 64: a partial last block).
std::vector<uint32_t> random_records(int bits, size_t n, uint64_t seed) {
  std::mt19937_64 rng(seed);
  const size_t words = static_cast<size_t>(record_words(bits));
  std::vector<uint32_t> r(n * words, 0);
  for (size_t i = 0; i < n; ++i)
    for (int b = 0; b < bits; ++b)
      if (rng() & 1) r[i * words + static_cast<size_t>(b / 32)] |= 1u << (b % 32);
  return r;
}

/// A netlist with an adder cell: y = (a - signed(b)) + 5 bits [1, 6), read by a LUT with a[0].
backend::Netlist cell_netlist() {
  backend::Netlist nl;
  nl.top = "cells";
  nl.inputs = {{"a", 4}, {"b", 3}};
  nl.outputs = {{"y", 5}, {"t", 1}};
  nl.luts = logic::LutNetwork(7 + 5);
  backend::ArithCell c;
  backend::ArithTerm ta, tb;
  for (uint32_t i = 0; i < 4; ++i) ta.bits.push_back(nl.luts.pi(i));
  for (uint32_t i = 4; i < 7; ++i) tb.bits.push_back(nl.luts.pi(i));
  tb.is_signed = true;
  tb.negate = true;
  tb.shift = 1;
  c.terms = {ta, tb};
  c.constant = 5;
  c.lo = 1;
  c.width = 5;
  c.first_pi = 7;
  c.layer = 1;
  nl.cells.push_back(c);
  for (uint32_t j = 0; j < 5; ++j) nl.luts.add_po(nl.luts.pi(7 + j));
  logic::Signal t = nl.luts.add_lut({nl.luts.pi(7), nl.luts.pi(11), nl.luts.pi(0)}, 0x96);
  nl.lut_layer.push_back(2);
  nl.num_layers = 2;
  nl.luts.add_po(t);
  return nl;
}

}  // namespace

TEST_CASE("the sliced simulator matches the RTL simulator bit for bit, and a changed LUT is seen" *
          doctest::test_suite("tools")) {
  testing::TempDir cache("sliced-cache");  // one cache: the Verilator runtime objects are built once
  testing::ScopedEnv env("LUTC_CACHE_DIR", cache.path.string());
  for (const backend::Netlist& nl : {backend::testing::layered_netlist(5), cell_netlist()}) {
    CAPTURE(nl.top);
    testing::TempDir out("sliced-" + nl.top);
    write_netlist_dir(out.path, nl);
    backend::CompiledDesign d = backend::CompiledDesign::open(out.path);
    Simulator rtl = build_simulator(d, build_params{});
    Simulator sliced = build_sliced_simulator(d, nl, build_params{});
    REQUIRE(sliced.form == sim_form::sliced);
    REQUIRE(sliced.in_words == rtl.in_words);
    REQUIRE(sliced.out_words == rtl.out_words);

    const size_t n = 1000;
    std::vector<uint32_t> in = random_records(static_cast<int>(nl.port_input_bits()), n, 3);
    testing::TempDir work("sliced-work");
    std::vector<uint32_t> a = simulate(rtl, in, work.path), b = simulate(sliced, in, work.path);
    REQUIRE(a.size() == b.size());
    CHECK(a == b);
    if (nl.top == "cells") {  // other plane widths: one 64x64 group, eight (one AVX-512 or two AVX2 registers per signal)
      for (int lanes : {64, 512}) {
        CAPTURE(lanes);
        build_params wide;
        wide.lanes = lanes;
        CHECK(simulate(build_sliced_simulator(d, nl, wide), in, work.path) == a);
      }
    }
    // And both are the netlist's own evaluation (backend::evaluate_ports), record by record.
    const size_t iw = static_cast<size_t>(rtl.in_words), ow = static_cast<size_t>(rtl.out_words);
    for (size_t i = 0; i < n; i += 37) {
      std::vector<uint64_t> codes;
      int pos = 0;
      for (const auto& p : nl.inputs) {
        uint64_t c = 0;
        for (int k = 0; k < p.width; ++k) c |= static_cast<uint64_t>((in[i * iw + (pos + k) / 32] >> ((pos + k) % 32)) & 1) << k;
        codes.push_back(c);
        pos += p.width;
      }
      std::vector<uint64_t> want = backend::evaluate_ports(nl, codes);
      pos = 0;
      for (size_t p = 0; p < nl.outputs.size(); ++p) {
        uint64_t g = 0;
        for (int k = 0; k < nl.outputs[p].width; ++k)
          g |= static_cast<uint64_t>((b[i * ow + (pos + k) / 32] >> ((pos + k) % 32)) & 1) << k;
        CHECK(g == want[p]);
        pos += nl.outputs[p].width;
      }
    }
    // A fault in the netlist: the first output LUT complemented. Its sliced simulator (a new cache
    // entry) disagrees with the RTL on that output bit in every vector.
    backend::Netlist bad = nl;
    size_t o = 0;
    while (o < bad.luts.pos().size() && !bad.luts.is_lut(bad.luts.pos()[o])) ++o;
    REQUIRE(o < bad.luts.pos().size());
    bad.luts.lut(bad.luts.pos()[o]).init = ~bad.luts.lut(bad.luts.pos()[o]).init;
    Simulator faulty = build_sliced_simulator(d, bad, build_params{});
    CHECK(faulty.key != sliced.key);
    std::vector<uint32_t> c = simulate(faulty, in, work.path);
    size_t differing = 0;
    for (size_t i = 0; i < n; ++i) differing += ((c[i * ow + o / 32] ^ a[i * ow + o / 32]) >> (o % 32)) & 1;
    CHECK(differing == n);
    // The second build of the same netlist comes from the cache, under the key computed alone.
    Simulator again = build_sliced_simulator(d, nl, build_params{});
    CHECK(again.cache_hit);
    CHECK(again.key == detail::sliced_simulator_key(d.design(), nl, build_params{}));
  }
}

TEST_CASE("the sliced simulator's key follows the netlist and lanes without writing its sources" *
          doctest::test_suite("tools")) {
  const backend::Netlist nl = backend::testing::layered_netlist(5);
  testing::TempDir out("sliced-key");
  write_netlist_dir(out.path, nl);
  backend::CompiledDesign d = backend::CompiledDesign::open(out.path);
  const std::string key = detail::sliced_simulator_key(d.design(), nl, build_params{});
  CHECK(key == detail::sliced_simulator_key(d.design(), nl, build_params{}));
  backend::Netlist changed = nl;  // one bit of one LUT's function
  changed.luts.lut(changed.luts.lut_signal(0)).init ^= 1;
  CHECK(detail::sliced_simulator_key(d.design(), changed, build_params{}) != key);
  changed = nl;  // one LUT's fanins swapped
  std::swap(changed.luts.lut(changed.luts.lut_signal(0)).fanins[0], changed.luts.lut(changed.luts.lut_signal(0)).fanins[1]);
  CHECK(detail::sliced_simulator_key(d.design(), changed, build_params{}) != key);
  build_params wide;
  wide.lanes = 128;
  CHECK(detail::sliced_simulator_key(d.design(), nl, wide) != key);
  build_params jobs;  // the job count does not change the binary
  jobs.jobs = 7;
  CHECK(detail::sliced_simulator_key(d.design(), nl, jobs) == key);
  CHECK(!detail::host_cpu().empty());
}

TEST_CASE("a C++ compiler that fails is reported, and nothing is cached" * doctest::test_suite("tools")) {
  testing::TempDir cache("sliced-cxx-fails");
  testing::ScopedEnv env("LUTC_CACHE_DIR", cache.path.string());
  const backend::Netlist nl = backend::testing::layered_netlist(5);
  testing::TempDir out("sliced-cxx");
  write_netlist_dir(out.path, nl);
  backend::CompiledDesign d = backend::CompiledDesign::open(out.path);
  // A compiler that answers --version but rejects every compile: a script in the cache's parent.
  const fs::path fake = cache.path / "fake-cxx";
  util::write_file(fake, "#!/bin/sh\n[ \"$1\" = --version ] && { echo 'fake c++ 1.0'; exit 0; }\necho 'fake: cannot compile' >&2\nexit 3\n");
  fs::permissions(fake, fs::perms::owner_all);
  build_params ps;
  ps.cxx = fake.string();
  try {
    build_sliced_simulator(d, nl, ps);
    FAIL("no error");
  } catch (const Diagnostic& e) {
    const std::string m = e.what();
    CHECK(m.find("failed (exit 3) compiling lutc_sliced_0.cpp") != std::string::npos);
    CHECK(m.find("fake: cannot compile") != std::string::npos);
  }
  CHECK(!fs::exists(cache.path / "verilator" / detail::sliced_simulator_key(d.design(), nl, ps) / "lutc_sim"));
}
