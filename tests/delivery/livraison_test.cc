// The delivery state machine: every (from, to) pair, legal or not, and the
// values a step produces.
#include "delivery/livraison.h"

#include <regex>
#include <set>
#include <string>
#include <utility>

#include "delivery/carriers.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace parfumerie::delivery {
namespace {

using ::testing::HasSubstr;

constexpr Statut kAll[] = {Statut::kEnPreparation, Statut::kExpediee, Statut::kEnTransit, Statut::kLivree,
                           Statut::kEchec};

Timestamp At(int64_t ms) { return Timestamp(std::chrono::milliseconds(ms)); }

Livraison InState(Statut s) {
  Livraison l = NewLivraison("liv_test", "cmd_test", Adresse{.code_postal = "69002", .ville = "Lyon"}, At(1000));
  l.statut = s;
  return l;
}

TEST(StateMachineTest, EveryTransitionIsLegalExactlyWhenTheDiagramSaysSo) {
  const std::set<std::pair<Statut, Statut>> legal = {
      {Statut::kEnPreparation, Statut::kExpediee}, {Statut::kExpediee, Statut::kEnTransit},
      {Statut::kEnTransit, Statut::kLivree},       {Statut::kEnPreparation, Statut::kEchec},
      {Statut::kExpediee, Statut::kEchec},         {Statut::kEnTransit, Statut::kEchec},
  };
  for (Statut from : kAll) {
    for (Statut to : kAll) {
      SCOPED_TRACE(std::string(StatutName(from)) + " -> " + std::string(StatutName(to)));
      absl::Status s = CheckTransition(from, to);
      if (legal.contains({from, to})) {
        EXPECT_TRUE(s.ok()) << s;
      } else {
        EXPECT_EQ(s.code(), absl::StatusCode::kFailedPrecondition);
        EXPECT_THAT(s.message(), HasSubstr(std::string(StatutName(from))));
      }
    }
  }
}

TEST(StateMachineTest, MessagesSayWhatTheCurrentStateAllows) {
  EXPECT_THAT(CheckTransition(Statut::kEnPreparation, Statut::kLivree).message(),
              HasSubstr("is EN_PREPARATION; it can go to EXPEDIEE or ECHEC, not LIVREE"));
  EXPECT_THAT(CheckTransition(Statut::kLivree, Statut::kEchec).message(), HasSubstr("is LIVREE, a final state"));
  EXPECT_THAT(CheckTransition(Statut::kEchec, Statut::kExpediee).message(), HasSubstr("is ECHEC, a final state"));
}

TEST(StateMachineTest, NextStatutFollowsTheHappyPathAndStopsAtFinalStates) {
  EXPECT_EQ(NextStatut(Statut::kEnPreparation), Statut::kExpediee);
  EXPECT_EQ(NextStatut(Statut::kExpediee), Statut::kEnTransit);
  EXPECT_EQ(NextStatut(Statut::kEnTransit), Statut::kLivree);
  EXPECT_EQ(NextStatut(Statut::kLivree), std::nullopt);
  EXPECT_EQ(NextStatut(Statut::kEchec), std::nullopt);
  for (Statut s : kAll) EXPECT_EQ(IsFinal(s), !NextStatut(s).has_value()) << StatutName(s);
}

TEST(StateMachineTest, StatutNamesRoundTrip) {
  for (Statut s : kAll) EXPECT_EQ(ParseStatut(StatutName(s)), s);
  EXPECT_EQ(ParseStatut("en_preparation"), std::nullopt);
  EXPECT_EQ(ParseStatut(""), std::nullopt);
}

TEST(LivraisonTest, NewDeliveryIsInPreparationWithItsFirstStep) {
  const Adresse adresse{"Camille Martin", "12 rue des Lilas", "", "69002", "Lyon", "FR", "+33600000000"};
  Livraison l = NewLivraison("liv_a", "cmd_a", adresse, At(5000));
  EXPECT_EQ(l.id, "liv_a");
  EXPECT_EQ(l.commande_id, "cmd_a");
  EXPECT_EQ(l.statut, Statut::kEnPreparation);
  EXPECT_EQ(l.version, 1);
  EXPECT_EQ(l.cree_le, At(5000));
  EXPECT_EQ(l.maj_le, At(5000));
  EXPECT_EQ(l.adresse, adresse);
  EXPECT_EQ(l.transporteur, CarrierFor("cmd_a"));
  EXPECT_EQ(l.numero_suivi, TrackingNumber(l.transporteur, "liv_a"));
  ASSERT_EQ(l.suivi.size(), 1u);
  EXPECT_EQ(l.suivi[0].statut, Statut::kEnPreparation);
  EXPECT_EQ(l.suivi[0].at, At(5000));
  EXPECT_FALSE(l.suivi[0].lieu.empty());
  EXPECT_FALSE(l.suivi[0].commentaire.empty());
}

TEST(LivraisonTest, ApplyStepAppendsTheStepAndBumpsTheVersion) {
  Livraison l = InState(Statut::kEnPreparation);
  absl::StatusOr<Livraison> next = ApplyStep(l, MakeStep(l, Statut::kExpediee, At(2000), "Quai 4", "Parti"));
  ASSERT_TRUE(next.ok()) << next.status();
  EXPECT_EQ(next->statut, Statut::kExpediee);
  EXPECT_EQ(next->version, l.version + 1);
  EXPECT_EQ(next->maj_le, At(2000));
  EXPECT_EQ(next->cree_le, l.cree_le);
  ASSERT_EQ(next->suivi.size(), 2u);
  EXPECT_EQ(next->suivi[1], (EvenementSuivi{Statut::kExpediee, At(2000), "Quai 4", "Parti"}));
}

TEST(LivraisonTest, ApplyStepRefusesIllegalStepsAndChangesNothing) {
  Livraison l = InState(Statut::kLivree);
  absl::StatusOr<Livraison> next = ApplyStep(l, MakeStep(l, Statut::kEchec, At(2000), "", "perdu"));
  EXPECT_EQ(next.status().code(), absl::StatusCode::kFailedPrecondition);
  Livraison p = InState(Statut::kEnPreparation);
  EXPECT_EQ(ApplyStep(p, MakeStep(p, Statut::kEnTransit, At(2000), "", "")).status().code(),
            absl::StatusCode::kFailedPrecondition);
}

TEST(LivraisonTest, StepsWithoutLieuOrCommentaireGetDefaults) {
  Livraison l = InState(Statut::kEnTransit);
  EvenementSuivi delivered = MakeStep(l, Statut::kLivree, At(3000), "", "");
  EXPECT_EQ(delivered.lieu, "69002 Lyon");
  EXPECT_EQ(delivered.commentaire, "Colis livré");
  EvenementSuivi shipped = MakeStep(InState(Statut::kEnPreparation), Statut::kExpediee, At(3000), "", "");
  EXPECT_THAT(shipped.commentaire, HasSubstr(l.numero_suivi));
}

TEST(CarriersTest, TheCarrierIsAFunctionOfTheOrderAndEveryCarrierIsUsed) {
  std::set<std::string_view> used;
  for (int i = 0; i < 60; ++i) {
    const std::string order = "cmd_" + std::to_string(i);
    EXPECT_EQ(CarrierFor(order), CarrierFor(order));
    used.insert(CarrierFor(order));
  }
  EXPECT_EQ(used, (std::set<std::string_view>{kColissimo, kChronopost, kDpd}));
}

TEST(CarriersTest, TrackingNumbersFollowEachCarriersFormat) {
  for (int i = 0; i < 50; ++i) {
    const std::string seed = "liv_" + std::to_string(i);
    EXPECT_TRUE(std::regex_match(TrackingNumber(kColissimo, seed), std::regex("6A[0-9]{11}")));
    EXPECT_TRUE(std::regex_match(TrackingNumber(kChronopost, seed), std::regex("[A-Z]{2}[0-9]{9}FR")));
    EXPECT_TRUE(std::regex_match(TrackingNumber(kDpd, seed), std::regex("[0-9]{14}")));
  }
  EXPECT_EQ(TrackingNumber(kDpd, "liv_x"), TrackingNumber(kDpd, "liv_x"));
  EXPECT_NE(TrackingNumber(kDpd, "liv_x"), TrackingNumber(kDpd, "liv_y"));
}

}  // namespace
}  // namespace parfumerie::delivery
