package dev.signet.core.crypto.jca;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.signet.core.crypto.HashAlgorithm;
import dev.signet.core.crypto.KeyAlgorithm;
import dev.signet.core.crypto.SignatureAlgorithm;
import dev.signet.core.crypto.SigningKey;
import dev.signet.core.testing.TestPki;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.InvalidKeyException;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.Security;
import java.security.Signature;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The JCA bridge and digest signing: signatures verify with stock providers; foreign keys are refused. */
class KeyBackendProviderTest {
    private static final byte[] DATA = "data to sign".getBytes(StandardCharsets.UTF_8);

    @TempDir
    static Path dir;

    private static TestPki pki;

    @BeforeAll
    static void setUp() {
        pki = new TestPki(dir);
    }

    private static SigningKey key(KeyAlgorithm algorithm) {
        return pki.signingKey(
                algorithm, Instant.now().minusSeconds(60), Instant.now().plus(Duration.ofDays(1)));
    }

    @ParameterizedTest
    @EnumSource(
            value = KeyAlgorithm.class,
            names = {"ECDSA_P256", "RSA_3072"})
    void signaturesThroughTheProviderVerifyWithStockProviders(KeyAlgorithm algorithm) throws Exception {
        SigningKey key = key(algorithm);
        String name = new SignatureAlgorithm(algorithm, HashAlgorithm.SHA256).jcaName();
        Signature signer = Signature.getInstance(name, KeyBackendProvider.instance());
        signer.initSign(KeyBackendPrivateKey.of(key));
        signer.update(DATA);
        byte[] signature = signer.sign();
        Signature verifier = Signature.getInstance(name);
        verifier.initVerify(key.certificate().getPublicKey());
        verifier.update(DATA);
        assertThat(verifier.verify(signature)).isTrue();
    }

    @ParameterizedTest
    @EnumSource(
            value = KeyAlgorithm.class,
            names = {"ECDSA_P256", "RSA_3072"})
    void digestSignaturesEqualDataSignatures(KeyAlgorithm algorithm) throws Exception {
        SigningKey key = key(algorithm);
        byte[] digest = MessageDigest.getInstance("SHA-256").digest(DATA);
        byte[] signature = key.signDigest(HashAlgorithm.SHA256, digest);
        Signature verifier = Signature.getInstance(new SignatureAlgorithm(algorithm, HashAlgorithm.SHA256).jcaName());
        verifier.initVerify(key.certificate().getPublicKey());
        verifier.update(DATA);
        assertThat(verifier.verify(signature)).isTrue();
    }

    @Test
    void refusesForeignKeysMismatchedAlgorithmsAndVerification() throws Exception {
        Signature signer = Signature.getInstance("SHA256withECDSA", KeyBackendProvider.instance());
        var foreign = KeyPairGenerator.getInstance("EC").generateKeyPair();
        assertThatThrownBy(() -> signer.initSign(foreign.getPrivate()))
                .isInstanceOf(InvalidKeyException.class)
                .hasMessage("this provider signs only with key backend keys");
        assertThatThrownBy(() -> signer.initSign(KeyBackendPrivateKey.of(key(KeyAlgorithm.RSA_3072))))
                .isInstanceOf(InvalidKeyException.class)
                .hasMessage("a RSA_3072 key cannot make SHA256withECDSA signatures");
        assertThatThrownBy(() -> signer.initVerify(foreign.getPublic()))
                .isInstanceOf(InvalidKeyException.class)
                .hasMessage("the key backend provider only signs");
        assertThat(Security.getProvider(KeyBackendProvider.instance().getName()))
                .isNull();
        KeyBackendPrivateKey k = KeyBackendPrivateKey.of(key(KeyAlgorithm.ECDSA_P256));
        assertThat(k.getEncoded()).isNull();
        assertThat(k.toString()).doesNotContain("keyId");
    }
}
