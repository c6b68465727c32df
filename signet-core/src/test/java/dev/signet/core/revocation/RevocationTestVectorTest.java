package dev.signet.core.revocation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.signet.core.ca.Pem;
import dev.signet.core.testing.TestVectors;
import java.nio.file.Files;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The committed vectors ({@code vectors/revocation-list}, {@code vectors/trust-bundle} and the
 * version 1 bundle {@code vectors/trust-bundle-v1}, documented
 * in docs/formats.md) still verify against their root and say what {@code expected.properties}
 * says; if the wire form changes, these fail until the vectors and the documentation change too.
 */
class RevocationTestVectorTest {
    private static final TestVectors LIST = TestVectors.of("revocation-list");
    private static final TestVectors BUNDLE = TestVectors.of("trust-bundle");
    private static final TestVectors BUNDLE_V1 = TestVectors.of("trust-bundle-v1");

    private static List<X509Certificate> root(TestVectors v) throws Exception {
        return Pem.decodeCertificates(Files.readString(v.file("root.pem")));
    }

    @Test
    void theSignedRevocationListVerifiesAgainstItsRoot() throws Exception {
        byte[] signed = Files.readAllBytes(LIST.file("revocation-list.jws"));
        RevocationList list = SignedRevocationList.verify(signed, root(LIST));

        assertThat(list.issuedAt()).isEqualTo(LIST.instant("issuedAt"));
        assertThat(list.nextUpdate()).isEqualTo(LIST.instant("nextUpdate"));
        assertThat(list.signatures()).hasSize(Integer.parseInt(LIST.property("signatures")));
        assertThat(list.signature(LIST.property("firstSignatureId"))).isPresent();
        assertThat(list.profileVersions()).hasSize(Integer.parseInt(LIST.property("profileVersions")));
        Instant effectiveFrom = LIST.instant("firstEffectiveFrom");
        String spared = LIST.property("firstSpared");
        assertThat(list.profileVersion(LIST.property("firstProfileVersionArn"))).hasValueSatisfying(p -> {
            assertThat(p.effectiveFrom()).isEqualTo(effectiveFrom);
            assertThat(String.join(",", p.spared())).isEqualTo(spared);
        });

        byte[] changed = signed.clone();
        changed[signed.length / 2] ^= 1;
        assertThatThrownBy(() -> SignedRevocationList.verify(changed, root(LIST)))
                .isInstanceOf(RevocationDataException.class)
                .hasMessageContaining("the revocation list header.x5c holds a malformed certificate");
    }

    @Test
    void theTrustBundleParsesAndCarriesTheListVector() throws Exception {
        byte[] file = Files.readAllBytes(BUNDLE.file("trust-bundle.jws"));
        TrustBundle bundle = TrustBundle.parse(file);

        assertThat(RevocationSamples.payload(file)).startsWith("{\"version\":" + BUNDLE.property("version") + ",");
        assertThat(bundle.roots()).hasSize(Integer.parseInt(BUNDLE.property("roots")));
        assertThat(bundle.roots().get(0)).isEqualTo(root(BUNDLE).get(0));
        assertThat(bundle.createdAt()).isEqualTo(BUNDLE.instant("createdAt"));
        assertThat(bundle.timestampChain()).hasSize(Integer.parseInt(BUNDLE.property("timestampChain")));
        X509Certificate importedRoot = Pem.decodeCertificates(Files.readString(BUNDLE.file("imported-root.pem")))
                .get(0);
        assertThat(ImportedAnchor.fingerprint(importedRoot)).isEqualTo(BUNDLE.property("importedRootSha256"));
        assertThat(bundle.importedCertificates())
                .containsExactly(new ImportedAnchor(
                        BUNDLE.property("boundCertificate"),
                        Set.of(BUNDLE.property("boundProfileVersionArn")),
                        List.of(importedRoot)));
        assertThat(bundle.revocationList().issuedAt()).isEqualTo(BUNDLE.instant("revocationListIssuedAt"));
        assertThat(bundle.signedRevocationList()).isEqualTo(Files.readAllBytes(LIST.file("revocation-list.jws")));

        byte[] changed = file.clone();
        changed[file.length - 3] ^= 1;
        assertThatThrownBy(() -> TrustBundle.parse(changed))
                .isInstanceOf(RevocationDataException.class)
                .hasMessage("the trust bundle signature does not verify with its signer's key (changed?)");
    }

    @Test
    void theVersion1TrustBundleIsStillReadWithItsBindingsAndNoImportedRoot() throws Exception {
        byte[] file = Files.readAllBytes(BUNDLE_V1.file("trust-bundle.jws"));
        TrustBundle bundle = TrustBundle.parse(file);

        assertThat(RevocationSamples.payload(file)).startsWith("{\"version\":1,");
        assertThat(bundle.roots()).hasSize(Integer.parseInt(BUNDLE_V1.property("roots")));
        assertThat(bundle.roots().get(0)).isEqualTo(root(BUNDLE_V1).get(0));
        assertThat(bundle.createdAt()).isEqualTo(BUNDLE_V1.instant("createdAt"));
        assertThat(bundle.timestampChain()).hasSize(Integer.parseInt(BUNDLE_V1.property("timestampChain")));
        // its only root is the Signet root: the bound certificate has no root imported with it
        assertThat(bundle.importedCertificates())
                .containsExactly(new ImportedAnchor(
                        BUNDLE_V1.property("boundCertificate"),
                        Set.of(BUNDLE_V1.property("boundProfileVersionArn")),
                        List.of()));
        assertThat(bundle.revocationList().issuedAt()).isEqualTo(BUNDLE_V1.instant("revocationListIssuedAt"));

        byte[] changed = file.clone();
        changed[file.length - 3] ^= 1;
        assertThatThrownBy(() -> TrustBundle.parse(changed))
                .isInstanceOf(RevocationDataException.class)
                .hasMessage("the trust bundle signature does not verify with its signer's key (changed?)");
    }
}
