#include "util/gzip.hpp"

#include <zlib.h>

#include "util/diagnostic.hpp"
#include "util/fs.hpp"

namespace lutc::util {

bool is_gzip(const std::string& bytes) {
  return bytes.size() >= 2 && static_cast<unsigned char>(bytes[0]) == 0x1f && static_cast<unsigned char>(bytes[1]) == 0x8b;
}

std::string gunzip(const std::string& path, const std::string& bytes) {
  z_stream zs{};
  if (inflateInit2(&zs, 16 + MAX_WBITS) != Z_OK) throw Diagnostic(path, 0, 0, "cannot initialize zlib");
  zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(bytes.data()));
  zs.avail_in = static_cast<uInt>(bytes.size());
  std::string out;
  char buf[1 << 16];
  int rc = Z_OK;
  while (rc == Z_OK) {
    zs.next_out = reinterpret_cast<Bytef*>(buf);
    zs.avail_out = sizeof buf;
    rc = inflate(&zs, Z_NO_FLUSH);
    out.append(buf, sizeof buf - zs.avail_out);
    // Concatenated gzip members (as `cat a.gz b.gz`) continue after a stream end.
    if (rc == Z_STREAM_END && zs.avail_in > 0) rc = inflateReset(&zs);
    if (rc == Z_BUF_ERROR && zs.avail_in == 0) break;
  }
  inflateEnd(&zs);
  if (rc != Z_STREAM_END) throw Diagnostic(path, 0, 0, "truncated or corrupt gzip data");
  return out;
}

std::string read_maybe_gzip(const std::string& path) {
  std::string bytes = read_file(path);
  return is_gzip(bytes) ? gunzip(path, bytes) : bytes;
}

std::string strip_gz(const std::string& path) {
  return path.size() > 3 && path.compare(path.size() - 3, 3, ".gz") == 0 ? path.substr(0, path.size() - 3) : path;
}

}  // namespace lutc::util
