#include "catalog/orders/commande.h"

namespace parfumerie::catalog {
namespace {

constexpr std::string_view kStatusNames[] = {"EN_ATTENTE", "PAYEE", "EXPEDIEE", "LIVREE", "ANNULEE"};

}  // namespace

std::string_view OrderStatusName(OrderStatus s) { return kStatusNames[static_cast<int>(s)]; }

std::optional<OrderStatus> ParseOrderStatus(std::string_view name) {
  for (int i = 0; i < static_cast<int>(std::size(kStatusNames)); ++i) {
    if (kStatusNames[i] == name) return static_cast<OrderStatus>(i);
  }
  return std::nullopt;
}

int32_t Commande::Quantite() const {
  int32_t total = 0;
  for (const OrderLine& l : lignes) total += l.quantite;
  return total;
}

}  // namespace parfumerie::catalog
