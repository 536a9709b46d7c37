package io.hiroi.servlet;

import io.hiroi.widget.WidgetSessionVerification;
import java.time.Instant;

/**
 * The widget visitor of a request whose widget session token {@link WidgetFilter} verified: the
 * widget (from the host's records), the page's origin (which the token is bound to and which
 * passed the widget's safelist) and the visitor id the token was issued to. Read it with {@link
 * WidgetFilter#visitor(jakarta.servlet.http.HttpServletRequest)}; it holds no token.
 *
 * <p>Immutable and thread-safe.
 */
public final class WidgetVisitor {
  private final String widgetId;
  private final WidgetSessionVerification verification;

  WidgetVisitor(String widgetId, WidgetSessionVerification verification) {
    this.widgetId = widgetId;
    this.verification = verification;
  }

  /**
   * Returns the widget the token was issued for and verified against.
   *
   * @return the widget id
   */
  public String widgetId() {
    return widgetId;
  }

  /**
   * Returns the visitor id ({@code sub}) of the token.
   *
   * @return the visitor id
   */
  public String visitorId() {
    return verification.visitorId();
  }

  /**
   * Returns the normalized origin the token is bound to, which is the request's.
   *
   * @return the origin
   */
  public String origin() {
    return verification.origin();
  }

  /**
   * Returns when the token expires.
   *
   * @return {@code exp}
   */
  public Instant expiresAt() {
    return verification.expiresAt();
  }

  /**
   * Returns the verifier's full answer, with every verified claim.
   *
   * @return the verification, always valid
   */
  public WidgetSessionVerification verification() {
    return verification;
  }

  /** Names the widget and the origin; never the visitor id or a token. */
  @Override
  public String toString() {
    return "WidgetVisitor{" + widgetId + ", " + origin() + "}";
  }
}
