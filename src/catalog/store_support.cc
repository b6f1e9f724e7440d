#include "catalog/store_support.h"

#include "absl/strings/str_split.h"
#include "catalog/text.h"

namespace parfumerie::catalog {

int64_t ToUnixMillis(Timestamp t) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(t.time_since_epoch()).count();
}

Timestamp FromUnixMillis(int64_t ms) {
  return Timestamp(std::chrono::duration_cast<Timestamp::duration>(std::chrono::milliseconds(ms)));
}

Timestamp TruncateToMillis(Timestamp t) { return FromUnixMillis(ToUnixMillis(t)); }

std::string SearchText(const Parfum& p) {
  std::string text = p.nom;
  for (const std::string* s : {&p.marque, &p.description}) {
    text.push_back('\n');
    text.append(*s);
  }
  for (const auto* level : {&p.notes.tete, &p.notes.coeur, &p.notes.fond}) {
    for (const std::string& note : *level) {
      text.push_back('\n');
      text.append(note);
    }
  }
  return FoldForSearch(text);
}

std::vector<std::string> SearchTerms(std::string_view recherche) {
  const std::string folded = FoldForSearch(recherche);
  std::vector<std::string> terms;
  for (absl::string_view term : absl::StrSplit(folded, absl::ByAnyChar(" \t\r\n\f\v"), absl::SkipEmpty())) {
    if (terms.size() == kMaxSearchTerms) break;
    terms.emplace_back(term);
  }
  return terms;
}

SortValue SortValueOf(const Parfum& p, SortKey key) {
  switch (key) {
    case SortKey::kNom:
      return FoldForSearch(p.nom);
    case SortKey::kPrix:
      return p.prix_cents;
    case SortKey::kCreatedAt:
      return ToUnixMillis(p.created_at);
    case SortKey::kStock:
      return int64_t{p.stock};
  }
  return int64_t{0};
}

std::string EscapeLike(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (char c : s) {
    if (c == '%' || c == '_' || c == '\\') out.push_back('\\');
    out.push_back(c);
  }
  return out;
}

}  // namespace parfumerie::catalog
