package io.hiroi.testing.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class JdbcUrlsTest {
  @Test
  void withDatabase_replacesTheDatabase_keepingHostsAndQuery() {
    assertThat(JdbcUrls.withDatabase("jdbc:postgresql://127.0.0.1:5432/postgres", "d1"))
        .isEqualTo("jdbc:postgresql://127.0.0.1:5432/d1");
    assertThat(JdbcUrls.withDatabase("jdbc:postgresql://h1:1,h2:2/app?ssl=true&user=x", "d1"))
        .isEqualTo("jdbc:postgresql://h1:1,h2:2/d1?ssl=true&user=x");
    assertThat(JdbcUrls.withDatabase("jdbc:postgresql://h", "d1")).isEqualTo("jdbc:postgresql://h/d1");
    assertThat(JdbcUrls.withDatabase("jdbc:postgresql://h/", "d1")).isEqualTo("jdbc:postgresql://h/d1");
    assertThat(JdbcUrls.withDatabase("jdbc:postgresql:app", "d1")).isEqualTo("jdbc:postgresql:d1");
  }

  @Test
  void withParameter_addsOrReplaces() {
    assertThat(JdbcUrls.withParameter("jdbc:postgresql://h/db", "currentSchema", "s1"))
        .isEqualTo("jdbc:postgresql://h/db?currentSchema=s1");
    assertThat(JdbcUrls.withParameter("jdbc:postgresql://h/db?a=1&currentSchema=old&b=2", "currentSchema", "s1"))
        .isEqualTo("jdbc:postgresql://h/db?a=1&b=2&currentSchema=s1");
  }

  @Test
  void rejectsNamesThatNeedQuoting() {
    assertThatThrownBy(() -> JdbcUrls.withDatabase("jdbc:postgresql://h/db", "x; drop"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("name must be a lower-case identifier");
    assertThat(JdbcUrls.isIdentifier("Upper")).isFalse();
    assertThat(JdbcUrls.isIdentifier("9lives")).isFalse();
    assertThat(JdbcUrls.isIdentifier("a".repeat(63))).isTrue();
    assertThat(JdbcUrls.isIdentifier("a".repeat(64))).isFalse();
  }

  @Test
  void withoutQuery_dropsEverythingAfterTheQuestionMark() {
    assertThat(JdbcUrls.withoutQuery("jdbc:postgresql://h/db?password=x")).isEqualTo("jdbc:postgresql://h/db");
    assertThat(JdbcUrls.withoutQuery("jdbc:postgresql://h/db")).isEqualTo("jdbc:postgresql://h/db");
  }
}
