#pragma once
// User-facing errors. Every error that is the user's fault is a `Diagnostic`, printed as
// `FILE:LINE:COL: error: message` (line/col omitted when unknown) and makes lutc exit 1.
#include <stdexcept>
#include <string>

namespace lutc {

class Diagnostic : public std::runtime_error {
 public:
  Diagnostic(std::string file, int line, int col, const std::string& message)
      : std::runtime_error(format(file, line, col, message)), file_(std::move(file)), line_(line), col_(col) {}
  explicit Diagnostic(const std::string& message) : std::runtime_error("error: " + message) {}

  const std::string& file() const { return file_; }
  int line() const { return line_; }
  int col() const { return col_; }

  /// `FILE:LINE:COL: error: message`; line and column are 1-based, 0 means unknown.
  static std::string format(const std::string& file, int line, int col, const std::string& message) {
    std::string s = file;
    if (line > 0) s += ":" + std::to_string(line);
    if (line > 0 && col > 0) s += ":" + std::to_string(col);
    return s + ": error: " + message;
  }

 private:
  std::string file_;
  int line_ = 0, col_ = 0;
};

}  // namespace lutc
