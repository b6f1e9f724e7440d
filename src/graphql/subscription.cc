#include "graphql/subscription.h"

#include <deque>
#include <memory>
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
    std::shared_ptr<boost::json::value> next;
    {
      std::lock_guard lock(mu_);
      if (done_ || closing_) return false;
      pending_.push_back(std::make_shared<boost::json::value>(std::move(event)));
      next = TakeNext();
    }
    if (next) Execute(std::move(next));
    return true;
  }

  void OnClose(std::string error, boost::json::object extensions) override {
    std::lock_guard lock(mu_);
    if (done_ || closing_) return;
    closing_ = true;
    close_error_ = std::move(error);
    close_extensions_ = std::move(extensions);
    if (!running_) EndIfDrained();
  }

  void Cancel() override {
    std::lock_guard lock(mu_);
    if (!done_) Finish();
  }

 private:
  // Events run one at a time, in the order they came, so that responses
  // follow their events (graphql-js maps a source stream the same way).
  // The next event to run, marking it running, or null when one is running
  // or none waits. mu_ held.
  std::shared_ptr<boost::json::value> TakeNext() {
    if (done_ || running_ || pending_.empty()) return nullptr;
    std::shared_ptr<boost::json::value> next = std::move(pending_.front());
    pending_.pop_front();
    running_ = true;
    return next;
  }

  // Once the source is closed and every event answered: the close error, if
  // any, then the end. mu_ held.
  void EndIfDrained() {
    if (done_ || !closing_ || running_ || !pending_.empty()) return;
    if (!close_error_.empty() && callbacks_.on_response) {
      callbacks_.on_response(ErrorsResponse({Error{std::move(close_error_), {}, {}, std::move(close_extensions_)}}));
    }
    Finish();
  }

  // Without mu_: the execution may complete at once, on this thread.
  void Execute(std::shared_ptr<boost::json::value> payload) {
    ExecuteRequest exec;
    exec.document = document_;
    exec.operation_name = request_.operation_name;
    exec.variables = request_.variables;
    exec.root_value = payload.get();
    exec.context = request_.context;
    ExecuteAsync(schema_, std::move(exec), [self = shared_from_this(), payload](std::string response) {
      std::shared_ptr<boost::json::value> next;
      {
        std::lock_guard lock(self->mu_);
        if (!self->done_ && self->callbacks_.on_response) self->callbacks_.on_response(std::move(response));
        self->running_ = false;
        next = self->TakeNext();
        if (!next) self->EndIfDrained();
      }
      if (next) self->Execute(std::move(next));
    });
  }

  void Finish() {
    done_ = true;
    pending_.clear();
    if (callbacks_.on_complete) callbacks_.on_complete();
  }

  const Schema& schema_;
  std::shared_ptr<const Document> document_;
  Request request_;
  SubscriptionCallbacks callbacks_;
  std::recursive_mutex mu_;
  // Guarded by mu_.
  bool done_ = false;
  bool closing_ = false;   // the source ended; done once pending_ is answered
  bool running_ = false;   // an event is being executed
  std::deque<std::shared_ptr<boost::json::value>> pending_;
  std::string close_error_;
  boost::json::object close_extensions_;
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
