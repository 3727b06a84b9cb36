#pragma once
// Progress and pass logging on stderr, Yosys style: one line per pass saying what changed.
#include <string>

namespace lutc::log {

enum class Level { quiet = 0, normal = 1, verbose = 2 };

void set_level(Level level);
Level level();

/// Prints "[lutc] message" when level >= normal.
void info(const std::string& message);
/// Prints "[lutc]   message" when level >= verbose.
void detail(const std::string& message);
/// Prints "[lutc] warning: message" unless quiet.
void warn(const std::string& message);

}  // namespace lutc::log
