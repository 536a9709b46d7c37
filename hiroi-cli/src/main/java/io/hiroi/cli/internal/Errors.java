package io.hiroi.cli.internal;

import io.hiroi.crypto.DecryptFailure;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.util.List;

/**
 * Every message the command line writes on standard error, in one file so a review can check that
 * none holds a secret, a plaintext, a key or text read from standard input. Messages may name
 * options, files, sizes, key ids and failure reasons.
 */
final class Errors {
  private Errors() {}

  static final String PREFIX = "hiroi: ";

  static String missingCommand(String command) {
    return "'" + command + "' needs a command";
  }

  static String unknownCommand(String command, String given) {
    return "unknown command '" + given + "' for '" + command + "'";
  }

  static String unknownOptions(List<String> optionNames, int hiddenArguments) {
    StringBuilder out = new StringBuilder();
    if (!optionNames.isEmpty()) {
      out.append(optionNames.size() == 1 ? "unknown option " : "unknown options ");
      out.append(String.join(", ", optionNames));
    }
    if (hiddenArguments > 0) {
      out.append(out.length() == 0 ? "" : "; ")
          .append(hiddenArguments)
          .append(hiddenArguments == 1 ? " unexpected argument" : " unexpected arguments")
          .append(" (not shown: secrets and plaintexts go on standard input, never on the command line)");
    }
    return out.toString();
  }

  static String tryHelp(String qualifiedName) {
    return "Try '" + qualifiedName + " --help' for more information.";
  }

  static String plaintextTooLarge(int limit) {
    return "the plaintext on standard input must be at most " + limit + " bytes";
  }

  static String keyRingUnusable(String message) {
    return message;
  }

  static String keyRingUnreadable(String message, IOException cause) {
    return message + ": " + describe(cause);
  }

  static String invalidSetting(String message) {
    return message;
  }

  static String io(IOException e) {
    return "I/O error: " + describe(e);
  }

  static String cannotWriteStdout() {
    return "cannot write to standard output";
  }

  static String internal(Throwable t) {
    return "internal error (" + t.getClass().getName() + "); please report it";
  }

  static String rejected(String reason) {
    return "rejected: " + reason;
  }

  static String decryptFailed(DecryptFailure failure) {
    return "the envelope did not decrypt: " + failure + " (" + describe(failure) + ")";
  }

  static String passwordMissing() {
    return "no password on standard input";
  }

  static String passwordTooLarge(int limit) {
    return "the password on standard input must be at most " + limit + " bytes";
  }

  static String passwordNotUtf8() {
    return "the password on standard input is not valid UTF-8";
  }

  static String totpCodeInvalid() {
    return "the code is not valid for that secret at that time (one 30-second step either side allowed)";
  }

  static String wrongPassword() {
    return "the password does not match the hash";
  }

  static String apiKeyMalformed() {
    return "not a well-formed API key (wrong format, or the checksum does not match: a typo)";
  }

  static String widgetTokenRejected(String failure) {
    return "the widget session token was not accepted: " + failure;
  }

  static String widgetTokenTooLarge(int limit) {
    return "the token on standard input must be at most " + limit + " characters";
  }

  static String auditBroken(String description) {
    return "the audit trail does not verify: " + description;
  }

  static String auditNeedsOneSource() {
    return "give either one or more PATHs or --jdbc with --table, not both and not neither";
  }

  static String auditCheckpointUnreadable(String file) {
    return "cannot read the head checkpoint file " + file;
  }

  static String auditCheckpointMalformed() {
    return "the head checkpoint file does not hold a head checkpoint";
  }

  static String auditPasswordTooLarge(int limit) {
    return "the database password on standard input must be at most " + limit + " bytes";
  }

  static String widgetTtlRange(long min, long max) {
    return "--ttl must be between " + min + " and " + max + " seconds";
  }

  private static String describe(DecryptFailure failure) {
    switch (failure) {
      case MALFORMED:
        return "not base64url, too short or too long";
      case UNSUPPORTED_VERSION:
        return "not an envelope v1";
      case UNKNOWN_KEY:
        return "its key id is not in the key ring";
      case AUTHENTICATION_FAILED:
        return "changed, or encrypted for another context, purpose or key ring";
      default:
        throw new AssertionError("unhandled decrypt failure " + failure);
    }
  }

  private static String describe(IOException e) {
    if (e instanceof NoSuchFileException) {
      return "no such file";
    }
    if (e instanceof AccessDeniedException) {
      return "permission denied";
    }
    if (e instanceof FileSystemException && ((FileSystemException) e).getReason() != null) {
      return ((FileSystemException) e).getReason();
    }
    return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
  }
}
