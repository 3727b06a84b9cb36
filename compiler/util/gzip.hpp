#pragma once
// Reading files that may be gzip-compressed (detected by the gzip magic bytes, not the name).
#include <string>

namespace lutc::util {

/// True if `bytes` starts with the gzip magic number.
bool is_gzip(const std::string& bytes);

/// Decompresses gzip `bytes`; throws Diagnostic(path) on corrupt or truncated data.
std::string gunzip(const std::string& path, const std::string& bytes);

/// The file's content, decompressed when it is gzip data.
std::string read_maybe_gzip(const std::string& path);

/// `path` without a trailing ".gz" (so "x.csv.gz" -> "x.csv").
std::string strip_gz(const std::string& path);

}  // namespace lutc::util
