#pragma once
// Files from rtl_templates/, sim/ and yosys_scripts/, embedded into the binary at build time.
#include <map>
#include <string>
#include <vector>

namespace lutc::util {

namespace detail {
const std::map<std::string, std::string>& resource_table();
}

/// Returns the embedded file "<folder>/<name>"; throws std::runtime_error if absent.
const std::string& resource(const std::string& path);

/// Lists embedded resource paths that start with `prefix` (sorted).
std::vector<std::string> resources_under(const std::string& prefix);

/// Replaces every `{{KEY}}` in `text` with its value; unknown keys are an error.
std::string render_template(const std::string& text, const std::map<std::string, std::string>& values);

}  // namespace lutc::util
