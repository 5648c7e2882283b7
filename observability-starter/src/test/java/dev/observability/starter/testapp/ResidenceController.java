package dev.observability.starter.testapp;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;

@RestController
class ResidenceController {

	private final TaskService tasks;

	private final JdbcTemplate jdbc;

	ResidenceController(TaskService tasks, JdbcTemplate jdbc) {
		this.tasks = tasks;
		this.jdbc = jdbc;
	}

	@GetMapping("/api/residences/{id}/tasks")
	List<String> tasks(@PathVariable long id) {
		return this.tasks.listForResidence(id);
	}

	@PostMapping("/api/residences/{id}/tasks")
	Map<String, Object> addTask(@PathVariable long id, @RequestBody Map<String, Object> task) {
		return Map.of("residence", id, "task", task, "created", true);
	}

	@GetMapping("/api/residences/{id}/failure")
	List<String> failure(@PathVariable long id) {
		return this.tasks.listBroken(id);
	}

	@GetMapping("/api/residences/{id}/unavailable")
	List<String> unavailable(@PathVariable long id) {
		throw new ResidenceUnavailableException(id);
	}

	@GetMapping("/api/residences/{id}/gone")
	List<String> gone(@PathVariable long id) {
		throw new ResidenceGoneException(id);
	}

	@GetMapping("/api/residences/{id}/export")
	StreamingResponseBody export(@PathVariable long id) {
		return (out) -> {
			for (int line = 0; line < 3; line++) {
				out.write(("task " + line + " of residence " + id + "\n").getBytes(StandardCharsets.UTF_8));
				out.flush();
			}
		};
	}

	@GetMapping("/api/gateway")
	ResponseEntity<String> badGateway() {
		return ResponseEntity.status(HttpStatus.BAD_GATEWAY).body("upstream down");
	}

	/**
	 * Excluded by the tests' {@code observability.http.exclude-patterns}: calls a service
	 * and runs a statement, like a health check would.
	 */
	@GetMapping("/internal/ping")
	String internalPing() {
		return ping();
	}

	/**
	 * The same work at an observed path.
	 */
	@GetMapping("/api/ping")
	String ping() {
		this.tasks.listForResidence(0);
		return "pong " + this.jdbc.queryForObject("SELECT 1", Integer.class);
	}

	@ExceptionHandler
	ResponseEntity<String> unavailable(ResidenceUnavailableException ex) {
		return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).body(ex.getMessage());
	}

	@ExceptionHandler
	ResponseEntity<String> gone(ResidenceGoneException ex) {
		return ResponseEntity.status(HttpStatus.GONE).body(ex.getMessage());
	}

	static class ResidenceUnavailableException extends RuntimeException {

		ResidenceUnavailableException(long id) {
			super("residence " + id + " is unavailable");
		}

	}

	static class ResidenceGoneException extends RuntimeException {

		ResidenceGoneException(long id) {
			super("residence " + id + " is gone");
		}

	}

}
