package dev.signet.cli.ca;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.signet.cli.CliException;
import dev.signet.core.ca.CertificateAuthority;
import dev.signet.core.crypto.MasterKey;
import dev.signet.core.crypto.software.SoftwareKeyBackend;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which roots a pinned root vouches for through the CA's cross certificates, forward and reverse. */
class RootLinksTest {
    @TempDir
    Path dir;

    private SoftwareKeyBackend keys;
    private CertificateAuthority ca;

    @BeforeEach
    void setUp() {
        keys = new SoftwareKeyBackend(MasterKey.loadOrCreate(dir.resolve("master.key")), dir.resolve("keys"));
        ca = CertificateAuthority.openOrCreate(dir.resolve("ca"), keys, "Acme");
        ca.renewRoot(Instant.now());
        ca.renewRoot(Instant.now());
    }

    @Test
    void anyPinnedRootReachesEveryOtherThroughTheCrossCertificates() {
        List<X509Certificate> roots = ca.roots();
        assertThat(roots).hasSize(3);
        for (X509Certificate pinned : roots) {
            assertThat(RootLinks.requireLinked(roots, pinned, ca.crossCertificates()))
                    .containsExactlyElementsOf(roots);
        }
    }

    @Test
    void withoutTheReverseCrossCertificatesANewerPinDoesNotVouchForOlderRoots() {
        List<X509Certificate> roots = ca.roots();
        List<X509Certificate> forwardOnly =
                ca.rootCas().stream().flatMap(r -> r.cross().stream()).toList();
        assertThat(RootLinks.requireLinked(roots, roots.get(0), forwardOnly)).hasSize(3);
        assertThatThrownBy(() -> RootLinks.requireLinked(roots, roots.get(2), forwardOnly))
                .isInstanceOf(CliException.class)
                .hasMessageContaining("CN=Signet Root CA (SHA-256")
                .hasMessageContaining("nothing written");
    }

    @Test
    void aRootNoAcceptedRootSignedForIsRefused() {
        CertificateAuthority other = CertificateAuthority.openOrCreate(dir.resolve("other"), keys, "Mallory");
        List<X509Certificate> roots = List.of(ca.roots().get(0), other.root());
        assertThatThrownBy(() -> RootLinks.requireLinked(roots, ca.roots().get(0), ca.crossCertificates()))
                .isInstanceOf(CliException.class)
                .hasMessageContaining("O=Mallory");
        // a cross certificate naming the root but signed by a key outside the accepted set vouches for nothing
        assertThatThrownBy(() -> RootLinks.requireLinked(ca.roots(), other.root(), ca.crossCertificates()))
                .isInstanceOf(CliException.class);
    }
}
