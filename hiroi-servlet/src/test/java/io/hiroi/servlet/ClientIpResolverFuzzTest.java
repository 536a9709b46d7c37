package io.hiroi.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.net.InetAddress;
import io.hiroi.servlet.internal.IpLiterals;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Fuzzes the forwarding-header parsers with hostile header values behind a trusted proxy: the
 * walk never throws, never looks a name up, and only ever answers the remote address or an
 * address written as a literal in the headers: it never invents one. (A first real run found
 * that this test's own check missed {@code ::}; the input is kept in the corpus.)
 */
class ClientIpResolverFuzzTest {
  private static final ClientIpResolver XFF = ClientIpResolver.builder().trustProxy("10.0.0.0/8").trustProxy("::1").build();
  private static final ClientIpResolver FORWARDED =
      ClientIpResolver.builder().trustProxy("10.0.0.0/8").trustProxy("::1").header(ClientIpResolver.Header.FORWARDED).build();

  @FuzzTest(maxDuration = "20s")
  void resolve_neverThrows_andOnlyReturnsAddressesItWasGiven(FuzzedDataProvider data) throws Exception {
    String remote = data.consumeBoolean() ? "10.0.0.1" : "::1";
    String first = data.consumeString(300);
    String second = data.consumeRemainingAsString();
    for (ClientIpResolver r : List.of(XFF, FORWARDED)) {
      InetAddress client = r.resolve(remote, List.of(first, second));
      if (!client.equals(InetAddress.getByName(remote))) {
        assertThat(literalsIn(first + "," + second)).as("a returned address is a literal in the headers").contains(client);
      }
    }
  }

  /** Every IP literal in the text: runs of hex digits, colons and dots, with or without a port. */
  private static Set<InetAddress> literalsIn(String text) {
    Set<InetAddress> found = new HashSet<>();
    for (String token : text.split("[^0-9A-Fa-f:.]+")) {
      InetAddress whole = IpLiterals.parse(token);
      if (whole != null) {
        found.add(whole);
      }
      int colon = token.lastIndexOf(':');
      if (colon > 0) {
        InetAddress beforePort = IpLiterals.parse(token.substring(0, colon));
        if (beforePort != null) {
          found.add(beforePort);
        }
      }
    }
    return found;
  }
}
