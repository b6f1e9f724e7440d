#include "catalog/list_cursor.h"

#include <algorithm>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/escaping.h"
#include "catalog/text.h"

namespace parfumerie::catalog {
namespace {

constexpr uint8_t kFormatVersion = 1;
constexpr char kIntKey = 'i';
constexpr char kStringKey = 's';

// FNV-1a: tiny, stable across platforms and releases (std::hash is neither).
// A cursor's fingerprint guards against mistakes, not attackers: a forged
// cursor can only position a listing the caller may read anyway.
class Fnv1a {
 public:
  void Add(std::string_view bytes) {
    AddInt(bytes.size());  // length-prefixed: ("ab","c") differs from ("a","bc")
    for (char c : bytes) Mix(static_cast<uint8_t>(c));
  }
  void AddInt(int64_t v) {
    for (int i = 0; i < 8; ++i) Mix(static_cast<uint8_t>(static_cast<uint64_t>(v) >> (8 * i)));
  }
  uint64_t value() const { return h_; }

 private:
  void Mix(uint8_t b) {
    h_ ^= b;
    h_ *= 0x100000001b3ULL;
  }
  uint64_t h_ = 0xcbf29ce484222325ULL;
};

void PutU64(std::string& out, uint64_t v) {
  for (int i = 7; i >= 0; --i) out.push_back(static_cast<char>(v >> (8 * i)));
}

class Reader {
 public:
  explicit Reader(std::string_view bytes) : rest_(bytes) {}
  bool U8(uint8_t* v) {
    if (rest_.empty()) return false;
    *v = static_cast<uint8_t>(rest_[0]);
    rest_.remove_prefix(1);
    return true;
  }
  bool U64(uint64_t* v) {
    if (rest_.size() < 8) return false;
    *v = 0;
    for (int i = 0; i < 8; ++i) *v = (*v << 8) | static_cast<uint8_t>(rest_[i]);
    rest_.remove_prefix(8);
    return true;
  }
  bool Bytes(size_t n, std::string* out) {
    if (rest_.size() < n) return false;
    out->assign(rest_.substr(0, n));
    rest_.remove_prefix(n);
    return true;
  }
  bool AtEnd() const { return rest_.empty(); }

 private:
  std::string_view rest_;
};

absl::Status Malformed() {
  return absl::InvalidArgumentError(
      "cursor: malformed; pass back next_cursor exactly as received, or omit it for the first page");
}

}  // namespace

uint64_t QueryFingerprint(const ListQuery& q) {
  Fnv1a h;
  h.AddInt(kFormatVersion);
  std::vector<std::string> terms = SearchTerms(q.recherche);
  h.AddInt(static_cast<int64_t>(terms.size()));
  for (const auto& t : terms) h.Add(t);
  std::vector<std::string> marques;
  for (const auto& m : q.marques) marques.push_back(FoldForSearch(TrimAsciiWhitespace(m)));
  std::sort(marques.begin(), marques.end());
  marques.erase(std::unique(marques.begin(), marques.end()), marques.end());
  h.AddInt(static_cast<int64_t>(marques.size()));
  for (const auto& m : marques) h.Add(m);
  h.AddInt(q.famille ? static_cast<int64_t>(*q.famille) : -1);
  h.AddInt(q.genre ? static_cast<int64_t>(*q.genre) : -1);
  h.AddInt(q.prix_min_cents.has_value());
  h.AddInt(q.prix_min_cents.value_or(0));
  h.AddInt(q.prix_max_cents.has_value());
  h.AddInt(q.prix_max_cents.value_or(0));
  h.AddInt(q.en_stock);
  h.AddInt(static_cast<int64_t>(q.sort));
  h.AddInt(q.descending);
  return h.value();
}

std::string EncodeCursor(const ListQuery& query, const CursorPosition& last) {
  std::string raw;
  raw.push_back(static_cast<char>(kFormatVersion));
  PutU64(raw, QueryFingerprint(query));
  if (const auto* i = std::get_if<int64_t>(&last.sort_value)) {
    raw.push_back(kIntKey);
    PutU64(raw, static_cast<uint64_t>(*i));
  } else {
    const std::string& s = std::get<std::string>(last.sort_value);
    raw.push_back(kStringKey);
    const size_t n = std::min<size_t>(s.size(), 0xFFFF);  // folded nom: far below
    raw.push_back(static_cast<char>(n >> 8));
    raw.push_back(static_cast<char>(n & 0xFF));
    raw.append(s, 0, n);
  }
  const size_t id_len = std::min<size_t>(last.id.size(), 0xFF);
  raw.push_back(static_cast<char>(id_len));
  raw.append(last.id, 0, id_len);
  std::string out;
  absl::WebSafeBase64Escape(raw, &out);
  return out;
}

absl::StatusOr<CursorPosition> DecodeCursor(const ListQuery& query) {
  if (query.cursor.empty() || query.cursor.size() > kMaxCursorLength) return Malformed();
  for (char c : query.cursor) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                    c == '-' || c == '_';
    if (!ok) return Malformed();
  }
  std::string raw;
  if (!absl::WebSafeBase64Unescape(query.cursor, &raw)) return Malformed();
  Reader r(raw);
  uint8_t version;
  uint64_t fingerprint;
  uint8_t kind;
  if (!r.U8(&version) || version != kFormatVersion || !r.U64(&fingerprint) || !r.U8(&kind)) {
    return Malformed();
  }
  CursorPosition pos;
  if (kind == kIntKey) {
    uint64_t v;
    if (!r.U64(&v)) return Malformed();
    pos.sort_value = static_cast<int64_t>(v);
  } else if (kind == kStringKey) {
    uint8_t hi, lo;
    std::string s;
    if (!r.U8(&hi) || !r.U8(&lo) || !r.Bytes((size_t{hi} << 8) | lo, &s)) return Malformed();
    pos.sort_value = std::move(s);
  } else {
    return Malformed();
  }
  uint8_t id_len;
  if (!r.U8(&id_len) || id_len == 0 || !r.Bytes(id_len, &pos.id) || !r.AtEnd()) return Malformed();
  if (fingerprint != QueryFingerprint(query)) {
    return absl::InvalidArgumentError(
        "cursor: belongs to a query with other filters or sort; omit it to start from the first page");
  }
  const bool wants_string = query.sort == SortKey::kNom;
  if (wants_string != std::holds_alternative<std::string>(pos.sort_value)) return Malformed();
  return pos;
}

}  // namespace parfumerie::catalog
