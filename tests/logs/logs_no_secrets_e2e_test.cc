// A saga through the GraphQL gateway with JSON logs at trace level, a real
// card number, CVC, password, JWT and JWT secret: no log line holds any of
// them, and each business event is logged exactly once per order with a
// trace id: the placing request's for what it caused, a delivery step's own
// for the steps the simulator takes.
#include <chrono>
#include <regex>
#include <sstream>
#include <string>
#include <thread>

#include <boost/json.hpp>
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "support/process.h"
#include "support/shop.h"

namespace parfumerie::testing {
namespace {

using boost::json::object;
using namespace std::chrono_literals;

constexpr char kSecret[] = "s3cr3t-jwt-signing-key-for-the-log-test-0123456789";
constexpr char kPassword[] = "Mot-de-passe-tres-secret-42";
constexpr char kCvc[] = "739";
constexpr char kGoodCard[] = "4242424242424242";
constexpr char kDeclinedCard[] = "4000000000000002";

boost::json::value Post(int port, const std::string& query, object variables, const std::string& jwt = "") {
  std::map<std::string, std::string> headers{{"Content-Type", "application/json"},
                                             {"Accept", "application/graphql-response+json"}};
  if (!jwt.empty()) headers["Authorization"] = "Bearer " + jwt;
  auto r = HttpRequest(port, "POST", "/graphql",
                       boost::json::serialize(object{{"query", query}, {"variables", std::move(variables)}}), headers);
  if (!r) {
    ADD_FAILURE() << "no HTTP response";
    return {};
  }
  boost::system::error_code ec;
  boost::json::value v = boost::json::parse(r->body, ec);
  EXPECT_FALSE(ec) << r->body;
  EXPECT_FALSE(v.is_object() && v.as_object().contains("errors")) << r->body;
  return v;
}

std::string CardToken(int port, const std::string& jwt, const std::string& number) {
  boost::json::value r = Post(port, R"(mutation($n: String!, $c: String!) {
      tokeniserCarte(input: {numero: $n, moisExpiration: 12, anneeExpiration: 2040, cvc: $c}) { token }
    })",
                              object{{"n", number}, {"c", kCvc}}, jwt);
  return std::string(r.at("data").at("tokeniserCarte").at("token").as_string());
}

std::string PlaceOrder(int port, const std::string& jwt, const std::string& key, const std::string& card,
                       const std::string& parfum) {
  boost::json::value r = Post(port, R"(mutation($in: PasserCommandeInput!) { passerCommande(input: $in) { id } })",
                              object{{"in", object{{"cleIdempotence", key},
                                                   {"lignes", boost::json::array{object{{"parfumId", parfum},
                                                                                        {"quantite", 1}}}},
                                                   {"tokenPaiement", card},
                                                   {"adresseLivraison", object{{"nomComplet", "Camille Martin"},
                                                                               {"ligne1", "12 rue des Lilas"},
                                                                               {"codePostal", "75011"},
                                                                               {"ville", "Paris"},
                                                                               {"pays", "FR"}}}}}},
                              jwt);
  return std::string(r.at("data").at("passerCommande").at("id").as_string());
}

std::vector<std::string> Lines(const std::string& text) {
  std::vector<std::string> out;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) out.push_back(line);
  return out;
}

// The log lines whose message starts with `event` and names `order`.
std::vector<boost::json::object> Events(const std::vector<std::string>& lines, const std::string& event,
                                        const std::string& order) {
  std::vector<boost::json::object> out;
  for (const std::string& line : lines) {
    boost::system::error_code ec;
    boost::json::value v = boost::json::parse(line, ec);
    if (ec || !v.is_object() || !v.as_object().contains("msg")) continue;
    const std::string msg(v.at("msg").as_string());
    if (msg.starts_with(event + ":") && msg.find("commande_id=" + order + " ") != std::string::npos) {
      out.push_back(v.as_object());
    }
    if (msg.starts_with(event + ":") && msg.ends_with("commande_id=" + order)) out.push_back(v.as_object());
  }
  return out;
}

std::string TraceId(const boost::json::object& line) {
  return line.contains("trace_id") ? std::string(line.at("trace_id").as_string()) : "";
}

TEST(LogsNoSecretsTest, BusinessEventsOnceEachAndNoSecretInAnyLine) {
  TempDir dir;
  Shop shop(dir.path(), {"--delivery-simulator=true", "--delivery-simulator-interval-ms=50", "--log-level=trace",
                         std::string("--jwt-secret=") + kSecret});
  ASSERT_TRUE(shop.ok());
  const int port = shop.gateway_port();
  const v1::Parfum parfum = shop.CreateParfum("Vétiver du Journal", 5);

  boost::json::value signup = Post(port, R"(mutation($e: String!, $p: String!) {
      inscription(input: {email: $e, motDePasse: $p, nom: "Camille"}) { token }
    })",
                                   object{{"e", "camille.logs@example.test"}, {"p", kPassword}});
  const std::string jwt(signup.at("data").at("inscription").at("token").as_string());
  boost::json::value login = Post(port, R"(mutation($e: String!, $p: String!) {
      connexion(input: {email: $e, motDePasse: $p}) { token }
    })",
                                  object{{"e", "camille.logs@example.test"}, {"p", kPassword}});
  const std::string jwt2(login.at("data").at("connexion").at("token").as_string());

  const std::string good_card = CardToken(port, jwt, kGoodCard);
  const std::string bad_card = CardToken(port, jwt2, kDeclinedCard);
  const std::string good = PlaceOrder(port, jwt, "logs-good", good_card, parfum.id());
  const std::string bad = PlaceOrder(port, jwt2, "logs-bad", bad_card, parfum.id());
  EXPECT_EQ(shop.WaitOrder(good, [](const v1::Commande& c) { return c.statut() == v1::STATUT_COMMANDE_LIVREE; })
                .statut(),
            v1::STATUT_COMMANDE_LIVREE);
  EXPECT_EQ(shop.WaitOrder(bad, [](const v1::Commande& c) { return c.statut() == v1::STATUT_COMMANDE_ANNULEE; })
                .statut(),
            v1::STATUT_COMMANDE_ANNULEE);
  // A redelivery must not log again: the stop replays nothing, and what was
  // logged so far is all there is once the process has exited.
  EXPECT_EQ(shop.Stop(), 0);
  const std::string output = shop.process().Output();
  const std::vector<std::string> lines = Lines(output);
  ASSERT_GT(lines.size(), 50u);

  // No secret, in any spelling a log line could carry it.
  // Payment-method tokens charge the card: secrets too.
  std::vector<std::string> forbidden{kSecret, kPassword, jwt, jwt2, good_card, bad_card};
  for (const std::string card : {std::string(kGoodCard), std::string(kDeclinedCard)}) {
    forbidden.push_back(card);
    std::string spaced, dashed;
    for (size_t i = 0; i < card.size(); i += 4) {
      spaced += (i ? " " : "") + card.substr(i, 4);
      dashed += (i ? "-" : "") + card.substr(i, 4);
    }
    forbidden.push_back(spaced);
    forbidden.push_back(dashed);
  }
  // A JWT's signature alone would do harm too.
  forbidden.push_back(jwt.substr(jwt.rfind('.') + 1));
  const std::regex cvc_in_card_context(std::string("(cvc|cvv|card|carte)[^\\n]*") + kCvc, std::regex::icase);
  for (const std::string& line : lines) {
    for (const std::string& secret : forbidden) {
      EXPECT_EQ(line.find(secret), std::string::npos) << "secret '" << secret << "' logged in: " << line;
    }
    EXPECT_FALSE(std::regex_search(line, cvc_in_card_context)) << "CVC logged in: " << line;
  }

  // Each business event once per order, with a trace id; the placement's
  // trace is the one the saga's later events of that order carry.
  auto once = [&](const std::string& event, const std::string& order) {
    std::vector<boost::json::object> found = Events(lines, event, order);
    EXPECT_EQ(found.size(), 1u) << event << " " << order << " logged " << found.size() << " times in:\n" << output;
    return found.empty() ? boost::json::object{} : found[0];
  };
  const std::string good_trace = TraceId(once("order placed", good));
  EXPECT_THAT(good_trace, ::testing::MatchesRegex("[0-9a-f]{32}"));
  for (const char* event : {"payment succeeded", "order paid"}) {
    EXPECT_EQ(TraceId(once(event, good)), good_trace) << event;
  }
  // The simulator's delivery steps are work of their own, each with its trace.
  for (const char* event : {"order shipped", "order delivered"}) {
    EXPECT_THAT(TraceId(once(event, good)), ::testing::MatchesRegex("[0-9a-f]{32}")) << event;
  }
  const std::string bad_trace = TraceId(once("order placed", bad));
  EXPECT_THAT(bad_trace, ::testing::MatchesRegex("[0-9a-f]{32}"));
  EXPECT_NE(bad_trace, good_trace);
  const boost::json::object declined = once("payment declined", bad);
  EXPECT_EQ(TraceId(declined), bad_trace);
  const std::string declined_msg = declined.contains("msg") ? std::string(declined.at("msg").as_string()) : "";
  EXPECT_THAT(declined_msg, ::testing::HasSubstr("last4=0002"));
  const boost::json::object cancelled = once("order cancelled", bad);
  EXPECT_EQ(TraceId(cancelled), bad_trace);
  EXPECT_THAT(cancelled.contains("msg") ? std::string(cancelled.at("msg").as_string()) : "",
              ::testing::HasSubstr("reason=payment_declined"));
  EXPECT_TRUE(Events(lines, "order paid", bad).empty());
}

}  // namespace
}  // namespace parfumerie::testing
