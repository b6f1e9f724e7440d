// The service over a real SQLite store in a temp dir: validation, the
// server-assigned fields and the conditional-write rules.
#include "catalog/catalog_service.h"

#include "catalog/sqlite/sqlite_catalog_store.h"
#include "catalog/store_support.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "temp_dir.h"

namespace parfumerie::catalog {
namespace {

using ::testing::StartsWith;

class CatalogServiceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    absl::StatusOr<std::unique_ptr<CatalogStore>> store = OpenSqliteCatalogStore(dir_.File("catalog.db"));
    ASSERT_TRUE(store.ok()) << store.status();
    store_ = *std::move(store);
    service_ = std::make_unique<CatalogService>(
        *store_, [this] { return now_; }, [this] { return "prf_test" + std::to_string(next_id_++); });
  }

  static ParfumDraft Draft() {
    ParfumDraft d;
    d.nom = "  Vétiver Fumé ";
    d.description = "Fumé, terreux.";
    d.marque = "Atelier Nord";
    d.famille = Famille::kBoise;
    d.notes = Notes{{"Pamplemousse"}, {"Vétiver"}, {"Cade"}};
    d.contenance_ml = 100;
    d.genre = Genre::kMasculin;
    d.prix_cents = 12500;
    d.stock = 4;
    return d;
  }

  testing::TempDir dir_;
  std::unique_ptr<CatalogStore> store_;
  std::unique_ptr<CatalogService> service_;
  // Sub-millisecond part on purpose: the service must truncate it.
  Timestamp now_ = FromUnixMillis(1'750'000'000'000) + std::chrono::microseconds(789);
  int next_id_ = 1;
};

TEST_F(CatalogServiceTest, CreateAssignsServerFields) {
  absl::StatusOr<Parfum> p = service_->Create(Draft());
  ASSERT_TRUE(p.ok()) << p.status();
  EXPECT_EQ(p->id, "prf_test1");
  EXPECT_EQ(p->nom, "Vétiver Fumé") << "trimmed";
  EXPECT_EQ(p->version, 1);
  EXPECT_EQ(p->created_at, FromUnixMillis(1'750'000'000'000));
  EXPECT_EQ(p->updated_at, p->created_at);
  EXPECT_EQ(p->image, "/images/parfums/prf_test1.svg");
  EXPECT_EQ(p->image, DefaultImageUrl(p->id));
  EXPECT_EQ(*service_->Get(p->id), *p);
}

TEST_F(CatalogServiceTest, CreateKeepsAGivenImage) {
  ParfumDraft d = Draft();
  d.image = "https://cdn.example.com/v.png";
  EXPECT_EQ(service_->Create(d)->image, "https://cdn.example.com/v.png");
}

TEST_F(CatalogServiceTest, InvalidCreateStoresNothing) {
  ParfumDraft d = Draft();
  d.prix_cents = -1;
  absl::StatusOr<Parfum> p = service_->Create(d);
  EXPECT_EQ(p.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(p.status().message(), "prix: must be between 1 and 10000000 cents");
  EXPECT_EQ(store_->Count().value_or(-1), 0);
}

TEST_F(CatalogServiceTest, CreateRetriesOnceOnAnIdCollision) {
  ASSERT_TRUE(service_->Create(Draft()).ok());
  next_id_ = 1;  // the generator repeats itself: the first retry gets prf_test2
  absl::StatusOr<Parfum> p = service_->Create(Draft());
  ASSERT_TRUE(p.ok()) << p.status();
  EXPECT_EQ(p->id, "prf_test2");
}

TEST_F(CatalogServiceTest, GetChecksTheId) {
  EXPECT_EQ(service_->Get("").status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(service_->Get("a/b").status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(service_->Get("prf_unknown").status().code(), absl::StatusCode::kNotFound);
}

TEST_F(CatalogServiceTest, UpdateChangesOnlyPatchedFields) {
  Parfum p = *service_->Create(Draft());
  now_ += std::chrono::seconds(5);
  ParfumPatch patch;
  patch.prix_cents = 9900;
  patch.nom = " Vétiver Clair ";
  absl::StatusOr<Parfum> u = service_->Update(p.id, patch, 1);
  ASSERT_TRUE(u.ok()) << u.status();
  EXPECT_EQ(u->prix_cents, 9900);
  EXPECT_EQ(u->nom, "Vétiver Clair");
  EXPECT_EQ(u->version, 2);
  EXPECT_EQ(u->updated_at, FromUnixMillis(1'750'000'005'000));
  Parfum expected = p;
  expected.prix_cents = 9900;
  expected.nom = "Vétiver Clair";
  expected.version = 2;
  expected.updated_at = u->updated_at;
  EXPECT_EQ(*u, expected);
}

TEST_F(CatalogServiceTest, UpdateRules) {
  Parfum p = *service_->Create(Draft());
  EXPECT_EQ(service_->Update(p.id, ParfumPatch{}, std::nullopt).status().message(),
            "patch: must change at least one field");
  ParfumPatch patch;
  patch.image = "https://cdn.example.com/a.png";
  ASSERT_TRUE(service_->Update(p.id, patch, 1).ok());
  EXPECT_EQ(service_->Update(p.id, patch, 1).status().code(), absl::StatusCode::kAborted) << "stale version";
  EXPECT_EQ(service_->Update("prf_nope", patch, std::nullopt).status().code(), absl::StatusCode::kNotFound);
  patch.image = "";
  absl::StatusOr<Parfum> reset = service_->Update(p.id, patch, std::nullopt);
  ASSERT_TRUE(reset.ok()) << reset.status();
  EXPECT_EQ(reset->image, DefaultImageUrl(p.id));
  EXPECT_EQ(reset->version, 3) << "an unconditional update applies to the latest version";
  EXPECT_EQ(service_->Update(p.id, patch, 0).status().message(), "version: must be at least 1");
}

TEST_F(CatalogServiceTest, UnconditionalUpdateNeverLosesAConcurrentStockChange) {
  Parfum p = *service_->Create(Draft());
  ASSERT_TRUE(service_->AdjustStock(p.id, -1, std::nullopt).ok());
  ParfumPatch patch;
  patch.description = "Nouvelle description.";
  absl::StatusOr<Parfum> u = service_->Update(p.id, patch, std::nullopt);
  ASSERT_TRUE(u.ok());
  EXPECT_EQ(u->stock, 3);
}

TEST_F(CatalogServiceTest, AdjustStock) {
  Parfum p = *service_->Create(Draft());
  EXPECT_EQ(service_->AdjustStock(p.id, 0, std::nullopt).status().message(), "delta: must not be 0");
  absl::StatusOr<Parfum> r = service_->AdjustStock(p.id, -5, std::nullopt);
  EXPECT_EQ(r.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(std::string(r.status().message()), StartsWith("stock: only 4"));
  r = service_->AdjustStock(p.id, -4, 1);
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_EQ(r->stock, 0);
  EXPECT_EQ(service_->AdjustStock(p.id, 2, 1).status().code(), absl::StatusCode::kAborted);
}

TEST_F(CatalogServiceTest, DeleteArchives) {
  Parfum p = *service_->Create(Draft());
  EXPECT_EQ(service_->Delete(p.id, 7).code(), absl::StatusCode::kAborted);
  ASSERT_TRUE(service_->Delete(p.id, 1).ok());
  EXPECT_EQ(service_->Get(p.id).status().code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(service_->Delete(p.id, std::nullopt).code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(service_->List(ListQuery{})->total, 0);
}

TEST_F(CatalogServiceTest, ListValidatesAndSearches) {
  ASSERT_TRUE(service_->Create(Draft()).ok());
  ListQuery q;
  q.limit = 0;
  EXPECT_EQ(service_->List(q).status().code(), absl::StatusCode::kInvalidArgument);
  q.limit = 10;
  q.recherche = "VETIVER fume";
  absl::StatusOr<ParfumPage> page = service_->List(q);
  ASSERT_TRUE(page.ok()) << page.status();
  EXPECT_EQ(page->total, 1);
  q.cursor = "garbage!";
  EXPECT_EQ(service_->List(q).status().code(), absl::StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace parfumerie::catalog
