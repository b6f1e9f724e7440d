#include "gateway/core/shop_schema.h"

#include <utility>

#include <boost/asio/post.hpp>
#include <google/protobuf/util/time_util.h>

#include "absl/strings/str_cat.h"
#include "gateway/accounts/account_service.h"
#include "gateway/core/connection.h"
#include "gateway/core/errors.h"
#include "gateway/core/order_feed.h"
#include "gateway/core/values.h"
#include "trace/span.h"

namespace parfumerie::gateway {
namespace {

using boost::json::array;
using boost::json::object;
using boost::json::value;
using graphql::FieldValue;
using graphql::ResolveInfo;

// Resolvers for each field that is not a plain read of its parent.
using Wiring = std::vector<std::tuple<const char*, const char*, graphql::Resolver>>;

// A gRPC call whose reply `map` turns into the field's value. `map` receives
// the response and returns absl::StatusOr<value>.
template <typename Request, typename Response, typename Start, typename Map>
FieldValue Rpc(const ResolveInfo& info, Request request, Start start, Map map) {
  SharedCompletion done(info.Defer());
  Call<Request, Response>(Operation::Of(info).call(), std::move(request), std::move(start),
                          [done, map = std::move(map)](absl::StatusOr<Response> response) mutable {
                            if (!response.ok()) return done.Resolve(ErrorValue(response.status()));
                            absl::StatusOr<value> v = map(*response);
                            done.Resolve(v.ok() ? FieldValue::Owned(std::move(*v)) : ErrorValue(v.status()));
                          });
  return FieldValue::Deferred();
}

std::string Arg(const ResolveInfo& info, std::string_view name) {
  return OptionalString(info.arguments(), name).value_or("");
}

const object& InputArg(const ResolveInfo& info) { return info.arguments().at("input").as_object(); }

absl::Status NotVisible(std::string_view id) {
  return absl::NotFoundError(absl::StrCat("commande ", std::string(id), ": not found"));
}

// The order as `access` may see it: another client's order does not exist.
absl::StatusOr<value> VisibleOrder(const Access& access, const v1::Commande& c) {
  if (!access.MaySee(c.client_id())) return NotVisible(c.id());
  return value(CommandeValue(c));
}

// Reads one order for `access` and resolves `done` with it.
void FetchOrder(Operation& op, const std::string& id, std::function<void(absl::StatusOr<value>)> done) {
  v1::GetOrderRequest request;
  request.set_id(id);
  Call<v1::GetOrderRequest, v1::Commande>(
      op.call(), std::move(request),
      [clients = &op.clients()](auto* ctx, auto* req, auto* resp, auto on_done) {
        clients->orders().async()->GetOrder(ctx, req, resp, std::move(on_done));
      },
      [access = op.access(), id, done = std::move(done)](absl::StatusOr<v1::Commande> c) {
        if (!c.ok()) return done(absl::IsNotFound(c.status()) ? NotVisible(id) : c.status());
        done(VisibleOrder(access, *c));
      });
}

FieldValue OrderField(const ResolveInfo& info, const std::string& id) {
  SharedCompletion done(info.Defer());
  FetchOrder(Operation::Of(info), id, [done](absl::StatusOr<value> v) {
    done.Resolve(v.ok() ? FieldValue::Owned(std::move(*v)) : ErrorValue(v.status()));
  });
  return FieldValue::Deferred();
}

template <typename Value>
FieldValue Load(const ResolveInfo& info, BatchLoader<Value>& loader, const std::string& key,
                boost::json::object (*to_value)(const Value&)) {
  if (key.empty()) return FieldValue::Null();
  SharedCompletion done(info.Defer());
  loader.Load(key, [done, to_value](const typename BatchLoader<Value>::Result& r) {
    if (!r.ok()) return done.Resolve(ErrorValue(r.status()));
    done.Resolve(r->has_value() ? FieldValue::Owned(to_value(**r)) : FieldValue::Null());
  });
  return FieldValue::Deferred();
}

std::string ParentString(const ResolveInfo& info, std::string_view key) {
  const value& parent = info.parent();
  if (!parent.is_object()) return {};
  return OptionalString(parent.as_object(), key).value_or("");
}

#define PARFUMERIE_RETURN_IF_ERROR(expr)              \
  do {                                                \
    if (absl::Status s_ = (expr); !s_.ok()) return ErrorValue(s_); \
  } while (0)

// Queries ---------------------------------------------------------------------

FieldValue Parfums(const ResolveInfo& info) {
  absl::StatusOr<PageQuery> page = ReadPageArguments(info.arguments());
  if (!page.ok()) return ErrorValue(page.status());
  v1::ListParfumsRequest request;
  request.mutable_page()->set_page_size(page->page_size);
  request.mutable_page()->set_page_token(page->page_token);
  const object& args = info.arguments();
  if (const value* f = args.if_contains("filtre"); f != nullptr && f->is_object()) {
    const object& filtre = f->as_object();
    if (auto s = OptionalString(filtre, "recherche")) request.set_recherche(*s);
    if (const value* m = filtre.if_contains("marques"); m != nullptr && m->is_array()) {
      for (const value& marque : m->as_array()) request.add_marques(std::string(marque.as_string()));
    }
    if (auto s = OptionalString(filtre, "famille")) {
      request.set_famille(static_cast<v1::Famille>(*EnumValue(v1::Famille_descriptor(), *s, "famille")));
    }
    if (auto s = OptionalString(filtre, "genre")) {
      request.set_genre(static_cast<v1::Genre>(*EnumValue(v1::Genre_descriptor(), *s, "genre")));
    }
    for (const auto& [field, setter] :
         {std::pair{"prixMin", &v1::ListParfumsRequest::set_prix_min_cents},
          std::pair{"prixMax", &v1::ListParfumsRequest::set_prix_max_cents}}) {
      const value* v = filtre.if_contains(field);
      if (v == nullptr || v->is_null()) continue;
      absl::StatusOr<int64_t> cents = EurosToCents(v->to_number<double>(), field);
      if (!cents.ok()) return ErrorValue(cents.status());
      (request.*setter)(*cents);
    }
    if (const value* v = filtre.if_contains("enStock"); v != nullptr && v->is_bool()) {
      request.set_en_stock(v->get_bool());
    }
  }
  const std::string tri = Arg(info, "tri");
  request.set_tri(tri == "PRIX"            ? v1::TRI_PARFUMS_PRIX
                  : tri == "DATE_CREATION" ? v1::TRI_PARFUMS_CREATED_AT
                  : tri == "STOCK"         ? v1::TRI_PARFUMS_STOCK
                                           : v1::TRI_PARFUMS_NOM);
  request.set_descending(Arg(info, "ordre") == "DESC");
  return Rpc<v1::ListParfumsRequest, v1::ListParfumsResponse>(
      info, std::move(request),
      [clients = &Operation::Of(info).clients()](auto* ctx, auto* req, auto* resp, auto on_done) {
        clients->catalog().async()->ListParfums(ctx, req, resp, std::move(on_done));
      },
      [query = *page](const v1::ListParfumsResponse& r) -> absl::StatusOr<value> {
        array nodes;
        for (const auto& p : r.parfums()) nodes.emplace_back(ParfumValue(p));
        return value(MakeConnection(query, std::move(nodes), r.next_page_token(), r.total()));
      });
}

FieldValue ParfumById(const ResolveInfo& info) {
  return Load(info, Operation::Of(info).parfums(), Arg(info, "id"), &ParfumValue);
}

FieldValue CommandeById(const ResolveInfo& info) {
  PARFUMERIE_RETURN_IF_ERROR(Operation::Of(info).access().RequireSignedIn());
  return OrderField(info, Arg(info, "id"));
}

FieldValue ListOrders(const ResolveInfo& info, std::string client_id) {
  absl::StatusOr<PageQuery> page = ReadPageArguments(info.arguments());
  if (!page.ok()) return ErrorValue(page.status());
  v1::ListOrdersRequest request;
  request.set_client_id(std::move(client_id));
  request.mutable_page()->set_page_size(page->page_size);
  request.mutable_page()->set_page_token(page->page_token);
  if (auto s = OptionalString(info.arguments(), "statut")) {
    request.set_statut(
        static_cast<v1::StatutCommande>(*EnumValue(v1::StatutCommande_descriptor(), *s, "statut")));
  }
  return Rpc<v1::ListOrdersRequest, v1::ListOrdersResponse>(
      info, std::move(request),
      [clients = &Operation::Of(info).clients()](auto* ctx, auto* req, auto* resp, auto on_done) {
        clients->orders().async()->ListOrders(ctx, req, resp, std::move(on_done));
      },
      [query = *page, access = Operation::Of(info).access()](
          const v1::ListOrdersResponse& r) -> absl::StatusOr<value> {
        array nodes;
        for (const auto& c : r.commandes()) {
          absl::StatusOr<value> v = VisibleOrder(access, c);
          if (!v.ok()) return v.status();  // never another client's order in a list
          nodes.push_back(std::move(*v));
        }
        return value(MakeConnection(query, std::move(nodes), r.next_page_token(), r.total()));
      });
}

FieldValue MesCommandes(const ResolveInfo& info) {
  const Access& access = Operation::Of(info).access();
  PARFUMERIE_RETURN_IF_ERROR(access.RequireSignedIn());
  return ListOrders(info, access.principal()->account_id);
}

FieldValue Commandes(const ResolveInfo& info) {
  PARFUMERIE_RETURN_IF_ERROR(Operation::Of(info).access().RequireAdmin());
  return ListOrders(info, Arg(info, "clientId"));
}

FieldValue Paiements(const ResolveInfo& info) {
  PARFUMERIE_RETURN_IF_ERROR(Operation::Of(info).access().RequireAdmin());
  absl::StatusOr<PageQuery> page = ReadPageArguments(info.arguments());
  if (!page.ok()) return ErrorValue(page.status());
  v1::ListPaymentsRequest request;
  request.mutable_page()->set_page_size(page->page_size);
  request.mutable_page()->set_page_token(page->page_token);
  if (auto s = OptionalString(info.arguments(), "statut")) {
    request.set_statut(
        static_cast<v1::StatutPaiement>(*EnumValue(v1::StatutPaiement_descriptor(), *s, "statut")));
  }
  return Rpc<v1::ListPaymentsRequest, v1::ListPaymentsResponse>(
      info, std::move(request),
      [clients = &Operation::Of(info).clients()](auto* ctx, auto* req, auto* resp, auto on_done) {
        clients->payment().async()->ListPayments(ctx, req, resp, std::move(on_done));
      },
      [query = *page](const v1::ListPaymentsResponse& r) -> absl::StatusOr<value> {
        array nodes;
        for (const auto& p : r.paiements()) nodes.emplace_back(PaiementValue(p));
        return value(MakeConnection(query, std::move(nodes), r.next_page_token(), r.total()));
      });
}

FieldValue Livraisons(const ResolveInfo& info) {
  PARFUMERIE_RETURN_IF_ERROR(Operation::Of(info).access().RequireAdmin());
  absl::StatusOr<PageQuery> page = ReadPageArguments(info.arguments());
  if (!page.ok()) return ErrorValue(page.status());
  v1::ListDeliveriesRequest request;
  request.mutable_page()->set_page_size(page->page_size);
  request.mutable_page()->set_page_token(page->page_token);
  if (auto s = OptionalString(info.arguments(), "statut")) {
    request.set_statut(
        static_cast<v1::StatutLivraison>(*EnumValue(v1::StatutLivraison_descriptor(), *s, "statut")));
  }
  return Rpc<v1::ListDeliveriesRequest, v1::ListDeliveriesResponse>(
      info, std::move(request),
      [clients = &Operation::Of(info).clients()](auto* ctx, auto* req, auto* resp, auto on_done) {
        clients->delivery().async()->ListDeliveries(ctx, req, resp, std::move(on_done));
      },
      [query = *page](const v1::ListDeliveriesResponse& r) -> absl::StatusOr<value> {
        array nodes;
        for (const auto& l : r.livraisons()) nodes.emplace_back(LivraisonValue(l));
        return value(MakeConnection(query, std::move(nodes), r.next_page_token(), r.total()));
      });
}

FieldValue LivraisonById(const ResolveInfo& info) {
  PARFUMERIE_RETURN_IF_ERROR(Operation::Of(info).access().RequireAdmin());
  v1::GetDeliveryRequest request;
  request.set_id(Arg(info, "id"));
  return Rpc<v1::GetDeliveryRequest, v1::Livraison>(
      info, std::move(request),
      [clients = &Operation::Of(info).clients()](auto* ctx, auto* req, auto* resp, auto on_done) {
        clients->delivery().async()->GetDelivery(ctx, req, resp, std::move(on_done));
      },
      [](const v1::Livraison& l) -> absl::StatusOr<value> { return value(LivraisonValue(l)); });
}

object CompteValue(const accounts::Compte& c) {
  return object{{"id", c.id},
                {"email", c.email},
                {"nom", c.nom},
                {"role", std::string(accounts::RoleName(c.role))},
                {"creeLe", FormatTimestamp(
                               google::protobuf::util::TimeUtil::MillisecondsToTimestamp(
                                   std::chrono::duration_cast<std::chrono::milliseconds>(
                                       c.created_at.time_since_epoch())
                                       .count()))}};
}

object SessionValue(const accounts::Session& s) {
  return object{{"token", s.token},
                {"expireLe", FormatTimestamp(
                                 google::protobuf::util::TimeUtil::MillisecondsToTimestamp(
                                     std::chrono::duration_cast<std::chrono::milliseconds>(
                                         s.expires_at.time_since_epoch())
                                         .count()))},
                {"compte", CompteValue(s.compte)}};
}

// Runs an account call on the blocking pool; `to_value` maps its result.
template <typename Work, typename ToValue>
FieldValue AccountCall(const ResolveInfo& info, Work work, ToValue to_value) {
  SharedCompletion done(info.Defer());
  Operation::Of(info).RunBlocking(std::move(work), [done, to_value](auto result) {
    done.Resolve(result.ok() ? FieldValue::Owned(value(to_value(*result))) : ErrorValue(result.status()));
  });
  return FieldValue::Deferred();
}

FieldValue Moi(const ResolveInfo& info) {
  Operation& op = Operation::Of(info);
  if (!op.access().principal()) return FieldValue::Null();
  return AccountCall(
      info, [accounts = op.backends().accounts, id = op.access().principal()->account_id] {
        return accounts->Get(id);
      },
      &CompteValue);
}

// Fields that call a service -------------------------------------------------

FieldValue ParfumOfParent(const ResolveInfo& info) {
  return Load(info, Operation::Of(info).parfums(), ParentString(info, "parfumId"), &ParfumValue);
}

FieldValue PaiementOfCommande(const ResolveInfo& info) {
  return Load(info, Operation::Of(info).payments_by_order(), ParentString(info, "id"), &PaiementValue);
}

FieldValue LivraisonOfCommande(const ResolveInfo& info) {
  return Load(info, Operation::Of(info).deliveries_by_order(), ParentString(info, "id"), &LivraisonValue);
}

FieldValue CommandeOfParent(const ResolveInfo& info) {
  return OrderField(info, ParentString(info, "commandeId"));
}

// Mutations -------------------------------------------------------------------

FieldValue Inscription(const ResolveInfo& info) {
  const object& in = InputArg(info);
  return AccountCall(
      info,
      [accounts = Operation::Of(info).backends().accounts, email = std::string(in.at("email").as_string()),
       password = std::string(in.at("motDePasse").as_string()), nom = std::string(in.at("nom").as_string())] {
        return accounts->SignUp(email, password, nom);
      },
      &SessionValue);
}

FieldValue Connexion(const ResolveInfo& info) {
  const object& in = InputArg(info);
  return AccountCall(
      info,
      [accounts = Operation::Of(info).backends().accounts, email = std::string(in.at("email").as_string()),
       password = std::string(in.at("motDePasse").as_string())] { return accounts->SignIn(email, password); },
      &SessionValue);
}

FieldValue TokeniserCarte(const ResolveInfo& info) {
  PARFUMERIE_RETURN_IF_ERROR(Operation::Of(info).access().RequireSignedIn());
  const object& in = InputArg(info);
  v1::TokenizeCardRequest request;
  request.set_numero(std::string(in.at("numero").as_string()));
  request.set_mois_expiration(static_cast<int32_t>(in.at("moisExpiration").to_number<int64_t>()));
  request.set_annee_expiration(static_cast<int32_t>(in.at("anneeExpiration").to_number<int64_t>()));
  request.set_cvc(std::string(in.at("cvc").as_string()));
  request.set_titulaire(OptionalString(in, "titulaire").value_or(""));
  return Rpc<v1::TokenizeCardRequest, v1::TokenizeCardResponse>(
      info, std::move(request),
      [clients = &Operation::Of(info).clients()](auto* ctx, auto* req, auto* resp, auto on_done) {
        clients->payment().async()->TokenizeCard(ctx, req, resp, std::move(on_done));
      },
      [](const v1::TokenizeCardResponse& r) -> absl::StatusOr<value> {
        return value(object{{"token", r.token()},
                            {"marque", r.marque_carte()},
                            {"derniersChiffres", r.derniers_chiffres()}});
      });
}

void ReadAdresse(const object& in, v1::Adresse* out) {
  out->set_nom_complet(std::string(in.at("nomComplet").as_string()));
  out->set_ligne1(std::string(in.at("ligne1").as_string()));
  out->set_ligne2(OptionalString(in, "ligne2").value_or(""));
  out->set_code_postal(std::string(in.at("codePostal").as_string()));
  out->set_ville(std::string(in.at("ville").as_string()));
  out->set_pays(std::string(in.at("pays").as_string()));
  out->set_telephone(OptionalString(in, "telephone").value_or(""));
}

// Idempotency keys are the client's own: two customers choosing the same key
// never see each other's order.
constexpr size_t kMaxIdempotencyKey = 200;

FieldValue PasserCommande(const ResolveInfo& info) {
  const Access& access = Operation::Of(info).access();
  PARFUMERIE_RETURN_IF_ERROR(access.RequireSignedIn());
  const object& in = InputArg(info);
  const std::string key(in.at("cleIdempotence").as_string());
  if (key.empty() || key.size() > kMaxIdempotencyKey) {
    return ErrorValue(absl::InvalidArgumentError(
        absl::StrCat("cleIdempotence: 1 to ", kMaxIdempotencyKey, " characters")));
  }
  v1::PlaceOrderRequest request;
  request.set_idempotency_key(absl::StrCat(access.principal()->account_id, "/", key));
  request.set_client_id(access.principal()->account_id);
  for (const value& l : in.at("lignes").as_array()) {
    auto* ligne = request.add_lignes();
    ligne->set_parfum_id(std::string(l.at("parfumId").as_string()));
    ligne->set_quantite(static_cast<int32_t>(l.at("quantite").to_number<int64_t>()));
  }
  ReadAdresse(in.at("adresseLivraison").as_object(), request.mutable_adresse_livraison());
  request.set_payment_method_token(std::string(in.at("tokenPaiement").as_string()));
  return Rpc<v1::PlaceOrderRequest, v1::Commande>(
      info, std::move(request),
      [clients = &Operation::Of(info).clients()](auto* ctx, auto* req, auto* resp, auto on_done) {
        clients->orders().async()->PlaceOrder(ctx, req, resp, std::move(on_done));
      },
      [access](const v1::Commande& c) { return VisibleOrder(access, c); });
}

FieldValue AnnulerCommande(const ResolveInfo& info) {
  Operation& op = Operation::Of(info);
  PARFUMERIE_RETURN_IF_ERROR(op.access().RequireSignedIn());
  const std::string id = Arg(info, "id");
  v1::CancelOrderRequest request;
  request.set_id(id);
  request.set_raison(OptionalString(info.arguments(), "raison").value_or(
      op.access().is_admin() ? "annulée par l'opérateur" : "annulée par le client"));
  SharedCompletion done(info.Defer());
  // Ownership first: a client cannot cancel another client's order.
  FetchOrder(op, id, [done, request = std::move(request), settings = op.call(), clients = &op.clients(),
                      access = op.access()](absl::StatusOr<value> visible) mutable {
    if (!visible.ok()) return done.Resolve(ErrorValue(visible.status()));
    Call<v1::CancelOrderRequest, v1::Commande>(
        settings, std::move(request),
        [clients](auto* ctx, auto* req, auto* resp, auto on_done) {
          clients->orders().async()->CancelOrder(ctx, req, resp, std::move(on_done));
        },
        [done, access](absl::StatusOr<v1::Commande> c) {
          if (!c.ok()) return done.Resolve(ErrorValue(c.status()));
          absl::StatusOr<value> v = VisibleOrder(access, *c);
          done.Resolve(v.ok() ? FieldValue::Owned(std::move(*v)) : ErrorValue(v.status()));
        });
  });
  return FieldValue::Deferred();
}

absl::Status ReadParfumFields(const object& in, v1::UpdateParfumRequest* out) {
  if (auto s = OptionalString(in, "nom")) out->set_nom(*s);
  if (auto s = OptionalString(in, "description")) out->set_description(*s);
  if (auto s = OptionalString(in, "marque")) out->set_marque(*s);
  if (auto s = OptionalString(in, "image")) out->set_image(*s);
  if (auto s = OptionalString(in, "famille")) {
    absl::StatusOr<int> f = EnumValue(v1::Famille_descriptor(), *s, "famille");
    if (!f.ok()) return f.status();
    out->set_famille(static_cast<v1::Famille>(*f));
  }
  if (auto s = OptionalString(in, "genre")) {
    absl::StatusOr<int> g = EnumValue(v1::Genre_descriptor(), *s, "genre");
    if (!g.ok()) return g.status();
    out->set_genre(static_cast<v1::Genre>(*g));
  }
  if (auto n = OptionalInt(in, "contenanceMl")) out->set_contenance_ml(static_cast<int32_t>(*n));
  if (const value* p = in.if_contains("prix"); p != nullptr && !p->is_null()) {
    absl::StatusOr<int64_t> cents = EurosToCents(p->to_number<double>(), "prix");
    if (!cents.ok()) return cents.status();
    out->set_prix_cents(*cents);
  }
  if (const value* n = in.if_contains("notes"); n != nullptr && n->is_object()) {
    for (const auto& [key, list] : {std::pair{"tete", out->mutable_notes()->mutable_tete()},
                                    std::pair{"coeur", out->mutable_notes()->mutable_coeur()},
                                    std::pair{"fond", out->mutable_notes()->mutable_fond()}}) {
      for (const value& note : n->as_object().at(key).as_array()) list->Add(std::string(note.as_string()));
    }
  }
  return absl::OkStatus();
}

template <typename Request>
void SetExpectedVersion(const ResolveInfo& info, Request* request) {
  if (auto v = OptionalInt(info.arguments(), "versionAttendue")) request->set_expected_version(*v);
}

FieldValue CreerParfum(const ResolveInfo& info) {
  PARFUMERIE_RETURN_IF_ERROR(Operation::Of(info).access().RequireAdmin());
  v1::UpdateParfumRequest fields;
  PARFUMERIE_RETURN_IF_ERROR(ReadParfumFields(InputArg(info), &fields));
  v1::CreateParfumRequest request;
  request.set_nom(fields.nom());
  request.set_description(fields.description());
  request.set_marque(fields.marque());
  request.set_famille(fields.famille());
  request.set_genre(fields.genre());
  *request.mutable_notes() = fields.notes();
  request.set_contenance_ml(fields.contenance_ml());
  request.set_prix_cents(fields.prix_cents());
  request.set_image(fields.image());
  request.set_stock(static_cast<int32_t>(OptionalInt(InputArg(info), "stock").value_or(0)));
  return Rpc<v1::CreateParfumRequest, v1::Parfum>(
      info, std::move(request),
      [clients = &Operation::Of(info).clients()](auto* ctx, auto* req, auto* resp, auto on_done) {
        clients->catalog().async()->CreateParfum(ctx, req, resp, std::move(on_done));
      },
      [](const v1::Parfum& p) -> absl::StatusOr<value> { return value(ParfumValue(p)); });
}

FieldValue ModifierParfum(const ResolveInfo& info) {
  PARFUMERIE_RETURN_IF_ERROR(Operation::Of(info).access().RequireAdmin());
  v1::UpdateParfumRequest request;
  PARFUMERIE_RETURN_IF_ERROR(ReadParfumFields(InputArg(info), &request));
  request.set_id(Arg(info, "id"));
  SetExpectedVersion(info, &request);
  return Rpc<v1::UpdateParfumRequest, v1::Parfum>(
      info, std::move(request),
      [clients = &Operation::Of(info).clients()](auto* ctx, auto* req, auto* resp, auto on_done) {
        clients->catalog().async()->UpdateParfum(ctx, req, resp, std::move(on_done));
      },
      [](const v1::Parfum& p) -> absl::StatusOr<value> { return value(ParfumValue(p)); });
}

FieldValue SupprimerParfum(const ResolveInfo& info) {
  PARFUMERIE_RETURN_IF_ERROR(Operation::Of(info).access().RequireAdmin());
  v1::DeleteParfumRequest request;
  request.set_id(Arg(info, "id"));
  SetExpectedVersion(info, &request);
  return Rpc<v1::DeleteParfumRequest, v1::DeleteParfumResponse>(
      info, std::move(request),
      [clients = &Operation::Of(info).clients()](auto* ctx, auto* req, auto* resp, auto on_done) {
        clients->catalog().async()->DeleteParfum(ctx, req, resp, std::move(on_done));
      },
      [id = Arg(info, "id")](const v1::DeleteParfumResponse&) -> absl::StatusOr<value> { return value(id); });
}

FieldValue AjusterStock(const ResolveInfo& info) {
  PARFUMERIE_RETURN_IF_ERROR(Operation::Of(info).access().RequireAdmin());
  v1::AdjustStockRequest request;
  request.set_id(Arg(info, "id"));
  request.set_delta(static_cast<int32_t>(OptionalInt(info.arguments(), "delta").value_or(0)));
  request.set_reason(Arg(info, "raison"));
  SetExpectedVersion(info, &request);
  return Rpc<v1::AdjustStockRequest, v1::Parfum>(
      info, std::move(request),
      [clients = &Operation::Of(info).clients()](auto* ctx, auto* req, auto* resp, auto on_done) {
        clients->catalog().async()->AdjustStock(ctx, req, resp, std::move(on_done));
      },
      [](const v1::Parfum& p) -> absl::StatusOr<value> { return value(ParfumValue(p)); });
}

FieldValue AvancerLivraison(const ResolveInfo& info) {
  PARFUMERIE_RETURN_IF_ERROR(Operation::Of(info).access().RequireAdmin());
  v1::AdvanceDeliveryRequest request;
  request.set_id(Arg(info, "id"));
  request.set_lieu(Arg(info, "lieu"));
  request.set_commentaire(Arg(info, "commentaire"));
  SetExpectedVersion(info, &request);
  return Rpc<v1::AdvanceDeliveryRequest, v1::Livraison>(
      info, std::move(request),
      [clients = &Operation::Of(info).clients()](auto* ctx, auto* req, auto* resp, auto on_done) {
        clients->delivery().async()->AdvanceDelivery(ctx, req, resp, std::move(on_done));
      },
      [](const v1::Livraison& l) -> absl::StatusOr<value> { return value(LivraisonValue(l)); });
}

FieldValue EchouerLivraison(const ResolveInfo& info) {
  PARFUMERIE_RETURN_IF_ERROR(Operation::Of(info).access().RequireAdmin());
  v1::FailDeliveryRequest request;
  request.set_id(Arg(info, "id"));
  request.set_raison(Arg(info, "raison"));
  SetExpectedVersion(info, &request);
  return Rpc<v1::FailDeliveryRequest, v1::Livraison>(
      info, std::move(request),
      [clients = &Operation::Of(info).clients()](auto* ctx, auto* req, auto* resp, auto on_done) {
        clients->delivery().async()->FailDelivery(ctx, req, resp, std::move(on_done));
      },
      [](const v1::Livraison& l) -> absl::StatusOr<value> { return value(LivraisonValue(l)); });
}

// Subscriptions -----------------------------------------------------------------

// Each event is `{"commandeId": id}`; the root field reads the order's
// current state, so every event shows fresh data.
FieldValue OrderOfEvent(const ResolveInfo& info) {
  Operation& op = Operation::Of(info);
  op.ClearCaches();
  return OrderField(info, ParentString(info, "commandeId"));
}

// Feeds `sink` on the operation's executor; marks the listener dead once the
// subscription is over.
OrderFeed::Listener PushTo(graphql::EventSink sink, boost::asio::any_io_executor executor,
                           OrderFeed::Alive alive) {
  return [sink = std::move(sink), executor = std::move(executor), alive](const std::string& order_id) {
    boost::asio::post(executor, [sink, alive, order_id] {
      if (!sink.Push(value(object{{"commandeId", order_id}}))) alive->store(false);
    });
  };
}

absl::Status SubscribeOrder(const ResolveInfo& info, graphql::EventSink sink) {
  Operation& op = Operation::Of(info);
  if (absl::Status s = op.access().RequireSignedIn(); !s.ok()) return WithCode(s);
  const std::string id = Arg(info, "id");
  // Refuse another client's order before listening; then start with the
  // current state, so nothing that happened meanwhile is missed.
  FetchOrder(op, id, [sink, id, feed = op.backends().feed, executor = op.executor()](absl::StatusOr<value> v) {
    if (!v.ok()) {
      FieldValue error = ErrorValue(v.status());
      return sink.Close(error.message(), error.extensions());
    }
    auto alive = std::make_shared<std::atomic<bool>>(true);
    OrderFeed::Listener listener = PushTo(sink, executor, alive);
    feed->ListenOrder(id, alive, listener);
    listener(id);
  });
  return absl::OkStatus();
}

absl::Status SubscribeNewOrders(const ResolveInfo& info, graphql::EventSink sink) {
  Operation& op = Operation::Of(info);
  if (absl::Status s = op.access().RequireAdmin(); !s.ok()) return WithCode(s);
  auto alive = std::make_shared<std::atomic<bool>>(true);
  op.backends().feed->ListenNewOrders(alive, PushTo(std::move(sink), op.executor(), alive));
  return absl::OkStatus();
}

Wiring Resolvers() {
  return {
      {"Query", "parfums", Parfums},
      {"Query", "parfum", ParfumById},
      {"Query", "commande", CommandeById},
      {"Query", "mesCommandes", MesCommandes},
      {"Query", "commandes", Commandes},
      {"Query", "paiements", Paiements},
      {"Query", "livraisons", Livraisons},
      {"Query", "livraison", LivraisonById},
      {"Query", "moi", Moi},
      {"Commande", "parfum", ParfumOfParent},
      {"Commande", "paiement", PaiementOfCommande},
      {"Commande", "livraison", LivraisonOfCommande},
      {"LigneCommande", "parfum", ParfumOfParent},
      {"Paiement", "commande", CommandeOfParent},
      {"Livraison", "commande", CommandeOfParent},
      {"Mutation", "inscription", Inscription},
      {"Mutation", "connexion", Connexion},
      {"Mutation", "tokeniserCarte", TokeniserCarte},
      {"Mutation", "passerCommande", PasserCommande},
      {"Mutation", "annulerCommande", AnnulerCommande},
      {"Mutation", "creerParfum", CreerParfum},
      {"Mutation", "modifierParfum", ModifierParfum},
      {"Mutation", "supprimerParfum", SupprimerParfum},
      {"Mutation", "ajusterStock", AjusterStock},
      {"Mutation", "avancerLivraison", AvancerLivraison},
      {"Mutation", "echouerLivraison", EchouerLivraison},
      {"Subscription", "commandeMiseAJour", OrderOfEvent},
      {"Subscription", "nouvellesCommandes", OrderOfEvent},
  };
}

}  // namespace

absl::StatusOr<std::unique_ptr<graphql::Schema>> BuildShopSchemaSdlOnly() {
  auto schema = graphql::BuildSchema(ShopSdl());
  if (!schema.ok()) return schema.status();
  if (!(*schema)->validation_errors().empty()) {
    return absl::InternalError(absl::StrCat("shop schema: ", (*schema)->validation_errors().front()));
  }
  return schema;
}

absl::StatusOr<std::unique_ptr<graphql::Schema>> BuildShopSchema() {
  auto schema = BuildShopSchemaSdlOnly();
  if (!schema.ok()) return schema.status();
  for (auto& [type, field, resolver] : Resolvers()) {
    if (absl::Status s = (*schema)->SetResolver(type, field, std::move(resolver)); !s.ok()) return s;
  }
  if (absl::Status s = (*schema)->SetSubscriber("commandeMiseAJour", SubscribeOrder); !s.ok()) {
    return s;
  }
  if (absl::Status s = (*schema)->SetSubscriber("nouvellesCommandes", SubscribeNewOrders);
      !s.ok()) {
    return s;
  }
  return schema;
}

OperationContextFactory MakeOperationFactory(const ShopBackends& backends) {
  return [backends](const Caller& caller,
                    boost::asio::any_io_executor executor) -> absl::StatusOr<std::shared_ptr<void>> {
    std::optional<accounts::Principal> principal;
    if (!caller.bearer_token.empty()) {
      absl::StatusOr<accounts::Principal> p = backends.accounts->Authenticate(caller.bearer_token);
      if (!p.ok()) return p.status();
      principal = std::move(*p);
    }
    // The request's context, with the caller's sampling decision carried on.
    const trace::SpanContext request{caller.trace.trace_id, caller.trace.span_id, caller.trace.sampled};
    std::string traceparent = request.valid() ? trace::FormatTraceParent(request) : std::string();
    return std::make_shared<Operation>(backends, std::move(executor), std::move(principal),
                                       std::move(traceparent));
  };
}

}  // namespace parfumerie::gateway
