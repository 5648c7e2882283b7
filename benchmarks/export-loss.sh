#!/usr/bin/env bash
# Export loss run: the sample app (pinned to one CPU, 100 % sampling) under closed-loop load on
# GET /api/residences/1/tasks (4 spans per request: HTTP, service, 2 SQL) exports to a collector
# stand-in (FaultySink) that is healthy, answers after 1 s or 3 s, never answers (black hole), or
# is not there (unreachable). Each case runs twice: with Boot's batch settings (512 spans a batch,
# 2048 queued, 5 s delay) and with the starter's defaults. The starter's own counters
# (telemetry.spans.*) give ended (created), exported, failed, dropped and still queued; the sink's count
# of accepted spans checks "exported". Writes benchmarks/target/export-loss.md.
#
#   benchmarks/export-loss.sh                       # all cases, 10 s warm-up + 30 s load each
#   CASES="delay:1000" SETTINGS=starter DURATION=10 benchmarks/export-loss.sh   # one case
#   ENDPOINT=tasks-per-residence EXTRA_RESIDENCES=17 benchmarks/export-loss.sh  # 1 + 3 + 17 statements:
#                                                    # 23 spans per request
#
# Run it on a quiet machine (no build beside it). Traffic stays on 127.0.0.1.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
OUT="${OUT:-$ROOT/benchmarks/target/export-loss}"
REPORT="${REPORT:-$ROOT/benchmarks/target/export-loss.md}"
CASES="${CASES:-healthy delay:1000 delay:3000 blackhole unreachable}"
SETTINGS="${SETTINGS:-boot starter}"
WARMUP="${WARMUP:-10}"
DURATION="${DURATION:-30}"
DRAIN="${DRAIN:-20}"               # seconds allowed after the load for the queue to empty
CONNECTIONS="${CONNECTIONS:-8}"
APP_PORT="${APP_PORT:-18081}"
SINK_PORT="${SINK_PORT:-14319}"
APP_CPU="${APP_CPU:-1}"
LOAD_CPU="${LOAD_CPU:-0}"
JAVA="${JAVA:-java}"
APP_JAR="$ROOT/sample-app/target/observability-sample-app-0.1.0-SNAPSHOT.jar"
BENCH_JAR="$ROOT/benchmarks/target/benchmarks.jar"
ENDPOINT="${ENDPOINT:-1/tasks}"  # under /api/residences/
EXTRA_RESIDENCES="${EXTRA_RESIDENCES:-0}"  # added through the API before the load, two tasks each
BASE="http://127.0.0.1:$APP_PORT/api/residences"
URL="$BASE/$ENDPOINT"
PIDS=()
cleanup() {
	for pid in "${PIDS[@]:-}"; do
		[ -n "$pid" ] && kill "$pid" 2>/dev/null || true
	done
	wait 2>/dev/null || true
}
trap cleanup EXIT INT TERM
log() { echo "[$(date +%H:%M:%S)] $*" >&2; }

[ -f "$APP_JAR" ] && [ -f "$BENCH_JAR" ] ||
	{ log "build first: ./mvnw -B -q -pl sample-app,benchmarks -am package -DskipTests"; exit 1; }
rm -rf "$OUT" && mkdir -p "$OUT"

# counter <name>: the value of telemetry_spans_<name> in the app's Prometheus scrape
scrape() { curl -sf "http://127.0.0.1:$APP_PORT/actuator/prometheus" >"$OUT/scrape.txt"; }
counter() { awk -v m="telemetry_spans_$1" '$1 ~ "^"m"(_total)?({.*})?$" {v=$2} END{printf "%d", v+0}' "$OUT/scrape.txt"; }
sink_spans() { curl -sf -m 2 "http://127.0.0.1:$SINK_PORT/stats" | awk '{print $2}' || echo 0; }

{
	echo "# Export loss ($(date -u +%Y-%m-%dT%H:%MZ), commit $(git -C "$ROOT" rev-parse --short HEAD))"
	echo
	echo "Load: wrk, $CONNECTIONS connections, ${WARMUP} s warm-up + ${DURATION} s, GET /api/residences/$ENDPOINT"
	echo "($EXTRA_RESIDENCES residences added), app on CPU $APP_CPU, load on CPU $LOAD_CPU. Counts cover the whole run"
	echo "(startup, warm-up, load and up to ${DRAIN} s for the queue to empty). Load average before: $(cut -d' ' -f1-3 /proc/loadavg)."
	echo
	echo "| settings | collector | req/s | p99 ms | errors | ended | exported | failed | dropped | queued at end | lost | sink received |"
	echo "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
} >"$REPORT"

for settings in $SETTINGS; do
	for case in $CASES; do
		log "$settings settings, collector $case"
		sink_pid=""
		if [ "$case" != unreachable ]; then
			"$JAVA" -cp "$BENCH_JAR" dev.observability.benchmarks.endtoend.FaultySink "$SINK_PORT" "$case" \
				>"$OUT/sink.log" 2>&1 &
			sink_pid=$!
			PIDS+=("$sink_pid")
			for _ in $(seq 1 100); do curl -sf -o /dev/null "http://127.0.0.1:$SINK_PORT/stats" && break; sleep 0.1; done
		fi
		batch=()
		if [ "$settings" = boot ]; then
			batch=(--observability.otlp.spans.max-batch-size=512 --observability.otlp.spans.max-queue-size=2048
				--observability.otlp.spans.schedule-delay=5s)
		fi
		taskset -c "$APP_CPU" "$JAVA" -Xms512m -Xmx512m -XX:+UseSerialGC -jar "$APP_JAR" \
			--server.port="$APP_PORT" --logging.level.root=warn --management.otlp.metrics.export.enabled=false \
			--management.tracing.sampling.probability=1.0 --observability.trace-log.enabled=false \
			--observability.otlp.endpoint="http://127.0.0.1:$SINK_PORT" "${batch[@]}" \
			>"$OUT/app-$settings-${case/:/-}.log" 2>&1 &
		app_pid=$!
		PIDS+=("$app_pid")
		for _ in $(seq 1 1200); do curl -sf -o /dev/null "$URL" && break; sleep 0.1; done
		for i in $(seq 1 "$EXTRA_RESIDENCES"); do
			id=$(curl -sf -X POST "$BASE" -H 'Content-Type: application/json' \
				-d "{\"name\": \"Loss House $i\", \"address\": \"$i Loss Street\"}" | sed -n 's/.*"id":\([0-9]*\).*/\1/p')
			for due in 2030-01-01 2030-06-01; do
				curl -sf -o /dev/null -X POST "$BASE/$id/tasks" -H 'Content-Type: application/json' \
					-d "{\"title\": \"Check $due\", \"dueDate\": \"$due\"}"
			done
		done
		taskset -c "$LOAD_CPU" wrk -t1 -c"$CONNECTIONS" -d"${WARMUP}s" "$URL" >/dev/null
		taskset -c "$LOAD_CPU" wrk -t1 -c"$CONNECTIONS" -d"${DURATION}s" --latency "$URL" >"$OUT/wrk.txt"
		rate=$(awk '/Requests\/sec/{printf "%.0f", $2}' "$OUT/wrk.txt")
		p99=$(awk '$1=="99%"{v=$2; if (v ~ /us$/) {sub(/us/,"",v); v=v/1000} else if (v ~ /ms$/) {sub(/ms/,"",v)} else if (v ~ /s$/) {sub(/s/,"",v); v=v*1000}; printf "%.1f", v}' "$OUT/wrk.txt")
		errors=$(awk '/Non-2xx|Socket errors/{n++} END{print n+0}' "$OUT/wrk.txt")
		# until the counts add up with nothing queued: spans the processor holds for a batch that
		# is not full yet (up to the schedule delay) are in none of the counts
		for _ in $(seq 1 "$DRAIN"); do
			scrape
			[ "$(counter queued)" -eq 0 ] &&
				[ "$(counter ended)" -eq $(($(counter exported) + $(counter failed) + $(counter dropped))) ] && break
			sleep 1
		done
		scrape
		created=$(counter ended) exported=$(counter exported) failed=$(counter failed)
		dropped=$(counter dropped) queued=$(counter queued)
		received=$([ -n "$sink_pid" ] && sink_spans || echo 0)
		lost=$(awk -v c="$created" -v e="$exported" 'BEGIN{printf "%.1f %%", (c > 0) ? 100 * (c - e) / c : 0}')
		echo "| $settings | $case | $rate | $p99 | $errors | $created | $exported | $failed | $dropped | $queued | $lost | $received |" >>"$REPORT"
		kill "$app_pid" 2>/dev/null || true
		wait "$app_pid" 2>/dev/null || true
		if [ -n "$sink_pid" ]; then
			kill "$sink_pid" 2>/dev/null || true
			wait "$sink_pid" 2>/dev/null || true
		fi
	done
done
echo >>"$REPORT"
echo "Load average after: $(cut -d' ' -f1-3 /proc/loadavg)." >>"$REPORT"
cat "$REPORT"
