#include "util/progress.hpp"

#include <doctest/doctest.h>

using lutc::util::Progress;
using lutc::util::progress_params;

TEST_CASE("progress: the plain line says done/total and the time left until finished") {
  progress_params ps{"minimized", "tables"};
  CHECK(Progress::line(ps, 3, 10, 4.2) == "minimized 3/10 tables, about 5 s left");
  CHECK(Progress::line(ps, 3, 10, 150) == "minimized 3/10 tables, about 3 min left");
  CHECK(Progress::line(ps, 10, 10, 0) == "minimized 10/10 tables");  // the final line is deterministic
  CHECK(Progress::line(ps, 0, 10, -1) == "minimized 0/10 tables");   // no estimate yet
}

TEST_CASE("progress: the bar fills in proportion") {
  CHECK(Progress::bar(0, 4, 8) == "[........]");
  CHECK(Progress::bar(1, 4, 8) == "[##......]");
  CHECK(Progress::bar(4, 4, 8) == "[########]");
  CHECK(Progress::bar(0, 0, 4) == "[####]");
}

TEST_CASE("progress: advancing to the total prints the final line without blocking") {
  progress_params ps{"done", "items"};
  ps.tty = 0;
  Progress p(3, ps);
  p.advance();
  p.advance();
  p.advance();  // prints the final line once; nothing to check but that it neither throws nor blocks
}
