package dev.observability.sample.residence;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.dao.DataAccessException;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.stereotype.Service;

/**
 * Ids of the residences a user may see, cached in Redis beside the database
 * (cache-aside): a hit is one Redis {@code GET}; a miss reads the ids with SQL, then
 * stores them for {@link #TTL ten minutes} with a {@code SET}. Every user may see every
 * residence in this sample, so there is one key, {@value #KEY}; an application with users
 * would keep one per user ({@code residence-ids:user:42}).
 * <p>
 * Redis only saves a query here: when it fails (down, or slower than
 * {@code spring.data.redis.timeout}), the ids come from the database and a one-line
 * warning is logged, so the endpoint stays up.
 */
@Service
public class ResidenceIdsCache {

	private static final Log logger = LogFactory.getLog(ResidenceIdsCache.class);

	/**
	 * Redis key of the cached ids, comma-separated in ascending order.
	 */
	static final String KEY = "residence-ids:all";

	/**
	 * How long cached ids live: a residence added while Redis could not be told stays
	 * missing from them for at most this long.
	 */
	static final Duration TTL = Duration.ofMinutes(10);

	private final StringRedisTemplate redis;

	private final ResidenceRepository residences;

	ResidenceIdsCache(StringRedisTemplate redis, ResidenceRepository residences) {
		this.redis = redis;
		this.residences = residences;
	}

	/**
	 * Ids of the residences, from Redis when cached, otherwise from the database (and
	 * then cached). When Redis fails on the read, the database answers and nothing is
	 * written, so a request waits for a failing Redis once at most.
	 * @return the ids in ascending order
	 */
	public List<Long> ids() {
		String cached;
		try {
			cached = this.redis.opsForValue().get(KEY);
		}
		catch (DataAccessException ex) {
			logger.warn("Residence ids read from the database, Redis failed: " + ex.getMessage());
			return this.residences.findAllIds();
		}
		if (cached != null) {
			return parse(cached);
		}
		List<Long> ids = this.residences.findAllIds();
		try {
			this.redis.opsForValue().set(KEY, format(ids), TTL);
		}
		catch (DataAccessException ex) {
			logger.warn("Residence ids not cached, Redis failed: " + ex.getMessage());
		}
		return ids;
	}

	/**
	 * Forget the cached ids, so the next {@link #ids()} reads them from the database.
	 * Call it once the change is committed: evicting earlier lets a concurrent miss cache
	 * the ids without it. When Redis fails, the stale ids live on until they expire.
	 */
	public void evict() {
		try {
			this.redis.delete(KEY);
		}
		catch (DataAccessException ex) {
			logger.warn("Residence ids not evicted, Redis failed; cached ids may miss a change for up to "
					+ TTL.toMinutes() + " minutes: " + ex.getMessage());
		}
	}

	private static String format(List<Long> ids) {
		return ids.stream().map(String::valueOf).collect(Collectors.joining(","));
	}

	private static List<Long> parse(String cached) {
		if (cached.isEmpty()) {
			return List.of();
		}
		return Arrays.stream(cached.split(",")).map(Long::valueOf).toList();
	}

}
