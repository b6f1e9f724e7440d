// Subscriptions (spec 6.2.3): Subscribe() validates the request, creates the
// source stream through the root field's Subscriber, then executes the
// operation once per event with the event as root value (so the root field
// reads its value from the event, as graphql-js mapSourceToResponse does).
//
// Events are executed one at a time, in the order they were pushed, and each
// response reaches `on_response` before the next event's execution starts (as
// graphql-js maps a source stream); events pushed meanwhile wait in a queue.
// When the source closes, the events already pushed are still answered, then
// the close error if any, then `on_complete`, which runs once when the stream
// ends or is cancelled.
// Thread-safety: events may be pushed from any thread; Cancel() may be called
// from any thread, also from inside the callbacks.
#pragma once

#include <functional>
#include <memory>
#include <string>

#include "graphql/limits.h"
#include "graphql/schema.h"
#include "graphql/service.h"

namespace parfumerie::graphql {

class Subscription {
 public:
  virtual ~Subscription() = default;
  // Stops the stream: no response is delivered after Cancel() returns.
  virtual void Cancel() = 0;
};

struct SubscriptionCallbacks {
  std::function<void(std::string response)> on_response;
  std::function<void()> on_complete;
};

// On success returns the live subscription. When the request cannot start a
// stream (syntax, validation, variables, not a subscription, a refusing
// subscriber) returns null and sends the error response to `on_response`
// followed by `on_complete`.
std::shared_ptr<Subscription> Subscribe(const Schema& schema, Request request, SubscriptionCallbacks callbacks,
                                        const Limits& limits = {});

}  // namespace parfumerie::graphql
