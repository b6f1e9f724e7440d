#include "payment/payment_events.h"

#include <algorithm>
#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

#include "absl/strings/str_cat.h"
#include "common/log.h"
#include "parfumerie/v1/events.pb.h"
#include "trace/tracer.h"

namespace parfumerie::payment {
namespace {

constexpr std::string_view kOrderPlaced = "parfumerie.v1.OrderPlaced";
constexpr std::string_view kOrderCancelled = "parfumerie.v1.OrderCancelled";

// The log context of the event's W3C traceparent (the consumer's span), with
// its sampling decision; trace::ParseTraceParent refuses anything that could
// forge log lines.
log::Context ContextOf(std::string_view traceparent) {
  std::optional<trace::SpanContext> parent = trace::ParseTraceParent(traceparent);
  return parent ? trace::LogContextOf(*parent) : log::CurrentContext();
}

absl::Status Undecodable(const bus::Message& m) {
  return absl::InvalidArgumentError(
      absl::StrCat("payload: not a valid ", std::string(m.Type()), " (offset ", m.offset, ")"));
}

absl::Status Handle(PaymentService& service, const bus::Message& m) {
  const std::string_view type = m.Type();
  if (type != kOrderPlaced && type != kOrderCancelled) return absl::OkStatus();
  if (m.Id().empty()) return absl::InvalidArgumentError("ce_id: missing, the event cannot be deduplicated");
  const EventEnvelope envelope{std::string(m.Id()), std::string(m.Get(bus::kTraceparent).value_or(""))};
  log::ScopedContext scope(ContextOf(envelope.traceparent));

  if (type == kOrderPlaced) {
    v1::OrderPlaced e;
    if (!e.ParseFromString(m.payload)) return Undecodable(m);
    return service.HandleOrderPlaced({e.commande_id(), e.payment_method_token(), e.total_cents()}, envelope);
  }
  v1::OrderCancelled e;
  if (!e.ParseFromString(m.payload)) return Undecodable(m);
  return service.HandleOrderCancelled({e.commande_id(), e.raison(), e.refund()}, envelope);
}

}  // namespace

bus::Handler MakePaymentEventHandler(PaymentService& service) {
  return [&service](const bus::Message& m) { return Handle(service, m); };
}

namespace {

// Runs a batch of jobs on a fixed set of threads and waits for them all.
class JobPool {
 public:
  explicit JobPool(size_t threads) {
    for (size_t i = 0; i < threads; ++i) threads_.emplace_back([this] { Work(); });
  }
  ~JobPool() {
    {
      std::lock_guard lock(mu_);
      stopping_ = true;
    }
    work_.notify_all();
    for (std::thread& t : threads_) t.join();
  }

  void RunAll(std::vector<std::function<void()>> jobs) {
    std::unique_lock lock(mu_);
    jobs_ = std::move(jobs);
    next_ = 0;
    unfinished_ = jobs_.size();
    work_.notify_all();
    done_.wait(lock, [this] { return unfinished_ == 0; });
    jobs_.clear();
  }

 private:
  void Work() {
    std::unique_lock lock(mu_);
    for (;;) {
      work_.wait(lock, [this] { return stopping_ || next_ < jobs_.size(); });
      if (stopping_) return;
      std::function<void()>& job = jobs_[next_++];
      lock.unlock();
      job();
      lock.lock();
      if (--unfinished_ == 0) done_.notify_all();
    }
  }

  std::mutex mu_;
  std::condition_variable work_;
  std::condition_variable done_;
  std::vector<std::function<void()>> jobs_;  // guarded by mu_
  size_t next_ = 0;                          // guarded by mu_
  size_t unfinished_ = 0;                    // guarded by mu_
  bool stopping_ = false;                    // guarded by mu_
  std::vector<std::thread> threads_;
};

}  // namespace

bus::Preparer MakePaymentPreparer(PaymentService& service, size_t concurrency) {
  auto pool = std::make_shared<JobPool>(std::max<size_t>(concurrency, 1));
  return [&service, pool](std::span<const bus::Message* const> messages) {
    std::vector<std::function<void()>> jobs;
    for (const bus::Message* m : messages) {
      if (m->Type() != kOrderPlaced) continue;
      v1::OrderPlaced e;
      if (!e.ParseFromString(m->payload)) continue;  // the handler dead-letters it
      const std::string traceparent(m->Get(bus::kTraceparent).value_or(""));
      jobs.push_back([&service, traceparent, event = OrderPlacedEvent{e.commande_id(), e.payment_method_token(),
                                                                      e.total_cents()}] {
        log::ScopedContext scope(ContextOf(traceparent));
        service.PrepareCharge(event);
      });
    }
    if (jobs.size() >= 2) pool->RunAll(std::move(jobs));
  };
}

}  // namespace parfumerie::payment
