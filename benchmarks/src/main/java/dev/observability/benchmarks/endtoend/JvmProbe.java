package dev.observability.benchmarks.endtoend;

import java.io.IOException;
import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;

import javax.management.MBeanServerConnection;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;

import com.sun.management.OperatingSystemMXBean;
import com.sun.management.ThreadMXBean;
import com.sun.tools.attach.VirtualMachine;

/**
 * Attaches to a running JVM (JDK attach API, local management agent, no flags needed on
 * the target) and prints one line:
 * {@code <allocatedBytes> <cpuNanos> <gcCount> <compileMillis>}, where allocated bytes is
 * {@link ThreadMXBean#getTotalThreadAllocatedBytes()} (every thread since launch,
 * terminated ones included), CPU is the process CPU time, the GC count sums every
 * collector and compile millis is the JIT compilers' accumulated time
 * ({@link CompilationMXBean#getTotalCompilationTime()}, -1 when the JVM does not report
 * it). Reading it before and after a load window and dividing the differences by the
 * requests served gives bytes and CPU per request; the compile time difference tells
 * whether the JIT was still busy in that window.
 * <p>
 * Run:
 * {@code java -cp benchmarks.jar dev.observability.benchmarks.endtoend.JvmProbe <pid>}
 */
public final class JvmProbe {

	private JvmProbe() {
	}

	public static void main(String[] args) throws Exception {
		VirtualMachine vm = VirtualMachine.attach(args[0]);
		try {
			String address = vm.startLocalManagementAgent();
			try (JMXConnector connector = JMXConnectorFactory.connect(new JMXServiceURL(address))) {
				System.out.println(read(connector.getMBeanServerConnection()));
			}
		}
		finally {
			vm.detach();
		}
	}

	private static String read(MBeanServerConnection connection) throws IOException {
		ThreadMXBean threads = ManagementFactory.newPlatformMXBeanProxy(connection,
				ManagementFactory.THREAD_MXBEAN_NAME, ThreadMXBean.class);
		OperatingSystemMXBean os = ManagementFactory.newPlatformMXBeanProxy(connection,
				ManagementFactory.OPERATING_SYSTEM_MXBEAN_NAME, OperatingSystemMXBean.class);
		long gcCount = 0;
		for (var gc : ManagementFactory.getPlatformMXBeans(connection,
				java.lang.management.GarbageCollectorMXBean.class)) {
			gcCount += Math.max(0, gc.getCollectionCount());
		}
		CompilationMXBean compilation = ManagementFactory.newPlatformMXBeanProxy(connection,
				ManagementFactory.COMPILATION_MXBEAN_NAME, CompilationMXBean.class);
		long compileMillis = compilation.isCompilationTimeMonitoringSupported() ? compilation.getTotalCompilationTime()
				: -1;
		return threads.getTotalThreadAllocatedBytes() + " " + os.getProcessCpuTime() + " " + gcCount + " "
				+ compileMillis;
	}

}
