package dev.signet.core.crypto;

import java.io.ByteArrayInputStream;
import java.nio.ByteBuffer;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Parses X.509 certificates carried in signatures once per distinct encoding rather than once per
 * signature: the same signer, CA and time-stamping certificates arrive with every signature a
 * verifier reads. Keyed by the exact DER bytes (a certificate that differs in one byte is another
 * entry), at most {@link #MAX_ENTRIES} of at most {@link #MAX_CACHED_BYTES} bytes each (so hostile
 * input can pin at most 8 MiB); the cache starts over when full. Larger certificates and failures
 * are not cached.
 * Thread-safe; certificates are immutable public data.
 */
public final class CertificateCache {
    static final int MAX_ENTRIES = 1024;
    static final int MAX_CACHED_BYTES = 8 * 1024;
    private static final Map<ByteBuffer, X509Certificate> PARSED = new ConcurrentHashMap<>();

    private CertificateCache() {}

    /**
     * The certificate {@code der} encodes.
     *
     * @throws CertificateException when it does not parse as an X.509 certificate
     */
    public static X509Certificate parse(byte[] der) throws CertificateException {
        Objects.requireNonNull(der, "der");
        ByteBuffer key = ByteBuffer.wrap(der);
        X509Certificate cached = PARSED.get(key);
        if (cached != null) {
            return cached;
        }
        X509Certificate parsed = (X509Certificate)
                CertificateFactory.getInstance("X.509").generateCertificate(new ByteArrayInputStream(der));
        if (der.length > MAX_CACHED_BYTES) {
            return parsed;
        }
        if (PARSED.size() >= MAX_ENTRIES) {
            PARSED.clear();
        }
        PARSED.put(ByteBuffer.wrap(der.clone()), parsed);
        return parsed;
    }
}
