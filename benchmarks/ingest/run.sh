#!/usr/bin/env bash
# Ingest push benchmark on loopback, with Debian's wrk (apt-get install -y wrk).
#
#   ./mvnw -B -ntp -q package -DskipTests && bash benchmarks/ingest/run.sh [seconds] [connections]
#
# The ceiling is a bare Spring Boot MVC app (benchmarks/ceiling) whose POST /noop reads the
# body and answers 204. The machine's speed drifts by up to 2x within minutes, so the bare
# app and ingest run side by side (each idle while the other is loaded) and are measured in
# alternating rounds: each ratio compares rounds taken a minute apart, and the median of
# PAIRS (5) pairs is reported. Each measured row also gives the server's own CPU time per
# request (user + system, from /proc), which does not depend on how wrk and the server
# shared the two cores: the steadier figure for comparing two builds.
#   (bare) POST /noop          - the bare app (the ceiling)
#   (c) POST /benchmark/noop  - ingest answering 204 without storing
#   (a) POST /pubsub/push     - group commit (the default writer), N connections
# Then, ingest alone:
#   (a1) POST /pubsub/push    - 1 connection, the next push as soon as the last is answered
#   (a2) POST /pubsub/push    - 1 connection, the next push PAUSE_MS (20) after (an idle store)
#   (b) POST /pubsub/push     - the same app with shoplake.ingest.commit=per-event
#   batch POST /pubsub/push:batch with 1000 envelopes per request
# and checks that the lake holds one line per 204 and counts the objects written.
# Every app is first warmed in rounds of WARMUP seconds (10): at least WARMUP_MIN (6), then
# until a round is within 5 % of the one before, at most WARMUP_ROUNDS (12) — the JIT on two
# cores shared with wrk takes minutes to settle a large app.
set -euo pipefail
cd "$(dirname "$0")/../.."
seconds=${1:-30}
connections=${2:-256}
jar=$(ls ingest-service/target/ingest-service-*-exec.jar)
bare=$(ls benchmarks/ceiling/target/benchmark-ceiling-*-exec.jar)
work=$(mktemp -d)
bare_port=18081
port=18082
here=benchmarks/ingest
declare -A pids
# the process listening on each port, for its CPU time
declare -A port_pid

# However the script ends (a failed start, wrk missing, Ctrl-C), no app is left running
# and no lake is left in the temporary folder.
cleanup() {
	local name
	for name in "${!pids[@]}"; do
		kill "${pids[$name]}" 2>/dev/null || true
		wait "${pids[$name]}" 2>/dev/null || true
	done
	rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM
hz=$(getconf CLK_TCK)

# start <name> <port> [ingest options]: starts the bare app (name bare) or ingest.
start() {
	local name=$1 at=$2
	shift 2
	if curl -s -o /dev/null "http://localhost:$at/"; then
		echo "port $at is already in use: stop what listens there first" >&2
		exit 1
	fi
	if [ "$name" = bare ]; then
		java -Xms2g -Xmx2g -jar "$bare" --server.port="$at" --logging.level.root=WARN >"$work/$name.log" 2>&1 &
	else
		java -Xms2g -Xmx2g -jar "$jar" --server.port="$at" --logging.level.root=WARN \
			--shoplake.ingest.lake-directory="$work/$name/lake" \
			--shoplake.ingest.quarantine-directory="$work/$name/quarantine" "$@" >"$work/$name.log" 2>&1 &
	fi
	pids[$name]=$!
	port_pid[$at]=$!
	for _ in $(seq 1 300); do
		curl -s -o /dev/null "http://localhost:$at/" && return 0
		kill -0 "${pids[$name]}" 2>/dev/null || { cat "$work/$name.log"; exit 1; }
		sleep 0.2
	done
	echo "$name did not start" >&2
	exit 1
}

stop() {
	kill "${pids[$1]}"
	wait "${pids[$1]}" || true
	unset "pids[$1]"
}

# Responses answered 2xx by ingest's push runs (warm-ups included), and their seconds.
acknowledged=0
loaded_seconds=0

# round <port> <path> <script> <seconds> <connections> [push]: one wrk run; its rate in
# last_rps, its RESULT line in last_result; a push run's 2xx are counted as acknowledged.
round() {
	local at=$1 path=$2 script=$3 duration=$4 clients=$5 push=${6:-}
	local threads=2
	if [ "$clients" -lt 2 ]; then threads=1; fi
	last_result=$(wrk -t$threads -c"$clients" -d"${duration}s" -s "$here/$script" "http://localhost:$at$path" | grep '^RESULT')
	last_result=${last_result#RESULT }
	last_rps=$(echo "$last_result" | sed -E 's/.*"rps":([0-9.]+).*/\1/')
	if [ -n "$push" ]; then
		acknowledged=$((acknowledged + $(echo "$last_result" | sed -E 's/.*"requests":([0-9]+),"non2xx":([0-9]+).*/\1 - \2/')))
		loaded_seconds=$((loaded_seconds + duration))
	fi
}

# warm <label> <port> <path> <script> <connections> [push]: warm-up rounds until steady.
warm() {
	local label=$1 at=$2 path=$3 script=$4 clients=$5 push=${6:-}
	local rounds=0 previous=0
	while :; do
		round "$at" "$path" "$script" "${WARMUP:-10}" "$clients" "$push"
		rounds=$((rounds + 1))
		if { [ "$rounds" -ge "${WARMUP_MIN:-6}" ] \
			&& awk -v a="$last_rps" -v b="$previous" 'BEGIN { exit !(a < 1.05 * b && a > 0.95 * b) }'; } \
			|| [ "$rounds" -ge "${WARMUP_ROUNDS:-12}" ]; then
			break
		fi
		previous=$last_rps
	done
	echo "warm-up $label: $rounds rounds, last $last_rps req/s"
}

# CPU time (user + system, in clock ticks) the process <pid> has used so far.
cpu_ticks() {
	awk '{ print $14 + $15 }' "/proc/$1/stat"
}

# measure <label> <port> <path> <script> <connections> [push]: the measured run, and the
# server's own CPU time per answered request in last_cpu_us (wrk's is not in it: a figure
# that does not depend on how the two cores were shared).
measure() {
	local pid=${port_pid[$2]} before after requests
	before=$(cpu_ticks "$pid")
	round "$2" "$3" "$4" "$seconds" "$5" "${6:-}"
	after=$(cpu_ticks "$pid")
	requests=$(echo "$last_result" | sed -E 's/.*"requests":([0-9]+).*/\1/')
	last_cpu_us=$(awk -v t=$((after - before)) -v hz="$hz" -v n="$requests" 'BEGIN { printf "%.1f", t * 1e6 / hz / n }')
	echo "$1 $last_result, server CPU $last_cpu_us us per request"
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

# median of the arguments
median() {
	printf '%s\n' "$@" | sort -g | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

echo "machine: $(nproc) cores, $(java -version 2>&1 | head -1), wrk -t2 -c$connections, ${seconds}s per run, ingest options: ${INGEST_OPTS:-none}"
# Extra ingest properties for every run, e.g. INGEST_OPTS=--shoplake.ingest.min-interval=50ms
read -r -a opts <<<"${INGEST_OPTS:-}"
start bare $bare_port
start group $port --shoplake.ingest.benchmark-endpoints=true "${opts[@]}"
warm "(bare)" $bare_port /noop push.lua "$connections"
warm "(c) noop" $port /benchmark/noop push.lua "$connections"
warm "(a) push" $port /pubsub/push push.lua "$connections" push
noop_ratios=()
push_ratios=()
bare_cpu=()
noop_cpu=()
push_cpu=()
for pair in $(seq 1 "${PAIRS:-5}"); do
	measure "(bare) Spring Boot, one POST answering 204, pair $pair" $bare_port /noop push.lua "$connections"
	ceiling=$last_rps
	bare_cpu+=("$last_cpu_us")
	measure "(c) ingest no-op, pair $pair" $port /benchmark/noop push.lua "$connections"
	noop_ratios+=("$(awk -v r="$last_rps" -v c="$ceiling" 'BEGIN { print 100 * r / c }')")
	noop_cpu+=("$last_cpu_us")
	measure "(a) push, $connections connections, pair $pair" $port /pubsub/push push.lua "$connections" push
	push_ratios+=("$(awk -v r="$last_rps" -v c="$ceiling" 'BEGIN { print 100 * r / c }')")
	push_cpu+=("$last_cpu_us")
	echo "pair $pair: no-op ${noop_ratios[-1]}% and push ${push_ratios[-1]}% of the bare app"
done
stop bare
echo "median over ${PAIRS:-5} pairs: ingest no-op $(median "${noop_ratios[@]}")% of the bare app, push at $connections connections $(median "${push_ratios[@]}")%"
echo "server CPU per request, median over the pairs: bare app $(median "${bare_cpu[@]}") us, ingest no-op $(median "${noop_cpu[@]}") us, push $(median "${push_cpu[@]}") us"
# One client that sends its next push as soon as the last is answered waits for the
# partition's min-interval each time (two writes of a partition start at least that far
# apart): its latency is the interval. Paced wider than the interval, each push finds
# the store idle: its latency is one object write.
measure "(a1) group-commit, 1 connection, next push at the answer" $port /pubsub/push push.lua 1 push
measure "(a2) group-commit, 1 connection, next push ${PAUSE_MS:-20} ms after the answer" $port /pubsub/push paced.lua 1 push
stop group
lake_report group 1
start per-event $port --shoplake.ingest.commit=per-event "${opts[@]}"
warm "(b) per-event" $port /pubsub/push push.lua "$connections" push
measure "(b) per-event" $port /pubsub/push push.lua "$connections" push
stop per-event
lake_report per-event 1
start batch $port "${opts[@]}"
warm "batch" $port /pubsub/push:batch batch.lua 8 push
measure "batch (1000 envelopes per request)" $port /pubsub/push:batch batch.lua 8 push
stop batch
lake_report batch 1000
