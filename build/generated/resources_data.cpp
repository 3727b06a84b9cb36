#include "util/resources.hpp"
#include <map>
#include <string>
namespace lutc::util::detail {
const std::map<std::string, std::string>& resource_table() {
  static const std::map<std::string, std::string> table = {
  };
  return table;
}
}  // namespace lutc::util::detail
