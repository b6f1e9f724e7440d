// The context of one GraphQL operation, as resolvers see it: who is calling,
// where to call the services (with the operation's deadline and trace
// context), and the batch loaders that keep one operation's lookups to a
// bounded number of calls.
//
// Tracing: the operation is a span, "graphql.operation <type> <root
// fields>", child of the transport's request span and parent of every gRPC
// call and blocking call its resolvers make; it ends with the operation.
//
// Thread-safety: none; everything runs on the operation's executor (a
// strand), where the transport starts the execution and where every gRPC
// reply is delivered.
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/post.hpp>

#include "absl/status/status.h"
#include "gateway/accounts/account.h"
#include "gateway/core/batch_loader.h"
#include "gateway/core/clients.h"
#include "gateway/core/grpc_call.h"
#include "graphql/resolver.h"
#include "net/blocking_pool.h"
#include "trace/tracer.h"

namespace parfumerie::gateway {

class OrderFeed;
namespace accounts {
class AccountService;
}

// What the resolvers are wired to; everything must outlive the schema.
struct ShopBackends {
  ServiceClients* clients = nullptr;
  accounts::AccountService* accounts = nullptr;
  net::BlockingPool* blocking = nullptr;  // runs account calls (argon2id, SQLite)
  OrderFeed* feed = nullptr;
};

// Who is calling and what they may see. Copyable, so a reply that arrives
// after its operation ended still checks against the right caller.
class Access {
 public:
  explicit Access(std::optional<accounts::Principal> principal) : principal_(std::move(principal)) {}

  const std::optional<accounts::Principal>& principal() const { return principal_; }
  bool is_admin() const { return principal_ && principal_->role == accounts::Role::kAdmin; }
  // UNAUTHENTICATED without a principal.
  absl::Status RequireSignedIn() const;
  // UNAUTHENTICATED without a principal, PERMISSION_DENIED unless ADMIN.
  absl::Status RequireAdmin() const;
  // Object-level authorisation: an ADMIN sees every order, a client only its own.
  bool MaySee(std::string_view client_id) const {
    return is_admin() || (principal_ && principal_->account_id == client_id);
  }

 private:
  std::optional<accounts::Principal> principal_;
};

class Operation {
 public:
  Operation(const ShopBackends& backends, boost::asio::any_io_executor executor,
            std::optional<accounts::Principal> principal, std::string traceparent);

  // The Operation behind a resolver's ResolveInfo::context(). A root field
  // passing through names the operation's span.
  static Operation& Of(const graphql::ResolveInfo& info) {
    auto& op = *static_cast<Operation*>(info.context());
    if (op.span_.recording()) op.NoteRootField(info);
    return op;
  }

  const Access& access() const { return access_; }

  const ShopBackends& backends() const { return backends_; }
  ServiceClients& clients() const { return *backends_.clients; }
  const boost::asio::any_io_executor& executor() const { return executor_; }
  const CallSettings& call() const { return settings_; }

  BatchLoader<v1::Parfum>& parfums() { return parfums_; }
  BatchLoader<v1::Paiement>& payments_by_order() { return payments_; }
  BatchLoader<v1::Livraison>& deliveries_by_order() { return deliveries_; }
  // A subscription starts each event with fresh data.
  void ClearCaches();

  // Runs `work` on the blocking pool, inside the operation's span, and
  // `then(result)` back on the executor.
  template <typename Work, typename Then>
  void RunBlocking(Work work, Then then) {
    boost::asio::post(backends_.blocking->executor(),
                      [work = std::move(work), then = std::move(then), executor = executor_,
                       context = trace::LogContextOf(span_.context())]() mutable {
                        auto result = [&] {
                          log::ScopedContext scope(std::move(context));
                          return work();
                        }();
                        boost::asio::post(executor, [then = std::move(then), result = std::move(result)]() mutable {
                          then(std::move(result));
                        });
                      });
  }

 private:
  void NoteRootField(const graphql::ResolveInfo& info);

  const ShopBackends backends_;
  const boost::asio::any_io_executor executor_;
  const Access access_;
  trace::Span span_;
  std::string root_fields_;  // of the span's name
  const CallSettings settings_;
  BatchLoader<v1::Parfum> parfums_;
  BatchLoader<v1::Paiement> payments_;
  BatchLoader<v1::Livraison> deliveries_;
};

// A Completion that std::function can hold (it is move-only).
class SharedCompletion {
 public:
  explicit SharedCompletion(graphql::Completion completion)
      : completion_(std::make_shared<graphql::Completion>(std::move(completion))) {}
  void Resolve(graphql::FieldValue value) const { completion_->Resolve(std::move(value)); }

 private:
  std::shared_ptr<graphql::Completion> completion_;
};

}  // namespace parfumerie::gateway
