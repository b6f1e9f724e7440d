#include "rpc/tracing.h"

#include <optional>
#include <string>
#include <string_view>
#include <thread>

#include "common/log.h"
#include "trace/tracer.h"

namespace parfumerie::rpc::internal {
namespace {

using grpc::experimental::InterceptionHookPoints;
using grpc::experimental::InterceptorBatchMethods;

constexpr char kTraceparent[] = "traceparent";

// Names the span after "/package.Service/Method" ("package.Service/Method")
// and sets its rpc.* attributes; nothing is copied unless it is recorded.
void Describe(trace::Span& span, const char* path) {
  if (!span.recording()) return;
  const std::string_view full = path != nullptr && *path == '/' ? path + 1 : "unknown";
  const size_t slash = full.rfind('/');
  span.SetName(full);
  span.SetAttribute("rpc.system", "grpc");
  span.SetAttribute("rpc.service", full.substr(0, slash));
  span.SetAttribute("rpc.method", slash == std::string_view::npos ? std::string_view() : full.substr(slash + 1));
}

// OpenTelemetry's rule for server spans: only codes that say the server
// failed are errors (a NOT_FOUND is the client's problem).
bool IsServerError(grpc::StatusCode code) {
  switch (code) {
    case grpc::StatusCode::UNKNOWN:
    case grpc::StatusCode::DEADLINE_EXCEEDED:
    case grpc::StatusCode::UNIMPLEMENTED:
    case grpc::StatusCode::INTERNAL:
    case grpc::StatusCode::UNAVAILABLE:
    case grpc::StatusCode::DATA_LOSS:
      return true;
    default:
      return false;
  }
}

class ServerTracing final : public grpc::experimental::Interceptor {
 public:
  explicit ServerTracing(const char* method) : method_(method) {}
  ~ServerTracing() override {
    if (span_.active()) {
      span_.SetError("the call ended without a status (cancelled)");
      span_.End();
    }
    Uninstall();
  }

  void Intercept(InterceptorBatchMethods* methods) override {
    if (methods->QueryInterceptionHookPoint(InterceptionHookPoints::POST_RECV_INITIAL_METADATA)) {
      Begin(*methods->GetRecvInitialMetadata());
    }
    if (methods->QueryInterceptionHookPoint(InterceptionHookPoints::PRE_SEND_STATUS)) {
      const grpc::Status status = methods->GetSendStatus();
      span_.SetAttribute("rpc.grpc.status_code", static_cast<int>(status.error_code()));
      if (IsServerError(status.error_code())) span_.SetError(status.error_message());
      span_.End();
      span_ = trace::Span();
      Uninstall();
    }
    methods->Proceed();
  }

 private:
  void Begin(std::multimap<grpc::string_ref, grpc::string_ref>& metadata) {
    auto it = metadata.find(kTraceparent);
    std::optional<trace::SpanContext> caller;
    if (it != metadata.end()) caller = trace::ParseTraceParent(std::string_view(it->second.data(), it->second.size()));
    span_ = trace::Span::Start("grpc", trace::SpanKind::kServer, caller.value_or(trace::SpanContext{}));
    Describe(span_, method_);
    // The handler reads this one: what it passes on descends from this span.
    // The map refers to it until the call ends, and so does this interceptor.
    traceparent_ = span_.TraceParent();
    if (it != metadata.end()) {
      it->second = grpc::string_ref(traceparent_);
    } else {
      metadata.emplace(grpc::string_ref(kTraceparent), grpc::string_ref(traceparent_));
    }
    previous_ = log::SwapContext(trace::LogContextOf(span_.context()));
    installed_on_ = std::this_thread::get_id();
  }

  // Gives the thread its context back; only on the thread it was taken from
  // (a hook on another thread leaves that thread alone).
  void Uninstall() {
    if (!installed_on_ || *installed_on_ != std::this_thread::get_id()) return;
    log::SwapContext(std::move(previous_));
    installed_on_.reset();
  }

  const char* const method_;  // gRPC's, valid for the call
  trace::Span span_;
  std::string traceparent_;
  log::Context previous_;
  std::optional<std::thread::id> installed_on_;
};

class ServerTracingFactory final : public grpc::experimental::ServerInterceptorFactoryInterface {
 public:
  grpc::experimental::Interceptor* CreateServerInterceptor(grpc::experimental::ServerRpcInfo* info) override {
    const std::string_view method = info->method() != nullptr ? info->method() : "";
    // Health probes and reflection are gRPC's own (and asynchronous): no spans.
    if (method.starts_with("/grpc.")) return nullptr;
    return new ServerTracing(info->method());
  }
};

class ClientTracing final : public grpc::experimental::Interceptor {
 public:
  explicit ClientTracing(const char* method) : method_(method) {}
  ~ClientTracing() override {
    if (span_.active()) span_.SetError("the call ended without a status");
  }

  void Intercept(InterceptorBatchMethods* methods) override {
    if (methods->QueryInterceptionHookPoint(InterceptionHookPoints::PRE_SEND_INITIAL_METADATA)) {
      Begin(*methods->GetSendInitialMetadata());
    }
    if (methods->QueryInterceptionHookPoint(InterceptionHookPoints::POST_RECV_STATUS)) {
      const grpc::Status* status = methods->GetRecvStatus();
      if (status != nullptr && span_.active()) {
        span_.SetAttribute("rpc.grpc.status_code", static_cast<int>(status->error_code()));
        if (!status->ok()) span_.SetError(status->error_message());
      }
      span_.End();
      span_ = trace::Span();
    }
    methods->Proceed();
  }

 private:
  void Begin(std::multimap<std::string, std::string>& metadata) {
    auto it = metadata.find(kTraceparent);
    std::optional<trace::SpanContext> parent =
        it != metadata.end() ? trace::ParseTraceParent(it->second) : trace::CurrentContext();
    if (!parent) return;  // not inside a trace
    span_ = trace::Span::Start("grpc", trace::SpanKind::kClient, *parent);
    Describe(span_, method_);
    if (it != metadata.end()) {
      it->second = span_.TraceParent();
    } else {
      metadata.emplace(kTraceparent, span_.TraceParent());
    }
  }

  const char* const method_;  // gRPC's, valid for the call
  trace::Span span_;
};

class ClientTracingFactory final : public grpc::experimental::ClientInterceptorFactoryInterface {
 public:
  grpc::experimental::Interceptor* CreateClientInterceptor(grpc::experimental::ClientRpcInfo* info) override {
    return new ClientTracing(info->method());
  }
};

}  // namespace

std::unique_ptr<grpc::experimental::ServerInterceptorFactoryInterface> MakeServerTracing() {
  return std::make_unique<ServerTracingFactory>();
}

std::unique_ptr<grpc::experimental::ClientInterceptorFactoryInterface> MakeClientTracing() {
  return std::make_unique<ClientTracingFactory>();
}

}  // namespace parfumerie::rpc::internal
