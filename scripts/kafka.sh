#!/usr/bin/env bash
# A single-node Apache Kafka (KRaft, broker + controller in one JVM) for tests
# and local runs of the distributed mode, with the machine's Java 17 and jars
# from Maven Central (scripts/kafka/pom.xml), cached between runs.
#
#   scripts/kafka.sh start  [--dir DIR] [--port PORT] [--partitions N]
#                           [--timeout SECS] [--max-lifetime SECS]
#   scripts/kafka.sh stop   [--dir DIR]
#   scripts/kafka.sh status [--dir DIR]
#
# start formats fresh storage in DIR/data, starts the broker listening on
# 127.0.0.1:PORT (a free port by default), waits until it answers a metadata
# request (at most --timeout seconds, default 60), writes the bootstrap address
# to DIR/bootstrap and prints it. A broker already running in DIR is stopped
# first. With --max-lifetime the broker is killed after that many seconds even
# if nobody calls stop (a test run that was itself killed leaves nothing).
# stop sends SIGTERM, then SIGKILL after 20 s, and removes DIR/data (and DIR
# itself when it was the default one). The broker's log is DIR/kafka.log.
#
# DIR defaults to $TMPDIR/parfumerie-kafka-$UID. Environment:
#   PARFUMERIE_KAFKA_VERSION  broker version (default below; see docs/kafka.md)
#   PARFUMERIE_KAFKA_CACHE    where the jars are kept
#                             (default ${XDG_CACHE_HOME:-~/.cache}/parfumerie/kafka-VERSION)
#   PARFUMERIE_KAFKA_HEAP     JVM heap options (default -Xms256m -Xmx512m)
set -euo pipefail

readonly kDefaultVersion=4.4.0
script_dir="$(cd "$(dirname "$0")" && pwd)"
version="${PARFUMERIE_KAFKA_VERSION:-$kDefaultVersion}"
cache="${PARFUMERIE_KAFKA_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/parfumerie/kafka-$version}"
default_dir="${TMPDIR:-/tmp}/parfumerie-kafka-$(id -u)"

die() { echo "kafka.sh: $*" >&2; exit 1; }

usage() { sed -n '2,/^set -euo/p' "$0" | sed '$d' | sed 's/^# \{0,1\}//'; exit 2; }

# --- options ------------------------------------------------------------------
cmd="${1:-}"
[[ -n "$cmd" ]] || usage
shift
dir="$default_dir"
port=""
partitions=4
timeout=60
max_lifetime=""
while [[ $# -gt 0 ]]; do
  case "$1" in
    --dir) dir="$2"; shift 2 ;;
    --port) port="$2"; shift 2 ;;
    --partitions) partitions="$2"; shift 2 ;;
    --timeout) timeout="$2"; shift 2 ;;
    --max-lifetime) max_lifetime="$2"; shift 2 ;;
    -h|--help) usage ;;
    *) die "unknown option $1 (see --help)" ;;
  esac
done
mkdir -p "$dir"
dir="$(cd "$dir" && pwd)"
pid_file="$dir/kafka.pid"
watchdog_file="$dir/watchdog.pid"

# --- jars ---------------------------------------------------------------------
fetch_jars() {
  [[ -f "$cache/complete" ]] && return 0
  command -v mvn >/dev/null || die "mvn not found (scripts/setup.sh installs maven)"
  mkdir -p "$cache"
  (
    flock 9  # concurrent starts fetch once
    if [[ ! -f "$cache/complete" ]]; then
      echo "kafka.sh: fetching Kafka $version jars from Maven Central into $cache" >&2
      rm -rf "$cache/lib"
      mvn -q -B -f "$script_dir/kafka/pom.xml" -Dkafka.version="$version" \
        dependency:copy-dependencies -DincludeScope=runtime -DoutputDirectory="$cache/lib" >&2 ||
        die "mvn could not fetch Kafka $version"
      touch "$cache/complete"
    fi
  ) 9>"$cache/.lock"
}

# --- processes ----------------------------------------------------------------
# The pid in $1 if that process is alive and is the broker of this dir (a pid
# file may outlive its process, and pids are reused).
our_broker() {
  local pid
  pid="$(cat "$1" 2>/dev/null)" || return 1
  [[ -n "$pid" && -r "/proc/$pid/cmdline" ]] || return 1
  tr '\0' ' ' <"/proc/$pid/cmdline" | grep -qF -- "$dir/server.properties" || return 1
  echo "$pid"
}

free_port() {
  if command -v python3 >/dev/null; then
    python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])' && return
  fi
  local p
  for _ in $(seq 50); do
    p=$((20000 + RANDOM % 40000))
    ss -Htln "sport = :$p" | grep -q . || { echo "$p"; return; }
  done
  die "no free port found"
}

# True when 127.0.0.1:$1 answers a Metadata v4 request (v4: accepted by 3.x
# and 4.x brokers) listing at least one broker.
metadata_answered() {
  local reply
  reply="$(timeout 3 bash -c '
    exec 3<>/dev/tcp/127.0.0.1/'"$1"' || exit 1
    # size 20 | api_key 3 | version 4 | correlation 7 | client "probe" | all topics (-1) | no auto-create
    printf "\x00\x00\x00\x14\x00\x03\x00\x04\x00\x00\x00\x07\x00\x05probe\xff\xff\xff\xff\x00" >&3
    head -c 16 <&3 | od -An -v -tx1' 2>/dev/null)" || return 1
  reply="$(echo $reply)"
  # size(4) correlation(4) throttle(4) broker count(4)
  [[ "$reply" =~ ^([0-9a-f]{2}\ ){4}00\ 00\ 00\ 07\ ([0-9a-f]{2}\ ){4}([0-9a-f]{2}\ [0-9a-f]{2}\ [0-9a-f]{2}\ [0-9a-f]{2})$ ]] || return 1
  [[ "${BASH_REMATCH[3]}" != "00 00 00 00" ]]
}

write_config() {  # port controller_port
  cat >"$dir/server.properties" <<EOF
process.roles=broker,controller
node.id=1
controller.quorum.voters=1@127.0.0.1:$2
listeners=PLAINTEXT://127.0.0.1:$1,CONTROLLER://127.0.0.1:$2
advertised.listeners=PLAINTEXT://127.0.0.1:$1
controller.listener.names=CONTROLLER
inter.broker.listener.name=PLAINTEXT
listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT
log.dirs=$dir/data
num.partitions=$partitions
# Clients create their topics (the adapter does, with its partition count).
auto.create.topics.enable=false
offsets.topic.replication.factor=1
offsets.topic.num.partitions=$partitions
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
transaction.state.log.num.partitions=$partitions
# One node: a group need not wait for more members before its first assignment.
group.initial.rebalance.delay.ms=0
EOF
  cat >"$dir/log4j.properties" <<EOF
log4j.rootLogger=INFO, file
log4j.appender.file=org.apache.log4j.FileAppender
log4j.appender.file.File=$dir/kafka.log
log4j.appender.file.layout=org.apache.log4j.PatternLayout
log4j.appender.file.layout.ConversionPattern=[%d] %p %m (%c)%n
log4j.logger.kafka.request.logger=WARN
log4j.logger.state.change.logger=WARN
EOF
}

# The JVM command line, in the array `java`.
set_java_cmd() {
  local heap
  read -r -a heap <<<"${PARFUMERIE_KAFKA_HEAP:--Xms256m -Xmx512m}"
  # C1 only and the serial collector: the broker is up sooner, which matters
  # more here than peak throughput.
  java=(java "${heap[@]}" -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Djava.awt.headless=true
    -Dlog4j.configuration="file:$dir/log4j.properties" -cp "$cache/lib/*")
}

stop() {
  local pid
  if [[ -f "$watchdog_file" ]]; then
    pid="$(cat "$watchdog_file")"
    # The watchdog is a subshell of a previous start: only kill it if its
    # command line still names this dir.
    if [[ -r "/proc/$pid/cmdline" ]] && tr '\0' ' ' <"/proc/$pid/cmdline" | grep -qF -- "kafka.sh"; then
      kill "$pid" 2>/dev/null || true
    fi
    rm -f "$watchdog_file"
  fi
  if pid="$(our_broker "$pid_file")"; then
    kill -TERM "$pid" 2>/dev/null || true
    for _ in $(seq 200); do  # 20 s
      [[ -d "/proc/$pid" ]] || break
      sleep 0.1
    done
    if [[ -d "/proc/$pid" ]]; then
      echo "kafka.sh: broker $pid ignored SIGTERM for 20 s, killing it" >&2
      kill -KILL "$pid" 2>/dev/null || true
      for _ in $(seq 50); do [[ -d "/proc/$pid" ]] || break; sleep 0.1; done
    fi
  fi
  rm -f "$pid_file" "$dir/bootstrap"
  rm -rf "$dir/data"
  if [[ "$dir" == "$default_dir" ]]; then rm -rf "$dir"; fi
}

start_once() {  # port; returns 3 if the ports were taken meanwhile
  local bport="$1" cport cluster_id pid
  cport="$(free_port)"
  rm -rf "$dir/data" "$dir/kafka.log" "$dir/kafka.out" "$dir/bootstrap"
  write_config "$bport" "$cport"
  # A cluster id is 16 random bytes in URL-safe base64 without padding.
  # Never starting with "-", which the formatter would read as an option.
  cluster_id="$(head -c 16 /dev/urandom | base64 | tr '+/' '-_' | tr -d '=')"
  while [[ $cluster_id == -* ]]; do
    cluster_id="$(head -c 16 /dev/urandom | base64 | tr '+/' '-_' | tr -d '=')"
  done
  set_java_cmd
  "${java[@]}" kafka.tools.StorageTool format --ignore-formatted -t "$cluster_id" \
    -c "$dir/server.properties" >"$dir/kafka.out" 2>&1 || {
    cat "$dir/kafka.out" >&2
    die "formatting storage failed"
  }
  # setsid: the broker does not get the terminal's (or ctest's) signals meant
  # for this script; stop (or the watchdog) ends it.
  setsid "${java[@]}" kafka.Kafka "$dir/server.properties" >>"$dir/kafka.out" 2>&1 </dev/null &
  pid=$!
  echo "$pid" >"$pid_file"
  local deadline=$((SECONDS + timeout))
  while ((SECONDS < deadline)); do
    if [[ ! -d "/proc/$pid" ]]; then
      grep -q "Address already in use" "$dir/kafka.out" "$dir/kafka.log" 2>/dev/null && return 3
      tail -n 30 "$dir/kafka.out" "$dir/kafka.log" >&2 2>/dev/null || true
      die "the broker exited during start-up (log: $dir/kafka.log)"
    fi
    if metadata_answered "$bport"; then
      echo "127.0.0.1:$bport" >"$dir/bootstrap"
      return 0
    fi
    sleep 0.2
  done
  tail -n 30 "$dir/kafka.log" >&2 2>/dev/null || true
  stop
  die "the broker did not answer a metadata request within $timeout s"
}

start() {
  command -v java >/dev/null || die "java not found (Java 17: openjdk-17-jre-headless)"
  fetch_jars
  stop  # whatever a previous run left in this dir
  mkdir -p "$dir"
  local attempt rc
  for attempt in 1 2 3; do
    rc=0
    start_once "${port:-$(free_port)}" || rc=$?
    [[ $rc -eq 3 && -z "$port" ]] || break
    echo "kafka.sh: port taken meanwhile, retrying ($attempt)" >&2
  done
  [[ $rc -eq 0 ]] || die "could not start the broker (log: $dir/kafka.log)"
  if [[ -n "$max_lifetime" ]]; then
    # Not stopped in time (the test run was killed): end the broker anyway.
    (
      exec >/dev/null 2>&1 </dev/null
      trap 'exit 0' TERM
      end=$((SECONDS + max_lifetime))
      while ((SECONDS < end)); do sleep 1; done
      rm -f "$watchdog_file"
      exec "$0" stop --dir "$dir"
    ) &
    echo "$!" >"$watchdog_file"
  fi
  cat "$dir/bootstrap"
}

status() {
  local pid
  if pid="$(our_broker "$pid_file")" && [[ -f "$dir/bootstrap" ]] &&
    metadata_answered "$(cut -d: -f2 "$dir/bootstrap")"; then
    echo "running pid $pid on $(cat "$dir/bootstrap") (Kafka $version, dir $dir)"
  else
    echo "stopped"
    return 1
  fi
}

case "$cmd" in
  start) start ;;
  stop) stop ;;
  status) status ;;
  *) usage ;;
esac
