#include "catalog/text.h"

#include <cstdint>

namespace parfumerie::catalog {
namespace {

// Decodes one code point at s[i]; returns its length in bytes, 0 if invalid.
size_t DecodeOne(std::string_view s, size_t i, char32_t* out) {
  const auto b0 = static_cast<unsigned char>(s[i]);
  size_t len;
  char32_t cp;
  char32_t min;
  if (b0 < 0x80) {
    *out = b0;
    return 1;
  } else if ((b0 & 0xE0) == 0xC0) {
    len = 2, cp = b0 & 0x1F, min = 0x80;
  } else if ((b0 & 0xF0) == 0xE0) {
    len = 3, cp = b0 & 0x0F, min = 0x800;
  } else if ((b0 & 0xF8) == 0xF0) {
    len = 4, cp = b0 & 0x07, min = 0x10000;
  } else {
    return 0;
  }
  if (i + len > s.size()) return 0;
  for (size_t k = 1; k < len; ++k) {
    const auto b = static_cast<unsigned char>(s[i + k]);
    if ((b & 0xC0) != 0x80) return 0;
    cp = (cp << 6) | (b & 0x3F);
  }
  if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return 0;
  *out = cp;
  return len;
}

// ASCII replacement for U+00C0..U+00FF, indexed by cp - 0xC0; "" = keep.
constexpr const char* kLatin1[64] = {
    "a", "a", "a", "a", "a", "a", "ae", "c", "e", "e", "e", "e", "i", "i", "i",  "i",   // C0-CF
    "d", "n", "o", "o", "o", "o", "o",  "",  "o", "u", "u", "u", "u", "y", "th", "ss",  // D0-DF
    "a", "a", "a", "a", "a", "a", "ae", "c", "e", "e", "e", "e", "i", "i", "i",  "i",   // E0-EF
    "d", "n", "o", "o", "o", "o", "o",  "",  "o", "u", "u", "u", "u", "y", "th", "y",   // F0-FF
};

// Latin Extended-A (U+0100..U+017F) as ranges of the same base letter.
struct Range {
  char32_t first;
  char32_t last;
  const char* ascii;
};
constexpr Range kLatinExtendedA[] = {
    {0x100, 0x105, "a"},  {0x106, 0x10D, "c"}, {0x10E, 0x111, "d"}, {0x112, 0x11B, "e"},
    {0x11C, 0x123, "g"},  {0x124, 0x127, "h"}, {0x128, 0x131, "i"}, {0x132, 0x133, "ij"},
    {0x134, 0x135, "j"},  {0x136, 0x138, "k"}, {0x139, 0x142, "l"}, {0x143, 0x14B, "n"},
    {0x14C, 0x151, "o"},  {0x152, 0x153, "oe"}, {0x154, 0x159, "r"}, {0x15A, 0x161, "s"},
    {0x162, 0x167, "t"},  {0x168, 0x173, "u"}, {0x174, 0x175, "w"}, {0x176, 0x178, "y"},
    {0x179, 0x17E, "z"},  {0x17F, 0x17F, "s"},
};

const char* FoldCodePoint(char32_t cp) {
  if (cp >= 0xC0 && cp <= 0xFF) {
    const char* r = kLatin1[cp - 0xC0];
    return *r ? r : nullptr;
  }
  if (cp >= 0x100 && cp <= 0x17F) {
    for (const Range& r : kLatinExtendedA) {
      if (cp >= r.first && cp <= r.last) return r.ascii;
    }
  }
  switch (cp) {
    case 0xA0:    // no-break space
    case 0x202F:  // narrow no-break space (French typography before ; : ! ?)
      return " ";
    case 0x2018:
    case 0x2019:  // typographic apostrophe: "L’Heure" finds "l'heure"
      return "'";
    default:
      return nullptr;
  }
}

bool IsAsciiSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; }

}  // namespace

std::optional<size_t> CountCodePoints(std::string_view s) {
  size_t count = 0;
  for (size_t i = 0; i < s.size();) {
    char32_t cp;
    const size_t len = DecodeOne(s, i, &cp);
    if (len == 0) return std::nullopt;
    i += len;
    ++count;
  }
  return count;
}

bool HasControlCharacters(std::string_view s, bool allow_newlines) {
  for (size_t i = 0; i < s.size();) {
    char32_t cp;
    size_t len = DecodeOne(s, i, &cp);
    if (len == 0) len = 1, cp = 0xFFFD;
    i += len;
    if (allow_newlines && (cp == '\t' || cp == '\n' || cp == '\r')) continue;
    if (cp < 0x20 || (cp >= 0x7F && cp <= 0x9F)) return true;
  }
  return false;
}

std::string FoldForSearch(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size();) {
    char32_t cp;
    const size_t len = DecodeOne(s, i, &cp);
    if (len == 0) {
      out.push_back(s[i++]);
      continue;
    }
    if (cp < 0x80) {
      out.push_back(cp >= 'A' && cp <= 'Z' ? static_cast<char>(cp - 'A' + 'a')
                                           : static_cast<char>(cp));
    } else if (const char* ascii = FoldCodePoint(cp)) {
      out.append(ascii);
    } else {
      out.append(s.substr(i, len));
    }
    i += len;
  }
  return out;
}

std::string_view TrimAsciiWhitespace(std::string_view s) {
  while (!s.empty() && IsAsciiSpace(s.front())) s.remove_prefix(1);
  while (!s.empty() && IsAsciiSpace(s.back())) s.remove_suffix(1);
  return s;
}

std::string TruncateCodePoints(std::string_view s, size_t max_code_points) {
  size_t i = 0;
  size_t count = 0;
  while (i < s.size() && count < max_code_points) {
    char32_t cp;
    size_t len = DecodeOne(s, i, &cp);
    if (len == 0) len = 1;
    i += len;
    ++count;
  }
  if (i >= s.size()) return std::string(s);
  return std::string(s.substr(0, i)) + "\u2026";
}

}  // namespace parfumerie::catalog
