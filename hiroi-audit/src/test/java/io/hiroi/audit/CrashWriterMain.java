package io.hiroi.audit;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Paths;
import java.time.Clock;

/**
 * The writer process of {@link FileAuditSinkCrashIT}: four threads record events into a file sink
 * in durable mode and print {@code ack <actor>} after each {@code record} returns, until killed.
 */
public final class CrashWriterMain {
  private CrashWriterMain() {}

  public static void main(String[] args) throws Exception {
    PrintStream out = new PrintStream(new java.io.FileOutputStream(java.io.FileDescriptor.out), false, StandardCharsets.UTF_8);
    FileAuditSink sink = FileAuditSink.builder(Paths.get(args[0])).maxFileBytes(256 * 1024).build();
    AuditLog log = AuditLog.builder(Trails.ring(), sink).build();
    Thread[] threads = new Thread[4];
    for (int t = 0; t < threads.length; t++) {
      int thread = t;
      threads[t] = new Thread(() -> {
        for (long i = 0; ; i++) {
          String actor = "w" + thread + "-" + i;
          log.record(AuditEvent.builder(Clock.systemUTC(), "test.crash").actor(actor).attribute("pad", "x".repeat(200)).build());
          synchronized (out) {
            out.println("ack " + actor);
            out.flush();
          }
        }
      });
      threads[t].start();
    }
    for (Thread t : threads) {
      t.join();
    }
  }
}
