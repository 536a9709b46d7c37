package io.hiroi.auth;

import io.hiroi.auth.internal.Errors;
import io.hiroi.crypto.internal.StrictBase64Url;
import java.util.Objects;

/**
 * The user a passkey is registered for, as the browser shows it: a user handle (1 to 64 random
 * bytes, base64url, no personal data in it; make one with {@link PasskeyService#newUserHandle()}
 * and keep it with the user), a name (usually the email address) and a display name.
 *
 * <p>Immutable and thread-safe.
 */
public final class PasskeyUser {
  /** The longest name or display name accepted, in characters. */
  public static final int MAX_NAME_LENGTH = 256;

  private final String handle;
  private final String name;
  private final String displayName;

  private PasskeyUser(String handle, String name, String displayName) {
    this.handle = handle;
    this.name = name;
    this.displayName = displayName;
  }

  /**
   * Describes a user.
   *
   * @param handle the user handle, base64url without padding, 1 to 64 bytes
   * @param name the account name shown by the authenticator, 1 to 256 characters
   * @param displayName the friendly name, 1 to 256 characters
   * @return the user
   * @throws IllegalArgumentException if a value is out of range
   * @throws NullPointerException if an argument is null
   */
  public static PasskeyUser of(String handle, String name, String displayName) {
    checkHandle(handle);
    checkName("name", name);
    checkName("displayName", displayName);
    return new PasskeyUser(handle, name, displayName);
  }

  static byte[] checkHandle(String handle) {
    Objects.requireNonNull(handle, "handle");
    byte[] bytes = StrictBase64Url.decode(handle);
    if (bytes == null || bytes.length < 1 || bytes.length > 64) {
      throw Errors.outOfRange("handle", "1 to 64 bytes of unpadded base64url", handle.length() + " characters");
    }
    return bytes;
  }

  private static void checkName(String setting, String value) {
    Objects.requireNonNull(value, setting);
    if (value.isEmpty() || value.length() > MAX_NAME_LENGTH) {
      throw Errors.outOfRange(setting, "1 to " + MAX_NAME_LENGTH + " characters", value.length());
    }
    for (int i = 0; i < value.length(); i++) {
      if (Character.isISOControl(value.charAt(i))) {
        throw Errors.inconsistent(setting + " must not contain control characters");
      }
    }
  }

  /**
   * Returns the user handle.
   *
   * @return base64url of the handle bytes
   */
  public String handle() {
    return handle;
  }

  /**
   * Returns the account name.
   *
   * @return the name
   */
  public String name() {
    return name;
  }

  /**
   * Returns the display name.
   *
   * @return the display name
   */
  public String displayName() {
    return displayName;
  }

  /** Returns a description without the names. */
  @Override
  public String toString() {
    return "PasskeyUser[handle=" + handle + "]";
  }
}
