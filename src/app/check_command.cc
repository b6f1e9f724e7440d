#include "app/check_command.h"

#include <grpcpp/create_channel.h>
#include <grpcpp/security/credentials.h>

#include <chrono>
#include <iostream>
#include <thread>

#include "check/invariants.h"
#include "check/snapshot.h"

namespace parfumerie::app {

CLI::App* AddCheckCommand(CLI::App& cli, CheckOptions& o) {
  CLI::App* check = cli.add_subcommand(
      "check", "Verify the order saga's invariants on a running shop (over gRPC); exit 0 if all "
               "hold, 1 if one is broken, 3 if the shop cannot be reached");
  check->add_option("--catalog", o.catalog, "Catalogue gRPC address")->capture_default_str();
  check->add_option("--payment", o.payment, "Payment gRPC address")->capture_default_str();
  check->add_option("--delivery", o.delivery, "Delivery gRPC address")->capture_default_str();
  check->add_option("--settle-ms", o.settle_ms,
                    "Keep re-checking this long while violations remain (orders in flight)")
      ->capture_default_str();
  return check;
}

int RunCheck(const CheckOptions& o) {
  auto channel = [](const std::string& address) {
    return grpc::CreateChannel(address, grpc::InsecureChannelCredentials());
  };
  const check::Endpoints endpoints{channel(o.catalog), channel(o.payment), channel(o.delivery)};
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(o.settle_ms);
  for (;;) {
    auto snapshot = check::FetchSnapshot(endpoints);
    if (!snapshot.ok()) {
      std::cerr << "check: cannot read the shop: " << snapshot.status().message() << "\n";
      return 3;
    }
    const auto violations = check::CheckInvariants(*snapshot);
    if (violations.empty() || std::chrono::steady_clock::now() >= deadline) {
      std::cout << "checked " << snapshot->parfums.size() << " perfumes, "
                << snapshot->commandes.size() << " orders, " << snapshot->paiements.size()
                << " payments, " << snapshot->livraisons.size() << " deliveries: ";
      if (violations.empty()) {
        std::cout << "all invariants hold\n";
        return 0;
      }
      std::cout << violations.size() << " violation(s)\n";
      for (const auto& v : violations) std::cout << "  " << v.rule << ": " << v.detail << "\n";
      return 1;
    }
    // Orders in flight settle within a few saga steps; look again shortly.
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
  }
}

}  // namespace parfumerie::app
