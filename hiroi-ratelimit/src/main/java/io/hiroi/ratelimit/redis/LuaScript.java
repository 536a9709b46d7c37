package io.hiroi.ratelimit.redis;

import io.hiroi.ratelimit.internal.Errors;
import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.async.RedisScriptingAsyncCommands;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * One Lua script of this backend: its text (a resource beside this class) and SHA-1, called with
 * {@code EVALSHA}; a server that does not know it yet ({@code NOSCRIPT}: restarted, flushed, or a
 * cluster node that was not up when it was loaded) gets it through one {@code EVAL}, which also
 * caches it there.
 *
 * <p>Immutable and thread-safe.
 */
final class LuaScript {
  private final String name;
  private final String text;
  private final String sha;

  private LuaScript(String name, String text, String sha) {
    this.name = name;
    this.text = text;
    this.sha = sha;
  }

  static LuaScript load(String name, RedisScriptingAsyncCommands<String, String> commands) {
    try (InputStream in = LuaScript.class.getResourceAsStream(name + ".lua")) {
      if (in == null) {
        throw new AssertionError("missing resource " + name + ".lua");
      }
      String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      return new LuaScript(name, text, commands.digest(text));
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

  <T> CompletionStage<T> run(
      RedisScriptingAsyncCommands<String, String> commands, ScriptOutputType type, String[] keys, String... args) {
    CompletionStage<T> first = commands.evalsha(sha, type, keys, args);
    return first
        .handle(
            (T value, Throwable error) -> {
              if (error == null) {
                return CompletableFuture.completedFuture(value);
              }
              Throwable cause = error instanceof java.util.concurrent.CompletionException && error.getCause() != null ? error.getCause() : error;
              if (cause instanceof RedisNoScriptException || String.valueOf(cause.getMessage()).startsWith("NOSCRIPT")) {
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
    return List.of("spend", "lease_acquire", "lease_renew", "lease_release", "failure_record", "failure_read", "failure_reset");
  }
}
