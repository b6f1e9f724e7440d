// The saga in one process, wired exactly as `parfumerie` wires it (the app's
// modules on one embedded event log), with the bus in reach of the test so it
// can inject what a real broker may deliver: duplicates, events out of order,
// and poison messages.
#include <grpcpp/grpcpp.h>

#include <chrono>
#include <map>
#include <set>
#include <thread>

#include "app/module.h"
#include "app/modules.h"
#include "app/runtime.h"
#include "app/settings.h"
#include "bus/embedded/embedded_bus.h"
#include "bus/message.h"
#include "common/config.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "parfumerie/v1/catalog.grpc.pb.h"
#include "parfumerie/v1/delivery.grpc.pb.h"
#include "parfumerie/v1/events.pb.h"
#include "parfumerie/v1/payment.grpc.pb.h"
#include "support/shop.h"
#include "support/process.h"

namespace parfumerie::app {
namespace {

using ::testing::HasSubstr;
using namespace std::chrono_literals;

class InProcessShop {
 public:
  explicit InProcessShop(std::vector<std::string> targets, std::map<std::string, std::string> env = {}) {
    env.emplace("PARFUMERIE_DATA_DIR", dir_.path());
    env.emplace("PARFUMERIE_LISTEN_HOST", "127.0.0.1");
    for (const char* port : {"PARFUMERIE_CATALOG_GRPC_PORT", "PARFUMERIE_CATALOG_HTTP_PORT",
                             "PARFUMERIE_PAYMENT_GRPC_PORT", "PARFUMERIE_DELIVERY_GRPC_PORT"}) {
      env.emplace(port, "0");
    }
    env.emplace("PARFUMERIE_DEMO_DATA", "false");
    env.emplace("PARFUMERIE_DELIVERY_SIMULATOR", "false");
    env.emplace("PARFUMERIE_CONSUMER_INITIAL_BACKOFF_MS", "5");
    config::Registry registry;
    Declare(registry, settings_);
    EXPECT_TRUE(registry
                    .Resolve("",
                             [env](const std::string& k) -> std::optional<std::string> {
                               auto it = env.find(k);
                               if (it == env.end()) return std::nullopt;
                               return it->second;
                             })
                    .ok());
    RegisterModules(modules_);
    RegisterModules(late_);
    Start(modules_, targets);
  }

  ~InProcessShop() {
    late_.StopAll();
    modules_.StopAll();
  }

  // Starts more modules later, on the same event log and data (no dependency
  // resolution: name each module, its dependencies first).
  void StartLater(const std::vector<std::string>& modules) {
    ASSERT_TRUE(late_.StartAll(modules, rt_).ok());
  }

  Runtime& rt() { return rt_; }

  std::shared_ptr<grpc::Channel> Channel(const std::string& target) {
    return grpc::CreateChannel("127.0.0.1:" + std::to_string(rt_.grpc_ports.at(target)),
                               grpc::InsecureChannelCredentials());
  }

  // Every message of `topic` so far, read by a fresh consumer group.
  std::vector<bus::Message> ReadAll(const std::string& topic) {
    auto consumer = rt_.bus->Subscribe("reader-" + std::to_string(readers_++), {topic});
    EXPECT_TRUE(consumer.ok()) << consumer.status();
    std::vector<bus::Message> out;
    for (;;) {
      auto batch = (*consumer)->Poll(1000, 100ms);
      if (!batch.ok() || batch->empty()) break;
      out.insert(out.end(), batch->begin(), batch->end());
    }
    (*consumer)->Close();
    return out;
  }

 private:
  void Start(ModuleManager& m, const std::vector<std::string>& targets) {
    auto order = m.Resolve(targets);
    ASSERT_TRUE(order.ok()) << order.status();
    ASSERT_TRUE(m.StartAll(*order, rt_).ok());
  }

  testing::TempDir dir_;
  Settings settings_;
  Runtime rt_{settings_, true};
  ModuleManager modules_;
  ModuleManager late_;
  int readers_ = 0;
};

struct Clients {
  explicit Clients(InProcessShop& shop)
      : catalog(v1::CatalogService::NewStub(shop.Channel("catalog"))),
        orders(v1::OrderService::NewStub(shop.Channel("catalog"))) {}

  std::string Parfum(int stock) {
    grpc::ClientContext ctx;
    v1::CreateParfumRequest req;
    req.set_nom("Patchouli Témoin");
    req.set_marque("Maison d'Essai");
    req.set_famille(v1::FAMILLE_CHYPRE);
    req.set_genre(v1::GENRE_MIXTE);
    req.set_contenance_ml(30);
    req.set_prix_cents(3900);
    req.set_stock(stock);
    v1::Parfum p;
    EXPECT_TRUE(catalog->CreateParfum(&ctx, req, &p).ok());
    return p.id();
  }

  v1::Commande Place(const std::string& parfum, const std::string& token) {
    grpc::ClientContext ctx;
    v1::PlaceOrderRequest req;
    req.set_idempotency_key("k-" + parfum + token);
    req.set_client_id("cli_inproc");
    req.set_payment_method_token(token);
    *req.mutable_adresse_livraison() = testing::TestAddress();
    auto* l = req.add_lignes();
    l->set_parfum_id(parfum);
    l->set_quantite(1);
    v1::Commande c;
    grpc::Status s = orders->PlaceOrder(&ctx, req, &c);
    EXPECT_TRUE(s.ok()) << s.error_message();
    return c;
  }

  v1::Commande Get(const std::string& id) {
    grpc::ClientContext ctx;
    v1::GetOrderRequest req;
    req.set_id(id);
    v1::Commande c;
    EXPECT_TRUE(orders->GetOrder(&ctx, req, &c).ok());
    return c;
  }

  v1::Commande Wait(const std::string& id, v1::StatutCommande statut) {
    const auto deadline = std::chrono::steady_clock::now() + 20s;
    v1::Commande c = Get(id);
    while (c.statut() != statut && std::chrono::steady_clock::now() < deadline) {
      std::this_thread::sleep_for(10ms);  // the saga runs on other threads
      c = Get(id);
    }
    return c;
  }

  std::unique_ptr<v1::CatalogService::Stub> catalog;
  std::unique_ptr<v1::OrderService::Stub> orders;
};

std::string Token(InProcessShop& shop, const char* number) {
  auto stub = v1::PaymentService::NewStub(shop.Channel("payment"));
  grpc::ClientContext ctx;
  v1::TokenizeCardRequest req;
  req.set_numero(number);
  req.set_mois_expiration(12);
  req.set_annee_expiration(2040);
  req.set_cvc("123");
  v1::TokenizeCardResponse resp;
  EXPECT_TRUE(stub->TokenizeCard(&ctx, req, &resp).ok());
  return resp.token();
}

// Places one-bottle orders until one's events share a partition with `key`'s
// (same key hash, same partition in every topic): once that sentinel order has
// moved, every event published earlier for `key` has been handled.
std::string SentinelOrder(InProcessShop& shop, Clients& c, const std::string& key,
                          const std::string& token) {
  const auto partitions = static_cast<int32_t>(shop.rt().settings.bus_partitions);
  const int32_t partition = bus::PartitionForKey(key, partitions);
  for (int i = 0; i < 64; ++i) {
    const v1::Commande o = c.Place(c.Parfum(1), token);
    if (bus::PartitionForKey(o.id(), partitions) == partition) return o.id();
  }
  ADD_FAILURE() << "no order landed in partition " << partition;
  return "";
}

const bus::Message* Find(const std::vector<bus::Message>& messages, std::string_view type,
                         const std::string& order) {
  for (const auto& m : messages) {
    if (m.Type() == type && m.key == order) return &m;
  }
  return nullptr;
}

TEST(SagaInProcessTest, RedeliveredEventsChangeNothing) {
  // Without delivery, nothing changes a paid order afterwards but duplicates.
  InProcessShop shop({"catalog", "payment"});
  Clients c(shop);
  const std::string parfum = c.Parfum(5);
  const v1::Commande placed = c.Place(parfum, Token(shop, testing::kCardOk));
  const v1::Commande paid = c.Wait(placed.id(), v1::STATUT_COMMANDE_PAYEE);
  ASSERT_EQ(paid.statut(), v1::STATUT_COMMANDE_PAYEE);

  // The broker delivers OrderPlaced and PaymentSucceeded again — the same
  // events (same ids), and OrderPlaced once more under a new id, as a relay
  // that crashed between publish and mark would.
  const auto commandes = shop.ReadAll("commandes");
  const auto paiements = shop.ReadAll("paiements");
  const bus::Message* order_placed = Find(commandes, "parfumerie.v1.OrderPlaced", placed.id());
  const bus::Message* payment_ok = Find(paiements, "parfumerie.v1.PaymentSucceeded", placed.id());
  ASSERT_NE(order_placed, nullptr);
  ASSERT_NE(payment_ok, nullptr);
  bus::Message renamed = *order_placed;
  for (auto& h : renamed.headers) {
    if (h.name == bus::kCeId) h.value = "evt_republished";
  }
  std::vector<bus::Message> again = {*order_placed, renamed, *payment_ok, *payment_ok};
  ASSERT_TRUE(shop.rt().bus->Publish(again).ok());

  // A sentinel order on the duplicates' partition reaches PAYEE only after
  // the payment and catalogue consumers handled them.
  const std::string sentinel =
      SentinelOrder(shop, c, placed.id(), Token(shop, testing::kCardOk));
  ASSERT_EQ(c.Wait(sentinel, v1::STATUT_COMMANDE_PAYEE).statut(), v1::STATUT_COMMANDE_PAYEE);

  const v1::Commande after = c.Get(placed.id());
  EXPECT_EQ(after.historique_size(), paid.historique_size());
  EXPECT_EQ(after.version(), paid.version());
  auto ledger = dynamic_cast<payment::SimulatedProvider&>(*shop.rt().payment_provider).Ledger();
  ASSERT_TRUE(ledger.ok());
  int charges = 0;
  for (const auto& entry : *ledger) charges += entry.charge.idempotency_key == placed.id();
  EXPECT_EQ(charges, 1);
  // Payment answered the duplicate OrderPlaced with no new event: the only
  // PaymentSucceeded ids are the original's (which the test itself re-sent).
  std::set<std::string> succeeded_ids;
  for (const auto& m : shop.ReadAll("paiements")) {
    if (m.Type() == "parfumerie.v1.PaymentSucceeded" && m.key == placed.id()) {
      succeeded_ids.insert(std::string(m.Id()));
    }
  }
  EXPECT_EQ(succeeded_ids, std::set<std::string>{std::string(payment_ok->Id())});
}

TEST(SagaInProcessTest, DeliveryEventsOutOfOrderNeverMoveAnOrderBackwards) {
  InProcessShop shop({"catalog", "payment", "delivery"});
  Clients c(shop);
  const v1::Commande placed = c.Place(c.Parfum(2), Token(shop, testing::kCardOk));
  ASSERT_EQ(c.Wait(placed.id(), v1::STATUT_COMMANDE_PAYEE).statut(), v1::STATUT_COMMANDE_PAYEE);
  // The delivery exists (EN_PREPARATION) once its first event reached the order.
  std::string livraison;
  for (auto deadline = std::chrono::steady_clock::now() + 20s;
       livraison.empty() && std::chrono::steady_clock::now() < deadline;) {
    livraison = c.Get(placed.id()).livraison_id();
    if (livraison.empty()) std::this_thread::sleep_for(10ms);
  }
  ASSERT_FALSE(livraison.empty());

  auto event = [&](const std::string& order, const std::string& liv, v1::StatutLivraison statut,
                   const std::string& id) {
    v1::DeliveryStatusChanged e;
    e.set_livraison_id(liv);
    e.set_commande_id(order);
    e.mutable_evenement()->set_statut(statut);
    bus::Message m = bus::MakeEvent(bus::kTopicLivraisons, order, e, "/test",
                                    std::chrono::system_clock::now());
    for (auto& h : m.headers) {
      if (h.name == bus::kCeId) h.value = id;
    }
    return m;
  };
  // LIVREE arrives before EXPEDIEE.
  std::vector<bus::Message> early = {
      event(placed.id(), livraison, v1::STATUT_LIVRAISON_LIVREE, "evt_late_1")};
  ASSERT_TRUE(shop.rt().bus->Publish(early).ok());
  ASSERT_EQ(c.Wait(placed.id(), v1::STATUT_COMMANDE_LIVREE).statut(), v1::STATUT_COMMANDE_LIVREE);

  // Once the sentinel's own EXPEDIEE, published right after the late one on
  // the same partition, is applied, the late EXPEDIEE has been applied too.
  const std::string sentinel =
      SentinelOrder(shop, c, placed.id(), Token(shop, testing::kCardOk));
  ASSERT_FALSE(sentinel.empty());
  std::string sentinel_liv;
  for (auto deadline = std::chrono::steady_clock::now() + 20s;
       sentinel_liv.empty() && std::chrono::steady_clock::now() < deadline;) {
    sentinel_liv = c.Get(sentinel).livraison_id();
    if (sentinel_liv.empty()) std::this_thread::sleep_for(10ms);
  }
  ASSERT_FALSE(sentinel_liv.empty());
  std::vector<bus::Message> late = {
      event(placed.id(), livraison, v1::STATUT_LIVRAISON_EXPEDIEE, "evt_late_2"),
      event(sentinel, sentinel_liv, v1::STATUT_LIVRAISON_EXPEDIEE, "evt_sentinel")};
  ASSERT_TRUE(shop.rt().bus->Publish(late).ok());
  ASSERT_EQ(c.Wait(sentinel, v1::STATUT_COMMANDE_EXPEDIEE).statut(),
            v1::STATUT_COMMANDE_EXPEDIEE);

  const v1::Commande final_state = c.Get(placed.id());
  EXPECT_EQ(final_state.statut(), v1::STATUT_COMMANDE_LIVREE);
  EXPECT_EQ(final_state.historique(final_state.historique_size() - 1).statut(),
            v1::STATUT_COMMANDE_LIVREE);
}

TEST(SagaInProcessTest, PoisonMessageIsDeadLetteredAndTheSagaGoesOn) {
  InProcessShop shop({"catalog", "payment", "delivery"});
  Clients c(shop);
  bus::Message poison;
  poison.topic = std::string(bus::kTopicPaiements);
  poison.key = "cmd_poison";
  poison.headers = {{std::string(bus::kCeId), "evt_poison"},
                    {std::string(bus::kCeType), "parfumerie.v1.PaymentSucceeded"}};
  poison.payload = "\xff\xff\xff not a protobuf";
  ASSERT_TRUE(shop.rt().bus->Publish({&poison, 1}).ok());

  // Orders keep flowing, on the poison's own partition too.
  const std::string token = Token(shop, testing::kCardOk);
  for (int i = 0; i < 4; ++i) {
    const v1::Commande o = c.Place(c.Parfum(1), token);
    EXPECT_EQ(c.Wait(o.id(), v1::STATUT_COMMANDE_PAYEE).statut(), v1::STATUT_COMMANDE_PAYEE);
  }
  const std::string sentinel = SentinelOrder(shop, c, poison.key, token);
  ASSERT_EQ(c.Wait(sentinel, v1::STATUT_COMMANDE_PAYEE).statut(), v1::STATUT_COMMANDE_PAYEE);
  const auto dead = shop.ReadAll(bus::DeadLetterTopic(bus::kTopicPaiements));
  ASSERT_EQ(dead.size(), 1u);
  EXPECT_EQ(dead[0].Id(), "evt_poison");
  EXPECT_EQ(dead[0].Get(bus::kDlqGroup).value_or(""), "catalog");
  EXPECT_FALSE(dead[0].Get(bus::kDlqError).value_or("").empty());
}

TEST(SagaInProcessTest, OrderCancelledBeforeItsPaymentEndsCancelledAndUncharged) {
  // The payment step is not running when the customer places, then cancels.
  InProcessShop shop({"catalog", "delivery"});
  shop.StartLater({"payment-store"});
  Clients c(shop);
  const std::string parfum = c.Parfum(3);
  auto token = shop.rt().payment_service->TokenizeCard(
      {.number = testing::kCardOk, .exp_month = 12, .exp_year = 2040, .cvc = "123"});
  ASSERT_TRUE(token.ok()) << token.status();
  const v1::Commande placed = c.Place(parfum, token->token);
  {
    grpc::ClientContext ctx;
    v1::CancelOrderRequest req;
    req.set_id(placed.id());
    req.set_raison("trop long");
    v1::Commande out;
    ASSERT_TRUE(c.orders->CancelOrder(&ctx, req, &out).ok());
    EXPECT_EQ(out.statut(), v1::STATUT_COMMANDE_ANNULEE);
  }
  // Payment starts and finds OrderPlaced, then OrderCancelled, on one key.
  shop.StartLater({"payment"});
  const std::string sentinel = SentinelOrder(shop, c, placed.id(), token->token);
  ASSERT_EQ(c.Wait(sentinel, v1::STATUT_COMMANDE_PAYEE).statut(), v1::STATUT_COMMANDE_PAYEE);

  EXPECT_EQ(c.Get(placed.id()).statut(), v1::STATUT_COMMANDE_ANNULEE);
  grpc::ClientContext ctx;
  v1::GetParfumRequest get;
  get.set_id(parfum);
  v1::Parfum p;
  ASSERT_TRUE(c.catalog->GetParfum(&ctx, get, &p).ok());
  EXPECT_EQ(p.stock(), 3);
  // No money kept: either never charged, or charged and refunded.
  auto payment = shop.rt().payment_service->GetForOrder(placed.id());
  if (payment.ok()) {
    EXPECT_NE(payment->status, payment::PaymentStatus::kAccepted);
  } else {
    EXPECT_TRUE(absl::IsNotFound(payment.status())) << payment.status();
  }
}

}  // namespace
}  // namespace parfumerie::app
