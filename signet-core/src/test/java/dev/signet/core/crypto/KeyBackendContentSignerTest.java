package dev.signet.core.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import dev.signet.core.ca.Pem;
import dev.signet.core.crypto.software.SoftwareKeyBackend;
import java.math.BigInteger;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Date;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class KeyBackendContentSignerTest {
    @TempDir
    Path dir;

    @ParameterizedTest
    @EnumSource(KeyAlgorithm.class)
    void certificatesSignedThroughTheBackendVerifyWithTheJdk(KeyAlgorithm algorithm) throws Exception {
        KeyBackend keys = new SoftwareKeyBackend(MasterKey.loadOrCreate(dir.resolve("m")), dir.resolve("k"));
        KeyHandle key = keys.generate(algorithm);
        X500Name name = new X500Name("CN=self");
        X509v3CertificateBuilder builder = new X509v3CertificateBuilder(
                name,
                BigInteger.TEN,
                Date.from(Instant.now()),
                Date.from(Instant.now().plusSeconds(3600)),
                name,
                SubjectPublicKeyInfo.getInstance(keys.publicKey(key).getEncoded()));
        KeyBackendContentSigner signer = new KeyBackendContentSigner(keys, key, HashAlgorithm.SHA256);
        X509Certificate cert = Pem.certificate(builder.build(signer).getEncoded());
        cert.verify(keys.publicKey(key));
        assertThat(cert.getSigAlgName())
                .isEqualToIgnoringCase(
                        algorithm == KeyAlgorithm.ED25519
                                ? "Ed25519"
                                : new SignatureAlgorithm(algorithm, HashAlgorithm.SHA256).jcaName());
        var parameters = signer.getAlgorithmIdentifier().getParameters();
        if (algorithm.family().equals("RSA")) {
            assertThat(parameters).isEqualTo(org.bouncycastle.asn1.DERNull.INSTANCE);
        } else {
            assertThat(parameters).isNull();
        }
    }
}
