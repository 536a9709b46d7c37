package io.hiroi.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.hiroi.crypto.ApiKey;
import io.hiroi.crypto.KeyRing;
import io.hiroi.widget.WidgetApiKeys;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class ApiKeyRegistryTest {
  private final WidgetApiKeys keys = WidgetApiKeys.create(KeyRing.builder().addGeneratedKey(1).primary(1).build(), "pw_live");
  private final ApiKeyRegistry registry = new ApiKeyRegistry();
  private final Accounts.User alice = new Accounts.User("u_a", "a@example.com", "$argon2id$", "wgt_alice", Instant.EPOCH);
  private final Accounts.User bob = new Accounts.User("u_b", "b@example.com", "$argon2id$", "wgt_bob", Instant.EPOCH);

  @Test
  void aKey_isStoredAsAHashAndAPrefix_andAuthorizesOnlyItsWidget() {
    ApiKey key = registry.create(keys, alice, Instant.EPOCH);
    ApiKeyRegistry.KeyRecord r = registry.list("u_a").get(0);
    assertThat(r.displayPrefix).isEqualTo(key.reveal().substring(0, "pw_live_".length() + 4));
    assertThat(r.hash).doesNotContain(key.reveal().substring(8));
    assertThat(r.toString()).doesNotContain(key.reveal());
    assertThat(registry.authorizes(keys, "wgt_alice", key.reveal())).isTrue();
    assertThat(registry.authorizes(keys, "wgt_bob", key.reveal())).isFalse();
    String typo = key.reveal().substring(0, 20) + (key.reveal().charAt(20) == 'a' ? 'b' : 'a') + key.reveal().substring(21);
    assertThat(registry.authorizes(keys, "wgt_alice", typo)).isFalse();
  }

  @Test
  void keyIds_haveOneForm() {
    registry.create(keys, alice, Instant.EPOCH);
    assertThat(ApiKeyRegistry.isKeyId(registry.list("u_a").get(0).id)).isTrue();
    assertThat(ApiKeyRegistry.isKeyId("k" + "9".repeat(18))).isTrue();
    for (String bad : new String[] {"", "k", "1", "kx", "k1 ", "k1<script>", "apikey/k1", "k" + "9".repeat(19), "K1", "k-1"}) {
      assertThat(ApiKeyRegistry.isKeyId(bad)).as(bad).isFalse();
    }
  }

  @Test
  void revoke_removesOnlyTheOwnersKey() {
    registry.create(keys, alice, Instant.EPOCH);
    String id = registry.list("u_a").get(0).id;
    assertThat(registry.revoke("u_b", id)).as("not bob's key").isFalse();
    registry.create(keys, bob, Instant.EPOCH);
    assertThat(registry.revoke("u_a", id)).isTrue();
    assertThat(registry.revoke("u_a", id)).isFalse();
    assertThat(registry.list("u_a")).isEmpty();
    assertThat(registry.list("u_b")).hasSize(1);
  }
}
