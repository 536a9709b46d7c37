package io.hiroi.cli.internal;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/** {@code hiroi}: the top of the command tree; its attributes (help, version, exit codes) are inherited. */
@Command(
    name = "hiroi",
    mixinStandardHelpOptions = true,
    scope = ScopeType.INHERIT,
    versionProvider = VersionProvider.class,
    usageHelpAutoWidth = true,
    description = {
      "The operator's command line over hiroi's key ring, credential envelopes, API keys and widget tokens.",
      "%nSecrets and plaintexts travel on standard input and output, never as arguments."
          + " Binary input (a plaintext to encrypt) is read byte for byte, nothing stripped; text"
          + " input (an envelope, an API key, a password) loses exactly one trailing line end"
          + " (\\n or \\r\\n). Text output ends each line with \\n; a decrypted plaintext is"
          + " written byte for byte, nothing added.",
    },
    exitCodeListHeading = "%nExit status:%n",
    exitCodeList = {
      "0:success",
      "1:rejected (failed decryption, bad checksum, wrong password); the reason on standard error, nothing on standard output",
      "2:usage, configuration (missing or invalid key ring file), I/O or internal error",
    })
final class HiroiCommand implements Callable<Integer> {
  @Spec private CommandSpec spec;

  @Override
  public Integer call() {
    throw new ParameterException(spec.commandLine(), Errors.missingCommand(spec.qualifiedName()));
  }
}
