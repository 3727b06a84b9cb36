#include "frontend/dataset.hpp"

#include <doctest/doctest.h>

#include <algorithm>
#include <sstream>

#include "frontend/read_model.hpp"
#include "util/diagnostic.hpp"
#include "util/fs.hpp"

using namespace lutc;

namespace {

ir::Network example(const std::string& name) { return frontend::read_model(std::string(LUTC_SOURCE_DIR) + "/examples/" + name); }

std::string error_of(const std::string& path, const std::string& text, const ir::Network& net) {
  try {
    frontend::parse_dataset(path, text, net);
  } catch (const Diagnostic& d) {
    return d.what();
  }
  return "";
}

}  // namespace

TEST_CASE("pla data set: IWLS 2020 test samples for the network learned from the train file") {
  std::string dir = std::string(LUTC_SHARED_DATA) + "/iwls2020/";
  ir::Network net = frontend::read_model(dir + "ex20.train.pla");
  frontend::Dataset d = frontend::read_dataset(dir + "ex20.test.pla", net);
  REQUIRE(d.inputs.size() == 6400);
  CHECK(d.has_labels);
  std::istringstream in(util::read_file(dir + "ex20.test.pla"));
  size_t s = 0;
  int line_no = 0;
  uint64_t wrong = 0;
  for (std::string line; std::getline(in, line);) {
    ++line_no;
    if (line.empty() || line[0] == '.') continue;
    uint64_t code = 0;
    for (int k = 0; k < 16; ++k)
      if (line[static_cast<size_t>(k)] == '1') code |= uint64_t{1} << k;
    if (d.inputs[s] != std::vector<uint64_t>{code}) ++wrong;
    if (d.labels[s] != std::vector<uint64_t>{line[17] == '1' ? 1u : 0u}) ++wrong;
    if (d.label_known[s] != std::vector<uint64_t>{1}) ++wrong;
    if (d.source_line[s] != line_no) ++wrong;
    ++s;
  }
  CHECK(s == 6400);
  CHECK(wrong == 0);
}

TEST_CASE("pla data set: columns split over the ports in order, '-' labels unknown") {
  ir::Network net = example("tiny_mlp.yaml");  // inputs a b c d (2 bits), outputs class_a class_b (2 bits)
  frontend::Dataset d = frontend::parse_dataset("d.pla", ".i 8\n.o 4\n10 01 11 00 1- 01\n", net);
  REQUIRE(d.inputs.size() == 1);
  CHECK(d.inputs[0] == std::vector<uint64_t>{1, 2, 3, 0});  // column 0 = bit 0 of port 0
  CHECK(d.labels[0] == std::vector<uint64_t>{1, 2});
  CHECK(d.label_known[0] == std::vector<uint64_t>{1, 3});
  frontend::Dataset unlabeled = frontend::parse_dataset("d.pla", ".i 8\n00000000\n11111111\n", net);
  CHECK_FALSE(unlabeled.has_labels);
  CHECK(unlabeled.inputs[1] == std::vector<uint64_t>{3, 3, 3, 3});
  CHECK(error_of("d.pla", ".i 8\n.o 4\n10 0- 11 00 1- 01\n", net) == "d.pla:3:5: error: a sample must give every input bit (no '-')");
  CHECK(error_of("d.pla", ".i 7\n", net) == "d.pla: error: .i 7 does not match the 8 input bits of the network");
  CHECK(error_of("d.pla", ".i 8\n.o 3\n", net) == "d.pla: error: .o 3 does not match the 4 output bits of the network");
}

TEST_CASE("csv data set: real values quantized with the port format, raw codes in hex or binary") {
  ir::Network net = example("tiny_mlp.yaml");  // every port: unsigned, 1 integer + 1 fraction bit, round, saturate
  frontend::Dataset d = frontend::parse_dataset("d.csv",
                                                "# samples\n"
                                                "d, a, b, c, class_b\n"
                                                "0.5, 1.4, 7, 0x2, 1\n"
                                                "\n"
                                                "0, 0.24, 0.25, 0b11, -\n",
                                                net);
  REQUIRE(d.inputs.size() == 2);
  // a = round(2 * 1.4) = 3; b = 7 saturates to 3; c = raw code 2; d = round(2 * 0.5) = 1.
  CHECK(d.inputs[0] == std::vector<uint64_t>{3, 3, 2, 1});
  // a = round(0.48) = 0; b = round(0.5) = 1 (ties up); c = 0b11.
  CHECK(d.inputs[1] == std::vector<uint64_t>{0, 1, 3, 0});
  CHECK(d.has_labels);
  CHECK(d.labels[0] == std::vector<uint64_t>{0, 2});  // class_b = 1.0 -> code 2; class_a has no column
  CHECK(d.label_known[0] == std::vector<uint64_t>{0, 3});
  CHECK(d.label_known[1] == std::vector<uint64_t>{0, 0});
  CHECK(d.source_line == std::vector<int>{3, 5});
}

TEST_CASE("csv data set: integer codes for ports without a format, signed formats") {
  ir::Network net = example("worked_example.yaml");  // x: 3 bits, no format; s: signed 1.1
  frontend::Dataset d = frontend::parse_dataset("d.csv", "x,s\n5,-0.5\n0,0.5\n7,-1\n", net);
  CHECK_FALSE(d.has_labels);
  CHECK(d.inputs[0] == std::vector<uint64_t>{5, 3});  // -0.5 = code -1 = 0b11
  CHECK(d.inputs[1] == std::vector<uint64_t>{0, 1});
  CHECK(d.inputs[2] == std::vector<uint64_t>{7, 2});  // -1 = 0b10
  CHECK(error_of("d.csv", "x,s\n8,0\n", net) == "d.csv:2:1: error: code 8 does not fit in the 3 bits of 'x'");
  CHECK(error_of("d.csv", "x,s\n1.5,0\n", net) == "d.csv:2:1: error: bad number '1.5'");
  CHECK(error_of("d.csv", "x,s\n-1,0\n", net) ==
        "d.csv:2:1: error: negative value '-1' for 'x', which has no fixed format (codes are unsigned)");
  CHECK(error_of("d.csv", "x, s\n1, zz\n", net) == "d.csv:2:4: error: bad number 'zz'");
  CHECK(error_of("d.csv", "x,t\n", net) == "d.csv:1:3: error: column 't' is not an input or output port of the network");
  CHECK(error_of("d.csv", "x\n", net) == "d.csv:1: error: no column for input 's'");
  CHECK(error_of("d.csv", "x,s\n1\n", net) == "d.csv:2: error: row has 1 values, expected 2");
  CHECK(error_of("d.csv", "x,x\n", net) == "d.csv:1:3: error: repeated column 'x'");
  CHECK(error_of("d.txt", "x,s\n", net) == "d.txt: error: unknown data set file type '.txt' (expected .pla, .csv or .csv.gz)");
}

TEST_CASE("csv data set: a `label` column is the class of each sample, not a port") {
  ir::Network net = example("tiny_mlp.yaml");  // outputs class_a, class_b: two classes (argmax)
  frontend::Dataset d = frontend::parse_dataset("d.csv", "a,b,c,d,label\n0,0,0,0,1\n1,1,1,1,?\n0,0,0,0,0.0\n", net);
  CHECK(d.has_classes);
  CHECK_FALSE(d.has_labels);
  CHECK(d.classes == std::vector<int64_t>{1, -1, 0});
  CHECK(d.inputs.size() == 3);
  frontend::Dataset both = frontend::parse_dataset("d.csv", "label,a,b,c,d,class_a\n1,0,0,0,0,0.5\n", net);
  CHECK(both.has_classes);
  CHECK(both.has_labels);
  CHECK(both.classes == std::vector<int64_t>{1});
  CHECK_FALSE(frontend::parse_dataset("d.csv", "a,b,c,d\n0,0,0,0\n", net).has_classes);
  CHECK(error_of("d.csv", "a,b,c,d,label\n0,0,0,0,2\n", net) ==
        "d.csv:2:9: error: label 2 is not a class of the network: it has 2 (one per output port, argmax)");
  CHECK(error_of("d.csv", "a,b,c,d,label\n0,0,0,0,1.5\n", net) ==
        "d.csv:2:9: error: label '1.5' is not a class (a non-negative integer)");
  CHECK(error_of("d.csv", "a,b,c,d,label\n0,0,0,0,-1\n", net) ==
        "d.csv:2:9: error: label '-1' is not a class (a non-negative integer)");
  CHECK(error_of("d.csv", "a,label,b,c,d,label\n", net) == "d.csv:1:15: error: repeated column 'label'");
}

TEST_CASE("csv data set: the trained example's held-out split has 360 labelled samples") {
  ir::Network net = example("digits_hgq/model.json.gz");
  frontend::Dataset d = frontend::read_dataset(std::string(LUTC_SOURCE_DIR) + "/examples/digits_hgq/test.csv", net);
  REQUIRE(d.classes.size() == 360);
  CHECK(d.inputs.size() == 360);
  CHECK(d.classes[0] == 2);  // the first row of test.csv
  CHECK(std::count(d.classes.begin(), d.classes.end(), -1) == 0);
}
