// What only the MongoDB catalogue has to prove, since no transaction spans
// an order and its perfumes: an operation stopped after any of its steps (a
// crash, simulated by the store's test hook) is finished or undone by the
// next store opened on the database, or by the periodic recovery; and two
// stores on one database ("replicas") never sell more than the stock.
// After each scenario the books balance: for every perfume,
// stock + units held by orders not ANNULEE == stock_entrees, and no perfume
// or order is left in the middle of an operation.
#include <atomic>
#include <cctype>
#include <chrono>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "catalog/catalog_service.h"
#include "catalog/mongo/mongo_catalog_database.h"
#include "catalog/orders/order_service.h"
#include "catalog/store_support.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "mongo_test_env.h"

namespace parfumerie::catalog {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;

constexpr char kPlaced[] = "parfumerie.v1.OrderPlaced";
constexpr char kStatus[] = "parfumerie.v1.OrderStatusChanged";

// One store bundle with its services, as one process of the catalogue has it.
struct Replica {
  MongoCatalogDatabase db;
  std::unique_ptr<CatalogService> catalog;
  std::unique_ptr<OrderService> orders;
};

class MongoOrderRecoveryTest : public ::testing::Test {
 protected:
  std::unique_ptr<Replica> OpenReplica(MongoCatalogOptions options = {}) {
    options.recovery_grace = std::chrono::milliseconds(0);
    options.continue_after = [this](std::string_view step) { return step != crash_at_; };
    absl::StatusOr<MongoCatalogDatabase> db = OpenMongoCatalogDatabase(scratch_.uri(), scratch_.name(), options);
    EXPECT_TRUE(db.ok()) << db.status();
    if (!db.ok()) return nullptr;
    auto r = std::make_unique<Replica>();
    r->db = *std::move(db);
    r->catalog = std::make_unique<CatalogService>(*r->db.catalog, [this] { return Now(); });
    r->orders = std::make_unique<OrderService>(*r->db.orders, OrderServiceOptions{}, [this] { return Now(); });
    return r;
  }

  Timestamp Now() const { return FromUnixMillis(now_ms_.load()); }

  std::string AddParfum(Replica& r, const std::string& nom, int32_t stock) {
    ParfumDraft d;
    d.nom = nom;
    d.marque = "Maison Lumière";
    d.contenance_ml = 50;
    d.prix_cents = 9000;
    d.stock = stock;
    absl::StatusOr<Parfum> p = r.catalog->Create(d);
    EXPECT_TRUE(p.ok()) << p.status();
    parfums_.push_back(p.ok() ? p->id : "");
    return parfums_.back();
  }

  static PlaceOrderInput Input(std::vector<RequestedLine> lines, std::string key = "") {
    PlaceOrderInput in;
    in.idempotency_key = std::move(key);
    in.client_id = "usr_camille";
    in.lignes = std::move(lines);
    in.adresse_livraison = {"Camille Martin", "12 rue des Lilas", "", "75011", "Paris", "FR", ""};
    in.payment_method_token = "tok_visa_4242";
    return in;
  }

  static std::vector<Commande> AllOrders(Replica& r) {
    std::vector<Commande> all;
    OrderQuery q;
    q.limit = kMaxPageSize;
    for (int pages = 0; pages < 100; ++pages) {
      absl::StatusOr<OrderPage> page = r.orders->ListOrders(q);
      EXPECT_TRUE(page.ok()) << page.status();
      if (!page.ok()) break;
      all.insert(all.end(), page->items.begin(), page->items.end());
      if (page->next_cursor.empty()) break;
      q.cursor = page->next_cursor;
    }
    return all;
  }

  static int32_t Stock(Replica& r, const std::string& id) {
    absl::StatusOr<Parfum> p = r.db.catalog->Get(id);
    EXPECT_TRUE(p.ok()) << p.status();
    return p.ok() ? p->stock : -1;
  }

  static std::vector<std::string> OutboxTypes(Replica& r) {
    std::vector<std::string> types;
    absl::StatusOr<std::vector<bus::OutboxEntry>> entries = r.db.outbox->PendingOutbox(1000);
    EXPECT_TRUE(entries.ok()) << entries.status();
    if (entries.ok()) {
      for (const bus::OutboxEntry& e : *entries) types.emplace_back(e.message.Type());
    }
    return types;
  }

  // Documents matching `json` in `collection`, read behind the store's back.
  int64_t CountRaw(const char* collection, const char* json) {
    absl::StatusOr<std::shared_ptr<mongo::Database>> db = mongo::OpenMongo(scratch_.uri(), scratch_.name());
    EXPECT_TRUE(db.ok()) << db.status();
    if (!db.ok()) return -1;
    bson_error_t error;
    mongo::Bson filter(bson_new_from_json(reinterpret_cast<const uint8_t*>(json), -1, &error));
    EXPECT_NE(filter.get(), nullptr) << error.message;
    absl::StatusOr<int64_t> n = (*db)->collection(collection).Count(*filter);
    EXPECT_TRUE(n.ok()) << n.status();
    return n.value_or(-1);
  }

  // The invariant, and no operation left half-done.
  void ExpectBooksBalance(Replica& r) {
    const std::vector<Commande> orders = AllOrders(r);
    for (const std::string& id : parfums_) {
      int64_t held = 0;
      for (const Commande& c : orders) {
        if (c.statut == OrderStatus::kAnnulee) continue;
        for (const OrderLine& l : c.lignes) held += l.parfum_id == id ? l.quantite : 0;
      }
      absl::StatusOr<Parfum> p = r.db.catalog->Get(id);
      ASSERT_TRUE(p.ok()) << p.status();
      EXPECT_GE(p->stock, 0) << id;
      EXPECT_EQ(p->stock + held, p->stock_entrees) << id;
    }
    EXPECT_EQ(CountRaw("parfums", R"({"reservations.0": {"$exists": true}})"), 0);
    EXPECT_EQ(CountRaw("parfums", R"({"liberations.0": {"$exists": true}})"), 0);
    EXPECT_EQ(CountRaw("commandes", R"({"etape": {"$in": ["reservation", "liberation"]}})"), 0);
  }

  parfumerie::testing::ScratchDatabase scratch_{"order_recovery"};
  std::atomic<int64_t> now_ms_{ToUnixMillis(std::chrono::system_clock::now())};
  std::string crash_at_;  // the step after which the store "crashes"
  std::vector<std::string> parfums_;
};

class PlacementCrashTest : public MongoOrderRecoveryTest, public ::testing::WithParamInterface<const char*> {};

TEST_P(PlacementCrashTest, TheNextStoreFinishesOrUndoesIt) {
  const std::string step = GetParam();
  const bool committed = step == "place:committed";
  std::string ambre, iris;
  {
    std::unique_ptr<Replica> a = OpenReplica();
    ASSERT_NE(a, nullptr);
    ambre = AddParfum(*a, "Ambre Nuit", 5);
    iris = AddParfum(*a, "Iris Poudré", 3);
    crash_at_ = step;
    absl::StatusOr<Commande> c = a->orders->PlaceOrder(Input({{ambre, 2}, {iris, 1}}, "k-crash"));
    EXPECT_TRUE(absl::IsUnavailable(c.status())) << c.status();
    crash_at_.clear();
  }
  std::unique_ptr<Replica> b = OpenReplica();
  ASSERT_NE(b, nullptr);
  EXPECT_EQ(AllOrders(*b).size(), committed ? 1u : 0u);
  EXPECT_EQ(Stock(*b, ambre), committed ? 3 : 5);
  EXPECT_EQ(Stock(*b, iris), committed ? 2 : 3);
  if (committed) {
    EXPECT_THAT(OutboxTypes(*b), ElementsAre(kPlaced, kStatus));
  } else {
    EXPECT_THAT(OutboxTypes(*b), IsEmpty());
  }
  ExpectBooksBalance(*b);

  // The client retries with its key: one order in the end, reserved once.
  absl::StatusOr<Commande> retry = b->orders->PlaceOrder(Input({{ambre, 2}, {iris, 1}}, "k-crash"));
  ASSERT_TRUE(retry.ok()) << retry.status();
  EXPECT_EQ(AllOrders(*b).size(), 1u);
  EXPECT_EQ(Stock(*b, ambre), 3);
  EXPECT_EQ(Stock(*b, iris), 2);
  EXPECT_THAT(OutboxTypes(*b), ElementsAre(kPlaced, kStatus));
  ExpectBooksBalance(*b);
}

INSTANTIATE_TEST_SUITE_P(Steps, PlacementCrashTest,
                         ::testing::Values("place:inserted", "place:reserved:0", "place:reserved:1",
                                           "place:committed"),
                         [](const ::testing::TestParamInfo<const char*>& info) {
                           std::string name = info.param;
                           for (char& c : name) c = std::isalnum(static_cast<unsigned char>(c)) ? c : '_';
                           return name;
                         });

TEST_F(MongoOrderRecoveryTest, ARetryWithTheSameKeyFinishesAStoppedPlacement) {
  std::unique_ptr<Replica> a = OpenReplica();
  ASSERT_NE(a, nullptr);
  const std::string ambre = AddParfum(*a, "Ambre Nuit", 5);
  const std::string iris = AddParfum(*a, "Iris Poudré", 3);
  crash_at_ = "place:reserved:0";
  EXPECT_FALSE(a->orders->PlaceOrder(Input({{ambre, 2}, {iris, 1}}, "k-again")).ok());
  crash_at_.clear();
  // Hidden meanwhile: the order is not placed yet.
  EXPECT_THAT(AllOrders(*a), IsEmpty());
  absl::StatusOr<Commande> retry = a->orders->PlaceOrder(Input({{ambre, 2}, {iris, 1}}, "k-again"));
  ASSERT_TRUE(retry.ok()) << retry.status();
  EXPECT_EQ(Stock(*a, ambre), 3);
  EXPECT_EQ(Stock(*a, iris), 2);
  EXPECT_THAT(OutboxTypes(*a), ElementsAre(kPlaced, kStatus));
  // Other content under that key is still refused.
  EXPECT_TRUE(absl::IsInvalidArgument(a->orders->PlaceOrder(Input({{ambre, 1}}, "k-again")).status()));
  ExpectBooksBalance(*a);
}

TEST_F(MongoOrderRecoveryTest, PeriodicRecoveryUndoesAStoppedPlacementWithoutReopening) {
  MongoCatalogOptions options;
  options.recovery_interval = std::chrono::milliseconds(0);
  std::unique_ptr<Replica> a = OpenReplica(options);
  ASSERT_NE(a, nullptr);
  const std::string ambre = AddParfum(*a, "Ambre Nuit", 5);
  const std::string iris = AddParfum(*a, "Iris Poudré", 3);
  crash_at_ = "place:reserved:1";
  EXPECT_FALSE(a->orders->PlaceOrder(Input({{ambre, 2}, {iris, 1}})).ok());
  crash_at_.clear();
  EXPECT_EQ(Stock(*a, ambre), 3);
  // The expirer's periodic call runs recovery.
  ASSERT_TRUE(a->orders->ExpireOverdue(Now(), 10).ok());
  EXPECT_EQ(Stock(*a, ambre), 5);
  EXPECT_EQ(Stock(*a, iris), 3);
  ExpectBooksBalance(*a);
}

class ReleaseCrashTest : public MongoOrderRecoveryTest, public ::testing::WithParamInterface<const char*> {};

TEST_P(ReleaseCrashTest, TheNextStoreReleasesTheStockExactlyOnce) {
  std::string ambre, iris, order_id;
  {
    std::unique_ptr<Replica> a = OpenReplica();
    ASSERT_NE(a, nullptr);
    ambre = AddParfum(*a, "Ambre Nuit", 5);
    iris = AddParfum(*a, "Iris Poudré", 3);
    absl::StatusOr<Commande> c = a->orders->PlaceOrder(Input({{ambre, 2}, {iris, 1}}));
    ASSERT_TRUE(c.ok()) << c.status();
    order_id = c->id;
    crash_at_ = GetParam();
    (void)a->orders->CancelOrder(order_id, "annulée par le client");
    crash_at_.clear();
  }
  std::unique_ptr<Replica> b = OpenReplica();
  ASSERT_NE(b, nullptr);
  absl::StatusOr<Commande> c = b->orders->GetOrder(order_id);
  ASSERT_TRUE(c.ok()) << c.status();
  EXPECT_EQ(c->statut, OrderStatus::kAnnulee);
  EXPECT_EQ(Stock(*b, ambre), 5);
  EXPECT_EQ(Stock(*b, iris), 3);
  ExpectBooksBalance(*b);
  // Cancelling again changes nothing, and a later recovery neither.
  ASSERT_TRUE(b->orders->CancelOrder(order_id, "encore").ok());
  b = OpenReplica();
  ASSERT_NE(b, nullptr);
  EXPECT_EQ(Stock(*b, ambre), 5);
  EXPECT_EQ(Stock(*b, iris), 3);
  ExpectBooksBalance(*b);
}

INSTANTIATE_TEST_SUITE_P(Steps, ReleaseCrashTest,
                         ::testing::Values("release:marked", "release:line:0", "release:line:1", "release:cleared"),
                         [](const ::testing::TestParamInfo<const char*>& info) {
                           std::string name = info.param;
                           for (char& c : name) c = std::isalnum(static_cast<unsigned char>(c)) ? c : '_';
                           return name;
                         });

TEST_F(MongoOrderRecoveryTest, TwoReplicasNeverOversellTheLastUnits) {
  constexpr int kInitial = 6;
  std::unique_ptr<Replica> replicas[] = {OpenReplica(), OpenReplica()};
  ASSERT_NE(replicas[0], nullptr);
  ASSERT_NE(replicas[1], nullptr);
  const std::string rare = AddParfum(*replicas[0], "Rose Rare", kInitial);
  const std::string other = AddParfum(*replicas[1], "Vétiver", 1000);
  std::atomic<int> sold{0}, refused{0}, unexpected{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 6; ++t) {
    threads.emplace_back([&, t] {
      Replica& r = *replicas[t % 2];
      for (int i = 0; i < 3; ++i) {
        const int q = 1 + (t + i) % 2;
        absl::StatusOr<Commande> c = r.orders->PlaceOrder(Input({{other, 1}, {rare, q}}));
        if (c.ok()) {
          sold += q;
        } else if (absl::IsFailedPrecondition(c.status())) {
          ++refused;
        } else {
          ADD_FAILURE() << c.status();
          ++unexpected;
        }
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(unexpected.load(), 0);
  EXPECT_GT(refused.load(), 0);
  EXPECT_LE(sold.load(), kInitial);
  for (auto& r : replicas) {
    EXPECT_EQ(Stock(*r, rare), kInitial - sold.load());
    ExpectBooksBalance(*r);
  }
}

}  // namespace
}  // namespace parfumerie::catalog
