package dev.signet.core.ca;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.signet.core.crypto.DirectoryKeyMaterialStore;
import dev.signet.core.crypto.KeyAlgorithm;
import dev.signet.core.crypto.KeyMaterialStore;
import dev.signet.core.crypto.MasterKey;
import dev.signet.core.crypto.software.SoftwareKeyBackend;
import dev.signet.core.testing.FailingKeyMaterialStore;
import dev.signet.core.testing.Openssl;
import dev.signet.core.testing.Processes;
import java.io.IOException;
import java.math.BigInteger;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertPathBuilder;
import java.security.cert.CertStore;
import java.security.cert.CertificateFactory;
import java.security.cert.CollectionCertStoreParameters;
import java.security.cert.PKIXBuilderParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509CRL;
import java.security.cert.X509CertSelector;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Renewal of the issuing CA and of the root: chains, CRLs, the layout on disk and crashes half-way. */
class CertificateAuthorityRenewalTest {
    private static final String ARN = CertificateAuthorityTest.ARN;

    @TempDir
    Path dir;

    private SoftwareKeyBackend keys;
    private CertificateAuthority ca;

    @BeforeEach
    void setUp() {
        keys = new SoftwareKeyBackend(MasterKey.loadOrCreate(dir.resolve("master.key")), dir.resolve("keys"));
        ca = CertificateAuthority.openOrCreate(dir.resolve("ca"), keys, "Acme Corp");
    }

    private X509Certificate leaf() {
        Instant now = Instant.now();
        return ca.issueCodeSigning(
                keys.publicKey(keys.generate(KeyAlgorithm.ECDSA_P256)),
                "demo",
                ARN,
                now,
                now.plus(Duration.ofDays(30)));
    }

    @Test
    void aRenewedIssuingCaIssuesWhileTheOldOnesCertificatesKeepTheirChain() throws Exception {
        X509Certificate before = leaf();
        X509Certificate oldIssuing = ca.issuing();
        IssuingCa renewed = ca.renewIssuing(Instant.now());
        X509Certificate after = leaf();

        assertThat(renewed.generation()).isEqualTo(2);
        assertThat(renewed.certificate().getSubjectX500Principal().getName()).contains("CN=Signet Issuing CA G2");
        assertThat(ca.issuing()).isEqualTo(renewed.certificate());
        assertThat(ca.chainOf(before)).containsExactly(before, oldIssuing, ca.root());
        assertThat(ca.chainOf(after)).containsExactly(after, renewed.certificate(), ca.root());
        assertThat(ca.issued(before)).isTrue();
        assertThat(ca.issued(after)).isTrue();
        assertThat(ca.issuerOf(before).orElseThrow().generation()).isEqualTo(1);
        assertThat(ca.roots()).containsExactly(ca.root());
        pkix(ca.chainOf(before), ca.root());
        pkix(ca.chainOf(after), ca.root());

        CertificateAuthority reopened = CertificateAuthority.openOrCreate(dir.resolve("ca"), keys, "Other");
        assertThat(reopened.issuingCas()).hasSize(2);
        assertThat(reopened.issuing()).isEqualTo(renewed.certificate());
        assertThat(reopened.chainOf(before)).isEqualTo(ca.chainOf(before));
        assertThat(Files.exists(dir.resolve("ca").resolve("issuing-2.pem"))).isTrue();
    }

    @Test
    void eachIssuingCaSignsTheCrlOfWhatItIssuedAtItsOwnUrl() throws Exception {
        ca.renewIssuing(Instant.now());
        Instant now = Instant.now();
        for (int g = 1; g <= 2; g++) {
            byte[] der = ca.crl(g, List.of(), now, now.plus(Duration.ofDays(1)), BigInteger.ONE);
            X509CRL crl = (X509CRL)
                    CertificateFactory.getInstance("X.509").generateCRL(new java.io.ByteArrayInputStream(der));
            X509Certificate issuer = ca.issuingCa(g).certificate();
            crl.verify(issuer.getPublicKey());
            assertThat(crl.getIssuerX500Principal()).isEqualTo(issuer.getSubjectX500Principal());
        }
        assertThatThrownBy(() -> ca.crl(3, List.of(), now, now.plusSeconds(60), BigInteger.ONE))
                .isInstanceOf(IllegalArgumentException.class);
        URI url = URI.create("http://signet.example/v1/ca/issuing.crl");
        assertThat(CertificateAuthority.crlUrl(url, 1)).isEqualTo(url);
        assertThat(CertificateAuthority.crlUrl(url, 2))
                .isEqualTo(URI.create("http://signet.example/v1/ca/issuing.crl?generation=2"));
        assertThat(CertificateAuthority.crlUrl(URI.create("http://h/crl?x=1"), 3))
                .isEqualTo(URI.create("http://h/crl?x=1&generation=3"));
        Instant t = Instant.now();
        X509Certificate leaf = ca.issueCodeSigning(
                keys.publicKey(keys.generate(KeyAlgorithm.ECDSA_P256)),
                "demo",
                ARN,
                Optional.of(url),
                t,
                t.plus(Duration.ofDays(1)));
        assertThat(new String(leaf.getExtensionValue("2.5.29.31"), StandardCharsets.ISO_8859_1))
                .contains("issuing.crl?generation=2");
    }

    @Test
    void aRenewedRootChainsToTheOldRootThroughItsCrossCertificateAndToItself() throws Exception {
        X509Certificate oldRoot = ca.root();
        X509Certificate before = leaf();
        RootCa renewed = ca.renewRoot(Instant.now());
        X509Certificate after = leaf();

        X509Certificate newRoot = renewed.certificate();
        X509Certificate cross = renewed.cross().orElseThrow();
        assertThat(newRoot.getSubjectX500Principal().getName()).contains("CN=Signet Root CA G2");
        assertThat(cross.getPublicKey()).isEqualTo(newRoot.getPublicKey());
        assertThat(cross.getIssuerX500Principal()).isEqualTo(oldRoot.getSubjectX500Principal());
        assertThat(cross.getNotAfter()).isBeforeOrEqualTo(oldRoot.getNotAfter());
        assertThat(ca.roots()).containsExactly(oldRoot, newRoot);
        assertThat(ca.root()).isEqualTo(oldRoot);
        assertThat(ca.issuingCas()).hasSize(2);
        assertThat(ca.chainOf(after)).containsExactly(after, ca.issuing(), cross, oldRoot);
        assertThat(ca.chainOf(before))
                .containsExactly(before, ca.issuingCas().get(0).certificate(), oldRoot);
        pkix(ca.chainOf(after), oldRoot);
        pkix(ca.chainOf(after), newRoot);
        pkix(ca.chainOf(before), oldRoot);

        // the reference verifier: trusting only the old root, or only the new one
        Path oldPem = pem("old-root.pem", oldRoot);
        Path newPem = pem("new-root.pem", newRoot);
        Path untrusted = pem("untrusted.pem", ca.issuing(), cross);
        Path afterPem = pem("after.pem", after);
        assertOk(Openssl.run(
                "verify", "-CAfile", oldPem.toString(), "-untrusted", untrusted.toString(), afterPem.toString()));
        assertOk(Openssl.run(
                "verify", "-CAfile", newPem.toString(), "-untrusted", untrusted.toString(), afterPem.toString()));
        Path oldChain = pem("old-untrusted.pem", ca.issuingCas().get(0).certificate());
        assertOk(Openssl.run(
                "verify",
                "-CAfile",
                oldPem.toString(),
                "-untrusted",
                oldChain.toString(),
                pem("before.pem", before).toString()));

        // the reverse cross certificate: an old leaf verifies for a verifier that trusts only the new root
        X509Certificate reverse = renewed.reverseCross().orElseThrow();
        assertThat(reverse.getPublicKey()).isEqualTo(oldRoot.getPublicKey());
        assertThat(reverse.getSubjectX500Principal()).isEqualTo(oldRoot.getSubjectX500Principal());
        assertThat(reverse.getIssuerX500Principal()).isEqualTo(newRoot.getSubjectX500Principal());
        assertThat(ca.crossCertificates()).containsExactly(cross, reverse);
        List<X509Certificate> oldViaReverse =
                List.of(before, ca.issuingCas().get(0).certificate(), reverse);
        pkix(oldViaReverse, newRoot);
        Path reverseUntrusted =
                pem("reverse-untrusted.pem", ca.issuingCas().get(0).certificate(), reverse);
        assertOk(Openssl.run(
                "verify",
                "-CAfile",
                newPem.toString(),
                "-untrusted",
                reverseUntrusted.toString(),
                pem("before-2.pem", before).toString()));
        Processes.Result withoutReverse = Openssl.run(
                "verify",
                "-CAfile",
                newPem.toString(),
                "-untrusted",
                oldChain.toString(),
                dir.resolve("before.pem").toString());
        assertThat(withoutReverse.ok())
                .as("without the reverse cross certificate the old leaf has no path to the new root")
                .isFalse();

        CertificateAuthority reopened = CertificateAuthority.openOrCreate(dir.resolve("ca"), keys, "Acme Corp");
        assertThat(reopened.roots()).containsExactly(oldRoot, newRoot);
        assertThat(reopened.chainOf(after)).isEqualTo(ca.chainOf(after));
        assertThat(reopened.crossCertificates()).containsExactly(cross, reverse);
        assertThat(Files.exists(dir.resolve("ca").resolve("root-2-cross-reverse.pem")))
                .isTrue();

        // a second root renewal chains through both cross certificates
        RootCa third = ca.renewRoot(Instant.now());
        X509Certificate latest = leaf();
        assertThat(ca.chainOf(latest))
                .containsExactly(latest, ca.issuing(), third.cross().orElseThrow(), cross, oldRoot);
        pkix(ca.chainOf(latest), oldRoot);
        pkix(ca.chainOf(latest), newRoot);
        pkix(ca.chainOf(latest), third.certificate());
        assertThat(CertificateAuthority.openOrCreate(dir.resolve("ca"), keys, "Acme Corp")
                        .revision())
                .isEqualTo(6);
    }

    @Test
    void anotherInstanceOnTheSameStoreTakesUpARenewalOnReload() {
        CertificateAuthority other = CertificateAuthority.openOrCreate(dir.resolve("ca"), keys, "Acme Corp");
        assertThat(other.reload()).isFalse();
        ca.renewIssuing(Instant.now());
        assertThat(other.reload()).isTrue();
        assertThat(other.issuing()).isEqualTo(ca.issuing());
        assertThat(other.revision()).isEqualTo(ca.revision());
        assertThat(other.reload()).isFalse();
    }

    /** The renewal of a root writes 5 entries, of an issuing CA 2; a crash after any of them. */
    @ParameterizedTest
    @ValueSource(ints = {0, 1, 2, 3, 4})
    void aCrashBetweenTheWritesLeavesTheOldCaOrTheNew(int writesBeforeCrash) throws Exception {
        X509Certificate before = leaf();
        int revision = ca.revision();
        KeyMaterialStore failing =
                new FailingKeyMaterialStore(new DirectoryKeyMaterialStore(dir.resolve("ca")), writesBeforeCrash);
        CertificateAuthority crashing = CertificateAuthority.openOrCreate(failing, keys, "Acme Corp");
        assertThatThrownBy(() -> crashing.renewRoot(Instant.now())).isInstanceOf(CertificateAuthorityException.class);
        assertThat(crashing.revision()).isEqualTo(revision);

        CertificateAuthority reopened = CertificateAuthority.openOrCreate(dir.resolve("ca"), keys, "Acme Corp");
        assertThat(reopened.revision()).isEqualTo(revision);
        assertThat(reopened.chainOf(before)).isEqualTo(ca.chainOf(before));
        if (writesBeforeCrash < 2) {
            KeyMaterialStore failingAgain =
                    new FailingKeyMaterialStore(new DirectoryKeyMaterialStore(dir.resolve("ca")), writesBeforeCrash);
            CertificateAuthority again = CertificateAuthority.openOrCreate(failingAgain, keys, "Acme Corp");
            assertThatThrownBy(() -> again.renewIssuing(Instant.now()))
                    .isInstanceOf(CertificateAuthorityException.class);
            assertThat(CertificateAuthority.openOrCreate(dir.resolve("ca"), keys, "Acme Corp")
                            .revision())
                    .isEqualTo(revision);
        }
        // the leftovers of the crashed renewal do not stand in the way of the next one
        reopened.renewRoot(Instant.now());
        assertThat(CertificateAuthority.openOrCreate(dir.resolve("ca"), keys, "Acme Corp")
                        .revision())
                .isEqualTo(revision + 2);
    }

    @Test
    void refusesACaWhoseRenewalEntriesWereTamperedWith() throws Exception {
        ca.renewRoot(Instant.now());
        Path ca2 = dir.resolve("ca");
        // a cross certificate swapped for the new root's self-signed one no longer certifies it under the old root
        Files.copy(
                ca2.resolve("root-2.pem"),
                ca2.resolve("root-2-cross.pem"),
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        assertThatThrownBy(() -> CertificateAuthority.openOrCreate(ca2, keys, "Acme Corp"))
                .isInstanceOf(CertificateAuthorityException.class)
                .hasMessageContaining("damaged");
    }

    @Test
    void refusesAReverseCrossCertificateThatDoesNotCertifyTheOldRoot() throws Exception {
        ca.renewRoot(Instant.now());
        Path ca2 = dir.resolve("ca");
        Files.copy(
                ca2.resolve("root-2-cross.pem"),
                ca2.resolve("root-2-cross-reverse.pem"),
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        assertThatThrownBy(() -> CertificateAuthority.openOrCreate(ca2, keys, "Acme Corp"))
                .isInstanceOf(CertificateAuthorityException.class)
                .hasMessageContaining("root-2-cross-reverse.pem");
    }

    @Test
    void aRootRenewedWithoutAReverseCrossCertificateStillOpens() throws Exception {
        ca.renewRoot(Instant.now());
        Files.delete(dir.resolve("ca").resolve("root-2-cross-reverse.pem"));
        CertificateAuthority reopened = CertificateAuthority.openOrCreate(dir.resolve("ca"), keys, "Acme Corp");
        assertThat(reopened.rootCas().get(1).reverseCross()).isEmpty();
        assertThat(reopened.crossCertificates()).hasSize(1);
    }

    @Test
    void refusesACaWhoseKeysAreInABackendItCannotUse() throws Exception {
        Path props = dir.resolve("ca").resolve("ca.properties");
        Files.writeString(props, Files.readString(props).replace("issuing.backend=software", "issuing.backend=pkcs11"));
        assertThatThrownBy(() -> CertificateAuthority.openOrCreate(dir.resolve("ca"), keys, "Acme Corp"))
                .isInstanceOf(CertificateAuthorityException.class)
                .hasMessageContaining("pkcs11 key backend");
    }

    private static void assertOk(Processes.Result result) {
        assertThat(result.ok()).as(result.output() + result.error()).isTrue();
    }

    private Path pem(String name, X509Certificate... certs) throws IOException {
        StringBuilder text = new StringBuilder();
        for (X509Certificate c : certs) {
            text.append(Pem.encode(c));
        }
        return Files.writeString(dir.resolve(name), text);
    }

    private static void pkix(List<X509Certificate> chain, X509Certificate anchor) throws Exception {
        X509CertSelector target = new X509CertSelector();
        target.setCertificate(chain.get(0));
        PKIXBuilderParameters params = new PKIXBuilderParameters(Set.of(new TrustAnchor(anchor, null)), target);
        params.setRevocationEnabled(false);
        params.addCertStore(CertStore.getInstance("Collection", new CollectionCertStoreParameters(chain)));
        CertPathBuilder.getInstance("PKIX").build(params);
    }
}
