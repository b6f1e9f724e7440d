// The conformance suite of the CatalogStore port. Every adapter instantiates
// it with a factory of isolated environments:
//
//   INSTANTIATE_TEST_SUITE_P(Sqlite, CatalogStoreConformance,
//       ::testing::Values(StoreFactory{"sqlite", [] { return MakeSqliteEnv(); }}),
//       [](const auto& info) { return info.param.name; });
//
// A behaviour that one adapter has and another lacks is a bug in the other.
// Include this header from exactly one test file per adapter.
#pragma once

#include <algorithm>
#include <atomic>
#include <functional>
#include <memory>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "catalog/catalog_service.h"
#include "catalog/catalog_store.h"
#include "catalog/store_support.h"
#include "catalog/text.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace parfumerie::catalog::testing {

// One empty database per test. Open() may be called more than once, also
// after an earlier store was destroyed; every store it returns sees the same
// data (that is how reopening is tested).
class StoreEnvironment {
 public:
  virtual ~StoreEnvironment() = default;
  virtual absl::StatusOr<std::unique_ptr<CatalogStore>> Open() = 0;
};

struct StoreFactory {
  std::string name;
  std::function<std::unique_ptr<StoreEnvironment>()> make;
  friend void PrintTo(const StoreFactory& f, std::ostream* os) { *os << f.name; }
};

class CatalogStoreConformance : public ::testing::TestWithParam<StoreFactory> {
 protected:
  void SetUp() override {
    env_ = GetParam().make();
    absl::StatusOr<std::unique_ptr<CatalogStore>> store = env_->Open();
    ASSERT_TRUE(store.ok()) << store.status();
    store_ = *std::move(store);
  }

  static Timestamp At(int64_t ms) { return FromUnixMillis(ms); }

  static Parfum Make(std::string id, std::string nom, int64_t prix_cents = 5000, int32_t stock = 10) {
    Parfum p;
    p.id = std::move(id);
    p.nom = std::move(nom);
    p.description = "Un sillage de test.";
    p.marque = "Maison Test";
    p.famille = Famille::kFloral;
    p.notes = Notes{{"Bergamote"}, {"Rose", "Jasmin"}, {"Musc blanc"}};
    p.contenance_ml = 50;
    p.genre = Genre::kMixte;
    p.prix_cents = prix_cents;
    p.image = "/images/parfums/" + p.id + ".svg";
    p.stock = stock;
    p.version = 1;
    p.created_at = p.updated_at = At(1'700'000'000'000);
    return p;
  }

  void InsertAll(const std::vector<Parfum>& parfums) {
    for (const Parfum& p : parfums) ASSERT_TRUE(store_->Insert(p).ok()) << p.id;
  }

  // Ids of every page of `query` walked with its cursors (page size `limit`).
  std::vector<std::string> WalkAll(ListQuery query, int32_t limit, int64_t expected_total) {
    std::vector<std::string> ids;
    query.limit = limit;
    query.cursor.clear();
    for (int pages = 0; pages < 1000; ++pages) {
      absl::StatusOr<ParfumPage> page = store_->List(query);
      EXPECT_TRUE(page.ok()) << page.status();
      if (!page.ok()) break;
      EXPECT_EQ(page->total, expected_total);
      EXPECT_LE(static_cast<int32_t>(page->items.size()), limit);
      for (const Parfum& p : page->items) ids.push_back(p.id);
      if (page->next_cursor.empty()) break;
      EXPECT_EQ(static_cast<int32_t>(page->items.size()), limit) << "a page before the last is full";
      query.cursor = page->next_cursor;
    }
    return ids;
  }

  static std::vector<std::string> IdsOf(const ParfumPage& page) {
    std::vector<std::string> ids;
    for (const Parfum& p : page.items) ids.push_back(p.id);
    return ids;
  }

  std::unique_ptr<StoreEnvironment> env_;
  std::unique_ptr<CatalogStore> store_;
};

TEST_P(CatalogStoreConformance, InsertThenGetReturnsTheSamePerfume) {
  Parfum p = Make("prf_a", "Éclat d’Ambre");
  p.notes = Notes{{"Citron", "Poivre rose"}, {}, {"Ambre gris", "Vanille", "Benjoin"}};
  p.updated_at = At(1'700'000'123'456);
  ASSERT_TRUE(store_->Insert(p).ok());
  absl::StatusOr<Parfum> got = store_->Get("prf_a");
  ASSERT_TRUE(got.ok()) << got.status();
  EXPECT_EQ(*got, p);
  EXPECT_EQ(store_->Count().value_or(-1), 1);
}

TEST_P(CatalogStoreConformance, InsertWithAnExistingIdIsAlreadyExists) {
  ASSERT_TRUE(store_->Insert(Make("prf_a", "Un")).ok());
  EXPECT_EQ(store_->Insert(Make("prf_a", "Deux")).code(), absl::StatusCode::kAlreadyExists);
  EXPECT_EQ(store_->Get("prf_a")->nom, "Un");
}

TEST_P(CatalogStoreConformance, UnknownIdIsNotFoundEverywhere) {
  EXPECT_EQ(store_->Get("prf_nope").status().code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(store_->Update(Make("prf_nope", "X"), 1).status().code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(store_->AdjustStock("prf_nope", 1, std::nullopt, At(1)).status().code(),
            absl::StatusCode::kNotFound);
  EXPECT_EQ(store_->Archive("prf_nope", std::nullopt, At(1)).code(), absl::StatusCode::kNotFound);
}

TEST_P(CatalogStoreConformance, UpdateReplacesFieldsBumpsVersionAndKeepsStock) {
  ASSERT_TRUE(store_->Insert(Make("prf_a", "Avant", 5000, 7)).ok());
  Parfum u = Make("prf_a", "Après", 6500, /*stock=*/999);
  u.marque = "Autre Maison";
  u.famille = Famille::kBoise;
  u.genre = Genre::kMasculin;
  u.notes = Notes{{"Cèdre"}, {}, {}};
  u.updated_at = At(1'700'000'500'000);
  absl::StatusOr<Parfum> r = store_->Update(u, 1);
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_EQ(r->version, 2);
  EXPECT_EQ(r->stock, 7) << "Update never writes stock";
  EXPECT_EQ(r->nom, "Après");
  EXPECT_EQ(r->famille, Famille::kBoise);
  EXPECT_EQ(r->notes, u.notes);
  EXPECT_EQ(r->updated_at, u.updated_at);
  EXPECT_EQ(r->created_at, At(1'700'000'000'000));
  EXPECT_EQ(*store_->Get("prf_a"), *r);
}

TEST_P(CatalogStoreConformance, UpdateWithAStaleVersionIsAbortedAndChangesNothing) {
  ASSERT_TRUE(store_->Insert(Make("prf_a", "Avant")).ok());
  ASSERT_TRUE(store_->Update(Make("prf_a", "Premier"), 1).ok());
  absl::StatusOr<Parfum> r = store_->Update(Make("prf_a", "Perdu"), 1);
  EXPECT_EQ(r.status().code(), absl::StatusCode::kAborted);
  EXPECT_EQ(store_->Get("prf_a")->nom, "Premier");
  EXPECT_EQ(store_->Get("prf_a")->version, 2);
}

TEST_P(CatalogStoreConformance, AdjustStockAddsRemovesAndBumpsVersion) {
  ASSERT_TRUE(store_->Insert(Make("prf_a", "A", 5000, 5)).ok());
  absl::StatusOr<Parfum> r = store_->AdjustStock("prf_a", 3, std::nullopt, At(1'700'000'000'900));
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_EQ(r->stock, 8);
  EXPECT_EQ(r->version, 2);
  EXPECT_EQ(r->updated_at, At(1'700'000'000'900));
  r = store_->AdjustStock("prf_a", -8, 2, At(1'700'000'001'000));
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_EQ(r->stock, 0);
  EXPECT_EQ(*store_->Get("prf_a"), *r);
}

TEST_P(CatalogStoreConformance, AdjustStockNeverGoesNegative) {
  ASSERT_TRUE(store_->Insert(Make("prf_a", "A", 5000, 2)).ok());
  EXPECT_EQ(store_->AdjustStock("prf_a", -3, std::nullopt, At(2)).status().code(),
            absl::StatusCode::kFailedPrecondition);
  absl::StatusOr<Parfum> p = store_->Get("prf_a");
  EXPECT_EQ(p->stock, 2);
  EXPECT_EQ(p->version, 1) << "a refused adjustment changes nothing";
}

TEST_P(CatalogStoreConformance, AdjustStockAboveTheMaximumIsRefused) {
  ASSERT_TRUE(store_->Insert(Make("prf_a", "A", 5000, kMaxStock)).ok());
  EXPECT_EQ(store_->AdjustStock("prf_a", 1, std::nullopt, At(2)).status().code(),
            absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(store_->Get("prf_a")->stock, kMaxStock);
}

TEST_P(CatalogStoreConformance, AdjustStockWithAStaleVersionIsAborted) {
  ASSERT_TRUE(store_->Insert(Make("prf_a", "A", 5000, 5)).ok());
  ASSERT_TRUE(store_->AdjustStock("prf_a", -1, 1, At(2)).ok());
  EXPECT_EQ(store_->AdjustStock("prf_a", -1, 1, At(3)).status().code(), absl::StatusCode::kAborted);
  EXPECT_EQ(store_->Get("prf_a")->stock, 4);
}

TEST_P(CatalogStoreConformance, ConcurrentDecrementsSellExactlyTheStock) {
  constexpr int kStock = 200;
  constexpr int kThreads = 8;
  ASSERT_TRUE(store_->Insert(Make("prf_a", "A", 5000, kStock)).ok());
  std::atomic<int> sold{0};
  std::atomic<int> refused{0};
  std::atomic<bool> saw_negative{false};
  std::atomic<int> errors{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&] {
      for (;;) {
        absl::StatusOr<Parfum> r = store_->AdjustStock("prf_a", -1, std::nullopt, At(5));
        if (r.ok()) {
          ++sold;
          if (r->stock < 0) saw_negative = true;
        } else if (absl::IsFailedPrecondition(r.status())) {
          ++refused;
          return;
        } else {
          ++errors;
          return;
        }
      }
    });
  }
  // A reader alongside the writers never observes a negative stock.
  threads.emplace_back([&] {
    while (refused.load() < kThreads && errors.load() == 0) {
      absl::StatusOr<Parfum> p = store_->Get("prf_a");
      if (!p.ok()) {
        ++errors;
        return;
      }
      if (p->stock < 0) saw_negative = true;
    }
  });
  for (auto& t : threads) t.join();
  EXPECT_EQ(errors.load(), 0);
  EXPECT_EQ(sold.load(), kStock);
  EXPECT_FALSE(saw_negative.load());
  absl::StatusOr<Parfum> p = store_->Get("prf_a");
  EXPECT_EQ(p->stock, 0);
  EXPECT_EQ(p->version, 1 + kStock);
}

TEST_P(CatalogStoreConformance, ArchiveHidesThePerfumeButKeepsItsId) {
  ASSERT_TRUE(store_->Insert(Make("prf_a", "A")).ok());
  ASSERT_TRUE(store_->Insert(Make("prf_b", "B")).ok());
  ASSERT_TRUE(store_->Archive("prf_a", 1, At(9)).ok());
  EXPECT_EQ(store_->Get("prf_a").status().code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(store_->Count().value_or(-1), 1);
  absl::StatusOr<ParfumPage> page = store_->List(ListQuery{});
  ASSERT_TRUE(page.ok());
  EXPECT_THAT(IdsOf(*page), ::testing::ElementsAre("prf_b"));
  EXPECT_EQ(page->total, 1);
  EXPECT_EQ(store_->Archive("prf_a", std::nullopt, At(10)).code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(store_->AdjustStock("prf_a", 1, std::nullopt, At(10)).status().code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(store_->Update(Make("prf_a", "A2"), 2).status().code(), absl::StatusCode::kNotFound);
  // The row stays (orders refer to it), so its id cannot be reused.
  EXPECT_EQ(store_->Insert(Make("prf_a", "Autre")).code(), absl::StatusCode::kAlreadyExists);
}

TEST_P(CatalogStoreConformance, ArchiveWithAStaleVersionIsAborted) {
  ASSERT_TRUE(store_->Insert(Make("prf_a", "A")).ok());
  ASSERT_TRUE(store_->AdjustStock("prf_a", 1, std::nullopt, At(2)).ok());
  EXPECT_EQ(store_->Archive("prf_a", 1, At(3)).code(), absl::StatusCode::kAborted);
  EXPECT_TRUE(store_->Get("prf_a").ok());
}

TEST_P(CatalogStoreConformance, ListFilters) {
  Parfum a = Make("prf_a", "Alpha", 3000, 0);
  a.marque = "Maison Solène";
  a.famille = Famille::kBoise;
  a.genre = Genre::kMasculin;
  Parfum b = Make("prf_b", "Beta", 8000, 4);
  b.marque = "Atelier Nord";
  b.famille = Famille::kFloral;
  b.genre = Genre::kFeminin;
  Parfum c = Make("prf_c", "Gamma", 12000, 9);
  c.marque = "maison solene";
  c.famille = Famille::kBoise;
  c.genre = Genre::kMixte;
  InsertAll({a, b, c});
  auto ids = [&](ListQuery q) {
    absl::StatusOr<ParfumPage> page = store_->List(q);
    EXPECT_TRUE(page.ok()) << page.status();
    if (page.ok()) {
      EXPECT_EQ(page->total, static_cast<int64_t>(page->items.size()));
    }
    return page.ok() ? IdsOf(*page) : std::vector<std::string>{};
  };
  using ::testing::ElementsAre;
  ListQuery q;
  q.marques = {"MAISON SOLENE"};
  EXPECT_THAT(ids(q), ElementsAre("prf_a", "prf_c")) << "marque is accent- and case-insensitive";
  q.marques = {"Atelier Nord", "Nobody"};
  EXPECT_THAT(ids(q), ElementsAre("prf_b")) << "marques is any-of";
  q = {};
  q.famille = Famille::kBoise;
  EXPECT_THAT(ids(q), ElementsAre("prf_a", "prf_c"));
  q = {};
  q.genre = Genre::kFeminin;
  EXPECT_THAT(ids(q), ElementsAre("prf_b"));
  q = {};
  q.prix_min_cents = 8000;
  EXPECT_THAT(ids(q), ElementsAre("prf_b", "prf_c")) << "price bounds are inclusive";
  q.prix_max_cents = 8000;
  EXPECT_THAT(ids(q), ElementsAre("prf_b"));
  q = {};
  q.en_stock = true;
  EXPECT_THAT(ids(q), ElementsAre("prf_b", "prf_c"));
  q.famille = Famille::kBoise;
  q.prix_max_cents = 20000;
  EXPECT_THAT(ids(q), ElementsAre("prf_c")) << "filters combine with AND";
}

TEST_P(CatalogStoreConformance, SearchIsAccentAndCaseInsensitive) {
  Parfum a = Make("prf_a", "Boise Noir");
  Parfum b = Make("prf_b", "Fleur de Coton");
  b.notes = Notes{{}, {"Vétiver"}, {}};
  Parfum c = Make("prf_c", "Cent_pour%cent");
  c.description = "Ni boisé ni vert.";
  InsertAll({a, b, c});
  auto ids = [&](std::string recherche) {
    ListQuery q;
    q.recherche = std::move(recherche);
    absl::StatusOr<ParfumPage> page = store_->List(q);
    EXPECT_TRUE(page.ok()) << page.status();
    return page.ok() ? IdsOf(*page) : std::vector<std::string>{};
  };
  using ::testing::ElementsAre;
  EXPECT_THAT(ids("boisé"), ElementsAre("prf_a", "prf_c"));
  EXPECT_THAT(ids("BOISÉ"), ElementsAre("prf_a", "prf_c"));
  EXPECT_THAT(ids("VETIVER"), ElementsAre("prf_b")) << "notes are searched";
  EXPECT_THAT(ids("boise noir"), ElementsAre("prf_a")) << "every term must match";
  EXPECT_THAT(ids("%"), ElementsAre("prf_c")) << "LIKE wildcards are literal";
  EXPECT_THAT(ids("e_t"), ElementsAre()) << "_ is literal too";
  EXPECT_THAT(ids("absent"), ElementsAre());
}

TEST_P(CatalogStoreConformance, SortsByEveryKeyInBothDirections) {
  std::vector<Parfum> all = {Make("prf_a", "Zeste", 9000, 3), Make("prf_b", "éclat", 1000, 30),
                             Make("prf_c", "Brume", 5000, 0), Make("prf_d", "Aube", 5000, 3)};
  for (size_t i = 0; i < all.size(); ++i) all[i].created_at = At(1'700'000'000'000 + 1000 * (3 - i));
  InsertAll(all);
  for (SortKey key : {SortKey::kNom, SortKey::kPrix, SortKey::kCreatedAt, SortKey::kStock}) {
    for (bool desc : {false, true}) {
      std::vector<Parfum> expected = all;
      std::sort(expected.begin(), expected.end(), [&](const Parfum& x, const Parfum& y) {
        auto kx = std::pair(SortValueOf(x, key), x.id);
        auto ky = std::pair(SortValueOf(y, key), y.id);
        return desc ? ky < kx : kx < ky;
      });
      std::vector<std::string> expected_ids;
      for (const Parfum& p : expected) expected_ids.push_back(p.id);
      ListQuery q;
      q.sort = key;
      q.descending = desc;
      absl::StatusOr<ParfumPage> page = store_->List(q);
      ASSERT_TRUE(page.ok()) << page.status();
      EXPECT_EQ(IdsOf(*page), expected_ids) << SortKeyName(key) << (desc ? " desc" : " asc");
    }
  }
  ListQuery by_nom;
  absl::StatusOr<ParfumPage> page = store_->List(by_nom);
  ASSERT_TRUE(page.ok());
  EXPECT_THAT(IdsOf(*page), ::testing::ElementsAre("prf_d", "prf_c", "prf_b", "prf_a"))
      << "\"éclat\" sorts among the e, not after Z";
}

TEST_P(CatalogStoreConformance, PaginationWalksEveryPageWithoutSkipOrRepeat) {
  std::vector<Parfum> all;
  for (int i = 0; i < 23; ++i) {
    // Few distinct values per key, so most positions are ties broken by id.
    Parfum p = Make("prf_" + std::string(1, static_cast<char>('a' + (i * 7) % 23)), i % 2 ? "Même nom" : "Meme Nom",
                    1000 * (i % 3 + 1), i % 4);
    p.created_at = At(1'700'000'000'000 + (i % 5));
    p.famille = i % 6 == 0 ? Famille::kCuir : Famille::kFloral;
    all.push_back(p);
  }
  InsertAll(all);
  for (SortKey key : {SortKey::kNom, SortKey::kPrix, SortKey::kCreatedAt, SortKey::kStock}) {
    for (bool desc : {false, true}) {
      ListQuery q;
      q.sort = key;
      q.descending = desc;
      std::vector<Parfum> expected = all;
      std::sort(expected.begin(), expected.end(), [&](const Parfum& x, const Parfum& y) {
        auto kx = std::pair(SortValueOf(x, key), x.id);
        auto ky = std::pair(SortValueOf(y, key), y.id);
        return desc ? ky < kx : kx < ky;
      });
      std::vector<std::string> expected_ids;
      for (const Parfum& p : expected) expected_ids.push_back(p.id);
      for (int32_t limit : {1, 4, 23, 100}) {
        EXPECT_EQ(WalkAll(q, limit, 23), expected_ids)
            << SortKeyName(key) << (desc ? " desc" : " asc") << " limit " << limit;
      }
    }
  }
  ListQuery filtered;
  filtered.famille = Famille::kFloral;
  filtered.sort = SortKey::kPrix;
  std::vector<std::string> ids = WalkAll(filtered, 3, 19);
  EXPECT_EQ(ids.size(), 19u);
  EXPECT_EQ(std::set<std::string>(ids.begin(), ids.end()).size(), 19u);
}

TEST_P(CatalogStoreConformance, PaginationSurvivesDeletionOfTheCursorItem) {
  InsertAll({Make("prf_a", "A"), Make("prf_b", "B"), Make("prf_c", "C"), Make("prf_d", "D")});
  ListQuery q;
  q.limit = 2;
  absl::StatusOr<ParfumPage> first = store_->List(q);
  ASSERT_TRUE(first.ok());
  ASSERT_THAT(IdsOf(*first), ::testing::ElementsAre("prf_a", "prf_b"));
  ASSERT_TRUE(store_->Archive("prf_b", std::nullopt, At(3)).ok());
  q.cursor = first->next_cursor;
  absl::StatusOr<ParfumPage> second = store_->List(q);
  ASSERT_TRUE(second.ok()) << second.status();
  EXPECT_THAT(IdsOf(*second), ::testing::ElementsAre("prf_c", "prf_d"));
  EXPECT_TRUE(second->next_cursor.empty());
}

TEST_P(CatalogStoreConformance, BadCursorsAreInvalidArgument) {
  InsertAll({Make("prf_a", "A"), Make("prf_b", "B"), Make("prf_c", "C")});
  ListQuery q;
  q.limit = 1;
  absl::StatusOr<ParfumPage> first = store_->List(q);
  ASSERT_TRUE(first.ok());
  ASSERT_FALSE(first->next_cursor.empty());
  for (std::string bad : {std::string("!!!"), std::string("AAAA"), std::string("bm90IGEgY3Vyc29y"),
                          first->next_cursor.substr(0, first->next_cursor.size() - 2), std::string(5000, 'A')}) {
    ListQuery b = q;
    b.cursor = bad;
    absl::StatusOr<ParfumPage> page = store_->List(b);
    EXPECT_EQ(page.status().code(), absl::StatusCode::kInvalidArgument) << bad;
    EXPECT_THAT(std::string(page.status().message()), ::testing::StartsWith("cursor: "));
  }
  ListQuery other = q;
  other.cursor = first->next_cursor;
  other.sort = SortKey::kPrix;
  EXPECT_EQ(store_->List(other).status().code(), absl::StatusCode::kInvalidArgument) << "other sort";
  other = q;
  other.cursor = first->next_cursor;
  other.recherche = "a";
  EXPECT_EQ(store_->List(other).status().code(), absl::StatusCode::kInvalidArgument) << "other filter";
  other = q;
  other.cursor = first->next_cursor;
  other.limit = 50;
  EXPECT_TRUE(store_->List(other).ok()) << "the page size may change between pages";
}

TEST_P(CatalogStoreConformance, DataSurvivesReopen) {
  ASSERT_TRUE(store_->Insert(Make("prf_a", "Persistant", 4200, 3)).ok());
  ASSERT_TRUE(store_->Insert(Make("prf_b", "Archivé")).ok());
  absl::StatusOr<Parfum> adjusted = store_->AdjustStock("prf_a", -1, std::nullopt, At(1'700'000'000'100));
  ASSERT_TRUE(adjusted.ok());
  ASSERT_TRUE(store_->Archive("prf_b", std::nullopt, At(1'700'000'000'200)).ok());
  store_.reset();
  absl::StatusOr<std::unique_ptr<CatalogStore>> reopened = env_->Open();
  ASSERT_TRUE(reopened.ok()) << reopened.status();
  store_ = *std::move(reopened);
  EXPECT_EQ(*store_->Get("prf_a"), *adjusted);
  EXPECT_EQ(store_->Get("prf_b").status().code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(store_->Count().value_or(-1), 1);
}

}  // namespace parfumerie::catalog::testing
