#include "graphql/impl/lexer.h"

#include <cstdio>
#include <vector>

namespace parfumerie::graphql::impl {
namespace {

bool IsDigit(int c) { return c >= '0' && c <= '9'; }
bool IsNameStart(int c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_'; }
bool IsNameContinue(int c) { return IsNameStart(c) || IsDigit(c); }
bool IsScalarValue(int64_t c) { return (c >= 0 && c <= 0xD7FF) || (c >= 0xE000 && c <= 0x10FFFF); }

int HexDigit(int c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  return -1;
}

}  // namespace

int32_t DecodeUtf8(std::string_view text, size_t pos, int& len) {
  const auto* s = reinterpret_cast<const unsigned char*>(text.data());
  size_t n = text.size();
  unsigned char c = s[pos];
  len = 1;
  if (c < 0x80) return c;
  int need;
  int32_t cp;
  int32_t min;
  if (c >= 0xC2 && c <= 0xDF) { need = 1; cp = c & 0x1F; min = 0x80; }
  else if (c >= 0xE0 && c <= 0xEF) { need = 2; cp = c & 0x0F; min = 0x800; }
  else if (c >= 0xF0 && c <= 0xF4) { need = 3; cp = c & 0x07; min = 0x10000; }
  else return -1;
  for (int i = 1; i <= need; ++i) {
    if (pos + i >= n || (s[pos + i] & 0xC0) != 0x80) return -1;
    cp = (cp << 6) | (s[pos + i] & 0x3F);
  }
  if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return -1;
  len = need + 1;
  return cp;
}

void AppendUtf8(uint32_t cp, std::string& out) {
  if (cp < 0x80) {
    out.push_back(static_cast<char>(cp));
  } else if (cp < 0x800) {
    out.push_back(static_cast<char>(0xC0 | (cp >> 6)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else if (cp < 0x10000) {
    out.push_back(static_cast<char>(0xE0 | (cp >> 12)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else {
    out.push_back(static_cast<char>(0xF0 | (cp >> 18)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  }
}

std::string PrintCodePoint(int32_t cp) {
  if (cp < 0) return "<EOF>";
  if (cp >= 0x20 && cp <= 0x7E) {
    if (cp == '"') return "'\"'";
    return std::string("\"") + static_cast<char>(cp) + "\"";
  }
  char buf[16];
  std::snprintf(buf, sizeof buf, "U+%04X", static_cast<unsigned>(cp));
  return buf;
}

std::string Lexer::DescribeCharAt(uint32_t pos) const {
  if (pos >= source_.size()) return "<EOF>";
  int len;
  int32_t cp = DecodeUtf8(source_, pos, len);
  return PrintCodePoint(cp < 0 ? 0xFFFD : cp);
}

const char* TokenKindName(TokenKind kind) {
  switch (kind) {
    case TokenKind::kSof: return "<SOF>";
    case TokenKind::kEof: return "<EOF>";
    case TokenKind::kBang: return "!";
    case TokenKind::kDollar: return "$";
    case TokenKind::kAmp: return "&";
    case TokenKind::kParenL: return "(";
    case TokenKind::kParenR: return ")";
    case TokenKind::kSpread: return "...";
    case TokenKind::kColon: return ":";
    case TokenKind::kEquals: return "=";
    case TokenKind::kAt: return "@";
    case TokenKind::kBracketL: return "[";
    case TokenKind::kBracketR: return "]";
    case TokenKind::kBraceL: return "{";
    case TokenKind::kPipe: return "|";
    case TokenKind::kBraceR: return "}";
    case TokenKind::kName: return "Name";
    case TokenKind::kInt: return "Int";
    case TokenKind::kFloat: return "Float";
    case TokenKind::kString: return "String";
    case TokenKind::kBlockString: return "BlockString";
  }
  return "?";
}

bool Lexer::Next(uint32_t from, Token& token, LexError& error) {
  const size_t n = source_.size();
  size_t pos = from;
  auto punct = [&](TokenKind kind, size_t len) {
    token.kind = kind;
    token.start = static_cast<uint32_t>(pos);
    token.end = static_cast<uint32_t>(pos + len);
    token.value = {};
    return true;
  };
  while (pos < n) {
    unsigned char c = static_cast<unsigned char>(source_[pos]);
    switch (c) {
      case '\t': case ' ': case ',': case '\n':
        ++pos;
        continue;
      case '\r':
        ++pos;
        continue;
      case 0xEF:
        if (pos + 2 < n && static_cast<unsigned char>(source_[pos + 1]) == 0xBB &&
            static_cast<unsigned char>(source_[pos + 2]) == 0xBF) {
          pos += 3;
          continue;
        }
        break;
      case '#':
        while (pos < n && source_[pos] != '\n' && source_[pos] != '\r') ++pos;
        continue;
      case '!': return punct(TokenKind::kBang, 1);
      case '$': return punct(TokenKind::kDollar, 1);
      case '&': return punct(TokenKind::kAmp, 1);
      case '(': return punct(TokenKind::kParenL, 1);
      case ')': return punct(TokenKind::kParenR, 1);
      case '.':
        if (pos + 2 < n && source_[pos + 1] == '.' && source_[pos + 2] == '.') return punct(TokenKind::kSpread, 3);
        break;
      case ':': return punct(TokenKind::kColon, 1);
      case '=': return punct(TokenKind::kEquals, 1);
      case '@': return punct(TokenKind::kAt, 1);
      case '[': return punct(TokenKind::kBracketL, 1);
      case ']': return punct(TokenKind::kBracketR, 1);
      case '{': return punct(TokenKind::kBraceL, 1);
      case '|': return punct(TokenKind::kPipe, 1);
      case '}': return punct(TokenKind::kBraceR, 1);
      case '"':
        if (pos + 2 < n && source_[pos + 1] == '"' && source_[pos + 2] == '"') {
          return ReadBlockString(static_cast<uint32_t>(pos), token, error);
        }
        return ReadString(static_cast<uint32_t>(pos), token, error);
      default:
        break;
    }
    if (IsDigit(c) || c == '-') return ReadNumber(static_cast<uint32_t>(pos), token, error);
    if (IsNameStart(c)) {
      size_t end = pos + 1;
      while (end < n && IsNameContinue(static_cast<unsigned char>(source_[end]))) ++end;
      token.kind = TokenKind::kName;
      token.start = static_cast<uint32_t>(pos);
      token.end = static_cast<uint32_t>(end);
      token.value = source_.substr(pos, end - pos);
      return true;
    }
    error.offset = static_cast<uint32_t>(pos);
    if (c == '\'') {
      error.message = "Unexpected single quote character ('), did you mean to use a double quote (\")?";
    } else {
      error.message = "Unexpected character: " + DescribeCharAt(static_cast<uint32_t>(pos)) + ".";
    }
    return false;
  }
  token.kind = TokenKind::kEof;
  token.start = token.end = static_cast<uint32_t>(n);
  token.value = {};
  return true;
}

bool Lexer::ReadNumber(uint32_t start, Token& token, LexError& error) {
  const size_t n = source_.size();
  size_t pos = start;
  auto at = [&](size_t p) -> int { return p < n ? static_cast<unsigned char>(source_[p]) : -1; };
  auto fail = [&](size_t p, const std::string& what) {
    error.offset = static_cast<uint32_t>(p);
    error.message = what + DescribeCharAt(static_cast<uint32_t>(p)) + ".";
    return false;
  };
  auto digits = [&](size_t& p) {
    if (!IsDigit(at(p))) return false;
    while (IsDigit(at(p))) ++p;
    return true;
  };
  bool is_float = false;
  if (at(pos) == '-') ++pos;
  if (at(pos) == '0') {
    ++pos;
    if (IsDigit(at(pos))) return fail(pos, "Invalid number, unexpected digit after 0: ");
  } else if (!digits(pos)) {
    return fail(pos, "Invalid number, expected digit but got: ");
  }
  if (at(pos) == '.') {
    is_float = true;
    ++pos;
    if (!digits(pos)) return fail(pos, "Invalid number, expected digit but got: ");
  }
  if (at(pos) == 'e' || at(pos) == 'E') {
    is_float = true;
    ++pos;
    if (at(pos) == '+' || at(pos) == '-') ++pos;
    if (!digits(pos)) return fail(pos, "Invalid number, expected digit but got: ");
  }
  if (at(pos) == '.' || IsNameStart(at(pos))) return fail(pos, "Invalid number, expected digit but got: ");
  token.kind = is_float ? TokenKind::kFloat : TokenKind::kInt;
  token.start = start;
  token.end = static_cast<uint32_t>(pos);
  token.value = source_.substr(start, pos - start);
  return true;
}

bool Lexer::ReadString(uint32_t start, Token& token, LexError& error) {
  const size_t n = source_.size();
  size_t pos = start + 1;
  size_t chunk = pos;
  std::string value;
  bool escaped = false;
  auto at = [&](size_t p) -> int { return p < n ? static_cast<unsigned char>(source_[p]) : -1; };
  while (pos < n) {
    int c = at(pos);
    if (c == '"') {
      token.kind = TokenKind::kString;
      token.start = start;
      token.end = static_cast<uint32_t>(pos + 1);
      if (!escaped) {
        token.value = source_.substr(start + 1, pos - start - 1);
      } else {
        value.append(source_.substr(chunk, pos - chunk));
        token.value = arena_.CopyString(value);
      }
      return true;
    }
    if (c == '\\') {
      escaped = true;
      value.append(source_.substr(chunk, pos - chunk));
      int e = at(pos + 1);
      if (e == 'u') {
        if (at(pos + 2) == '{') {
          int64_t point = 0;
          size_t size = 3;
          bool ok = false;
          while (size < 12) {
            int d = at(pos + size++);
            if (d == '}') {
              if (size < 5 || !IsScalarValue(point)) break;
              ok = true;
              break;
            }
            int h = HexDigit(d);
            if (h < 0) break;
            point = (point << 4) | h;
            if (point > 0x7FFFFFFF) break;
          }
          if (!ok) {
            error.offset = static_cast<uint32_t>(pos);
            error.message = "Invalid Unicode escape sequence: \"" +
                            std::string(source_.substr(pos, std::min(size, n - pos))) + "\".";
            return false;
          }
          AppendUtf8(static_cast<uint32_t>(point), value);
          pos += size;
        } else {
          auto hex4 = [&](size_t p) -> int32_t {
            int32_t v = 0;
            for (int i = 0; i < 4; ++i) {
              int h = HexDigit(at(p + i));
              if (h < 0) return -1;
              v = (v << 4) | h;
            }
            return v;
          };
          int32_t code = hex4(pos + 2);
          if (IsScalarValue(code)) {
            AppendUtf8(static_cast<uint32_t>(code), value);
            pos += 6;
          } else {
            int32_t trail = -1;
            if (code >= 0xD800 && code <= 0xDBFF && at(pos + 6) == '\\' && at(pos + 7) == 'u') {
              trail = hex4(pos + 8);
            }
            if (trail >= 0xDC00 && trail <= 0xDFFF) {
              AppendUtf8(0x10000 + ((code - 0xD800) << 10) + (trail - 0xDC00), value);
              pos += 12;
            } else {
              error.offset = static_cast<uint32_t>(pos);
              error.message = "Invalid Unicode escape sequence: \"" +
                              std::string(source_.substr(pos, std::min<size_t>(6, n - pos))) + "\".";
              return false;
            }
          }
        }
      } else {
        char out;
        switch (e) {
          case '"': out = '"'; break;
          case '\\': out = '\\'; break;
          case '/': out = '/'; break;
          case 'b': out = '\b'; break;
          case 'f': out = '\f'; break;
          case 'n': out = '\n'; break;
          case 'r': out = '\r'; break;
          case 't': out = '\t'; break;
          default:
            error.offset = static_cast<uint32_t>(pos);
            error.message = "Invalid character escape sequence: \"" +
                            std::string(source_.substr(pos, std::min<size_t>(2, n - pos))) + "\".";
            return false;
        }
        value.push_back(out);
        pos += 2;
      }
      chunk = pos;
      continue;
    }
    if (c == '\n' || c == '\r') break;
    if (c < 0x80) {
      ++pos;
      continue;
    }
    int len;
    if (DecodeUtf8(source_, pos, len) < 0) {
      error.offset = static_cast<uint32_t>(pos);
      error.message = "Invalid character within String: U+FFFD.";
      return false;
    }
    pos += len;
  }
  error.offset = static_cast<uint32_t>(pos);
  error.message = "Unterminated string.";
  return false;
}

namespace {

// Spec BlockStringValue(): common indentation removed, blank leading and
// trailing lines dropped.
std::string DedentBlockString(const std::vector<std::string>& lines) {
  size_t common = SIZE_MAX;
  long first = -1;
  long last = -1;
  for (size_t i = 0; i < lines.size(); ++i) {
    const std::string& line = lines[i];
    size_t indent = 0;
    while (indent < line.size() && (line[indent] == ' ' || line[indent] == '\t')) ++indent;
    if (indent == line.size()) continue;
    if (first < 0) first = static_cast<long>(i);
    last = static_cast<long>(i);
    if (i != 0 && indent < common) common = indent;
  }
  std::string out;
  if (first < 0) return out;
  for (long i = first; i <= last; ++i) {
    if (i != first) out.push_back('\n');
    const std::string& line = lines[i];
    if (i == 0) {
      out.append(line);
    } else if (common != SIZE_MAX && line.size() > common) {
      out.append(line, common);
    } else if (common == SIZE_MAX) {
      out.append(line);
    }
  }
  return out;
}

}  // namespace

bool Lexer::ReadBlockString(uint32_t start, Token& token, LexError& error) {
  const size_t n = source_.size();
  size_t pos = start + 3;
  std::vector<std::string> lines;
  std::string current;
  while (pos < n) {
    char c = source_[pos];
    if (c == '"' && pos + 2 < n && source_[pos + 1] == '"' && source_[pos + 2] == '"') {
      lines.push_back(std::move(current));
      token.kind = TokenKind::kBlockString;
      token.start = start;
      token.end = static_cast<uint32_t>(pos + 3);
      token.value = arena_.CopyString(DedentBlockString(lines));
      if (token.value.empty()) token.value = std::string_view("", 0);
      return true;
    }
    if (c == '\\' && pos + 3 < n && source_[pos + 1] == '"' && source_[pos + 2] == '"' && source_[pos + 3] == '"') {
      current.append("\"\"\"");
      pos += 4;
      continue;
    }
    if (c == '\n' || c == '\r') {
      lines.push_back(std::move(current));
      current.clear();
      pos += (c == '\r' && pos + 1 < n && source_[pos + 1] == '\n') ? 2 : 1;
      continue;
    }
    if (static_cast<unsigned char>(c) < 0x80) {
      current.push_back(c);
      ++pos;
      continue;
    }
    int len;
    if (DecodeUtf8(source_, pos, len) < 0) {
      error.offset = static_cast<uint32_t>(pos);
      error.message = "Invalid character within String: U+FFFD.";
      return false;
    }
    current.append(source_.substr(pos, len));
    pos += len;
  }
  error.offset = static_cast<uint32_t>(pos);
  error.message = "Unterminated string.";
  return false;
}

}  // namespace parfumerie::graphql::impl
