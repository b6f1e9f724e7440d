// Private to the MongoDB catalogue adapter: the faces of one database (each
// keeps the shared state alive) and the keyset-pagination filter they share.
#pragma once

#include <memory>
#include <string_view>

#include "bus/outbox.h"
#include "catalog/catalog_store.h"
#include "catalog/mongo/stock_moves.h"
#include "catalog/orders/order_store.h"
#include "catalog/store_support.h"

namespace parfumerie::catalog::mongo_internal {

std::unique_ptr<CatalogStore> NewCatalogStore(std::shared_ptr<Shared> shared);
std::unique_ptr<OrderStore> NewOrderStore(std::shared_ptr<Shared> shared);
std::unique_ptr<bus::OutboxSource> NewOutboxSource(std::shared_ptr<Shared> shared);

// Appends to `filter` "strictly after (value, id)" in the order of `field`
// then _id, both ascending (direction 1) or both descending (-1):
// $or: [{field: {$gt: value}}, {field: value, _id: {$gt: id}}].
void AppendStrictlyAfter(bson_t* filter, std::string_view field, const SortValue& value, std::string_view id,
                         int direction);

}  // namespace parfumerie::catalog::mongo_internal
