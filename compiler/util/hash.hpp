#pragma once
// Content hashing for caches (FNV-1a 64, deterministic across runs and machines).
#include <cstdint>
#include <string>
#include <string_view>

namespace lutc::util {

class Hasher {
 public:
  Hasher& add(std::string_view bytes);
  Hasher& add_u64(uint64_t v);
  uint64_t value() const { return h_; }
  /// 16 lowercase hex digits.
  std::string hex() const;

 private:
  uint64_t h_ = 0xcbf29ce484222325ULL;
};

}  // namespace lutc::util
