package io.hiroi.servlet;

import io.hiroi.servlet.internal.Errors;
import io.hiroi.servlet.internal.HeaderValues;
import io.hiroi.servlet.internal.PathRules;
import io.hiroi.widget.CorsHeaders;
import io.hiroi.widget.OriginCheck;
import io.hiroi.widget.WidgetSessionTokens;
import io.hiroi.widget.WidgetSessionVerification;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Guards a widget's API, which pages on the widget customers' sites call from the browser. In
 * order, for every request:
 *
 * <ol>
 *   <li>the widget is looked up with the host's resolver (unknown: 404 through the {@link
 *       DenialHandler}, {@link Denial.Reason#UNKNOWN_WIDGET});
 *   <li>the {@code Origin} header is checked with the widget's {@link
 *       io.hiroi.widget.OriginSafelist} (exact matching after normalization); a missing, {@code
 *       null}, malformed, repeated or unlisted origin is denied (403, {@link
 *       Denial.Reason#ORIGIN_REFUSED}) without any CORS header, so the browser hides the answer;
 *   <li>a CORS preflight ({@code OPTIONS} with {@code Access-Control-Request-Method}) is answered
 *       here with {@code 204} and exactly the headers of {@link CorsHeaders#preflight}, and never
 *       passed on; a preflight asking for a method or header not configured is denied (403,
 *       {@link Denial.Reason#CORS_PREFLIGHT_REFUSED});
 *   <li>any other request gets the headers of {@link CorsHeaders#actualResponse} (denials below
 *       included, so the widget's script can read a 401 and fetch a new token), then needs a
 *       widget session token in {@code Authorization: Bearer}, verified by {@link
 *       WidgetSessionTokens} for this widget and this origin: a missing, malformed, forged or
 *       expired token, or one issued for another widget or another site, is denied (401, {@link
 *       Denial.Reason#WIDGET_TOKEN_INVALID});
 *   <li>the verified visitor is handed to the application as {@link #visitor(HttpServletRequest)}.
 * </ol>
 *
 * <p>Paths configured with {@link Builder#originOnly(String...)} (the endpoint that hands out
 * session tokens, which the page calls before it has one) stop after the Origin and CORS steps;
 * the application reads the allowed origin with {@link #allowedOrigin(HttpServletRequest)}. Every
 * response carries {@code Vary: Origin}.
 *
 * <p>Thread-safe; build one per widget API and share it.
 *
 * <pre>{@code
 * WidgetFilter widget = WidgetFilter.builder(tokens, cors, WidgetSite.of("w42", safelist))
 *     .originOnly("/widget-api/session")
 *     .build();
 * }</pre>
 */
public final class WidgetFilter implements Filter {
  /** The request attribute holding the {@link WidgetVisitor} of a verified token. */
  public static final String VISITOR_ATTRIBUTE = "io.hiroi.servlet.widgetVisitor";

  /** The request attribute holding the allowed, normalized origin (a String). */
  public static final String ORIGIN_ATTRIBUTE = "io.hiroi.servlet.widgetOrigin";

  private static final Logger LOG = LoggerFactory.getLogger(WidgetFilter.class);
  private static final int FORBIDDEN = 403;
  private static final int UNAUTHORIZED = 401;
  private static final int NOT_FOUND = 404;

  private final WidgetSessionTokens tokens;
  private final CorsHeaders cors;
  private final Function<HttpServletRequest, Optional<WidgetSite>> sites;
  private final PathRules<Boolean> originOnly;
  private final DenialHandler denials;

  private WidgetFilter(Builder b) {
    this.tokens = b.tokens;
    this.cors = b.cors;
    this.sites = b.sites;
    this.originOnly = PathRules.of(b.originOnly, "originOnly");
    this.denials = b.denials == null ? DenialHandler.standard() : b.denials;
  }

  /**
   * Starts a builder for the API of one widget.
   *
   * @param tokens the widget session token verifier
   * @param cors the CORS answers of the API
   * @param site the widget
   * @return the builder
   * @throws NullPointerException when an argument is {@code null}
   */
  public static Builder builder(WidgetSessionTokens tokens, CorsHeaders cors, WidgetSite site) {
    Objects.requireNonNull(site, "site");
    Optional<WidgetSite> fixed = Optional.of(site);
    return builder(tokens, cors, request -> fixed);
  }

  /**
   * Starts a builder for an API that serves many widgets, each request naming its widget (for
   * example in its path).
   *
   * @param tokens the widget session token verifier
   * @param cors the CORS answers of the API
   * @param sites finds the request's widget in the host's records; empty when there is none. It
   *     must be thread-safe; when it throws, the request is denied as {@link
   *     Denial.Reason#UNKNOWN_WIDGET}
   * @return the builder
   * @throws NullPointerException when an argument is {@code null}
   */
  public static Builder builder(
      WidgetSessionTokens tokens, CorsHeaders cors, Function<HttpServletRequest, Optional<WidgetSite>> sites) {
    return new Builder(
        Objects.requireNonNull(tokens, "tokens"), Objects.requireNonNull(cors, "cors"), Objects.requireNonNull(sites, "sites"));
  }

  /**
   * Returns the verified widget visitor of a request that passed this filter with a token.
   *
   * @param request the request
   * @return the visitor, or empty when the request did not pass a token check
   */
  public static Optional<WidgetVisitor> visitor(HttpServletRequest request) {
    Object v = request.getAttribute(VISITOR_ATTRIBUTE);
    return v instanceof WidgetVisitor ? Optional.of((WidgetVisitor) v) : Optional.empty();
  }

  /**
   * Returns the normalized origin of a request that passed this filter's Origin check.
   *
   * @param request the request
   * @return the origin, or empty when the request did not pass the check
   */
  public static Optional<String> allowedOrigin(HttpServletRequest request) {
    Object v = request.getAttribute(ORIGIN_ATTRIBUTE);
    return v instanceof String ? Optional.of((String) v) : Optional.empty();
  }

  @Override
  public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
      throws IOException, ServletException {
    if (!(request instanceof HttpServletRequest) || !(response instanceof HttpServletResponse)) {
      chain.doFilter(request, response);
      return;
    }
    HttpServletRequest http = (HttpServletRequest) request;
    HttpServletResponse out = (HttpServletResponse) response;
    // What an earlier pass of this request set (a forward, an error dispatch) must not stand for
    // this one, which may be another widget's or an origin-only path.
    http.removeAttribute(VISITOR_ATTRIBUTE);
    http.removeAttribute(ORIGIN_ATTRIBUTE);
    write(out, cors.vary());
    Optional<WidgetSite> site;
    try {
      site = sites.apply(http);
    } catch (RuntimeException e) {
      // The exception's class only: its message is the host's text and may hold request data.
      LOG.warn(Errors.widgetLookupFailedLog(e.getClass().getName()));
      denials.deny(http, out, Denial.withDetail(Denial.Reason.UNKNOWN_WIDGET, NOT_FOUND, "LOOKUP_FAILED"));
      return;
    }
    if (site == null || site.isEmpty()) {
      denials.deny(http, out, Denial.withDetail(Denial.Reason.UNKNOWN_WIDGET, NOT_FOUND, "NO_SUCH_WIDGET"));
      return;
    }
    if (HeaderValues.repeated(http, "Origin")) {
      denials.deny(http, out, Denial.withDetail(Denial.Reason.ORIGIN_REFUSED, FORBIDDEN, "REPEATED_HEADER"));
      return;
    }
    OriginCheck origin = site.get().safelist().check(http.getHeader("Origin"));
    if (!origin.isAllowed()) {
      String why = origin.denial().map(Enum::name).orElseThrow(AssertionError::new);
      denials.deny(http, out, Denial.withDetail(Denial.Reason.ORIGIN_REFUSED, FORBIDDEN, why));
      return;
    }
    String requestMethod = http.getHeader("Access-Control-Request-Method");
    if ("OPTIONS".equals(http.getMethod()) && requestMethod != null) {
      Map<String, String> preflight = cors.preflight(origin, requestMethod, joined(http, "Access-Control-Request-Headers"));
      if (preflight.isEmpty()) {
        denials.deny(http, out, Denial.withDetail(Denial.Reason.CORS_PREFLIGHT_REFUSED, FORBIDDEN, "NOT_ALLOWED"));
        return;
      }
      write(out, preflight);
      out.setStatus(HttpServletResponse.SC_NO_CONTENT);
      return;
    }
    write(out, cors.actualResponse(origin));
    if (originOnly.match(PathRules.pathOf(http), Boolean.FALSE)) {
      http.setAttribute(ORIGIN_ATTRIBUTE, origin.origin());
      chain.doFilter(request, response);
      return;
    }
    String token = HeaderValues.bearerToken(Collections.list(http.getHeaders("Authorization")));
    if (token == null) {
      denials.deny(http, out, Denial.withDetail(Denial.Reason.WIDGET_TOKEN_INVALID, UNAUTHORIZED, "MISSING"));
      return;
    }
    WidgetSessionVerification v = tokens.verify(token, site.get().widgetId(), origin.origin());
    if (!v.isValid()) {
      String why = v.failure().map(Enum::name).orElseThrow(AssertionError::new);
      denials.deny(http, out, Denial.withDetail(Denial.Reason.WIDGET_TOKEN_INVALID, UNAUTHORIZED, why));
      return;
    }
    http.setAttribute(ORIGIN_ATTRIBUTE, origin.origin());
    http.setAttribute(VISITOR_ATTRIBUTE, new WidgetVisitor(site.get().widgetId(), v));
    chain.doFilter(request, response);
  }

  /** Every value of a header joined with commas, as RFC 9110 allows for list headers; null when absent. */
  private static String joined(HttpServletRequest request, String name) {
    java.util.List<String> values = Collections.list(request.getHeaders(name));
    return values.isEmpty() ? null : String.join(",", values);
  }

  private static void write(HttpServletResponse out, Map<String, String> headers) {
    for (Map.Entry<String, String> h : headers.entrySet()) {
      out.setHeader(h.getKey(), h.getValue());
    }
  }

  @Override
  public String toString() {
    return "WidgetFilter{" + cors + ", originOnly=" + originOnly + "}";
  }

  /**
   * Builds a {@link WidgetFilter}.
   *
   * <p>Not thread-safe; use it on one thread.
   */
  public static final class Builder {
    private final WidgetSessionTokens tokens;
    private final CorsHeaders cors;
    private final Function<HttpServletRequest, Optional<WidgetSite>> sites;
    private final Map<String, Boolean> originOnly = new LinkedHashMap<>();
    private DenialHandler denials;

    private Builder(WidgetSessionTokens tokens, CorsHeaders cors, Function<HttpServletRequest, Optional<WidgetSite>> sites) {
      this.tokens = tokens;
      this.cors = cors;
      this.sites = sites;
    }

    /**
     * Names paths that need only the Origin and CORS checks, no session token: the endpoint that
     * issues tokens to the widget's pages.
     *
     * @param patterns {@code /exact}, {@code /prefix/*} or {@code /*}, matched on the servlet path
     *     and path info
     * @return this builder
     * @throws NullPointerException when a pattern is {@code null}
     * @throws IllegalArgumentException when a pattern is invalid
     * @throws IllegalStateException when already set
     */
    public Builder originOnly(String... patterns) {
      Objects.requireNonNull(patterns, "patterns");
      if (!originOnly.isEmpty()) {
        throw Errors.alreadySet("originOnly");
      }
      for (String p : patterns) {
        originOnly.put(PathRules.check(Objects.requireNonNull(p, "pattern"), "originOnly"), Boolean.TRUE);
      }
      return this;
    }

    /**
     * Replaces the {@link DenialHandler#standard()} handler.
     *
     * @param handler the handler
     * @return this builder
     * @throws NullPointerException when {@code handler} is {@code null}
     * @throws IllegalStateException when already set
     */
    public Builder denialHandler(DenialHandler handler) {
      Objects.requireNonNull(handler, "handler");
      if (denials != null) {
        throw Errors.alreadySet("denialHandler");
      }
      denials = handler;
      return this;
    }

    /**
     * Builds the filter.
     *
     * @return the filter
     */
    public WidgetFilter build() {
      return new WidgetFilter(this);
    }
  }
}
