// Input rules of orders, and pagination cursors.
#include <string>

#include "catalog/orders/order_cursor.h"
#include "catalog/orders/order_validation.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace parfumerie::catalog {
namespace {

using ::testing::HasSubstr;

PlaceOrderInput Valid() {
  PlaceOrderInput in;
  in.idempotency_key = "key-1";
  in.client_id = "usr_abc";
  in.lignes = {{"prf_a", 1}, {"prf_b", 2}};
  in.adresse_livraison = {"Camille Martin", "12 rue des Lilas", "", "75011", "Paris", "FR", "+33 1 23 45 67 89"};
  in.payment_method_token = "tok_visa_4242";
  return in;
}

void ExpectInvalid(const PlaceOrderInput& in, const std::string& field) {
  absl::Status s = ValidatePlaceOrder(in);
  EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument) << field;
  EXPECT_THAT(std::string(s.message()), HasSubstr(field));
}

TEST(OrderValidationTest, AValidOrderPasses) { EXPECT_TRUE(ValidatePlaceOrder(Valid()).ok()); }

TEST(OrderValidationTest, NormalizeTrimsAndMergesDuplicateLines) {
  PlaceOrderInput in = Valid();
  in.lignes = {{" prf_a ", 2}, {"prf_b", 1}, {"prf_a", 3}};
  in.adresse_livraison.ville = "  Lyon ";
  NormalizePlaceOrder(in);
  ASSERT_EQ(in.lignes.size(), 2u);
  EXPECT_EQ(in.lignes[0], (RequestedLine{"prf_a", 5}));
  EXPECT_EQ(in.lignes[1], (RequestedLine{"prf_b", 1}));
  EXPECT_EQ(in.adresse_livraison.ville, "Lyon");
}

TEST(OrderValidationTest, LineLimits) {
  PlaceOrderInput none = Valid();
  none.lignes.clear();
  ExpectInvalid(none, "lignes");

  PlaceOrderInput many = Valid();
  many.lignes.clear();
  for (int i = 0; i < 21; ++i) many.lignes.push_back({"prf_" + std::to_string(i), 1});
  ExpectInvalid(many, "lignes");
  many.lignes.pop_back();
  EXPECT_TRUE(ValidatePlaceOrder(many).ok());

  for (int q : {0, -1, 11}) {
    PlaceOrderInput in = Valid();
    in.lignes[1].quantite = q;
    ExpectInvalid(in, "lignes[1].quantite");
  }
  // Merged lines count together.
  PlaceOrderInput merged = Valid();
  merged.lignes = {{"prf_a", 6}, {"prf_a", 5}};
  NormalizePlaceOrder(merged);
  ExpectInvalid(merged, "lignes[0].quantite");

  PlaceOrderInput bad_id = Valid();
  bad_id.lignes[0].parfum_id = "prf a;DROP";
  ExpectInvalid(bad_id, "lignes[0].parfum_id");
}

TEST(OrderValidationTest, AddressRules) {
  struct Case {
    std::string Adresse::*field;
    std::string value;
    std::string name;
  };
  const Case cases[] = {
      {&Adresse::nom_complet, "", "adresse.nom_complet"},
      {&Adresse::nom_complet, std::string(101, 'a'), "adresse.nom_complet"},
      {&Adresse::ligne1, "", "adresse.ligne1"},
      {&Adresse::ligne1, "12 rue\n des Lilas", "adresse.ligne1"},
      {&Adresse::ligne2, std::string(201, 'b'), "adresse.ligne2"},
      {&Adresse::code_postal, "", "adresse.code_postal"},
      {&Adresse::code_postal, "75<011", "adresse.code_postal"},
      {&Adresse::ville, "", "adresse.ville"},
      {&Adresse::ville, "\xC3", "adresse.ville"},
      {&Adresse::pays, "", "adresse.pays"},
      {&Adresse::pays, "fr", "adresse.pays"},
      {&Adresse::pays, "FRA", "adresse.pays"},
      {&Adresse::pays, "XX", "adresse.pays"},
      {&Adresse::telephone, "call me", "adresse.telephone"},
  };
  for (const Case& c : cases) {
    PlaceOrderInput in = Valid();
    in.adresse_livraison.*c.field = c.value;
    ExpectInvalid(in, c.name);
  }
  PlaceOrderInput accents = Valid();
  accents.adresse_livraison.nom_complet = "Zoë Lefèvre-Würth";
  accents.adresse_livraison.pays = "DE";
  accents.adresse_livraison.telephone = "";
  EXPECT_TRUE(ValidatePlaceOrder(accents).ok());
  for (const char* code : {"FR", "BE", "CH", "LU", "MC", "DE", "GB", "US", "ZW", "AD"}) {
    EXPECT_TRUE(IsIsoCountryCode(code)) << code;
  }
  EXPECT_FALSE(IsIsoCountryCode("UK"));
  EXPECT_FALSE(IsIsoCountryCode("EU"));
}

TEST(OrderValidationTest, KeyClientAndToken) {
  PlaceOrderInput long_key = Valid();
  long_key.idempotency_key = std::string(256, 'k');
  ExpectInvalid(long_key, "idempotency_key");
  long_key.idempotency_key = std::string(255, 'k');
  EXPECT_TRUE(ValidatePlaceOrder(long_key).ok());

  PlaceOrderInput spaced = Valid();
  spaced.idempotency_key = "a b";
  ExpectInvalid(spaced, "idempotency_key");

  PlaceOrderInput no_key = Valid();
  no_key.idempotency_key.clear();
  EXPECT_TRUE(ValidatePlaceOrder(no_key).ok());

  PlaceOrderInput no_client = Valid();
  no_client.client_id.clear();
  ExpectInvalid(no_client, "client_id");

  PlaceOrderInput no_token = Valid();
  no_token.payment_method_token.clear();
  ExpectInvalid(no_token, "payment_method_token");
  no_token.payment_method_token = "4242 4242 4242 4242";
  ExpectInvalid(no_token, "payment_method_token");
}

TEST(OrderValidationTest, FingerprintIsTheNormalizedContent) {
  PlaceOrderInput a = Valid();
  PlaceOrderInput b = Valid();
  b.lignes = {{"prf_a", 1}, {"prf_b", 1}, {"prf_b", 1}};
  b.adresse_livraison.ville = " Paris ";
  NormalizePlaceOrder(a);
  NormalizePlaceOrder(b);
  EXPECT_EQ(RequestFingerprint(a), RequestFingerprint(b));
  EXPECT_EQ(RequestFingerprint(a).size(), 64u);

  for (auto change : std::initializer_list<void (*)(PlaceOrderInput&)>{
           [](PlaceOrderInput& in) { in.lignes[0].quantite = 2; },
           [](PlaceOrderInput& in) { in.client_id = "usr_other"; },
           [](PlaceOrderInput& in) { in.adresse_livraison.ligne2 = "Bât. B"; },
           [](PlaceOrderInput& in) { in.payment_method_token = "tok_other"; },
       }) {
    PlaceOrderInput c = Valid();
    change(c);
    NormalizePlaceOrder(c);
    EXPECT_NE(RequestFingerprint(a), RequestFingerprint(c));
  }
}

TEST(OrderValidationTest, QueryAndReason) {
  OrderQuery q;
  EXPECT_TRUE(ValidateOrderQuery(q).ok());
  q.limit = 0;
  EXPECT_FALSE(ValidateOrderQuery(q).ok());
  q.limit = 101;
  EXPECT_FALSE(ValidateOrderQuery(q).ok());
  EXPECT_TRUE(ValidateRaison("").ok());
  EXPECT_TRUE(ValidateRaison("je me suis trompé de parfum").ok());
  EXPECT_FALSE(ValidateRaison(std::string(501, 'x')).ok());
  EXPECT_FALSE(ValidateRaison("a\x01").ok());
}

TEST(OrderCursorTest, RoundTripsAndIsBoundToItsFilters) {
  OrderQuery q;
  q.client_id = "usr_a";
  q.statut = OrderStatus::kPayee;
  q.cursor = EncodeOrderCursor(q, {1'800'000'000'123, "cmd_x"});
  absl::StatusOr<OrderCursor> c = DecodeOrderCursor(q);
  ASSERT_TRUE(c.ok()) << c.status();
  EXPECT_EQ(*c, (OrderCursor{1'800'000'000'123, "cmd_x"}));

  OrderQuery other = q;
  other.statut.reset();
  EXPECT_THAT(std::string(DecodeOrderCursor(other).status().message()), HasSubstr("other filters"));

  for (const char* bad : {"!!", "bzE", "", "b3wxfHx4fGNtZA"}) {
    OrderQuery broken = q;
    broken.cursor = bad;
    if (broken.cursor.empty()) continue;
    EXPECT_EQ(DecodeOrderCursor(broken).status().code(), absl::StatusCode::kInvalidArgument) << bad;
  }
}

}  // namespace
}  // namespace parfumerie::catalog
