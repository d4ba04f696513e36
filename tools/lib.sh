# Shared by tools/run, tools/test and tools/bench: Azurite from the repo's own pinned install.
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
azurite_dir="$root/tools/azurite"
azurite_key="Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw=="

# The service's runtime settings that the runtime reads from the environment only, not from runtimeconfig.json, as
# NAME=VALUE pairs: tools/run starts the host with them, and so does the bench (tools/Assessment.Bench/HostProcess.cs).
# DOTNET_GCgen0size: generation 0 of 64 MiB (the default here is 16 MiB), so that an import's buffers die there instead
# of piling up in generation 2 until a full collection; the host's peak (bench B6) fell from ~870–1,080 to
# ~730–790 MiB (docs/decisions.md, "Start-up and memory").
export ASSESSMENT_HOST_ENV="${ASSESSMENT_HOST_ENV-DOTNET_GCgen0size=0x4000000}"

# Installs Azurite (version and lock file in tools/azurite) into the repo when it is missing.
ensure_azurite() {
  if [ ! -x "$azurite_dir/node_modules/.bin/azurite-table" ]; then
    command -v npm >/dev/null || { echo "npm is needed to install Azurite: install Node.js and npm first" >&2; exit 1; }
    echo "Installing Azurite (first run only)…"
    (cd "$azurite_dir" && npm ci --no-audit --no-fund --loglevel=error) || { echo "Azurite install failed" >&2; exit 1; }
  fi
}

# Installs the OpenAPI linter that tools/test runs (version and lock file in tools/openapi) when it is missing.
ensure_openapi_lint() {
  if [ ! -x "$root/tools/openapi/node_modules/.bin/redocly" ]; then
    echo "Installing the OpenAPI linter (first run only)…"
    (cd "$root/tools/openapi" && npm ci --no-audit --no-fund --loglevel=error) || { echo "OpenAPI linter install failed" >&2; exit 1; }
  fi
}

# The browser tests drive Debian's chromium (Playwright's own downloads are not used); fonts-noto-cjk shows Chinese.
ensure_chromium() {
  if [ ! -x /usr/bin/chromium ] || ! dpkg -s fonts-noto-cjk >/dev/null 2>&1; then
    echo "Installing chromium and CJK fonts for the browser tests (first run only)…"
    local sudo=""; [ "$(id -u)" -ne 0 ] && sudo="sudo"
    $sudo apt-get update -qq >/dev/null && DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq chromium fonts-noto-cjk >/dev/null \
      || { echo "chromium install failed (apt-get install chromium fonts-noto-cjk)" >&2; exit 1; }
  fi
}

port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

free_port() { node -e "const s=require('net').createServer();s.listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})"; }

# connection_string TABLE_PORT [BLOB_PORT]: both services of the local Azurite (blob port: the one start_azurite used).
connection_string() {
  local blob="${2:-${blob_port:-10000}}"
  echo "DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=$azurite_key;TableEndpoint=http://127.0.0.1:$1/devstoreaccount1;BlobEndpoint=http://127.0.0.1:$blob/devstoreaccount1;"
}

# running PID: whether the process runs (a child that has exited but is not waited for yet, a zombie, does not).
running() {
  kill -0 "$1" 2>/dev/null || return 1
  ! grep -qs '^State:[[:space:]]*Z' "/proc/$1/status"
}

# detached COMMAND…: execs COMMAND (same pid) in a session and process group of its own, out of reach of the
# Ctrl-C that a terminal sends to its whole foreground process group. setsid is util-linux; elsewhere perl.
detached() {
  command -v setsid >/dev/null && exec setsid "$@"
  exec perl -MPOSIX -e 'POSIX::setsid(); exec { $ARGV[0] } @ARGV or die "$ARGV[0]: $!\n"' "$@"
}

# start_azurite PORT LOCATION [--inMemoryPersistence]: starts the table service on PORT and the blob service (evidence
# files) on $blob_port (set it first; a free port when empty) in the background, sets azurite_pid, azurite_blob_pid and
# blob_port. Their logs go to LOCATION; their data too unless it is kept in memory. They run detached, so that a Ctrl-C
# does not close them under a host that still writes: their starter stops them with stop_azurite, last.
start_azurite() {
  local port="$1" location="$2"; shift 2
  mkdir -p "$location"
  local where=(--location "$location")
  [ "${1:-}" = "--inMemoryPersistence" ] && where=()
  [ -n "${blob_port:-}" ] || blob_port="$(free_port)"
  detached "$azurite_dir/node_modules/.bin/azurite-table" --tableHost 127.0.0.1 --tablePort "$port" \
    "${where[@]}" --silent --disableTelemetry "$@" >"$location/azurite.log" 2>&1 &
  azurite_pid=$!
  detached "$azurite_dir/node_modules/.bin/azurite-blob" --blobHost 127.0.0.1 --blobPort "$blob_port" \
    "${where[@]}" --silent --disableTelemetry "$@" >"$location/azurite-blob.log" 2>&1 &
  azurite_blob_pid=$!
  wait_for_port "$port" "$azurite_pid" "$location/azurite.log"
  wait_for_port "$blob_port" "$azurite_blob_pid" "$location/azurite-blob.log"
}

# wait_for_port PORT PID LOG: until PORT listens; exits when the process PID died first (showing LOG) or after 10 s.
wait_for_port() {
  for _ in $(seq 1 100); do
    port_open "$1" && return 0
    running "$2" || { echo "Azurite did not start; see $3" >&2; cat "$3" >&2; exit 1; }
    sleep 0.1
  done
  echo "Azurite did not open port $1 within 10 s" >&2
  exit 1
}

# stop_azurite [SECONDS]: stops the Azurite services that start_azurite started, if any (reused ones, pids empty,
# are left alone). SIGINT is the one signal on which Azurite saves its data and exits: on SIGTERM it exits without
# saving, losing up to its last 5 s of writes. Both get SIGINT at once; after SECONDS (default 10) without exiting, SIGKILL.
stop_azurite() {
  local limit="${1:-10}" pids=() pid i
  for pid in "${azurite_pid:-}" "${azurite_blob_pid:-}"; do [ -n "$pid" ] && pids+=("$pid"); done
  azurite_pid=""
  azurite_blob_pid=""
  [ "${#pids[@]}" -gt 0 ] || return 0
  for pid in "${pids[@]}"; do kill -INT "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do
    for ((i = 0; i < limit * 10; i++)); do
      running "$pid" || break
      sleep 0.1
    done
    if running "$pid"; then
      echo "Azurite did not close within $limit s of SIGINT; killing it" >&2
      kill -KILL "$pid" 2>/dev/null
    fi
    wait "$pid" 2>/dev/null
  done
  return 0
}
