#include "trace_scenario.h"

#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <sstream>
#include <thread>

#include "support/process.h"

namespace parfumerie::trace::testing {
namespace {

namespace json = boost::json;
using parfumerie::testing::HttpRequest;

json::value Graphql(int port, const std::string& query, json::object variables, const std::string& token = "",
                    const std::string& traceparent = "") {
  std::map<std::string, std::string> headers{{"Content-Type", "application/json"}};
  if (!token.empty()) headers["Authorization"] = "Bearer " + token;
  if (!traceparent.empty()) headers["traceparent"] = traceparent;
  auto r = HttpRequest(port, "POST", "/graphql",
                       json::serialize(json::object{{"query", query}, {"variables", std::move(variables)}}), headers);
  if (!r) return nullptr;
  json::error_code ec;
  json::value v = json::parse(r->body, ec);
  return ec ? json::value(nullptr) : v;
}

bool Failed(const json::value& v) { return !v.is_object() || v.as_object().contains("errors"); }

}  // namespace

PlacedOrder PlaceTracedOrder(int gw, const std::string& traceparent, std::chrono::milliseconds timeout) {
  PlacedOrder placed;
  // One customer per trace, so that one shop can serve several scenarios.
  const std::string email = "trace-" + traceparent.substr(3, 12) + "@example.fr";
  json::value session = Graphql(
      gw, "mutation { inscription(input: {email: \"" + email + R"(", motDePasse: "motdepasse-sur", nom: "Trace"}) { token } })",
      {});
  if (Failed(session)) {
    ADD_FAILURE() << "sign-up: " << session;
    return placed;
  }
  const std::string token(session.at("data").at("inscription").at("token").as_string());
  json::value perfumes = Graphql(gw, "{ parfums(first: 1, filtre: {enStock: true}, tri: STOCK, ordre: DESC) { edges { node { id } } } }", {});
  json::value card = Graphql(
      gw, R"(mutation { tokeniserCarte(input: {numero: "4242424242424242", moisExpiration: 12, anneeExpiration: 2030, cvc: "123"}) { token } })",
      {}, token);
  if (Failed(perfumes) || Failed(card) || perfumes.at("data").at("parfums").at("edges").as_array().empty()) {
    ADD_FAILURE() << "perfumes: " << perfumes << "\ncard: " << card;
    return placed;
  }
  json::object in{
      {"cleIdempotence", "trace-1"},
      {"tokenPaiement", card.at("data").at("tokeniserCarte").at("token")},
      {"lignes", json::array{json::object{
                     {"parfumId", perfumes.at("data").at("parfums").at("edges").at(0).at("node").at("id")},
                     {"quantite", 1}}}},
      {"adresseLivraison", json::object{{"nomComplet", "Trace"}, {"ligne1", "1 rue X"}, {"codePostal", "33000"},
                                        {"ville", "Bordeaux"}, {"pays", "FR"}}}};
  json::value order = Graphql(gw, "mutation($in: PasserCommandeInput!) { passerCommande(input: $in) { id statut } }",
                              json::object{{"in", in}}, token, traceparent);
  if (Failed(order)) {
    ADD_FAILURE() << "order: " << order;
    return placed;
  }
  placed.id = std::string(order.at("data").at("passerCommande").at("id").as_string());
  for (auto deadline = std::chrono::steady_clock::now() + timeout; std::chrono::steady_clock::now() < deadline;) {
    json::value r = Graphql(gw, "query($id: ID!) { commande(id: $id) { statut } }", json::object{{"id", placed.id}}, token);
    if (!Failed(r)) placed.statut = std::string(r.at("data").at("commande").at("statut").as_string());
    if (placed.statut == "LIVREE" || placed.statut == "ANNULEE") break;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  return placed;
}

std::set<std::string> LoggersWithTrace(const std::string& output, const std::string& trace_id) {
  std::set<std::string> loggers;
  std::istringstream in(output);
  for (std::string line; std::getline(in, line);) {
    json::error_code ec;
    json::value v = json::parse(line, ec);
    if (ec || !v.is_object()) continue;
    const json::object& o = v.as_object();
    if (o.contains("trace_id") && o.at("trace_id").is_string() && o.at("trace_id").as_string() == trace_id && o.contains("logger")) {
      loggers.insert(std::string(o.at("logger").as_string()));
    }
  }
  return loggers;
}

std::vector<ReceivedSpan> SpansOf(const std::vector<ReceivedSpan>& spans, const std::string& trace_id) {
  std::vector<ReceivedSpan> out;
  for (const ReceivedSpan& s : spans) {
    if (s.trace_id == trace_id) out.push_back(s);
  }
  return out;
}

std::string DescribeTrace(const std::vector<ReceivedSpan>& spans) {
  std::string out;
  for (const ReceivedSpan& s : spans) {
    out += "  kind=" + std::to_string(s.kind) + " " + s.name + " span=" + s.span_id + " parent=" + s.parent_span_id +
           " service=" + s.service_name + (s.status_code == 2 ? " ERROR" : "") + "\n";
  }
  return out;
}

std::vector<std::string> MissingFromTrace(const std::vector<ReceivedSpan>& spans, const std::string& store_span_prefix) {
  std::vector<std::string> missing;
  std::map<std::string, const ReceivedSpan*> by_id;
  for (const ReceivedSpan& s : spans) by_id[s.span_id] = &s;
  auto find = [&](int kind, const std::string& prefix) -> const ReceivedSpan* {
    for (const ReceivedSpan& s : spans) {
      if (s.kind == kind && s.name.starts_with(prefix)) return &s;
    }
    return nullptr;
  };
  auto need = [&](int kind, const std::string& prefix) {
    const ReceivedSpan* s = find(kind, prefix);
    if (s == nullptr) missing.push_back("a span of kind " + std::to_string(kind) + " named " + prefix + "...");
    return s;
  };
  const ReceivedSpan* http = need(2, "POST /graphql");
  if (http != nullptr && http->parent_span_id != kCallerSpanId) missing.push_back("the HTTP span as the caller's child");
  const ReceivedSpan* operation = need(1, "graphql.operation mutation passerCommande");
  if (http != nullptr && operation != nullptr && operation->parent_span_id != http->span_id) {
    missing.push_back("the GraphQL operation as the HTTP span's child");
  }
  const ReceivedSpan* client = need(3, "parfumerie.v1.OrderService/PlaceOrder");
  const ReceivedSpan* server = need(2, "parfumerie.v1.OrderService/PlaceOrder");
  if (client != nullptr && operation != nullptr && client->parent_span_id != operation->span_id) {
    missing.push_back("the gRPC client span as the operation's child");
  }
  if (client != nullptr && server != nullptr && server->parent_span_id != client->span_id) {
    missing.push_back("the gRPC server span as the client span's child");
  }
  need(1, store_span_prefix);
  need(4, "publish commandes");
  need(5, "process commandes");
  need(4, "publish paiements");
  need(5, "process paiements");
  for (const ReceivedSpan& s : spans) {
    if (s.parent_span_id.empty()) {
      missing.push_back("a parent for root span " + s.name + " (the trace starts at the caller)");
    } else if (s.parent_span_id != kCallerSpanId && !by_id.contains(s.parent_span_id)) {
      missing.push_back("parent " + s.parent_span_id + " of " + s.name);
    }
  }
  return missing;
}

}  // namespace parfumerie::trace::testing
