// A catalogue database in a temporary file with perfumes to order, an
// OrderService on a controllable clock, and helpers to read the outbox.
#pragma once

#include <atomic>
#include <chrono>
#include <memory>
#include <string>
#include <vector>

#include "bus/message.h"
#include "catalog/catalog_service.h"
#include "catalog/orders/order_service.h"
#include "catalog/sqlite/sqlite_catalog_database.h"
#include "catalog/store_support.h"
#include "catalog/temp_dir.h"
#include "gtest/gtest.h"
#include "parfumerie/v1/events.pb.h"

namespace parfumerie::catalog {

class OrderFixture : public ::testing::Test {
 protected:
  void SetUp() override { Open(); }

  void Open() {
    orders_.reset();
    catalog_.reset();
    db_ = {};
    absl::StatusOr<SqliteCatalogDatabase> db = OpenSqliteCatalogDatabase(dir_.File("catalog.db"));
    ASSERT_TRUE(db.ok()) << db.status();
    db_ = *std::move(db);
    catalog_ = std::make_unique<CatalogService>(*db_.catalog, [this] { return Now(); });
    OrderServiceOptions options;
    options.on_outbox_written = [this] { ++notified_; };
    orders_ = std::make_unique<OrderService>(*db_.orders, options, [this] { return Now(); });
  }

  Timestamp Now() const { return FromUnixMillis(now_ms_.load()); }
  void Advance(std::chrono::milliseconds d) { now_ms_ += d.count(); }

  std::string AddParfum(const std::string& nom, int64_t prix_cents, int32_t stock) {
    ParfumDraft d;
    d.nom = nom;
    d.marque = "Maison Lumière";
    d.contenance_ml = 50;
    d.prix_cents = prix_cents;
    d.stock = stock;
    absl::StatusOr<Parfum> p = catalog_->Create(d);
    EXPECT_TRUE(p.ok()) << p.status();
    return p.ok() ? p->id : std::string();
  }

  int32_t Stock(const std::string& id) {
    absl::StatusOr<Parfum> p = db_.catalog->Get(id);
    EXPECT_TRUE(p.ok()) << p.status();
    return p.ok() ? p->stock : -1;
  }

  static PlaceOrderInput Input(std::vector<RequestedLine> lines, std::string key = "",
                               std::string client = "usr_camille") {
    PlaceOrderInput in;
    in.idempotency_key = std::move(key);
    in.client_id = std::move(client);
    in.lignes = std::move(lines);
    in.adresse_livraison = {"Camille Martin", "12 rue des Lilas", "", "75011", "Paris", "FR", ""};
    in.payment_method_token = "tok_visa_4242";
    return in;
  }

  Commande Place(std::vector<RequestedLine> lines, std::string key = "") {
    absl::StatusOr<Commande> c = orders_->PlaceOrder(Input(std::move(lines), std::move(key)));
    EXPECT_TRUE(c.ok()) << c.status();
    return c.ok() ? *c : Commande{};
  }

  // Every order (all pages).
  std::vector<Commande> AllOrders() {
    std::vector<Commande> all;
    OrderQuery q;
    q.limit = kMaxPageSize;
    for (;;) {
      absl::StatusOr<OrderPage> page = orders_->ListOrders(q);
      EXPECT_TRUE(page.ok()) << page.status();
      if (!page.ok()) return all;
      all.insert(all.end(), page->items.begin(), page->items.end());
      if (page->next_cursor.empty()) return all;
      q.cursor = page->next_cursor;
    }
  }

  // Bottles of `parfum_id` held by orders that are not ANNULEE.
  int64_t Reserved(const std::string& parfum_id) {
    int64_t n = 0;
    for (const Commande& c : AllOrders()) {
      if (c.statut == OrderStatus::kAnnulee) continue;
      for (const OrderLine& l : c.lignes) {
        if (l.parfum_id == parfum_id) n += l.quantite;
      }
    }
    return n;
  }

  std::vector<bus::OutboxEntry> Outbox() {
    absl::StatusOr<std::vector<bus::OutboxEntry>> entries = db_.outbox->PendingOutbox(10'000);
    EXPECT_TRUE(entries.ok()) << entries.status();
    return entries.ok() ? *entries : std::vector<bus::OutboxEntry>{};
  }

  std::vector<std::string> OutboxTypes() {
    std::vector<std::string> types;
    for (const bus::OutboxEntry& e : Outbox()) types.emplace_back(e.message.Type());
    return types;
  }

  // Marks everything published, so a test sees only what follows.
  void DrainOutbox() {
    std::vector<int64_t> seqs;
    for (const bus::OutboxEntry& e : Outbox()) seqs.push_back(e.seq);
    ASSERT_TRUE(db_.outbox->MarkPublished(seqs).ok());
  }

  template <typename Event>
  std::vector<Event> OutboxEvents() {
    std::vector<Event> out;
    for (const bus::OutboxEntry& e : Outbox()) {
      if (e.message.Type() != Event::descriptor()->full_name()) continue;
      Event ev;
      EXPECT_TRUE(ev.ParseFromString(e.message.payload));
      out.push_back(ev);
    }
    return out;
  }

  template <typename Event>
  bus::Message Incoming(std::string_view topic, const Event& payload) {
    return bus::MakeEvent(topic, payload.commande_id(), payload, "/parfumerie/test", Now());
  }

  static v1::PaymentSucceeded Succeeded(const std::string& order, const std::string& payment = "pay_1") {
    v1::PaymentSucceeded e;
    e.set_commande_id(order);
    e.set_paiement_id(payment);
    e.set_montant_cents(1);
    return e;
  }

  static v1::PaymentFailed Failed(const std::string& order, const std::string& why = "fonds insuffisants") {
    v1::PaymentFailed e;
    e.set_commande_id(order);
    e.set_paiement_id("pay_declined");
    e.set_code_refus("insufficient_funds");
    e.set_message_refus(why);
    return e;
  }

  static v1::DeliveryStatusChanged Delivery(const std::string& order, v1::StatutLivraison statut,
                                            const std::string& livraison = "liv_1") {
    v1::DeliveryStatusChanged e;
    e.set_commande_id(order);
    e.set_livraison_id(livraison);
    e.mutable_evenement()->set_statut(statut);
    return e;
  }

  testing::TempDir dir_;
  std::atomic<int64_t> now_ms_{1'800'000'000'000};
  std::atomic<int> notified_{0};
  SqliteCatalogDatabase db_;
  std::unique_ptr<CatalogService> catalog_;
  std::unique_ptr<OrderService> orders_;
};

}  // namespace parfumerie::catalog
