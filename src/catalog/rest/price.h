// Euro amounts at the REST edge. Inside the system a price is integer cents;
// the API shows `prix` as a decimal number of euros with two decimals. These
// conversions are exact: no binary floating-point arithmetic touches a price.
// Pure functions, thread-safe.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace parfumerie::catalog::rest {

// "49.90", "49.9", "49", "0.05" -> cents. Digits, optionally a dot and one or
// two decimals; no sign, exponent, spaces or more than 2 decimals. Nullopt
// when malformed or above 10^15 cents.
std::optional<int64_t> ParseEuros(std::string_view text);

// 4990 -> "49.90"; -5 -> "-0.05".
std::string FormatEuros(int64_t cents);

// A JSON number read as a double back to cents, exactly: the shortest decimal
// text that reads back as the same double (std::to_chars) is the text the
// client wrote for any number of up to 15 significant digits, which covers
// every valid price; that text is then parsed as a decimal. Nullopt when the
// number has more than two decimals, is negative, or is not finite.
std::optional<int64_t> CentsFromJsonDouble(double value);

}  // namespace parfumerie::catalog::rest
