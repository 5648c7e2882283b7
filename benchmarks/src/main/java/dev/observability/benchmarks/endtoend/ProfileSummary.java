package dev.observability.benchmarks.endtoend;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordedThread;
import jdk.jfr.consumer.RecordingFile;

/**
 * Summarises a JFR recording of the app under load as Markdown: CPU samples and sampled
 * allocation attributed to the library that owns the deepest non-JDK frame (so a JDK
 * {@code HashMap.put} called by the OTel SDK counts as OTel SDK), the top methods of the
 * telemetry libraries, the busiest threads and the GC pause total.
 * <p>
 * Attribution by deepest owning frame is deliberate: wrappers such as the service
 * interceptor or the JDBC proxy sit on the stack of all the work they wrap, so counting
 * every frame on the stack would charge them with the application's own work.
 * <p>
 * <p>
 * With several recordings, each followed by the number of requests served while it
 * recorded, it compares them instead: CPU samples per thousand requests by library, which
 * shows where the extra CPU of one variant goes.
 * <p>
 * Run:
 * {@code java -cp benchmarks.jar dev.observability.benchmarks.endtoend.ProfileSummary A.jfr [B.jfr requests ...]}
 */
public final class ProfileSummary {

	/**
	 * Library groups by class-name prefix, the first match wins; telemetry groups first.
	 */
	private static final Map<String, String> GROUPS = new LinkedHashMap<>();

	private static final List<String> TELEMETRY = List.of("starter", "Micrometer Observation", "Micrometer Tracing",
			"Micrometer meters", "OTel SDK", "OTel exporter", "OTel API/context", "JDK proxies (starter JDBC wrapper)",
			"JSqlParser");

	static {
		GROUPS.put("dev.observability.starter.", "starter");
		GROUPS.put("io.micrometer.observation.", "Micrometer Observation");
		GROUPS.put("io.micrometer.tracing.", "Micrometer Tracing");
		GROUPS.put("io.micrometer.", "Micrometer meters");
		GROUPS.put("io.prometheus.", "Micrometer meters");
		GROUPS.put("io.opentelemetry.sdk.", "OTel SDK");
		GROUPS.put("io.opentelemetry.exporter.", "OTel exporter");
		GROUPS.put("io.opentelemetry.", "OTel API/context");
		GROUPS.put("jdk.proxy", "JDK proxies (starter JDBC wrapper)");
		GROUPS.put("net.sf.jsqlparser.", "JSqlParser");
		GROUPS.put("dev.observability.sample.", "sample app");
		GROUPS.put("org.hibernate.", "Hibernate");
		GROUPS.put("org.h2.", "H2");
		GROUPS.put("com.zaxxer.", "HikariCP");
		GROUPS.put("org.apache.", "Tomcat");
		GROUPS.put("tools.jackson.", "Jackson");
		GROUPS.put("com.fasterxml.", "Jackson");
		GROUPS.put("org.springframework.", "Spring");
		GROUPS.put("ch.qos.logback.", "logging");
		GROUPS.put("okhttp3.", "OTel exporter");
		GROUPS.put("okio.", "OTel exporter");
	}

	private ProfileSummary() {
	}

	public static void main(String[] args) throws IOException {
		if (args.length > 1) {
			compare(args);
			return;
		}
		summarise(Path.of(args[0]));
	}

	private static void compare(String[] args) throws IOException {
		Map<String, Map<String, Double>> perThousand = new LinkedHashMap<>();
		List<String> names = new ArrayList<>();
		for (int i = 0; i + 1 < args.length; i += 2) {
			Path file = Path.of(args[i]);
			double requests = Double.parseDouble(args[i + 1]);
			String name = file.getFileName().toString().replace(".jfr", "");
			names.add(name);
			for (RecordedEvent event : RecordingFile.readAllEvents(file)) {
				if (event.getEventType().getName().equals("jdk.ExecutionSample")) {
					String group = owner(event.getStackTrace()).group;
					perThousand.computeIfAbsent(group, (key) -> new LinkedHashMap<>())
						.merge(name, 1000 / requests, Double::sum);
					perThousand.computeIfAbsent("(all)", (key) -> new LinkedHashMap<>())
						.merge(name, 1000 / requests, Double::sum);
				}
			}
		}
		System.out.println("#### CPU samples per 1000 requests by library (deepest owning frame)");
		System.out.println();
		System.out.println("| | " + String.join(" | ", names) + " | " + names.get(0) + " − " + names.get(1) + " |");
		System.out.println("|---|" + "---:|".repeat(names.size() + 1));
		List<Map.Entry<String, Map<String, Double>>> rows = new ArrayList<>(perThousand.entrySet());
		rows.sort(Comparator.comparingDouble((row) -> -difference(row.getValue(), names)));
		for (Map.Entry<String, Map<String, Double>> row : rows) {
			StringBuilder line = new StringBuilder("| `" + row.getKey() + "` |");
			for (String name : names) {
				line.append(String.format(" %.1f |", row.getValue().getOrDefault(name, 0.0)));
			}
			line.append(String.format(" %+.1f |", difference(row.getValue(), names)));
			System.out.println(line);
		}
		System.out.println();
	}

	private static double difference(Map<String, Double> counts, List<String> names) {
		return counts.getOrDefault(names.get(0), 0.0) - counts.getOrDefault(names.get(1), 0.0);
	}

	private static void summarise(Path file) throws IOException {
		Map<String, Long> cpuByGroup = new LinkedHashMap<>();
		Map<String, Long> telemetryMethods = new LinkedHashMap<>();
		Map<String, Long> leafMethods = new LinkedHashMap<>();
		Map<String, Long> threads = new LinkedHashMap<>();
		Map<String, Long> allocationByGroup = new LinkedHashMap<>();
		long samples = 0;
		long allocated = 0;
		long gcPauseNanos = 0;
		long gcCount = 0;
		long first = Long.MAX_VALUE;
		long last = 0;
		for (RecordedEvent event : RecordingFile.readAllEvents(file)) {
			String type = event.getEventType().getName();
			first = Math.min(first, event.getStartTime().toEpochMilli());
			last = Math.max(last, event.getEndTime().toEpochMilli());
			if (type.equals("jdk.ExecutionSample")) {
				samples++;
				Owner owner = owner(event.getStackTrace());
				add(cpuByGroup, owner.group, 1);
				if (TELEMETRY.contains(owner.group)) {
					add(telemetryMethods, owner.method, 1);
				}
				add(leafMethods, leaf(event.getStackTrace()), 1);
				RecordedThread thread = event.getThread("sampledThread");
				add(threads, threadGroup((thread != null) ? thread.getJavaName() : null), 1);
			}
			else if (type.equals("jdk.ObjectAllocationSample")) {
				long weight = event.getLong("weight");
				allocated += weight;
				add(allocationByGroup, owner(event.getStackTrace()).group, weight);
			}
			else if (type.equals("jdk.GarbageCollection")) {
				gcCount++;
				gcPauseNanos += event.getLong("sumOfPauses");
			}
		}
		long total = samples;
		long bytes = allocated;
		System.out.printf("Recording: %.1f s, %d CPU samples, %d GCs, %.0f ms GC pauses.%n%n", (last - first) / 1000.0,
				samples, gcCount, gcPauseNanos / 1e6);
		long telemetry = TELEMETRY.stream().mapToLong((group) -> cpuByGroup.getOrDefault(group, 0L)).sum();
		long telemetryBytes = TELEMETRY.stream().mapToLong((group) -> allocationByGroup.getOrDefault(group, 0L)).sum();
		System.out.printf("Telemetry libraries own %.1f %% of CPU samples and %.1f %% of sampled allocation.%n%n",
				percent(telemetry, total), percent(telemetryBytes, bytes));
		table("CPU samples by library (deepest owning frame)", cpuByGroup, total, 20);
		table("Sampled allocation by library (deepest owning frame)", allocationByGroup, bytes, 20);
		table("Top telemetry methods (CPU samples)", telemetryMethods, total, 15);
		table("Top leaf methods, any library (CPU samples)", leafMethods, total, 15);
		table("CPU samples by thread", threads, total, 8);
	}

	private static void table(String title, Map<String, Long> counts, long total, int limit) {
		System.out.println("#### " + title);
		System.out.println();
		System.out.println("| | share |");
		System.out.println("|---|---:|");
		counts.entrySet()
			.stream()
			.sorted(Map.Entry.<String, Long>comparingByValue().reversed())
			.limit(limit)
			.forEach((entry) -> System.out.printf("| `%s` | %.1f %% |%n", entry.getKey(),
					percent(entry.getValue(), total)));
		System.out.println();
	}

	private static double percent(long part, long total) {
		return (total > 0) ? 100.0 * part / total : 0;
	}

	private static void add(Map<String, Long> counts, String key, long amount) {
		counts.merge(key, amount, Long::sum);
	}

	private static Owner owner(RecordedStackTrace stack) {
		if (stack == null) {
			return new Owner("(no stack)", "(no stack)");
		}
		for (RecordedFrame frame : stack.getFrames()) {
			String className = frame.getMethod().getType().getName();
			String group = group(className);
			if (group != null) {
				return new Owner(group, shortName(frame));
			}
		}
		return new Owner("JDK / other", leaf(stack));
	}

	private static String group(String className) {
		for (Map.Entry<String, String> entry : GROUPS.entrySet()) {
			if (className.startsWith(entry.getKey())) {
				return entry.getValue();
			}
		}
		return null;
	}

	private static String leaf(RecordedStackTrace stack) {
		return (stack == null || stack.getFrames().isEmpty()) ? "(no stack)" : shortName(stack.getFrames().get(0));
	}

	private static String shortName(RecordedFrame frame) {
		String className = frame.getMethod().getType().getName();
		return className.substring(className.lastIndexOf('.') + 1) + "." + frame.getMethod().getName();
	}

	private static String threadGroup(String name) {
		if (name == null) {
			return "(unknown)";
		}
		Function<String, String> digitsToN = (text) -> text.replaceAll("\\d+", "N");
		return digitsToN.apply(name);
	}

	private record Owner(String group, String method) {
	}

}
