#pragma once
// Progress of a long loop (tables minimized, ...) on stderr. On a terminal: one bar redrawn in
// place, with items done / total and the estimated time left. Otherwise (logs, tests): a plain
// line every few seconds and always the final one, "<verb> <done>/<total> <noun>", so output
// piped to a file stays readable and its last line is deterministic.
#include <chrono>
#include <cstddef>
#include <mutex>
#include <string>

namespace lutc::util {

struct progress_params {
  std::string verb = "done";         // "minimized"
  std::string noun = "items";        // "tables"
  double line_interval_seconds = 2;  // plain lines: at most one per interval (the final one always)
  int tty = -1;                      // 1: draw a bar, 0: plain lines, -1: bar iff stderr is a terminal
};

/// Thread-safe: workers call advance() as they finish items.
class Progress {
 public:
  Progress(size_t total, progress_params ps);
  ~Progress();
  Progress(const Progress&) = delete;
  Progress& operator=(const Progress&) = delete;

  /// One more item is done; prints when due (nothing when the log level is quiet).
  void advance();

  /// The text of one report: "minimized 3/10 tables" plus ", about 12 s left" while unfinished.
  static std::string line(const progress_params& ps, size_t done, size_t total, double seconds_left);
  /// A bar of `width` cells for done/total: "[#####.....]".
  static std::string bar(size_t done, size_t total, int width);

 private:
  void print(bool final_line);

  size_t total_, done_ = 0;
  progress_params ps_;
  bool tty_ = false, bar_drawn_ = false;
  std::chrono::steady_clock::time_point start_, last_;
  std::mutex mutex_;
};

}  // namespace lutc::util
