// The GraphQL gateway of the all-in-one binary, over real HTTP.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <fstream>
#include <regex>
#include <string>
#include <thread>

#include <boost/json.hpp>
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "support/pki.h"
#include "support/process.h"
#include "support/shop.h"

namespace parfumerie::testing {
namespace {

using namespace std::chrono_literals;
using boost::json::object;
using boost::json::value;
using ::testing::HasSubstr;

struct Reply {
  int status = 0;
  value body;
  std::string raw;
  // errors[0].extensions.code, or "" without errors.
  std::string Code() const {
    if (!body.is_object() || !body.as_object().contains("errors")) return "";
    const auto& e = body.at("errors").as_array().at(0).as_object();
    if (!e.contains("extensions")) return "(no code)";
    return std::string(e.at("extensions").at("code").as_string());
  }
  const value& Data(std::string_view field) const { return body.at("data").at(field); }
};

class Gateway {
 public:
  explicit Gateway(int port) : port_(port) {}

  Reply Post(const std::string& query, object variables = {}, const std::string& token = "",
             std::map<std::string, std::string> headers = {}) const {
    headers["Content-Type"] = "application/json";
    headers["Accept"] = "application/graphql-response+json";
    if (!token.empty()) headers["Authorization"] = "Bearer " + token;
    return Send(boost::json::serialize(object{{"query", query}, {"variables", std::move(variables)}}),
                std::move(headers));
  }

  Reply Send(const std::string& body, std::map<std::string, std::string> headers) const {
    auto r = HttpRequest(port_, "POST", "/graphql", body, headers);
    Reply reply;
    if (!r) {
      ADD_FAILURE() << "no HTTP response";
      return reply;
    }
    reply.status = r->status;
    reply.raw = r->body;
    boost::system::error_code ec;
    reply.body = boost::json::parse(r->body, ec);
    return reply;
  }

  // Signs up a new customer and returns its token.
  std::string SignUp(const std::string& email) const {
    Reply r = Post(R"(mutation($e: String!) {
      inscription(input: {email: $e, motDePasse: "motdepasse-sur", nom: "Camille"}) { token compte { id role } }
    })",
                   object{{"e", email}});
    EXPECT_EQ(r.Code(), "") << r.raw;
    return std::string(r.Data("inscription").at("token").as_string());
  }

  std::string AdminToken() const {
    Reply r = Post(R"(mutation { connexion(input: {email: "admin@parfumerie.test", motDePasse: "parfumerie-admin"}) { token } })");
    EXPECT_EQ(r.Code(), "") << r.raw;
    return std::string(r.Data("connexion").at("token").as_string());
  }

  std::string CardToken(const std::string& token, const std::string& number) const {
    Reply r = Post(R"(mutation($n: String!) {
      tokeniserCarte(input: {numero: $n, moisExpiration: 12, anneeExpiration: 2030, cvc: "123"}) { token derniersChiffres }
    })",
                   object{{"n", number}}, token);
    EXPECT_EQ(r.Code(), "") << r.raw;
    return std::string(r.Data("tokeniserCarte").at("token").as_string());
  }

  Reply Order(const std::string& token, const std::string& key, const std::string& card,
              const std::vector<std::pair<std::string, int>>& lines,
              std::map<std::string, std::string> headers = {}) const {
    boost::json::array lignes;
    for (const auto& [id, q] : lines) lignes.push_back(object{{"parfumId", id}, {"quantite", q}});
    return Post(R"(mutation($in: PasserCommandeInput!) {
      passerCommande(input: $in) { id statut quantite total lignes { parfumId quantite parfum { nom } } }
    })",
                object{{"in", object{{"cleIdempotence", key},
                                     {"lignes", lignes},
                                     {"tokenPaiement", card},
                                     {"adresseLivraison", object{{"nomComplet", "Camille Martin"},
                                                                 {"ligne1", "12 rue des Lilas"},
                                                                 {"codePostal", "75011"},
                                                                 {"ville", "Paris"},
                                                                 {"pays", "FR"}}}}}},
                token, std::move(headers));
  }

  // Polls commande(id) until its statut is `statut` (or 30 s pass).
  Reply WaitStatus(const std::string& token, const std::string& id, const std::string& statut) const {
    const auto deadline = std::chrono::steady_clock::now() + 30s;
    Reply r;
    while (std::chrono::steady_clock::now() < deadline) {
      r = Post(R"(query($id: ID!) { commande(id: $id) { id statut raisonAnnulation
                 paiement { statut messageRefus } livraison { id statut } } })",
               object{{"id", id}}, token);
      if (r.Code().empty() && r.Data("commande").at("statut").as_string() == statut) return r;
      std::this_thread::sleep_for(50ms);
    }
    ADD_FAILURE() << "order " << id << " never reached " << statut << ": " << r.raw;
    return r;
  }

 private:
  int port_;
};

// Sends `request` as is on a new connection and returns what the server
// answers until it closes the connection (or 5 s pass).
std::string RawExchange(int port, const std::string& request) {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<uint16_t>(port));
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  timeval timeout{5, 0};
  ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
  if (::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
    ::close(fd);
    return "";
  }
  // The server may answer and close before taking the whole body.
  (void)::send(fd, request.data(), request.size(), MSG_NOSIGNAL);
  std::string out;
  char buf[4096];
  for (ssize_t n; (n = ::recv(fd, buf, sizeof buf, 0)) > 0;) out.append(buf, static_cast<size_t>(n));
  ::close(fd);
  return out;
}

// Two perfumes with stock, by name.
std::vector<std::string> TwoPerfumes(const Gateway& gw) {
  Reply r = gw.Post(R"({ parfums(first: 2, filtre: {enStock: true}, tri: PRIX) { edges { node { id stock } } } })");
  EXPECT_EQ(r.Code(), "") << r.raw;
  std::vector<std::string> ids;
  for (const auto& e : r.Data("parfums").at("edges").as_array()) {
    ids.emplace_back(e.at("node").at("id").as_string());
  }
  return ids;
}

int Stock(const Gateway& gw, const std::string& id) {
  Reply r = gw.Post(R"(query($id: ID!) { parfum(id: $id) { stock } })", object{{"id", id}});
  return static_cast<int>(r.Data("parfum").at("stock").as_int64());
}

class GatewayE2eTest : public ::testing::Test {
 protected:
  GatewayE2eTest()
      : shop_(dir_.path(), {"--payment-latency-ms=0", "--delivery-simulator=false"}), gw_(shop_.gateway_port()) {}
  TempDir dir_;
  Shop shop_;
  Gateway gw_;
};

TEST_F(GatewayE2eTest, CustomerSearchesOrdersTwoPerfumesAndSeesItPaid) {
  ASSERT_TRUE(shop_.ok());
  Reply search = gw_.Post(R"({ parfums(first: 3, filtre: {recherche: "boise"}) {
      totalCount edges { cursor node { id nom prix famille } } pageInfo { hasNextPage endCursor } } })");
  ASSERT_EQ(search.status, 200) << search.raw;
  EXPECT_GT(search.Data("parfums").at("totalCount").as_int64(), 0);

  const std::string token = gw_.SignUp("camille@example.fr");
  const std::string card = gw_.CardToken(token, kCardOk);
  const auto ids = TwoPerfumes(gw_);
  ASSERT_EQ(ids.size(), 2u);
  const int stock_before = Stock(gw_, ids[0]);

  Reply placed = gw_.Order(token, "panier-1", card, {{ids[0], 2}, {ids[1], 1}});
  ASSERT_EQ(placed.Code(), "") << placed.raw;
  const auto& commande = placed.Data("passerCommande");
  EXPECT_EQ(commande.at("quantite").as_int64(), 3);
  EXPECT_EQ(commande.at("lignes").as_array().size(), 2u);
  EXPECT_FALSE(commande.at("lignes").at(0).at("parfum").at("nom").as_string().empty());
  const std::string id(commande.at("id").as_string());
  EXPECT_EQ(Stock(gw_, ids[0]), stock_before - 2);

  // A double click: the same key gives the same order, and no more stock.
  Reply again = gw_.Order(token, "panier-1", card, {{ids[0], 2}, {ids[1], 1}});
  ASSERT_EQ(again.Code(), "") << again.raw;
  EXPECT_EQ(again.Data("passerCommande").at("id").as_string(), id);
  EXPECT_EQ(Stock(gw_, ids[0]), stock_before - 2);

  Reply paid = gw_.WaitStatus(token, id, "PAYEE");
  EXPECT_EQ(paid.Data("commande").at("paiement").at("statut").as_string(), "ACCEPTE");

  Reply mine = gw_.Post("{ moi { email } mesCommandes { totalCount edges { node { id statut } } } }", {}, token);
  ASSERT_EQ(mine.Code(), "") << mine.raw;
  EXPECT_EQ(mine.Data("mesCommandes").at("totalCount").as_int64(), 1);
  EXPECT_EQ(mine.Data("moi").at("email").as_string(), "camille@example.fr");
}

TEST_F(GatewayE2eTest, DeclinedCardCancelsWithItsReasonAndGivesStockBack) {
  ASSERT_TRUE(shop_.ok());
  const std::string token = gw_.SignUp("refus@example.fr");
  const std::string card = gw_.CardToken(token, kCardDeclined);
  const auto ids = TwoPerfumes(gw_);
  const int stock_before = Stock(gw_, ids[0]);
  Reply placed = gw_.Order(token, "k", card, {{ids[0], 1}});
  ASSERT_EQ(placed.Code(), "") << placed.raw;
  Reply cancelled = gw_.WaitStatus(token, std::string(placed.Data("passerCommande").at("id").as_string()), "ANNULEE");
  EXPECT_FALSE(cancelled.Data("commande").at("raisonAnnulation").is_null()) << cancelled.raw;
  EXPECT_EQ(cancelled.Data("commande").at("paiement").at("statut").as_string(), "REFUSE");
  EXPECT_EQ(Stock(gw_, ids[0]), stock_before);
}

TEST_F(GatewayE2eTest, UserErrorsCarryACode) {
  ASSERT_TRUE(shop_.ok());
  const std::string token = gw_.SignUp("erreurs@example.fr");
  const std::string card = gw_.CardToken(token, kCardOk);
  const auto ids = TwoPerfumes(gw_);
  Reply too_many = gw_.Order(token, "trop", card, {{ids[0], 100000}});
  EXPECT_EQ(too_many.Code(), "BAD_USER_INPUT") << too_many.raw;
  Reply rare = gw_.Post(R"(mutation { creerParfum(input: {nom: "Rare", description: "d", marque: "m", famille: CUIR,
      genre: MIXTE, contenanceMl: 50, prix: 10, stock: 1}) { id } })",
                        {}, gw_.AdminToken());
  ASSERT_EQ(rare.Code(), "") << rare.raw;
  Reply no_stock = gw_.Order(token, "rupture", card, {{std::string(rare.Data("creerParfum").at("id").as_string()), 2}});
  EXPECT_EQ(no_stock.Code(), "FAILED_PRECONDITION") << no_stock.raw;
  Reply bad_card = gw_.Post(R"(mutation { tokeniserCarte(input: {numero: "1234", moisExpiration: 1, anneeExpiration: 2030, cvc: "1"}) { token } })",
                            {}, token);
  EXPECT_EQ(bad_card.Code(), "BAD_USER_INPUT") << bad_card.raw;
  EXPECT_THAT(bad_card.raw, Not(HasSubstr("1234")));
  Reply taken = gw_.Post(R"(mutation { inscription(input: {email: "erreurs@example.fr", motDePasse: "motdepasse-sur", nom: "X"}) { token } })");
  EXPECT_EQ(taken.Code(), "ALREADY_EXISTS") << taken.raw;
  Reply wrong = gw_.Post(R"(mutation { connexion(input: {email: "erreurs@example.fr", motDePasse: "pas-le-bon"}) { token } })");
  EXPECT_EQ(wrong.Code(), "UNAUTHENTICATED") << wrong.raw;
}

TEST_F(GatewayE2eTest, ClientsSeeOnlyTheirOwnOrdersAndNoOperatorAction) {
  ASSERT_TRUE(shop_.ok());
  const std::string alice = gw_.SignUp("alice@example.fr");
  const std::string bob = gw_.SignUp("bob@example.fr");
  const auto ids = TwoPerfumes(gw_);
  Reply placed = gw_.Order(alice, "a", gw_.CardToken(alice, kCardOk), {{ids[0], 1}});
  ASSERT_EQ(placed.Code(), "") << placed.raw;
  const std::string id(placed.Data("passerCommande").at("id").as_string());

  Reply read = gw_.Post("query($id: ID!) { commande(id: $id) { id clientId } }", object{{"id", id}}, bob);
  EXPECT_EQ(read.Code(), "NOT_FOUND") << read.raw;
  EXPECT_TRUE(read.Data("commande").is_null());
  Reply cancel = gw_.Post("mutation($id: ID!) { annulerCommande(id: $id) { statut } }", object{{"id", id}}, bob);
  EXPECT_EQ(cancel.Code(), "NOT_FOUND") << cancel.raw;
  Reply anonymous = gw_.Post("query($id: ID!) { commande(id: $id) { id } }", object{{"id", id}});
  EXPECT_EQ(anonymous.Code(), "UNAUTHENTICATED") << anonymous.raw;
  Reply bobs = gw_.Post("{ mesCommandes { totalCount } }", {}, bob);
  EXPECT_EQ(bobs.Data("mesCommandes").at("totalCount").as_int64(), 0);

  for (const char* operator_only :
       {R"(mutation { ajusterStock(id: "prf_x", delta: 5, raison: "r") { stock } })",
        R"(mutation { avancerLivraison(id: "liv_x") { statut } })",
        R"({ commandes { totalCount } })", R"({ paiements { totalCount } })"}) {
    Reply r = gw_.Post(operator_only, {}, alice);
    EXPECT_EQ(r.Code(), "FORBIDDEN") << operator_only << " " << r.raw;
  }
  // The order is untouched by all of that.
  Reply still = gw_.Post("query($id: ID!) { commande(id: $id) { statut } }", object{{"id", id}}, alice);
  EXPECT_NE(still.Data("commande").at("statut").as_string(), "ANNULEE");
}

TEST_F(GatewayE2eTest, ForgedTokensAreRefusedWith401) {
  ASSERT_TRUE(shop_.ok());
  std::string token = gw_.SignUp("faussaire@example.fr");
  // Flip one character of the signature.
  token.back() = token.back() == 'A' ? 'B' : 'A';
  Reply forged = gw_.Post("{ mesCommandes { totalCount } }", {}, token);
  EXPECT_EQ(forged.status, 401) << forged.raw;
  EXPECT_EQ(forged.Code(), "UNAUTHENTICATED");
  // alg "none" with an ADMIN role claim.
  const std::string none =
      "eyJhbGciOiJub25lIiwidHlwIjoiSldUIn0."
      "eyJzdWIiOiJjcHRfeCIsInJvbGUiOiJBRE1JTiIsImVtYWlsIjoieEB4LmZyIiwiaXNzIjoicGFyZnVtZXJpZSIsImV4cCI6NDEwMjQ0NDgwMH0.";
  Reply unsigned_admin = gw_.Post("{ commandes { totalCount } }", {}, none);
  EXPECT_EQ(unsigned_admin.status, 401) << unsigned_admin.raw;
}

TEST_F(GatewayE2eTest, OperatorManagesTheCatalogueAndDeliveries) {
  ASSERT_TRUE(shop_.ok());
  const std::string admin = gw_.AdminToken();
  Reply created = gw_.Post(R"(mutation { creerParfum(input: {nom: "Cuir de Russie", description: "Un cuir fumé",
      marque: "Maison Test", famille: CUIR, genre: MIXTE, contenanceMl: 100, prix: 120.5, stock: 3}) { id prix stock version } })",
                           {}, admin);
  ASSERT_EQ(created.Code(), "") << created.raw;
  const auto& p = created.Data("creerParfum");
  EXPECT_EQ(p.at("prix").as_double(), 120.5);
  const std::string pid(p.at("id").as_string());
  const int64_t version = p.at("version").as_int64();

  Reply adjusted = gw_.Post("mutation($id: ID!, $v: Int) { ajusterStock(id: $id, delta: 7, raison: \"réassort\", versionAttendue: $v) { stock version } }",
                            object{{"id", pid}, {"v", version}}, admin);
  ASSERT_EQ(adjusted.Code(), "") << adjusted.raw;
  EXPECT_EQ(adjusted.Data("ajusterStock").at("stock").as_int64(), 10);
  Reply stale = gw_.Post("mutation($id: ID!, $v: Int) { modifierParfum(id: $id, input: {prix: 99}, versionAttendue: $v) { prix } }",
                         object{{"id", pid}, {"v", version}}, admin);
  EXPECT_EQ(stale.Code(), "CONFLICT") << stale.raw;

  // A customer orders it; the operator ships it; the customer sees it.
  const std::string client = gw_.SignUp("suivi@example.fr");
  Reply placed = gw_.Order(client, "s", gw_.CardToken(client, kCardOk), {{pid, 1}});
  ASSERT_EQ(placed.Code(), "") << placed.raw;
  const std::string oid(placed.Data("passerCommande").at("id").as_string());
  Reply paid = gw_.WaitStatus(client, oid, "PAYEE");
  // The delivery is created from OrderPaid: wait for it too.
  std::string livraison;
  for (auto deadline = std::chrono::steady_clock::now() + 30s; std::chrono::steady_clock::now() < deadline;) {
    Reply r = gw_.Post("query($id: ID!) { commande(id: $id) { livraison { id } } }", object{{"id", oid}}, client);
    if (!r.Data("commande").at("livraison").is_null()) {
      livraison = std::string(r.Data("commande").at("livraison").at("id").as_string());
      break;
    }
    std::this_thread::sleep_for(50ms);
  }
  ASSERT_FALSE(livraison.empty());
  Reply advanced = gw_.Post("mutation($id: ID!) { avancerLivraison(id: $id, lieu: \"Paris\") { statut commande { id } } }",
                            object{{"id", livraison}}, admin);
  ASSERT_EQ(advanced.Code(), "") << advanced.raw;
  EXPECT_EQ(advanced.Data("avancerLivraison").at("statut").as_string(), "EXPEDIEE");
  gw_.WaitStatus(client, oid, "EXPEDIEE");

  Reply all = gw_.Post("{ commandes(first: 50) { totalCount edges { node { id clientId parfum { nom } } } } }", {}, admin);
  ASSERT_EQ(all.Code(), "") << all.raw;
  EXPECT_GE(all.Data("commandes").at("totalCount").as_int64(), 1);
}

TEST_F(GatewayE2eTest, TheCallersTraceFollowsTheOrderThroughTheSaga) {
  ASSERT_TRUE(shop_.ok());
  const std::string token = gw_.SignUp("trace@example.fr");
  const std::string card = gw_.CardToken(token, kCardOk);
  const std::string trace = "4bf92f3577b34da6a3ce929d0e0e4736";
  Reply placed = gw_.Order(token, "t", card, {{TwoPerfumes(gw_)[0], 1}},
                           {{"traceparent", "00-" + trace + "-00f067aa0ba902b7-01"}});
  ASSERT_EQ(placed.Code(), "") << placed.raw;
  const std::string id(placed.Data("passerCommande").at("id").as_string());
  // The payment service charges the order from its OrderPlaced event, whose
  // traceparent the catalogue took from the gateway's gRPC call.
  auto charged = shop_.process().WaitForLine(
      std::regex("\"logger\":\"payment\",\"msg\":\"payment [a-z]+: commande_id=" + id + " [^\"]*\".*\"trace_id\":\"" +
                 trace + "\"|\"trace_id\":\"" + trace + "\"[^}]*\"logger\":\"payment\",\"msg\":\"payment [a-z]+: commande_id=" +
                 id + " "),
      30s);
  EXPECT_TRUE(charged.has_value()) << shop_.process().Output();
}

TEST_F(GatewayE2eTest, MetricsOfTheWholeProcessAreScrapedAndPassPromtool) {
  ASSERT_TRUE(shop_.ok());
  ASSERT_EQ(gw_.Post("{ parfums(first: 3) { totalCount } }").Code(), "");
  auto scrape = HttpRequest(shop_.gateway_port(), "GET", "/metrics");
  ASSERT_TRUE(scrape.has_value());
  EXPECT_EQ(scrape->status, 200);
  const std::string& text = scrape->body;
  EXPECT_THAT(text, HasSubstr(R"(http_server_requests_total{server="gateway-http",method="POST",route="/graphql",status="200"})"));
  EXPECT_THAT(text, HasSubstr(R"(grpc_method="ListParfums")"));
  EXPECT_THAT(text, HasSubstr("process_resident_memory_bytes "));
  // promtool (Debian's prometheus package) accepts the exposition.
  TempDir tmp;
  const std::string file = tmp.path() + "/metrics.txt";
  std::ofstream(file) << text;
  auto [code, out] = RunToCompletion({"/bin/sh", "-c", "promtool check metrics < " + file});
  EXPECT_EQ(code, 0) << out;
}

TEST_F(GatewayE2eTest, AbusiveRequestsAreRefusedQuicklyAndClearly) {
  ASSERT_TRUE(shop_.ok());
  std::string deep = "{ parfums { edges { node { id } } } }";
  // 30 levels of a nested selection on __type's ofType chain.
  std::string nested = "{ __type(name: \"Parfum\") { ";
  for (int i = 0; i < 30; ++i) nested += "ofType { ";
  nested += "name";
  for (int i = 0; i < 30; ++i) nested += " }";
  nested += " } }";
  auto start = std::chrono::steady_clock::now();
  Reply r = gw_.Post(nested);
  EXPECT_EQ(r.status, 400) << r.raw;
  EXPECT_THAT(r.raw, HasSubstr("depth"));

  std::string aliases = "{ ";
  for (int i = 0; i < 200; ++i) aliases += "a" + std::to_string(i) + ": parfums(first: 100) { totalCount } ";
  aliases += "}";
  Reply bomb = gw_.Post(aliases);
  EXPECT_EQ(bomb.status, 400) << bomb.raw;
  EXPECT_THAT(bomb.raw, HasSubstr("alias"));

  // 10 MB announced: refused from the headers, before the body is read.
  const std::string head = RawExchange(shop_.gateway_port(),
                                       "POST /graphql HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                                       "Content-Length: 10485760\r\n\r\n" + std::string(64 * 1024, ' '));
  EXPECT_THAT(head, ::testing::StartsWith("HTTP/1.1 413"));
  EXPECT_LT(std::chrono::steady_clock::now() - start, 5s);

  // The shop still answers.
  Reply fine = gw_.Post(deep);
  EXPECT_EQ(fine.status, 200) << fine.raw;
}


// A shop whose tokens live two seconds and which hides its schema. (Token
// times are whole seconds: a one-second token issued late in a second could
// expire before its first use.)
TEST(GatewayConfigE2eTest, ExpiredTokensAndIntrospectionOff) {
  TempDir dir;
  Shop shop(dir.path(), {"--token-ttl-s=2", "--graphql-introspection=false", "--delivery-simulator=false"});
  ASSERT_TRUE(shop.ok());
  Gateway gw(shop.gateway_port());
  const std::string token = gw.SignUp("expire@example.fr");
  EXPECT_EQ(gw.Post("{ mesCommandes { totalCount } }", {}, token).status, 200);
  Reply expired;
  for (auto deadline = std::chrono::steady_clock::now() + 10s; std::chrono::steady_clock::now() < deadline;) {
    expired = gw.Post("{ mesCommandes { totalCount } }", {}, token);
    if (expired.status != 200) break;
    std::this_thread::sleep_for(100ms);
  }
  EXPECT_EQ(expired.status, 401) << expired.raw;
  EXPECT_THAT(expired.raw, HasSubstr("expired"));

  Reply introspection = gw.Post("{ __schema { types { name } } }");
  EXPECT_EQ(introspection.status, 400) << introspection.raw;
  EXPECT_THAT(introspection.raw, HasSubstr("ntrospection"));
  EXPECT_EQ(gw.Post("{ parfums(first: 1) { totalCount } }").status, 200);
}


// The services speak mutual TLS; a gateway in its own process, as their
// client, presents its certificate and answers; a plaintext gRPC client is
// refused.
TEST(GatewayConfigE2eTest, MutualTlsBetweenTheGatewayAndTheServices) {
  TempDir dir;
  Pki pki(dir.path());
  ASSERT_TRUE(pki.MakeCa("ca") && pki.MakeCert("ca", "service") && pki.MakeCert("ca", "gateway"));
  auto tls = [&](const std::string& name) {
    return std::vector<std::string>{"--grpc-tls-cert=" + pki.Path(name, "crt"),
                                    "--grpc-tls-key=" + pki.Path(name, "key"),
                                    "--grpc-tls-ca=" + pki.Path("ca", "crt"), "--grpc-tls-client-auth=true"};
  };
  std::vector<std::string> services{"serve", "--target=catalog,payment,delivery", "--demo-data=true"};
  for (auto& a : tls("service")) services.push_back(a);
  Shop shop(dir.path() + "/services", services);
  ASSERT_TRUE(shop.ok());
  std::vector<std::string> gateway{"serve", "--target=gateway", "--catalog-addr=" + shop.CatalogAddress(),
                                   "--payment-addr=" + shop.PaymentAddress(),
                                   "--delivery-addr=" + shop.DeliveryAddress(),
                                   "--jwt-secret=" + std::string(40, 'k')};
  for (auto& a : tls("gateway")) gateway.push_back(a);
  Shop front(dir.path() + "/gateway", gateway);
  ASSERT_TRUE(front.ok());
  Gateway gw(front.gateway_port());
  Reply r = gw.Post("{ parfums(first: 2) { totalCount edges { node { nom } } } }");
  ASSERT_EQ(r.Code(), "") << r.raw;
  EXPECT_GT(r.Data("parfums").at("totalCount").as_int64(), 0);

  v1::ListParfumsRequest req;
  v1::ListParfumsResponse resp;
  grpc::ClientContext ctx;
  ctx.set_deadline(std::chrono::system_clock::now() + 5s);
  EXPECT_FALSE(shop.catalog().ListParfums(&ctx, req, &resp).ok()) << "plaintext client served";
}

}  // namespace
}  // namespace parfumerie::testing
