package dev.observability.starter.redis;

import java.nio.charset.StandardCharsets;

import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.protocol.CommandArgs;
import io.lettuce.core.protocol.CommandKeyword;
import io.lettuce.core.protocol.CommandType;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Masked statements built from Lettuce's command arguments, as its command builder and
 * Spring Data's raw {@code execute} build them.
 */
class RedisStatementsTests {

	private static final String SECRET = "s3cr3t";

	private final RedisStatements statements = new RedisStatements(true);

	@Test
	void keysAndKeywordsAreShownAndValuesMasked() {
		CommandArgs<String, String> set = new CommandArgs<>(StringCodec.UTF8).addKey("user:42")
			.addValue(SECRET)
			.add(CommandKeyword.EX.name())
			.add(60);
		assertThat(this.statements.statement(CommandType.SET, set)).isEqualTo("SET user:42 ? ? ?");
		CommandArgs<String, String> setWithKeyword = new CommandArgs<>(StringCodec.UTF8).addKey("user:42")
			.addValue(SECRET)
			.add(CommandType.EXPIRE);
		assertThat(this.statements.statement(CommandType.SET, setWithKeyword)).isEqualTo("SET user:42 ? EXPIRE");
	}

	@Test
	void hashFieldsAreKeysInLettuceAndStayVisible() {
		CommandArgs<byte[], byte[]> hset = new CommandArgs<>(ByteArrayCodec.INSTANCE).addKey(bytes("user:42"))
			.addKey(bytes("password"))
			.addValue(bytes(SECRET));
		assertThat(this.statements.statement(CommandType.HSET, hset)).isEqualTo("HSET user:42 password ?");
	}

	@Test
	void keysCanBeMaskedToo() {
		CommandArgs<String, String> set = new CommandArgs<>(StringCodec.UTF8).addKey("user:42").addValue(SECRET);
		assertThat(new RedisStatements(false).statement(CommandType.SET, set)).isEqualTo("SET ? ?");
	}

	@Test
	void everyArgumentOfSecretBearingCommandsIsMaskedEvenWhenPassedAsKeys() {
		CommandArgs<byte[], byte[]> rawAuth = new CommandArgs<>(ByteArrayCodec.INSTANCE).addKey(bytes(SECRET));
		assertThat(this.statements.statement(CommandType.AUTH, rawAuth)).isEqualTo("AUTH ?");
		CommandArgs<String, String> auth = new CommandArgs<>(StringCodec.UTF8).add("default").add(SECRET.toCharArray());
		assertThat(this.statements.statement(CommandType.AUTH, auth)).isEqualTo("AUTH ? ?");
		CommandArgs<String, String> hello = new CommandArgs<>(StringCodec.UTF8).add(3)
			.add(CommandType.AUTH)
			.add("default")
			.add(SECRET.toCharArray());
		assertThat(this.statements.statement(CommandType.HELLO, hello)).isEqualTo("HELLO ? AUTH ? ?");
		CommandArgs<String, String> config = new CommandArgs<>(StringCodec.UTF8).add(CommandType.SET)
			.add("requirepass")
			.add(SECRET);
		assertThat(this.statements.statement(CommandType.CONFIG, config)).isEqualTo("CONFIG SET ? ?");
		CommandArgs<String, String> migrate = new CommandArgs<>(StringCodec.UTF8).add("10.0.0.1")
			.add(6379)
			.addKey("user:42")
			.add(0)
			.add(1000)
			.add(CommandType.AUTH)
			.add(SECRET);
		assertThat(this.statements.statement(CommandType.MIGRATE, migrate)).isEqualTo("MIGRATE ? ? ? ? ? AUTH ?");
	}

	@Test
	void scriptsAreMaskedAndOnlyTheirKeysShown() {
		CommandArgs<String, String> eval = new CommandArgs<>(StringCodec.UTF8)
			.add("return redis.call('SET', KEYS[1], '" + SECRET + "')")
			.add(1)
			.addKey("user:42")
			.addValue(SECRET);
		assertThat(this.statements.statement(CommandType.EVAL, eval)).isEqualTo("EVAL ? ? user:42 ?");
		CommandArgs<byte[], byte[]> rawEval = new CommandArgs<>(ByteArrayCodec.INSTANCE)
			.addKey(bytes("return '" + SECRET + "'"))
			.addKey(bytes("1"))
			.addKey(bytes("user:42"));
		assertThat(this.statements.statement(CommandType.EVAL, rawEval)).isEqualTo("EVAL ? ? ?");
	}

	@Test
	void aRawCommandWhoseArgumentsAreAllKeysShowsOnlyTheFirst() {
		CommandArgs<byte[], byte[]> rawSet = new CommandArgs<>(ByteArrayCodec.INSTANCE).addKey(bytes("user:42"))
			.addKey(bytes(SECRET));
		assertThat(this.statements.statement(CommandType.SET, rawSet)).isEqualTo("SET user:42 ?");
		CommandArgs<byte[], byte[]> del = new CommandArgs<>(ByteArrayCodec.INSTANCE).addKey(bytes("a"))
			.addKey(bytes("b"));
		assertThat(this.statements.statement(CommandType.DEL, del)).isEqualTo("DEL a b");
	}

	@Test
	void commandsWithoutArgumentsAreTheirName() {
		assertThat(this.statements.statement(CommandType.PING, null)).isEqualTo("PING");
		assertThat(this.statements.statement(CommandType.MULTI, new CommandArgs<>(StringCodec.UTF8)))
			.isEqualTo("MULTI");
	}

	@Test
	void longArgumentListsAreCut() {
		CommandArgs<String, String> mset = new CommandArgs<>(StringCodec.UTF8);
		for (int i = 0; i < 40; i++) {
			mset.addKey("k" + i).addValue(SECRET);
		}
		String statement = this.statements.statement(CommandType.MSET, mset);
		assertThat(statement).startsWith("MSET k0 ? k1 ?").endsWith(" ...").doesNotContain(SECRET);
		assertThat(statement.split(" ")).hasSize(1 + 32 + 1);
	}

	private static byte[] bytes(String text) {
		return text.getBytes(StandardCharsets.UTF_8);
	}

}
