package io.hiroi.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Set;
import org.junit.jupiter.api.Test;

class RecoveryCodesTest extends RecoveryCodeStoreContract {
  private InMemoryRecoveryCodeStore memory;

  @Override
  protected RecoveryCodeStore store(int replica) {
    if (memory == null) {
      memory = InMemoryRecoveryCodeStore.create(1000);
    }
    return memory;
  }

  @Override
  protected Set<String> held(String userKey) {
    store(0);
    return memory.held(userKey);
  }

  @Test
  void codes_useTheWholeAlphabet_andCarryEightyBits() {
    Set<Character> seen = new java.util.HashSet<>();
    for (int i = 0; i < 20; i++) {
      for (String c : codes(0).generate(user).codes()) {
        c.replace("-", "").chars().forEach(ch -> seen.add((char) ch));
      }
    }
    assertThat(seen).hasSize(32).doesNotContain('I', 'L', 'O', 'U');
    assertThat(RecoveryCodes.CODE_CHARS * 5).isEqualTo(RecoveryCodes.CODE_BITS).isEqualTo(80);
  }

  @Test
  void normalize_followsCrockford() {
    assertThat(RecoveryCodes.normalize("abcd-efgh-jkmn-pqrs")).isEqualTo("ABCDEFGHJKMNPQRS");
    assertThat(RecoveryCodes.normalize("ilo0 1111 2222 3333")).isEqualTo("1100111122223333");
    assertThat(RecoveryCodes.normalize("abcd-efgh-jkmn-pqru")).isNull();
    assertThat(RecoveryCodes.normalize("abcd-efgh-jkmn-pqr")).isNull();
  }

  @Test
  void aFullStore_failsClosed_andMisuseIsNamed() {
    RecoveryCodes tiny = RecoveryCodes.create(InMemoryRecoveryCodeStore.create(1), 3);
    RecoveryCodeSet a = tiny.generate(user);
    assertThat(a.codes()).hasSize(3);
    assertThatThrownBy(() -> tiny.generate("other-" + user)).isInstanceOf(AuthStoreException.class)
        .hasMessage("in-memory store holds its maximum of 1 users' recovery codes; raise the maximum or use Redis");
    assertThat(tiny.redeem(user, a.codes().get(0)).isValid()).isTrue();
    assertThatThrownBy(() -> RecoveryCodes.create(store(0), 0)).hasMessage("count must be between 1 and 50, was 0");
    assertThatThrownBy(() -> InMemoryRecoveryCodeStore.create(0)).hasMessage("maxUsers must be between 1 and 10000000, was 0");
    assertThatThrownBy(() -> codes(0).generate("")).hasMessage("userId must be 1 to 256 characters without control characters, was 0 characters");
  }

  @Test
  void aStoreFailure_isUnavailable_notValid() {
    RecoveryCodeStore broken = new RecoveryCodeStore() {
      @Override
      public void replace(String userKey, Set<String> hashes) {}

      @Override
      public boolean consume(String userKey, String hash) {
        throw new AuthStoreException("down");
      }

      @Override
      public int remaining(String userKey) {
        return 0;
      }
    };
    assertThat(RecoveryCodes.create(broken).redeem(user, "0000-0000-0000-0000").failure()).contains(RecoveryCodeRedemption.Failure.UNAVAILABLE);
  }
}
