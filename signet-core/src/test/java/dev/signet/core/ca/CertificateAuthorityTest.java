package dev.signet.core.ca;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.signet.core.crypto.KeyAlgorithm;
import dev.signet.core.crypto.KeyHandle;
import dev.signet.core.crypto.MasterKey;
import dev.signet.core.crypto.software.SoftwareKeyBackend;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertPathValidator;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class CertificateAuthorityTest {
    static final String ARN = "arn:aws:signer:us-east-1:000000000000:/signing-profiles/demo/AbCdEf1234";

    @TempDir
    Path dir;

    private SoftwareKeyBackend keys;
    private CertificateAuthority ca;

    @BeforeEach
    void setUp() {
        keys = new SoftwareKeyBackend(MasterKey.loadOrCreate(dir.resolve("master.key")), dir.resolve("keys"));
        ca = CertificateAuthority.openOrCreate(dir.resolve("ca"), keys, "Acme Corp");
    }

    @Test
    void rootAndIssuingCaHaveTheRightShape() throws Exception {
        X509Certificate root = ca.root();
        X509Certificate issuing = ca.issuingChain().get(0);
        assertThat(ca.issuingChain()).containsExactly(issuing, root);
        assertThat(root.getBasicConstraints()).isEqualTo(Integer.MAX_VALUE);
        assertThat(issuing.getBasicConstraints()).isZero();
        assertThat(root.getKeyUsage()[5]).isTrue();
        assertThat(root.getKeyUsage()[6]).isTrue();
        assertThat(root.getSigAlgName()).isEqualTo("SHA384withECDSA");
        assertThat(root.getSubjectX500Principal().getName()).contains("O=Acme Corp");
        assertThat(Duration.between(Instant.now(), root.getNotAfter().toInstant())
                        .toDays())
                .isGreaterThan(365L * 29);
        assertThat(Duration.between(Instant.now(), issuing.getNotAfter().toInstant())
                        .toDays())
                .isGreaterThan(365L * 19);
        root.verify(root.getPublicKey());
        issuing.verify(root.getPublicKey());
    }

    @ParameterizedTest
    @EnumSource(KeyAlgorithm.class)
    void codeSigningCertificatesValidateWithPkix(KeyAlgorithm algorithm) throws Exception {
        KeyHandle key = keys.generate(algorithm);
        Instant now = Instant.now();
        X509Certificate leaf =
                ca.issueCodeSigning(keys.publicKey(key), "demo", ARN, now, now.plus(Duration.ofDays(30)));
        assertThat(leaf.getExtendedKeyUsage()).containsExactly("1.3.6.1.5.5.7.3.3");
        assertThat(CertificateAuthority.isCodeSigning(leaf)).isTrue();
        assertThat(leaf.getKeyUsage()[0]).isTrue();
        assertThat(leaf.getCriticalExtensionOIDs()).contains("2.5.29.15");
        assertThat(leaf.getBasicConstraints()).isEqualTo(-1);
        assertThat(CertificateAuthority.profileVersionArn(leaf)).contains(ARN);
        assertThat(leaf.getSerialNumber().signum()).isPositive();
        assertThat(leaf.getExtensionValue("2.5.29.14")).isNotNull();
        assertThat(leaf.getExtensionValue("2.5.29.35")).isNotNull();
        assertThat(leaf.getPublicKey()).isEqualTo(keys.publicKey(key));

        CertificateFactory cf = CertificateFactory.getInstance("X.509");
        PKIXParameters params = new PKIXParameters(Set.of(new TrustAnchor(ca.root(), null)));
        params.setRevocationEnabled(false);
        params.setDate(Date.from(now.plusSeconds(60)));
        CertPathValidator.getInstance("PKIX")
                .validate(cf.generateCertPath(List.of(leaf, ca.issuingChain().get(0))), params);
    }

    @Test
    void chainOfNamesLeafIssuingAndRootAndRefusesForeignCertificates() {
        KeyHandle key = keys.generate(KeyAlgorithm.ECDSA_P256);
        X509Certificate leaf = ca.issueCodeSigning(
                keys.publicKey(key), "c", ARN, Instant.now(), Instant.now().plusSeconds(60));
        assertThat(ca.chainOf(leaf)).containsExactly(leaf, ca.issuing(), ca.root());
        assertThatThrownBy(() -> ca.chainOf(ca.root()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("the certificate was not issued by this CA's issuing CA");
    }

    @Test
    void serialsAreRandom() {
        KeyHandle key = keys.generate(KeyAlgorithm.ECDSA_P256);
        Instant now = Instant.now();
        X509Certificate a = ca.issueCodeSigning(keys.publicKey(key), "a", ARN, now, now.plusSeconds(3600));
        X509Certificate b = ca.issueCodeSigning(keys.publicKey(key), "a", ARN, now, now.plusSeconds(3600));
        assertThat(a.getSerialNumber()).isNotEqualTo(b.getSerialNumber());
    }

    @Test
    void refusesValidityBeyondTheIssuingCaOrEmpty() {
        KeyHandle key = keys.generate(KeyAlgorithm.ECDSA_P256);
        Instant now = Instant.now();
        Instant caEnd = ca.issuingChain().get(0).getNotAfter().toInstant();
        assertThatThrownBy(() -> ca.issueCodeSigning(keys.publicKey(key), "x", ARN, now, caEnd.plusSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("outlive");
        assertThatThrownBy(() -> ca.issueCodeSigning(keys.publicKey(key), "x", ARN, now, now))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("notAfter must be after notBefore");
    }

    @Test
    void reopeningGivesTheSameCaAndKeys() throws Exception {
        SoftwareKeyBackend reopenedKeys =
                new SoftwareKeyBackend(MasterKey.loadOrCreate(dir.resolve("master.key")), dir.resolve("keys"));
        CertificateAuthority reopened = CertificateAuthority.openOrCreate(dir.resolve("ca"), reopenedKeys, "Other Org");
        assertThat(reopened.root()).isEqualTo(ca.root());
        assertThat(reopened.issuingChain()).isEqualTo(ca.issuingChain());
        KeyHandle key = reopenedKeys.generate(KeyAlgorithm.ECDSA_P256);
        X509Certificate leaf = reopened.issueCodeSigning(
                reopenedKeys.publicKey(key),
                "demo",
                ARN,
                Instant.now(),
                Instant.now().plusSeconds(60));
        leaf.verify(ca.issuingChain().get(0).getPublicKey());
        assertThat(leaf.getSubjectX500Principal().getName()).contains("O=Acme Corp");
        assertThat(Files.readString(dir.resolve("ca/root.pem"))).startsWith("-----BEGIN CERTIFICATE-----");
    }

    @Test
    void refusesADirectoryWhoseCertificatesDoNotMatchTheKeys() throws Exception {
        Path other = dir.resolve("other-ca");
        CertificateAuthority.openOrCreate(other, keys, "Other");
        Files.copy(
                dir.resolve("ca/root.pem"),
                other.resolve("root.pem"),
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        assertThatThrownBy(() -> CertificateAuthority.openOrCreate(other, keys, "Other"))
                .isInstanceOf(CertificateAuthorityException.class)
                .hasMessageContaining("do not match");
    }

    @Test
    void pemRoundTripsAndRejectsGarbage() throws Exception {
        String pem = Pem.encode(ca.issuingChain());
        assertThat(Pem.decodeCertificates(pem)).isEqualTo(ca.issuingChain());
        assertThatThrownBy(() -> Pem.decodeCertificates("nothing here"))
                .isInstanceOf(java.security.cert.CertificateException.class)
                .hasMessage("no PEM CERTIFICATE block found");
        assertThatThrownBy(() -> Pem.decodeCertificates("-----BEGIN CERTIFICATE-----\n!!!\n-----END CERTIFICATE-----"))
                .isInstanceOf(java.security.cert.CertificateException.class)
                .hasMessage("PEM body is not valid base64");
        assertThatThrownBy(() -> Pem.decodeCertificates("-----BEGIN CERTIFICATE-----\nAAAA\n"))
                .isInstanceOf(java.security.cert.CertificateException.class)
                .hasMessage("PEM block CERTIFICATE has no END line");
        assertThatThrownBy(() -> Pem.decodeCertificates("-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----"))
                .isInstanceOf(java.security.cert.CertificateException.class)
                .hasMessageContaining("Could not parse certificate");
    }
}
