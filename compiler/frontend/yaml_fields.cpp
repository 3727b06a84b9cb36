#include "frontend/yaml_fields.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>

#include "frontend/yaml_model.hpp"
#include "util/diagnostic.hpp"

namespace lutc::frontend::detail {

std::string trim(std::string_view s) {
  size_t b = 0, e = s.size();
  while (b < e && std::isspace(static_cast<unsigned char>(s[b]))) ++b;
  while (e > b && std::isspace(static_cast<unsigned char>(s[e - 1]))) --e;
  return std::string(s.substr(b, e - b));
}

std::optional<int64_t> parse_int(const std::string& s) {
  std::string t = trim(s);
  int64_t v = 0;
  const char* b = t.data();
  const char* e = t.data() + t.size();
  int base = 10;
  bool negative = false;
  if (b != e && *b == '-') negative = true, ++b;
  if (e - b > 2 && b[0] == '0' && (b[1] == 'x' || b[1] == 'X')) base = 16, b += 2;
  if (b == e) return std::nullopt;
  uint64_t u = 0;
  auto [p, ec] = std::from_chars(b, e, u, base);
  if (ec != std::errc() || p != e) return std::nullopt;
  if (u > static_cast<uint64_t>(INT64_MAX)) return std::nullopt;
  v = static_cast<int64_t>(u);
  return negative ? -v : v;
}

/// A non-negative decimal or 0x-prefixed hex number up to 2^64-1.
std::optional<uint64_t> parse_uint(const std::string& s) {
  std::string t = trim(s);
  int base = (t.size() > 2 && t[0] == '0' && (t[1] == 'x' || t[1] == 'X')) ? 16 : 10;
  const char* b = t.data() + (base == 16 ? 2 : 0);
  const char* e = t.data() + t.size();
  uint64_t v = 0;
  auto [p, ec] = std::from_chars(b, e, v, base);
  if (b == e || ec != std::errc() || p != e) return std::nullopt;
  return v;
}

void YamlFields::fail(const YAML::Mark& m, const std::string& message) const {
  int line = m.line >= 0 ? m.line + 1 : 0;
  int col = m.column >= 0 ? m.column + 1 : 0;
  throw Diagnostic(path_, line, col, message);
}

YamlFields::Fields YamlFields::fields(const YAML::Node& map, const std::string& what, std::initializer_list<std::string_view> allowed) const {
  if (!map.IsMap()) fail(map, what + " must be a mapping");
  Fields out;
  for (auto it = map.begin(); it != map.end(); ++it) {
    if (!it->first.IsScalar()) fail(it->first, "keys of " + what + " must be plain words");
    std::string key = it->first.Scalar();
    if (std::find(allowed.begin(), allowed.end(), key) == allowed.end()) {
      std::string list;
      for (auto a : allowed) list += (list.empty() ? "" : ", ") + std::string(a);
      fail(it->first, "unknown key '" + key + "' in " + what + " (expected " + list + ")");
    }
    if (out.count(key)) fail(it->first, "duplicate key '" + key + "' in " + what);
    out[key] = Field{it->first, it->second};
  }
  return out;
}

YAML::Node YamlFields::require(const Fields& f, const YAML::Node& map, const std::string& key, const std::string& what) const {
  auto it = f.find(key);
  if (it == f.end()) fail(map, what + " needs '" + key + "'");
  return it->second.value;
}

std::string YamlFields::scalar(const YAML::Node& n, const std::string& what) const {
  if (!n.IsScalar()) fail(n, what + " must be a string");
  return n.Scalar();
}

std::string YamlFields::name(const YAML::Node& n) const {
  if (!n.IsScalar()) fail(n, "a name must be a string (quote names such as \"null\")");
  std::string s = n.Scalar();
  if (!is_identifier(s)) fail(n, "invalid name '" + s + "' (use letters, digits, '_' and '.', starting with a letter or '_')");
  return s;
}

int64_t YamlFields::integer(const YAML::Node& n, const std::string& what, int64_t lo, int64_t hi) const {
  std::optional<int64_t> v = n.IsScalar() ? parse_int(n.Scalar()) : std::nullopt;
  if (!v) fail(n, what + " must be an integer");
  if (*v < lo || *v > hi)
    fail(n, what + " " + std::to_string(*v) + " is out of range (" + std::to_string(lo) + ".." + std::to_string(hi) + ")");
  return *v;
}

bool YamlFields::boolean(const YAML::Node& n, const std::string& what) const {
  std::string s = n.IsScalar() ? n.Scalar() : "";
  if (s == "true") return true;
  if (s == "false") return false;
  fail(n, what + " must be true or false");
}

ir::FixedFormat YamlFields::fixed_format(const YAML::Node& n, int width, const std::string& owner) const {
  auto f = fields(n, "a fixed format", {"signed", "int_bits", "frac_bits", "rounding", "overflow"});
  ir::FixedFormat fmt;
  if (f.count("signed")) fmt.is_signed = boolean(f.at("signed").value, "'signed'");
  fmt.int_bits = static_cast<int>(integer(require(f, n, "int_bits", "a fixed format"), "'int_bits'", -64, 64));
  fmt.frac_bits = static_cast<int>(integer(require(f, n, "frac_bits", "a fixed format"), "'frac_bits'", -64, 64));
  if (f.count("rounding")) {
    std::string r = scalar(f.at("rounding").value, "'rounding'");
    if (r == "truncate") fmt.rounding = ir::Rounding::truncate;
    else if (r == "round") fmt.rounding = ir::Rounding::round;
    else fail(f.at("rounding").value, "'rounding' must be truncate or round");
  }
  if (f.count("overflow")) {
    std::string o = scalar(f.at("overflow").value, "'overflow'");
    if (o == "wrap") fmt.overflow = ir::Overflow::wrap;
    else if (o == "saturate") fmt.overflow = ir::Overflow::saturate;
    else fail(f.at("overflow").value, "'overflow' must be wrap or saturate");
  }
  if (width >= 0 && fmt.width() != width)
    fail(n, "fixed format of " + owner + " has int_bits + frac_bits = " + std::to_string(fmt.width()) + " but " + owner +
                " is " + std::to_string(width) + " bits wide");
  return fmt;
}

std::vector<int64_t> YamlFields::integers(const YAML::Node& n, const std::string& what, size_t count, int64_t lo, int64_t hi,
                                          bool scalar_ok) const {
  if (scalar_ok && n.IsScalar()) return std::vector<int64_t>(count, integer(n, what, lo, hi));
  if (!n.IsSequence() || (count > 0 && n.size() != count))
    fail(n, what + " must be a list of " + (count > 0 ? std::to_string(count) + " " : "") + "integers" + (scalar_ok ? " (or one integer)" : ""));
  std::vector<int64_t> out;
  for (const auto& v : n) out.push_back(integer(v, "a value of " + what, lo, hi));
  return out;
}

}  // namespace lutc::frontend::detail
