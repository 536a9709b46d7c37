package io.hiroi.crypto.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hiroi.core.SecretBytes;
import io.hiroi.crypto.KeyRing;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class SiblingKeysTest {
  private static final byte[] MASTER = filled(0x5a);
  private static final String INSTALLER_ONLY =
      "the key ring accessor is installed by KeyRing's class initialization only";

  private static byte[] filled(int value) {
    byte[] key = new byte[32];
    Arrays.fill(key, (byte) value);
    return key;
  }

  private static byte[] expectedAuditChainKey() {
    return Hkdf.sha256(
        MASTER, new byte[0], Purposes.AUDIT_CHAIN.getBytes(StandardCharsets.US_ASCII), 32);
  }

  @Test
  void install_isRefusedOutsideKeyRing_andTheRingsOwnDerivationStays() {
    // Review finding: any caller could call install(); now it is refused and changes nothing.
    KeyRing ring = KeyRing.builder().addKey(1, MASTER).primary(1).build();
    SiblingKeys.Access stray = (r, purpose, keyId) -> new byte[32];
    assertThatThrownBy(() -> SiblingKeys.install(stray))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage(INSTALLER_ONLY);
    SecretBytes key = SiblingKeys.purposeKey(ring, Purposes.AUDIT_CHAIN, 1);
    assertThat(key.toByteArray()).isEqualTo(expectedAuditChainKey());
  }

  @Test
  void install_beforeKeyRingInitializes_isRefused_andKeyRingStillInitializes() throws Exception {
    // Review finding: a stray install() made before KeyRing's class initialized would have taken
    // the slot (its accessor would then serve every sibling module) and made KeyRing's own
    // install throw, so KeyRing could never initialize. A fresh class loader gives fresh,
    // uninitialized copies of hiroi-crypto's classes to try that order on.
    ClassLoader fresh = new FreshCryptoClasses(SiblingKeysTest.class.getClassLoader());
    Class<?> siblingKeys = Class.forName(SiblingKeys.class.getName(), true, fresh);
    Class<?> access = Class.forName(SiblingKeys.Access.class.getName(), false, fresh);
    assertThat(siblingKeys).isNotSameAs(SiblingKeys.class);
    Object stray =
        Proxy.newProxyInstance(fresh, new Class<?>[] {access}, (proxy, method, args) -> new byte[32]);
    Method install = siblingKeys.getMethod("install", access);
    assertThatThrownBy(() -> install.invoke(null, stray))
        .isInstanceOf(InvocationTargetException.class)
        .cause()
        .isInstanceOf(IllegalStateException.class)
        .hasMessage(INSTALLER_ONLY);

    Class<?> keyRing = Class.forName(KeyRing.class.getName(), true, fresh);
    Object builder = keyRing.getMethod("builder").invoke(null);
    Class<?> builderType = builder.getClass();
    builderType.getMethod("addKey", int.class, byte[].class).invoke(builder, 1, MASTER);
    builderType.getMethod("primary", int.class).invoke(builder, 1);
    Object ring = builderType.getMethod("build").invoke(builder);
    SecretBytes key =
        (SecretBytes)
            siblingKeys
                .getMethod("purposeKey", keyRing, String.class, int.class)
                .invoke(null, ring, Purposes.AUDIT_CHAIN, 1);
    assertThat(key.toByteArray()).isEqualTo(expectedAuditChainKey());
  }

  /**
   * Defines its own copies of hiroi-crypto's main classes ({@code io.hiroi.crypto.*}, read from
   * the parent's class path) and leaves everything else, hiroi-core included, to the parent.
   */
  private static final class FreshCryptoClasses extends ClassLoader {
    FreshCryptoClasses(ClassLoader parent) {
      super(parent);
    }

    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
      if (!name.startsWith("io.hiroi.crypto.") || name.endsWith("Test")) {
        return super.loadClass(name, resolve);
      }
      synchronized (getClassLoadingLock(name)) {
        Class<?> loaded = findLoadedClass(name);
        if (loaded == null) {
          String resource = name.replace('.', '/') + ".class";
          try (InputStream in = getParent().getResourceAsStream(resource)) {
            if (in == null) {
              throw new ClassNotFoundException(name);
            }
            byte[] bytes = in.readAllBytes();
            loaded = defineClass(name, bytes, 0, bytes.length);
          } catch (IOException e) {
            throw new ClassNotFoundException(name, e);
          }
        }
        if (resolve) {
          resolveClass(loaded);
        }
        return loaded;
      }
    }
  }
}
