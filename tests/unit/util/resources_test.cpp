#include <doctest/doctest.h>

#include <unistd.h>

#include <filesystem>

#include "util/diagnostic.hpp"
#include "util/fs.hpp"
#include "util/resources.hpp"

using namespace lutc;
namespace fs = std::filesystem;

TEST_CASE("templates fill every placeholder and reject unknown ones") {
  CHECK(util::render_template("module {{TOP}}; // {{N}} LUTs", {{"TOP", "m"}, {"N", "3"}}) == "module m; // 3 LUTs");
  CHECK_THROWS(util::render_template("{{MISSING}}", {}));
  CHECK_THROWS(util::render_template("{{OPEN", {}));
}

TEST_CASE("the embedded resources are the files in the source tree") {
  for (const std::string& dir : {"rtl_templates/", "sim/", "yosys_scripts/"}) {
    auto names = util::resources_under(dir);
    CHECK(!names.empty());
    for (const auto& name : names) CHECK(util::resource(name) == util::read_file(fs::path(LUTC_SOURCE_DIR) / name));
  }
  CHECK_THROWS(util::resource("rtl_templates/no-such-file"));
}

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
