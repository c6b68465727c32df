package dev.signet.core.ca;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.signet.core.crypto.KeyAlgorithm;
import dev.signet.core.crypto.KeyHandle;
import dev.signet.core.testing.Openssl;
import dev.signet.core.testing.Processes;
import dev.signet.core.testing.TestPki;
import java.io.ByteArrayInputStream;
import java.math.BigInteger;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateFactory;
import java.security.cert.X509CRL;
import java.security.cert.X509CRLEntry;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import org.bouncycastle.asn1.ASN1GeneralizedTime;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.x509.CRLDistPoint;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The issuing CA's CRL and the distribution point a code-signing certificate may name (RFC 5280
 * 4.2.1.13, 5), checked with the JDK and with {@code openssl crl} / {@code openssl verify
 * -crl_check}.
 */
class CertificateRevocationListTest {
    static final URI CRL_URL = URI.create("http://signet.example:8080/v1/ca/issuing.crl");
    static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.SECONDS);

    @TempDir
    static Path dir;

    static TestPki pki;
    static X509Certificate withPoint;
    static X509Certificate without;

    @BeforeAll
    static void issue() {
        pki = new TestPki(dir.resolve("pki"));
        withPoint = leaf(Optional.of(CRL_URL));
        without = leaf(Optional.empty());
    }

    static X509Certificate leaf(Optional<URI> point) {
        KeyHandle key = pki.keys().generate(KeyAlgorithm.ECDSA_P384);
        return pki.ca()
                .issueCodeSigning(
                        pki.keys().publicKey(key),
                        "crl",
                        TestPki.ARN,
                        point,
                        NOW.minus(Duration.ofHours(1)),
                        NOW.plus(Duration.ofDays(30)));
    }

    static X509CRL parse(byte[] der) throws Exception {
        return (X509CRL) CertificateFactory.getInstance("X.509").generateCRL(new ByteArrayInputStream(der));
    }

    @Test
    void aCertificateNamesTheDistributionPointOnlyWhenAsked() throws Exception {
        byte[] ext = withPoint.getExtensionValue("2.5.29.31");
        assertThat(withPoint.getNonCriticalExtensionOIDs()).contains("2.5.29.31");
        CRLDistPoint points =
                CRLDistPoint.getInstance(ASN1OctetString.getInstance(ext).getOctets());
        assertThat(points.getDistributionPoints()).hasSize(1);
        GeneralName name = GeneralNames.getInstance(
                        points.getDistributionPoints()[0].getDistributionPoint().getName())
                .getNames()[0];
        assertThat(name.getTagNo()).isEqualTo(GeneralName.uniformResourceIdentifier);
        assertThat(name.getName().toString()).isEqualTo(CRL_URL.toString());
        assertThat(without.getExtensionValue("2.5.29.31")).isNull();
        assertThat(pki.ca().issued(withPoint)).isTrue();
        assertThat(pki.ca().issued(pki.ca().issuing())).isFalse();
    }

    @Test
    void theCrlIsSignedByTheIssuingCaAndListsEachEntryWithItsInvalidityDate() throws Exception {
        Instant effective = NOW.minus(Duration.ofDays(2));
        byte[] der = pki.ca()
                .crl(
                        List.of(new RevokedCertificate(withPoint.getSerialNumber(), NOW, effective)),
                        NOW,
                        NOW.plus(Duration.ofDays(1)),
                        BigInteger.valueOf(42));
        X509CRL crl = parse(der);

        crl.verify(pki.ca().issuing().getPublicKey());
        assertThat(crl.getIssuerX500Principal()).isEqualTo(pki.ca().issuing().getSubjectX500Principal());
        assertThat(crl.getThisUpdate().toInstant()).isEqualTo(NOW);
        assertThat(crl.getNextUpdate().toInstant()).isEqualTo(NOW.plus(Duration.ofDays(1)));
        assertThat(crl.getCriticalExtensionOIDs()).isNullOrEmpty();
        assertThat(ASN1Integer.getInstance(ASN1OctetString.getInstance(crl.getExtensionValue("2.5.29.20"))
                                .getOctets())
                        .getValue())
                .isEqualTo(BigInteger.valueOf(42));
        assertThat(crl.isRevoked(withPoint)).isTrue();
        assertThat(crl.isRevoked(without)).isFalse();
        X509CRLEntry entry = crl.getRevokedCertificate(withPoint);
        assertThat(entry.getRevocationDate().toInstant()).isEqualTo(NOW);
        assertThat(entry.getCriticalExtensionOIDs()).isNullOrEmpty();
        assertThat(ASN1GeneralizedTime.getInstance(ASN1OctetString.getInstance(entry.getExtensionValue("2.5.29.24"))
                                .getOctets())
                        .getDate()
                        .toInstant())
                .isEqualTo(effective);
        assertThat(entry.getExtensionValue("2.5.29.21")).as("no reasonCode").isNull();
    }

    @Test
    void opensslVerifiesTheCrlAndFindsTheRevokedCertificate() throws Exception {
        Path crl = dir.resolve("issuing.crl");
        Files.write(
                crl,
                pki.ca()
                        .crl(
                                List.of(new RevokedCertificate(withPoint.getSerialNumber(), NOW, NOW)),
                                NOW,
                                NOW.plus(Duration.ofDays(1)),
                                BigInteger.ONE));
        Path chain = dir.resolve("chain.pem");
        Files.writeString(chain, Pem.encode(pki.ca().issuing()) + Pem.encode(pki.root()));
        Path root = dir.resolve("root.pem");
        Files.writeString(root, Pem.encode(pki.root()));
        Path crlPem = dir.resolve("issuing-crl.pem");
        Processes.Result check = Openssl.run(
                "crl",
                "-inform",
                "DER",
                "-in",
                crl.toString(),
                "-CAfile",
                chain.toString(),
                "-noout",
                "-out",
                crlPem.toString());
        assertThat(check.output()).contains("verify OK");
        assertThat(Openssl.run("crl", "-inform", "DER", "-in", crl.toString(), "-out", crlPem.toString())
                        .exitCode())
                .isZero();

        for (X509Certificate leaf : List.of(withPoint, without)) {
            Path pem = dir.resolve("leaf-" + leaf.getSerialNumber() + ".pem");
            Files.writeString(pem, Pem.encode(leaf));
            Processes.Result verify = Openssl.run(
                    "verify",
                    "-crl_check",
                    "-purpose",
                    "any",
                    "-CAfile",
                    root.toString(),
                    "-untrusted",
                    chain.toString(),
                    "-CRLfile",
                    crlPem.toString(),
                    pem.toString());
            if (leaf == withPoint) {
                assertThat(verify.exitCode()).as(verify.output()).isNotZero();
                assertThat(verify.output()).contains("certificate revoked");
            } else {
                assertThat(verify.exitCode()).as(verify.output()).isZero();
            }
        }
    }

    @Test
    void nonsenseIsRefused() {
        assertThatThrownBy(() -> pki.ca().crl(List.of(), NOW, NOW, BigInteger.ONE))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("nextUpdate must be after thisUpdate");
        assertThatThrownBy(() -> pki.ca().crl(List.of(), NOW, NOW.plusSeconds(60), BigInteger.valueOf(-1)))
                .isInstanceOf(IllegalArgumentException.class);
        for (String url : List.of("https://signet.example/crl", "ldap://x/crl", "/v1/ca/issuing.crl")) {
            assertThatThrownBy(() -> leaf(Optional.of(URI.create(url))))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("must be an http:// URL");
        }
        assertThatThrownBy(() -> new RevokedCertificate(BigInteger.ZERO, NOW, NOW))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
