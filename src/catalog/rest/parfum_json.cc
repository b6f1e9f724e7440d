#include "catalog/rest/parfum_json.h"

#include <boost/json.hpp>
#include <ctime>
#include <functional>
#include <limits>
#include <map>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "catalog/rest/price.h"

namespace parfumerie::catalog::rest {
namespace {

namespace json = boost::json;
using absl::InvalidArgumentError;

// --- Output -----------------------------------------------------------------

void WriteStrings(net::JsonWriter& w, const std::vector<std::string>& values) {
  w.BeginArray();
  for (const auto& v : values) w.String(v);
  w.EndArray();
}

// --- Input ------------------------------------------------------------------

std::string Quote(std::string_view field) { return absl::StrCat("'", std::string(field), "'"); }

// 1-based line and column of byte `offset` in `text`.
std::string Where(std::string_view text, size_t offset) {
  size_t line = 1, column = 1;
  for (size_t i = 0; i < offset && i < text.size(); ++i) {
    if (text[i] == '\n') {
      ++line;
      column = 1;
    } else {
      ++column;
    }
  }
  return absl::StrCat("line ", line, ", column ", column);
}

absl::StatusOr<json::object> ParseObject(std::string_view body) {
  json::stream_parser parser;
  boost::system::error_code ec;
  size_t consumed = parser.write(body.data(), body.size(), ec);
  if (!ec) parser.finish(ec);
  if (ec) {
    return InvalidArgumentError(
        absl::StrCat("malformed JSON at ", Where(body, consumed), ": ", ec.message()));
  }
  json::value v = parser.release();
  if (!v.is_object()) return InvalidArgumentError("the body must be a JSON object");
  return std::move(v.as_object());
}

absl::Status TypeError(std::string_view field, std::string_view expected) {
  return InvalidArgumentError(
      absl::StrCat("field ", Quote(field), " must be ", std::string(expected)));
}

absl::StatusOr<std::string> AsString(const json::value& v, std::string_view field) {
  if (!v.is_string()) return TypeError(field, "a string");
  return std::string(v.as_string());
}

// An integer in [min, max]; 12.0 is not an integer here (types are strict).
absl::StatusOr<int64_t> AsInt(const json::value& v, std::string_view field, int64_t min,
                              int64_t max) {
  if (!v.is_int64() && !v.is_uint64()) return TypeError(field, "an integer");
  if (v.is_uint64() || v.as_int64() < min || v.as_int64() > max) {
    return InvalidArgumentError(
        absl::StrCat("field ", Quote(field), " must be between ", min, " and ", max));
  }
  return v.as_int64();
}

absl::StatusOr<std::vector<std::string>> AsStrings(const json::value& v, std::string_view field) {
  if (!v.is_array()) return TypeError(field, "an array of strings");
  std::vector<std::string> out;
  for (const auto& item : v.as_array()) {
    if (!item.is_string()) return TypeError(field, "an array of strings");
    out.emplace_back(item.as_string());
  }
  return out;
}

absl::StatusOr<Notes> AsNotes(const json::value& v) {
  if (!v.is_object()) return TypeError("notes", "an object with tete, coeur and fond");
  Notes notes;
  for (const auto& [key, value] : v.as_object()) {
    std::string field = absl::StrCat("notes.", std::string(std::string_view(key)));
    std::vector<std::string>* level = key == "tete"    ? &notes.tete
                                      : key == "coeur" ? &notes.coeur
                                      : key == "fond"  ? &notes.fond
                                                       : nullptr;
    if (level == nullptr) {
      return InvalidArgumentError(
          absl::StrCat("unknown field ", Quote(field), "; notes has tete, coeur and fond"));
    }
    auto strings = AsStrings(value, field);
    if (!strings.ok()) return strings.status();
    *level = std::move(*strings);
  }
  return notes;
}

absl::StatusOr<Famille> AsFamille(const json::value& v) {
  if (v.is_string()) {
    if (auto f = ParseFamille(std::string_view(v.as_string()))) return *f;
  }
  return TypeError("famille",
                   "one of FLORAL, ORIENTAL, BOISE, FOUGERE, CHYPRE, HESPERIDE, GOURMAND, "
                   "AROMATIQUE, CUIR, AQUATIQUE");
}

absl::StatusOr<Genre> AsGenre(const json::value& v) {
  if (v.is_string()) {
    if (auto g = ParseGenre(std::string_view(v.as_string()))) return *g;
  }
  return TypeError("genre", "one of FEMININ, MASCULIN, MIXTE");
}

absl::StatusOr<int64_t> AsEuros(const json::value& v) {
  std::optional<int64_t> cents;
  if (v.is_int64() && v.as_int64() >= 0 && v.as_int64() <= 1'000'000'000'000) {
    cents = v.as_int64() * 100;
  } else if (v.is_double()) {
    cents = CentsFromJsonDouble(v.as_double());
  } else if (!v.is_number()) {
    return TypeError("prix", "a number of euros such as 49.90");
  }
  if (!cents) {
    return InvalidArgumentError(
        "field 'prix' must be a non-negative amount of euros with at most two decimals");
  }
  return *cents;
}

absl::Status ReadOnly(std::string_view field) {
  if (field == "stock") {
    return InvalidArgumentError(
        "field 'stock' cannot be set here; change it with POST /parfums/{id}/stock");
  }
  return InvalidArgumentError(absl::StrCat("field ", Quote(field), " is read-only"));
}

bool IsReadOnly(std::string_view key) {
  return key == "id" || key == "version" || key == "creeLe" || key == "modifieLe";
}

// Fields shared by drafts and patches, applied through setters so one table
// serves both. Returns false in `known` for a field it does not handle.
struct CommonFields {
  std::function<void(std::string)> nom, description, marque, image;
  std::function<void(Famille)> famille;
  std::function<void(Genre)> genre;
  std::function<void(Notes)> notes;
  std::function<void(int32_t)> contenance_ml;
  std::function<void(int64_t)> prix_cents;
};

absl::Status ReadCommon(
    const json::object& obj, const CommonFields& set,
    const std::function<bool(std::string_view, const json::value&, absl::Status&)>& extra,
    std::string_view known_fields) {
  if (obj.contains("prix") && obj.contains("prixCentimes")) {
    return InvalidArgumentError("give either 'prix' (euros) or 'prixCentimes', not both");
  }
  for (const auto& member : obj) {
    // Not a structured binding: clang before 16 cannot capture those in lambdas.
    std::string_view key(member.key());
    const json::value& v = member.value();
    absl::Status s;
    auto string_field = [&](const std::function<void(std::string)>& setter) {
      auto r = AsString(v, key);
      if (r.ok())
        setter(std::move(*r));
      else
        s = r.status();
    };
    if (key == "nom") {
      string_field(set.nom);
    } else if (key == "description") {
      string_field(set.description);
    } else if (key == "marque") {
      string_field(set.marque);
    } else if (key == "image") {
      string_field(set.image);
    } else if (key == "famille") {
      auto r = AsFamille(v);
      if (r.ok())
        set.famille(*r);
      else
        s = r.status();
    } else if (key == "genre") {
      auto r = AsGenre(v);
      if (r.ok())
        set.genre(*r);
      else
        s = r.status();
    } else if (key == "notes") {
      auto r = AsNotes(v);
      if (r.ok())
        set.notes(std::move(*r));
      else
        s = r.status();
    } else if (key == "contenanceMl") {
      auto r = AsInt(v, key, 0, std::numeric_limits<int32_t>::max());
      if (r.ok())
        set.contenance_ml(static_cast<int32_t>(*r));
      else
        s = r.status();
    } else if (key == "prix") {
      auto r = AsEuros(v);
      if (r.ok())
        set.prix_cents(*r);
      else
        s = r.status();
    } else if (key == "prixCentimes") {
      auto r = AsInt(v, key, 0, std::numeric_limits<int64_t>::max());
      if (r.ok())
        set.prix_cents(*r);
      else
        s = r.status();
    } else if (IsReadOnly(key)) {
      s = ReadOnly(key);
    } else if (!extra(key, v, s)) {
      s = InvalidArgumentError(absl::StrCat("unknown field ", Quote(key),
                                            "; known fields: ", std::string(known_fields)));
    }
    if (!s.ok()) return s;
  }
  return absl::OkStatus();
}

}  // namespace

std::string FormatTimestamp(Timestamp t) {
  auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(t.time_since_epoch()).count();
  std::time_t secs = static_cast<std::time_t>(ms / 1000);
  int64_t millis = ms % 1000;
  if (millis < 0) {  // before 1970: floor, not truncate
    millis += 1000;
    --secs;
  }
  std::tm tm{};
  gmtime_r(&secs, &tm);
  char buf[64];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", tm.tm_year + 1900,
                tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec,
                static_cast<int>(millis));
  return buf;
}

void WriteParfum(net::JsonWriter& w, const Parfum& p) {
  w.BeginObject();
  w.Key("id").String(p.id);
  w.Key("nom").String(p.nom);
  w.Key("description").String(p.description);
  w.Key("prix").RawNumber(FormatEuros(p.prix_cents));
  w.Key("prixCentimes").Int(p.prix_cents);
  w.Key("image").String(p.image);
  w.Key("stock").Int(p.stock);
  w.Key("marque").String(p.marque);
  w.Key("famille").String(FamilleName(p.famille));
  w.Key("notes").BeginObject();
  w.Key("tete");
  WriteStrings(w, p.notes.tete);
  w.Key("coeur");
  WriteStrings(w, p.notes.coeur);
  w.Key("fond");
  WriteStrings(w, p.notes.fond);
  w.EndObject();
  w.Key("contenanceMl").Int(p.contenance_ml);
  w.Key("genre").String(GenreName(p.genre));
  w.Key("version").Int(p.version);
  w.Key("creeLe").String(FormatTimestamp(p.created_at));
  w.Key("modifieLe").String(FormatTimestamp(p.updated_at));
  w.EndObject();
}

std::string ParfumJson(const Parfum& p) {
  net::JsonWriter w;
  WriteParfum(w, p);
  return w.Take();
}

std::string PageJson(const ParfumPage& page) {
  net::JsonWriter w;
  w.BeginObject().Key("items").BeginArray();
  for (const auto& p : page.items) WriteParfum(w, p);
  w.EndArray();
  w.Key("nextCursor");
  if (page.next_cursor.empty()) {
    w.Null();
  } else {
    w.String(page.next_cursor);
  }
  w.Key("total").Int(page.total);
  w.EndObject();
  return w.Take();
}

absl::StatusOr<ParfumDraft> ParseDraft(std::string_view body) {
  auto obj = ParseObject(body);
  if (!obj.ok()) return obj.status();
  ParfumDraft d;
  CommonFields set{
      .nom = [&](std::string v) { d.nom = std::move(v); },
      .description = [&](std::string v) { d.description = std::move(v); },
      .marque = [&](std::string v) { d.marque = std::move(v); },
      .image = [&](std::string v) { d.image = std::move(v); },
      .famille = [&](Famille v) { d.famille = v; },
      .genre = [&](Genre v) { d.genre = v; },
      .notes = [&](Notes v) { d.notes = std::move(v); },
      .contenance_ml = [&](int32_t v) { d.contenance_ml = v; },
      .prix_cents = [&](int64_t v) { d.prix_cents = v; },
  };
  auto stock = [&](std::string_view key, const json::value& v, absl::Status& s) {
    if (key != "stock") return false;
    auto r = AsInt(v, key, 0, std::numeric_limits<int32_t>::max());
    if (r.ok())
      d.stock = static_cast<int32_t>(*r);
    else
      s = r.status();
    return true;
  };
  absl::Status s = ReadCommon(*obj, set, stock,
                              "nom, description, prix, prixCentimes, image, stock, marque, "
                              "famille, notes, contenanceMl, genre");
  if (!s.ok()) return s;
  for (std::string_view required : {"nom", "marque", "famille", "genre", "contenanceMl"}) {
    if (!obj->contains(required)) {
      return InvalidArgumentError(absl::StrCat("field ", Quote(required), " is required"));
    }
  }
  if (!obj->contains("prix") && !obj->contains("prixCentimes")) {
    return InvalidArgumentError("field 'prix' (or 'prixCentimes') is required");
  }
  return d;
}

absl::StatusOr<ParfumPatch> ParsePatch(std::string_view body) {
  auto obj = ParseObject(body);
  if (!obj.ok()) return obj.status();
  ParfumPatch p;
  CommonFields set{
      .nom = [&](std::string v) { p.nom = std::move(v); },
      .description = [&](std::string v) { p.description = std::move(v); },
      .marque = [&](std::string v) { p.marque = std::move(v); },
      .image = [&](std::string v) { p.image = std::move(v); },
      .famille = [&](Famille v) { p.famille = v; },
      .genre = [&](Genre v) { p.genre = v; },
      .notes = [&](Notes v) { p.notes = std::move(v); },
      .contenance_ml = [&](int32_t v) { p.contenance_ml = v; },
      .prix_cents = [&](int64_t v) { p.prix_cents = v; },
  };
  auto stock_is_read_only = [](std::string_view key, const json::value&, absl::Status& s) {
    if (key != "stock") return false;
    s = ReadOnly(key);
    return true;
  };
  absl::Status s = ReadCommon(*obj, set, stock_is_read_only,
                              "nom, description, prix, prixCentimes, image, marque, famille, "
                              "notes, contenanceMl, genre");
  if (!s.ok()) return s;
  if (p.empty()) return InvalidArgumentError("the patch changes nothing: give at least one field");
  return p;
}

absl::StatusOr<StockChange> ParseStockChange(std::string_view body) {
  auto obj = ParseObject(body);
  if (!obj.ok()) return obj.status();
  StockChange change;
  for (const auto& [k, v] : *obj) {
    std::string_view key(k);
    if (key == "delta") {
      auto r =
          AsInt(v, key, std::numeric_limits<int32_t>::min(), std::numeric_limits<int32_t>::max());
      if (!r.ok()) return r.status();
      change.delta = static_cast<int32_t>(*r);
    } else if (key == "version") {
      auto r = AsInt(v, key, 1, std::numeric_limits<int64_t>::max());
      if (!r.ok()) return r.status();
      change.version = *r;
    } else {
      return InvalidArgumentError(
          absl::StrCat("unknown field ", Quote(key), "; known fields: delta, version"));
    }
  }
  if (!obj->contains("delta")) return InvalidArgumentError("field 'delta' is required");
  return change;
}

}  // namespace parfumerie::catalog::rest
