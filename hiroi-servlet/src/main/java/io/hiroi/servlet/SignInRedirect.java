package io.hiroi.servlet;

import io.hiroi.servlet.internal.SuppressFBWarnings;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/** The handler of {@link DenialHandler#redirectToSignIn(String)}. Immutable and thread-safe. */
final class SignInRedirect implements DenialHandler {
  private final String signInPath;
  private final DenialHandler otherwise = DenialHandler.standard();

  SignInRedirect(String signInPath) {
    this.signInPath = signInPath;
  }

  @Override
  @SuppressFBWarnings(
      value = "UNVALIDATED_REDIRECT",
      justification = "the target is the host's configured sign-in path, checked at build to be a local path; nothing of the request goes into it")
  public void deny(HttpServletRequest request, HttpServletResponse response, Denial denial) throws IOException {
    String method = request.getMethod();
    if (denial.reason() == Denial.Reason.SESSION_REQUIRED && ("GET".equals(method) || "HEAD".equals(method))) {
      response.setStatus(HttpServletResponse.SC_SEE_OTHER);
      response.setHeader("Location", signInPath);
      response.setHeader("Cache-Control", "no-store");
      response.setContentLength(0);
    } else {
      otherwise.deny(request, response, denial);
    }
  }

  @Override
  public String toString() {
    return "SignInRedirect{" + signInPath + "}";
  }
}
