#include <doctest/doctest.h>

#include "util/diagnostic.hpp"
#include "util/process.hpp"

using namespace lutc;

TEST_CASE("run_process captures output and exit code") {
  auto r = util::run_process({"sh", "-c", "echo out; echo err >&2; exit 3"});
  CHECK(r.exit_code == 3);
  CHECK(r.output.find("out") != std::string::npos);
  CHECK(r.output.find("err") != std::string::npos);
  auto cwd = util::run_process({"pwd"}, "/");
  CHECK(cwd.output == "/\n");
}

TEST_CASE("a missing program is a diagnostic, not a crash") {
  CHECK_THROWS_AS(util::run_process({"lutc-no-such-program-xyz"}), Diagnostic);
  CHECK(util::find_program("lutc-no-such-program-xyz").empty());
  CHECK(!util::find_program("sh").empty());
}
