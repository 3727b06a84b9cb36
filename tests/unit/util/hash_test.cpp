#include <doctest/doctest.h>

#include "util/hash.hpp"

using lutc::util::Hasher;

TEST_CASE("hashes are stable, order sensitive and length framed") {
  // FNV-1a 64 is fixed by its definition: the value must never change between builds, or
  // every cache entry would silently miss.
  CHECK(Hasher().add("lutc").hex() == Hasher().add("lutc").hex());
  CHECK(Hasher().add("ab").add("c").hex() != Hasher().add("a").add("bc").hex());
  CHECK(Hasher().add_u64(1).add_u64(2).value() != Hasher().add_u64(2).add_u64(1).value());
  CHECK(Hasher().hex().size() == 16);
  CHECK(Hasher().hex() == "cbf29ce484222325");
}
