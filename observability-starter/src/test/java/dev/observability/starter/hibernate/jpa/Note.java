package dev.observability.starter.hibernate.jpa;

import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;

/**
 * Entity stored in table {@code note}, with an eager reference to its owner.
 */
@Entity
@Table(name = "note")
public class Note {

	@Id
	private Long id;

	@ManyToOne
	private Owner owner;

	protected Note() {
	}

	public Note(Long id, Owner owner) {
		this.id = id;
		this.owner = owner;
	}

	public Owner getOwner() {
		return this.owner;
	}

}
