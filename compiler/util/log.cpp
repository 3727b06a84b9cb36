#include "util/log.hpp"

#include <cstdio>
#include <mutex>

namespace lutc::log {
namespace {
Level g_level = Level::normal;
std::mutex g_mutex;
void emit(const char* prefix, const std::string& message) {
  std::lock_guard<std::mutex> lock(g_mutex);
  std::fprintf(stderr, "[lutc] %s%s\n", prefix, message.c_str());
  std::fflush(stderr);
}
}  // namespace

void set_level(Level level) { g_level = level; }
Level level() { return g_level; }
void info(const std::string& message) {
  if (g_level >= Level::normal) emit("", message);
}
void detail(const std::string& message) {
  if (g_level >= Level::verbose) emit("  ", message);
}
void warn(const std::string& message) {
  if (g_level >= Level::normal) emit("warning: ", message);
}

}  // namespace lutc::log
