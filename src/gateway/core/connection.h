// Relay connections (first/after, edges/node, pageInfo) over the services'
// forward-only page tokens.
//
// A cursor says where the list continues after its edge: the page token a
// service gave for the next page (the last edge of a page), or the token the
// page started from plus how many items of it to skip. Clients treat cursors
// as opaque (base64url).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>

#include "absl/status/statusor.h"

namespace parfumerie::gateway {

inline constexpr int kMaxFirst = 100;  // the services' largest page

// What to ask a service for, from the `first` and `after` arguments.
struct PageQuery {
  int first = 20;
  std::string page_token;
  int skip = 0;      // items of that page already seen
  int page_size = 0; // to ask for: skip + first, at most kMaxFirst
  bool after_given = false;
};

// INVALID_ARGUMENT "first: ..." or "after: ..." for values a client got wrong.
absl::StatusOr<PageQuery> ReadPageArguments(const boost::json::object& arguments);

// The connection value for the `nodes` a service returned for `query`
// (all of them: the ones to skip included) and its next page token.
boost::json::object MakeConnection(const PageQuery& query, boost::json::array nodes,
                                   const std::string& next_page_token, int64_t total);

}  // namespace parfumerie::gateway
