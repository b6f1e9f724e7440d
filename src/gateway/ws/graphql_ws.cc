#include "gateway/ws/graphql_ws.h"

#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <chrono>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string_view>
#include <vector>

#include "common/log.h"
#include "gateway/ws/message.h"
#include "graphql/error.h"
#include "graphql/parser.h"
#include "graphql/subscription.h"
#include "graphql/validate.h"
#include "net/problem.h"

namespace parfumerie::gateway::ws {
namespace {

namespace asio = boost::asio;

struct Shared {
  GraphqlWsOptions options;
  const graphql::Schema& schema;
  graphql::Service& service;
  OperationContextFactory factory;
  std::shared_ptr<spdlog::logger> logger;
};

std::string ErrorsArray(const std::vector<graphql::Error>& errors) {
  std::string out = "[";
  for (size_t i = 0; i < errors.size(); ++i) {
    if (i) out.push_back(',');
    graphql::AppendErrorJson(errors[i], out);
  }
  out.push_back(']');
  return out;
}

// A request error: a response without `data` (the errors array, or empty
// when the response has data).
std::string RequestErrors(const std::string& response) {
  if (!response.starts_with("{\"errors\"")) return "";
  boost::system::error_code ec;
  boost::json::value v = boost::json::parse(response, ec);
  if (ec || !v.is_object() || v.as_object().contains("data")) return "";
  return boost::json::serialize(v.as_object().at("errors"));
}

// graphql-js getOperationAST: the operation named `name`, or the only one.
const graphql::ast::Definition* FindOperation(const graphql::Document& doc, const std::string& name) {
  const graphql::ast::Definition* found = nullptr;
  for (const auto& def : doc.definitions()) {
    if (def.kind != graphql::ast::DefinitionKind::kOperation) continue;
    if (name.empty()) {
      if (found != nullptr) return nullptr;
      found = &def;
    } else if (def.name == name) {
      return &def;
    }
  }
  return found;
}

// What the callbacks of one running operation share; they may run on any
// thread. Holds the operation's context until the last of them is gone.
struct Stream {
  Stream(std::string i, net::WebSocket w, std::shared_ptr<void> ctx)
      : id(std::move(i)), ws(std::move(w)), context(std::move(ctx)) {}
  const std::string id;
  net::WebSocket ws;
  const std::shared_ptr<void> context;

  std::mutex mu;
  bool stopped = false;  // guarded by mu: cancelled, nothing more is sent
  // While graphql::Subscribe() runs its responses are held back, since a
  // refusal is sent as an error message rather than as next.
  bool starting = true;               // guarded by mu
  std::vector<std::string> early;     // guarded by mu
  bool completed_early = false;       // guarded by mu

  bool Stop() {
    std::lock_guard lock(mu);
    bool was = stopped;
    stopped = true;
    return !was;
  }
};

class Session : public std::enable_shared_from_this<Session> {
 public:
  Session(std::shared_ptr<const Shared> shared, net::WebSocket ws)
      : shared_(std::move(shared)), ws_(std::move(ws)), init_timer_(ws_.executor()) {}

  void Start() {
    auto timeout = shared_->options.connection_init_timeout;
    if (timeout.count() <= 0) return;
    init_timer_.expires_after(timeout);
    init_timer_.async_wait([weak = weak_from_this()](const boost::system::error_code& ec) {
      auto self = weak.lock();
      if (ec || !self || self->init_received_) return;
      self->CloseWith(kCloseInitTimeout, "Connection initialisation timeout");
    });
  }

  void OnMessage(const std::string& text) {
    if (closing_) return;  // the close frame is on its way
    absl::StatusOr<ClientMessage> msg = ParseClientMessage(text);
    if (!msg.ok()) return CloseWith(kCloseBadRequest, std::string(msg.status().message()));
    switch (msg->type) {
      case ClientMessage::Type::kConnectionInit:
        if (init_received_) return CloseWith(kCloseTooManyInitialisationRequests, "Too many initialisation requests");
        init_received_ = true;
        init_timer_.cancel();
        caller_.bearer_token = BearerToken(msg->payload);
        caller_.trace = ws_.log_context();
        acknowledged_ = true;
        ws_.Send(ConnectionAckMessage());
        return;
      case ClientMessage::Type::kPing:
        ws_.Send(PongMessage(msg->payload));
        return;
      case ClientMessage::Type::kPong:
        return;
      case ClientMessage::Type::kSubscribe:
        return Subscribe(std::move(*msg));
      case ClientMessage::Type::kComplete:
        return CompleteFromClient(msg->id);
    }
  }

  // The connection is gone: cancel everything.
  void End() {
    init_timer_.cancel();
    auto operations = std::move(operations_);
    operations_.clear();
    for (auto& [id, op] : operations) Cancel(op);
  }

 private:
  struct Operation {
    std::shared_ptr<Stream> stream;
    std::shared_ptr<graphql::Subscription> subscription;  // subscriptions once started
  };

  void CloseWith(uint16_t code, std::string reason) {
    {
      log::ScopedContext scope(ws_.log_context());
      shared_->logger->info("closing the connection: {} {}", code, reason);
    }
    closing_ = true;
    ws_.Close(code, std::move(reason));
  }

  static void Cancel(Operation& op) {
    if (op.stream->Stop() && op.subscription) op.subscription->Cancel();
  }

  void CompleteFromClient(const std::string& id) {
    auto it = operations_.find(id);
    if (it == operations_.end()) return;
    Operation op = std::move(it->second);
    operations_.erase(it);
    Cancel(op);
  }

  // Whether `stream` is still the running operation of its id; if so it is
  // removed, and the caller sends its last messages.
  bool TakeOver(const std::shared_ptr<Stream>& stream) {
    auto it = operations_.find(stream->id);
    if (it == operations_.end() || it->second.stream != stream) return false;
    operations_.erase(it);
    std::lock_guard lock(stream->mu);
    return !std::exchange(stream->stopped, true);
  }

  void SendError(const std::string& id, const std::vector<graphql::Error>& errors) {
    ws_.Send(ErrorMessage(id, ErrorsArray(errors)));
  }

  void Subscribe(ClientMessage msg) {
    if (!acknowledged_) return CloseWith(kCloseUnauthorized, "Unauthorized");
    if (operations_.count(msg.id)) {
      return CloseWith(kCloseSubscriberAlreadyExists, "Subscriber for " + msg.id + " already exists");
    }
    const Shared& shared = *shared_;
    if (operations_.size() >= shared.options.max_operations) {
      return SendError(msg.id, {{"Too many operations on this connection: at most " +
                                     std::to_string(shared.options.max_operations) + " may run at once.",
                                 {}, {}, {}}});
    }
    absl::StatusOr<std::shared_ptr<void>> context =
        shared.factory ? shared.factory(caller_, ws_.executor()) : std::shared_ptr<void>();
    if (!context.ok()) {
      if (context.status().code() == absl::StatusCode::kUnauthenticated) {
        return CloseWith(kCloseForbidden, "Forbidden");
      }
      net::Problem problem = net::ProblemFromStatus(context.status(), ws_.request());
      graphql::Error error{problem.detail, {}, {}, {}};
      error.extensions["code"] = net::CanonicalCodeName(context.status().code());
      return SendError(msg.id, {error});
    }
    const auto start = std::chrono::steady_clock::now();
    graphql::ParseResult parsed = graphql::Parse(msg.query, shared.options.limits);
    if (!parsed.document) {
      RecordUnknown(start);
      return SendError(msg.id, {*parsed.error});
    }
    const graphql::ast::Definition* operation = FindOperation(*parsed.document, msg.operation_name);
    if (operation == nullptr) {
      RecordUnknown(start);
      auto errors = graphql::Validate(shared.schema, *parsed.document, shared.options.limits);
      if (errors.empty()) errors.push_back({"Unable to identify operation", {}, {}, {}});
      return SendError(msg.id, errors);
    }
    graphql::Request request;
    request.query = std::move(msg.query);
    request.operation_name = std::move(msg.operation_name);
    request.variables = std::move(msg.variables);
    request.context = context->get();
    auto stream = std::make_shared<Stream>(msg.id, ws_, std::move(*context));
    operations_[msg.id] = Operation{stream, nullptr};
    if (operation->operation == graphql::ast::OperationType::kSubscription) {
      StartSubscription(stream, std::move(request), parsed.document, operation->name);
    } else {
      StartExecution(stream, std::move(request), parsed.document, *operation, start);
    }
  }

  // An operation that could not be identified (it did not parse, or named none).
  void RecordUnknown(std::chrono::steady_clock::time_point start) {
    if (OperationMetrics* metrics = shared_->options.metrics) {
      metrics->Record(std::nullopt, "", true, SecondsSince(start));
    }
  }

  static double SecondsSince(std::chrono::steady_clock::time_point start) {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  }

  void StartExecution(std::shared_ptr<Stream> stream, graphql::Request request,
                      std::shared_ptr<const graphql::Document> document,
                      const graphql::ast::Definition& operation, std::chrono::steady_clock::time_point start) {
    OperationMetrics* metrics = shared_->options.metrics;
    shared_->service.ExecuteAsync(
        std::move(request), [weak = weak_from_this(), stream, document, metrics, type = operation.operation,
                             name = operation.name, start](std::string response) {
          // `name` views the document, which the lambda keeps alive.
          if (metrics != nullptr) metrics->Record(type, name, ResponseHasErrors(response), SecondsSince(start));
          asio::post(stream->ws.executor(), [weak, stream, document, response = std::move(response)] {
            if (auto self = weak.lock()) self->ExecutionDone(stream, *document, response);
          });
        });
  }

  void ExecutionDone(const std::shared_ptr<Stream>& stream, const graphql::Document& document,
                     const std::string& response) {
    if (!TakeOver(stream)) return;  // completed by the client meanwhile
    SendResult(stream->id, document, {response});
  }

  // The end of an operation that produced `responses` and no stream: a
  // request error (it did not validate) is an error message, anything else
  // is next messages and complete.
  void SendResult(const std::string& id, const graphql::Document& document,
                  const std::vector<std::string>& responses) {
    if (responses.size() == 1) {
      std::string errors = RequestErrors(responses.front());
      if (!errors.empty() && !graphql::Validate(shared_->schema, document, shared_->options.limits).empty()) {
        ws_.Send(ErrorMessage(id, errors));
        return;
      }
    }
    for (const auto& r : responses) ws_.Send(NextMessage(id, r));
    ws_.Send(CompleteMessage(id));
  }

  void StartSubscription(std::shared_ptr<Stream> stream, graphql::Request request,
                         std::shared_ptr<const graphql::Document> document, std::string_view name) {
    graphql::SubscriptionCallbacks callbacks;
    callbacks.on_response = [stream](std::string response) {
      std::lock_guard lock(stream->mu);
      if (stream->stopped) return;
      if (stream->starting) {
        stream->early.push_back(std::move(response));
      } else {
        stream->ws.Send(NextMessage(stream->id, response));
      }
    };
    callbacks.on_complete = [weak = weak_from_this(), stream] {
      {
        std::lock_guard lock(stream->mu);
        if (stream->stopped) return;
        if (stream->starting) {
          stream->completed_early = true;
          return;
        }
      }
      // On the strand, so that the id is free again before the client can
      // see the complete message and reuse it.
      asio::post(stream->ws.executor(), [weak, stream] {
        if (auto self = weak.lock(); self && self->TakeOver(stream)) {
          self->ws_.Send(CompleteMessage(stream->id));
        }
      });
    };
    auto subscription = graphql::Subscribe(shared_->schema, std::move(request), std::move(callbacks),
                                           shared_->options.limits);
    if (OperationMetrics* metrics = shared_->options.metrics) metrics->RecordSubscription(name, !subscription);
    std::vector<std::string> early;
    bool completed = false;
    {
      std::lock_guard lock(stream->mu);
      stream->starting = false;
      early = std::move(stream->early);
      completed = stream->completed_early;
      if (subscription && !completed) {
        // Sent under the lock: events pushed meanwhile wait, and stay in order.
        for (const auto& r : early) stream->ws.Send(NextMessage(stream->id, r));
        operations_[stream->id].subscription = std::move(subscription);
        return;
      }
    }
    if (!TakeOver(stream)) return;
    if (subscription) {
      for (const auto& r : early) ws_.Send(NextMessage(stream->id, r));
      ws_.Send(CompleteMessage(stream->id));
    } else {
      SendResult(stream->id, *document, early);
    }
  }

  const std::shared_ptr<const Shared> shared_;
  net::WebSocket ws_;
  // Strand only.
  asio::steady_timer init_timer_;
  bool init_received_ = false;
  bool acknowledged_ = false;
  bool closing_ = false;
  Caller caller_;
  std::map<std::string, Operation> operations_;
};

asio::awaitable<void> Serve(std::shared_ptr<const Shared> shared, net::WebSocket ws) {
  if (ws.subprotocol() != kSubprotocol) {
    ws.Close(kCloseSubprotocolNotAcceptable, "Subprotocol not acceptable");
    while (!(co_await ws.Read()).closed) {
    }
    co_return;
  }
  auto session = std::make_shared<Session>(shared, ws);
  session->Start();
  for (;;) {
    net::WebSocketMessage m = co_await ws.Read();
    if (m.closed) break;
    session->OnMessage(m.text);
  }
  session->End();
}

}  // namespace

void RegisterGraphqlWs(net::Router& router, std::string path, GraphqlWsOptions options,
                       const graphql::Schema& schema, graphql::Service& service,
                       OperationContextFactory context_factory) {
  net::WebSocketOptions socket = options.socket;
  socket.subprotocols = {std::string(kSubprotocol)};
  auto shared = std::make_shared<const Shared>(
      Shared{std::move(options), schema, service, std::move(context_factory), log::Get("graphql-ws")});
  router.AddWebSocket(std::move(path), std::move(socket),
                      [shared](net::WebSocket ws) { return Serve(shared, std::move(ws)); });
}

}  // namespace parfumerie::gateway::ws
