package io.hiroi.cli.internal;

import io.hiroi.audit.AuditVerifier;
import io.hiroi.audit.HeadCheckpoint;
import io.hiroi.audit.Verification;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code hiroi audit ...}: the auditor's commands over hiroi-audit trails. */
@Command(name = "audit", description = "Checks hiroi-audit trails (JSON Lines files or a PostgreSQL table).")
final class AuditCommands implements Callable<Integer> {
  /** The longest database password read from standard input, in bytes. */
  static final int MAX_PASSWORD_BYTES = 1024;

  /** The largest head checkpoint file read, in bytes. */
  static final int MAX_CHECKPOINT_BYTES = 4096;

  @Spec private CommandSpec spec;

  @Override
  public Integer call() {
    throw new ParameterException(spec.commandLine(), Errors.missingCommand(spec.qualifiedName()));
  }

  /** {@code hiroi audit verify --keyring F PATH...} or {@code --jdbc URL --table T}. */
  @Command(
      name = "verify",
      description = {
        "Checks every record's mac and every link of an audit trail: files in the order given (a"
            + " directory stands for its rotated files, in order), the chain continuing across them; or"
            + " a JDBC table in seq order.",
        "%nPrints \"N records verified (seq A to B)\" and exits 0, or exits 1 with the first broken"
            + " seq and why (CHANGED, DELETED, INSERTED, REORDERED, TRUNCATED, MALFORMED, UNKNOWN_KEY,"
            + " BAD_CHECKPOINT, UNREADABLE) on standard error. With --checkpoint, the trail must also"
            + " reach the exported, signed head checkpoint, so cutting records off the end is caught."
            + " The database password, if any, is read from standard input with --password-stdin."
      })
  static final class Verify implements Callable<Integer> {
    private final Io io;

    @Mixin private KeyRingOption keyRing;

    @Parameters(paramLabel = "PATH", arity = "0..*", description = "Trail files or directories, oldest first.")
    private List<Path> paths;

    @Option(names = "--jdbc", paramLabel = "URL", description = "A JDBC URL, such as jdbc:postgresql://db/app.")
    private String jdbcUrl;

    @Option(names = "--table", paramLabel = "T", description = "The audit table, optionally schema-qualified.")
    private String table;

    @Option(names = "--user", paramLabel = "U", description = "The database user.")
    private String user;

    @Option(names = "--password-stdin", description = "Read the database password from standard input.")
    private boolean passwordStdin;

    @Option(names = "--checkpoint", paramLabel = "FILE", description = "A head checkpoint exported earlier.")
    private Path checkpointFile;

    @Option(
        names = "--write-checkpoint",
        paramLabel = "FILE",
        description = "After a successful check, write the signed head checkpoint (count and last mac) to FILE, to keep apart from the trail.")
    private Path writeCheckpoint;

    Verify(Io io) {
      this.io = io;
    }

    @Override
    public Integer call() throws IOException {
      boolean files = paths != null && !paths.isEmpty();
      boolean database = jdbcUrl != null || table != null;
      if (files == database || (database && (jdbcUrl == null || table == null))) {
        throw new UsageException(Errors.auditNeedsOneSource());
      }
      AuditVerifier verifier = AuditVerifier.create(keyRing.load());
      HeadCheckpoint checkpoint = checkpointFile == null ? null : readCheckpoint(checkpointFile);
      Verification v;
      if (files) {
        v = verifier.verifyPaths(paths, checkpoint);
      } else {
        Properties properties = new Properties();
        if (user != null) {
          properties.setProperty("user", user);
        }
        if (passwordStdin) {
          Io.Input input = io.readText(MAX_PASSWORD_BYTES);
          if (input.truncated()) {
            throw new UsageException(Errors.auditPasswordTooLarge(MAX_PASSWORD_BYTES));
          }
          byte[] bytes = input.bytes();
          properties.setProperty("password", new String(bytes, StandardCharsets.UTF_8));
          Arrays.fill(bytes, (byte) 0);
        }
        try {
          v = verifier.verifyTable(jdbcUrl, properties, table, checkpoint);
        } catch (IllegalArgumentException e) {
          throw new UsageException(Errors.invalidSetting(e.getMessage()));
        } finally {
          properties.clear();
        }
      }
      if (!v.isValid()) {
        return io.reject(Errors.auditBroken(v.describe()));
      }
      if (writeCheckpoint != null && v.head().isPresent()) {
        try {
          Files.write(writeCheckpoint, (verifier.checkpoint(v).export() + "\n").getBytes(StandardCharsets.US_ASCII));
        } catch (IOException e) {
          throw new UsageException(Errors.io(e), e);
        }
      }
      io.writeLine(v.describe());
      return Cli.OK;
    }

    private static HeadCheckpoint readCheckpoint(Path file) {
      byte[] bytes;
      try {
        if (Files.size(file) > MAX_CHECKPOINT_BYTES) {
          throw new UsageException(Errors.auditCheckpointMalformed());
        }
        bytes = Files.readAllBytes(file);
      } catch (IOException e) {
        throw new UsageException(Errors.auditCheckpointUnreadable(file.toString()));
      }
      return HeadCheckpoint.parse(new String(bytes, StandardCharsets.UTF_8).strip())
          .orElseThrow(() -> new UsageException(Errors.auditCheckpointMalformed()));
    }
  }
}
