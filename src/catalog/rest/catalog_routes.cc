#include "catalog/rest/catalog_routes.h"

#include <optional>
#include <string>
#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "catalog/bottle_svg.h"
#include "catalog/rest/list_params.h"
#include "catalog/rest/parfum_json.h"
#include "net/problem.h"

namespace parfumerie::catalog::rest {
namespace {

using boost::asio::awaitable;
using net::BlockingPool;
using net::Request;
using net::Response;

constexpr std::string_view kPatchTypes = "application/json, application/merge-patch+json";

// The service names fields as the domain does; the API's names differ for a
// few. Messages are "<field>: <rule>" (catalog/validation.h).
absl::Status InApiTerms(const absl::Status& s) {
  static constexpr std::pair<std::string_view, std::string_view> kRenames[] = {
      {"contenance:", "contenanceMl:"}, {"limit:", "limite:"},   {"prix_min:", "prixMin:"},
      {"prix_max:", "prixMax:"},        {"marques:", "marque:"}, {"sort:", "tri:"},
  };
  std::string message(s.message());
  for (auto [from, to] : kRenames) {
    if (message.starts_with(from)) {
      return absl::Status(s.code(), absl::StrCat(std::string(to), message.substr(from.size())));
    }
  }
  return s;
}

Response Fail(const absl::Status& s, const Request& req, std::optional<int> http_status = {}) {
  return net::StatusResponse(InApiTerms(s), req, http_status);
}

std::string ETag(int64_t version) { return absl::StrCat("\"", version, "\""); }

Response ParfumResponse(int status, const Parfum& p) {
  Response res = Response::Json(status, ParfumJson(p));
  res.headers.Set("ETag", ETag(p.version));
  return res;
}

std::string_view Trim(std::string_view v) {
  while (!v.empty() && (v.front() == ' ' || v.front() == '\t')) v.remove_prefix(1);
  while (!v.empty() && (v.back() == ' ' || v.back() == '\t')) v.remove_suffix(1);
  return v;
}

// Calls `f` on each trimmed element of a comma-separated list until it returns true.
template <typename F>
bool AnyListItem(std::string_view list, F f) {
  while (true) {
    size_t comma = list.find(',');
    if (f(Trim(list.substr(0, comma)))) return true;
    if (comma == std::string_view::npos) return false;
    list.remove_prefix(comma + 1);
  }
}

// True when the media type (parameters such as charset ignored) is one of
// `accepted`, a comma-separated list.
bool HasContentType(const Request& req, std::string_view accepted) {
  auto value = req.headers.Get("Content-Type");
  if (!value) return false;
  std::string type(Trim(value->substr(0, value->find(';'))));
  for (char& c : type) c = absl::ascii_tolower(static_cast<unsigned char>(c));
  return AnyListItem(accepted, [&](std::string_view candidate) { return type == candidate; });
}

Response UnsupportedMediaType(const Request& req, std::string_view accepted) {
  auto got = req.headers.Get("Content-Type");
  Response res =
      net::ProblemResponse(415, absl::StatusCode::kInvalidArgument,
                           absl::StrCat("Content-Type must be ", std::string(accepted), ", not '",
                                        got ? std::string(*got) : std::string("(none)"), "'"),
                           req);
  if (req.method == "PATCH") res.headers.Set("Accept-Patch", std::string(kPatchTypes));
  return res;
}

// If-Match: absent or "*" = unconditional; "\"7\"" = version 7. Weak tags never
// match (If-Match compares strongly); lists are refused for simplicity.
absl::StatusOr<std::optional<int64_t>> ParseIfMatch(const Request& req) {
  auto value = req.headers.Get("If-Match");
  if (!value) return std::optional<int64_t>();
  std::string_view v = Trim(*value);
  if (v == "*") return std::optional<int64_t>();
  bool ok = v.size() >= 3 && v.size() <= 20 && v.front() == '"' && v.back() == '"';
  std::string_view digits = ok ? v.substr(1, v.size() - 2) : std::string_view();
  ok = ok && digits.find_first_not_of("0123456789") == std::string_view::npos;
  if (!ok) {
    return absl::InvalidArgumentError(
        "If-Match must be one ETag from this API, such as \"7\", or *");
  }
  return std::optional<int64_t>(std::stoll(std::string(digits)));
}

// If-None-Match compares weakly: W/"7" matches "7".
bool NotModified(const Request& req, std::string_view etag) {
  auto inm = req.headers.Get("If-None-Match");
  if (!inm) return false;
  return AnyListItem(*inm, [&](std::string_view tag) {
    if (tag.starts_with("W/")) tag.remove_prefix(2);
    return tag == "*" || tag == etag;
  });
}

Response NotModifiedResponse(std::string etag) {
  Response res;
  res.status = 304;
  res.headers.Set("ETag", std::move(etag));
  return res;
}

// --- Handlers: coroutines with parameters by value (they outlive suspensions).

awaitable<Response> ListParfums(CatalogService* service, BlockingPool* pool, Request req) {
  auto query = ParseListParams(req.query);
  if (!query.ok()) co_return Fail(query.status(), req);
  auto list = [service, q = std::move(*query)] { return service->List(q); };
  auto page = co_await net::RunBlocking(*pool, req.context, std::move(list));
  if (!page.ok()) co_return Fail(page.status(), req);
  co_return Response::Json(200, PageJson(*page));
}

awaitable<Response> CreateParfum(CatalogService* service, BlockingPool* pool, Request req) {
  if (!HasContentType(req, "application/json"))
    co_return UnsupportedMediaType(req, "application/json");
  auto draft = ParseDraft(req.body);
  if (!draft.ok()) co_return Fail(draft.status(), req);
  auto create = [service, d = std::move(*draft)] { return service->Create(d); };
  auto created = co_await net::RunBlocking(*pool, req.context, std::move(create));
  if (!created.ok()) co_return Fail(created.status(), req);
  Response res = ParfumResponse(201, *created);
  res.headers.Set("Location", absl::StrCat("/parfums/", created->id));
  co_return res;
}

awaitable<Response> GetParfum(CatalogService* service, BlockingPool* pool, Request req) {
  auto get = [service, id = std::string(req.PathParam("id"))] { return service->Get(id); };
  auto parfum = co_await net::RunBlocking(*pool, req.context, std::move(get));
  if (!parfum.ok()) co_return Fail(parfum.status(), req);
  if (NotModified(req, ETag(parfum->version))) co_return NotModifiedResponse(ETag(parfum->version));
  co_return ParfumResponse(200, *parfum);
}

awaitable<Response> PatchParfum(CatalogService* service, BlockingPool* pool, Request req) {
  if (!HasContentType(req, kPatchTypes)) co_return UnsupportedMediaType(req, kPatchTypes);
  auto if_match = ParseIfMatch(req);
  if (!if_match.ok()) co_return Fail(if_match.status(), req);
  auto patch = ParsePatch(req.body);
  if (!patch.ok()) co_return Fail(patch.status(), req);
  auto update = [service, id = std::string(req.PathParam("id")), p = std::move(*patch),
                 v = *if_match] { return service->Update(id, p, v); };
  auto updated = co_await net::RunBlocking(*pool, req.context, std::move(update));
  if (!updated.ok()) {
    bool precondition = if_match->has_value() && absl::IsAborted(updated.status());
    co_return Fail(updated.status(), req, precondition ? std::optional<int>(412) : std::nullopt);
  }
  co_return ParfumResponse(200, *updated);
}

awaitable<Response> DeleteParfum(CatalogService* service, BlockingPool* pool, Request req) {
  auto if_match = ParseIfMatch(req);
  if (!if_match.ok()) co_return Fail(if_match.status(), req);
  auto remove = [service, id = std::string(req.PathParam("id")), v = *if_match] {
    return service->Delete(id, v);
  };
  absl::Status deleted = co_await net::RunBlocking(*pool, req.context, std::move(remove));
  if (!deleted.ok()) {
    bool precondition = if_match->has_value() && absl::IsAborted(deleted);
    co_return Fail(deleted, req, precondition ? std::optional<int>(412) : std::nullopt);
  }
  Response res;
  res.status = 204;
  co_return res;
}

awaitable<Response> AdjustStock(CatalogService* service, BlockingPool* pool, Request req) {
  if (!HasContentType(req, "application/json"))
    co_return UnsupportedMediaType(req, "application/json");
  auto if_match = ParseIfMatch(req);
  if (!if_match.ok()) co_return Fail(if_match.status(), req);
  auto change = ParseStockChange(req.body);
  if (!change.ok()) co_return Fail(change.status(), req);
  if (*if_match && change->version && **if_match != *change->version) {
    co_return Fail(absl::InvalidArgumentError(
                       "the body's 'version' and the If-Match header name different versions"),
                   req);
  }
  std::optional<int64_t> version = *if_match ? *if_match : change->version;
  auto adjust = [service, id = std::string(req.PathParam("id")), delta = change->delta, version] {
    return service->AdjustStock(id, delta, version);
  };
  auto adjusted = co_await net::RunBlocking(*pool, req.context, std::move(adjust));
  if (!adjusted.ok()) {
    bool precondition = if_match->has_value() && absl::IsAborted(adjusted.status());
    co_return Fail(adjusted.status(), req, precondition ? std::optional<int>(412) : std::nullopt);
  }
  co_return ParfumResponse(200, *adjusted);
}

awaitable<Response> BottleImage(CatalogService* service, BlockingPool* pool, Request req) {
  auto get = [service, id = std::string(req.PathParam("id"))] { return service->Get(id); };
  auto parfum = co_await net::RunBlocking(*pool, req.context, std::move(get));
  if (!parfum.ok()) co_return Fail(parfum.status(), req);
  // The picture is drawn from the perfume's fields, so its version is a
  // faithful validator.
  std::string etag = ETag(parfum->version);
  Response res = NotModified(req, etag)
                     ? NotModifiedResponse(etag)
                     : Response::WithBody(200, kSvgContentType, BottleSvg(*parfum));
  res.headers.Set("ETag", etag);
  res.headers.Set("Cache-Control", "public, max-age=300");
  co_return res;
}

awaitable<Response> ServeOpenApi(Request) {
  Response res = Response::Json(200, std::string(OpenApiDocument()));
  res.headers.Set("Cache-Control", "public, max-age=300");
  co_return res;
}

}  // namespace

void AddCatalogRoutes(net::Router& router, CatalogService& service, BlockingPool& pool) {
  CatalogService* s = &service;
  BlockingPool* p = &pool;
  // Plain lambdas returning the coroutine of a free function: no lambda
  // coroutine ever captures (the captures would die at the first co_await).
  router.Add("GET", "/parfums", [s, p](Request r) { return ListParfums(s, p, std::move(r)); });
  router.Add("POST", "/parfums", [s, p](Request r) { return CreateParfum(s, p, std::move(r)); });
  router.Add("GET", "/parfums/{id}", [s, p](Request r) { return GetParfum(s, p, std::move(r)); });
  router.Add("PATCH", "/parfums/{id}",
             [s, p](Request r) { return PatchParfum(s, p, std::move(r)); });
  router.Add("DELETE", "/parfums/{id}",
             [s, p](Request r) { return DeleteParfum(s, p, std::move(r)); });
  router.Add("POST", "/parfums/{id}/stock",
             [s, p](Request r) { return AdjustStock(s, p, std::move(r)); });
  AddImageRoute(router, service, pool);
  router.Add("GET", "/openapi.json", ServeOpenApi);
}

void AddImageRoute(net::Router& router, CatalogService& service, BlockingPool& pool) {
  CatalogService* s = &service;
  BlockingPool* p = &pool;
  router.Add("GET", "/images/parfums/{id}.svg",
             [s, p](Request r) { return BottleImage(s, p, std::move(r)); });
}

}  // namespace parfumerie::catalog::rest
