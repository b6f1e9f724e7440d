// The distributed mode end to end: gateway, two catalogues, two payments
// and a delivery service, each its own `parfumerie serve` process, over
// Kafka and FerretDB. Customers order through the gateway while a payment
// replica is killed with SIGKILL and restarted; afterwards every order is
// settled and `parfumerie check` finds the saga's invariants intact.
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdlib>
#include <fstream>
#include <string>
#include <thread>

#include <boost/json.hpp>
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "support/process.h"
#include "support/shop.h"

namespace parfumerie::testing {
namespace {

using namespace std::chrono_literals;
using boost::json::object;
using boost::json::value;

std::string ReadFirstLine(const char* env) {
  const char* path = std::getenv(env);
  if (path == nullptr) return "";
  std::ifstream in(path);
  std::string line;
  std::getline(in, line);
  return line;
}

// POST /graphql; the parsed body (null when the request failed).
value Graphql(int port, const std::string& query, object variables = {}, const std::string& token = "") {
  std::map<std::string, std::string> headers{{"Content-Type", "application/json"}};
  if (!token.empty()) headers["Authorization"] = "Bearer " + token;
  auto r = HttpRequest(port, "POST", "/graphql",
                       boost::json::serialize(object{{"query", query}, {"variables", std::move(variables)}}), headers);
  if (!r) return nullptr;
  boost::system::error_code ec;
  value v = boost::json::parse(r->body, ec);
  return ec ? value(nullptr) : v;
}

bool HasErrors(const value& v) { return !v.is_object() || v.as_object().contains("errors"); }

class DistributedE2eTest : public ::testing::Test {
 protected:
  void SetUp() override {
    bootstrap_ = ReadFirstLine("PARFUMERIE_KAFKA_BOOTSTRAP_FILE");
    std::string uri = ReadFirstLine("PARFUMERIE_MONGO_URI_FILE");
    ASSERT_FALSE(bootstrap_.empty()) << "no Kafka broker: the kafka fixture did not start";
    ASSERT_FALSE(uri.empty()) << "no FerretDB: the mongo fixture did not start";
    // One database prefix per run: mongodb://host:port/dist<pid>_<service>.
    while (!uri.empty() && uri.back() == '/') uri.pop_back();
    store_ = uri + "/dist" + std::to_string(::getpid());
  }

  std::vector<std::string> Common(const std::string& targets) const {
    return {"serve", "--target=" + targets, "--store=" + store_, "--bus=kafka://" + bootstrap_,
            "--payment-latency-ms=20", "--consumer-initial-backoff-ms=50"};
  }

  std::unique_ptr<Shop> Start(const std::string& name, const std::string& targets,
                              std::vector<std::string> extra = {}) {
    auto args = Common(targets);
    args.insert(args.end(), extra.begin(), extra.end());
    auto shop = std::make_unique<Shop>(dir_.path() + "/" + name, args);
    EXPECT_TRUE(shop->ok()) << name << " did not start";
    return shop;
  }

  TempDir dir_;
  std::string bootstrap_;
  std::string store_;
};

TEST_F(DistributedE2eTest, SagaSurvivesAKilledPaymentReplicaAcrossProcesses) {
  auto catalog_a = Start("catalog-a", "catalog", {"--demo-data=true"});
  auto catalog_b = Start("catalog-b", "catalog", {"--demo-data=false"});
  // The two payment replicas share the simulated provider's ledger (it
  // stands for one external provider).
  auto payment_a = Start("payment", "payment");
  auto payment_b = Start("payment", "payment");
  auto delivery = Start("delivery", "delivery", {"--delivery-simulator=true", "--delivery-simulator-interval-ms=200"});
  ASSERT_TRUE(catalog_a->ok() && catalog_b->ok() && payment_a->ok() && payment_b->ok() && delivery->ok());
  const std::string secret(48, 's');
  auto gateway = Start("gateway", "gateway",
                       {"--catalog-addr=" + catalog_a->CatalogAddress() + "," + catalog_b->CatalogAddress(),
                        "--payment-addr=" + payment_a->PaymentAddress() + "," + payment_b->PaymentAddress(),
                        "--delivery-addr=" + delivery->DeliveryAddress(), "--jwt-secret=" + secret,
                        "--admin-email=ops@parfumerie.test", "--admin-password=operateur-secret"});
  ASSERT_TRUE(gateway->ok());
  const int gw = gateway->gateway_port();

  value perfumes = Graphql(gw, "{ parfums(first: 5, filtre: {enStock: true}, tri: STOCK, ordre: DESC) { edges { node { id } } } }");
  ASSERT_FALSE(HasErrors(perfumes)) << perfumes;
  std::vector<std::string> ids;
  for (const auto& e : perfumes.at("data").at("parfums").at("edges").as_array()) {
    ids.emplace_back(e.at("node").at("id").as_string());
  }
  ASSERT_EQ(ids.size(), 5u);

  constexpr int kCustomers = 3;
  constexpr int kOrdersEach = 8;
  std::vector<std::string> order_ids[kCustomers];
  std::vector<std::string> tokens(kCustomers);
  std::atomic<int> placed{0};
  std::vector<std::thread> customers;
  for (int c = 0; c < kCustomers; ++c) {
    customers.emplace_back([&, c] {
      value session = Graphql(gw, R"(mutation($e: String!) { inscription(input: {email: $e, motDePasse: "motdepasse-sur", nom: "Client"}) { token } })",
                              object{{"e", "client" + std::to_string(c) + "@example.fr"}});
      ASSERT_FALSE(HasErrors(session)) << session;
      tokens[c] = std::string(session.at("data").at("inscription").at("token").as_string());
      for (int i = 0; i < kOrdersEach; ++i) {
        // Every fourth order of a customer has a declined card.
        const char* number = i % 4 == 3 ? kCardDeclined : kCardOk;
        value card = Graphql(gw, R"(mutation($n: String!) { tokeniserCarte(input: {numero: $n, moisExpiration: 12, anneeExpiration: 2030, cvc: "123"}) { token } })",
                             object{{"n", number}}, tokens[c]);
        ASSERT_FALSE(HasErrors(card)) << card;
        object in{{"cleIdempotence", "k" + std::to_string(i)},
                  {"tokenPaiement", card.at("data").at("tokeniserCarte").at("token")},
                  {"lignes", boost::json::array{object{{"parfumId", ids[(c + i) % ids.size()]}, {"quantite", 1}},
                                                object{{"parfumId", ids[(c + i + 1) % ids.size()]}, {"quantite", 1}}}},
                  {"adresseLivraison", object{{"nomComplet", "Client"}, {"ligne1", "1 rue X"}, {"codePostal", "33000"},
                                              {"ville", "Bordeaux"}, {"pays", "FR"}}}};
        value order = Graphql(gw, "mutation($in: PasserCommandeInput!) { passerCommande(input: $in) { id } }",
                              object{{"in", in}}, tokens[c]);
        ASSERT_FALSE(HasErrors(order)) << order;
        order_ids[c].emplace_back(order.at("data").at("passerCommande").at("id").as_string());
        ++placed;
      }
    });
  }
  // A third of the way in, one payment replica dies without warning; the
  // other takes its partitions, and it comes back.
  for (auto deadline = std::chrono::steady_clock::now() + 60s;
       placed < kCustomers * kOrdersEach / 3 && std::chrono::steady_clock::now() < deadline;) {
    std::this_thread::sleep_for(20ms);
  }
  payment_a->Kill();
  payment_a.reset();
  std::this_thread::sleep_for(500ms);
  payment_a = Start("payment", "payment");
  for (auto& t : customers) t.join();
  ASSERT_EQ(placed, kCustomers * kOrdersEach);

  // Every order settles: paid and on its way, or cancelled (declined card).
  for (int c = 0; c < kCustomers; ++c) {
    for (const auto& id : order_ids[c]) {
      std::string statut;
      for (auto deadline = std::chrono::steady_clock::now() + 120s; std::chrono::steady_clock::now() < deadline;) {
        value r = Graphql(gw, "query($id: ID!) { commande(id: $id) { statut } }", object{{"id", id}}, tokens[c]);
        if (!HasErrors(r)) statut = std::string(r.at("data").at("commande").at("statut").as_string());
        if (statut == "LIVREE" || statut == "ANNULEE") break;
        std::this_thread::sleep_for(100ms);
      }
      EXPECT_THAT(statut, ::testing::AnyOf("LIVREE", "ANNULEE")) << id;
    }
  }

  auto [code, out] = RunToCompletion({Binary(), "check", "--catalog=" + catalog_b->CatalogAddress(),
                                      "--payment=" + payment_b->PaymentAddress(),
                                      "--delivery=" + delivery->DeliveryAddress(), "--settle-ms=30000"},
                                     {}, 90s);
  EXPECT_EQ(code, 0) << out;
}

}  // namespace
}  // namespace parfumerie::testing
