#include "gateway/core/values.h"

#include <chrono>
#include <cmath>

#include <google/protobuf/util/time_util.h>

#include "absl/strings/str_cat.h"

namespace parfumerie::gateway {
namespace {

using boost::json::array;
using boost::json::object;
using boost::json::value;
using google::protobuf::util::TimeUtil;

value Time(const google::protobuf::Timestamp& t) { return value(FormatTimestamp(t)); }

// Writes `n` as `width` decimal digits, zero-padded, ending at `end`.
void PutDigits(char* end, int width, int64_t n) {
  for (int i = 0; i < width; ++i, n /= 10) *--end = static_cast<char>('0' + n % 10);
}

value OptionalTime(bool present, const google::protobuf::Timestamp& t) {
  return present ? Time(t) : value(nullptr);
}

value NullIfEmpty(const std::string& s) { return s.empty() ? value(nullptr) : value(s); }

double Euros(int64_t cents) { return static_cast<double>(cents) / 100.0; }

array Strings(const google::protobuf::RepeatedPtrField<std::string>& list) {
  array out;
  out.reserve(list.size());
  for (const auto& s : list) out.emplace_back(s);
  return out;
}

object AdresseValue(const v1::Adresse& a) {
  return object{{"nomComplet", a.nom_complet()}, {"ligne1", a.ligne1()},
                {"ligne2", NullIfEmpty(a.ligne2())}, {"codePostal", a.code_postal()},
                {"ville", a.ville()},           {"pays", a.pays()},
                {"telephone", NullIfEmpty(a.telephone())}};
}

}  // namespace

std::string FormatTimestamp(const google::protobuf::Timestamp& t) {
  // Protobuf's own range; outside it, its formatter has the last word.
  constexpr int64_t kMin = -62135596800, kMax = 253402300799;
  if (t.seconds() < kMin || t.seconds() > kMax || t.nanos() < 0 || t.nanos() > 999'999'999) {
    return TimeUtil::ToString(t);
  }
  using namespace std::chrono;
  const sys_days day = floor<days>(sys_seconds(seconds(t.seconds())));
  const int64_t second_of_day = t.seconds() - duration_cast<seconds>(day.time_since_epoch()).count();
  const year_month_day ymd(day);
  int fraction_digits = 0;
  int64_t fraction = t.nanos();
  if (fraction != 0) {
    fraction_digits = fraction % 1'000'000 == 0 ? 3 : fraction % 1000 == 0 ? 6 : 9;
    fraction /= fraction_digits == 3 ? 1'000'000 : fraction_digits == 6 ? 1000 : 1;
  }
  std::string out(20 + (fraction_digits ? fraction_digits + 1 : 0), '\0');
  char* p = out.data();
  PutDigits(p + 4, 4, static_cast<int>(ymd.year()));
  p[4] = '-';
  PutDigits(p + 7, 2, static_cast<unsigned>(ymd.month()));
  p[7] = '-';
  PutDigits(p + 10, 2, static_cast<unsigned>(ymd.day()));
  p[10] = 'T';
  PutDigits(p + 13, 2, second_of_day / 3600);
  p[13] = ':';
  PutDigits(p + 16, 2, second_of_day / 60 % 60);
  p[16] = ':';
  PutDigits(p + 19, 2, second_of_day % 60);
  if (fraction_digits) {
    p[19] = '.';
    PutDigits(p + 20 + fraction_digits, fraction_digits, fraction);
  }
  out.back() = 'Z';
  return out;
}

std::string EnumName(const google::protobuf::EnumDescriptor* type, int v) {
  const google::protobuf::EnumValueDescriptor* d = type->FindValueByNumber(v);
  if (d == nullptr) return {};
  // Proto values carry the enum's name as a prefix: FAMILLE_FLORAL.
  const std::string& name = d->name();
  const size_t prefix = type->value(0)->name().rfind("UNSPECIFIED");
  return prefix == std::string::npos ? name : name.substr(prefix);
}

absl::StatusOr<int> EnumValue(const google::protobuf::EnumDescriptor* type, std::string_view name,
                              std::string_view field) {
  const std::string& unspecified = type->value(0)->name();
  const std::string prefix = unspecified.substr(0, unspecified.rfind("UNSPECIFIED"));
  const auto* d = type->FindValueByName(absl::StrCat(prefix, std::string(name)));
  if (d == nullptr || d->number() == 0) {
    return absl::InvalidArgumentError(absl::StrCat(std::string(field), ": unknown value ", std::string(name)));
  }
  return d->number();
}

absl::StatusOr<int64_t> EurosToCents(double euros, std::string_view field) {
  if (!std::isfinite(euros) || euros < 0 || euros > 1'000'000) {
    return absl::InvalidArgumentError(absl::StrCat(std::string(field), ": must be between 0 and 1000000 euros"));
  }
  const double cents = std::round(euros * 100.0);
  if (std::fabs(cents - euros * 100.0) > 1e-6) {
    return absl::InvalidArgumentError(absl::StrCat(std::string(field), ": at most two decimals (cents)"));
  }
  return static_cast<int64_t>(cents);
}

std::optional<std::string> OptionalString(const boost::json::object& o, std::string_view key) {
  const value* v = o.if_contains(key);
  if (v == nullptr || !v->is_string()) return std::nullopt;
  return std::string(v->get_string());
}

std::optional<int64_t> OptionalInt(const boost::json::object& o, std::string_view key) {
  const value* v = o.if_contains(key);
  if (v == nullptr) return std::nullopt;
  if (v->is_int64()) return v->get_int64();
  if (v->is_uint64()) return static_cast<int64_t>(v->get_uint64());
  if (v->is_double()) return static_cast<int64_t>(v->get_double());
  return std::nullopt;
}

object ParfumValue(const v1::Parfum& p) {
  return object{
      {"id", p.id()},
      {"nom", p.nom()},
      {"description", p.description()},
      {"prix", Euros(p.prix_cents())},
      {"prixCentimes", p.prix_cents()},
      {"image", p.image()},
      {"stock", p.stock()},
      {"enStock", p.stock() > 0},
      {"marque", p.marque()},
      {"famille", EnumName(v1::Famille_descriptor(), p.famille())},
      {"genre", EnumName(v1::Genre_descriptor(), p.genre())},
      {"notes", object{{"tete", Strings(p.notes().tete())},
                       {"coeur", Strings(p.notes().coeur())},
                       {"fond", Strings(p.notes().fond())}}},
      {"contenanceMl", p.contenance_ml()},
      {"version", p.version()},
      {"creeLe", Time(p.created_at())},
      {"modifieLe", Time(p.updated_at())},
  };
}

object CommandeValue(const v1::Commande& c) {
  array lignes;
  for (const auto& l : c.lignes()) {
    lignes.emplace_back(object{{"parfumId", l.parfum_id()},
                               {"nom", l.nom()},
                               {"quantite", l.quantite()},
                               {"prixUnitaire", Euros(l.prix_unitaire_cents())},
                               {"prixUnitaireCentimes", l.prix_unitaire_cents()},
                               {"total", Euros(l.total_cents())},
                               {"totalCentimes", l.total_cents()}});
  }
  array historique;
  for (const auto& h : c.historique()) {
    historique.emplace_back(object{{"statut", EnumName(v1::StatutCommande_descriptor(), h.statut())},
                                   {"date", Time(h.at())},
                                   {"raison", NullIfEmpty(h.raison())}});
  }
  return object{
      {"id", c.id()},
      {"parfumId", c.parfum_id()},
      {"quantite", c.quantite()},
      {"statut", EnumName(v1::StatutCommande_descriptor(), c.statut())},
      {"dateCommande", Time(c.date_commande())},
      {"lignes", std::move(lignes)},
      {"total", Euros(c.total_cents())},
      {"totalCentimes", c.total_cents()},
      {"clientId", c.client_id()},
      {"adresseLivraison", AdresseValue(c.adresse_livraison())},
      {"historique", std::move(historique)},
      {"raisonAnnulation", NullIfEmpty(c.raison_annulation())},
      {"dateLimitePaiement", OptionalTime(c.has_date_limite_paiement() &&
                                              c.statut() == v1::STATUT_COMMANDE_EN_ATTENTE,
                                          c.date_limite_paiement())},
      {"remboursementDemande", c.remboursement_demande()},
      {"rembourse", c.rembourse()},
      {"incidentLivraison", NullIfEmpty(c.incident_livraison())},
      {"version", c.version()},
  };
}

object PaiementValue(const v1::Paiement& p) {
  return object{
      {"id", p.id()},
      {"commandeId", p.commande_id()},
      {"montant", Euros(p.montant_cents())},
      {"montantCentimes", p.montant_cents()},
      {"statut", EnumName(v1::StatutPaiement_descriptor(), p.statut())},
      {"marqueCarte", p.marque_carte()},
      {"derniersChiffres", p.derniers_chiffres()},
      {"codeRefus", NullIfEmpty(p.code_refus())},
      {"messageRefus", NullIfEmpty(p.message_refus())},
      {"creeLe", Time(p.cree_le())},
      {"rembourseLe", OptionalTime(p.has_rembourse_le(), p.rembourse_le())},
  };
}

object LivraisonValue(const v1::Livraison& l) {
  array suivi;
  for (const auto& e : l.suivi()) {
    suivi.emplace_back(object{{"statut", EnumName(v1::StatutLivraison_descriptor(), e.statut())},
                              {"date", Time(e.at())},
                              {"lieu", NullIfEmpty(e.lieu())},
                              {"commentaire", NullIfEmpty(e.commentaire())}});
  }
  return object{
      {"id", l.id()},
      {"commandeId", l.commande_id()},
      {"statut", EnumName(v1::StatutLivraison_descriptor(), l.statut())},
      {"transporteur", l.transporteur()},
      {"numeroSuivi", l.numero_suivi()},
      {"adresse", AdresseValue(l.adresse())},
      {"suivi", std::move(suivi)},
      {"creeLe", Time(l.cree_le())},
      {"majLe", Time(l.maj_le())},
      {"version", l.version()},
  };
}

}  // namespace parfumerie::gateway
