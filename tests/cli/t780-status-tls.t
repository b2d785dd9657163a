#!/bin/sh
# pm-status health checks over HTTPS, against python3 ssl servers on
# 127.0.0.1 with certificates this test makes with openssl (a CA of its
# own, trusted through --cacert or cacert=): the TLS phase, the days left
# on the certificate (service.cert.expiry), a certificate that expires
# soon (warning, exit 1), one expired or not trusted (critical, exit 2),
# each with the reason in words.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/../servers.sh"

have openssl openssl
have "$PY" python3
command -v openssl >/dev/null && [ -x "$PY" ] || { done_testing; exit; }

# The CA, and one key with three certificates for 127.0.0.1: valid 400
# days, valid 5 days, expired in 2020.
cd "$T" || exit 1
cat >ca.cnf <<'EOT'
[ca]
default_ca = pm
[pm]
database = index.txt
new_certs_dir = .
serial = serial
default_md = sha256
policy = any
copy_extensions = copy
unique_subject = no
[any]
commonName = supplied
EOT
: >index.txt
echo 01 >serial
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes \
	-keyout ca.key -out ca.pem -days 3650 -subj /CN=pm-test-ca 2>openssl.log &&
openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes \
	-keyout leaf.key -out leaf.csr -subj /CN=127.0.0.1 \
	-addext subjectAltName=IP:127.0.0.1 2>>openssl.log &&
sign() { openssl ca -batch -config ca.cnf -cert ca.pem -keyfile ca.key \
	-in leaf.csr "$@" >>openssl.log 2>&1; } &&
sign -out valid.pem -days 400 &&
sign -out soon.pem -days 5 &&
sign -out expired.pem -startdate 20200101000000Z -enddate 20200201000000Z
ok $? "a CA and three certificates made with openssl"
cd - >/dev/null || exit 1

# The servers: tests/fixtures/status-server/server.py over TLS.
for c in valid soon expired; do
	"$PY" "$FIX/status-server/server.py" "$T/$c.port" "$T/$c.pem" \
		"$T/leaf.key" 2>"$T/$c.log" &
	pids="$pids $!"
done
wait_for '[ -s "$T/valid.port" ] && [ -s "$T/soon.port" ] && [ -s "$T/expired.port" ]'
ok $? "three HTTPS servers on 127.0.0.1"
VALID=https://127.0.0.1:$(cat "$T/valid.port")
SOON=https://127.0.0.1:$(cat "$T/soon.port")
EXPIRED=https://127.0.0.1:$(cat "$T/expired.port")
for u in "$VALID" "$SOON"; do
	wait_for "curl -fs --cacert '$T/ca.pem' -o /dev/null '$u/ok'" ||
		echo "# $u does not answer"
done

# No load or latency thresholds: under valgrind a handshake takes over 1 s.
QUIET="-c load --warn load.1m= --crit load.1m= --warn service.latency= --timeout 10s"
# Latencies vary: masked.
mask() { sed -E 's/[0-9.]+ (ns|µs|ms|s)( |$)/LATENCY\2/g'; }

# Valid for 400 days, trusted through --cacert: up, healthy, exit 0.
COLUMNS=120 NO_COLOR=1 pm-status $QUIET --cacert "$T/ca.pem" \
	--check "$VALID/ok" >"$T/valid" 2>"$T/err"
is "$?" 0 "valid certificate: exit 0"
is "$(cat "$T/err")" "" "nothing on stderr"
grep -v '^[a-z]' "$T/valid" | mask | sed -E 's/ +/ /g' >"$T/got"
printf 'Check %s up 200 LATENCY\n dns LATENCY connect LATENCY tls LATENCY first byte LATENCY cert 400 days\n' \
	"$VALID/ok" >"$T/want"
same_file "$T/want" "$T/got" "the TLS phase and the certificate's 400 days"

pm-status $QUIET --cacert "$T/ca.pem" --check "$VALID/ok" --points >"$T/points"
is "$(jq -r 'select(.metric == "service.cert.expiry") |
	[.labels.target, (.value | round), .unit] | join(" ")' "$T/points")" \
	"$VALID/ok 400 days" "service.cert.expiry: 400 days, labelled with the target"
is "$(jq -r 'select(.metric == "service.cert.expiry") | .value > 399.9 and .value <= 400' "$T/points")" \
	true "service.cert.expiry: the days left, not rounded"
is "$(jq -r 'select(.metric == "service.latency" and .labels.phase == "tls") | .value > 0' "$T/points")" \
	true "service.latency phase=tls"

# Expiring in 5 days: up, but a warning past service.cert.expiry's
# default (< 14): exit 1, said in words.
COLUMNS=120 NO_COLOR=1 pm-status $QUIET --cacert "$T/ca.pem" \
	--check "$VALID/ok" --check "$SOON/ok" >"$T/soon"
is "$?" 1 "a certificate expiring in 5 days: exit 1"
like "$(grep "$SOON/ok" "$T/soon" | sed -E 's/ +/ /g' | mask)" \
	"^ +$SOON/ok up 200 LATENCY certificate expires in 5 days\$" \
	"the check says why, in words"
like "$(grep '^Alert' "$T/soon")" \
	"^Alert warning  service.cert.expiry $SOON/ok 5\\.00 days \\(< 14\\)\$" \
	"the alert: service.cert.expiry under 14 days"
pm-status $QUIET --cacert "$T/ca.pem" --check "$SOON/ok" --json >"$T/soon.json"
is "$(jq -r '.services[0] | [.up, (.cert_days | round), .warning] | join(",")' "$T/soon.json")" \
	"true,5,certificate expires in 5 days" "--json: cert_days and the warning"

# Expired: refused, down, critical, exit 2.
COLUMNS=120 NO_COLOR=1 pm-status $QUIET --cacert "$T/ca.pem" \
	--check "$EXPIRED/ok" >"$T/expired"
is "$?" 2 "an expired certificate: exit 2"
like "$(grep "$EXPIRED/ok" "$T/expired" | head -1 | sed -E 's/ +/ /g')" \
	"^Check $EXPIRED/ok down certificate expired\$" "down: certificate expired"
is "$(grep -c "^Alert critical service.up $EXPIRED/ok" "$T/expired")" 1 \
	"a critical alert"

# Not trusted: the test's CA is not the system's.
run pm-status $QUIET --check "$VALID/ok" --json
is "$rc" 2 "without --cacert: exit 2"
is "$(printf '%s' "$out" | jq -r '.services[0] | [.up, .error] | join(",")')" \
	"false,certificate issuer not trusted" "without --cacert: the issuer is not trusted"
run pm-status $QUIET --cacert "$T/nonexistent.pem" --check "$VALID/ok" --json
is "$(printf '%s' "$out" | jq -r '.services[0].error')" \
	"cannot read the CA file" "a CA file that is not there: said so"

# A targets file: cacert= for each target, cert_days> for one; the
# targets file's own cacert wins over --cacert.
cat >"$T/targets" <<EOT
valid   $VALID/ok   cacert=$T/ca.pem  cert_days>30
soon    $SOON/ok    cacert=$T/ca.pem  cert_days>30
plain   $VALID/ok
EOT
COLUMNS=120 NO_COLOR=1 pm-status $QUIET --targets "$T/targets" \
	--cacert "$T/nonexistent.pem" >"$T/targets.out"
is "$?" 2 "targets: the one without cacert= takes --cacert's (missing): exit 2"
grep '^Check\|^      [a-z]' "$T/targets.out" | sed -E 's/ +/ /g' | mask >"$T/got"
cat >"$T/want" <<EOT
Check valid up 200 LATENCY
 soon up 200 LATENCY certificate expires in 5 days
 plain down cannot read the CA file
EOT
same_file "$T/want" "$T/got" "targets: cacert= trusts the CA, cert_days>30 warns at 5 days"
like "$(grep '^Alert warning' "$T/targets.out")" \
	"service.cert.expiry soon 5\\.00 days \\(cert_days>30\\)" \
	"the target's own cert_days> judges it"
printf 'db tcp:127.0.0.1:1 cacert=%s\n' "$T/ca.pem" >"$T/bad"
run pm-status $QUIET --targets "$T/bad"
is "$rc:$err" "2:pm-status: $T/bad:1: 'tcp:127.0.0.1:1': a TCP check has no status, body or certificate" \
	"cacert= on a TCP target: a bad line"

done_testing
