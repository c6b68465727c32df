package dev.signet.core.crypto;

import java.io.ByteArrayInputStream;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.Objects;

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
    private static final BoundedCache<Key, X509Certificate> PARSED = new BoundedCache<>(MAX_ENTRIES);
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    private CertificateCache() {}

    /**
     * The certificate {@code der} encodes.
     *
     * @throws CertificateException when it does not parse as an X.509 certificate
     */
    public static X509Certificate parse(byte[] der) throws CertificateException {
        Objects.requireNonNull(der, "der");
        Key key = new Key(der, hash(der));
        X509Certificate cached = PARSED.get(key);
        if (cached != null) {
            return cached;
        }
        X509Certificate parsed = (X509Certificate)
                CertificateFactory.getInstance("X.509").generateCertificate(new ByteArrayInputStream(der));
        if (der.length > MAX_CACHED_BYTES) {
            return parsed;
        }
        PARSED.put(new Key(der.clone(), key.hash()), parsed);
        return parsed;
    }

    /**
     * The exact DER bytes as a map key, with a hash taken eight bytes at a time: {@code
     * ByteBuffer.hashCode} went byte by byte and was 6% of a small IoT verify.
     */
    private record Key(byte[] der, int hash) {
        @Override
        public boolean equals(Object other) {
            return other instanceof Key k && k.hash == hash && Arrays.equals(k.der, der);
        }

        @Override
        public int hashCode() {
            return hash;
        }
    }

    static int hash(byte[] der) {
        long h = der.length;
        int i = 0;
        for (; i + 8 <= der.length; i += 8) {
            h = (h ^ (long) LONGS.get(der, i)) * 0x9E3779B97F4A7C15L;
        }
        for (; i < der.length; i++) {
            h = (h ^ der[i]) * 0x9E3779B97F4A7C15L;
        }
        return (int) (h ^ (h >>> 32));
    }
}
