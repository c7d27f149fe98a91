#!/usr/bin/env bash
# Ingest push benchmark on loopback, with Debian's wrk (apt-get install -y wrk).
#
#   ./mvnw -B -ntp -q package -DskipTests && bash benchmarks/ingest/run.sh [seconds] [connections]
#
# Runs, one after the other on the same machine, each once its rate is steady (see load):
#   (bare) POST /noop          - a bare Spring Boot MVC app answering 204 (the ceiling)
#   (c) POST /benchmark/noop  - ingest answering 204 without storing
#   (a) POST /pubsub/push     - group commit (the default writer), N connections
#   (a1) POST /pubsub/push    - the same with 1 connection (latency of an idle store)
#   (b) POST /pubsub/push     - the same app with shoplake.ingest.commit=per-event
#   batch POST /pubsub/push:batch with 1000 envelopes per request
# then checks that the lake holds one line per 204, counts the objects written, and
# prints each figure's ratio to the bare app's.
set -euo pipefail
cd "$(dirname "$0")/../.."
seconds=${1:-30}
connections=${2:-256}
jar=$(ls ingest-service/target/ingest-service-*-exec.jar)
bare=$(ls benchmarks/ceiling/target/benchmark-ceiling-*-exec.jar)
work=$(mktemp -d)
port=18082
here=benchmarks/ingest

start() {
	local name=$1
	shift
	if [ "$name" = bare ]; then
		java -Xms2g -Xmx2g -jar "$bare" --server.port=$port --logging.level.root=WARN >"$work/$name.log" 2>&1 &
	else
		java -Xms2g -Xmx2g -jar "$jar" --server.port=$port --logging.level.root=WARN \
			--shoplake.ingest.lake-directory="$work/$name/lake" \
			--shoplake.ingest.quarantine-directory="$work/$name/quarantine" "$@" >"$work/$name.log" 2>&1 &
	fi
	pid=$!
	for _ in $(seq 1 300); do
		curl -s -o /dev/null "http://localhost:$port/" && return 0
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

# load <label> <path> <script> <seconds> <connections>: warm-up rounds of WARMUP seconds (10)
# until one is within 5 % of the one before (the JIT on two shared cores takes minutes to
# settle a large app: a single short warm-up measured ingest at half its steady rate), at
# most WARMUP_ROUNDS (12), then the measured run.
load() {
	local label=$1 path=$2 script=$3 duration=$4 clients=$5
	local out threads=2 rounds=0 previous=0 rps
	if [ "$clients" -lt 2 ]; then threads=1; fi
	while :; do
		out=$(wrk -t$threads -c"$clients" -d"${WARMUP:-10}s" -s "$here/$script" "http://localhost:$port$path" | grep '^RESULT')
		count_acknowledged "$out"
		rounds=$((rounds + 1))
		loaded_seconds=$((loaded_seconds + ${WARMUP:-10}))
		rps=$(echo "$out" | sed -E 's/.*"rps":([0-9.]+).*/\1/')
		if awk -v a="$rps" -v b="$previous" 'BEGIN { exit !(b > 0 && a < 1.05 * b && a > 0.95 * b) }' \
			|| [ "$rounds" -ge "${WARMUP_ROUNDS:-12}" ]; then
			break
		fi
		previous=$rps
	done
	out=$(wrk -t$threads -c"$clients" -d"${duration}s" -s "$here/$script" "http://localhost:$port$path" | grep '^RESULT')
	count_acknowledged "$out"
	loaded_seconds=$((loaded_seconds + duration))
	echo "$label ${out#RESULT } (after $rounds warm-up rounds)"
	last_rps=$(echo "$out" | sed -E 's/.*"rps":([0-9.]+).*/\1/')
}

count_acknowledged() {
	acknowledged=$((acknowledged + $(echo "$1" | sed -E 's/.*"requests":([0-9]+),"non2xx":([0-9]+).*/\1 - \2/')))
}

# lake_report <name> <events per 2xx>: lines and objects written, against what was
# acknowledged (every acknowledged event must be a line).
lake_report() {
	local name=$1 per=$2
	local objects lines
	objects=$(find "$work/$name/lake" -name '*.ndjson.gz' | wc -l)
	lines=$(find "$work/$name/lake" -name '*.ndjson.gz' -exec zcat {} + | wc -l)
	echo "$name lake: $lines lines in $objects objects ($(awk -v o="$objects" -v s="$loaded_seconds" 'BEGIN { printf "%.1f", o / s }') objects per second to its one partition); events acknowledged: $((acknowledged * per))"
	acknowledged=0
	loaded_seconds=0
}

# ratio <label> <rps>: the figure against the bare app's.
ratio() {
	awk -v l="$1" -v r="$2" -v c="$ceiling" 'BEGIN { printf "%s: %.0f req/s = %.0f%% of the bare app (%.0f)\n", l, r, 100 * r / c, c }'
}

echo "machine: $(nproc) cores, $(java -version 2>&1 | head -1), wrk -t2 -c$connections, ${seconds}s per run, ingest options: ${INGEST_OPTS:-none}"
# Extra ingest properties for every run, e.g. INGEST_OPTS=--shoplake.ingest.min-interval=50ms
read -r -a opts <<<"${INGEST_OPTS:-}"
loaded_seconds=0
start bare
load "(bare) Spring Boot, one POST answering 204" /noop push.lua "$seconds" "$connections"
ceiling=$last_rps
stop
acknowledged=0
loaded_seconds=0
start group --shoplake.ingest.benchmark-endpoints=true "${opts[@]}"
load "(c) noop" /benchmark/noop push.lua "$seconds" "$connections"
ratio "(c) ingest no-op" "$last_rps"
acknowledged=0
loaded_seconds=0
load "(a) group-commit" /pubsub/push push.lua "$seconds" "$connections"
ratio "(a) push, $connections connections" "$last_rps"
load "(a1) group-commit, 1 connection" /pubsub/push push.lua "$seconds" 1
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
