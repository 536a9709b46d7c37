package io.hiroi.cli.internal;

import io.hiroi.crypto.KeyRingException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * Builds the command tree, runs one command line and turns every outcome into an exit status:
 * {@value #OK} success, {@value #REJECTED} rejected, {@value #USAGE} usage, configuration, I/O or
 * internal error. Nothing here holds state between runs.
 */
public final class Cli {
  /** Exit status: the command did its work. */
  public static final int OK = 0;

  /** Exit status: the input was judged and rejected; the reason is on standard error. */
  public static final int REJECTED = 1;

  /** Exit status: usage, configuration, I/O or internal error; the message is on standard error. */
  public static final int USAGE = 2;

  private Cli() {}

  /**
   * Runs one command line over the given streams.
   *
   * @param args the arguments, command first
   * @param in standard input
   * @param out standard output
   * @param err standard error
   * @return the exit status
   */
  public static int run(String[] args, InputStream in, PrintStream out, PrintStream err) {
    Objects.requireNonNull(args, "args");
    PrintWriter errWriter = new PrintWriter(new OutputStreamWriter(err, StandardCharsets.UTF_8), true);
    PrintWriter outWriter = new PrintWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), true);
    Io io = new Io(in, out, errWriter);
    CommandLine cli = commandLine(io);
    cli.setOut(outWriter);
    cli.setErr(errWriter);
    int status = cli.execute(args.clone());
    outWriter.flush();
    errWriter.flush();
    if (!io.flushOut() && status == OK) {
      io.error(Errors.cannotWriteStdout());
      return USAGE;
    }
    return status;
  }

  static CommandLine commandLine(Io io) {
    CommandLine cli =
        new CommandLine(new HiroiCommand())
            .addSubcommand(new KeygenCommand(io))
            .addSubcommand(new CommandLine(new KeyringCommands()).addSubcommand(new KeyringCommands.Add(io)))
            .addSubcommand(new EnvelopeCommands.EncryptCommand(io))
            .addSubcommand(new EnvelopeCommands.DecryptCommand(io))
            .addSubcommand(new EnvelopeCommands.RewrapCommand(io))
            .addSubcommand(
                new CommandLine(new ApiKeyCommands())
                    .addSubcommand(new ApiKeyCommands.New(io))
                    .addSubcommand(new ApiKeyCommands.Check(io)))
            .addSubcommand(
                new CommandLine(new WidgetCommands())
                    .addSubcommand(new WidgetCommands.Secret(io))
                    .addSubcommand(new WidgetCommands.Token(io))
                    .addSubcommand(new WidgetCommands.Verify(io)))
            .addSubcommand(new CommandLine(new AuditCommands()).addSubcommand(new AuditCommands.Verify(io)))
            .addSubcommand(new CommandLine(new TotpCommands()).addSubcommand(new TotpCommands.Verify(io)))
            .addSubcommand(
                new CommandLine(new PasswordCommands())
                    .addSubcommand(new PasswordCommands.Hash(io))
                    .addSubcommand(new PasswordCommands.Verify(io)));
    // "@file" arguments would read a file into the command line, and from there into messages.
    cli.setExpandAtFiles(false);
    cli.setParameterExceptionHandler(Cli::handleParameterException);
    cli.setExecutionExceptionHandler((e, command, parseResult) -> handleExecutionException(e, io));
    return cli;
  }

  /**
   * Reports a usage error without repeating arguments that might be secrets: unknown options are
   * named (up to any {@code =}), other unexpected arguments only counted, except an unknown command
   * name where a command was expected.
   */
  private static int handleParameterException(ParameterException e, String[] args) {
    CommandLine command = e.getCommandLine();
    PrintWriter err = command.getErr();
    CommandSpec spec = command.getCommandSpec();
    if (e instanceof UnmatchedArgumentException) {
      List<String> unmatched = ((UnmatchedArgumentException) e).getUnmatched();
      List<String> options = new ArrayList<>();
      int hidden = 0;
      for (String argument : unmatched) {
        if (argument.startsWith("-") && argument.length() > 1) {
          int equals = argument.indexOf('=');
          options.add(equals < 0 ? argument : argument.substring(0, equals));
        } else {
          hidden++;
        }
      }
      if (options.isEmpty() && !spec.subcommands().isEmpty() && !unmatched.isEmpty()) {
        err.println(Errors.PREFIX + Errors.unknownCommand(spec.qualifiedName(), unmatched.get(0)));
      } else {
        err.println(Errors.PREFIX + Errors.unknownOptions(options, hidden));
      }
      UnmatchedArgumentException.printSuggestions(e, err);
    } else {
      err.println(Errors.PREFIX + e.getMessage());
    }
    err.println(Errors.tryHelp(spec.qualifiedName()));
    err.flush();
    return USAGE;
  }

  private static int handleExecutionException(Exception e, Io io) {
    if (e instanceof UsageException) {
      io.error(e.getMessage());
    } else if (e instanceof KeyRingException) {
      io.error(
          e.getCause() instanceof IOException
              ? Errors.keyRingUnreadable(e.getMessage(), (IOException) e.getCause())
              : Errors.keyRingUnusable(e.getMessage()));
    } else if (e instanceof IllegalArgumentException) {
      // hiroi's own setting checks (purpose, context, prefix, key id); their messages hold no secret.
      io.error(Errors.invalidSetting(e.getMessage()));
    } else if (e instanceof IOException) {
      io.error(Errors.io((IOException) e));
    } else if (e instanceof UncheckedIOException) {
      io.error(Errors.io(((UncheckedIOException) e).getCause()));
    } else {
      io.error(Errors.internal(e));
    }
    return USAGE;
  }
}
