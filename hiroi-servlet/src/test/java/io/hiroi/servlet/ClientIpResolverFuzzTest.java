package io.hiroi.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.net.InetAddress;
import java.util.List;

/**
 * Fuzzes the forwarding-header parsers with hostile header values behind a trusted proxy: the
 * walk never throws, never looks a name up, and only ever answers the remote address or an
 * address that is a literal in the header (so a client can at most name the address it already
 * has, never make the resolver invent one).
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
        String all = (first + "," + second).toLowerCase(java.util.Locale.ROOT);
        String found = client.getHostAddress();
        boolean named = all.contains(found) || all.contains(compressed(client));
        assertThat(named).as("a returned address appears in the headers").isTrue();
      }
    }
  }

  private static String compressed(InetAddress a) {
    // The JDK prints IPv6 in full form; headers usually carry the compressed one. Checking for
    // the last group is enough to tie the address to the header text.
    String full = a.getHostAddress();
    return full.substring(full.lastIndexOf(':') + 1);
  }
}
