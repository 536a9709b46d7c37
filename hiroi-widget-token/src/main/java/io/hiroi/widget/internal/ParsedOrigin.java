package io.hiroi.widget.internal;

/**
 * An origin in normal form: lower-case scheme ({@code http} or {@code https}), host as lower-case
 * ASCII (A-labels for internationalized names, RFC 5952 text in brackets for IPv6), port or
 * {@code -1} for the scheme's default. {@link #serialized} is its RFC 6454 serialization.
 */
public final class ParsedOrigin {
  public final String scheme;
  public final String host;
  public final int port;
  public final boolean ipLiteral;
  public final String serialized;

  ParsedOrigin(String scheme, String host, int port, boolean ipLiteral, String serialized) {
    this.scheme = scheme;
    this.host = host;
    this.port = port;
    this.ipLiteral = ipLiteral;
    this.serialized = serialized;
  }

  @Override
  public String toString() {
    return serialized;
  }
}
