// What both end-to-end trace tests do and check: place an order through the
// gateway with a given traceparent, follow it to LIVREE, then find its trace
// id in the processes' JSON log lines and in the spans the OTLP receiver got.
#pragma once

#include <chrono>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "otlp_receiver.h"

namespace parfumerie::trace::testing {

// The caller's span, which the test plays: it is never exported.
inline constexpr char kTraceId[] = "5e1ec7ed0ddba11c0ffee0000000beef";
inline constexpr char kCallerSpanId[] = "c0ffee00c0ffee01";

struct PlacedOrder {
  std::string id;
  std::string statut;  // the last one read
};

// Signs up, tokenises a card and places an order of one demo perfume with
// `traceparent` on the passerCommande request; then waits (up to `timeout`)
// until the order is LIVREE. Failures are reported as test failures.
PlacedOrder PlaceTracedOrder(int gateway_port, const std::string& traceparent, std::chrono::milliseconds timeout);

// The loggers of the JSON log lines in `output` that carry `trace_id`.
std::set<std::string> LoggersWithTrace(const std::string& output, const std::string& trace_id);

// The spans of `trace_id` among `spans`.
std::vector<ReceivedSpan> SpansOf(const std::vector<ReceivedSpan>& spans, const std::string& trace_id);

// What the trace must hold once every process has exported: an HTTP server
// span child of the caller, the GraphQL operation, gRPC client and server
// spans of PlaceOrder, store spans named `store_span_prefix`, producer and
// consumer spans of the saga's topics; and no span whose parent is missing
// (except the caller's). Returns what is missing, empty when complete.
// One line per span (kind, name, ids, parent, service), for failure messages.
std::string DescribeTrace(const std::vector<ReceivedSpan>& spans);

std::vector<std::string> MissingFromTrace(const std::vector<ReceivedSpan>& spans, const std::string& store_span_prefix);

}  // namespace parfumerie::trace::testing
