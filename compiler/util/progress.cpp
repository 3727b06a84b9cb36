#include "util/progress.hpp"

#include <unistd.h>

#include <cmath>
#include <cstdio>

#include "util/log.hpp"

namespace lutc::util {

using Clock = std::chrono::steady_clock;

Progress::Progress(size_t total, progress_params ps)
    : total_(total), ps_(std::move(ps)), start_(Clock::now()), last_(start_) {
  tty_ = ps_.tty >= 0 ? ps_.tty == 1 : isatty(STDERR_FILENO) == 1;
}

Progress::~Progress() {
  // A loop left early (an exception) must not leave the cursor after a half-drawn bar.
  std::lock_guard<std::mutex> lock(mutex_);
  if (bar_drawn_ && done_ < total_) std::fputc('\n', stderr);
}

std::string Progress::bar(size_t done, size_t total, int width) {
  size_t filled = total == 0 ? static_cast<size_t>(width) : done * static_cast<size_t>(width) / total;
  return "[" + std::string(filled, '#') + std::string(static_cast<size_t>(width) - filled, '.') + "]";
}

std::string Progress::line(const progress_params& ps, size_t done, size_t total, double seconds_left) {
  std::string s = ps.verb + " " + std::to_string(done) + "/" + std::to_string(total) + " " + ps.noun;
  if (done < total && seconds_left >= 0) {
    char buf[48];
    if (seconds_left < 90) std::snprintf(buf, sizeof buf, ", about %.0f s left", std::ceil(seconds_left));
    else std::snprintf(buf, sizeof buf, ", about %.0f min left", std::ceil(seconds_left / 60));
    s += buf;
  }
  return s;
}

void Progress::advance() {
  std::lock_guard<std::mutex> lock(mutex_);
  ++done_;
  auto now = Clock::now();
  const bool final_line = done_ >= total_;
  // A terminal bar may redraw often; plain lines only every interval.
  const double interval = tty_ ? 0.1 : ps_.line_interval_seconds;
  if (!final_line && std::chrono::duration<double>(now - last_).count() < interval) return;
  last_ = now;
  print(final_line);
}

void Progress::print(bool final_line) {
  if (log::level() < log::Level::normal) return;
  double elapsed = std::chrono::duration<double>(Clock::now() - start_).count();
  // Items so far predict the rest (tables differ in size, so this is a rough guess).
  double left = done_ > 0 ? elapsed * static_cast<double>(total_ - done_) / static_cast<double>(done_) : -1;
  std::string text = line(ps_, done_, total_, left);
  if (tty_) {
    // \r and erase-to-end redraw the bar in place; the final state stays as a normal log line.
    std::fprintf(stderr, "\r\033[K[lutc] %s %s", bar(done_, total_, 30).c_str(), text.c_str());
    if (final_line) std::fputc('\n', stderr);
    bar_drawn_ = !final_line;
    std::fflush(stderr);
  } else {
    log::info(text);
  }
}

}  // namespace lutc::util
