package dev.signet.core.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.signet.core.testing.TestPki;
import java.nio.file.Path;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CertificateCacheTest {
    @TempDir
    Path dir;

    @Test
    void theSameBytesParseOnceAndOtherBytesAreAnotherCertificate() throws Exception {
        X509Certificate root = new TestPki(dir).root();
        byte[] der = root.getEncoded();
        X509Certificate first = CertificateCache.parse(der.clone());
        assertThat(CertificateCache.parse(der.clone())).isSameAs(first).isEqualTo(root);

        byte[] changed = der.clone();
        changed[changed.length - 1] ^= 0x01; // inside the signature value: still parses, is another certificate
        X509Certificate other = CertificateCache.parse(changed);
        assertThat(other).isNotEqualTo(first);
        assertThat(other.getEncoded()).isEqualTo(changed);
    }

    @Test
    void theCachedEntryIsACopyTheCallerCannotChange() throws Exception {
        byte[] der = new TestPki(dir).root().getEncoded();
        X509Certificate first = CertificateCache.parse(der);
        byte[] original = der.clone();
        der[der.length - 1] ^= 0x01; // the caller reuses its buffer
        assertThat(CertificateCache.parse(original)).isSameAs(first);
    }

    @Test
    void garbageIsRefusedEveryTime() {
        byte[] garbage = {0x30, 0x03, 0x02, 0x01, 0x01};
        assertThatThrownBy(() -> CertificateCache.parse(garbage)).isInstanceOf(CertificateException.class);
        assertThatThrownBy(() -> CertificateCache.parse(garbage)).isInstanceOf(CertificateException.class);
    }
}
