#include <doctest/doctest.h>

#include <sys/wait.h>
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

TEST_CASE("replacing an output exchanges it whole and leaves no temporary behind") {
  fs::path base = fs::temp_directory_path() / ("lutc-exchange-test-" + std::to_string(::getpid()));
  fs::remove_all(base);
  fs::create_directories(base / "out");
  util::write_file(base / "out" / "old.txt", "old");
  util::write_file(base / "staged" / "new.txt", "new");
  CHECK(util::publish_directory(base / "staged", base / "out"));
  CHECK(util::read_file(base / "out" / "new.txt") == "new");
  CHECK(!fs::exists(base / "out" / "old.txt"));
  CHECK(!fs::exists(base / "staged"));
  // keep_existing: a complete entry (holding the marker) wins over the staged one.
  util::write_file(base / "staged2" / "new.txt", "newer");
  CHECK(!util::publish_directory(base / "staged2", base / "out", util::publish_mode::keep_existing, "new.txt"));
  CHECK(util::read_file(base / "out" / "new.txt") == "new");
  CHECK(!fs::exists(base / "staged2"));
  // ... a broken one (no marker) is replaced.
  util::write_file(base / "staged3" / "marker", "");
  CHECK(util::publish_directory(base / "staged3", base / "out", util::publish_mode::keep_existing, "marker"));
  CHECK(fs::exists(base / "out" / "marker"));
  fs::remove_all(base);
}

TEST_CASE("temporaries of dead runs are removed, those of live ones kept") {
  fs::path base = fs::temp_directory_path() / ("lutc-stale-test-" + std::to_string(::getpid()));
  fs::remove_all(base);
  pid_t dead = fork();
  if (dead == 0) _exit(0);
  waitpid(dead, nullptr, 0);
  fs::create_directories(base / (".out.tmp-" + std::to_string(dead) + "-0"));
  fs::create_directories(base / (".out.tmp-" + std::to_string(dead) + "-1-old"));
  fs::create_directories(base / (".out.tmp-1-0"));  // init: alive
  fs::create_directories(base / "out.tmp-unrelated");
  util::AtomicDir dir(base / "out");
  CHECK(!fs::exists(base / (".out.tmp-" + std::to_string(dead) + "-0")));
  CHECK(!fs::exists(base / (".out.tmp-" + std::to_string(dead) + "-1-old")));
  CHECK(fs::exists(base / ".out.tmp-1-0"));
  CHECK(fs::exists(base / "out.tmp-unrelated"));
  fs::remove_all(base);
}

TEST_CASE("errors while filling an atomic directory name the target, not the temporary") {
  fs::path base = fs::temp_directory_path() / ("lutc-display-test-" + std::to_string(::getpid()));
  fs::remove_all(base);
  util::AtomicDir dir(base / "out");
  CHECK(util::display_path(dir.path() / "rtl" / "top.v") == (base / "out" / "rtl" / "top.v").string());
  fs::create_directories(dir.path() / "blocker");
  try {
    util::write_file(dir.path() / "blocker", "x");  // a directory cannot be written as a file
    FAIL("no exception");
  } catch (const Diagnostic& d) {
    CHECK(std::string(d.what()).find((base / "out" / "blocker").string() + ": error: cannot write file: ") == 0);
    CHECK(std::string(d.what()).find(".tmp-") == std::string::npos);
  }
  fs::remove_all(base);
}

TEST_CASE("a temporary directory is private and removed unless kept") {
  fs::path kept;
  {
    util::TempDir a("lutc-tempdir-test-"), b("lutc-tempdir-test-");
    CHECK(a.path() != b.path());
    CHECK(fs::is_directory(a.path()));
    kept = b.path();
    b.keep();
    util::write_file(a.path() / "x", "1");
  }
  CHECK(fs::exists(kept));
  fs::remove_all(kept);
}

TEST_CASE("write_atomic replaces a file whole") {
  fs::path base = fs::temp_directory_path() / ("lutc-write-atomic-test-" + std::to_string(::getpid()));
  util::write_atomic(base / "f.txt", "one");
  util::write_atomic(base / "f.txt", "two");
  CHECK(util::read_file(base / "f.txt") == "two");
  CHECK(std::distance(fs::directory_iterator(base), fs::directory_iterator()) == 1);
  fs::remove_all(base);
}
