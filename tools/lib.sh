# Shared by tools/run, tools/test and tools/bench: Azurite from the repo's own pinned install.
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
azurite_dir="$root/tools/azurite"
azurite_key="Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw=="

# Installs Azurite (version and lock file in tools/azurite) into the repo when it is missing.
ensure_azurite() {
  if [ ! -x "$azurite_dir/node_modules/.bin/azurite-table" ]; then
    command -v npm >/dev/null || { echo "npm is needed to install Azurite: install Node.js and npm first" >&2; exit 1; }
    echo "Installing Azurite (first run only)…"
    (cd "$azurite_dir" && npm ci --no-audit --no-fund --loglevel=error) || { echo "Azurite install failed" >&2; exit 1; }
  fi
}

port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

free_port() { node -e "const s=require('net').createServer();s.listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})"; }

connection_string() {
  echo "DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=$azurite_key;TableEndpoint=http://127.0.0.1:$1/devstoreaccount1;"
}

# start_azurite PORT LOCATION [--inMemoryPersistence]: starts the table service in the background, sets
# azurite_pid. Its log goes to LOCATION; its data too unless it is kept in memory.
start_azurite() {
  local port="$1" location="$2"; shift 2
  mkdir -p "$location"
  local where=(--location "$location")
  [ "${1:-}" = "--inMemoryPersistence" ] && where=()
  "$azurite_dir/node_modules/.bin/azurite-table" --tableHost 127.0.0.1 --tablePort "$port" \
    "${where[@]}" --silent --disableTelemetry "$@" >"$location/azurite.log" 2>&1 &
  azurite_pid=$!
  for _ in $(seq 1 100); do
    port_open "$port" && return 0
    kill -0 "$azurite_pid" 2>/dev/null || { echo "Azurite did not start; see $location/azurite.log" >&2; cat "$location/azurite.log" >&2; exit 1; }
    sleep 0.1
  done
  echo "Azurite did not open port $port within 10 s" >&2
  exit 1
}
