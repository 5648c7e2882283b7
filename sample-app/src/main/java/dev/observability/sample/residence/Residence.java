package dev.observability.sample.residence;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.OneToMany;
import jakarta.persistence.OrderBy;
import jakarta.persistence.Table;

/**
 * A property whose upkeep is tracked as a list of {@link MaintenanceTask maintenance
 * tasks}.
 */
@Entity
@Table(name = "residence")
public class Residence {

	@Id
	@GeneratedValue(strategy = GenerationType.IDENTITY)
	private Long id;

	@Column(nullable = false)
	private String name;

	@Column(nullable = false)
	private String address;

	@OneToMany(mappedBy = "residence", fetch = FetchType.LAZY)
	@OrderBy("dueDate ASC, id ASC")
	private List<MaintenanceTask> tasks = new ArrayList<>();

	protected Residence() {
	}

	public Residence(String name, String address) {
		this.name = name;
		this.address = address;
	}

	public Long getId() {
		return this.id;
	}

	public String getName() {
		return this.name;
	}

	public String getAddress() {
		return this.address;
	}

	/**
	 * Tasks of this residence, loaded lazily on first access.
	 * @return the tasks, ordered by due date
	 */
	public List<MaintenanceTask> getTasks() {
		return Collections.unmodifiableList(this.tasks);
	}

}
