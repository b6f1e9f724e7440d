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

#include "absl/container/inlined_vector.h"

namespace parfumerie::graphql {

class Arena {
 public:
  // A pooled arena takes its blocks from, and returns them to, a small
  // per-thread pool of kPooledBlock-sized blocks: executions, which come and
  // go by the thousand, then neither call malloc nor fault in fresh pages.
  enum class Mode { kOwned, kPooled };
  static constexpr size_t kPooledBlock = 64 * 1024;

  explicit Arena(size_t first_block = 4096) : next_block_(first_block) {}
  explicit Arena(Mode mode) : next_block_(kPooledBlock), pooled_(mode == Mode::kPooled) {}
  Arena(const Arena&) = delete;
  Arena& operator=(const Arena&) = delete;
  ~Arena() {
    if (!pooled_) return;
    auto& pool = Pool();
    for (size_t i = 0; i < blocks_.size(); ++i) {
      if (sizes_[i] == kPooledBlock && pool.size() < kMaxPooledBlocks) pool.push_back(std::move(blocks_[i]));
    }
  }

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
  size_t BytesUsed() const { return total_ - (capacity_ - used_); }

 private:
  static constexpr size_t kMaxPooledBlocks = 64;  // 4 MiB per thread at most.

  static std::vector<std::unique_ptr<char[]>>& Pool() {
    thread_local std::vector<std::unique_ptr<char[]>> pool;
    return pool;
  }

  void NewBlock(size_t at_least) {
    if (pooled_) {
      size_t size = at_least > kPooledBlock ? at_least : kPooledBlock;
      auto& pool = Pool();
      if (size == kPooledBlock && !pool.empty()) {
        blocks_.push_back(std::move(pool.back()));
        pool.pop_back();
      } else {
        blocks_.push_back(std::make_unique_for_overwrite<char[]>(size));
      }
      sizes_.push_back(size);
      current_ = blocks_.back().get();
      capacity_ = size;
      used_ = 0;
      total_ += size;
      return;
    }
    size_t size = next_block_ > at_least ? next_block_ : at_least;
    blocks_.push_back(std::make_unique_for_overwrite<char[]>(size));
    current_ = blocks_.back().get();
    capacity_ = size;
    used_ = 0;
    total_ += size;
    if (next_block_ < (1u << 20)) next_block_ *= 2;
  }

  // Inline: most executions need one block, and should not allocate for it.
  absl::InlinedVector<std::unique_ptr<char[]>, 2> blocks_;
  absl::InlinedVector<size_t, 2> sizes_;  // Pooled arenas only.
  char* current_ = nullptr;
  size_t capacity_ = 0;
  size_t used_ = 0;
  size_t next_block_;
  size_t total_ = 0;
  bool pooled_ = false;
};

}  // namespace parfumerie::graphql
