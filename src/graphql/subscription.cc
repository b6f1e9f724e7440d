#include "graphql/subscription.h"

#include <mutex>

#include "graphql/execute.h"
#include "graphql/impl/executor.h"
#include "graphql/parser.h"
#include "graphql/validate.h"

namespace parfumerie::graphql {
namespace {

class LiveSubscription final : public Subscription,
                               public EventSink::Target,
                               public std::enable_shared_from_this<LiveSubscription> {
 public:
  LiveSubscription(const Schema& schema, std::shared_ptr<const Document> document, Request request,
                   SubscriptionCallbacks callbacks)
      : schema_(schema), document_(std::move(document)), request_(std::move(request)),
        callbacks_(std::move(callbacks)) {}

  bool OnEvent(boost::json::value event) override {
    {
      std::lock_guard lock(mu_);
      if (done_) return false;
    }
    auto payload = std::make_shared<boost::json::value>(std::move(event));
    ExecuteRequest exec;
    exec.document = document_;
    exec.operation_name = request_.operation_name;
    exec.variables = request_.variables;
    exec.root_value = payload.get();
    exec.context = request_.context;
    auto self = shared_from_this();
    ExecuteAsync(schema_, std::move(exec), [self, payload](std::string response) {
      std::lock_guard lock(self->mu_);
      if (!self->done_ && self->callbacks_.on_response) self->callbacks_.on_response(std::move(response));
    });
    return true;
  }

  void OnClose(std::string error, boost::json::object extensions) override {
    std::lock_guard lock(mu_);
    if (done_) return;
    if (!error.empty() && callbacks_.on_response) {
      callbacks_.on_response(ErrorsResponse({Error{std::move(error), {}, {}, std::move(extensions)}}));
    }
    Finish();
  }

  void Cancel() override {
    std::lock_guard lock(mu_);
    if (!done_) Finish();
  }

 private:
  void Finish() {
    done_ = true;
    if (callbacks_.on_complete) callbacks_.on_complete();
  }

  const Schema& schema_;
  std::shared_ptr<const Document> document_;
  Request request_;
  SubscriptionCallbacks callbacks_;
  std::recursive_mutex mu_;
  bool done_ = false;
};

void Refuse(const SubscriptionCallbacks& callbacks, const std::string& response) {
  if (callbacks.on_response) callbacks.on_response(response);
  if (callbacks.on_complete) callbacks.on_complete();
}

}  // namespace

std::shared_ptr<Subscription> Subscribe(const Schema& schema, Request request, SubscriptionCallbacks callbacks,
                                        const Limits& limits) {
  auto parsed = Parse(request.query, limits);
  if (!parsed.document) {
    Refuse(callbacks, ErrorsResponse({*parsed.error}));
    return nullptr;
  }
  auto errors = Validate(schema, *parsed.document, limits);
  if (!errors.empty()) {
    Refuse(callbacks, ErrorsResponse(errors));
    return nullptr;
  }
  auto live = std::make_shared<LiveSubscription>(schema, parsed.document, request, callbacks);
  ExecuteRequest exec;
  exec.document = parsed.document;
  exec.operation_name = request.operation_name;
  exec.variables = request.variables;
  exec.context = request.context;
  auto execution = std::make_shared<impl::Execution>(schema, std::move(exec), nullptr);
  std::string error = execution->CreateSourceStream(EventSink(live));
  if (!error.empty()) {
    Refuse(callbacks, error);
    return nullptr;
  }
  return live;
}

}  // namespace parfumerie::graphql
