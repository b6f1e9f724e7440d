#include "bus/header_codec.h"

#include <cstdint>

#include "absl/status/status.h"

namespace parfumerie::bus {
namespace {

void PutLength(std::string& out, size_t n) {
  const auto v = static_cast<uint32_t>(n);
  for (int i = 0; i < 4; ++i) out.push_back(static_cast<char>((v >> (8 * i)) & 0xFF));
}

// Reads one length-prefixed field from the front of `in`.
bool TakeField(std::string_view& in, std::string& out) {
  if (in.size() < 4) return false;
  uint32_t n = 0;
  for (int i = 0; i < 4; ++i) n |= static_cast<uint32_t>(static_cast<unsigned char>(in[i])) << (8 * i);
  in.remove_prefix(4);
  if (in.size() < n) return false;
  out.assign(in.substr(0, n));
  in.remove_prefix(n);
  return true;
}

}  // namespace

std::string EncodeHeaders(std::span<const Header> headers) {
  std::string out;
  for (const Header& h : headers) {
    PutLength(out, h.name.size());
    out += h.name;
    PutLength(out, h.value.size());
    out += h.value;
  }
  return out;
}

absl::StatusOr<std::vector<Header>> DecodeHeaders(std::string_view encoded) {
  std::vector<Header> headers;
  while (!encoded.empty()) {
    Header h;
    if (!TakeField(encoded, h.name) || !TakeField(encoded, h.value)) {
      return absl::DataLossError("bus: malformed stored headers");
    }
    headers.push_back(std::move(h));
  }
  return headers;
}

}  // namespace parfumerie::bus
