// A JSON writer over a std::string, for the response.
//
// Not thread-safe; one writer per string at a time. The string holds garbage
// past the written bytes until the writer is destroyed, which trims it.
#pragma once

#include <algorithm>
#include <charconv>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>

#include "graphql/error.h"

namespace parfumerie::graphql::impl {

// Appends to a string through a raw cursor: the response is written byte by
// byte, and std::string's per-call bookkeeping showed in profiles.
class JsonOut {
 public:
  // Resizing writes the bytes it adds: up to the capacity, but not much
  // more than needed when a large buffer is reused for a small value.
  explicit JsonOut(std::string& s) : s_(s), pos_(s.size()) {
    s_.resize(std::max<size_t>(std::min<size_t>(s_.capacity(), pos_ + 4096), pos_ + 256));
    data_ = s_.data();
    cap_ = s_.size();
  }
  ~JsonOut() { s_.resize(pos_); }

  [[gnu::always_inline]] void Reserve(size_t n) {
    if (pos_ + n > cap_) Grow(n);
  }
  [[gnu::always_inline]] void Put(char c) {
    Reserve(1);
    data_[pos_++] = c;
  }
  [[gnu::always_inline]] void Put(std::string_view text) {
    Reserve(text.size());
    Copy(text);
  }
  // "name": for a response name, which never needs escaping.
  [[gnu::always_inline]] void Key(std::string_view name) {
    Reserve(name.size() + 3);
    data_[pos_++] = '"';
    Copy(name);
    data_[pos_++] = '"';
    data_[pos_++] = ':';
  }
  [[gnu::always_inline]] void Int(int64_t value) {
    Reserve(24);
    pos_ = std::to_chars(data_ + pos_, data_ + cap_, value).ptr - data_;
  }
  void Quoted(std::string_view text) {
    // Common case: nothing to escape, ASCII or two-byte UTF-8 (accented
    // Latin letters), which pass through unchanged. Eight bytes at a time
    // while none of them needs a look (descriptions are long).
    const auto* s = reinterpret_cast<const unsigned char*>(text.data());
    const size_t n = text.size();
    size_t i = 0;
    while (i < n) {
      if (i + 8 <= n && PlainChunk(s + i)) {
        i += 8;
        continue;
      }
      unsigned char c = s[i];
      if (c >= 0x20 && c != '"' && c != '\\' && c < 0x80) {
        ++i;
        continue;
      }
      if (c >= 0xC2 && c <= 0xDF && i + 1 < n && (s[i + 1] & 0xC0) == 0x80) {
        i += 2;
        continue;
      }
      thread_local std::string escaped;
      escaped.clear();
      AppendJsonString(text, escaped);
      Put(escaped);
      return;
    }
    Reserve(n + 2);
    data_[pos_++] = '"';
    Copy(text);
    data_[pos_++] = '"';
  }

 private:
  // True when none of 8 bytes is a control character, '"', '\\' or non-ASCII
  // (the classic "has a byte less than / equal to" word tricks: never a
  // false "true").
  static bool PlainChunk(const unsigned char* p) {
    constexpr uint64_t kOnes = 0x0101010101010101ull;
    constexpr uint64_t kHigh = 0x8080808080808080ull;
    uint64_t x;
    std::memcpy(&x, p, 8);
    const uint64_t quote = x ^ (kOnes * '"');
    const uint64_t backslash = x ^ (kOnes * '\\');
    const uint64_t flags = (x | ((x - kOnes * 0x20) & ~x) | ((quote - kOnes) & ~quote) |
                            ((backslash - kOnes) & ~backslash)) & kHigh;
    return flags == 0;
  }

  [[gnu::always_inline]] void Copy(std::string_view text) {
    // Names and short values dominate: fixed-size copies compile to plain
    // moves, where a call to memcpy (or a byte loop) costs more.
    char* d = data_ + pos_;
    const char* src = text.data();
    const size_t n = text.size();
    if (n >= 8 && n <= 16) {
      std::memcpy(d, src, 8);
      std::memcpy(d + n - 8, src + n - 8, 8);
    } else if (n >= 4 && n < 8) {
      std::memcpy(d, src, 4);
      std::memcpy(d + n - 4, src + n - 4, 4);
    } else if (n > 0 && n < 4) {
      d[0] = src[0];
      d[n / 2] = src[n / 2];
      d[n - 1] = src[n - 1];
    } else if (n > 16) {
      std::memcpy(d, src, n);
    }
    pos_ += n;
  }
  [[gnu::noinline]] void Grow(size_t n) {
    s_.resize(std::max(cap_ * 2, pos_ + n));
    data_ = s_.data();
    cap_ = s_.size();
  }

  std::string& s_;
  size_t pos_;
  char* data_ = nullptr;
  size_t cap_ = 0;
};

}  // namespace parfumerie::graphql::impl
