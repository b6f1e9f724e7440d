#!/usr/bin/env bash
# Installs what building and testing Parfumerie needs, from Debian 12 packages
# only, and nothing that is already there. Safe to run again and again.
#
#   scripts/setup.sh          install build and test dependencies
#   scripts/setup.sh --check  only report what is missing (exit 1 if anything is)
set -euo pipefail

packages=(
  # toolchain
  build-essential cmake ninja-build ccache pkg-config clang
  libclang-rt-14-dev  # libFuzzer and clang's sanitizer runtimes (only recommended by clang)
  # gRPC 1.51 + protobuf 3.21 (+ Abseil, which gRPC brings)
  libgrpc++-dev protobuf-compiler-grpc libprotobuf-dev protobuf-compiler libabsl-dev
  # Boost 1.81: Beast, Asio, JSON
  libboost1.81-dev libboost-json1.81-dev
  # storage (SQLite embedded, MongoDB wire protocol distributed), logging, CLI, config, crypto, JWT
  libsqlite3-dev libmongoc-dev libbson-dev libspdlog-dev libfmt-dev libcli11-dev libtomlplusplus-dev libsodium-dev libssl-dev libjwt-dev
  # the binary's allocator (CMakeLists.txt: PARFUMERIE_ALLOCATOR)
  libmimalloc-dev
  # Kafka adapter (librdkafka 2.0); Maven fetches the test broker's jars (scripts/kafka.sh)
  librdkafka-dev maven
  # tests and benchmarks; prometheus brings promtool, which checks our /metrics text
  libgtest-dev libgmock-dev libbenchmark-dev wrk curl python3-yaml prometheus
  python3-matplotlib  # bench/compare's charts (Debian's /usr/bin/python3)
  # the web front end's end-to-end tests drive it in headless Chromium (tests/web_e2e)
  chromium
)

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

if [[ ${#missing[@]} -eq 0 ]]; then
  echo "setup: all ${#packages[@]} Debian packages already installed"
  exit 0
fi
if [[ "${1:-}" == "--check" ]]; then
  echo "setup: missing packages: ${missing[*]}"
  exit 1
fi

echo "setup: installing ${#missing[@]} Debian package(s): ${missing[*]}"
sudo_cmd=()
[[ $(id -u) -eq 0 ]] || sudo_cmd=(sudo)
export DEBIAN_FRONTEND=noninteractive
"${sudo_cmd[@]}" apt-get update -qq
"${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
echo "setup: done"
