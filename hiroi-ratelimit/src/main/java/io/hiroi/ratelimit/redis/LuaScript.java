package io.hiroi.ratelimit.redis;

import io.hiroi.ratelimit.internal.Errors;
import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.async.BaseRedisAsyncCommands;
import io.lettuce.core.api.async.RedisScriptingAsyncCommands;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.protocol.CommandArgs;
import io.lettuce.core.protocol.CommandType;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One Lua script of this backend: its text (a resource beside this class, with its include lines
 * filled in: {@link #withIncludes}) and SHA-1, called with
 * {@code EVALSHA}; a server that does not know it yet ({@code NOSCRIPT}: restarted, flushed, or a
 * cluster node that was not up when it was loaded) gets it through one {@code EVAL}, which also
 * caches it there.
 *
 * <p>Immutable and thread-safe.
 */
final class LuaScript {
  private static final Pattern INCLUDE = Pattern.compile("^--#include (\\w+)\n", Pattern.MULTILINE);

  private final String name;
  private final String text;
  private final String sha;

  private LuaScript(String name, String text, String sha) {
    this.name = name;
    this.text = text;
    this.sha = sha;
  }

  static LuaScript load(String name, RedisScriptingAsyncCommands<String, String> commands) {
    String text = withIncludes(resource(name));
    return new LuaScript(name, text, commands.digest(text));
  }

  /**
   * Puts, in place of each line {@code --#include other}, the text of {@code other.lua} (such as
   * {@code server_now}, the start every script that needs the time shares); one level deep, so an
   * included text may not include another.
   */
  static String withIncludes(String text) {
    return INCLUDE.matcher(text).replaceAll(m -> {
      String included = resource(m.group(1));
      if (INCLUDE.matcher(included).find()) {
        throw new AssertionError(m.group(1) + ".lua includes another script");
      }
      return Matcher.quoteReplacement(included);
    });
  }

  static String resource(String name) {
    try (InputStream in = LuaScript.class.getResourceAsStream(name + ".lua")) {
      if (in == null) {
        throw new AssertionError("missing resource " + name + ".lua");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  String text() {
    return text;
  }

  String sha() {
    return sha;
  }

  /**
   * Runs the script for a reply of integers only ({@code EVALSHA}, then one {@code EVAL} on
   * {@code NOSCRIPT}), read into a {@code long[]} by {@link LongsOutput}: one stage of our own per
   * call, completed from Lettuce's, instead of a chain of dependent stages.
   *
   * @param commands the connection's commands (single server or cluster: keys route the command)
   * @param keys the script's keys
   * @param argv appends the script's arguments; called once per attempt
   * @return the integers; completes exceptionally with a {@code RateLimitBackendException} when
   *     Redis fails or the reply has another shape
   */
  CompletionStage<long[]> longs(BaseRedisAsyncCommands<String, String> commands, String[] keys, Consumer<CommandArgs<String, String>> argv) {
    return longs(commands, keys, argv, LongsOutput::new);
  }

  /**
   * Runs the script as {@link #longs(BaseRedisAsyncCommands, String[], Consumer)} does, reading
   * the reply with an output of the caller's choice.
   */
  CompletionStage<long[]> longs(
      BaseRedisAsyncCommands<String, String> commands, String[] keys, Consumer<CommandArgs<String, String>> argv,
      Supplier<LongsOutput> output) {
    CompletableFuture<long[]> result = new CompletableFuture<>();
    dispatch(commands, CommandType.EVALSHA, sha, keys, argv, output)
        .whenComplete(
            (reply, error) -> {
              if (error == null) {
                settle(result, reply);
                return;
              }
              Throwable cause = unwrap(error);
              if (!isNoScript(cause)) {
                result.completeExceptionally(Errors.failed("run " + name, cause));
                return;
              }
              dispatch(commands, CommandType.EVAL, text, keys, argv, output)
                  .whenComplete(
                      (again, failure) -> {
                        if (failure == null) {
                          settle(result, again);
                        } else {
                          result.completeExceptionally(Errors.failed("run " + name, unwrap(failure)));
                        }
                      });
            });
    return result;
  }

  private static CompletionStage<long[]> dispatch(
      BaseRedisAsyncCommands<String, String> commands, CommandType type, String script, String[] keys,
      Consumer<CommandArgs<String, String>> argv, Supplier<LongsOutput> output) {
    CommandArgs<String, String> args = new CommandArgs<>(StringCodec.UTF8).add(script).add(keys.length).addKeys(keys);
    argv.accept(args);
    return commands.dispatch(type, output.get(), args);
  }

  private void settle(CompletableFuture<long[]> result, long[] reply) {
    if (reply == null) {
      result.completeExceptionally(Errors.badReply(name));
    } else {
      result.complete(reply);
    }
  }

  private static Throwable unwrap(Throwable error) {
    return error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
  }

  private static boolean isNoScript(Throwable cause) {
    return cause instanceof RedisNoScriptException || String.valueOf(cause.getMessage()).startsWith("NOSCRIPT");
  }

  <T> CompletionStage<T> run(
      RedisScriptingAsyncCommands<String, String> commands, ScriptOutputType type, String[] keys, String... args) {
    CompletionStage<T> first = commands.evalsha(sha, type, keys, args);
    return first
        .handle(
            (T value, Throwable error) -> {
              if (error == null) {
                return CompletableFuture.completedFuture(value);
              }
              Throwable cause = unwrap(error);
              if (isNoScript(cause)) {
                return commands.<T>eval(text, type, keys, args);
              }
              return CompletableFuture.<T>failedFuture(Errors.failed("run " + name, cause));
            })
        .thenCompose(stage -> stage);
  }

  @Override
  public String toString() {
    return "LuaScript{" + name + ", " + sha + "}";
  }

  static List<String> names() {
    return List.of("spend", "spend_one", "lease_acquire", "lease_renew", "lease_release", "failure_record", "failure_read", "failure_reset");
  }
}
