#include "frontend/pla_file.hpp"

#include <doctest/doctest.h>

#include <set>
#include <sstream>

#include "frontend/read_model.hpp"
#include "util/diagnostic.hpp"
#include "util/fs.hpp"

using namespace lutc;

namespace {

const ir::Table& table_of(const ir::Network& net) { return net.nodes[net.outputs.at(0).source.node].table(); }

std::string error_of(const std::string& text) {
  try {
    frontend::read_pla("p.pla", text);
  } catch (const Diagnostic& d) {
    return d.what();
  }
  return "";
}

/// Care rows of output bit 0, as a sorted list.
std::vector<uint64_t> care_rows(const ir::Table& t) {
  std::vector<uint64_t> r;
  for (uint64_t m = 0; m < t.num_rows(); ++m)
    if (t.cares(0, m)) r.push_back(m);
  return r;
}

}  // namespace

TEST_CASE("pla .type f: listed ones on, everything else off") {
  ir::Network net = frontend::read_pla("f.pla", ".i 2\n.o 1\n.type f\n1- 1\n00 0\n.e\n");
  CHECK(net.name == "f");
  CHECK(table_of(net).rows == std::vector<uint64_t>{0, 1, 0, 1});  // column 0 = variable 0
  CHECK(table_of(net).care.empty());
}

TEST_CASE("pla .type fd (default): 1 on, - don't care, unlisted off") {
  ir::Network net = frontend::read_pla("fd.pla", "# comment\n.i 2\n.o 2\n0- 1-\n11 -1\n");
  const ir::Table& t = table_of(net);
  CHECK(t.rows == std::vector<uint64_t>{1, 0, 1, 2});
  REQUIRE(t.care.size() == 2);
  CHECK(care_rows(t) == std::vector<uint64_t>{0, 1, 2});  // minterm 3 is a don't care for bit 0
  for (uint64_t m : {0, 2}) CHECK_FALSE(t.cares(1, m));  // "1-": bit 1 don't care on 0-
  CHECK(t.cares(1, 1));
  CHECK(t.cares(1, 3));
}

TEST_CASE("pla .type fr: 1 on, 0 off, unlisted minterms are don't cares") {
  ir::Network net = frontend::read_pla("fr.pla", ".i 2\n.o 1\n.type fr\n00 1\n01 0\n1- 1\n");
  const ir::Table& t = table_of(net);
  // "01": x0 = 0, x1 = 1 -> minterm 2 off; "1-" -> minterms 1 and 3 on; minterm 0 on.
  CHECK(care_rows(t) == std::vector<uint64_t>{0, 1, 2, 3});
  CHECK(t.rows == std::vector<uint64_t>{1, 1, 0, 1});
  ir::Network partial = frontend::read_pla("fr.pla", ".i 2\n.o 1\n.type fr\n00 1\n01 0\n");
  CHECK(care_rows(table_of(partial)) == std::vector<uint64_t>{0, 2});
}

TEST_CASE("pla: conflicting rows name both lines") {
  CHECK(error_of(".i 2\n.o 1\n.type fr\n1- 1\n# note\n11 0\n") ==
        "p.pla:6: error: conflicting rows: output 0 for input 11 is 0 here but 1 at line 4");
  // In fd files a 0 means nothing, so there is no conflict.
  CHECK(error_of(".i 2\n.o 1\n1- 1\n11 0\n").empty());
}

TEST_CASE("pla errors") {
  CHECK(error_of(".i 2\n.o 1\n1x 1\n") == "p.pla:3:2: error: bad character 'x' in input part (expected 0, 1 or -)");
  CHECK(error_of(".i 2\n.o 1\n10\n") == "p.pla:3: error: row has 2 columns, expected 2 inputs + 1 outputs");
  CHECK(error_of(".i 2\n.o 1\n10 11\n") == "p.pla:3:5: error: row has more than 2 input and 1 output columns");
  CHECK(error_of("10 1\n") == "p.pla:1:1: error: row before .i");
  CHECK(error_of(".i 25\n.o 1\n") == "p.pla:1: error: .i 25 is too large (at most 24 inputs)");
  CHECK(error_of(".i 2\n.o 1\n.type r\n") == "p.pla:3: error: unsupported .type 'r' (supported: f, fd, fr, fdr)");
  CHECK(error_of(".i 2\n.mv 3\n") == "p.pla:2:1: error: unsupported PLA directive '.mv'");
  CHECK(error_of(".i 2\n") == "p.pla: error: missing or zero .o");
}

TEST_CASE("pla: IWLS 2020 training sets, care set = distinct listed minterms") {
  for (const char* name : {"ex20.train.pla", "ex21.train.pla", "ex40.train.pla", "ex41.valid.pla"}) {
    std::string path = std::string(LUTC_SHARED_DATA) + "/iwls2020/" + name;
    CAPTURE(path);
    ir::Network net = frontend::read_model(path);
    const ir::Table& t = table_of(net);
    REQUIRE(t.care.size() == 1);
    // Independent reading of the file text: ".i N" then rows "<N input chars> <output>".
    std::istringstream in(util::read_file(path));
    std::set<uint64_t> minterms;
    uint64_t wrong = 0;
    int n = -1;
    for (std::string line; std::getline(in, line);) {
      if (line.rfind(".i ", 0) == 0) n = std::stoi(line.substr(3));
      if (line.empty() || line[0] == '.') continue;
      REQUIRE(n > 0);
      uint64_t m = 0;
      for (int k = 0; k < n; ++k)
        if (line[static_cast<size_t>(k)] == '1') m |= uint64_t{1} << k;
      minterms.insert(m);
      if ((t.rows[m] & 1) != static_cast<uint64_t>(line[static_cast<size_t>(n + 1)] == '1')) ++wrong;
    }
    CHECK(t.index_bits == n);
    CHECK(wrong == 0);
    CHECK(logic::count_ones(t.care[0]) == minterms.size());
    if (std::string(name) == "ex20.train.pla") CHECK(minterms.size() == 6101);
  }
}

TEST_CASE("many all-dash cubes expand a word at a time (the old reader took minutes)") {
  // .i 22 .o 64 with 50 all-dash cubes: 50 * 2^22 * 64 single-bit steps before, now whole words.
  std::string text = ".i 22\n.o 64\n.type fr\n";
  for (int r = 0; r < 50; ++r) {
    std::string outs;
    for (int j = 0; j < 64; ++j) outs.push_back((r + j) % 5 == 0 ? '1' : '-');
    text += std::string(22, '-') + " " + outs + "\n";
  }
  // A minterm row mixed in (expanded minterm by minterm).
  text += "1010101010101010101010 " + std::string(63, '~') + "1\n";
  ir::Network net = frontend::read_pla("bomb.pla", text);
  const ir::Table& t = table_of(net);
  CHECK(t.num_rows() == (uint64_t{1} << 22));
  for (uint64_t row : {uint64_t{0}, uint64_t{12345}, (uint64_t{1} << 22) - 1})
    CHECK(t.rows[row] == ~uint64_t{0} >> 0);  // every output is 1 in some all-dash cube
  // Output 63 is on everywhere, so the off row conflicts with an all-dash cube.
  text += "0000000000000000000000 " + std::string(63, '~') + "0\n";
  CHECK_THROWS_AS(frontend::read_pla("bomb.pla", text), Diagnostic);
}

TEST_CASE("cube expansion has a work limit with a clear error") {
  std::string text = ".i 24\n.o 64\n";
  for (int r = 0; r < 400; ++r) text += std::string(24, '-') + " " + std::string(64, '1') + "\n";
  std::string e = error_of(text);
  CHECK(e.find("the PLA is too large for a model") != std::string::npos);
}

TEST_CASE(".i and .o are bounded integers: no signed overflow") {
  CHECK(error_of(".i 2147483647\n.o 1\n0 1\n") == "p.pla:1:4: error: .i 2147483647 is too large (at most 1048576)");
  CHECK(error_of(".i 1\n.o 2147483647\n0 1\n") == "p.pla:2:4: error: .o 2147483647 is too large (at most 1048576)");
  CHECK(error_of(".i 99999999999\n.o 1\n") == "p.pla:1:4: error: .i needs a non-negative number, got '99999999999'");
  CHECK(error_of(".i 0\n.o 1\n 1\n") == "p.pla:1: error: .i 0: a model needs at least one input");
}
