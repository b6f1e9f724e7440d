#include "net/blocking_pool.h"

#include <pthread.h>

#include <algorithm>

namespace parfumerie::net {

BlockingPool::BlockingPool(std::string name, int threads) : work_(io_.get_executor()) {
  threads = std::max(threads, 1);
  for (int i = 0; i < threads; ++i) {
    threads_.emplace_back([this] { io_.run(); });
    // Linux thread names are at most 15 characters.
    std::string thread_name = (name + "-" + std::to_string(i)).substr(0, 15);
    pthread_setname_np(threads_.back().native_handle(), thread_name.c_str());
  }
}

BlockingPool::~BlockingPool() { Stop(); }

void BlockingPool::Stop() {
  work_.reset();
  for (auto& t : threads_) {
    if (t.joinable()) t.join();
  }
  threads_.clear();
}

}  // namespace parfumerie::net
