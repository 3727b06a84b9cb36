#include "verify/records.hpp"

#include <stdexcept>

namespace lutc::verify {

record_layout::record_layout(const std::vector<int>& widths) {
  int pos = 0;
  for (int w : widths) {
    if (w < 0 || w > 64) throw std::invalid_argument("record_layout: port width out of range");
    port_slot s;
    s.width = w;
    s.word = static_cast<uint32_t>(pos / 32);
    s.shift = pos % 32;
    s.mask = w >= 64 ? ~uint64_t{0} : (uint64_t{1} << w) - 1;
    ports_.push_back(s);
    pos += w;
  }
  words_ = static_cast<size_t>(record_words(pos));
}

}  // namespace lutc::verify
