#include <doctest/doctest.h>

#include "backend/netlist.hpp"

using namespace lutc;

TEST_CASE("evaluate_ports packs ports LSB first, port 0 first") {
  backend::Netlist nl;
  nl.inputs = {{"a", 2}, {"b", 1}};
  nl.outputs = {{"y", 2}};
  nl.luts = logic::LutNetwork(3);
  // y[0] = a[1] & b, y[1] = a[0]
  logic::Signal s = nl.luts.add_lut({nl.luts.pi(1), nl.luts.pi(2)}, 0x8);
  nl.luts.add_po(s);
  nl.luts.add_po(nl.luts.pi(0));
  for (uint64_t a = 0; a < 4; ++a)
    for (uint64_t b = 0; b < 2; ++b) {
      auto y = backend::evaluate_ports(nl, {a, b});
      CHECK(y[0] == ((((a >> 1) & b) & 1) | ((a & 1) << 1)));
    }
}

TEST_CASE("pipeline stages and latency") {
  CHECK(backend::pipeline_latency(5, 0) == 0);
  CHECK(backend::pipeline_latency(5, 1) == 5);
  CHECK(backend::pipeline_latency(5, 2) == 3);
  CHECK(backend::pipeline_stage(1, 2) == 0);
  CHECK(backend::pipeline_stage(2, 2) == 0);
  CHECK(backend::pipeline_stage(3, 2) == 1);
}
