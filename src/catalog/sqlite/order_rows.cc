#include "catalog/sqlite/order_rows.h"

#include <string>

#include "absl/strings/str_cat.h"
#include "catalog/store_support.h"

namespace parfumerie::catalog::sqlite_internal {
namespace {

using sqlite::BindValue;
using sqlite::Statement;

absl::Status BindAndRun(sqlite::Connection& conn, const std::string& sql, std::initializer_list<BindValue> values) {
  absl::StatusOr<Statement> stmt = conn.Prepare(sql);
  if (!stmt.ok()) return stmt.status();
  int i = 1;
  for (const BindValue& v : values) stmt->Bind(i++, v);
  return stmt->Finish();
}

absl::Status InsertHistory(sqlite::Connection& conn, const Commande& order, size_t from) {
  for (size_t i = from; i < order.historique.size(); ++i) {
    const StatusChange& h = order.historique[i];
    if (absl::Status s = BindAndRun(conn,
                                    "INSERT INTO commande_historique (commande_id, seq, statut, at_ms, raison) "
                                    "VALUES (?1, ?2, ?3, ?4, ?5)",
                                    {order.id, static_cast<int64_t>(i), std::string(OrderStatusName(h.statut)),
                                     ToUnixMillis(h.at), h.raison});
        !s.ok()) {
      return s;
    }
  }
  return absl::OkStatus();
}

absl::StatusOr<OrderStatus> StatusColumn(const Statement& row, int col) {
  const std::string text = row.Text(col);
  std::optional<OrderStatus> s = ParseOrderStatus(text);
  if (!s) return absl::InternalError(absl::StrCat("sqlite: order with unknown statut '", text, "'"));
  return *s;
}

}  // namespace

absl::StatusOr<Commande> ReadOrderRow(const Statement& row) {
  Commande c;
  c.id = row.Text(0);
  c.client_id = row.Text(1);
  absl::StatusOr<OrderStatus> statut = StatusColumn(row, 2);
  if (!statut.ok()) return statut.status();
  c.statut = *statut;
  c.date_commande = FromUnixMillis(row.Int(3));
  c.date_limite_paiement = FromUnixMillis(row.Int(4));
  c.total_cents = row.Int(5);
  c.adresse_livraison = Adresse{row.Text(6),  row.Text(7),  row.Text(8), row.Text(9),
                                row.Text(10), row.Text(11), row.Text(12)};
  c.paiement_id = row.Text(13);
  c.livraison_id = row.Text(14);
  c.raison_annulation = row.Text(15);
  c.remboursement_demande = row.Int(16) != 0;
  c.rembourse = row.Int(17) != 0;
  c.incident_livraison = row.Text(18);
  c.idempotency_key = row.IsNull(19) ? std::string() : row.Text(19);
  c.version = row.Int(20);
  return c;
}

absl::Status LoadOrderDetails(sqlite::Connection& conn, Commande& order) {
  {
    absl::StatusOr<Statement> lines = conn.Prepare(
        "SELECT parfum_id, nom, quantite, prix_unitaire_cents FROM commande_lignes "
        "WHERE commande_id = ?1 ORDER BY position");
    if (!lines.ok()) return lines.status();
    lines->Bind(1, order.id);
    for (;;) {
      absl::StatusOr<bool> row = lines->Step();
      if (!row.ok()) return row.status();
      if (!*row) break;
      order.lignes.push_back(
          OrderLine{lines->Text(0), lines->Text(1), static_cast<int32_t>(lines->Int(2)), lines->Int(3)});
    }
  }
  absl::StatusOr<Statement> history = conn.Prepare(
      "SELECT statut, at_ms, raison FROM commande_historique WHERE commande_id = ?1 ORDER BY seq");
  if (!history.ok()) return history.status();
  history->Bind(1, order.id);
  for (;;) {
    absl::StatusOr<bool> row = history->Step();
    if (!row.ok()) return row.status();
    if (!*row) break;
    absl::StatusOr<OrderStatus> statut = StatusColumn(*history, 0);
    if (!statut.ok()) return statut.status();
    order.historique.push_back(StatusChange{*statut, FromUnixMillis(history->Int(1)), history->Text(2)});
  }
  return absl::OkStatus();
}

absl::StatusOr<Commande> LoadOrder(sqlite::Connection& conn, std::string_view id) {
  std::optional<Commande> order;
  {
    absl::StatusOr<Statement> stmt =
        conn.Prepare(absl::StrCat("SELECT ", kOrderColumns, " FROM commandes WHERE id = ?1"));
    if (!stmt.ok()) return stmt.status();
    stmt->Bind(1, std::string(id));
    absl::StatusOr<bool> row = stmt->Step();
    if (!row.ok()) return row.status();
    if (!*row) return absl::NotFoundError(absl::StrCat("id: no order ", std::string(id)));
    absl::StatusOr<Commande> c = ReadOrderRow(*stmt);
    if (!c.ok()) return c.status();
    order = *std::move(c);
  }
  if (absl::Status s = LoadOrderDetails(conn, *order); !s.ok()) return s;
  return *std::move(order);
}

absl::Status InsertOrder(sqlite::Connection& conn, const Commande& c, const std::string& fingerprint) {
  const Adresse& a = c.adresse_livraison;
  absl::Status s = BindAndRun(
      conn,
      "INSERT INTO commandes (id, client_id, statut, placed_at_ms, payment_deadline_ms, total_cents, "
      "adresse_nom_complet, adresse_ligne1, adresse_ligne2, adresse_code_postal, adresse_ville, adresse_pays, "
      "adresse_telephone, paiement_id, livraison_id, raison_annulation, remboursement_demande, rembourse, "
      "incident_livraison, idempotency_key, request_fingerprint, version, updated_at_ms) "
      "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21, "
      "?22, ?4)",
      {c.id,
       c.client_id,
       std::string(OrderStatusName(c.statut)),
       ToUnixMillis(c.date_commande),
       ToUnixMillis(c.date_limite_paiement),
       c.total_cents,
       a.nom_complet,
       a.ligne1,
       a.ligne2,
       a.code_postal,
       a.ville,
       a.pays,
       a.telephone,
       c.paiement_id,
       c.livraison_id,
       c.raison_annulation,
       int64_t{c.remboursement_demande},
       int64_t{c.rembourse},
       c.incident_livraison,
       c.idempotency_key.empty() ? BindValue(nullptr) : BindValue(c.idempotency_key),
       fingerprint,
       c.version});
  if (!s.ok()) return s;
  for (size_t i = 0; i < c.lignes.size(); ++i) {
    const OrderLine& l = c.lignes[i];
    s = BindAndRun(conn,
                   "INSERT INTO commande_lignes (commande_id, position, parfum_id, nom, quantite, "
                   "prix_unitaire_cents) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                   {c.id, static_cast<int64_t>(i), l.parfum_id, l.nom, int64_t{l.quantite}, l.prix_unitaire_cents});
    if (!s.ok()) return s;
  }
  return InsertHistory(conn, c, 0);
}

absl::Status UpdateOrderRow(sqlite::Connection& conn, const Commande& c, int64_t expected_version,
                            size_t first_new_history, int64_t now_ms) {
  absl::Status s = BindAndRun(
      conn,
      "UPDATE commandes SET statut = ?2, paiement_id = ?3, livraison_id = ?4, raison_annulation = ?5, "
      "remboursement_demande = ?6, rembourse = ?7, incident_livraison = ?8, version = version + 1, "
      "updated_at_ms = ?9 WHERE id = ?1 AND version = ?10",
      {c.id, std::string(OrderStatusName(c.statut)), c.paiement_id, c.livraison_id, c.raison_annulation,
       int64_t{c.remboursement_demande}, int64_t{c.rembourse}, c.incident_livraison, now_ms, expected_version});
  if (!s.ok()) return s;
  if (conn.Changes() != 1) {
    return absl::InternalError(absl::StrCat("sqlite: order ", c.id, " changed under the write lock"));
  }
  return InsertHistory(conn, c, first_new_history);
}

}  // namespace parfumerie::catalog::sqlite_internal
