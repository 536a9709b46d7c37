package io.hiroi.examples;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Objects;

/**
 * The emails the app "sent" (magic links, notices), kept in memory for the dev outbox page
 * instead of being mailed. Bounded to the newest {@value #CAPACITY}. Thread-safe.
 */
final class Outbox {
  static final int CAPACITY = 200;

  /** One email. Its body may hold a link with a token: it is shown only in the outbox page, never logged. */
  static final class Email {
    final Instant sentAt;
    final String to;
    final String subject;
    final String body;
    final String link;

    Email(Instant sentAt, String to, String subject, String body, String link) {
      this.sentAt = sentAt;
      this.to = to;
      this.subject = subject;
      this.body = body;
      this.link = link;
    }

    @Override
    public String toString() {
      return "Email{subject=" + subject + "}";
    }
  }

  private final Deque<Email> emails = new ArrayDeque<>();

  void send(Instant now, String to, String subject, String body, String link) {
    Email e = new Email(now, Objects.requireNonNull(to, "to"), subject, body, link);
    synchronized (emails) {
      emails.addFirst(e);
      while (emails.size() > CAPACITY) {
        emails.removeLast();
      }
    }
  }

  /** Newest first. */
  List<Email> all() {
    synchronized (emails) {
      return List.copyOf(emails);
    }
  }
}
