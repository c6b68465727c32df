package dev.signet.core.crypto.software;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.signet.core.crypto.Digests;
import dev.signet.core.crypto.HashAlgorithm;
import dev.signet.core.crypto.KeyAlgorithm;
import dev.signet.core.crypto.KeyBackendException;
import dev.signet.core.crypto.KeyHandle;
import dev.signet.core.crypto.MasterKey;
import dev.signet.core.crypto.SignatureAlgorithm;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@link SoftwareKeyBackend#importKey} and {@link SoftwareKeyBackend#signDigest}. */
class ImportedKeyTest {
    @TempDir
    Path dir;

    private SoftwareKeyBackend backend() {
        return new SoftwareKeyBackend(MasterKey.loadOrCreate(dir.resolve("master.key")), dir.resolve("keys"));
    }

    private static KeyPair pair(String type) throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance(type.startsWith("EC") ? "EC" : "RSA");
        switch (type) {
            case "EC256" -> generator.initialize(new ECGenParameterSpec("secp256r1"));
            case "EC384" -> generator.initialize(new ECGenParameterSpec("secp384r1"));
            case "EC521" -> generator.initialize(new ECGenParameterSpec("secp521r1"));
            default -> generator.initialize(Integer.parseInt(type.substring(3)));
        }
        return generator.generateKeyPair();
    }

    @ParameterizedTest
    @CsvSource({
        "EC256, ECDSA_P256, SHA256",
        "EC384, ECDSA_P384, SHA384",
        "RSA2048, RSA_2048, SHA256",
        "RSA2048, RSA_2048, SHA1",
        "RSA3072, RSA_3072, SHA256"
    })
    void importedKeysSignAndSignDigestMatchesSigningTheData(String type, KeyAlgorithm expected, HashAlgorithm hash)
            throws Exception {
        KeyPair pair = pair(type);
        SoftwareKeyBackend keys = backend();
        KeyHandle handle = keys.importKey(pair.getPrivate(), pair.getPublic());
        assertThat(handle.algorithm()).isEqualTo(expected);
        byte[] data = "firmware image".getBytes(StandardCharsets.US_ASCII);
        SignatureAlgorithm algorithm = new SignatureAlgorithm(expected, hash);
        for (byte[] signature : new byte[][] {
            keys.sign(handle, algorithm, data), keys.signDigest(handle, algorithm, Digests.digest(hash, data))
        }) {
            Signature verifier = Signature.getInstance(algorithm.jcaName());
            verifier.initVerify(pair.getPublic());
            verifier.update(data);
            assertThat(verifier.verify(signature)).isTrue();
        }
        // a new backend over the same directory reads the sealed imported key back
        assertThat(backend().publicKey(handle)).isEqualTo(pair.getPublic());
    }

    @Test
    void mismatchedUnsupportedAndEd25519KeysAreRefused() throws Exception {
        SoftwareKeyBackend keys = backend();
        assertThatThrownBy(() ->
                        keys.importKey(pair("EC256").getPrivate(), pair("EC256").getPublic()))
                .isInstanceOf(KeyBackendException.class)
                .hasMessageContaining("does not belong");
        KeyPair p521 = pair("EC521");
        assertThatThrownBy(() -> keys.importKey(p521.getPrivate(), p521.getPublic()))
                .isInstanceOf(KeyBackendException.class)
                .hasMessageContaining("P-256 or P-384");
        KeyPair rsa1024 = pair("RSA1024");
        assertThatThrownBy(() -> keys.importKey(rsa1024.getPrivate(), rsa1024.getPublic()))
                .isInstanceOf(KeyBackendException.class)
                .hasMessageContaining("2048 or 3072");
        KeyHandle ed = keys.generate(KeyAlgorithm.ED25519);
        assertThatThrownBy(() -> keys.signDigest(
                        ed, new SignatureAlgorithm(KeyAlgorithm.ED25519, HashAlgorithm.SHA256), new byte[32]))
                .isInstanceOf(KeyBackendException.class)
                .hasMessage("Ed25519 keys cannot sign precomputed digests");
    }
}
