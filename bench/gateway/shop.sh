# Sourced by run.sh and profile.sh: starts the all-in-one shop on loopback,
# prepares a customer with one paid order, and stops the shop again.
#
# After shop_start: SHOP_PID, SHOP_PORT (the gateway), SHOP_DIR, SHOP_LOG.
# After shop_prepare: BENCH_TOKEN (customer bearer token), BENCH_ORDER (order id).
# Every wait is bounded; a failure prints the shop's log and exits the script.

shop_die() {
  echo "bench: $*" >&2
  [[ -n "${SHOP_LOG:-}" && -f "$SHOP_LOG" ]] && { echo "--- last lines of the shop's log:" >&2; tail -n 20 "$SHOP_LOG" >&2; }
  exit 1
}

# shop_start BINARY [extra flags...]
shop_start() {
  local binary="$1"
  shift
  SHOP_DIR="$(mktemp -d -t parfumerie-bench.XXXXXX)"
  SHOP_LOG="$SHOP_DIR/shop.log"
  : >"$SHOP_LOG"  # exists before the wait below reads it
  "$binary" --data-dir="$SHOP_DIR/data" --listen-host=127.0.0.1 \
    --catalog-grpc-port=0 --catalog-http-port=0 --payment-grpc-port=0 --delivery-grpc-port=0 \
    --gateway-port=0 --web-port=0 --log-format=json --demo-data=true --delivery-simulator=false \
    --payment-latency-ms=0 --shutdown-grace-ms=2000 "$@" >"$SHOP_LOG" 2>&1 &
  SHOP_PID=$!
  local deadline=$((SECONDS + 60))
  until grep -q '"msg":"ready' "$SHOP_LOG"; do
    kill -0 "$SHOP_PID" 2>/dev/null || shop_die "the shop exited during start-up"
    ((SECONDS < deadline)) || shop_die "the shop was not ready within 60 s"
    sleep 0.1
  done
  SHOP_PORT="$(sed -n 's#.*GraphQL listening on http://127\.0\.0\.1:\([0-9]*\)/graphql.*#\1#p' "$SHOP_LOG" | head -n 1)"
  [[ -n "$SHOP_PORT" ]] || shop_die "no 'GraphQL listening' line in the shop's log"
}

# Stops the shop (SIGTERM, then SIGKILL after 10 s) and removes its data.
# Safe to call twice and from a trap.
shop_stop() {
  if [[ -n "${SHOP_PID:-}" ]] && kill -0 "$SHOP_PID" 2>/dev/null; then
    kill -TERM "$SHOP_PID" 2>/dev/null || true
    local deadline=$((SECONDS + 10))
    while kill -0 "$SHOP_PID" 2>/dev/null && ((SECONDS < deadline)); do sleep 0.1; done
    kill -KILL "$SHOP_PID" 2>/dev/null || true
    wait "$SHOP_PID" 2>/dev/null || true
  fi
  SHOP_PID=""
  [[ -n "${SHOP_DIR:-}" && -d "$SHOP_DIR" ]] && rm -rf "$SHOP_DIR"
  SHOP_DIR=""
}

# gql JSON_BODY [TOKEN]: POSTs a GraphQL request; prints the body, fails on
# a status other than 200.
gql() {
  local auth=()
  [[ -n "${2:-}" ]] && auth=(-H "Authorization: Bearer $2")
  curl -sS --max-time 10 -o "$SHOP_DIR/reply" -w '%{http_code}' -X POST \
    -H 'Content-Type: application/json' "${auth[@]}" --data-binary "$1" \
    "http://127.0.0.1:$SHOP_PORT/graphql" >"$SHOP_DIR/status" || return 1
  cat "$SHOP_DIR/reply"
  [[ "$(cat "$SHOP_DIR/status")" == 200 ]]
}

# json_field NAME: the first string value of "NAME" in stdin.
json_field() { sed -n "s/.*\"$1\":\"\([^\"]*\)\".*/\1/p" | head -n 1; }

# Signs up a customer, tokenises a card, places one order and waits (30 s at
# most) until it is PAYEE.
shop_prepare() {
  local reply card perfume status=""
  reply="$(gql '{"query":"mutation { inscription(input: {email: \"bench@example.fr\", motDePasse: \"motdepasse-sur\", nom: \"Camille\"}) { token } }"}')" ||
    shop_die "inscription failed: $reply"
  BENCH_TOKEN="$(json_field token <<<"$reply")"
  reply="$(gql '{"query":"mutation { tokeniserCarte(input: {numero: \"4242424242424242\", moisExpiration: 12, anneeExpiration: 2030, cvc: \"123\"}) { token } }"}' "$BENCH_TOKEN")" ||
    shop_die "tokeniserCarte failed: $reply"
  card="$(json_field token <<<"$reply")"
  reply="$(gql '{"query":"{ parfums(first: 1, filtre: {enStock: true}) { edges { node { id } } } }"}')" ||
    shop_die "no perfume in stock: $reply"
  perfume="$(json_field id <<<"$reply")"
  [[ -n "$BENCH_TOKEN" && -n "$card" && -n "$perfume" ]] || shop_die "could not prepare: $reply"
  reply="$(gql "{\"query\":\"mutation(\$in: PasserCommandeInput!) { passerCommande(input: \$in) { id } }\",\"variables\":{\"in\":{\"cleIdempotence\":\"bench-1\",\"lignes\":[{\"parfumId\":\"$perfume\",\"quantite\":2}],\"tokenPaiement\":\"$card\",\"adresseLivraison\":{\"nomComplet\":\"Camille Martin\",\"ligne1\":\"12 rue des Lilas\",\"codePostal\":\"75011\",\"ville\":\"Paris\",\"pays\":\"FR\"}}}}" "$BENCH_TOKEN")" ||
    shop_die "passerCommande failed: $reply"
  BENCH_ORDER="$(json_field id <<<"$reply")"
  [[ -n "$BENCH_ORDER" && "$reply" != *'"errors"'* ]] || shop_die "passerCommande failed: $reply"
  local deadline=$((SECONDS + 30))
  while ((SECONDS < deadline)); do
    reply="$(gql "{\"query\":\"query(\$id: ID!) { commande(id: \$id) { statut } }\",\"variables\":{\"id\":\"$BENCH_ORDER\"}}" "$BENCH_TOKEN")" || true
    status="$(json_field statut <<<"$reply")"
    [[ "$status" == PAYEE ]] && return 0
    sleep 0.1
  done
  shop_die "order $BENCH_ORDER is '$status', not PAYEE, after 30 s: $reply"
}

# The three routes measured: name, method, path, body, token ("" for none).
CATALOGUE_BODY='{"query":"{ parfums(first: 20) { edges { node { id nom description prix image stock } } } }"}'
commande_body() {
  printf '{"query":"query($id: ID!) { commande(id: $id) { id statut dateCommande total lignes { quantite parfum { nom prix } } paiement { statut montant } livraison { statut } } }","variables":{"id":"%s"}}' "$1"
}
