package dev.observability.sample.residence;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * Turns a {@link NotFoundException} into a 404 problem detail (RFC 9457). Errors of
 * Spring MVC itself become problem details through
 * {@code spring.mvc.problemdetails.enabled}.
 */
@RestControllerAdvice
class ApiExceptionHandler {

	@ExceptionHandler
	ProblemDetail notFound(NotFoundException ex) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, ex.getMessage());
		problem.setTitle(ex.getResource() + " not found");
		return problem;
	}

}
