#include <doctest/doctest.h>

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
