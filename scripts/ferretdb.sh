#!/usr/bin/env bash
# Runs FerretDB 1.24 (the MongoDB wire protocol over SQLite) for the MongoDB
# stores' tests and for trying the distributed mode by hand. No Docker: the
# server is built once from the Go module proxy and cached.
#
#   scripts/ferretdb.sh start  [--dir DIR] [--port N] [--timeout S] [--uri-file F]
#   scripts/ferretdb.sh stop   [--dir DIR]
#   scripts/ferretdb.sh status [--dir DIR]
#
# start   starts FerretDB on 127.0.0.1 (a free port unless --port), its SQLite
#         files, state and log (ferretdb.log) under DIR, waits until it answers
#         a ping (at most --timeout seconds, default 60) and prints its
#         mongodb:// URI (also written to DIR/uri and to --uri-file). An
#         instance already running from DIR is reused. Exit 1 if it does not
#         come up, with the end of its log.
# stop    SIGTERM, then SIGKILL after 10 s; removes the data, keeps the log.
# status  prints the URI and exits 0 when it answers a ping, else exits 1.
#
# DIR defaults to ${TMPDIR:-/tmp}/parfumerie-ferretdb. The binary is built
# from the Go module github.com/FerretDB/FerretDB@<version> into ${XDG_CACHE_HOME:-$HOME/.cache}/parfumerie/ferretdb-<version>/
# the first time (a few minutes; needs Go and the Go module proxy).
set -euo pipefail

readonly version=v1.24.2
readonly module=github.com/FerretDB/FerretDB/cmd/ferretdb
readonly cache_dir="${XDG_CACHE_HOME:-$HOME/.cache}/parfumerie/ferretdb-${version}"
readonly binary="$cache_dir/ferretdb"

die() { echo "ferretdb.sh: $*" >&2; exit 1; }

command=${1:-}
[[ -n $command ]] || die "usage: ferretdb.sh start|stop|status [--dir DIR] [--port N] [--timeout S] [--uri-file F]"
shift
dir="${TMPDIR:-/tmp}/parfumerie-ferretdb"
port=""
timeout_s=60
uri_file=""
while [[ $# -gt 0 ]]; do
  case $1 in
    --dir) dir=$2; shift 2 ;;
    --port) port=$2; shift 2 ;;
    --timeout) timeout_s=$2; shift 2 ;;
    --uri-file) uri_file=$2; shift 2 ;;
    *) die "unknown argument '$1'" ;;
  esac
done
mkdir -p "$dir"
dir=$(cd "$dir" && pwd)
readonly pid_file="$dir/ferretdb.pid" log_file="$dir/ferretdb.log"

# Builds the pinned FerretDB into the cache once; concurrent callers wait.
# `go install module@version` is not enough: the module leaves
# build/version/version.txt for its release tooling to fill, and a binary
# built without it refuses to start. So: download the module, copy its
# source, write the version file, build that copy.
ensure_binary() {
  [[ -x $binary ]] && return 0
  command -v go >/dev/null || die "Go is needed to build FerretDB $version from $module@$version"
  mkdir -p "$cache_dir"
  (
    flock 9
    [[ -x $binary ]] && exit 0
    echo "ferretdb.sh: building FerretDB $version into $cache_dir (once, a few minutes)" >&2
    export GOTOOLCHAIN=local GOFLAGS=-buildvcs=false
    local src work
    src=$(go mod download -json "github.com/FerretDB/FerretDB@$version" | sed -n 's/^\t"Dir": "\(.*\)",$/\1/p')
    [[ -d $src ]] || die "go mod download github.com/FerretDB/FerretDB@$version failed"
    work=$(mktemp -d)
    trap 'rm -rf "$work"' EXIT
    cp -r "$src/." "$work/"
    chmod -R u+w "$work"
    echo "$version" >"$work/build/version/version.txt"
    (cd "$work" && go build -trimpath -o "$binary.tmp" ./cmd/ferretdb) >&2
    mv "$binary.tmp" "$binary"
  ) 9>"$cache_dir/.lock"
  [[ -x $binary ]] || die "building FerretDB $version produced no binary"
}

# Sends the MongoDB command {ping: 1} over OP_MSG and succeeds when the reply
# says ok: a server that accepts connections but cannot answer is not ready.
ping_port() {
  python3 - "$1" <<'PY'
import socket, struct, sys
def bson(doc):
    body = b""
    for k, v in doc.items():
        key = k.encode() + b"\0"
        if isinstance(v, int):
            body += b"\x10" + key + struct.pack("<i", v)
        else:
            s = v.encode() + b"\0"
            body += b"\x02" + key + struct.pack("<i", len(s)) + s
    return struct.pack("<i", len(body) + 5) + body + b"\0"
try:
    s = socket.create_connection(("127.0.0.1", int(sys.argv[1])), timeout=2)
    payload = struct.pack("<I", 0) + b"\0" + bson({"ping": 1, "$db": "admin"})
    s.sendall(struct.pack("<iiii", 16 + len(payload), 1, 0, 2013) + payload)
    head = s.recv(16, socket.MSG_WAITALL)
    length = struct.unpack("<i", head[:4])[0]
    reply = b""
    while len(reply) < length - 16:
        chunk = s.recv(length - 16 - len(reply))
        if not chunk: break
        reply += chunk
    # The reply's section 0 is {ok: 1.0}: a double named "ok".
    sys.exit(0 if b"\x01ok\0" + struct.pack("<d", 1.0) in reply else 1)
except Exception:
    sys.exit(1)
PY
}

# Alive and not a zombie (a server that died while this script is its parent).
alive() {
  kill -0 "$1" 2>/dev/null && [[ $(awk '{print $3}' "/proc/$1/stat" 2>/dev/null) != Z ]]
}

running_pid() {
  [[ -f $pid_file ]] || return 1
  local pid
  pid=$(cat "$pid_file")
  [[ -n $pid ]] && alive "$pid" && echo "$pid"
}

uri_of() { echo "mongodb://127.0.0.1:$1/"; }

free_port() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

publish_uri() {
  local uri
  uri=$(uri_of "$1")
  echo "$uri" >"$dir/uri"
  [[ -z $uri_file ]] || { mkdir -p "$(dirname "$uri_file")"; echo "$uri" >"$uri_file"; }
  echo "$uri"
}

cmd_start() {
  if pid=$(running_pid) && [[ -f $dir/port ]] && ping_port "$(cat "$dir/port")"; then
    publish_uri "$(cat "$dir/port")"
    return 0
  fi
  running_pid >/dev/null && cmd_stop >/dev/null  # alive but deaf: start afresh
  ensure_binary
  command -v python3 >/dev/null || die "python3 is needed to pick a port and ping FerretDB"
  [[ -n $port ]] || port=$(free_port)
  rm -rf "$dir/data" "$dir/state"
  mkdir -p "$dir/data" "$dir/state"
  echo "$port" >"$dir/port"
  # setsid: the server outlives this script (ctest runs start and stop as two tests).
  setsid "$binary" \
    --handler=sqlite --sqlite-url="file:$dir/data/" \
    --listen-addr="127.0.0.1:$port" --state-dir="$dir/state" \
    --debug-addr=- --telemetry=disable --log-level=info \
    </dev/null >>"$log_file" 2>&1 &
  echo $! >"$pid_file"
  local pid=$! deadline=$((SECONDS + timeout_s))
  until ping_port "$port"; do
    if ! alive "$pid"; then
      tail -n 20 "$log_file" >&2
      die "FerretDB exited during start (log: $log_file)"
    fi
    if ((SECONDS >= deadline)); then
      tail -n 20 "$log_file" >&2
      cmd_stop >/dev/null
      die "FerretDB did not answer a ping on 127.0.0.1:$port within ${timeout_s}s (log: $log_file)"
    fi
    sleep 0.2
  done
  publish_uri "$port"
}

cmd_stop() {
  local pid
  if pid=$(running_pid); then
    kill -TERM "$pid" 2>/dev/null || true
    local deadline=$((SECONDS + 10))
    while alive "$pid" && ((SECONDS < deadline)); do sleep 0.1; done
    if alive "$pid"; then
      echo "ferretdb.sh: FerretDB ($pid) ignored SIGTERM for 10 s; SIGKILL" >&2
      kill -KILL "$pid" 2>/dev/null || true
    fi
    echo "ferretdb.sh: stopped FerretDB ($pid)"
  else
    echo "ferretdb.sh: FerretDB was not running from $dir"
  fi
  rm -rf "$dir/data" "$dir/state" "$pid_file" "$dir/port" "$dir/uri"
}

cmd_status() {
  if running_pid >/dev/null && [[ -f $dir/port ]] && ping_port "$(cat "$dir/port")"; then
    echo "running: $(uri_of "$(cat "$dir/port")")"
    return 0
  fi
  echo "not running (dir: $dir)"
  return 1
}

case $command in
  start) cmd_start ;;
  stop) cmd_stop ;;
  status) cmd_status ;;
  *) die "unknown command '$command' (start|stop|status)" ;;
esac
