// A minimal streaming JSON writer for response bodies.
//
// Boost.JSON would print a price of 49.90 as 4.99E1; the API promises plain
// decimals, so responses are written with this writer, which takes numbers
// as already formatted text where their format matters (RawNumber).
// Misuse (a value without a key inside an object) is a programming error and
// is not detected. Not thread-safe.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace parfumerie::net {

class JsonWriter {
 public:
  JsonWriter& BeginObject();
  JsonWriter& EndObject();
  JsonWriter& BeginArray();
  JsonWriter& EndArray();
  JsonWriter& Key(std::string_view key);
  JsonWriter& String(std::string_view value);
  JsonWriter& Int(int64_t value);
  JsonWriter& Bool(bool value);
  JsonWriter& Null();
  // `number` must be a valid JSON number literal, such as "49.90".
  JsonWriter& RawNumber(std::string_view number);
  // `json` must be one complete, valid JSON value.
  JsonWriter& RawValue(std::string_view json);

  const std::string& str() const { return out_; }
  std::string Take() { return std::move(out_); }

 private:
  void BeforeValue();

  std::string out_;
  // One entry per open container: whether it already has a member/element.
  std::vector<bool> has_items_;
  bool after_key_ = false;
};

}  // namespace parfumerie::net
