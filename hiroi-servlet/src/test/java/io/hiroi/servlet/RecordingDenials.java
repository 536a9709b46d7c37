package io.hiroi.servlet;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A denial handler that writes the standard answer (or another handler's) and keeps every denial for the test to read. */
final class RecordingDenials implements DenialHandler {
  final List<Denial> seen = new CopyOnWriteArrayList<>();
  private final DenialHandler delegate;

  RecordingDenials() {
    this(DenialHandler.standard());
  }

  RecordingDenials(DenialHandler delegate) {
    this.delegate = delegate;
  }

  @Override
  public void deny(HttpServletRequest request, HttpServletResponse response, Denial denial) throws IOException {
    seen.add(denial);
    delegate.deny(request, response, denial);
  }

  /** The last denial as "REASON/detail". */
  String last() {
    Denial d = seen.get(seen.size() - 1);
    return d.reason() + "/" + d.detail().orElse("-");
  }
}
