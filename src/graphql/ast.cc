#include "graphql/ast.h"

namespace parfumerie::graphql {

SourcePosition PositionOf(std::string_view source, uint32_t offset) {
  int line = 1;
  size_t line_start = 0;
  size_t end = offset < source.size() ? offset : source.size();
  for (size_t i = 0; i < end; ++i) {
    char c = source[i];
    if (c == '\n') {
      ++line;
      line_start = i + 1;
    } else if (c == '\r') {
      if (i + 1 < source.size() && source[i + 1] == '\n') {
        if (i + 1 == end) break;  // Offset between \r and \n: still on this line.
        ++i;
      }
      ++line;
      line_start = i + 1;
    }
  }
  // Columns count UTF-16 code units: one per UTF-8 lead byte, two for 4-byte
  // sequences, none for continuation bytes.
  int column = 1;
  for (size_t i = line_start; i < offset && i < source.size(); ++i) {
    auto b = static_cast<unsigned char>(source[i]);
    if ((b & 0xC0) == 0x80) continue;
    column += b >= 0xF0 ? 2 : 1;
  }
  if (offset > source.size()) column += static_cast<int>(offset - source.size());
  return {line, column};
}

std::string_view OperationTypeName(ast::OperationType type) {
  switch (type) {
    case ast::OperationType::kQuery: return "query";
    case ast::OperationType::kMutation: return "mutation";
    case ast::OperationType::kSubscription: return "subscription";
  }
  return "query";
}

}  // namespace parfumerie::graphql
