package dev.signet.server.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.signet.core.ca.Pem;
import dev.signet.core.testing.Openssl;
import dev.signet.core.testing.Processes;
import dev.signet.core.testing.TlsTestCa;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.Optional;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.openssl.jcajce.JceOpenSSLPKCS8EncryptorBuilder;
import org.bouncycastle.operator.OutputEncryptor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The PEM key forms the server reads, and the ones it refuses with a line naming the file. */
class PemKeyStoresTest {
    @TempDir
    Path dir;

    private final TlsTestCa ca = new TlsTestCa("PEM test CA");
    private final TlsTestCa.Issued issued = ca.server("pem");

    @Test
    void sec1AndEncryptedPkcs8Keys() throws Exception {
        issued.write(dir.resolve("cert.pem"), dir.resolve("unused.pem"), ca);
        // SEC1 (BEGIN EC PRIVATE KEY), as openssl writes it in its traditional form
        Files.writeString(
                dir.resolve("pkcs8.pem"),
                Pem.encode("PRIVATE KEY", issued.key().getPrivate().getEncoded()));
        Processes.Result converted = Openssl.run(
                "ec",
                "-in",
                dir.resolve("pkcs8.pem").toString(),
                "-out",
                dir.resolve("sec1.pem").toString());
        assertThat(converted.exitCode()).as(converted.output()).isZero();
        assertThat(Files.readString(dir.resolve("sec1.pem"))).startsWith("-----BEGIN EC PRIVATE KEY-----");
        assertThat(load("sec1.pem", Optional.empty()).isKeyEntry(PemKeyStores.ALIAS))
                .isTrue();

        // encrypted PKCS#8 with its passphrase in a file
        OutputEncryptor encryptor = new JceOpenSSLPKCS8EncryptorBuilder(
                        org.bouncycastle.openssl.PKCS8Generator.AES_256_CBC)
                .setProvider(new org.bouncycastle.jce.provider.BouncyCastleProvider())
                .setPassword("correct horse".toCharArray())
                .build();
        StringWriter encrypted = new StringWriter();
        try (JcaPEMWriter w = new JcaPEMWriter(encrypted)) {
            w.writeObject(new JcaPKCS8Generator(issued.key().getPrivate(), encryptor));
        }
        Files.writeString(dir.resolve("enc.pem"), encrypted.toString());
        Files.writeString(dir.resolve("pass"), "correct horse\n");
        Files.writeString(dir.resolve("wrong"), "battery staple\n");
        assertThat(load("enc.pem", Optional.of(dir.resolve("pass"))).isKeyEntry(PemKeyStores.ALIAS))
                .isTrue();
        assertThatThrownBy(() -> load("enc.pem", Optional.empty()))
                .isInstanceOf(TlsMaterialException.class)
                .hasMessage(dir.resolve("enc.pem")
                        + " is encrypted: name its passphrase file with tls.key-passphrase-file");
        assertThatThrownBy(() -> load("enc.pem", Optional.of(dir.resolve("wrong"))))
                .isInstanceOf(TlsMaterialException.class)
                .hasMessage("cannot decrypt the key in " + dir.resolve("enc.pem") + " (wrong passphrase?)");
    }

    @Test
    void aFileWithoutAKeyIsRefused() throws Exception {
        issued.write(dir.resolve("cert.pem"), dir.resolve("unused.pem"), ca);
        assertThatThrownBy(() -> load("cert.pem", Optional.empty()))
                .isInstanceOf(TlsMaterialException.class)
                .hasMessage(dir.resolve("cert.pem") + " holds no PEM private key");
    }

    private KeyStore load(String keyFile, Optional<Path> passphrase) {
        return PemKeyStores.serverKeyStore(
                new TlsConfig(
                        dir.resolve("cert.pem"),
                        dir.resolve(keyFile),
                        passphrase,
                        Optional.empty(),
                        Duration.ofSeconds(1)),
                "p".toCharArray());
    }
}
