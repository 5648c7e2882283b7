package dev.observability.sample.residence;

import java.util.List;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * REST API over residences.
 */
@RestController
@RequestMapping("/api/residences")
class ResidenceController {

	private final ResidenceService residenceService;

	ResidenceController(ResidenceService residenceService) {
		this.residenceService = residenceService;
	}

	@GetMapping
	List<ResidenceResponse> list() {
		return this.residenceService.list().stream().map(ResidenceResponse::of).toList();
	}

	@GetMapping("/{id}")
	ResidenceResponse get(@PathVariable Long id) {
		return ResidenceResponse.of(this.residenceService.get(id));
	}

}
