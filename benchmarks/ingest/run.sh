#!/usr/bin/env bash
# Ingest push benchmark on loopback, with Debian's wrk (apt-get install -y wrk).
#
#   ./mvnw -B -ntp -q package -DskipTests && bash benchmarks/ingest/run.sh [seconds] [connections]
#
# Runs, one after the other on the same machine, each after a warm-up:
#   (c) POST /benchmark/noop  - the same app answering 204 without storing (HTTP ceiling)
#   (a) POST /pubsub/push     - group commit (the default writer)
#   (b) POST /pubsub/push     - the same app with shoplake.ingest.commit=per-event
#   batch POST /pubsub/push:batch with 1000 envelopes per request
# then checks that the lake holds one line per 204 and counts the objects written.
set -euo pipefail
cd "$(dirname "$0")/../.."
seconds=${1:-30}
connections=${2:-256}
jar=$(ls ingest-service/target/ingest-service-*-exec.jar)
work=$(mktemp -d)
port=18082
here=benchmarks/ingest

start() {
	local name=$1
	shift
	java -Xms2g -Xmx2g -jar "$jar" --server.port=$port --logging.level.root=WARN \
		--shoplake.ingest.lake-directory="$work/$name/lake" \
		--shoplake.ingest.quarantine-directory="$work/$name/quarantine" "$@" >"$work/$name.log" 2>&1 &
	pid=$!
	for _ in $(seq 1 300); do
		curl -sf "http://localhost:$port/actuator/health/readiness" >/dev/null && return 0
		kill -0 $pid 2>/dev/null || { cat "$work/$name.log"; exit 1; }
		sleep 0.2
	done
	echo "ingest did not start" >&2
	exit 1
}

stop() {
	kill $pid
	wait $pid || true
}

# Responses answered 2xx by the runs against the current app (warm-ups included).
acknowledged=0

# load <label> <path> <script> <seconds> <connections>: a warm-up of 5 s, then the
# measured run.
load() {
	local label=$1 path=$2 script=$3 duration=$4 clients=$5
	local warm out
	warm=$(wrk -t2 -c"$clients" -d5s -s "$here/$script" "http://localhost:$port$path" | grep '^RESULT')
	out=$(wrk -t2 -c"$clients" -d"${duration}s" -s "$here/$script" "http://localhost:$port$path" | grep '^RESULT')
	echo "$label ${out#RESULT }"
	for result in "$warm" "$out"; do
		acknowledged=$((acknowledged + $(echo "$result" | sed -E 's/.*"requests":([0-9]+),"non2xx":([0-9]+).*/\1 - \2/')))
	done
}

# lake_report <name> <events per 2xx>: lines and objects written, against what was
# acknowledged (every acknowledged event must be a line).
lake_report() {
	local name=$1 per=$2
	local objects lines
	objects=$(find "$work/$name/lake" -name '*.ndjson.gz' | wc -l)
	lines=$(find "$work/$name/lake" -name '*.ndjson.gz' -exec zcat {} + | wc -l)
	echo "$name lake: $lines lines in $objects objects; events acknowledged: $((acknowledged * per))"
	acknowledged=0
}

echo "machine: $(nproc) cores, $(java -version 2>&1 | head -1), wrk -t2 -c$connections, ${seconds}s per run, ingest options: ${INGEST_OPTS:-none}"
# Extra ingest properties for every run, e.g. INGEST_OPTS=--shoplake.ingest.max-wait=50ms
read -r -a opts <<<"${INGEST_OPTS:-}"
start group --shoplake.ingest.benchmark-endpoints=true "${opts[@]}"
load "(c) noop" /benchmark/noop push.lua "$seconds" "$connections"
acknowledged=0
load "(a) group-commit" /pubsub/push push.lua "$seconds" "$connections"
stop
lake_report group 1
start per-event --shoplake.ingest.commit=per-event "${opts[@]}"
load "(b) per-event" /pubsub/push push.lua "$seconds" "$connections"
stop
lake_report per-event 1
start batch "${opts[@]}"
load "batch (1000 envelopes per request)" /pubsub/push:batch batch.lua "$seconds" 8
stop
lake_report batch 1000
rm -rf "$work"
