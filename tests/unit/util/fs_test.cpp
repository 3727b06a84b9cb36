#include <doctest/doctest.h>

#include <unistd.h>

#include <filesystem>

#include "util/diagnostic.hpp"
#include "util/fs.hpp"

using namespace lutc;
namespace fs = std::filesystem;

TEST_CASE("an atomic directory appears only on commit and replaces the old one whole") {
  fs::path base = fs::temp_directory_path() / ("lutc-atomic-test-" + std::to_string(::getpid()));
  fs::remove_all(base);
  fs::path target = base / "out";
  {
    util::AtomicDir dir(target);
    util::write_file(dir.path() / "a.txt", "partial");
    CHECK(!fs::exists(target));
  }  // destroyed without commit
  CHECK(!fs::exists(target));
  CHECK(fs::is_empty(base));
  {
    util::AtomicDir dir(target);
    util::write_file(dir.path() / "a.txt", "one");
    dir.commit();
  }
  {
    util::AtomicDir dir(target);
    util::write_file(dir.path() / "b.txt", "two");
    dir.commit();
  }
  CHECK(!fs::exists(target / "a.txt"));
  CHECK(util::read_file(target / "b.txt") == "two");
  CHECK(std::distance(fs::directory_iterator(base), fs::directory_iterator()) == 1);
  fs::remove_all(base);
}

TEST_CASE("reading a missing file names it") {
  try {
    util::read_file("/nonexistent/lutc/file.yaml");
    FAIL("no exception");
  } catch (const Diagnostic& d) {
    CHECK(std::string(d.what()) == "/nonexistent/lutc/file.yaml: error: cannot open file");
  }
}
