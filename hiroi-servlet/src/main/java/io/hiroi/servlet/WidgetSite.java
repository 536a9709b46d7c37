package io.hiroi.servlet;

import io.hiroi.widget.OriginSafelist;
import io.hiroi.widget.internal.WidgetIds;
import java.util.Objects;

/**
 * One widget as a {@link WidgetFilter} checks it: its id (whose key verifies the session tokens)
 * and the origins its pages may be on. The id comes from the host's own records (the endpoint's
 * configuration or the widget looked up from the URL), never from the token being checked.
 *
 * <p>Immutable and thread-safe.
 */
public final class WidgetSite {
  private final String widgetId;
  private final OriginSafelist safelist;

  private WidgetSite(String widgetId, OriginSafelist safelist) {
    this.widgetId = widgetId;
    this.safelist = safelist;
  }

  /**
   * Describes a widget.
   *
   * @param widgetId the widget id, as {@link io.hiroi.widget.WidgetSessionTokens} issues tokens for it
   * @param safelist the origins its pages may be on
   * @return the widget
   * @throws NullPointerException when an argument is {@code null}
   * @throws IllegalArgumentException when {@code widgetId} is not a valid widget id (no token could
   *     name it, so every request would be refused)
   */
  public static WidgetSite of(String widgetId, OriginSafelist safelist) {
    return new WidgetSite(WidgetIds.check(widgetId), Objects.requireNonNull(safelist, "safelist"));
  }

  /**
   * Returns the widget id.
   *
   * @return the id
   */
  public String widgetId() {
    return widgetId;
  }

  /**
   * Returns the origins the widget's pages may be on.
   *
   * @return the safelist
   */
  public OriginSafelist safelist() {
    return safelist;
  }

  @Override
  public String toString() {
    return "WidgetSite{" + widgetId + ", " + safelist.entries().size() + " origins}";
  }
}
