package dev.signet.core.format.notation;

import dev.signet.core.crypto.SignatureCheck;
import dev.signet.core.format.FormatException;
import java.io.ByteArrayInputStream;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What an envelope's certificate chain ({@code x5c}, signer first) fixes, worked out once per chain
 * rather than per signature: the certificates, their {@code x5c} strings, why they are not an ordered
 * chain ending in a root (if they are not), the JWS algorithm the leaf's key signs with and a
 * {@link SignatureCheck} with that key on the provider {@code CryptoProviders} chooses. Chains are
 * cached by their certificates (signing) and by their exact {@code x5c} strings (verifying), at most
 * {@link #MAX_CACHED} of each; a full cache starts over. Immutable and thread-safe; public data only.
 */
record NotaryChain(
        List<X509Certificate> certificates,
        List<String> x5c,
        Optional<String> disorder,
        Optional<JwsAlgorithm> algorithm,
        Optional<SignatureCheck> check) {
    static final int MAX_CACHED = 1024;
    static final int MAX_CHAIN = 10;

    private static final Map<List<X509Certificate>, NotaryChain> BY_CERTIFICATES = new ConcurrentHashMap<>();
    private static final Map<List<String>, NotaryChain> BY_X5C = new ConcurrentHashMap<>();

    NotaryChain {
        certificates = List.copyOf(certificates);
        x5c = List.copyOf(x5c);
    }

    /** The chain a signing key carries. */
    static NotaryChain of(List<X509Certificate> chain) throws FormatException {
        NotaryChain cached = BY_CERTIFICATES.get(chain);
        if (cached != null) {
            return cached;
        }
        List<String> x5c = new ArrayList<>(chain.size());
        try {
            for (X509Certificate c : chain) {
                x5c.add(Base64.getEncoder().encodeToString(c.getEncoded()));
            }
        } catch (CertificateEncodingException e) {
            throw new FormatException("cannot encode the signer's certificate chain: " + e.getMessage(), e);
        }
        return remember(BY_CERTIFICATES, List.copyOf(chain), create(chain, x5c));
    }

    /**
     * The chain an envelope's {@code x5c} names: 1 to 10 canonical padded base64 DER certificates.
     *
     * @throws FormatException when it has no or too many entries, or one does not parse
     */
    static NotaryChain parse(List<String> x5c) throws FormatException {
        if (x5c.isEmpty() || x5c.size() > MAX_CHAIN) {
            throw new FormatException("x5c must be an array of 1 to " + MAX_CHAIN + " certificates");
        }
        NotaryChain cached = BY_X5C.get(x5c);
        if (cached != null) {
            return cached;
        }
        List<X509Certificate> chain = new ArrayList<>(x5c.size());
        try {
            CertificateFactory cf = CertificateFactory.getInstance("X.509");
            for (String entry : x5c) {
                byte[] der = Base64.getDecoder().decode(entry);
                if (!Base64.getEncoder().encodeToString(der).equals(entry)) {
                    throw new FormatException("x5c entries must be canonical padded base64");
                }
                chain.add((X509Certificate) cf.generateCertificate(new ByteArrayInputStream(der)));
            }
        } catch (IllegalArgumentException | CertificateException e) {
            throw new FormatException("x5c holds a certificate that does not parse");
        }
        return remember(BY_X5C, List.copyOf(x5c), create(chain, x5c));
    }

    private static <K> NotaryChain remember(Map<K, NotaryChain> cache, K key, NotaryChain chain) {
        if (cache.size() >= MAX_CACHED) {
            cache.clear();
        }
        cache.put(key, chain);
        return chain;
    }

    private static NotaryChain create(List<X509Certificate> chain, List<String> x5c) {
        Optional<JwsAlgorithm> algorithm =
                JwsAlgorithm.forPublicKey(chain.get(0).getPublicKey());
        Optional<SignatureCheck> check =
                algorithm.map(a -> SignatureCheck.of(chain.get(0).getPublicKey(), a.signature));
        return new NotaryChain(chain, x5c, disorder(chain), algorithm, check);
    }

    /**
     * Why the chain is not the ordered chain the specification requires ("the signing certificate,
     * followed by the intermediate and root certificates in the correct order"; "Valid certificate
     * chain MUST contain a root certificate"), judged by names: each certificate's issuer is the next
     * one's subject and the last is self-issued. That the signatures link them is the Verifier's
     * path check.
     */
    private static Optional<String> disorder(List<X509Certificate> chain) {
        for (int i = 0; i + 1 < chain.size(); i++) {
            if (!chain.get(i).getIssuerX500Principal().equals(chain.get(i + 1).getSubjectX500Principal())) {
                return Optional.of("x5c is not an ordered chain: certificate " + (i + 2)
                        + " is not the issuer of certificate " + (i + 1));
            }
        }
        X509Certificate last = chain.get(chain.size() - 1);
        if (!last.getIssuerX500Principal().equals(last.getSubjectX500Principal())) {
            return Optional.of("x5c does not end with a root certificate");
        }
        return Optional.empty();
    }
}
