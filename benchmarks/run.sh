#!/usr/bin/env bash
# Overhead run: A (starter on, 100 % sampling, OTLP export) vs B (starter off, Boot's tracing
# off) vs C (B + the OpenTelemetry Java agent), alternated over several rounds, then a JFR
# profile of A and a brief JMH pass. Every launch serves three endpoints, measured one after the
# other: "tasks" (GET /api/residences/1/tasks, 2 SQL statements), "nplus1"
# (GET /api/residences/tasks-per-residence, 1 + one query per residence: 21 statements once the
# run has added EXTRA_RESIDENCES) and "ids" (GET /api/residences/ids, one Redis GET: a cache hit
# after the first request; the sample's embedded redis-server is not pinned to a CPU).
# Writes benchmarks/target/report.md.
#
#   benchmarks/run.sh                      # full run (two endpoints per launch; warm-up until the
#                                          # JIT is quiet, so the length depends on the machine)
#   ROUNDS=1 WARMUP=5 WARMUP_MAX=30 DURATION=5 JMH=skip PROFILE=0 benchmarks/run.sh   # smoke run
#   VARIANTS="A D E B" ...                 # diagnostics: D = Boot's own tracing alone (starter off);
#                                          # E = A with Boot's baggage, long-task timers and exemplars off
#
# Traffic stays on 127.0.0.1. Every process started here is stopped by the exit trap.
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
OUT="${OUT:-$ROOT/benchmarks/target/run}"   # raw output, wiped at start
REPORT="${REPORT:-$ROOT/benchmarks/target/report.md}"
ROUNDS="${ROUNDS:-3}"            # repetitions of the variant sequence
VARIANTS="${VARIANTS:-A B C}"    # launched in this order in every round
WARMUP="${WARMUP:-15}"           # least seconds of load discarded per endpoint and launch
WARMUP_MAX="${WARMUP_MAX:-180}"  # warm-up goes on in 5 s windows until the JIT is quiet, at most this
COMPILE_QUIET="${COMPILE_QUIET:-2}"  # JIT quiet: compile time in the last window < this % of the window
ENDPOINTS="${ENDPOINTS:-tasks nplus1 ids}"  # measured in this order in every launch
EXTRA_RESIDENCES="${EXTRA_RESIDENCES:-17}"  # added after startup: nplus1 then runs 1 + 3 + 17 statements
DURATION="${DURATION:-15}"       # seconds of measured load
CONNECTIONS="${CONNECTIONS:-8}"  # wrk connections (one wrk thread)
JMH="${JMH:-brief}"              # brief | skip
PROFILE="${PROFILE:-1}"          # 1: extra JFR-profiled launches after the rounds
PROFILE_VARIANTS="${PROFILE_VARIANTS:-A}"  # the first is summarised; with more, CPU per library is compared
SKIP_BUILD="${SKIP_BUILD:-0}"
APP_PORT="${APP_PORT:-18080}"
SINK_PORT="${SINK_PORT:-14318}"
APP_CPU="${APP_CPU:-1}"
LOAD_CPU="${LOAD_CPU:-0}"
AGENT_VERSION=2.33.1
JAVA="${JAVA:-java}"
JFR25="${JFR25:-/usr/lib/jvm/temurin-25-jdk-amd64/bin/jfr}"
JVM_FLAGS=(-Xms512m -Xmx512m -XX:+UseSerialGC)
BASE="http://127.0.0.1:$APP_PORT/api/residences"
URL="$BASE/1/tasks"   # the readiness check
endpoint_url() {
	case "$1" in
	tasks) echo "$BASE/1/tasks" ;;
	nplus1) echo "$BASE/tasks-per-residence" ;;
	ids) echo "$BASE/ids" ;;
	*) log "unknown endpoint $1" && exit 1 ;;
	esac
}

APP_JAR="$ROOT/sample-app/target/observability-sample-app-0.1.0-SNAPSHOT.jar"
BENCH_JAR="$ROOT/benchmarks/target/benchmarks.jar"
AGENT_JAR="$ROOT/benchmarks/target/agent/opentelemetry-javaagent-$AGENT_VERSION.jar"

PIDS=()
# apps are launched inside process substitutions, so their ids go through a file
APP_PIDS="$(mktemp)"
cleanup() {
	for pid in "${PIDS[@]:-}" $(cat "$APP_PIDS" 2>/dev/null); do
		[ -n "$pid" ] && kill "$pid" 2>/dev/null || true
	done
	wait 2>/dev/null || true
	rm -f "$APP_PIDS"
}
trap cleanup EXIT INT TERM

log() { echo "[$(date +%H:%M:%S)] $*" >&2; }

cd "$ROOT"
if [ "$SKIP_BUILD" != 1 ]; then
	log "building sample app and benchmarks"
	# Maven does not always repackage the sample's jar when only the starter changed, which
	# would measure the starter of an earlier build: remove it so that it is made again
	rm -f "$APP_JAR" "$APP_JAR.original"
	./mvnw -B -q -pl sample-app,benchmarks -am package -DskipTests
fi
if [[ " $VARIANTS " == *" C "* ]] && [ ! -f "$AGENT_JAR" ]; then
	log "fetching the OpenTelemetry Java agent $AGENT_VERSION"
	./mvnw -B -q -N org.apache.maven.plugins:maven-dependency-plugin:3.8.1:copy \
		-Dartifact="io.opentelemetry.javaagent:opentelemetry-javaagent:$AGENT_VERSION" \
		-DoutputDirectory="$ROOT/benchmarks/target/agent"
fi
if ! command -v wrk >/dev/null; then
	log "installing wrk"
	apt-get install -y -q wrk >/dev/null
fi
rm -rf "$OUT" && mkdir -p "$OUT"

cat >"$OUT/report.lua" <<'EOF'
-- prints one machine-readable line after the run: requests, seconds, errors, latency (us)
done = function(summary, latency, requests)
	local e = summary.errors
	io.write(string.format("RESULT %d %.3f %d %.1f %.1f %.1f %.1f\n", summary.requests,
		summary.duration / 1e6, e.connect + e.read + e.write + e.status + e.timeout,
		latency.mean, latency:percentile(50), latency:percentile(99), latency:percentile(99.9)))
end
EOF

"$JAVA" -cp "$BENCH_JAR" dev.observability.benchmarks.endtoend.OtlpSink "$SINK_PORT" >"$OUT/sink.log" 2>&1 &
PIDS+=($!)
for _ in $(seq 1 100); do curl -sf -o /dev/null "http://127.0.0.1:$SINK_PORT/stats" && break; sleep 0.1; done

sink_traces() { curl -sf "http://127.0.0.1:$SINK_PORT/stats" | awk '$1=="/v1/traces"{print $2, $3}'; }
sink_other() { curl -sf "http://127.0.0.1:$SINK_PORT/stats" | awk '$1!="/v1/traces"{r+=$2} END{print r+0}'; }
probe() { taskset -c "$LOAD_CPU" "$JAVA" -cp "$BENCH_JAR" dev.observability.benchmarks.endtoend.JvmProbe "$1"; }

variant_args() {
	local common=(--server.port="$APP_PORT" --management.otlp.metrics.export.enabled=false
		--logging.level.root=warn)
	case "$1" in
	A) echo "${common[*]} --management.tracing.sampling.probability=1.0" \
		"--management.opentelemetry.tracing.export.otlp.endpoint=http://127.0.0.1:$SINK_PORT/v1/traces" \
		"--observability.trace-log.enabled=false" ;;
	D) echo "${common[*]} --observability.enabled=false --management.tracing.sampling.probability=1.0" \
		"--management.opentelemetry.tracing.export.otlp.endpoint=http://127.0.0.1:$SINK_PORT/v1/traces" ;;
	E) echo "$(variant_args A) --management.tracing.baggage.enabled=false" \
		"--management.metrics.observations.ignored-meters=long-task-timer" \
		"--management.tracing.exemplars.include=none" ;;
	B | C) echo "${common[*]} --observability.enabled=false --management.tracing.export.enabled=false" \
		"--management.opentelemetry.enabled=false" ;;
	esac
}

variant_jvm() {
	if [ "$1" = C ]; then
		echo "-javaagent:$AGENT_JAR -Dotel.service.name=residences -Dotel.traces.exporter=otlp" \
			"-Dotel.exporter.otlp.traces.protocol=http/protobuf" \
			"-Dotel.exporter.otlp.traces.endpoint=http://127.0.0.1:$SINK_PORT/v1/traces" \
			"-Dotel.metrics.exporter=none -Dotel.logs.exporter=none -Dotel.javaagent.logging=none"
	fi
}

# launch <variant> <logfile> [extra JVM flags]: starts the app, prints "pid startup_ms"
launch() {
	local variant="$1" logfile="$2"
	shift 2
	local start end pid
	start=$(date +%s%N)
	# shellcheck disable=SC2046
	taskset -c "$APP_CPU" "$JAVA" "${JVM_FLAGS[@]}" "$@" $(variant_jvm "$variant") -jar "$APP_JAR" \
		$(variant_args "$variant") >"$logfile" 2>&1 &
	pid=$!
	echo "$pid" >>"$APP_PIDS"
	for _ in $(seq 1 1800); do
		if taskset -c "$LOAD_CPU" curl -sf -o /dev/null "$URL"; then
			end=$(date +%s%N)
			echo "$pid $(((end - start) / 1000000))"
			return 0
		fi
		kill -0 "$pid" 2>/dev/null || break
		sleep 0.05
	done
	log "variant $variant did not start, see $logfile"
	exit 1
}

stop() {
	kill "$1" 2>/dev/null || true
	for _ in $(seq 1 200); do kill -0 "$1" 2>/dev/null || return 0; sleep 0.1; done
	kill -9 "$1" 2>/dev/null || true
}

# seed <pid>: adds EXTRA_RESIDENCES residences with two tasks each through the API, so that the
# nplus1 endpoint runs ~21 statements; the seeded residence 1 is left as it is
seed() {
	local i id
	for i in $(seq 1 "$EXTRA_RESIDENCES"); do
		id=$(taskset -c "$LOAD_CPU" curl -sf -X POST "$BASE" -H 'Content-Type: application/json' \
			-d "{\"name\": \"Benchmark House $i\", \"address\": \"$i Load Street\"}" |
			sed -n 's/.*"id":\([0-9]*\).*/\1/p')
		[ -n "$id" ] || { log "could not add a residence (POST $BASE)"; exit 1; }
		for due in 2030-01-01 2030-06-01; do
			taskset -c "$LOAD_CPU" curl -sf -o /dev/null -X POST "$BASE/$id/tasks" -H 'Content-Type: application/json' \
				-d "{\"title\": \"Check $due\", \"dueDate\": \"$due\"}" || { log "could not add a task"; exit 1; }
		done
	done
}

# warm_up <file> <pid> <url>: load in 5 s windows until WARMUP seconds have passed and the JIT
# compiled for less than COMPILE_QUIET % of the last window (CompilationMXBean, read by JvmProbe
# between windows; the time is summed over compiler threads), or WARMUP_MAX seconds of load have
# passed; prints "seconds capped last_compile_ms",
# capped being 1 when the cap ended the warm-up
warm_up() {
	local elapsed=0 capped=1 before after compile=-1 since now window
	: >"$1"
	read -r _ _ _ before < <(probe "$2")
	since=$(date +%s%N)
	while [ "$elapsed" -lt "$WARMUP_MAX" ]; do
		load 5 "$3" >>"$1"
		elapsed=$((elapsed + 5))
		read -r _ _ _ after < <(probe "$2")
		now=$(date +%s%N)
		# the window is the time between the two probes, the probe itself included
		window=$(((now - since) / 1000000))
		compile=$((after - before))
		echo "window ending at ${elapsed}s of load: JIT compiled for ${compile} ms in ${window} ms" >>"$1"
		before=$after
		since=$now
		if [ "$elapsed" -ge "$WARMUP" ] && [ "$compile" -ge 0 ] && [ $((100 * compile)) -lt $((COMPILE_QUIET * window)) ]; then
			capped=0
			break
		fi
	done
	echo "$elapsed $capped $compile"
}

load() { taskset -c "$LOAD_CPU" wrk -t1 -c"$CONNECTIONS" -d"$1"s --latency -s "$OUT/report.lua" "$2"; }

printf 'variant\tendpoint\tround\twarmup_s\twarmup_capped\twarmup_last_compile_ms\tcompile_ms\tstartup_ms\trequests\tseconds\terrors\tmean_us\tp50_us\tp99_us\tp999_us\talloc_bytes\tcpu_ns\tgcs\texport_requests\texport_bytes\tother_otlp_requests\n' >"$OUT/results.tsv"
LOAD_START=$(cut -d' ' -f1-3 /proc/loadavg)
for round in $(seq 1 "$ROUNDS"); do
	for variant in $VARIANTS; do
		log "round $round/$ROUNDS variant $variant: starting"
		read -r pid startup < <(launch "$variant" "$OUT/app-$variant-$round.log")
		log "  up in $startup ms; adding $EXTRA_RESIDENCES residences"
		seed
		for endpoint in $ENDPOINTS; do
			url=$(endpoint_url "$endpoint")
			run="$variant-$endpoint-$round"
			log "  $endpoint: warming up"
			read -r warmed capped last_compile < <(warm_up "$OUT/wrk-warmup-$run.txt" "$pid" "$url")
			if [ "$capped" = 1 ]; then
				log "  $endpoint: warm-up hit the ${WARMUP_MAX}s cap, JIT still compiled ${last_compile} ms in the last window"
			else
				log "  $endpoint: warm after ${warmed}s"
			fi
			read -r tr0 tb0 < <(sink_traces)
			read -r a0 c0 g0 j0 < <(probe "$pid")
			load "$DURATION" "$url" >"$OUT/wrk-$run.txt"
			read -r a1 c1 g1 j1 < <(probe "$pid")
			read -r tr1 tb1 < <(sink_traces)
			other=$(sink_other)
			read -r _ requests seconds errors mean p50 p99 p999 < <(grep '^RESULT' "$OUT/wrk-$run.txt")
			printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$variant" "$endpoint" \
				"$round" "$warmed" "$capped" "$last_compile" $((j1 - j0)) "$startup" \
				"$requests" "$seconds" "$errors" "$mean" "$p50" "$p99" "$p999" $((a1 - a0)) $((c1 - c0)) \
				$((g1 - g0)) $((tr1 - tr0)) $((tb1 - tb0)) "$other" >>"$OUT/results.tsv"
			log "  $endpoint: $requests requests in ${seconds}s, p99 ${p99} us, $(((a1 - a0) / (requests > 0 ? requests : 1))) B/request, JIT $((j1 - j0)) ms, export: $((tr1 - tr0)) requests"
		done
		stop "$pid"
	done
done
LOAD_END=$(cut -d' ' -f1-3 /proc/loadavg)
echo "$LOAD_START" >"$OUT/load-start.txt"
echo "$LOAD_END" >"$OUT/load-end.txt"

if [ "$PROFILE" = 1 ]; then
	compare=()
	for variant in $PROFILE_VARIANTS; do
		log "profiling $variant with JFR (not part of the figures)"
		read -r pid startup < <(launch "$variant" "$OUT/app-$variant-profile.log")
		seed
		profiled="${ENDPOINTS%% *}"
		warm_up /dev/null "$pid" "$(endpoint_url "$profiled")" >/dev/null
		jcmd "$pid" JFR.start name=bench settings=profile filename="$OUT/$variant.jfr" >/dev/null
		load "$DURATION" "$(endpoint_url "$profiled")" >"$OUT/wrk-$variant-profile.txt"
		jcmd "$pid" JFR.stop name=bench >/dev/null
		stop "$pid"
		compare+=("$OUT/$variant.jfr" "$(awk '/^RESULT/{print $2}' "$OUT/wrk-$variant-profile.txt")")
	done
	first="${PROFILE_VARIANTS%% *}"
	"$JAVA" -cp "$BENCH_JAR" dev.observability.benchmarks.endtoend.ProfileSummary "$OUT/$first.jfr" \
		>"$OUT/profile.md" 2>"$OUT/profile.err" || log "profile summary failed, see $OUT/profile.err"
	if [ "${#compare[@]}" -gt 2 ]; then
		"$JAVA" -cp "$BENCH_JAR" dev.observability.benchmarks.endtoend.ProfileSummary "${compare[@]}" \
			>>"$OUT/profile.md" 2>>"$OUT/profile.err" || log "profile comparison failed, see $OUT/profile.err"
	fi
	if [ -x "$JFR25" ]; then
		"$JFR25" view --width 160 hot-methods "$OUT/$first.jfr" >"$OUT/hot-methods.txt" 2>&1 || true
		"$JFR25" view --width 160 allocation-by-site "$OUT/$first.jfr" >"$OUT/allocation-by-site.txt" 2>&1 || true
	fi
fi

if [ "$JMH" = brief ]; then
	log "JMH (brief: 1 fork, 2 x 1 s warm-up, 3 x 1 s measurement, gc profiler), pinned to CPU $APP_CPU"
	jmh() {
		local name="$1"
		shift
		taskset -c "$APP_CPU" "$JAVA" -jar "$BENCH_JAR" -f 1 -wi 2 -i 3 -w 1 -r 1 -prof gc -rf csv \
			-rff "$OUT/jmh-$name.csv" "$@" "$name" >"$OUT/jmh-$name.txt" 2>&1 || log "JMH $name failed"
	}
	jmh SqlAnalyzerBenchmark
	jmh HttpConventionBenchmark
	jmh TraceTreeBenchmark
	jmh BootStatementBenchmark
	jmh BootServiceCallBenchmark
fi

WARMUP="$WARMUP" WARMUP_MAX="$WARMUP_MAX" COMPILE_QUIET="$COMPILE_QUIET" EXTRA_RESIDENCES="$EXTRA_RESIDENCES" DURATION="$DURATION" CONNECTIONS="$CONNECTIONS" python3 "$ROOT/benchmarks/src/run/report.py" "$OUT" >"$REPORT"
log "report: $REPORT"
