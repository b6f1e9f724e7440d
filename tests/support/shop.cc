#include "support/shop.h"

#include <signal.h>

#include <cstdlib>
#include <regex>
#include <thread>

#include "gtest/gtest.h"

namespace parfumerie::testing {
namespace {

using namespace std::chrono_literals;

std::optional<int> PortOf(ChildProcess& p, const std::string& logger) {
  auto port = p.WaitForLine(
      std::regex("\"logger\":\"" + logger + "\",\"msg\":\"gRPC listening on [^\"]*:(\\d+)"), 60s);
  if (!port) return std::nullopt;
  return std::stoi(*port);
}

std::shared_ptr<grpc::Channel> Channel(int port) {
  return grpc::CreateChannel("127.0.0.1:" + std::to_string(port),
                             grpc::InsecureChannelCredentials());
}

void Deadline(grpc::ClientContext& ctx) {
  ctx.set_deadline(std::chrono::system_clock::now() + 20s);
}

}  // namespace

std::string Binary() {
  const char* path = std::getenv("PARFUMERIE_BINARY");
  return path != nullptr ? path : "parfumerie";
}

v1::Adresse TestAddress() {
  v1::Adresse a;
  a.set_nom_complet("Camille Martin");
  a.set_ligne1("12 rue des Lilas");
  a.set_code_postal("75011");
  a.set_ville("Paris");
  a.set_pays("FR");
  return a;
}

Shop::Shop(std::string data_dir, std::vector<std::string> args) {
  std::vector<std::string> argv{Binary()};
  argv.insert(argv.end(), args.begin(), args.end());
  for (std::string a :
       {"--data-dir=" + data_dir, std::string("--listen-host=127.0.0.1"),
        std::string("--catalog-grpc-port=0"), std::string("--catalog-http-port=0"),
        std::string("--payment-grpc-port=0"), std::string("--delivery-grpc-port=0"),
        std::string("--gateway-port=0"), std::string("--web-port=0"), std::string("--log-format=json"), std::string("--shutdown-grace-ms=5000")}) {
    argv.push_back(a);
  }
  process_ = std::make_unique<ChildProcess>(argv);
  const bool serve = !args.empty() && args[0] == "serve";
  const std::string targets = serve ? args[1] : "--target=catalog,payment,delivery,gateway";
  const bool has_catalog = targets.find("catalog") != std::string::npos;
  auto catalog = has_catalog ? PortOf(*process_, "catalog") : std::optional<int>(0);
  auto http = has_catalog ? process_->WaitForLine(std::regex(R"(REST listening on [^"]*:(\d+))"), 60s)
                          : std::optional<std::string>("0");
  auto payment = targets.find("payment") != std::string::npos ? PortOf(*process_, "payment")
                                                              : std::optional<int>(0);
  auto delivery = targets.find("delivery") != std::string::npos ? PortOf(*process_, "delivery")
                                                                : std::optional<int>(0);
  auto gateway = targets.find("gateway") != std::string::npos
                     ? process_->WaitForLine(std::regex(R"(GraphQL listening on http://[^"]*:(\d+)/graphql)"), 60s)
                     : std::optional<std::string>("0");
  auto ready = process_->WaitForLine(std::regex(R"("msg":"ready)"), 60s);
  if (!catalog || !http || !payment || !delivery || !gateway || !ready) {
    ADD_FAILURE() << "shop did not start:\n" << process_->Output();
    return;
  }
  ready_ = true;
  catalog_port_ = *catalog;
  http_port_ = std::stoi(*http);
  payment_port_ = *payment;
  delivery_port_ = *delivery;
  gateway_port_ = std::stoi(*gateway);
  if (catalog_port_ != 0) {
    catalog_ = v1::CatalogService::NewStub(Channel(catalog_port_));
    orders_ = v1::OrderService::NewStub(Channel(catalog_port_));
  }
  if (payment_port_ != 0) payments_ = v1::PaymentService::NewStub(Channel(payment_port_));
  if (delivery_port_ != 0) deliveries_ = v1::DeliveryService::NewStub(Channel(delivery_port_));
}

Shop::~Shop() = default;

std::shared_ptr<grpc::Channel> Shop::CatalogChannel() const { return Channel(catalog_port_); }

std::string Shop::CatalogAddress() const { return "127.0.0.1:" + std::to_string(catalog_port_); }
std::string Shop::PaymentAddress() const { return "127.0.0.1:" + std::to_string(payment_port_); }
std::string Shop::DeliveryAddress() const {
  return "127.0.0.1:" + std::to_string(delivery_port_);
}

std::string Shop::Tokenize(const std::string& number) {
  grpc::ClientContext ctx;
  Deadline(ctx);
  v1::TokenizeCardRequest req;
  req.set_numero(number);
  req.set_mois_expiration(12);
  req.set_annee_expiration(2040);
  req.set_cvc("123");
  req.set_titulaire("Camille Martin");
  v1::TokenizeCardResponse resp;
  grpc::Status s = payments_->TokenizeCard(&ctx, req, &resp);
  EXPECT_TRUE(s.ok()) << s.error_message();
  return resp.token();
}

v1::Parfum Shop::CreateParfum(const std::string& nom, int32_t stock) {
  grpc::ClientContext ctx;
  Deadline(ctx);
  v1::CreateParfumRequest req;
  req.set_nom(nom);
  req.set_marque("Maison d'Essai");
  req.set_famille(v1::FAMILLE_FLORAL);
  req.set_genre(v1::GENRE_MIXTE);
  req.set_contenance_ml(50);
  req.set_prix_cents(5000);
  req.set_stock(stock);
  v1::Parfum p;
  grpc::Status s = catalog_->CreateParfum(&ctx, req, &p);
  EXPECT_TRUE(s.ok()) << s.error_message();
  return p;
}

v1::Parfum Shop::GetParfum(const std::string& id) {
  grpc::ClientContext ctx;
  Deadline(ctx);
  v1::GetParfumRequest req;
  req.set_id(id);
  v1::Parfum p;
  grpc::Status s = catalog_->GetParfum(&ctx, req, &p);
  EXPECT_TRUE(s.ok()) << s.error_message();
  return p;
}

grpc::Status Shop::Place(const std::string& key, const std::string& token,
                         const std::vector<std::pair<std::string, int>>& lines,
                         v1::Commande* out) {
  grpc::ClientContext ctx;
  Deadline(ctx);
  v1::PlaceOrderRequest req;
  req.set_idempotency_key(key);
  req.set_client_id("cli_test");
  req.set_payment_method_token(token);
  *req.mutable_adresse_livraison() = TestAddress();
  for (const auto& [id, q] : lines) {
    auto* l = req.add_lignes();
    l->set_parfum_id(id);
    l->set_quantite(q);
  }
  return orders_->PlaceOrder(&ctx, req, out);
}

v1::Commande Shop::GetOrder(const std::string& id) {
  grpc::ClientContext ctx;
  Deadline(ctx);
  v1::GetOrderRequest req;
  req.set_id(id);
  v1::Commande c;
  grpc::Status s = orders_->GetOrder(&ctx, req, &c);
  EXPECT_TRUE(s.ok()) << s.error_message();
  return c;
}

v1::Commande Shop::WaitOrder(const std::string& id,
                             const std::function<bool(const v1::Commande&)>& done,
                             std::chrono::milliseconds timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  for (;;) {
    v1::Commande c = GetOrder(id);
    if (done(c) || std::chrono::steady_clock::now() >= deadline) return c;
    // The order changes in another process: polling its state is the only way to see it.
    std::this_thread::sleep_for(20ms);
  }
}

std::pair<int, std::string> Shop::Check(std::chrono::milliseconds settle) {
  return RunToCompletion({Binary(), "check", "--catalog=" + CatalogAddress(),
                                   "--payment=" + PaymentAddress(),
                                   "--delivery=" + DeliveryAddress(),
                                   "--settle-ms=" + std::to_string(settle.count())},
                                  {}, settle + 60s);
}

int Shop::Stop() {
  process_->Signal(SIGTERM);
  return process_->WaitForExit(60s).value_or(-1);
}

void Shop::Kill() {
  process_->Signal(SIGKILL);
  process_->WaitForExit(30s);
}

}  // namespace parfumerie::testing
