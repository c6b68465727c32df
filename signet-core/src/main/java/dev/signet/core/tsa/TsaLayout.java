package dev.signet.core.tsa;

import dev.signet.core.ca.CertificateAuthority;
import dev.signet.core.ca.Pem;
import dev.signet.core.crypto.HashAlgorithm;
import dev.signet.core.crypto.KeyAlgorithm;
import dev.signet.core.crypto.KeyBackend;
import dev.signet.core.crypto.KeyBackendException;
import dev.signet.core.crypto.KeyHandle;
import dev.signet.core.crypto.KeyMaterialStore;
import dev.signet.core.crypto.SignatureAlgorithm;
import dev.signet.core.crypto.SignatureCheck;
import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.security.PublicKey;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Properties;
import org.bouncycastle.cert.jcajce.JcaCertStore;

/**
 * How the time-stamp authority's generations are kept in its {@link KeyMaterialStore}
 * (docs/formats.md, "Time-stamp authority key material"): {@code tsa.pem} for the first, {@code
 * tsa-G.pem} for each renewal's, and {@code tsa.properties} naming the current key and generation,
 * written last, so that one write commits a creation or a renewal.
 */
final class TsaLayout {
    static final String CERT_FILE = "tsa.pem";
    static final String KEY_FILE = "tsa.properties";
    private static final Duration VALIDITY = Duration.ofDays(365L * 10);

    private TsaLayout() {}

    /**
     * One generation of the TSA: its key, its certificate's chain and what is derived from them
     * once. Replaced whole by a renewal, so a token is signed by one generation throughout.
     */
    record Generation(
            int generation,
            KeyHandle key,
            List<X509Certificate> chain,
            byte[] handle,
            org.bouncycastle.util.Store<?> certStore,
            SignatureAlgorithm algorithm,
            TokenEncoder encoder,
            SignatureCheck selfCheck) {
        static Generation of(int generation, KeyHandle key, List<X509Certificate> chain, byte[] handle) {
            SignatureAlgorithm algorithm = new SignatureAlgorithm(key.algorithm(), HashAlgorithm.SHA256);
            try {
                return new Generation(
                        generation,
                        key,
                        List.copyOf(chain),
                        handle.clone(),
                        new JcaCertStore(chain),
                        algorithm,
                        new TokenEncoder(chain, algorithm),
                        SignatureCheck.of(chain.get(0).getPublicKey(), algorithm));
            } catch (java.security.cert.CertificateEncodingException e) {
                throw new TimestampAuthorityException("cannot encode the TSA chain", e);
            }
        }
    }

    /** {@code tsa.pem} for the first generation, {@code tsa-G.pem} for each renewal's. */
    static String certFile(int generation) {
        return generation == 1 ? CERT_FILE : "tsa-" + generation + ".pem";
    }

    /**
     * Makes generation {@code generation}: a new key in {@code keys}, its certificate from the
     * current issuing CA, written under a name the current {@code tsa.properties} does not name, then
     * {@code tsa.properties} ({@code props} with the new handle): that last write commits it.
     */
    static Generation issue(
            KeyMaterialStore store,
            KeyBackend keys,
            CertificateAuthority ca,
            int generation,
            Properties props,
            Instant now)
            throws IOException {
        KeyHandle key = keys.generate(KeyAlgorithm.ECDSA_P256);
        Instant at = now.truncatedTo(ChronoUnit.SECONDS);
        Instant notAfter = at.plus(VALIDITY);
        Instant caEnd = ca.issuing().getNotAfter().toInstant();
        X509Certificate cert = ca.issueTimestamping(
                keys.publicKey(key),
                generation == 1 ? "Signet Timestamp Authority" : "Signet Timestamp Authority G" + generation,
                at.minus(Duration.ofMinutes(5)),
                notAfter.isAfter(caEnd) ? caEnd : notAfter);
        store.write(certFile(generation), Pem.encode(cert).getBytes(StandardCharsets.US_ASCII));
        Properties out = new Properties();
        out.putAll(props);
        out.setProperty("backend", key.backend());
        out.setProperty("keyId", key.keyId());
        out.setProperty("algorithm", key.algorithm().name());
        if (generation > 1) {
            out.setProperty("generation", Integer.toString(generation));
        }
        StringWriter text = new StringWriter();
        out.store(text, "Signet TSA key handle; the key itself is in the key backend");
        byte[] handle = text.toString().getBytes(StandardCharsets.ISO_8859_1);
        store.write(KEY_FILE, handle);
        return Generation.of(generation, key, ca.chainOf(cert), handle);
    }

    static Properties parse(byte[] handle) throws IOException {
        Properties props = new Properties();
        props.load(new StringReader(new String(handle, StandardCharsets.ISO_8859_1)));
        return props;
    }

    static Generation open(KeyMaterialStore store, byte[] handle, KeyBackend keys, CertificateAuthority ca)
            throws IOException, CertificateException {
        Properties props = parse(handle);
        String backend = props.getProperty("backend");
        String id = props.getProperty("keyId");
        String alg = props.getProperty("algorithm");
        if (backend == null || id == null || alg == null) {
            throw new IllegalArgumentException("the TSA key handle is missing");
        }
        int generation = generation(props);
        KeyHandle key = new KeyHandle(backend, id, KeyAlgorithm.valueOf(alg));
        String file = certFile(generation);
        byte[] pem = store.read(file).orElseThrow(() -> new CertificateException(file + " is missing"));
        List<X509Certificate> certs = Pem.decodeCertificates(new String(pem, StandardCharsets.US_ASCII));
        PublicKey publicKey;
        try {
            // any backend {@code keys} routes to; one that is not configured fails closed here
            publicKey = keys.publicKey(key);
        } catch (KeyBackendException e) {
            throw new IllegalArgumentException(
                    "the TSA keeps its key in the " + backend
                            + " key backend, which cannot use it here (is it configured?): " + e.getMessage(),
                    e);
        }
        if (certs.size() != 1 || !certs.get(0).getPublicKey().equals(publicKey)) {
            throw new IllegalArgumentException("the TSA certificate " + file + " does not match its key");
        }
        if (!CertificateAuthority.isTimestamping(certs.get(0))) {
            throw new IllegalArgumentException("the TSA certificate lacks the critical timeStamping EKU");
        }
        return Generation.of(generation, key, ca.chainOf(certs.get(0)), handle);
    }

    private static int generation(Properties props) {
        String value = props.getProperty("generation", "1");
        try {
            int g = Integer.parseInt(value);
            if (g < 1 || g > 1000) {
                throw new IllegalArgumentException("the TSA generation must be 1 to 1000, not " + g);
            }
            return g;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("the TSA generation is not a number: " + value, e);
        }
    }
}
