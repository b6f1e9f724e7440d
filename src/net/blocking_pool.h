// A named, fixed-size pool of threads for blocking work (SQLite, file I/O),
// and RunBlocking(), which lets a coroutine on an I/O thread await such work
// without blocking that thread.
//
// Lifetime: the pool must outlive every RunBlocking call made on it; Stop()
// (or the destructor) lets queued work finish, then joins the threads.
// RunBlocking and executor() are thread-safe; Stop() belongs to the owner.
#pragma once

#include <boost/asio/associated_executor.hpp>
#include <boost/asio/async_result.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/dispatch.hpp>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <exception>
#include <string>
#include <thread>
#include <type_traits>
#include <utility>
#include <vector>

#include "common/log.h"

namespace parfumerie::net {

class BlockingPool {
 public:
  using Executor = boost::asio::io_context::executor_type;

  // Starts `threads` (>= 1) threads named "<name>-<i>".
  BlockingPool(std::string name, int threads);
  ~BlockingPool();
  BlockingPool(const BlockingPool&) = delete;
  BlockingPool& operator=(const BlockingPool&) = delete;

  // Finishes queued work, then joins the threads. Idempotent.
  void Stop();

  Executor executor() { return io_.get_executor(); }

 private:
  boost::asio::io_context io_;
  boost::asio::executor_work_guard<Executor> work_;
  std::vector<std::thread> threads_;
};

namespace internal {

// The initiation of RunBlocking: runs `f` on the pool with the request's log
// context installed, then completes `handler` on its own (I/O) executor.
struct RunBlockingInitiation {
  template <typename Handler, typename F>
  void operator()(Handler handler, BlockingPool::Executor pool, log::Context ctx, F f) const {
    using R = std::invoke_result_t<F&>;
    auto work = boost::asio::make_work_guard(boost::asio::get_associated_executor(handler));
    boost::asio::post(pool, [handler = std::move(handler), work = std::move(work),
                             ctx = std::move(ctx), f = std::move(f)]() mutable {
      std::exception_ptr error;
      R result{};
      {
        log::ScopedContext scope(ctx);
        try {
          result = f();
        } catch (...) {
          error = std::current_exception();
        }
      }
      auto io = work.get_executor();
      work.reset();
      boost::asio::dispatch(
          io, [handler = std::move(handler), error, result = std::move(result)]() mutable {
            std::move(handler)(error, std::move(result));
          });
    });
  }
};

}  // namespace internal

// Runs `f()` on `pool` and resumes the awaiting coroutine on its own executor
// with the result; an exception thrown by `f` is rethrown there. `f` must
// return a default-constructible value (absl::Status, absl::StatusOr<T>).
// `context` is installed as the log context while `f` runs, so its log lines
// carry the request's ids.
//
// Not itself a coroutine: it hands back the asynchronous operation, so `f`
// is moved straight into it. Pass `f` as a named variable moved in, not as a
// lambda written inside the co_await expression: GCC 12 can destroy such a
// temporary twice (a double free seen here with a capturing lambda).
template <typename F>
boost::asio::awaitable<std::invoke_result_t<F&>> RunBlocking(BlockingPool& pool,
                                                             log::Context context, F f) {
  using R = std::invoke_result_t<F&>;
  static_assert(std::is_default_constructible_v<R>,
                "RunBlocking needs a default-constructible result");
  return boost::asio::async_initiate<decltype(boost::asio::use_awaitable),
                                     void(std::exception_ptr, R)>(
      internal::RunBlockingInitiation{}, boost::asio::use_awaitable, pool.executor(),
      std::move(context), std::move(f));
}

}  // namespace parfumerie::net
