package io.hiroi.ratelimit.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class LuaScriptTest {
  private static final String TIME_START =
      "local now\n"
          + "if ARGV[1] == '' then\n"
          + "  local t = redis.call('TIME')\n"
          + "  now = tonumber(t[1]) * 1000000 + tonumber(t[2])\n"
          + "else\n"
          + "  now = tonumber(ARGV[1])\n"
          + "end\n";

  @Test
  void everyScriptThatNeedsTheTime_getsTheSharedStart_inPlaceOfItsIncludeLine() {
    for (String name : new String[] {"spend", "spend_one", "failure_read", "failure_record", "lease_acquire", "lease_renew"}) {
      String text = LuaScript.withIncludes(LuaScript.resource(name));
      assertThat(text).as(name).doesNotContain("--#include");
      assertThat(text.indexOf(TIME_START)).as(name).isPositive().isEqualTo(text.lastIndexOf(TIME_START));
      // The shared start comes before the script uses the time.
      assertThat(text.indexOf(TIME_START)).as(name).isLessThan(text.indexOf("now", text.indexOf(TIME_START) + TIME_START.length()));
    }
  }

  @Test
  void onlyAWholeIncludeLineIsReplaced_andTheRestIsKeptAsIs() {
    String script = "-- a comment naming --#include server_now mid-line\nlocal x = 1\n--#include server_now\nreturn now + x\n";
    String text = LuaScript.withIncludes(script);
    assertThat(text).startsWith("-- a comment naming --#include server_now mid-line\nlocal x = 1\n-- hiroi-ratelimit:");
    assertThat(text).endsWith(TIME_START + "return now + x\n");
    assertThat(LuaScript.withIncludes("return 1\n")).isEqualTo("return 1\n");
  }

  @Test
  void anIncludedTextThatIncludesAnother_isRefused() {
    assertThatThrownBy(() -> LuaScript.withIncludes("--#include spend\n"))
        .isInstanceOf(AssertionError.class)
        .hasMessage("spend.lua includes another script");
  }

  @Test
  void anUnknownInclude_failsAtLoad() {
    assertThatThrownBy(() -> LuaScript.withIncludes("--#include no_such_script\n"))
        .isInstanceOf(AssertionError.class)
        .hasMessage("missing resource no_such_script.lua");
  }
}
