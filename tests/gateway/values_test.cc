#include "gateway/core/values.h"

#include <random>

#include <google/protobuf/util/time_util.h>
#include <gtest/gtest.h>

#include "gateway/core/errors.h"

namespace parfumerie::gateway {
namespace {

TEST(ValuesTest, EnumsDropTheProtoPrefixBothWays) {
  EXPECT_EQ(EnumName(v1::Famille_descriptor(), v1::FAMILLE_HESPERIDE), "HESPERIDE");
  EXPECT_EQ(EnumName(v1::StatutCommande_descriptor(), v1::STATUT_COMMANDE_EN_ATTENTE), "EN_ATTENTE");
  EXPECT_EQ(*EnumValue(v1::StatutLivraison_descriptor(), "EN_TRANSIT", "statut"), v1::STATUT_LIVRAISON_EN_TRANSIT);
  EXPECT_FALSE(EnumValue(v1::Famille_descriptor(), "UNSPECIFIED", "famille").ok());
  EXPECT_FALSE(EnumValue(v1::Famille_descriptor(), "NOPE", "famille").ok());
}

TEST(ValuesTest, TimestampsAreWrittenExactlyAsProtobufWritesThem) {
  using google::protobuf::util::TimeUtil;
  auto check = [](int64_t seconds, int32_t nanos) {
    google::protobuf::Timestamp t;
    t.set_seconds(seconds);
    t.set_nanos(nanos);
    ASSERT_EQ(FormatTimestamp(t), TimeUtil::ToString(t)) << seconds << "s " << nanos << "ns";
  };
  check(0, 0);
  check(1796032800, 0);            // 2026-12-01T10:00:00Z
  check(-1, 999'999'999);          // before the epoch
  check(-62135596800, 0);          // 0001-01-01T00:00:00Z
  check(253402300799, 999'999'999);  // 9999-12-31T23:59:59.999999999Z
  check(951782400, 0);             // 2000-02-29
  check(1796032800, 120'000'000);  // 3 digits
  check(1796032800, 120'500'000);  // 6 digits
  check(1796032800, 120'500'001);  // 9 digits
  std::mt19937_64 random(20261129);
  std::uniform_int_distribution<int64_t> seconds(-62135596800, 253402300799);
  std::uniform_int_distribution<int32_t> nanos(0, 999'999'999);
  for (int i = 0; i < 100000; ++i) {
    int32_t n = nanos(random);
    if (i % 3 == 0) n -= n % 1'000'000;
    if (i % 3 == 1) n -= n % 1000;
    if (i % 7 == 0) n = 0;
    check(seconds(random), n);
  }
}

TEST(ValuesTest, EurosBecomeExactCents) {
  EXPECT_EQ(*EurosToCents(89.9, "prix"), 8990);
  EXPECT_EQ(*EurosToCents(0.29, "prix"), 29);
  EXPECT_EQ(*EurosToCents(0, "prix"), 0);
  EXPECT_FALSE(EurosToCents(1.234, "prix").ok());
  EXPECT_FALSE(EurosToCents(-1, "prix").ok());
  EXPECT_FALSE(EurosToCents(std::numeric_limits<double>::infinity(), "prix").ok());
  EXPECT_EQ(EurosToCents(1e9, "prixMax").status().message(), "prixMax: must be between 0 and 1000000 euros");
}

TEST(ValuesTest, CommandeKeepsCentsAndTheSeedsFields) {
  v1::Commande c;
  c.set_id("cmd_1");
  c.set_parfum_id("prf_1");
  c.set_quantite(3);
  c.set_statut(v1::STATUT_COMMANDE_ANNULEE);
  c.set_total_cents(12990);
  c.set_raison_annulation("carte refusée");
  c.mutable_date_commande()->set_seconds(1'750'000'000);
  auto* l = c.add_lignes();
  l->set_parfum_id("prf_1");
  l->set_prix_unitaire_cents(4330);
  const auto v = CommandeValue(c);
  EXPECT_EQ(v.at("statut").as_string(), "ANNULEE");
  EXPECT_EQ(v.at("total").as_double(), 129.9);
  EXPECT_EQ(v.at("totalCentimes").as_int64(), 12990);
  EXPECT_EQ(v.at("raisonAnnulation").as_string(), "carte refusée");
  EXPECT_EQ(v.at("dateCommande").as_string(), "2025-06-15T15:06:40Z");
  EXPECT_TRUE(v.at("incidentLivraison").is_null());
  EXPECT_TRUE(v.at("dateLimitePaiement").is_null());
  EXPECT_EQ(v.at("lignes").as_array()[0].at("prixUnitaire").as_double(), 43.3);
}

TEST(ErrorsTest, EveryStatusHasOneCodeAndInternalsNeverLeak) {
  EXPECT_EQ(ErrorCode(absl::InvalidArgumentError("x")), "BAD_USER_INPUT");
  EXPECT_EQ(ErrorCode(absl::AbortedError("x")), "CONFLICT");
  EXPECT_EQ(ErrorCode(absl::FailedPreconditionError("x")), "FAILED_PRECONDITION");
  EXPECT_EQ(ErrorCode(absl::DeadlineExceededError("x")), "UNAVAILABLE");
  EXPECT_EQ(ErrorCode(absl::PermissionDeniedError("x")), "FORBIDDEN");
  auto internal = ErrorValue(absl::InternalError("sqlite3_step: disk I/O error at /var/lib/x"));
  EXPECT_EQ(internal.message(), "Internal server error");
  EXPECT_EQ(internal.extensions().at("code").as_string(), "INTERNAL_SERVER_ERROR");
  auto user = ErrorValue(absl::FailedPreconditionError("lignes[0]: only 2 left"));
  EXPECT_EQ(user.message(), "lignes[0]: only 2 left");
}

}  // namespace
}  // namespace parfumerie::gateway
