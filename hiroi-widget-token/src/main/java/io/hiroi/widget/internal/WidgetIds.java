package io.hiroi.widget.internal;

/**
 * The widget id rule: 1 to {@value #MAX_LENGTH} characters of {@code [A-Za-z0-9_-]}, starting with
 * a letter or digit. A widget id goes into a purpose string ({@code
 * hiroi-widget-session-v1:<widgetId>}) and a {@code kid} ({@code <widgetId>.<kid>}), so it has no
 * {@code .}, {@code :}, quote, space or non-ASCII character.
 */
public final class WidgetIds {
  /** The longest widget id, in characters. */
  public static final int MAX_LENGTH = 64;

  private WidgetIds() {}

  /** Whether {@code id} is a valid widget id; false for null. */
  public static boolean isValid(String id) {
    if (id == null || id.isEmpty() || id.length() > MAX_LENGTH) {
      return false;
    }
    for (int i = 0; i < id.length(); i++) {
      char c = id.charAt(i);
      boolean alnum = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
      if (!alnum && !(i > 0 && (c == '_' || c == '-'))) {
        return false;
      }
    }
    return true;
  }

  /**
   * Checks a widget id given by the caller.
   *
   * @throws NullPointerException if {@code id} is null
   * @throws IllegalArgumentException if it is not a valid widget id
   */
  public static String check(String id) {
    if (id == null) {
      throw new NullPointerException("widgetId");
    }
    if (!isValid(id)) {
      throw new IllegalArgumentException(Errors.widgetIdInvalid(id.length()));
    }
    return id;
  }
}
