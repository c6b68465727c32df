package dev.signet.core.crypto;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.signet.core.ca.Pem;
import dev.signet.core.testing.TestPki;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CertificateSignaturesTest {
    @TempDir
    Path dir;

    @Test
    void acceptsACertificateSignedByTheKeyAgainAndAgain() {
        TestPki pki = new TestPki(dir);
        X509Certificate issuing = pki.ca().issuing();
        for (int i = 0; i < 3; i++) {
            assertThatCode(() ->
                            CertificateSignatures.verify(issuing, pki.root().getPublicKey()))
                    .doesNotThrowAnyException();
        }
    }

    @Test
    void refusesAnotherKeyEvenAfterTheRightOneWasAccepted() throws Exception {
        TestPki pki = new TestPki(dir);
        X509Certificate issuing = pki.ca().issuing();
        CertificateSignatures.verify(issuing, pki.root().getPublicKey());
        for (int i = 0; i < 2; i++) {
            assertThatThrownBy(() -> CertificateSignatures.verify(issuing, issuing.getPublicKey()))
                    .isInstanceOf(GeneralSecurityException.class)
                    .hasMessageContaining("Signature does not match");
        }
    }

    @Test
    void refusesATamperedCertificateEveryTime() throws Exception {
        TestPki pki = new TestPki(dir);
        X509Certificate issuing = pki.ca().issuing();
        CertificateSignatures.verify(issuing, pki.root().getPublicKey());
        byte[] der = issuing.getEncoded();
        der[der.length - 10] ^= 0x01; // inside the signature value
        X509Certificate tampered = Pem.certificate(der);
        for (int i = 0; i < 2; i++) {
            assertThatThrownBy(() ->
                            CertificateSignatures.verify(tampered, pki.root().getPublicKey()))
                    .isInstanceOf(GeneralSecurityException.class)
                    .hasMessageContaining("Signature does not match");
        }
    }
}
