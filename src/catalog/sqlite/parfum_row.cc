#include "catalog/sqlite/parfum_row.h"

#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "boost/json.hpp"
#include "catalog/store_support.h"

namespace parfumerie::catalog::sqlite_internal {

std::string NotesToJson(const Notes& notes) {
  auto array = [](const std::vector<std::string>& v) {
    boost::json::array a;
    for (const auto& s : v) a.emplace_back(boost::json::string_view(s.data(), s.size()));
    return a;
  };
  boost::json::object o;
  o["tete"] = array(notes.tete);
  o["coeur"] = array(notes.coeur);
  o["fond"] = array(notes.fond);
  return boost::json::serialize(o);
}

bool NotesFromJson(const std::string& text, Notes* notes) {
  boost::system::error_code ec;
  boost::json::value v = boost::json::parse(text, ec);
  if (ec || !v.is_object()) return false;
  for (auto [key, out] : {std::pair{"tete", &notes->tete}, std::pair{"coeur", &notes->coeur},
                          std::pair{"fond", &notes->fond}}) {
    const boost::json::value* level = v.as_object().if_contains(key);
    if (level == nullptr || !level->is_array()) return false;
    for (const auto& note : level->as_array()) {
      if (!note.is_string()) return false;
      out->emplace_back(note.as_string().c_str(), note.as_string().size());
    }
  }
  return true;
}

absl::StatusOr<Parfum> ReadParfum(const Statement& row) {
  Parfum p;
  p.id = row.Text(0);
  p.nom = row.Text(1);
  p.description = row.Text(2);
  p.marque = row.Text(3);
  std::optional<Famille> famille = ParseFamille(row.Text(4));
  std::optional<Genre> genre = ParseGenre(row.Text(7));
  if (!famille || !genre || !NotesFromJson(row.Text(5), &p.notes)) {
    return absl::InternalError(absl::StrCat("sqlite: corrupt row for parfum ", p.id));
  }
  p.famille = *famille;
  p.genre = *genre;
  p.contenance_ml = static_cast<int32_t>(row.Int(6));
  p.prix_cents = row.Int(8);
  p.image = row.Text(9);
  p.stock = static_cast<int32_t>(row.Int(10));
  p.version = row.Int(11);
  p.created_at = FromUnixMillis(row.Int(12));
  p.updated_at = FromUnixMillis(row.Int(13));
  p.stock_entrees = row.Int(14);
  return p;
}

absl::StatusOr<std::optional<Parfum>> ReturnedParfum(Statement& stmt) {
  absl::StatusOr<bool> row = stmt.Step();
  if (!row.ok()) return row.status();
  if (!*row) return std::optional<Parfum>();
  absl::StatusOr<Parfum> p = ReadParfum(stmt);
  if (!p.ok()) return p.status();
  if (absl::Status s = stmt.Finish(); !s.ok()) return s;
  return std::optional<Parfum>(*std::move(p));
}

}  // namespace parfumerie::catalog::sqlite_internal
