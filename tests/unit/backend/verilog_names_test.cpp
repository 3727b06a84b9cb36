#include "backend/verilog_names.hpp"

#include <doctest/doctest.h>

#include <algorithm>

using namespace lutc;

TEST_CASE("verilog_identifier makes legal, unique names") {
  std::vector<std::string> taken;
  CHECK(backend::verilog_identifier("layer0.n3", taken) == "layer0_n3");
  CHECK(backend::verilog_identifier("layer0_n3", taken) == "layer0_n3_1");
  CHECK(backend::verilog_identifier("3x", taken) == "p_3x");
  CHECK(backend::verilog_identifier("module", taken) == "module_");
  CHECK(backend::verilog_identifier("clk", taken) == "clk_");
  CHECK(backend::verilog_identifier("module_", taken) == "module__1");
}

TEST_CASE("the keyword list is IEEE 1800-2017's: sorted, complete in count, no duplicates") {
  const auto& words = backend::systemverilog_keywords();
  CHECK(std::is_sorted(words.begin(), words.end()));
  CHECK(std::adjacent_find(words.begin(), words.end()) == words.end());
  CHECK(words.size() == 248);  // Annex B of IEEE 1800-2017 lists 248 reserved keywords
  for (const char* w : {"do", "this", "while", "task", "bit", "logic", "uwire", "s_until_with", "interconnect"})
    CHECK(backend::is_reserved_verilog_name(w));
  for (const char* w : {"LUT6", "LUT6_2", "CARRY4", "MUXF7", "FDRE", "and", "buf", "lut_models", "switch"})
    CHECK(backend::is_reserved_verilog_name(w));
  CHECK(!backend::is_reserved_verilog_name("lut6"));  // Verilog names are case-sensitive
  CHECK(!backend::is_reserved_verilog_name("x"));
}
