// A bump allocator for documents and execution results.
//
// Memory is released only when the Arena is destroyed; objects placed in it
// must be trivially destructible (their destructors never run). Not
// thread-safe: one arena belongs to one document or one execution.
#pragma once

#include <cstddef>
#include <cstring>
#include <memory>
#include <span>
#include <string_view>
#include <type_traits>
#include <vector>

namespace parfumerie::graphql {

class Arena {
 public:
  explicit Arena(size_t first_block = 4096) : next_block_(first_block) {}
  Arena(const Arena&) = delete;
  Arena& operator=(const Arena&) = delete;

  void* Allocate(size_t size, size_t align) {
    size_t offset = (used_ + align - 1) & ~(align - 1);
    if (current_ == nullptr || offset + size > capacity_) {
      NewBlock(size + align);
      offset = (used_ + align - 1) & ~(align - 1);
    }
    used_ = offset + size;
    return current_ + offset;
  }

  template <typename T, typename... Args>
  T* New(Args&&... args) {
    static_assert(std::is_trivially_destructible_v<T>, "arena objects are never destroyed");
    return new (Allocate(sizeof(T), alignof(T))) T{std::forward<Args>(args)...};
  }

  // Copies `items` into the arena; the span stays valid for the arena's life.
  template <typename T>
  std::span<T> Copy(const std::vector<T>& items) {
    static_assert(std::is_trivially_destructible_v<T>, "arena objects are never destroyed");
    if (items.empty()) return {};
    T* out = static_cast<T*>(Allocate(sizeof(T) * items.size(), alignof(T)));
    std::uninitialized_copy(items.begin(), items.end(), out);
    return {out, items.size()};
  }

  std::string_view CopyString(std::string_view text) {
    if (text.empty()) return {};
    char* out = static_cast<char*>(Allocate(text.size(), 1));
    std::memcpy(out, text.data(), text.size());
    return {out, text.size()};
  }

  size_t BytesAllocated() const { return total_; }

 private:
  void NewBlock(size_t at_least) {
    size_t size = next_block_ > at_least ? next_block_ : at_least;
    blocks_.push_back(std::make_unique_for_overwrite<char[]>(size));
    current_ = blocks_.back().get();
    capacity_ = size;
    used_ = 0;
    total_ += size;
    if (next_block_ < (1u << 20)) next_block_ *= 2;
  }

  std::vector<std::unique_ptr<char[]>> blocks_;
  char* current_ = nullptr;
  size_t capacity_ = 0;
  size_t used_ = 0;
  size_t next_block_;
  size_t total_ = 0;
};

}  // namespace parfumerie::graphql
