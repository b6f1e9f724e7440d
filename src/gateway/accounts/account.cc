#include "gateway/accounts/account.h"

#include <cstdint>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"

namespace parfumerie::gateway::accounts {
namespace {

// Number of code points of `s`, or nullopt when `s` is not valid UTF-8
// (overlong forms, surrogates and values above U+10FFFF are invalid).
std::optional<int64_t> CountCodePoints(std::string_view s) {
  int64_t count = 0;
  size_t i = 0;
  while (i < s.size()) {
    const auto b = static_cast<unsigned char>(s[i]);
    size_t len = 0;
    uint32_t cp = 0;
    if (b < 0x80) {
      len = 1;
      cp = b;
    } else if ((b & 0xE0) == 0xC0) {
      len = 2;
      cp = b & 0x1F;
    } else if ((b & 0xF0) == 0xE0) {
      len = 3;
      cp = b & 0x0F;
    } else if ((b & 0xF8) == 0xF0) {
      len = 4;
      cp = b & 0x07;
    } else {
      return std::nullopt;
    }
    if (i + len > s.size()) return std::nullopt;
    for (size_t k = 1; k < len; ++k) {
      const auto c = static_cast<unsigned char>(s[i + k]);
      if ((c & 0xC0) != 0x80) return std::nullopt;
      cp = (cp << 6) | (c & 0x3F);
    }
    static constexpr uint32_t kMinForLength[] = {0, 0, 0x80, 0x800, 0x10000};
    if (cp < kMinForLength[len] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
      return std::nullopt;
    i += len;
    ++count;
  }
  return count;
}

bool IsForbiddenInEmail(char c) {
  const auto u = static_cast<unsigned char>(c);
  return u <= 0x20 || u == 0x7F ||
         std::string_view("<>()[]\\,;:\"").find(c) != std::string_view::npos;
}

bool HasControl(std::string_view s) {
  for (char c : s) {
    const auto u = static_cast<unsigned char>(c);
    if (u < 0x20 || u == 0x7F) return true;
  }
  return false;
}

}  // namespace

std::string_view RoleName(Role role) {
  switch (role) {
    case Role::kClient:
      return "CLIENT";
    case Role::kAdmin:
      return "ADMIN";
  }
  return "CLIENT";  // unreachable: the switch is exhaustive
}

std::optional<Role> ParseRole(std::string_view name) {
  if (name == "CLIENT") return Role::kClient;
  if (name == "ADMIN") return Role::kAdmin;
  return std::nullopt;
}

absl::StatusOr<std::string> NormalizeEmail(std::string_view email) {
  std::string e = absl::AsciiStrToLower(
      absl::StripAsciiWhitespace(absl::string_view(email.data(), email.size())));
  if (e.empty()) return absl::InvalidArgumentError("email: required");
  if (e.size() > kMaxEmailBytes) {
    return absl::InvalidArgumentError(
        absl::StrCat("email: at most ", kMaxEmailBytes, " characters"));
  }
  if (!CountCodePoints(e)) return absl::InvalidArgumentError("email: not valid UTF-8");
  for (char c : e) {
    if (IsForbiddenInEmail(c)) {
      return absl::InvalidArgumentError(
          "email: spaces, control characters and <>()[]\\,;:\" are not allowed");
    }
  }
  const size_t at = e.find('@');
  if (at == std::string::npos || e.find('@', at + 1) != std::string::npos) {
    return absl::InvalidArgumentError("email: must contain exactly one @, as in nom@exemple.fr");
  }
  const std::string_view local = std::string_view(e).substr(0, at);
  const std::string_view domain = std::string_view(e).substr(at + 1);
  if (local.empty()) return absl::InvalidArgumentError("email: the part before @ is empty");
  if (local.size() > kMaxEmailLocalBytes) {
    return absl::InvalidArgumentError(
        absl::StrCat("email: the part before @ has at most ", kMaxEmailLocalBytes, " characters"));
  }
  if (domain.find('.') == std::string_view::npos) {
    return absl::InvalidArgumentError("email: the domain after @ needs a dot, as in exemple.fr");
  }
  for (absl::string_view label :
       absl::StrSplit(absl::string_view(domain.data(), domain.size()), '.')) {
    if (label.empty())
      return absl::InvalidArgumentError("email: the domain after @ has an empty part");
  }
  return e;
}

absl::Status CheckPasswordPolicy(std::string_view password) {
  const std::optional<int64_t> n = CountCodePoints(password);
  if (!n) return absl::InvalidArgumentError("password: not valid UTF-8");
  if (*n < kMinPasswordChars) {
    return absl::InvalidArgumentError(
        absl::StrCat("password: at least ", kMinPasswordChars, " characters"));
  }
  if (*n > kMaxPasswordChars) {
    return absl::InvalidArgumentError(
        absl::StrCat("password: at most ", kMaxPasswordChars, " characters"));
  }
  return absl::OkStatus();
}

absl::StatusOr<std::string> NormalizeNom(std::string_view nom) {
  const absl::string_view trimmed =
      absl::StripAsciiWhitespace(absl::string_view(nom.data(), nom.size()));
  if (trimmed.empty()) return absl::InvalidArgumentError("nom: required");
  const std::optional<int64_t> n =
      CountCodePoints(std::string_view(trimmed.data(), trimmed.size()));
  if (!n) return absl::InvalidArgumentError("nom: not valid UTF-8");
  if (*n > kMaxNomChars)
    return absl::InvalidArgumentError(absl::StrCat("nom: at most ", kMaxNomChars, " characters"));
  if (HasControl(std::string_view(trimmed.data(), trimmed.size()))) {
    return absl::InvalidArgumentError("nom: control characters are not allowed");
  }
  return std::string(trimmed);
}

}  // namespace parfumerie::gateway::accounts
