package io.hiroi.audit;

import static org.assertj.core.api.Assertions.assertThat;

import io.hiroi.audit.Verification.Reason;
import io.hiroi.crypto.KeyRing;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

class AuditVerifierTest {
  private final FakeClock clock = FakeClock.atRecentTime();
  private final KeyRing ring = Trails.ring();
  private final AuditVerifier verifier = AuditVerifier.create(ring, clock);
  private final List<String> trail = Trails.lines(ring, clock, 10);

  private Verification verify(List<String> lines) {
    return verifier.verify(lines.iterator(), null);
  }

  @Test
  void intactTrail_verifies_withCountAndHead() {
    Verification v = verify(trail);
    assertThat(v.isValid()).isTrue();
    assertThat(v.count()).isEqualTo(10);
    assertThat(v.firstSeq()).isEqualTo(1);
    assertThat(v.startsAtCheckpoint()).isFalse();
    assertThat(v.head()).contains(AuditRecord.parse(trail.get(9)).orElseThrow().head());
    assertThat(v.reason()).isEmpty();
    assertThat(v.describe()).isEqualTo("10 records verified (seq 1 to 10)");
  }

  @Test
  void emptyTrail_verifies() {
    Verification v = verify(List.of());
    assertThat(v.isValid()).isTrue();
    assertThat(v.count()).isZero();
    assertThat(v.head()).contains(ChainHead.GENESIS);
    assertThat(v.describe()).isEqualTo("0 records verified (empty trail)");
  }

  @Test
  void changedRecord_breaksAtIt() {
    List<String> t = new ArrayList<>(trail);
    t.set(4, t.get(4).replace("\"actor\":\"user/5\"", "\"actor\":\"user/6\""));
    assertBroken(verify(t), Reason.CHANGED, 5, 4);
  }

  @Test
  void changedAttribute_breaksAtIt() {
    List<String> t = new ArrayList<>(trail);
    t.set(0, t.get(0).replace("\"n\":1", "\"n\":2"));
    assertBroken(verify(t), Reason.CHANGED, 1, 0);
  }

  @Test
  void deletedRecord_isNamed() {
    List<String> t = new ArrayList<>(trail);
    t.remove(4);
    Verification v = verify(t);
    assertBroken(v, Reason.DELETED, 5, 4);
    assertThat(v.describe()).isEqualTo("broken at seq 5: DELETED (seq 5 is missing)");
    t.remove(4);
    assertThat(verify(t).describe()).isEqualTo("broken at seq 5: DELETED (seq 5 to 6 are missing)");
  }

  @Test
  void deletedFirstRecord_isNamed() {
    assertBroken(verify(trail.subList(1, 10)), Reason.DELETED, 1, 0);
  }

  @Test
  void insertedCopy_isNamed() {
    List<String> t = new ArrayList<>(trail);
    t.add(6, trail.get(2)); // a copy of seq 3 before seq 7
    Verification v = verify(t);
    assertBroken(v, Reason.INSERTED, 7, 6);
    assertThat(v.describe()).isEqualTo("broken at seq 7: INSERTED (a copy of seq 3 stands before seq 7)");
  }

  @Test
  void insertedForgery_isNamed() {
    // A record with the right seq and prev but a MAC the forger could not compute.
    List<String> t = new ArrayList<>(trail);
    String forged = trail.get(6).replace("\"actor\":\"user/7\"", "\"actor\":\"mallory\"");
    t.add(6, forged);
    assertBroken(verify(t), Reason.INSERTED, 7, 6);
  }

  @Test
  void reorderedRecords_areNamed() {
    List<String> t = new ArrayList<>(trail);
    Collections.swap(t, 4, 5);
    assertBroken(verify(t), Reason.REORDERED, 5, 4);
    List<String> moved = new ArrayList<>(trail);
    moved.add(moved.remove(2)); // seq 3 moved to the end
    assertBroken(verify(moved), Reason.REORDERED, 3, 2);
  }

  @Test
  void truncatedEnd_isCaughtBySignedHeadCheckpoint() {
    HeadCheckpoint cp = verifier.checkpoint(verify(trail));
    HeadCheckpoint kept = HeadCheckpoint.parse(cp.export() + "\n").orElseThrow();
    assertThat(kept).isEqualTo(cp);
    assertThat(kept.seq()).isEqualTo(10);
    assertThat(kept.count()).isEqualTo(10);
    assertThat(verifier.verify(trail.iterator(), kept).isValid()).isTrue();

    Verification cut = verifier.verify(trail.subList(0, 7).iterator(), kept);
    assertBroken(cut, Reason.TRUNCATED, 8, 7);
    assertThat(cut.describe()).isEqualTo("broken at seq 8: TRUNCATED (the trail ends at seq 7 but the head checkpoint has seq 10)");
    assertBroken(verifier.verify(List.<String>of().iterator(), kept), Reason.TRUNCATED, 1, 0);
    // Without the checkpoint the shorter trail is indistinguishable from an older one.
    assertThat(verify(trail.subList(0, 7)).isValid()).isTrue();
    // A trail that grew since the checkpoint still verifies against it.
    HeadCheckpoint older = verifier.checkpoint(verify(trail.subList(0, 5)));
    assertThat(verifier.verify(trail.iterator(), older).isValid()).isTrue();
  }

  @Test
  void forgedCheckpoint_isRefused() {
    HeadCheckpoint cp = verifier.checkpoint(verify(trail));
    String text = cp.export();
    String forgedSeq = text.replace("\"seq\":10", "\"seq\":11");
    HeadCheckpoint forged = HeadCheckpoint.parse(forgedSeq).orElseThrow();
    assertThat(verifier.isAuthentic(forged)).isFalse();
    assertBroken(verifier.verify(trail.iterator(), forged), Reason.BAD_CHECKPOINT, 11, 0);
    KeyRing other = KeyRing.builder().addGeneratedKey(1).primary(1).build();
    assertThat(AuditVerifier.create(other).isAuthentic(cp)).isFalse();
    assertThat(HeadCheckpoint.parse("")).isEmpty();
    assertThat(HeadCheckpoint.parse("{}")).isEmpty();
    assertThat(HeadCheckpoint.parse(text.replace("\"v\":1", "\"v\":2"))).isEmpty();
    assertThat(HeadCheckpoint.parse(text.replace(",\"v\":1", ", \"v\":1"))).isEmpty();
  }

  @Test
  void rewrittenTail_isCaughtAtTheCheckpointSeq() {
    // Records 6..10 replaced by a differently linked continuation (as a key holder could).
    HeadCheckpoint cp = verifier.checkpoint(verify(trail));
    ChainLinker linker = Trails.linker(ring, clock);
    List<String> t = new ArrayList<>(trail.subList(0, 5));
    ChainHead head = AuditRecord.parse(t.get(4)).orElseThrow().head();
    for (int i = 6; i <= 10; i++) {
      AuditRecord r = linker.link(head, Trails.event(clock, 100 + i));
      t.add(r.json());
      head = r.head();
    }
    assertThat(verify(t).isValid()).isTrue();
    assertBroken(verifier.verify(t.iterator(), cp), Reason.CHANGED, 10, 9);
  }

  @Test
  void forkThatStartsAfterTheCheckpointSeq_isUnconfirmed_notValid() {
    // 1..10 checkpointed at 10; cut back to 5, a different 6'..12', a checkpoint record at 13', 14';
    // the older records deleted as if by retention: only 13' and 14' are left.
    HeadCheckpoint cp = verifier.checkpoint(verify(trail));
    ChainLinker linker = Trails.linker(ring, clock);
    List<String> t = new ArrayList<>(trail.subList(0, 5));
    ChainHead head = AuditRecord.parse(t.get(4)).orElseThrow().head();
    for (int i = 6; i <= 12; i++) {
      AuditRecord r = linker.link(head, Trails.event(clock, 200 + i));
      t.add(r.json());
      head = r.head();
    }
    AuditRecord checkpoint = linker.checkpoint(head);
    t.add(checkpoint.json());
    t.add(linker.link(checkpoint.head(), Trails.event(clock, 214)).json());
    List<String> left = t.subList(12, 14);
    assertThat(verify(left).isValid()).isTrue(); // on its own it is a well-formed purged trail
    Verification v = verifier.verify(left.iterator(), cp);
    assertBroken(v, Reason.UNCONFIRMED, 13, 2);
    assertThat(v.describe()).contains("after the head checkpoint's seq 10");
  }

  @Test
  void trailStartingRightAfterTheCheckpointedRecord_confirmsIt() {
    HeadCheckpoint cp = verifier.checkpoint(verify(trail));
    ChainLinker linker = Trails.linker(ring, clock);
    AuditRecord checkpoint = linker.checkpoint(AuditRecord.parse(trail.get(9)).orElseThrow().head());
    List<String> t = List.of(checkpoint.json(), linker.link(checkpoint.head(), Trails.event(clock, 12)).json());
    Verification v = verifier.verify(t.iterator(), cp);
    assertThat(v.isValid()).as(v.describe()).isTrue();
    assertThat(v.firstSeq()).isEqualTo(11);
    // A checkpoint record that continues from another mac than the one signed is not confirmation.
    AuditRecord elsewhere = linker.checkpoint(ChainHead.of(10, "ab".repeat(32)));
    assertBroken(verifier.verify(List.of(elsewhere.json()).iterator(), cp), Reason.UNCONFIRMED, 11, 1);
  }

  @Test
  void unknownKeyAndMalformed_areNamed() {
    KeyRing other = KeyRing.builder().addGeneratedKey(2).primary(2).build();
    assertBroken(AuditVerifier.create(other).verify(trail.iterator(), null), Reason.UNKNOWN_KEY, 1, 0);
    List<String> t = new ArrayList<>(trail);
    t.set(3, "{\"not\":\"a record\"}");
    Verification v = verify(t);
    assertBroken(v, Reason.MALFORMED, 4, 3);
    assertThat(v.describe()).isEqualTo("broken at seq 4: MALFORMED (record 4 of the trail: members must be exactly the fourteen of the record format)");
  }

  @Test
  void trailStartingAtACheckpoint_verifies_andSaysSo() {
    ChainLinker linker = Trails.linker(ring, clock);
    List<String> t = new ArrayList<>(trail);
    ChainHead head = AuditRecord.parse(t.get(9)).orElseThrow().head();
    AuditRecord checkpoint = linker.checkpoint(head);
    t.add(checkpoint.json());
    head = checkpoint.head();
    for (int i = 0; i < 3; i++) {
      AuditRecord r = linker.link(head, Trails.event(clock, 50 + i));
      t.add(r.json());
      head = r.head();
    }
    assertThat(verify(t).count()).isEqualTo(14);
    Verification purged = verify(t.subList(10, 14));
    assertThat(purged.isValid()).isTrue();
    assertThat(purged.startsAtCheckpoint()).isTrue();
    assertThat(purged.firstSeq()).isEqualTo(11);
    assertThat(purged.count()).isEqualTo(4);
    assertThat(purged.describe()).isEqualTo("4 records verified (seq 11 to 14, starting at a checkpoint)");
    // A purge that does not stop at a checkpoint is a deletion.
    assertBroken(verify(t.subList(11, 14)), Reason.DELETED, 1, 0);
  }

  @Test
  void keyRotation_keepsOldRecordsVerifiable() {
    KeyRing rotated = ring.toBuilder().addGeneratedKey(2).primary(2).build();
    ChainLinker newLinker = Trails.linker(rotated, clock);
    List<String> t = new ArrayList<>(trail);
    AuditRecord r = newLinker.link(AuditRecord.parse(t.get(9)).orElseThrow().head(), Trails.event(clock, 11));
    assertThat(r.keyId()).isEqualTo(2);
    t.add(r.json());
    assertThat(AuditVerifier.create(rotated).verify(t.iterator(), null).count()).isEqualTo(11);
    assertBroken(verify(t), Reason.UNKNOWN_KEY, 11, 10);
  }

  static void assertBroken(Verification v, Reason reason, long seq, long verifiedBefore) {
    assertThat(v.isValid()).as(v.describe()).isFalse();
    assertThat(v.reason()).as(v.describe()).contains(reason);
    assertThat(v.brokenSeq()).as(v.describe()).isEqualTo(seq);
    assertThat(v.count()).as(v.describe()).isEqualTo(verifiedBefore);
    assertThat(v.head()).isEmpty();
  }
}
