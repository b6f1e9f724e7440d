#include "bus/message.h"

#include <google/protobuf/descriptor.h>
#include <google/protobuf/message.h>

#include <cstdio>
#include <ctime>

#include "common/ids.h"

namespace parfumerie::bus {
namespace {

// RFC 3339 in UTC with milliseconds, e.g. "2026-11-29T07:31:14.123Z".
std::string Rfc3339Utc(std::chrono::system_clock::time_point time) {
  const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(time.time_since_epoch()).count();
  // Floor division, so that instants before 1970 format correctly too.
  const int64_t secs = ms >= 0 ? ms / 1000 : (ms - 999) / 1000;
  const auto millis = static_cast<int>(ms - secs * 1000);
  const auto t = static_cast<std::time_t>(secs);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[64];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", tm.tm_year + 1900, tm.tm_mon + 1,
                tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, millis);
  return buf;
}

}  // namespace

std::string DeadLetterTopic(std::string_view topic) { return std::string(topic) + ".dlq"; }

std::optional<std::string_view> Message::Get(std::string_view name) const {
  for (const Header& h : headers) {
    if (h.name == name) return std::string_view(h.value);
  }
  return std::nullopt;
}

void Message::Set(std::string_view name, std::string value) {
  for (Header& h : headers) {
    if (h.name == name) {
      h.value = std::move(value);
      return;
    }
  }
  headers.push_back({std::string(name), std::move(value)});
}

Message MakeEvent(std::string_view topic, std::string_view key, const google::protobuf::Message& payload,
                  std::string_view source, std::chrono::system_clock::time_point time,
                  std::string_view traceparent) {
  Message m;
  m.topic = std::string(topic);
  m.key = std::string(key);
  m.payload = payload.SerializeAsString();
  m.headers = {
      {std::string(kCeSpecVersion), "1.0"},
      {std::string(kCeId), NewRandomId("evt_")},
      {std::string(kCeSource), std::string(source)},
      {std::string(kCeType), payload.GetDescriptor()->full_name()},
      {std::string(kCeSubject), std::string(key)},
      {std::string(kCeTime), Rfc3339Utc(time)},
      {std::string(kContentType), "application/protobuf"},
  };
  if (!traceparent.empty()) m.headers.push_back({std::string(kTraceparent), std::string(traceparent)});
  return m;
}

}  // namespace parfumerie::bus
