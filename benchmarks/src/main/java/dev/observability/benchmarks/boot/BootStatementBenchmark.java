package dev.observability.benchmarks.boot;

import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Cost of one SQL statement in an application wired by Boot (see
 * {@link BootApplication}), run the way Hibernate runs a query: {@code prepareStatement},
 * {@code setLong}, {@code executeQuery}, read the row, close the result set and the
 * statement, on a connection borrowed from Hikari, inside a request span. With
 * {@code mode=lean} the starter records the statement on its lean path (the default);
 * with {@code mode=observation} through the Observation API
 * ({@code observability.jdbc.lean-path=false}); with {@code mode=off}
 * ({@code observability.jdbc.enabled=false}) not at all, everything else being equal. The
 * difference of the scores is the starter's cost per statement; the difference of
 * {@code gc.alloc.rate.norm} is its allocation per statement. Each request is a unit of
 * work, as an HTTP request is; {@code findings=off} (pass {@code -p findings=on,off})
 * isolates the cost of counting statements for N+1 and repeated-query detection and of
 * the slow-query check, measured when nothing is found.
 * <p>
 * Run (one context per parameter value, one thread):
 * {@code java -jar benchmarks/target/benchmarks.jar BootStatementBenchmark -f 3 -wi 5 -i 5 -w 2 -r 2 -prof gc}
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class BootStatementBenchmark {

	static final int STATEMENTS_PER_REQUEST = 20;

	private static final String QUERY = "SELECT title, due FROM task WHERE id = ?";

	/**
	 * How statements are recorded: {@code lean}, {@code observation} or {@code off}.
	 */
	@Param({ "lean", "observation", "off" })
	public String mode;

	/**
	 * Whether N+1/repeated-query counting and the slow-query check run ({@code on}, with
	 * a threshold no request reaches, so nothing is found) or are switched off
	 * ({@code off}). The difference is their cost per statement when nothing is found.
	 */
	@Param({ "on" })
	public String findings;

	private BootApplication application;

	private Connection connection;

	private long id;

	@Setup
	public void setUp() throws IOException, SQLException {
		boolean findings = "on".equals(this.findings);
		this.application = BootApplication.start("observability.jdbc.enabled=" + !"off".equals(this.mode),
				"observability.jdbc.lean-path=" + "lean".equals(this.mode),
				"observability.jdbc.findings.enabled=" + findings, "observability.jdbc.findings.threshold=1000",
				"observability.jdbc.slow-query.enabled=" + findings);
		DataSource dataSource = this.application.getBean(DataSource.class);
		try (Connection setup = dataSource.getConnection(); Statement statement = setup.createStatement()) {
			statement.execute("CREATE TABLE task (id BIGINT PRIMARY KEY, title VARCHAR(100), due DATE)");
			statement.execute(
					"INSERT INTO task SELECT x, 'task ' || x, DATEADD('DAY', x, CURRENT_DATE) FROM SYSTEM_RANGE(1, 64)");
		}
		this.connection = dataSource.getConnection();
	}

	@TearDown
	public void tearDown() throws SQLException {
		try {
			this.connection.close();
		}
		finally {
			this.application.close();
		}
	}

	/**
	 * A request that runs {@value #STATEMENTS_PER_REQUEST} statements, like the N+1 route
	 * of the end-to-end run; the score is per statement, so the request's own span (the
	 * same in every mode) is spread over them.
	 * @return the last title read
	 */
	@Benchmark
	@OperationsPerInvocation(STATEMENTS_PER_REQUEST)
	public String statement() {
		return this.application.inRequest(() -> {
			String title = null;
			for (int i = 0; i < STATEMENTS_PER_REQUEST; i++) {
				this.id = (this.id & 63) + 1;
				title = query();
			}
			return title;
		});
	}

	private String query() {
		try (PreparedStatement statement = this.connection.prepareStatement(QUERY)) {
			statement.setLong(1, this.id);
			try (ResultSet resultSet = statement.executeQuery()) {
				return resultSet.next() ? resultSet.getString(1) : null;
			}
		}
		catch (SQLException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
