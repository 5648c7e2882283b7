package dev.observability.starter.testapp;

import org.springframework.stereotype.Service;

@Service
public class ResidenceService {

	public String nameOf(long id) {
		return "residence " + id;
	}

	public String broken(long id) {
		throw new IllegalStateException("residence " + id + " is broken");
	}

}
