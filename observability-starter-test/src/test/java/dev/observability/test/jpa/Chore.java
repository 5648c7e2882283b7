package dev.observability.test.jpa;

import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/**
 * Entity of the kit's {@code @DataJpaTest} tests, stored in table {@code chore}.
 */
@Entity
@Table(name = "chore")
public class Chore {

	@Id
	private Long id;

	private String title;

	protected Chore() {
	}

	public Chore(Long id, String title) {
		this.id = id;
		this.title = title;
	}

	public Long getId() {
		return this.id;
	}

	public String getTitle() {
		return this.title;
	}

}
