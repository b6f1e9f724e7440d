// The catalogue's REST API served over real HTTP on port 0, backed by the
// real service and an SQLite store in a fresh temporary directory.
#pragma once

#include <gtest/gtest.h>
#include <stdlib.h>

#include <atomic>
#include <boost/json.hpp>
#include <filesystem>
#include <memory>
#include <string>

#include "catalog/catalog_service.h"
#include "catalog/rest/catalog_routes.h"
#include "catalog/sqlite/sqlite_catalog_store.h"
#include "http_test_client.h"
#include "net/blocking_pool.h"
#include "net/http_server.h"

namespace parfumerie::catalog::rest {

class RestFixture : public ::testing::Test {
 public:  // helpers used by free functions of the tests too
  void SetUp() override {
    std::string tmpl = (std::filesystem::temp_directory_path() / "catalog_rest_XXXXXX").string();
    ASSERT_NE(mkdtemp(tmpl.data()), nullptr);
    dir_ = tmpl;
    auto store = OpenSqliteCatalogStore((dir_ / "catalog.db").string());
    ASSERT_TRUE(store.ok()) << store.status();
    store_ = std::move(*store);
    service_ = std::make_unique<CatalogService>(*store_);
    net::Router router;
    AddCatalogRoutes(router, *service_, pool_);
    net::HttpServerOptions options;
    options.name = "catalog-http";
    options.address = "127.0.0.1";
    options.io_threads = 2;
    options.max_body_bytes = kMaxBody;
    server_ = std::make_unique<net::HttpServer>(options, std::move(router));
    server_->SetReadinessCheck(
        [this] { return ready_ ? absl::OkStatus() : absl::UnavailableError("store not open"); });
    ASSERT_TRUE(server_->Start().ok());
    port_ = server_->port();
  }

  void TearDown() override {
    if (server_) server_->Shutdown(std::chrono::seconds(2));
    pool_.Stop();
    server_.reset();
    service_.reset();
    store_.reset();
    std::error_code ignored;
    std::filesystem::remove_all(dir_, ignored);
  }

  net::testing::Reply Call(const std::string& method, const std::string& target,
                           const std::string& body = "", net::testing::HeaderList headers = {}) {
    if (!body.empty()) {
      bool has_type = false;
      for (const auto& [name, value] : headers) has_type |= (name == "Content-Type");
      if (!has_type) headers.emplace_back("Content-Type", "application/json");
    }
    return net::testing::Fetch(port_, method, target, body, headers);
  }

  // Creates a perfume and returns its JSON.
  boost::json::object Create(const std::string& nom, const std::string& marque = "Maison Test",
                             const std::string& prix = "49.90", int stock = 5,
                             const std::string& famille = "FLORAL") {
    std::string body =
        R"({"nom":")" + nom + R"(","marque":")" + marque + R"(","famille":")" + famille +
        R"(","genre":"MIXTE","contenanceMl":50,"prix":)" + prix + R"(,"stock":)" +
        std::to_string(stock) +
        R"(,"description":"Test.","notes":{"tete":["bergamote"],"coeur":["rose"],"fond":["musc"]}})";
    auto r = Call("POST", "/parfums", body);
    EXPECT_EQ(r.status, 201) << r.body;
    return boost::json::parse(r.body).as_object();
  }

  static constexpr size_t kMaxBody = 64 * 1024;

  std::filesystem::path dir_;
  std::unique_ptr<CatalogStore> store_;
  std::unique_ptr<CatalogService> service_;
  net::BlockingPool pool_{"catalog-db", 2};
  std::unique_ptr<net::HttpServer> server_;
  uint16_t port_ = 0;
  std::atomic<bool> ready_{true};
};

}  // namespace parfumerie::catalog::rest
