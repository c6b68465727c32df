package dev.signet.core.crypto.software;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.signet.core.crypto.HashAlgorithm;
import dev.signet.core.crypto.KeyAlgorithm;
import dev.signet.core.crypto.KeyBackendException;
import dev.signet.core.crypto.KeyHandle;
import dev.signet.core.crypto.MasterKey;
import dev.signet.core.crypto.SignatureAlgorithm;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.Signature;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class SoftwareKeyBackendTest {
    private static final byte[] DATA = "the quick brown fox".getBytes(UTF_8);

    @TempDir
    Path dir;

    private MasterKey master;
    private SoftwareKeyBackend backend;

    @BeforeEach
    void setUp() {
        master = MasterKey.loadOrCreate(dir.resolve("master.key"));
        backend = new SoftwareKeyBackend(master, dir.resolve("keys"));
    }

    static String jdkAlgorithm(KeyAlgorithm algorithm) {
        return new SignatureAlgorithm(algorithm, HashAlgorithm.SHA256).jcaName();
    }

    @ParameterizedTest
    @EnumSource(KeyAlgorithm.class)
    void signaturesVerifyWithTheJdk(KeyAlgorithm algorithm) throws Exception {
        KeyHandle key = backend.generate(algorithm);
        assertThat(key.backend()).isEqualTo("software");
        assertThat(key.keyId()).matches("[A-Z2-7]{26}");
        byte[] signature = backend.sign(key, new SignatureAlgorithm(algorithm, HashAlgorithm.SHA256), DATA);
        Signature verifier = Signature.getInstance(jdkAlgorithm(algorithm));
        verifier.initVerify(backend.publicKey(key));
        verifier.update(DATA);
        assertThat(verifier.verify(signature)).isTrue();
    }

    @ParameterizedTest
    @EnumSource(KeyAlgorithm.class)
    void aReopenedBackendHasTheSameKey(KeyAlgorithm algorithm) throws Exception {
        KeyHandle key = backend.generate(algorithm);
        SoftwareKeyBackend reopened =
                new SoftwareKeyBackend(MasterKey.loadOrCreate(dir.resolve("master.key")), dir.resolve("keys"));
        assertThat(reopened.publicKey(key)).isEqualTo(backend.publicKey(key));
        byte[] signature = reopened.sign(key, new SignatureAlgorithm(algorithm, HashAlgorithm.SHA256), DATA);
        Signature verifier = Signature.getInstance(jdkAlgorithm(algorithm));
        verifier.initVerify(backend.publicKey(key));
        verifier.update(DATA);
        assertThat(verifier.verify(signature)).isTrue();
    }

    @ParameterizedTest
    @EnumSource(KeyAlgorithm.class)
    void theKeyFileIsOwnerOnlyAndHoldsNoPrivateKeyInClear(KeyAlgorithm algorithm) throws Exception {
        KeyHandle key = backend.generate(algorithm);
        Path file = dir.resolve("keys").resolve(key.keyId() + ".key");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
                .isEqualTo("rw-------");
        byte[] secret = secretBytes(algorithm, privateKeyBytes(key));
        String text = Files.readString(file, UTF_8);
        // search for a 16-byte window of the secret, as hex and as base64 at every alignment
        byte[] window = java.util.Arrays.copyOfRange(secret, secret.length - 16, secret.length);
        assertThat(text.toLowerCase()).doesNotContain(HexFormat.of().formatHex(window));
        assertThat(new String(Files.readAllBytes(file), java.nio.charset.StandardCharsets.ISO_8859_1))
                .doesNotContain(new String(window, java.nio.charset.StandardCharsets.ISO_8859_1));
        for (int shift = 0; shift < 3; shift++) {
            byte[] aligned = java.util.Arrays.copyOfRange(window, shift, window.length);
            assertThat(text)
                    .doesNotContain(Base64.getEncoder().encodeToString(aligned).substring(0, 12));
        }
    }

    private static byte[] secretBytes(KeyAlgorithm algorithm, byte[] pkcs8) throws Exception {
        var spec = new java.security.spec.PKCS8EncodedKeySpec(pkcs8);
        return switch (algorithm) {
            case ECDSA_P256, ECDSA_P384 ->
                ((java.security.interfaces.ECPrivateKey)
                                java.security.KeyFactory.getInstance("EC").generatePrivate(spec))
                        .getS()
                        .toByteArray();
            case RSA_3072, RSA_2048, RSA_4096 ->
                ((java.security.interfaces.RSAPrivateKey)
                                java.security.KeyFactory.getInstance("RSA").generatePrivate(spec))
                        .getPrivateExponent()
                        .toByteArray();
            case ED25519 ->
                ((java.security.interfaces.EdECPrivateKey)
                                java.security.KeyFactory.getInstance("Ed25519").generatePrivate(spec))
                        .getBytes()
                        .orElseThrow();
        };
    }

    /** Reads the private key by unsealing the file, as only a test may. */
    private byte[] privateKeyBytes(KeyHandle key) throws Exception {
        KeyFile file = KeyFile.decode(
                key.keyId(), Files.readAllBytes(dir.resolve("keys").resolve(key.keyId() + ".key")));
        return master.unseal(file.sealedPrivateKey(), file.aad());
    }

    @Test
    void aTamperedKeyFileIsRejectedWithoutLeakingMaterial() throws Exception {
        KeyHandle key = backend.generate(KeyAlgorithm.ECDSA_P256);
        Path file = dir.resolve("keys").resolve(key.keyId() + ".key");
        String text = Files.readString(file);
        int at = text.indexOf("sealedPrivateKey=") + 30;
        char c = text.charAt(at);
        Files.writeString(file, text.substring(0, at) + (c == 'A' ? 'B' : 'A') + text.substring(at + 1));
        SoftwareKeyBackend fresh = new SoftwareKeyBackend(master, dir.resolve("keys"));
        assertThatThrownBy(() ->
                        fresh.sign(key, new SignatureAlgorithm(KeyAlgorithm.ECDSA_P256, HashAlgorithm.SHA256), DATA))
                .isInstanceOf(KeyBackendException.class)
                .hasMessageContaining("does not open")
                .hasNoCause();
    }

    @Test
    void aSwappedPublicKeyIsRejected() throws Exception {
        KeyHandle a = backend.generate(KeyAlgorithm.ECDSA_P256);
        KeyHandle b = backend.generate(KeyAlgorithm.ECDSA_P256);
        Path fileA = dir.resolve("keys").resolve(a.keyId() + ".key");
        String pubB = Files.readString(dir.resolve("keys").resolve(b.keyId() + ".key"))
                .lines()
                .filter(l -> l.startsWith("publicKey="))
                .findFirst()
                .orElseThrow();
        String textA = Files.readString(fileA).replaceAll("(?m)^publicKey=.*$", pubB);
        Files.writeString(fileA, textA);
        SoftwareKeyBackend fresh = new SoftwareKeyBackend(master, dir.resolve("keys"));
        assertThatThrownBy(() -> fresh.publicKey(a))
                .isInstanceOf(KeyBackendException.class)
                .hasMessageContaining("does not open: the key file was altered or sealed under another master key");
    }

    @Test
    void aKeySealedUnderAnotherMasterKeyIsRejected() {
        KeyHandle key = backend.generate(KeyAlgorithm.ED25519);
        SoftwareKeyBackend other =
                new SoftwareKeyBackend(MasterKey.loadOrCreate(dir.resolve("other.key")), dir.resolve("keys"));
        assertThatThrownBy(() -> other.publicKey(key))
                .isInstanceOf(KeyBackendException.class)
                .hasMessageContaining("does not open: the key file was altered or sealed under another master key");
    }

    @Test
    void unknownForeignAndMismatchedKeysAreRejected() {
        KeyHandle key = backend.generate(KeyAlgorithm.ECDSA_P256);
        assertThatThrownBy(() -> backend.publicKey(new KeyHandle("software", "NOSUCHKEY", KeyAlgorithm.ECDSA_P256)))
                .isInstanceOf(KeyBackendException.class)
                .hasMessageContaining("unknown key");
        assertThatThrownBy(() -> backend.publicKey(new KeyHandle("pkcs11", key.keyId(), KeyAlgorithm.ECDSA_P256)))
                .isInstanceOf(KeyBackendException.class)
                .hasMessageContaining("belongs to backend pkcs11");
        assertThatThrownBy(() -> backend.publicKey(new KeyHandle("software", key.keyId(), KeyAlgorithm.RSA_3072)))
                .isInstanceOf(KeyBackendException.class)
                .hasMessageContaining("is ECDSA_P256, not RSA_3072");
        assertThatThrownBy(() ->
                        backend.sign(key, new SignatureAlgorithm(KeyAlgorithm.RSA_3072, HashAlgorithm.SHA256), DATA))
                .isInstanceOf(KeyBackendException.class)
                .hasMessageContaining("is ECDSA_P256, cannot sign with SHA256withRSA");
    }

    @Test
    void malformedKeyFilesAreRejected() throws Exception {
        KeyHandle key = backend.generate(KeyAlgorithm.ECDSA_P256);
        Path file = dir.resolve("keys").resolve(key.keyId() + ".key");
        String wrongFormat = "key file for " + key.keyId() + " has the wrong format or key id";
        String malformed = "key file for " + key.keyId() + " is malformed";
        Map<String, String> reasons = new LinkedHashMap<>();
        reasons.put("", wrongFormat);
        reasons.put("garbage", malformed);
        reasons.put("format=x\n", wrongFormat);
        reasons.put("format=signet-software-key-1\nkeyId=" + key.keyId() + "\n", malformed);
        for (Map.Entry<String, String> content : reasons.entrySet()) {
            Files.writeString(file, content.getKey());
            SoftwareKeyBackend fresh = new SoftwareKeyBackend(master, dir.resolve("keys"));
            assertThatThrownBy(() -> fresh.publicKey(key))
                    .isInstanceOf(KeyBackendException.class)
                    .hasMessage(content.getValue());
        }
    }
}
