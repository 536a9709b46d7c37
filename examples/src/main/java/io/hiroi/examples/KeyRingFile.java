package io.hiroi.examples;

import io.hiroi.crypto.KeyRing;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The app's key ring file: read when it exists, else created once with one fresh 256-bit key,
 * readable by its owner only. The log names the file, never a key.
 */
final class KeyRingFile {
  private static final Logger LOG = LoggerFactory.getLogger(KeyRingFile.class);
  static final String FILE_NAME = "keyring.json";

  private KeyRingFile() {}

  static KeyRing loadOrCreate(Path dataDir) {
    Path file = dataDir.resolve(FILE_NAME);
    try {
      Files.createDirectories(dataDir);
      if (!Files.exists(file)) {
        create(file);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create the key ring file " + file, e);
    }
    KeyRing ring = KeyRing.fromFile(file);
    LOG.info("Keys: using the key ring {} (key ids {}, primary {})", file.toAbsolutePath(), ring.keyIds(), ring.primaryKeyId());
    return ring;
  }

  private static void create(Path file) throws IOException {
    KeyRing fresh = KeyRing.builder().addGeneratedKey(1).primary(1).build();
    byte[] json = fresh.exportJson();
    try {
      try {
        Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      } catch (UnsupportedOperationException notPosix) {
        Files.createFile(file);
      }
      Files.write(file, json, StandardOpenOption.TRUNCATE_EXISTING);
      LOG.info("Keys: created a new key ring with one fresh 256-bit key at {} (owner-only; keep it: the audit "
          + "trail and stored credentials need it)", file.toAbsolutePath());
    } catch (FileAlreadyExistsException raced) {
      LOG.info("Keys: another process created {} first; using it", file.toAbsolutePath());
    } finally {
      Arrays.fill(json, (byte) 0);
    }
  }
}
