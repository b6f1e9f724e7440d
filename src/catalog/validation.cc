#include "catalog/validation.h"

#include <string>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "catalog/catalog_service.h"
#include "catalog/ids.h"
#include "catalog/text.h"

namespace parfumerie::catalog {
namespace {

inline constexpr size_t kMaxRechercheLength = 200;
inline constexpr size_t kMaxMarquesFilter = 20;

absl::Status Invalid(std::string_view field, std::string_view rule) {
  return absl::InvalidArgumentError(absl::StrCat(std::string(field), ": ", std::string(rule)));
}

// Non-empty (when required), valid UTF-8, at most `max` code points, no
// control characters (newlines allowed only in `multiline` text).
absl::Status CheckText(std::string_view field, std::string_view value, size_t max, bool required,
                       bool multiline) {
  const std::optional<size_t> length = CountCodePoints(value);
  if (!length) return Invalid(field, "must be valid UTF-8");
  if (required && *length == 0) return Invalid(field, "must not be empty");
  if (*length > max) {
    return Invalid(field, absl::StrCat("must be at most ", max, " characters (got ", *length, ")"));
  }
  if (HasControlCharacters(value, multiline)) {
    return Invalid(field, multiline ? "must not contain control characters other than newlines and tabs"
                                    : "must not contain control characters or newlines");
  }
  return absl::OkStatus();
}

absl::Status CheckNotes(const Notes& notes) {
  const std::pair<const char*, const std::vector<std::string>*> levels[] = {
      {"notes.tete", &notes.tete}, {"notes.coeur", &notes.coeur}, {"notes.fond", &notes.fond}};
  for (const auto& [field, list] : levels) {
    if (list->size() > kMaxNotesPerLevel) {
      return Invalid(field, absl::StrCat("must have at most ", kMaxNotesPerLevel, " notes (got ",
                                         list->size(), ")"));
    }
    for (const std::string& note : *list) {
      if (absl::Status s = CheckText(field, note, kMaxNoteLength, true, false); !s.ok()) return s;
    }
  }
  return absl::OkStatus();
}

absl::Status CheckPrix(int64_t cents) {
  if (cents < 1 || cents > kMaxPrixCents) {
    return Invalid("prix", absl::StrCat("must be between 1 and ", kMaxPrixCents, " cents"));
  }
  return absl::OkStatus();
}

absl::Status CheckContenance(int32_t ml) {
  if (ml < kMinContenanceMl || ml > kMaxContenanceMl) {
    return Invalid("contenance",
                   absl::StrCat("must be between ", kMinContenanceMl, " and ", kMaxContenanceMl, " ml"));
  }
  return absl::OkStatus();
}

absl::Status CheckStock(int32_t stock) {
  if (stock < 0 || stock > kMaxStock) {
    return Invalid("stock", absl::StrCat("must be between 0 and ", kMaxStock));
  }
  return absl::OkStatus();
}

absl::Status CheckFamille(Famille f) {
  return FamilleName(f).empty() ? Invalid("famille", "unknown value") : absl::OkStatus();
}

absl::Status CheckGenre(Genre g) {
  return GenreName(g).empty() ? Invalid("genre", "unknown value") : absl::OkStatus();
}

absl::Status CheckImage(std::string_view image, bool required) {
  if (image.empty()) return required ? Invalid("image", "must not be empty") : absl::OkStatus();
  if (image.size() > kMaxImageLength) {
    return Invalid("image", absl::StrCat("must be at most ", kMaxImageLength, " bytes"));
  }
  if (!IsAcceptableImageUrl(image)) {
    return Invalid("image",
                   "must be a path on this server (/...) or an http(s) URL, without spaces or quotes");
  }
  return absl::OkStatus();
}

void Trim(std::string& s) { s = std::string(TrimAsciiWhitespace(s)); }

void TrimNotes(Notes& notes) {
  for (auto* level : {&notes.tete, &notes.coeur, &notes.fond}) {
    for (std::string& note : *level) Trim(note);
  }
}

}  // namespace

bool IsAcceptableImageUrl(std::string_view url) {
  for (char c : url) {
    const auto u = static_cast<unsigned char>(c);
    if (u <= 0x20 || u == 0x7F || c == '"' || c == '\'' || c == '<' || c == '>' || c == '\\' ||
        c == '`') {
      return false;
    }
  }
  if (!IsValidUtf8(url)) return false;
  if (absl::StartsWith(std::string(url), "/")) {
    return !absl::StartsWith(std::string(url), "//");  // "//host" would be another site
  }
  for (std::string_view scheme : {"https://", "http://"}) {
    if (url.size() > scheme.size() &&
        absl::StartsWithIgnoreCase(std::string(url), std::string(scheme))) {
      return url[scheme.size()] != '/';
    }
  }
  return false;
}

void NormalizeDraft(ParfumDraft& d) {
  Trim(d.nom);
  Trim(d.marque);
  Trim(d.image);
  TrimNotes(d.notes);
}

void NormalizePatch(ParfumPatch& p) {
  if (p.nom) Trim(*p.nom);
  if (p.marque) Trim(*p.marque);
  if (p.image) Trim(*p.image);
  if (p.notes) TrimNotes(*p.notes);
}

absl::Status ValidateDraft(const ParfumDraft& d) {
  for (absl::Status s : {CheckText("nom", d.nom, kMaxNomLength, true, false),
                         CheckText("description", d.description, kMaxDescriptionLength, false, true),
                         CheckText("marque", d.marque, kMaxMarqueLength, true, false),
                         CheckFamille(d.famille), CheckNotes(d.notes), CheckContenance(d.contenance_ml),
                         CheckGenre(d.genre), CheckPrix(d.prix_cents), CheckImage(d.image, false),
                         CheckStock(d.stock)}) {
    if (!s.ok()) return s;
  }
  return absl::OkStatus();
}

absl::Status ValidatePatch(const ParfumPatch& p) {
  if (p.empty()) return Invalid("patch", "must change at least one field");
  if (p.nom) {
    if (auto s = CheckText("nom", *p.nom, kMaxNomLength, true, false); !s.ok()) return s;
  }
  if (p.description) {
    if (auto s = CheckText("description", *p.description, kMaxDescriptionLength, false, true); !s.ok()) {
      return s;
    }
  }
  if (p.marque) {
    if (auto s = CheckText("marque", *p.marque, kMaxMarqueLength, true, false); !s.ok()) return s;
  }
  if (p.famille) {
    if (auto s = CheckFamille(*p.famille); !s.ok()) return s;
  }
  if (p.notes) {
    if (auto s = CheckNotes(*p.notes); !s.ok()) return s;
  }
  if (p.contenance_ml) {
    if (auto s = CheckContenance(*p.contenance_ml); !s.ok()) return s;
  }
  if (p.genre) {
    if (auto s = CheckGenre(*p.genre); !s.ok()) return s;
  }
  if (p.prix_cents) {
    if (auto s = CheckPrix(*p.prix_cents); !s.ok()) return s;
  }
  if (p.image) {
    // Empty means "back to the generated bottle picture".
    if (auto s = CheckImage(*p.image, false); !s.ok()) return s;
  }
  return absl::OkStatus();
}

absl::Status ValidateParfumFields(const Parfum& p) {
  for (absl::Status s : {ValidateId(p.id), CheckText("nom", p.nom, kMaxNomLength, true, false),
                         CheckText("description", p.description, kMaxDescriptionLength, false, true),
                         CheckText("marque", p.marque, kMaxMarqueLength, true, false),
                         CheckFamille(p.famille), CheckNotes(p.notes), CheckContenance(p.contenance_ml),
                         CheckGenre(p.genre), CheckPrix(p.prix_cents), CheckImage(p.image, true),
                         CheckStock(p.stock)}) {
    if (!s.ok()) return s;
  }
  return absl::OkStatus();
}

absl::Status ValidateId(std::string_view id) {
  if (id.empty()) return Invalid("id", "must not be empty");
  if (!IsWellFormedId(id)) {
    return Invalid("id", absl::StrCat("must be 1 to ", kMaxIdLength,
                                      " characters among letters, digits, '_' and '-'"));
  }
  return absl::OkStatus();
}

absl::Status ValidateStockDelta(int32_t delta) {
  if (delta == 0) return Invalid("delta", "must not be 0");
  if (delta < -kMaxStock || delta > kMaxStock) {
    return Invalid("delta", absl::StrCat("must be between ", -kMaxStock, " and ", kMaxStock));
  }
  return absl::OkStatus();
}

absl::Status ValidateExpectedVersion(int64_t version) {
  return version < 1 ? Invalid("version", "must be at least 1") : absl::OkStatus();
}

absl::Status ValidateListQuery(const ListQuery& q) {
  if (q.limit < 1 || q.limit > kMaxPageSize) {
    return Invalid("limit", absl::StrCat("must be between 1 and ", kMaxPageSize));
  }
  if (auto s = CheckText("recherche", q.recherche, kMaxRechercheLength, false, false); !s.ok()) return s;
  if (q.marques.size() > kMaxMarquesFilter) {
    return Invalid("marques", absl::StrCat("must list at most ", kMaxMarquesFilter, " brands"));
  }
  for (const std::string& m : q.marques) {
    if (auto s = CheckText("marques", m, kMaxMarqueLength, true, false); !s.ok()) return s;
  }
  if (q.famille) {
    if (auto s = CheckFamille(*q.famille); !s.ok()) return s;
  }
  if (q.genre) {
    if (auto s = CheckGenre(*q.genre); !s.ok()) return s;
  }
  for (auto [field, value] : {std::pair{"prix_min", q.prix_min_cents}, std::pair{"prix_max", q.prix_max_cents}}) {
    if (value && (*value < 0 || *value > kMaxPrixCents)) {
      return Invalid(field, absl::StrCat("must be between 0 and ", kMaxPrixCents, " cents"));
    }
  }
  if (q.prix_min_cents && q.prix_max_cents && *q.prix_min_cents > *q.prix_max_cents) {
    return Invalid("prix_min", "must not exceed prix_max");
  }
  if (SortKeyName(q.sort).empty()) return Invalid("sort", "unknown value");
  return absl::OkStatus();
}

}  // namespace parfumerie::catalog
