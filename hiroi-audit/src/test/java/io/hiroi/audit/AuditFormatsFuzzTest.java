package io.hiroi.audit;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.Iterator;
import java.util.List;

/**
 * Fuzzes the audit parsers with untrusted text: a stored record either parses to a record whose
 * stored form is exactly that text (so one record has one form) or is refused, and the verifier
 * never throws on it; a head checkpoint likewise; the redactor never throws and masking twice
 * changes nothing more.
 */
class AuditFormatsFuzzTest {
  private static final AuditVerifier VERIFIER = AuditVerifier.create(Trails.ring());

  @FuzzTest(maxDuration = "20s")
  void records_parseToCanonicalOrRefuse(String text) {
    if (text == null) {
      return;
    }
    AuditRecord.parse(text).ifPresent(r -> assertThat(r.json()).isEqualTo(text));
    Iterator<String> one = List.of(text).iterator();
    Verification v = VERIFIER.verify(one, null);
    assertThat(v.isValid() || v.reason().isPresent()).isTrue();
  }

  @FuzzTest(maxDuration = "20s")
  void checkpoints_parseToCanonicalOrRefuse(String text) {
    if (text == null) {
      return;
    }
    HeadCheckpoint.parse(text).ifPresent(cp -> {
      assertThat(cp.export()).isEqualTo(text.strip());
      assertThat(VERIFIER.isAuthentic(cp)).isFalse(); // the fuzzer cannot sign
    });
  }

  @FuzzTest(maxDuration = "20s")
  void mask_neverThrowsAndIsStable(String text) {
    if (text == null) {
      return;
    }
    String once = Redactor.defaults().mask(text);
    assertThat(Redactor.defaults().mask(once)).isEqualTo(once);
  }
}
