#include "util/resources.hpp"

#include <stdexcept>

namespace lutc::util {

const std::string& resource(const std::string& path) {
  const auto& table = detail::resource_table();
  auto it = table.find(path);
  if (it == table.end()) throw std::runtime_error("internal error: resource '" + path + "' is not embedded");
  return it->second;
}

std::vector<std::string> resources_under(const std::string& prefix) {
  std::vector<std::string> out;
  for (const auto& [path, _] : detail::resource_table())
    if (path.rfind(prefix, 0) == 0) out.push_back(path);
  return out;
}

std::string render_template(const std::string& text, const std::map<std::string, std::string>& values) {
  std::string out;
  out.reserve(text.size());
  size_t pos = 0;
  while (true) {
    size_t open = text.find("{{", pos);
    if (open == std::string::npos) break;
    size_t close = text.find("}}", open + 2);
    if (close == std::string::npos) throw std::runtime_error("template: unterminated '{{'");
    out.append(text, pos, open - pos);
    std::string key = text.substr(open + 2, close - open - 2);
    auto it = values.find(key);
    if (it == values.end()) throw std::runtime_error("template: no value for '{{" + key + "}}'");
    out += it->second;
    pos = close + 2;
  }
  out.append(text, pos, std::string::npos);
  return out;
}

}  // namespace lutc::util
