package dev.observability.test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Small application for the kit's own tests, instrumented by the real starter: a server
 * span named after method and route, a service span {@code TaskService.listForResidence}
 * and one {@code SELECT task} span per statement.
 */
@SpringBootApplication
public class KitTestApplication {

	/**
	 * Statement the application runs; the starter reports it as written, with literals
	 * replaced.
	 */
	static final String QUERY = "SELECT title FROM task WHERE residence_id = ?";

	@Service
	public static class TaskService {

		private final JdbcTemplate jdbc;

		TaskService(JdbcTemplate jdbc) {
			this.jdbc = jdbc;
		}

		public List<String> listForResidences(List<Integer> residenceIds) {
			List<String> titles = new ArrayList<>();
			for (int residenceId : residenceIds) {
				titles.addAll(query(this.jdbc, residenceId));
			}
			return titles;
		}

		public List<String> listForResidence(int residenceId, int repeat) {
			List<String> titles = new ArrayList<>();
			for (int i = 0; i < repeat; i++) {
				titles = query(this.jdbc, residenceId);
			}
			return titles;
		}

	}

	/**
	 * What the job of {@code /tasks/later} waits for.
	 */
	static final AtomicReference<CountDownLatch> LATER = new AtomicReference<>(new CountDownLatch(0));

	static List<String> query(JdbcTemplate jdbc, int residenceId) {
		return jdbc.queryForList(QUERY, String.class, residenceId);
	}

	@RestController
	static class TaskController {

		private final TaskService tasks;

		private final JdbcTemplate jdbc;

		// looked up on use: the slice tests create this controller without an executor
		private final ObjectProvider<Executor> executor;

		TaskController(TaskService tasks, JdbcTemplate jdbc,
				@Qualifier("applicationTaskExecutor") ObjectProvider<Executor> executor) {
			this.tasks = tasks;
			this.jdbc = jdbc;
			this.executor = executor;
		}

		@GetMapping("/api/residences/{id}/tasks")
		List<String> tasks(@PathVariable int id, @RequestParam(defaultValue = "1") int repeat) {
			return this.tasks.listForResidence(id, repeat);
		}

		@GetMapping("/api/tasks")
		List<String> tasksOf(@RequestParam List<Integer> residence) {
			return this.tasks.listForResidences(residence);
		}

		/**
		 * Hands the query to Boot's executor and answers at once; the job waits for
		 * {@link #LATER} before it queries.
		 */
		@GetMapping("/api/residences/{id}/tasks/later")
		String tasksLater(@PathVariable int id) {
			this.executor.getObject().execute(() -> {
				try {
					LATER.get().await(10, TimeUnit.SECONDS);
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
				}
				query(this.jdbc, id);
			});
			return "queued";
		}

		@GetMapping("/api/residences/{id}/tasks/async")
		List<String> tasksOnAnotherThread(@PathVariable int id) {
			return CompletableFuture.supplyAsync(() -> query(this.jdbc, id)).join();
		}

	}

}
