package dev.observability.starter.testapp;

import java.util.List;

import io.micrometer.observation.annotation.Observed;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionSynchronizationManager;

@Service
public class TaskService {

	private final ResidenceService residences;

	TaskService(ResidenceService residences) {
		this.residences = residences;
	}

	public List<String> listForResidence(long id) {
		return List.of(this.residences.nameOf(id) + ": water the plants");
	}

	public List<String> listBroken(long id) {
		return List.of(this.residences.broken(id));
	}

	@Transactional
	public boolean inTransaction() {
		return TransactionSynchronizationManager.isActualTransactionActive();
	}

	@Observed
	public String annotated() {
		return "left to ObservedAspect";
	}

	public String callsItself() {
		return listForResidence(7).get(0);
	}

}
