#include "common/ids.h"

#include <sodium.h>

#include <array>
#include <cstdint>
#include <cstdlib>

namespace parfumerie {
namespace {

constexpr std::string_view kBase32 = "abcdefghijklmnopqrstuvwxyz234567";

void EnsureSodium() {
  // sodium_init is idempotent and thread-safe; failing means no usable
  // randomness source, and handing out predictable ids would be worse than
  // stopping.
  static const bool ok = sodium_init() >= 0;
  if (!ok) std::abort();
}

}  // namespace

std::string NewRandomId(std::string_view prefix) {
  EnsureSodium();
  std::array<uint8_t, kRandomIdChars> bytes;
  randombytes_buf(bytes.data(), bytes.size());
  std::string id(prefix);
  id.reserve(prefix.size() + kRandomIdChars);
  // 256 is a multiple of 32, so taking 5 bits of each byte keeps them uniform.
  for (uint8_t b : bytes) id.push_back(kBase32[b & 0x1F]);
  return id;
}

bool IsWellFormedId(std::string_view id) {
  if (id.empty() || id.size() > kMaxIdLength) return false;
  for (char c : id) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                    c == '_' || c == '-';
    if (!ok) return false;
  }
  return true;
}

}  // namespace parfumerie
