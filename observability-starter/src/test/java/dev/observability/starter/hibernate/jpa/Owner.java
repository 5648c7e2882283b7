package dev.observability.starter.hibernate.jpa;

import java.util.ArrayList;
import java.util.List;

import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.OneToMany;
import jakarta.persistence.Table;

/**
 * Entity stored in table {@code owner}, with a lazy collection of items.
 */
@Entity
@Table(name = "owner")
public class Owner {

	@Id
	private Long id;

	private String name;

	@OneToMany(mappedBy = "owner")
	private List<Item> items = new ArrayList<>();

	protected Owner() {
	}

	public Owner(Long id, String name) {
		this.id = id;
		this.name = name;
	}

	public Long getId() {
		return this.id;
	}

	public String getName() {
		return this.name;
	}

	public List<Item> getItems() {
		return this.items;
	}

}
