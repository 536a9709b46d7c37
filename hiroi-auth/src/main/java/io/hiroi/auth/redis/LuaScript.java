package io.hiroi.auth.redis;

import io.hiroi.auth.internal.Errors;
import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * One Lua script (a resource beside this class), called with {@code EVALSHA}; a server that does
 * not know it yet ({@code NOSCRIPT}: restarted, flushed, a cluster node added later) gets it
 * through one {@code EVAL}, which also caches it there.
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

  static LuaScript load(String name, RedisClusterCommands<String, String> commands) {
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

  /** Runs the script; every Lettuce failure becomes a {@link io.hiroi.auth.AuthStoreException}. */
  <T> T run(RedisClusterCommands<String, String> commands, ScriptOutputType type, String[] keys, String... args) {
    try {
      try {
        return commands.evalsha(sha, type, keys, args);
      } catch (RedisNoScriptException e) {
        return commands.eval(text, type, keys, args);
      }
    } catch (RuntimeException e) {
      throw Errors.storeFailed("run " + name, e);
    }
  }

  @Override
  public String toString() {
    return "LuaScript[" + name + ", " + sha + "]";
  }
}
