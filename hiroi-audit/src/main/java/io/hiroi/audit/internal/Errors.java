package io.hiroi.audit.internal;

/**
 * Every message hiroi-audit puts in an exception or a failure value, so that review is one file.
 * Messages name settings, sizes, sequence numbers, key ids and file names; never an event's
 * values, a key or a secret.
 */
public final class Errors {
  private Errors() {}

  public static String unknownKeyId(long keyId) {
    return "key id " + keyId + " is not in the key ring";
  }

  public static String settingTwice(String setting) {
    return setting + " was already set";
  }

  public static String range(String setting, long min, long max, long was) {
    return setting + " must be between " + min + " and " + max + ", was " + was;
  }

  public static String invalidType() {
    return "event type must be 1 to 100 characters of lower-case words [a-z0-9_] joined by '.'";
  }

  public static String invalidOutcome() {
    return "outcome must be 1 to 32 characters of [a-z_]";
  }

  public static String tooLong(String field, int max, int was) {
    return field + " must be at most " + max + " characters, was " + was;
  }

  public static String invalidAttributeName() {
    return "attribute names must be 1 to 64 characters of [A-Za-z0-9_.-]";
  }

  public static String tooManyAttributes(int max) {
    return "an event holds at most " + max + " attributes";
  }

  public static String duplicateAttribute() {
    return "attribute set twice (each name once per event)";
  }

  public static String integerRange() {
    return "integer attributes must be at most 2^53 - 1 in magnitude (exact in every JSON reader)";
  }

  public static String loneSurrogate(String field) {
    return field + " holds a lone UTF-16 surrogate, which UTF-8 cannot encode";
  }

  public static String clockOutOfRange() {
    return "clock instant outside 1970-01-01 to 9999-12-31";
  }

  public static String denyName() {
    return "deny-listed attribute names must be 1 to 64 characters of [A-Za-z0-9_.-]";
  }

  public static String logClosed() {
    return "audit log is closed; the event was not recorded";
  }

  public static String queueFull(int capacity) {
    return "audit queue full (" + capacity + " events); the event was not recorded";
  }

  public static String interrupted() {
    return "interrupted while waiting for the audit log; the event may or may not be durable";
  }

  public static String sinkFailed() {
    return "audit sink failed; the event was not recorded and the log accepts no more events";
  }

  public static String writerInterrupted() {
    return "audit writer thread was interrupted; the event was not recorded and the log accepts no more events";
  }

  public static String sinkIo(String what) {
    return "audit sink I/O failed: " + what;
  }

  public static String fileLocked(String file) {
    return "audit file " + file + " is locked by another writer";
  }

  public static String directoryWritableByOthers(String directory, String permissions) {
    return "audit directory " + directory + " is " + permissions
        + ": its group or others may write it, so they could delete or replace audit files; chmod 700 it";
  }

  public static String tailUnreadable(String file) {
    return "audit file " + file + " ends with a complete line that is not a record; refusing to append";
  }

  public static String checkpointMalformed() {
    return "head checkpoint is malformed";
  }

  public static String jdbc(String what) {
    return "audit JDBC sink: " + what;
  }

  public static String tableName() {
    return "table must be an SQL identifier [a-z_][a-z0-9_]{0,62}, optionally schema-qualified";
  }
}
