#include <doctest/doctest.h>

#include "ir/software_model.hpp"

using namespace lutc::ir;

namespace {
/// in a (2 bits) → t1 (xor of the bits, row 3 a don't care) → t2 (not of t1, 1 bit) → outputs.
Network chain() {
  Network net;
  NodeId a = net.add_input("a", 2);
  NodeId t1 = net.add_table("t1", {{a, 0, 2}}, 1, {0, 1, 1, 0});
  net.nodes[t1].table().care = {lutc::logic::const1(2)};
  net.nodes[t1].table().care[0].set(3, false);
  NodeId t2 = net.add_table("t2", {{t1, 0, 1}}, 1, {1, 0});
  net.outputs.push_back({"y1", {t1, 0, 1}, std::nullopt});
  net.outputs.push_back({"y2", {t2, 0, 1}, std::nullopt});
  net.check_invariants();
  return net;
}
}  // namespace

TEST_CASE("tables look up rows by the concatenated operands") {
  Network net = chain();
  SoftwareModel model(net);
  for (uint64_t a = 0; a < 3; ++a) {
    auto r = model.evaluate({a});
    uint64_t x = (a ^ (a >> 1)) & 1;
    CHECK(r.values[0] == x);
    CHECK(r.values[1] == (x ^ 1));
    CHECK(r.known[0] == 1);
    CHECK(r.known[1] == 1);
  }
}

TEST_CASE("a don't-care row makes its bit and everything it feeds unknown") {
  Network net = chain();
  auto r = SoftwareModel(net).evaluate({3});
  CHECK(r.known[0] == 0);
  CHECK(r.known[1] == 0);
}

TEST_CASE("pack_ports and unpack_ports are inverse, port 0 at bit 0") {
  std::vector<int> widths = {3, 40, 1, 33};
  std::vector<uint64_t> codes = {5, 0xABCDE12345ULL, 1, 0x1F0F0F0F0ULL};
  auto words = pack_ports(codes, widths);
  CHECK(words.size() == 3);
  CHECK((words[0] & 7) == 5);
  CHECK(unpack_ports(words, widths) == codes);
}
