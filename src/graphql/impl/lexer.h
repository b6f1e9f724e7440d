// The GraphQL lexer (spec section 2.1), driven one token at a time by the
// parser so that errors surface in the same order as in graphql-js.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "graphql/arena.h"

namespace parfumerie::graphql::impl {

enum class TokenKind : uint8_t {
  kSof, kEof, kBang, kDollar, kAmp, kParenL, kParenR, kSpread, kColon, kEquals, kAt,
  kBracketL, kBracketR, kBraceL, kPipe, kBraceR, kName, kInt, kFloat, kString, kBlockString,
};

struct Token {
  TokenKind kind = TokenKind::kSof;
  uint32_t start = 0;
  uint32_t end = 0;
  std::string_view value;  // Names, numbers (raw) and decoded strings.
};

// A lexical error: message (without the "Syntax Error: " prefix) and offset.
struct LexError {
  std::string message;
  uint32_t offset = 0;
};

class Lexer {
 public:
  // `arena` receives decoded strings that differ from their source text.
  Lexer(std::string_view source, Arena& arena) : source_(source), arena_(arena) {}

  // Reads the token after `previous_end`; false with `error` set on bad input.
  bool Next(uint32_t from, Token& token, LexError& error);

 private:
  bool ReadNumber(uint32_t start, Token& token, LexError& error);
  bool ReadString(uint32_t start, Token& token, LexError& error);
  bool ReadBlockString(uint32_t start, Token& token, LexError& error);
  std::string DescribeCharAt(uint32_t pos) const;

  std::string_view source_;
  Arena& arena_;
};

const char* TokenKindName(TokenKind kind);

// Decodes one UTF-8 sequence at `pos`; returns the code point and sets `len`,
// or returns -1 (len 1) for an invalid sequence.
int32_t DecodeUtf8(std::string_view text, size_t pos, int& len);
void AppendUtf8(uint32_t code_point, std::string& out);

// Formats a code point as graphql-js does in messages: "\"a\"" or "U+0000".
std::string PrintCodePoint(int32_t code_point);

}  // namespace parfumerie::graphql::impl
