#include "frontend/truth_file.hpp"

#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include <unistd.h>

#include "frontend/read_model.hpp"
#include "util/diagnostic.hpp"
#include "util/fs.hpp"
#include "util/process.hpp"

using namespace lutc;

namespace {

std::vector<std::string> nonempty_lines(const std::string& text) {
  std::vector<std::string> out;
  std::istringstream in(text);
  for (std::string l; std::getline(in, l);) {
    while (!l.empty() && (l.back() == '\r' || l.back() == ' ')) l.pop_back();
    if (!l.empty()) out.push_back(l);
  }
  return out;
}

std::string error_of(const std::string& text) {
  try {
    frontend::read_truth("t.truth", text);
  } catch (const Diagnostic& d) {
    return d.what();
  }
  return "";
}

}  // namespace

TEST_CASE("truth file: most significant minterm first, line j = output bit j") {
  // Output 0 = x0 xor x1 ("0110"), output 1 = x0 and x1 ("1000").
  ir::Network net = frontend::read_truth("dir/small.truth", "0110\n1000\n");
  CHECK(net.name == "small");
  REQUIRE(net.inputs.size() == 1);
  CHECK(net.nodes[net.inputs[0]].name == "x");
  CHECK(net.nodes[net.inputs[0]].width == 2);
  CHECK(net.outputs.at(0).name == "y");
  const ir::Table& t = net.nodes[net.outputs[0].source.node].table();
  CHECK(t.rows == std::vector<uint64_t>{0b00, 0b01, 0b01, 0b10});
  CHECK(t.care.empty());
}

TEST_CASE("truth file: the IWLS 2022 LogicNets neurons") {
  for (int ex = 68; ex <= 83; ++ex) {
    std::string path = std::string(LUTC_SHARED_DATA) + "/iwls2022/ex" + std::to_string(ex) + ".truth";
    CAPTURE(path);
    ir::Network net = frontend::read_model(path);
    std::vector<std::string> lines = nonempty_lines(util::read_file(path));
    REQUIRE(lines.size() == 3);
    REQUIRE(lines[0].size() == 4096);
    const ir::Table& t = net.nodes[net.outputs[0].source.node].table();
    CHECK(t.index_bits == 12);
    CHECK(t.out_width == 3);
    uint64_t wrong = 0;
    for (uint64_t m = 0; m < 4096; ++m)
      for (int j = 0; j < 3; ++j)
        if ((((t.rows[m] >> j) & 1) == 1) != (lines[j][4095 - m] == '1')) ++wrong;
    CHECK(wrong == 0);
  }
}

TEST_CASE("truth file: agrees with berkeley-abc read_truth -xf" * doctest::test_suite("tools")) {
  // ABC turns the file into one SOP cover per output; evaluating the covers must give our rows.
  std::string abc = util::find_program("berkeley-abc");
  REQUIRE_MESSAGE(!abc.empty(), "berkeley-abc is required");
  namespace fs = std::filesystem;
  fs::path dir = fs::temp_directory_path() / ("lutc_truth_test_" + std::to_string(::getpid()));
  fs::create_directories(dir);
  std::string path = std::string(LUTC_SHARED_DATA) + "/iwls2022/ex71.truth";
  util::ProcessResult r = util::run_process({abc, "-c", "read_truth -xf " + path + "; write_blif " + (dir / "out.blif").string()});
  REQUIRE(r.exit_code == 0);
  std::vector<std::string> blif = nonempty_lines(util::read_file(dir / "out.blif"));
  fs::remove_all(dir);
  ir::Network net = frontend::read_truth(path, util::read_file(path));
  const ir::Table& t = net.nodes[net.outputs[0].source.node].table();
  std::vector<uint64_t> abc_rows(4096, 0);
  int output = -1;
  size_t cubes = 0;
  for (const auto& line : blif) {
    if (line.rfind(".names", 0) == 0) {
      ++output;
      continue;
    }
    if (line[0] == '.' || line[0] == '#' || output < 0) continue;
    std::string cube = line.substr(0, line.find(' '));
    REQUIRE(cube.size() == 12);
    ++cubes;
    for (uint64_t m = 0; m < 4096; ++m) {
      bool in = true;
      for (int k = 0; k < 12 && in; ++k)  // BLIF column k is ABC input k (a, b, ...)
        in = cube[k] == '-' || (cube[k] == '1') == (((m >> k) & 1) == 1);
      if (in) abc_rows[m] |= uint64_t{1} << output;
    }
  }
  CHECK(output == 2);
  CHECK(cubes > 0);
  CHECK(abc_rows == t.rows);
}

TEST_CASE("truth file errors") {
  CHECK(error_of("0110\n01\n") == "t.truth:2:1: error: line has 2 characters, expected 4 like line 1");
  CHECK(error_of("011\n") == "t.truth:1:1: error: line has 3 characters, which is not a power of two (2^inputs)");
  CHECK(error_of("01x0\n") == "t.truth:1:3: error: bad character 'x' (expected 0 or 1)");
  CHECK(error_of("\n\n") == "t.truth: error: empty truth table file");
}
