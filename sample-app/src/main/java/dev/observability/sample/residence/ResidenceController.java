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
 * REST API over residences.
 */
@RestController
@RequestMapping("/api/residences")
class ResidenceController {

	private final ResidenceService residenceService;

	private final ResidenceIdsCache residenceIds;

	ResidenceController(ResidenceService residenceService, ResidenceIdsCache residenceIds) {
		this.residenceService = residenceService;
		this.residenceIds = residenceIds;
	}

	@GetMapping
	List<ResidenceResponse> list() {
		return this.residenceService.list().stream().map(ResidenceResponse::of).toList();
	}

	@GetMapping("/ids")
	List<Long> ids() {
		return this.residenceIds.ids();
	}

	@GetMapping("/{id}")
	ResidenceResponse get(@PathVariable Long id) {
		return ResidenceResponse.of(this.residenceService.get(id));
	}

	@GetMapping("/tasks-per-residence")
	List<ResidenceTaskCount> tasksPerResidence() {
		return this.residenceService.openTasksPerResidence();
	}

	@GetMapping("/tasks-per-residence/joined")
	List<ResidenceTaskCount> tasksPerResidenceInOneQuery() {
		return this.residenceService.openTasksPerResidenceInOneQuery();
	}

	@PostMapping
	ResponseEntity<ResidenceResponse> create(@RequestBody NewResidenceRequest request) {
		String problem = request.problem();
		if (problem != null) {
			throw new ResponseStatusException(HttpStatus.BAD_REQUEST, problem);
		}
		Residence residence = this.residenceService.create(request.name(), request.address());
		URI location = ServletUriComponentsBuilder.fromCurrentRequest()
			.path("/{id}")
			.buildAndExpand(residence.getId())
			.toUri();
		return ResponseEntity.created(location).body(ResidenceResponse.of(residence));
	}

}
