package dev.signet.core.testing;

import dev.signet.core.ca.Pem;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A throw-away CA for TLS tests, made in the test (EC P-256, BouncyCastle): it issues server
 * certificates for 127.0.0.1 / localhost / ::1 and client certificates, written as PEM files the way
 * an operator would hand them to {@code signet server}.
 */
public final class TlsTestCa {
    private static final AtomicLong SERIAL = new AtomicLong(System.nanoTime());

    private final String name;
    private final KeyPair key;
    private final X509Certificate certificate;

    /** A certificate and its key, as issued. */
    public record Issued(X509Certificate certificate, KeyPair key) {
        /** Writes {@code certificate} (chain: this one, then the CA's) and {@code key} (PKCS#8) as PEM. */
        public void write(Path certificateFile, Path keyFile, TlsTestCa ca) throws IOException {
            Files.writeString(certificateFile, Pem.encode(certificate) + Pem.encode(ca.certificate()));
            Files.writeString(
                    keyFile, Pem.encode("PRIVATE KEY", key.getPrivate().getEncoded()));
        }
    }

    public TlsTestCa(String name) {
        this.name = name;
        this.key = ecKey();
        this.certificate = build(new X500Name("CN=" + name), key, new X500Name("CN=" + name), key, true, null, null);
    }

    public X509Certificate certificate() {
        return certificate;
    }

    /** Writes the CA certificate as PEM (a CA bundle, as {@code aws --ca-bundle} reads it). */
    public Path writeCertificate(Path file) throws IOException {
        Files.writeString(file, Pem.encode(certificate));
        return file;
    }

    /** A server certificate for 127.0.0.1, ::1 and localhost. */
    public Issued server(String commonName) {
        KeyPair serverKey = ecKey();
        GeneralNames names = new GeneralNames(new GeneralName[] {
            new GeneralName(GeneralName.iPAddress, "127.0.0.1"),
            new GeneralName(GeneralName.iPAddress, "::1"),
            new GeneralName(GeneralName.dNSName, "localhost")
        });
        return new Issued(
                build(
                        new X500Name("CN=" + commonName),
                        serverKey,
                        new X500Name("CN=" + name),
                        key,
                        false,
                        names,
                        KeyPurposeId.id_kp_serverAuth),
                serverKey);
    }

    /** A client certificate (for mutual TLS). */
    public Issued client(String commonName) {
        KeyPair clientKey = ecKey();
        return new Issued(
                build(
                        new X500Name("CN=" + commonName),
                        clientKey,
                        new X500Name("CN=" + name),
                        key,
                        false,
                        null,
                        KeyPurposeId.id_kp_clientAuth),
                clientKey);
    }

    /** An SSL context trusting this CA, presenting {@code client} when given. */
    public SSLContext sslContext(Issued client) {
        try {
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(trustStore());
            KeyManagerFactory keys = null;
            if (client != null) {
                keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
                keys.init(keyStore(client), new char[0]);
            }
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keys == null ? null : keys.getKeyManagers(), trust.getTrustManagers(), new SecureRandom());
            return context;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A key store holding this CA's certificate. */
    public KeyStore trustStore() {
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setCertificateEntry("ca", certificate);
            return store;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A key store holding {@code issued}'s key and chain, password empty. */
    public KeyStore keyStore(Issued issued) {
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setKeyEntry("key", issued.key().getPrivate(), new char[0], new X509Certificate[] {
                issued.certificate(), certificate
            });
            return store;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static KeyPair ecKey() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static X509Certificate build(
            X500Name subject,
            KeyPair subjectKey,
            X500Name issuer,
            KeyPair issuerKey,
            boolean ca,
            GeneralNames names,
            KeyPurposeId purpose) {
        Instant now = Instant.now();
        try {
            X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(
                    issuer,
                    BigInteger.valueOf(SERIAL.incrementAndGet()),
                    Date.from(now.minus(Duration.ofHours(1))),
                    Date.from(now.plus(Duration.ofDays(2))),
                    subject,
                    subjectKey.getPublic());
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(ca));
            builder.addExtension(
                    Extension.keyUsage,
                    true,
                    new KeyUsage(ca ? KeyUsage.keyCertSign | KeyUsage.cRLSign : KeyUsage.digitalSignature));
            if (names != null) {
                builder.addExtension(Extension.subjectAlternativeName, false, names);
            }
            if (purpose != null) {
                builder.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(purpose));
            }
            return new JcaX509CertificateConverter()
                    .getCertificate(builder.build(
                            new JcaContentSignerBuilder("SHA256withECDSA").build(issuerKey.getPrivate())));
        } catch (GeneralSecurityException | OperatorCreationException | IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
