#include "verify/records.hpp"

#include <doctest/doctest.h>

#include <random>

#include "ir/software_model.hpp"

using namespace lutc;
using namespace lutc::verify;

TEST_CASE("record_layout packs and extracts as ir::pack_ports") {
  std::mt19937_64 rng(11);
  for (int round = 0; round < 300; ++round) {
    std::vector<int> widths;
    std::vector<uint64_t> codes, dirty;
    for (int p = 0; p < 1 + static_cast<int>(rng() % 6); ++p) {
      const int w = static_cast<int>(rng() % 65);  // 0 .. 64 bits
      const uint64_t noise = rng();
      widths.push_back(w);
      codes.push_back(w == 0 ? 0 : noise & (w == 64 ? ~uint64_t{0} : (uint64_t{1} << w) - 1));
      dirty.push_back(noise);  // bits above the width must be ignored
    }
    const record_layout layout(widths);
    std::vector<uint32_t> packed = ir::pack_ports(codes, widths);
    if (packed.empty()) packed.push_back(0);  // a record is at least one word
    std::vector<uint32_t> record(layout.words(), 0xdeadbeefu);  // pack overwrites every word
    layout.pack(dirty.data(), record.data());
    CHECK(record == packed);
    for (size_t p = 0; p < widths.size(); ++p) CHECK(layout.extract(record.data(), p) == codes[p]);
  }
}
