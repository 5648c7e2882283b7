package dev.observability.starter.redis;

import java.lang.reflect.Field;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import io.lettuce.core.protocol.CommandArgs;
import io.lettuce.core.protocol.ProtocolKeyword;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * Builds the masked statement of a Redis command ({@code SET user:42 ? EX ?}): the
 * command, its protocol keywords ({@code EX}, {@code NX}, {@code WITHSCORES}) and, unless
 * masked too, its keys; every other argument, whatever its type, is {@code ?}. Lettuce
 * marks which arguments are keys (hash fields count as keys there), so values are told
 * apart from keys by how the application passed them, not by guessing from their text.
 * <p>
 * Some commands carry secrets or code in places a raw {@code execute} call may pass as
 * keys, so they have fixed rules: every argument of {@code AUTH}, {@code HELLO},
 * {@code ACL}, {@code CONFIG}, {@code MIGRATE} and {@code CLIENT} but protocol keywords
 * is masked, and the script or function of the {@code EVAL} family is masked with every
 * argument after its keys. When every argument of another command is a key (as
 * {@code RedisConnection.execute} sends them), only the first is shown unless the command
 * takes only keys ({@code DEL}, {@code MGET}, ...).
 * <p>
 * The argument list is Lettuce's package-private state, read reflectively; if it cannot
 * be read the statement is the command followed by a single {@code ?}.
 */
final class RedisStatements {

	private static final Log logger = LogFactory.getLog(RedisStatements.class);

	static final String MASK = "?";

	private static final int MAX_ARGUMENTS = 32;

	private static final String ARGUMENTS_PREFIX = CommandArgs.class.getName() + "$";

	private static final String KEY_ARGUMENT = ARGUMENTS_PREFIX + "KeyArgument";

	private static final String KEYWORD_ARGUMENT = ARGUMENTS_PREFIX + "ProtocolKeywordArgument";

	private static final String INTEGER_ARGUMENT = ARGUMENTS_PREFIX + "IntegerArgument";

	private static final Set<String> SECRET_BEARING = Set.of("AUTH", "HELLO", "ACL", "CONFIG", "MIGRATE", "CLIENT");

	private static final Set<String> SCRIPTS = Set.of("EVAL", "EVAL_RO", "EVALSHA", "EVALSHA_RO", "FCALL", "FCALL_RO");

	private static final Set<String> KEYS_ONLY = Set.of("DEL", "UNLINK", "EXISTS", "TOUCH", "MGET", "WATCH", "SINTER",
			"SUNION", "SDIFF", "PFCOUNT", "HMGET", "HDEL", "HEXISTS", "HGET", "SINTERCARD", "ZINTER", "ZUNION", "ZDIFF",
			"RENAME", "RENAMENX", "COPY", "LMOVE", "SMOVE");

	private static final @Nullable Field ARGUMENTS = argumentsField();

	private final boolean keys;

	/**
	 * Create the builder.
	 * @param keys whether keys are shown; when false they are masked like values
	 */
	RedisStatements(boolean keys) {
		this.keys = keys;
	}

	/**
	 * The masked statement of a command.
	 * @param type the command
	 * @param args its arguments, or {@code null}
	 * @return the statement
	 */
	String statement(ProtocolKeyword type, @Nullable CommandArgs<?, ?> args) {
		String command = type.toString().toUpperCase(Locale.ROOT);
		if (args == null || args.count() == 0) {
			return command;
		}
		List<?> arguments = arguments(args);
		if (arguments == null) {
			return command + " " + MASK;
		}
		StringBuilder statement = new StringBuilder(command);
		int shownKeys = shownKeys(command, arguments);
		int keyIndex = 0;
		int count = Math.min(arguments.size(), MAX_ARGUMENTS);
		for (int i = 0; i < count; i++) {
			Object argument = arguments.get(i);
			String kind = argument.getClass().getName();
			statement.append(' ');
			if (kind.equals(KEYWORD_ARGUMENT)) {
				statement.append(argument);
			}
			else if (kind.equals(KEY_ARGUMENT) && keyIndex++ < shownKeys && this.keys) {
				statement.append(keyText(argument));
			}
			else {
				statement.append(MASK);
			}
		}
		if (arguments.size() > count) {
			statement.append(" ...");
		}
		return statement.toString();
	}

	/**
	 * How many of the command's key arguments may be shown, in order.
	 */
	private static int shownKeys(String command, List<?> arguments) {
		if (SECRET_BEARING.contains(command)) {
			return 0;
		}
		if (SCRIPTS.contains(command)) {
			return scriptKeys(arguments);
		}
		if (arguments.size() > 1 && !KEYS_ONLY.contains(command) && allKeys(arguments)) {
			return 1;
		}
		return Integer.MAX_VALUE;
	}

	/**
	 * Keys of a script call: the script (or its digest, or the function) first, then the
	 * number of keys, then the keys, then arguments. When the script was passed as a key
	 * or the number cannot be read, no key is shown.
	 */
	private static int scriptKeys(List<?> arguments) {
		if (arguments.size() < 2 || arguments.get(0).getClass().getName().equals(KEY_ARGUMENT)
				|| !arguments.get(1).getClass().getName().equals(INTEGER_ARGUMENT)) {
			return 0;
		}
		try {
			return (int) Math.min(Long.parseLong(arguments.get(1).toString()), Integer.MAX_VALUE);
		}
		catch (NumberFormatException ex) {
			return 0;
		}
	}

	private static boolean allKeys(List<?> arguments) {
		for (Object argument : arguments) {
			if (!argument.getClass().getName().equals(KEY_ARGUMENT)) {
				return false;
			}
		}
		return true;
	}

	/**
	 * The key's text: Lettuce renders a key argument as {@code key<text>}, decoding its
	 * encoded bytes as UTF-8 whatever the codec.
	 */
	private static String keyText(Object argument) {
		String rendered = argument.toString();
		if (rendered.startsWith("key<") && rendered.endsWith(">")) {
			return rendered.substring(4, rendered.length() - 1);
		}
		return MASK;
	}

	private static @Nullable List<?> arguments(CommandArgs<?, ?> args) {
		if (ARGUMENTS == null) {
			return null;
		}
		try {
			return (ARGUMENTS.get(args) instanceof List<?> list) ? list : null;
		}
		catch (IllegalAccessException | RuntimeException ex) {
			return null;
		}
	}

	private static @Nullable Field argumentsField() {
		try {
			Field field = CommandArgs.class.getDeclaredField("singularArguments");
			field.setAccessible(true);
			return field;
		}
		catch (NoSuchFieldException | RuntimeException ex) {
			logger.debug("Redis statements show no arguments: Lettuce's command arguments cannot be read (" + ex + ")");
			return null;
		}
	}

}
