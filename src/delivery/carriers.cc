#include "delivery/carriers.h"

#include <array>
#include <cstdint>

namespace parfumerie::delivery {
namespace {

constexpr std::array<std::string_view, 3> kCarriers = {kColissimo, kChronopost, kDpd};

// FNV-1a: stable across builds and platforms, unlike std::hash.
uint64_t Fnv1a(std::string_view s) {
  uint64_t h = 14695981039346656037ull;
  for (unsigned char c : s) {
    h ^= c;
    h *= 1099511628211ull;
  }
  return h;
}

// splitmix64: spreads the hash so successive digits are independent.
uint64_t Mix(uint64_t& state) {
  uint64_t z = (state += 0x9e3779b97f4a7c15ull);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
  return z ^ (z >> 31);
}

void AppendDigits(std::string& out, int n, uint64_t& state) {
  for (int i = 0; i < n; ++i) out.push_back(static_cast<char>('0' + Mix(state) % 10));
}

void AppendLetters(std::string& out, int n, uint64_t& state) {
  for (int i = 0; i < n; ++i) out.push_back(static_cast<char>('A' + Mix(state) % 26));
}

}  // namespace

std::span<const std::string_view> Carriers() { return kCarriers; }

std::string_view CarrierFor(std::string_view commande_id) {
  return kCarriers[Fnv1a(commande_id) % kCarriers.size()];
}

std::string TrackingNumber(std::string_view carrier, std::string_view seed) {
  uint64_t state = Fnv1a(seed);
  std::string out;
  if (carrier == kColissimo) {
    out = "6A";
    AppendDigits(out, 11, state);
  } else if (carrier == kChronopost) {
    AppendLetters(out, 2, state);
    AppendDigits(out, 9, state);
    out += "FR";
  } else {
    AppendDigits(out, 14, state);
  }
  return out;
}

}  // namespace parfumerie::delivery
