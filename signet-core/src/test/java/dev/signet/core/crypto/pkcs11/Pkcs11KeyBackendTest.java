package dev.signet.core.crypto.pkcs11;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.signet.core.crypto.CryptoProviders;
import dev.signet.core.crypto.HashAlgorithm;
import dev.signet.core.crypto.KeyAlgorithm;
import dev.signet.core.crypto.KeyBackendException;
import dev.signet.core.crypto.KeyBackendUnavailableException;
import dev.signet.core.crypto.KeyHandle;
import dev.signet.core.crypto.SignatureAlgorithm;
import dev.signet.core.testing.SoftHsm;
import dev.signet.core.testing.Tools;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.Signature;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class Pkcs11KeyBackendTest {
    private static final byte[] DATA = "the quick brown fox".getBytes(UTF_8);

    @TempDir
    Path dir;

    private SoftHsm hsm;
    private Pkcs11KeyBackend backend;

    @BeforeEach
    void setUp() {
        hsm = SoftHsm.create(dir, "signet-test");
        backend = new Pkcs11KeyBackend(hsm.settings(4), SoftHsm.PIN.toCharArray());
    }

    @ParameterizedTest
    @EnumSource(
            value = KeyAlgorithm.class,
            names = {"ECDSA_P256", "ECDSA_P384", "RSA_2048", "RSA_3072", "RSA_4096"})
    void generatesSignsAndVerifies(KeyAlgorithm algorithm) throws Exception {
        KeyHandle key = backend.generate(algorithm);
        assertThat(key.backend()).isEqualTo("pkcs11");
        assertThat(key.uri()).matches("pkcs11:token=signet-test;object=([A-Z2-7]{26});id=\\1");
        for (HashAlgorithm hash : List.of(HashAlgorithm.SHA256, HashAlgorithm.SHA384)) {
            SignatureAlgorithm signatureAlgorithm = new SignatureAlgorithm(algorithm, hash);
            byte[] signature = backend.sign(key, signatureAlgorithm, DATA);
            assertThat(verifies(key, signatureAlgorithm, signature)).isTrue();
            byte[] digest = CryptoProviders.messageDigest(hash).digest(DATA);
            byte[] digestSignature = backend.signDigest(key, signatureAlgorithm, digest);
            assertThat(verifies(key, signatureAlgorithm, digestSignature)).isTrue();
        }
    }

    @Test
    void keysSurviveANewBackendOverTheSameToken() throws Exception {
        KeyHandle key = backend.generate(KeyAlgorithm.ECDSA_P256);
        Pkcs11KeyBackend again = new Pkcs11KeyBackend(hsm.settings(2), SoftHsm.PIN.toCharArray());
        SignatureAlgorithm algorithm = new SignatureAlgorithm(KeyAlgorithm.ECDSA_P256, HashAlgorithm.SHA256);
        assertThat(verifies(key, algorithm, again.sign(key, algorithm, DATA))).isTrue();
        assertThat(again.publicKey(key)).isEqualTo(backend.publicKey(key));
    }

    @Test
    void privateKeysAreSensitiveAndNotExtractable() throws Exception {
        KeyHandle key = backend.generate(KeyAlgorithm.ECDSA_P256);
        String alias = Pkcs11Uri.parsePath(key.keyId()).object();
        // through the JDK: the key object carries no encoding
        java.security.KeyStore store = java.security.KeyStore.getInstance(
                "PKCS11",
                java.security.Security.getProvider("SunPKCS11")
                        .configure("--" + hsm.settings(1).providerConfig(hsm.slot())));
        store.load(null, SoftHsm.PIN.toCharArray());
        PrivateKey privateKey = (PrivateKey) store.getKey(alias, null);
        assertThat(privateKey).isNotNull();
        assertThat(privateKey.getEncoded()).isNull();
        // through the token: its attributes say so, and reading the value is refused
        // (SunPKCS11's key store labels the certificate with the alias; the private key has the id)
        String id = HexFormat.of().formatHex(alias.getBytes(UTF_8));
        String attributes = pkcs11Tool("--list-objects", "--type", "privkey", "--id", id);
        assertThat(attributes)
                .contains("ID:         " + id)
                .contains("Access:     sensitive, always sensitive, never extractable, local");
        // and the token refuses to give the private value (CKA_VALUE) to anyone asking for it
        java.security.KeyFactory factory = java.security.KeyFactory.getInstance("EC", store.getProvider());
        assertThatThrownBy(() -> factory.getKeySpec(privateKey, java.security.spec.ECPrivateKeySpec.class))
                .hasStackTraceContaining("CKR_ATTRIBUTE_SENSITIVE");
    }

    /**
     * An existing key pair imported into the token: created there private, sensitive and
     * non-extractable (the token refuses its value), it signs there, survives a new backend, and a
     * private key that is not the public key's other half is refused.
     */
    @ParameterizedTest
    @EnumSource(
            value = KeyAlgorithm.class,
            names = {"ECDSA_P256", "ECDSA_P384", "RSA_2048", "RSA_3072"})
    void importedKeysAreSensitiveNonExtractableAndSign(KeyAlgorithm algorithm) throws Exception {
        java.security.KeyPair pair = keyPair(algorithm);
        KeyHandle key = backend.importKey(pair.getPrivate(), pair.getPublic());
        assertThat(key.algorithm()).isEqualTo(algorithm);
        assertThat(key.uri()).matches("pkcs11:token=signet-test;object=([A-Z2-7]{26});id=\\1");
        assertThat(backend.publicKey(key)).isEqualTo(pair.getPublic());
        SignatureAlgorithm signatureAlgorithm = new SignatureAlgorithm(algorithm, HashAlgorithm.SHA256);
        assertThat(verifies(key, signatureAlgorithm, backend.sign(key, signatureAlgorithm, DATA)))
                .isTrue();
        Pkcs11KeyBackend again = new Pkcs11KeyBackend(hsm.settings(1), SoftHsm.PIN.toCharArray());
        assertThat(verifies(key, signatureAlgorithm, again.sign(key, signatureAlgorithm, DATA)))
                .isTrue();

        String alias = Pkcs11Uri.parsePath(key.keyId()).object();
        String id = HexFormat.of().formatHex(alias.getBytes(UTF_8));
        String listed = pkcs11Tool("--list-objects", "--type", "privkey", "--id", id);
        assertThat(listed).contains("ID:         " + id);
        String access = listed.lines()
                .filter(l -> l.trim().startsWith("Access:"))
                .findFirst()
                .orElseThrow();
        // sensitive; "extractable" appears only as "never extractable"
        assertThat(access).contains("sensitive");
        assertThat(access.replace("never extractable", "")).doesNotContain("extractable");
        java.security.KeyStore store = java.security.KeyStore.getInstance(
                "PKCS11",
                java.security.Security.getProvider("SunPKCS11")
                        .configure("--" + hsm.settings(1).providerConfig(hsm.slot())));
        store.load(null, SoftHsm.PIN.toCharArray());
        PrivateKey onToken = (PrivateKey) store.getKey(alias, null);
        assertThat(onToken.getEncoded()).isNull();
        java.security.KeyFactory factory = java.security.KeyFactory.getInstance(
                algorithm.name().startsWith("RSA") ? "RSA" : "EC", store.getProvider());
        Class<? extends java.security.spec.KeySpec> spec = algorithm.name().startsWith("RSA")
                ? java.security.spec.RSAPrivateKeySpec.class
                : java.security.spec.ECPrivateKeySpec.class;
        // the token refuses the value (EC), or SunPKCS11 does, having read CKA_SENSITIVE (RSA)
        Throwable refused = org.assertj.core.api.Assertions.catchThrowable(() -> factory.getKeySpec(onToken, spec));
        assertThat(refused).isNotNull();
        java.io.StringWriter trace = new java.io.StringWriter();
        refused.printStackTrace(new java.io.PrintWriter(trace));
        assertThat(trace.toString()).containsAnyOf("CKR_ATTRIBUTE_SENSITIVE", "Key is sensitive or not extractable");

        java.security.KeyPair other = keyPair(algorithm);
        assertThatThrownBy(() -> backend.importKey(other.getPrivate(), pair.getPublic()))
                .isInstanceOf(KeyBackendException.class)
                .hasMessageContaining("does not belong to the certificate's public key");
    }

    private static java.security.KeyPair keyPair(KeyAlgorithm algorithm) throws Exception {
        java.security.KeyPairGenerator generator;
        switch (algorithm) {
            case ECDSA_P256, ECDSA_P384 -> {
                generator = java.security.KeyPairGenerator.getInstance("EC");
                generator.initialize(new java.security.spec.ECGenParameterSpec(
                        algorithm == KeyAlgorithm.ECDSA_P256 ? "secp256r1" : "secp384r1"));
            }
            default -> {
                generator = java.security.KeyPairGenerator.getInstance("RSA");
                generator.initialize(algorithm == KeyAlgorithm.RSA_2048 ? 2048 : 3072);
            }
        }
        return generator.generateKeyPair();
    }

    @Test
    void wrongPinIsRefusedWithAClearMessage() {
        // a fresh token: the PKCS#11 login is the whole process's, and setUp's backend logged in
        SoftHsm fresh = SoftHsm.create(dir.resolve("fresh"), "signet-test");
        assertThatThrownBy(() -> new Pkcs11KeyBackend(fresh.settings(1), "000000".toCharArray()))
                .isInstanceOf(KeyBackendException.class)
                .isNotInstanceOf(KeyBackendUnavailableException.class)
                .hasMessage("the PIN of PKCS#11 token signet-test is wrong");
    }

    @Test
    void aMissingModuleIsRefusedWithItsPath() {
        Pkcs11Settings settings = new Pkcs11Settings(dir.resolve("no-such-module.so"), "signet-test", 1);
        assertThatThrownBy(() -> new Pkcs11KeyBackend(settings, SoftHsm.PIN.toCharArray()))
                .isInstanceOf(KeyBackendUnavailableException.class)
                .hasMessage("PKCS#11 module " + dir.resolve("no-such-module.so") + " does not exist");
    }

    @Test
    void keysOfAnotherTokenOrBackendAreRefused() {
        KeyHandle key = backend.generate(KeyAlgorithm.ECDSA_P256);
        Pkcs11Uri uri = Pkcs11Uri.parsePath(key.keyId());
        KeyHandle elsewhere =
                new KeyHandle("pkcs11", new Pkcs11Uri("other", uri.object(), uri.id()).path(), KeyAlgorithm.ECDSA_P256);
        SignatureAlgorithm algorithm = new SignatureAlgorithm(KeyAlgorithm.ECDSA_P256, HashAlgorithm.SHA256);
        assertThatThrownBy(() -> backend.sign(elsewhere, algorithm, DATA))
                .isInstanceOf(KeyBackendException.class)
                .hasMessageContaining("is on token other, not on signet-test");
        KeyHandle software = new KeyHandle("software", "ABC", KeyAlgorithm.ECDSA_P256);
        assertThatThrownBy(() -> backend.sign(software, algorithm, DATA))
                .hasMessageContaining("belongs to backend software");
        KeyHandle unknown =
                new KeyHandle("pkcs11", new Pkcs11Uri("signet-test", "AAAA", "AAAA").path(), KeyAlgorithm.ECDSA_P256);
        assertThatThrownBy(() -> backend.sign(unknown, algorithm, DATA))
                .isInstanceOf(KeyBackendException.class)
                .isNotInstanceOf(KeyBackendUnavailableException.class)
                .hasMessage("unknown PKCS#11 key AAAA");
    }

    @Test
    void anUnpluggedTokenIsUnavailableAndRecoversWhenItReturns() throws Exception {
        KeyHandle key = backend.generate(KeyAlgorithm.ECDSA_P256);
        SignatureAlgorithm algorithm = new SignatureAlgorithm(KeyAlgorithm.ECDSA_P256, HashAlgorithm.SHA256);
        backend.sign(key, algorithm, DATA);
        hsm.unplug();
        assertThatThrownBy(() -> backend.sign(key, algorithm, DATA))
                .isInstanceOf(KeyBackendUnavailableException.class)
                .hasMessageContaining("PKCS#11 token signet-test");
        assertThatThrownBy(backend::probe).isInstanceOf(KeyBackendUnavailableException.class);
        hsm.plugBack();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        byte[] signature = null;
        while (signature == null) {
            try {
                signature = backend.sign(key, algorithm, DATA);
            } catch (KeyBackendUnavailableException e) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("the token did not come back within 10 s", e);
                }
                Thread.sleep(200);
            }
        }
        assertThat(verifies(key, algorithm, signature)).isTrue();
        backend.probe();
    }

    @Test
    void eightThreadsSignAtOnce() throws Exception {
        KeyHandle p256 = backend.generate(KeyAlgorithm.ECDSA_P256);
        KeyHandle rsa = backend.generate(KeyAlgorithm.RSA_2048);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<Boolean>> results = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                KeyHandle key = t % 2 == 0 ? p256 : rsa;
                results.add(pool.submit(() -> {
                    SignatureAlgorithm algorithm = new SignatureAlgorithm(key.algorithm(), HashAlgorithm.SHA256);
                    boolean all = true;
                    for (int i = 0; i < 25; i++) {
                        byte[] data = (Thread.currentThread().getName() + i).getBytes(UTF_8);
                        Signature verifier = Signature.getInstance(algorithm.jcaName());
                        verifier.initVerify(backend.publicKey(key));
                        verifier.update(data);
                        all &= verifier.verify(backend.sign(key, algorithm, data));
                    }
                    return all;
                }));
            }
            for (Future<Boolean> result : results) {
                assertThat(result.get(60, TimeUnit.SECONDS)).isTrue();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private boolean verifies(KeyHandle key, SignatureAlgorithm algorithm, byte[] signature) throws Exception {
        Signature verifier = Signature.getInstance(algorithm.jcaName());
        verifier.initVerify(backend.publicKey(key));
        verifier.update(DATA);
        return verifier.verify(signature);
    }

    private String pkcs11Tool(String... args) {
        List<String> command = new ArrayList<>(List.of(
                "pkcs11-tool",
                "--module",
                hsm.module().toString(),
                "--token-label",
                hsm.label(),
                "--login",
                "--pin",
                SoftHsm.PIN));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment()
                .put("SOFTHSM2_CONF", hsm.dir().resolve("softhsm2.conf").toString());
        dev.signet.core.testing.Processes.Result result = dev.signet.core.testing.Processes.run(builder, Tools.BOUND);
        if (!result.ok()) {
            throw new AssertionError("pkcs11-tool failed: " + result.output());
        }
        return result.output();
    }
}
