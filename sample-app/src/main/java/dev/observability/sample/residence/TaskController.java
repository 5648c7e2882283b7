package dev.observability.sample.residence;

import java.net.URI;
import java.util.List;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

/**
 * REST API over the maintenance tasks of a residence. The residence's path variable is
 * {@code {id}}, as in {@link ResidenceController}, so the route (and with it the HTTP
 * span name) reads {@code GET /api/residences/{id}/tasks}.
 */
@RestController
@RequestMapping("/api/residences/{id}/tasks")
class TaskController {

	private final TaskService taskService;

	TaskController(TaskService taskService) {
		this.taskService = taskService;
	}

	@GetMapping
	List<TaskResponse> list(@PathVariable("id") Long residenceId) {
		return this.taskService.listForResidence(residenceId).stream().map(TaskResponse::of).toList();
	}

	@GetMapping("/reminders")
	List<String> reminders(@PathVariable("id") Long residenceId) {
		return this.taskService.remindersForResidence(residenceId);
	}

	@GetMapping("/{taskId}")
	TaskResponse get(@PathVariable("id") Long residenceId, @PathVariable Long taskId) {
		return TaskResponse.of(this.taskService.get(residenceId, taskId));
	}

	@PostMapping
	ResponseEntity<TaskResponse> create(@PathVariable("id") Long residenceId, @RequestBody NewTaskRequest request) {
		String problem = request.problem();
		if (problem != null) {
			throw new ResponseStatusException(HttpStatus.BAD_REQUEST, problem);
		}
		MaintenanceTask task = this.taskService.create(residenceId, request.title(), request.dueDate());
		URI location = ServletUriComponentsBuilder.fromCurrentRequest()
			.path("/{taskId}")
			.buildAndExpand(task.getId())
			.toUri();
		return ResponseEntity.created(location).body(TaskResponse.of(task));
	}

	@PostMapping("/{taskId}/complete")
	TaskResponse complete(@PathVariable("id") Long residenceId, @PathVariable Long taskId) {
		return TaskResponse.of(this.taskService.complete(residenceId, taskId));
	}

}
