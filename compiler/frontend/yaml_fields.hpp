#pragma once
// The pieces every reader of the native YAML model needs: mappings with known keys, integers,
// names and fixed-point formats, each failing with one `FILE:LINE:COL: error:` diagnostic.
#include <yaml-cpp/yaml.h>

#include <cstdint>
#include <initializer_list>
#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "ir/network.hpp"

namespace lutc::frontend::detail {

/// `s` without leading and trailing whitespace.
std::string trim(std::string_view s);
/// A decimal or 0x-prefixed hex integer (optionally negative), or nullopt.
std::optional<int64_t> parse_int(const std::string& s);
/// A non-negative decimal or 0x-prefixed hex number up to 2^64-1.
std::optional<uint64_t> parse_uint(const std::string& s);

class YamlFields {
 public:
  explicit YamlFields(std::string path) : path_(std::move(path)) {}

  struct Field {
    YAML::Node key, value;
  };
  using Fields = std::map<std::string, Field>;

  [[noreturn]] void fail(const YAML::Mark& m, const std::string& message) const;
  [[noreturn]] void fail(const YAML::Node& n, const std::string& message) const { fail(n.Mark(), message); }
  /// The keys of a mapping, rejecting unknown and repeated ones (typos should not pass silently).
  Fields fields(const YAML::Node& map, const std::string& what, std::initializer_list<std::string_view> allowed) const;
  YAML::Node require(const Fields& f, const YAML::Node& map, const std::string& key, const std::string& what) const;
  std::string scalar(const YAML::Node& n, const std::string& what) const;
  /// An identifier (detail::is_identifier).
  std::string name(const YAML::Node& n) const;
  int64_t integer(const YAML::Node& n, const std::string& what, int64_t lo, int64_t hi) const;
  /// A list of `count` integers in [lo, hi], or (when `count` > 0) one integer meaning all of them.
  std::vector<int64_t> integers(const YAML::Node& n, const std::string& what, size_t count, int64_t lo, int64_t hi, bool scalar_ok) const;
  bool boolean(const YAML::Node& n, const std::string& what) const;
  /// A `fixed:` mapping; its width must be `width` unless width < 0.
  ir::FixedFormat fixed_format(const YAML::Node& n, int width, const std::string& owner) const;

 protected:
  std::string path_;
};

}  // namespace lutc::frontend::detail
