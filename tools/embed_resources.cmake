# Writes a C++ source holding every resource file as a raw byte array, keyed by
# "<folder>/<file>" (for example "rtl_templates/top.v.in").
set(body "#include \"util/resources.hpp\"\n#include <map>\n#include <string>\nnamespace lutc::util::detail {\nconst std::map<std::string, std::string>& resource_table() {\n  static const std::map<std::string, std::string> table = {\n")
foreach(f ${FILES})
  file(RELATIVE_PATH rel ${ROOT} ${f})
  file(READ ${f} hex HEX)
  string(REGEX REPLACE "([0-9a-f][0-9a-f])" "\\\\x\\1" esc "${hex}")
  string(LENGTH "${hex}" hexlen)
  math(EXPR n "${hexlen} / 2")
  string(APPEND body "    {\"${rel}\", std::string(\"${esc}\", ${n})},\n")
endforeach()
string(APPEND body "  };\n  return table;\n}\n}  // namespace lutc::util::detail\n")
file(WRITE ${OUT}.tmp "${body}")
file(COPY_FILE ${OUT}.tmp ${OUT} ONLY_IF_DIFFERENT)
