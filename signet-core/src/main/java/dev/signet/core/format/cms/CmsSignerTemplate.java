package dev.signet.core.format.cms;

import dev.signet.core.crypto.Der;
import dev.signet.core.crypto.HashAlgorithm;
import dev.signet.core.crypto.KeyAlgorithm;
import dev.signet.core.crypto.KeyBackendContentSigner;
import dev.signet.core.crypto.SignatureAlgorithm;
import dev.signet.core.crypto.SignatureCheck;
import dev.signet.core.format.FormatException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.bouncycastle.asn1.DERSet;
import org.bouncycastle.asn1.cms.Attribute;
import org.bouncycastle.asn1.cms.CMSAlgorithmProtection;
import org.bouncycastle.asn1.cms.CMSAttributes;
import org.bouncycastle.asn1.cms.IssuerAndSerialNumber;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;

/**
 * The parts of a CMS signature that depend only on the signer's certificate chain and algorithm,
 * DER-encoded once: the certificates field (DER-sorted, as a SET OF), the signer identifier
 * (issuerAndSerialNumber), the algorithm identifiers and the CMSAlgorithmProtection attribute; plus
 * the chain in the order verification reports it and a {@link SignatureCheck} with the leaf's key.
 * Templates are cached per chain and algorithm (at most {@link #MAX_CACHED}; the cache starts over
 * when full). Immutable and thread-safe; holds public data only.
 */
record CmsSignerTemplate(
        byte[] certificates,
        byte[] signerId,
        byte[] digestAlgorithm,
        byte[] signatureAlgorithm,
        byte[] algorithmProtection,
        List<X509Certificate> orderedChain,
        SignatureCheck signatureCheck) {
    static final int MAX_CACHED = 1024;

    private record Key(List<X509Certificate> chain, KeyAlgorithm algorithm, HashAlgorithm hash) {}

    private static final Map<Key, CmsSignerTemplate> CACHE = new ConcurrentHashMap<>();

    /** The template for a chain (leaf first) signing with {@code algorithm} over {@code hash}. */
    static CmsSignerTemplate of(List<X509Certificate> chain, KeyAlgorithm algorithm, HashAlgorithm hash)
            throws FormatException {
        Key key = new Key(List.copyOf(chain), algorithm, hash);
        CmsSignerTemplate cached = CACHE.get(key);
        if (cached != null) {
            return cached;
        }
        CmsSignerTemplate made = create(key.chain(), new SignatureAlgorithm(algorithm, hash));
        if (CACHE.size() >= MAX_CACHED) {
            CACHE.clear();
        }
        CACHE.put(key, made);
        return made;
    }

    private static CmsSignerTemplate create(List<X509Certificate> chain, SignatureAlgorithm algorithm)
            throws FormatException {
        X509Certificate leaf = chain.get(0);
        List<X509Certificate> carried = new ArrayList<>(chain);
        byte[][] encoded = new byte[chain.size()][];
        try {
            for (int i = 0; i < encoded.length; i++) {
                encoded[i] = chain.get(i).getEncoded();
            }
        } catch (CertificateEncodingException e) {
            throw new FormatException("cannot encode the signer's certificate chain: " + e.getMessage(), e);
        }
        // the certificates as the signature carries them (DER SET OF order), so the chain is ordered
        // exactly as verification orders what it reads back
        Integer[] order = new Integer[encoded.length];
        Arrays.setAll(order, i -> i);
        Arrays.sort(order, Comparator.comparing(i -> encoded[i], Der::compareForSet));
        List<X509Certificate> inSignatureOrder = new ArrayList<>();
        for (Integer i : order) {
            inSignatureOrder.add(carried.get(i));
        }
        AlgorithmIdentifier digest = KeyBackendContentSigner.digestIdentifier(algorithm.hash());
        AlgorithmIdentifier signature = KeyBackendContentSigner.algorithmIdentifier(algorithm);
        return new CmsSignerTemplate(
                Der.tlv(0xA0, Der.sorted(encoded)),
                Der.of(new IssuerAndSerialNumber(
                        X500Name.getInstance(leaf.getIssuerX500Principal().getEncoded()), leaf.getSerialNumber())),
                Der.of(digest),
                Der.of(signature),
                Der.of(new Attribute(
                        CMSAttributes.cmsAlgorithmProtect,
                        new DERSet(new CMSAlgorithmProtection(digest, CMSAlgorithmProtection.SIGNATURE, signature)))),
                CmsSignatureVerifier.orderChain(leaf, inSignatureOrder),
                SignatureCheck.of(leaf.getPublicKey(), algorithm));
    }
}
