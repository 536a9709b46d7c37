package io.hiroi.examples;

import java.io.IOException;
import java.nio.charset.Charset;
import java.util.List;
import org.eclipse.jetty.ee10.servlet.ErrorHandler;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * Jetty's error page for anything the pages did not answer themselves (an uncaught exception, a
 * malformed request): the status and its standard reason only. Jetty's default prints the
 * exception's message and cause chain, which can hold paths, SQL, store addresses or user input.
 * The exception is still logged by Jetty. Thread-safe; one per server.
 */
final class ErrorPage extends ErrorHandler {
  ErrorPage() {
    setShowStacks(false);
    setShowCauses(false);
    setShowMessageInTitle(false);
    setShowOrigin(false);
  }

  @Override
  protected boolean generateAcceptableResponse(Request request, Response response, Callback callback, String contentType,
      List<Charset> charsets, int code, String message, Throwable cause) throws IOException {
    return super.generateAcceptableResponse(request, response, callback, contentType, charsets, code, HttpStatus.getMessage(code), null);
  }
}
