package dev.signet.core.format.freertos;

import dev.signet.core.crypto.CertificateSignatures;
import dev.signet.core.crypto.SignatureAlgorithm;
import dev.signet.core.crypto.SignatureCheck;
import dev.signet.core.format.FormatException;
import java.security.GeneralSecurityException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What a certificate chain (signer first) and a signature algorithm fix for the IoT JSON documents,
 * worked out once rather than per signature: the chain's {@code certificateChain} strings, why it is
 * not whole (see {@link #problem}) and a {@link SignatureCheck} with the leaf's key. Cached per chain
 * and algorithm, at most {@link #MAX_CACHED}; a full cache starts over. Immutable and thread-safe;
 * public data only.
 *
 * @param problem empty when each certificate names and is signed by the next and the last is a
 *     self-signed root (every byte of every carried certificate is then covered by a signature inside
 *     the chain, so an altered certificate is an integrity failure, not merely an untrusted chain);
 *     otherwise what is wrong
 */
record IotChain(List<X509Certificate> certificates, List<String> base64, String problem, SignatureCheck check) {
    static final int MAX_CACHED = 1024;

    private record Key(List<X509Certificate> chain, SignatureAlgorithm algorithm) {}

    private static final Map<Key, IotChain> CACHE = new ConcurrentHashMap<>();

    IotChain {
        certificates = List.copyOf(certificates);
        base64 = List.copyOf(base64);
    }

    static IotChain of(List<X509Certificate> chain, SignatureAlgorithm algorithm) throws FormatException {
        Key key = new Key(List.copyOf(chain), algorithm);
        IotChain cached = CACHE.get(key);
        if (cached != null) {
            return cached;
        }
        List<String> base64 = new ArrayList<>(chain.size());
        try {
            for (X509Certificate c : chain) {
                base64.add(Base64.getEncoder().encodeToString(c.getEncoded()));
            }
        } catch (CertificateEncodingException e) {
            throw new FormatException("cannot encode the certificate chain: " + e.getMessage(), e);
        }
        IotChain made = new IotChain(
                key.chain(),
                base64,
                problem(key.chain()),
                SignatureCheck.of(chain.get(0).getPublicKey(), algorithm));
        if (CACHE.size() >= MAX_CACHED) {
            CACHE.clear();
        }
        CACHE.put(key, made);
        return made;
    }

    private static String problem(List<X509Certificate> chain) {
        for (int i = 0; i < chain.size(); i++) {
            X509Certificate c = chain.get(i);
            X509Certificate issuer = i == chain.size() - 1 ? c : chain.get(i + 1);
            String by = issuer == c ? "itself (the chain must end in a self-signed root)" : "certificate " + (i + 1);
            if (!c.getIssuerX500Principal().equals(issuer.getSubjectX500Principal())) {
                return "certificate " + i + " of the carried chain is not issued by " + by;
            }
            try {
                CertificateSignatures.verify(c, issuer.getPublicKey());
            } catch (GeneralSecurityException e) {
                return "certificate " + i + " of the carried chain is not signed by " + by;
            }
        }
        return "";
    }
}
