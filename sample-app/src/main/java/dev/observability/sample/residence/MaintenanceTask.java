package dev.observability.sample.residence;

import java.time.LocalDate;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.FetchType;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;

/**
 * A piece of upkeep due at a {@link Residence} by a given date.
 */
@Entity
@Table(name = "task")
public class MaintenanceTask {

	@Id
	@GeneratedValue(strategy = GenerationType.IDENTITY)
	private Long id;

	@ManyToOne(fetch = FetchType.LAZY, optional = false)
	@JoinColumn(name = "residence_id", nullable = false)
	private Residence residence;

	@Column(nullable = false)
	private String title;

	@Enumerated(EnumType.STRING)
	@Column(nullable = false, length = 16)
	private TaskStatus status = TaskStatus.OPEN;

	@Column(name = "due_date", nullable = false)
	private LocalDate dueDate;

	protected MaintenanceTask() {
	}

	public MaintenanceTask(Residence residence, String title, LocalDate dueDate) {
		this.residence = residence;
		this.title = title;
		this.dueDate = dueDate;
	}

	public Long getId() {
		return this.id;
	}

	/**
	 * Residence this task belongs to, loaded lazily on first access.
	 * @return the residence
	 */
	public Residence getResidence() {
		return this.residence;
	}

	public String getTitle() {
		return this.title;
	}

	public TaskStatus getStatus() {
		return this.status;
	}

	public LocalDate getDueDate() {
		return this.dueDate;
	}

	/**
	 * Mark this task as done; completing a done task changes nothing.
	 */
	public void complete() {
		this.status = TaskStatus.DONE;
	}

}
