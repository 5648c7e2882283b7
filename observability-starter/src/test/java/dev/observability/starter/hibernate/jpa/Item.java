package dev.observability.starter.hibernate.jpa;

import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.Id;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;

/**
 * Entity stored in table {@code item}, with a lazy reference to its owner.
 */
@Entity
@Table(name = "item")
public class Item {

	@Id
	private Long id;

	private String name;

	@ManyToOne(fetch = FetchType.LAZY)
	private Owner owner;

	protected Item() {
	}

	public Item(Long id, String name, Owner owner) {
		this.id = id;
		this.name = name;
		this.owner = owner;
	}

	public Long getId() {
		return this.id;
	}

	public String getName() {
		return this.name;
	}

	public Owner getOwner() {
		return this.owner;
	}

}
