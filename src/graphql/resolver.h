// The contract between the engine and the host's field resolvers.
//
// A resolver returns a FieldValue. To finish later (a call over the network,
// a batch), it takes a Completion from ResolveInfo::Defer(), returns
// FieldValue::Deferred(), and calls Completion::Resolve() exactly once, from
// any thread; the engine serialises completions of one execution internally.
// Once a resolver has called Defer(), its return value is ignored: the field
// gets whatever the Completion delivers (resolving inside the call is fine).
// The ResolveInfo and everything it references are valid only during the
// resolver call; copy what a deferred resolution needs.
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <string_view>

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

#include "absl/status/status.h"

namespace parfumerie::graphql {

class Type;
struct Field;

class FieldValue {
 public:
  enum class Kind : uint8_t { kNull, kBorrowed, kOwned, kError, kDeferred };

  static FieldValue Null() { return FieldValue(Kind::kNull); }
  // `value` must outlive the execution (for example the host's root value).
  static FieldValue Borrowed(const boost::json::value& value) {
    FieldValue v(Kind::kBorrowed);
    v.borrowed_ = &value;
    return v;
  }
  static FieldValue Owned(boost::json::value value) {
    FieldValue v(Kind::kOwned);
    v.owned_ = std::move(value);
    return v;
  }
  static FieldValue Error(std::string message, boost::json::object extensions = {}) {
    FieldValue v(Kind::kError);
    v.message_ = std::move(message);
    v.extensions_ = std::move(extensions);
    return v;
  }
  static FieldValue Deferred() { return FieldValue(Kind::kDeferred); }

  Kind kind() const { return kind_; }
  const boost::json::value& value() const {
    static const boost::json::value kNullValue;
    if (kind_ == Kind::kBorrowed) return *borrowed_;
    if (kind_ == Kind::kOwned) return owned_;
    return kNullValue;
  }
  boost::json::value TakeOwned() { return std::move(owned_); }
  const std::string& message() const { return message_; }
  const boost::json::object& extensions() const { return extensions_; }

 private:
  explicit FieldValue(Kind kind) : kind_(kind) {}
  Kind kind_;
  const boost::json::value* borrowed_ = nullptr;
  boost::json::value owned_;
  std::string message_;
  boost::json::object extensions_;
};

namespace impl {
class PendingField;
}

// Finishes a deferred field. Movable, resolve once; dropping it unresolved
// resolves the field with an error so an execution never hangs.
class Completion {
 public:
  Completion() = default;
  explicit Completion(std::shared_ptr<impl::PendingField> pending) : pending_(std::move(pending)) {}
  Completion(Completion&&) = default;
  Completion& operator=(Completion&&) = default;
  ~Completion();

  void Resolve(FieldValue value);

 private:
  std::shared_ptr<impl::PendingField> pending_;
};

class ResolveInfo {
 public:
  virtual ~ResolveInfo() = default;
  virtual const boost::json::value& parent() const = 0;
  // Coerced arguments: absent optional arguments without default are absent.
  virtual const boost::json::object& arguments() const = 0;
  virtual const Field& field() const = 0;
  virtual const Type& parent_type() const = 0;
  virtual std::string_view response_name() const = 0;
  // The host's per-request context given to Execute().
  virtual void* context() const = 0;
  virtual Completion Defer() const = 0;
};

using Resolver = std::function<FieldValue(const ResolveInfo&)>;

// Where a subscription's source stream delivers its events. Copyable; every
// copy feeds the same subscription. Push() and Close() may be called from any
// thread; after Close() (or once the subscriber has been cancelled) they do
// nothing. Push() returns false once the subscription is over, so a producer
// knows to stop.
class EventSink {
 public:
  class Target {
   public:
    virtual ~Target() = default;
    virtual bool OnEvent(boost::json::value event) = 0;
    virtual void OnClose(std::string error, boost::json::object extensions) = 0;
  };
  EventSink() = default;
  explicit EventSink(std::weak_ptr<Target> target) : target_(std::move(target)) {}

  bool Push(boost::json::value event) const {
    auto t = target_.lock();
    return t != nullptr && t->OnEvent(std::move(event));
  }
  // Ends the stream; a non-empty `error` is reported to the client first,
  // with `extensions` (e.g. {"code": "NOT_FOUND"}).
  void Close(std::string error = {}, boost::json::object extensions = {}) const {
    if (auto t = target_.lock()) t->OnClose(std::move(error), std::move(extensions));
  }

 private:
  std::weak_ptr<Target> target_;
};

// Creates the source stream of a subscription root field (spec
// CreateSourceEventStream): receives the field's coerced arguments and keeps
// `sink` to push events. An error status refuses the subscription; the
// message reaches the client as a GraphQL error, with the extensions that
// WithErrorExtensions() attached to the status.
using Subscriber = std::function<absl::Status(const ResolveInfo& info, EventSink sink)>;

// `status` carrying GraphQL error `extensions` (as a status payload), for a
// Subscriber's refusal; ErrorExtensions() reads them back (empty if none).
absl::Status WithErrorExtensions(absl::Status status, const boost::json::object& extensions);
boost::json::object ErrorExtensions(const absl::Status& status);

// Picks the object type of a value of an abstract type; returning null means
// "not resolvable" (a field error).
using TypeResolver = std::function<const Type*(const boost::json::value& value, const Type& abstract_type,
                                               void* context)>;

}  // namespace parfumerie::graphql
