package dev.signet.core.format.authenticode;

import dev.signet.core.crypto.CryptoProviders;
import dev.signet.core.crypto.Der;
import dev.signet.core.crypto.HashAlgorithm;
import dev.signet.core.crypto.KeyAlgorithm;
import dev.signet.core.crypto.KeyBackendContentSigner;
import dev.signet.core.crypto.KeyBackendException;
import dev.signet.core.crypto.SignatureAlgorithm;
import dev.signet.core.crypto.SignatureCheck;
import dev.signet.core.crypto.SignatureValues;
import dev.signet.core.crypto.SigningKey;
import dev.signet.core.format.FormatException;
import dev.signet.core.format.SignatureEvidence;
import dev.signet.core.tsa.TimestampAttributes;
import dev.signet.core.tsa.TimestampException;
import dev.signet.core.tsa.Timestamper;
import dev.signet.core.tsa.VerifiedToken;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import net.jsign.asn1.authenticode.AuthenticodeObjectIdentifiers;
import net.jsign.asn1.authenticode.SpcAttributeTypeAndOptionalValue;
import net.jsign.asn1.authenticode.SpcIndirectDataContent;
import net.jsign.asn1.authenticode.SpcPeImageData;
import net.jsign.asn1.authenticode.SpcStatementType;
import org.bouncycastle.asn1.DERNull;
import org.bouncycastle.asn1.DERSet;
import org.bouncycastle.asn1.cms.Attribute;
import org.bouncycastle.asn1.cms.CMSAttributes;
import org.bouncycastle.asn1.cms.CMSObjectIdentifiers;
import org.bouncycastle.asn1.cms.IssuerAndSerialNumber;
import org.bouncycastle.asn1.nist.NISTObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.DigestInfo;

/**
 * The Authenticode SignedData of a PE image, written as DER directly: byte for byte what jsign's
 * {@code AuthenticodeSigner} makes for the same SHA-256 digest and key (SpcIndirectDataContent with
 * SpcPeImageData; signed attributes contentType, SpcStatementType individual and messageDigest; the
 * chain without self-signed certificates, DER-sorted; RSA as {@code rsaEncryption}), and with a
 * timestamper its RFC 3161 token in Microsoft's unsigned attribute. The signature value is checked
 * over the exact signed attributes with the leaf's key before anything is returned, and the
 * evidence is what {@link AuthenticodeVerification} reports for the output. What a chain fixes is
 * encoded once ({@link Template}; at most {@link #MAX_CACHED} chains, the cache starts over when full).
 */
final class PeSignedData {
    static final int MAX_CACHED = 1024;

    private static final byte[] VERSION_1 = Der.integer(1);
    private static final byte[] SIGNED_DATA = Der.of(CMSObjectIdentifiers.signedData);
    private static final byte[] SPC_INDIRECT_DATA = Der.of(AuthenticodeObjectIdentifiers.SPC_INDIRECT_DATA_OBJID);
    private static final byte[] SHA256 =
            Der.of(new AlgorithmIdentifier(NISTObjectIdentifiers.id_sha256, DERNull.INSTANCE));
    private static final byte[] CONTENT_TYPE = Der.of(new Attribute(
            CMSAttributes.contentType, new DERSet(AuthenticodeObjectIdentifiers.SPC_INDIRECT_DATA_OBJID)));
    private static final byte[] STATEMENT_TYPE = Der.of(new Attribute(
            AuthenticodeObjectIdentifiers.SPC_STATEMENT_TYPE_OBJID,
            new DERSet(new SpcStatementType(AuthenticodeObjectIdentifiers.SPC_INDIVIDUAL_SP_KEY_PURPOSE_OBJID))));
    private static final byte[] MESSAGE_DIGEST = Der.of(CMSAttributes.messageDigest);
    private static final byte[] MICROSOFT_RFC3161 = Der.of(TimestampAttributes.MICROSOFT_RFC3161);
    /** SpcIndirectDataContent over a zero digest: the digest is its last 32 bytes. */
    private static final byte[] INDIRECT_DATA = Der.of(new SpcIndirectDataContent(
            new SpcAttributeTypeAndOptionalValue(
                    AuthenticodeObjectIdentifiers.SPC_PE_IMAGE_DATA_OBJID, new SpcPeImageData()),
            new DigestInfo(new AlgorithmIdentifier(NISTObjectIdentifiers.id_sha256, DERNull.INSTANCE), new byte[32])));

    private PeSignedData() {}

    /** A SignedData just made (DER) and the evidence its self-check established. */
    record Signed(byte[] der, SignatureEvidence evidence) {}

    /**
     * Signs the PE image whose Authenticode SHA-256 digest is {@code digest} with {@code key},
     * time-stamped when {@code timestamper} is present (the token comes back checked from {@link
     * Timestamper#timestampVerified}).
     *
     * @throws FormatException when the key backend or the TSA fails, or the signature value does not
     *     verify with the leaf's key
     */
    static Signed sign(SigningKey key, byte[] digest, Optional<Timestamper> timestamper) throws FormatException {
        if (digest.length != 32) {
            throw new IllegalArgumentException("not a SHA-256 digest");
        }
        return signIndirect(key, indirectData(digest), timestamper);
    }

    /**
     * As {@link #sign}, for any SpcIndirectDataContent (DER) Signet built ({@link
     * AuthenticodeIndirectData}: a PE's, an MSI package's or a script's): jsign writes the same
     * SignedData around each.
     */
    static Signed signIndirect(SigningKey key, byte[] indirect, Optional<Timestamper> timestamper)
            throws FormatException {
        Template template = Template.of(key.chain(), key.handle().algorithm());
        byte[] contentDigest = CryptoProviders.messageDigest(HashAlgorithm.SHA256)
                .digest(Arrays.copyOfRange(indirect, headerLength(indirect), indirect.length));
        byte[][] attributes = Der.sorted(
                CONTENT_TYPE,
                STATEMENT_TYPE,
                Der.sequence(MESSAGE_DIGEST, Der.tlv(Der.SET, Der.octetString(contentDigest))));
        byte[] toBeSigned = Der.tlv(Der.SET, attributes);
        byte[] signature;
        try {
            signature = key.sign(HashAlgorithm.SHA256, toBeSigned);
        } catch (KeyBackendException e) {
            throw new FormatException("the key backend could not sign: " + e.getMessage(), e);
        }
        if (!template.signatureCheck().verifies(toBeSigned, signature)) {
            throw new FormatException("the Authenticode signature failed its own verification: "
                    + "the private key doesn't match the certificate");
        }
        Optional<VerifiedToken> token = Optional.empty();
        if (timestamper.isPresent()) {
            try {
                token = Optional.of(timestamper.get().timestampVerified(signature));
            } catch (TimestampException e) {
                throw new FormatException("cannot time-stamp the Authenticode signature: " + e.getMessage(), e);
            }
        }
        byte[] signerInfo = Der.sequence(
                VERSION_1,
                template.signerId(),
                SHA256,
                Der.tlv(0xA0, attributes),
                template.signatureAlgorithm(),
                Der.octetString(signature),
                token.map(t -> Der.tlv(0xA1, Der.sequence(MICROSOFT_RFC3161, Der.tlv(Der.SET, t.der()))))
                        .orElse(new byte[0]));
        byte[] signedData = Der.sequence(
                VERSION_1,
                Der.tlv(Der.SET, SHA256),
                Der.sequence(SPC_INDIRECT_DATA, Der.tlv(0xA0, indirect)),
                template.certificates(),
                Der.tlv(Der.SET, signerInfo));
        SignatureEvidence evidence =
                new SignatureEvidence(AuthenticodeFormat.ID, true, "", template.orderedChain(), Optional.empty());
        if (token.isPresent()) {
            evidence = evidence.withTimestamp(token.get().evidence());
        }
        return new Signed(
                Der.sequence(SIGNED_DATA, Der.tlv(0xA0, signedData)),
                evidence.withCanonicalSignatureValue(signature, SignatureValues.EcdsaEncoding.DER));
    }

    /**
     * The SpcIndirectDataContent (DER) Signet signs for a PE image whose Authenticode SHA-256 digest
     * is {@code digest}: SpcPeImageData and the digest, nothing the caller chooses but the digest.
     */
    static byte[] indirectData(byte[] digest) {
        if (digest.length != 32) {
            throw new IllegalArgumentException("not a SHA-256 digest");
        }
        byte[] indirect = INDIRECT_DATA.clone();
        System.arraycopy(digest, 0, indirect, indirect.length - 32, 32);
        return indirect;
    }

    /** The content octets of {@link #indirectData}: what the messageDigest attribute covers. */
    static byte[] indirectContent(byte[] digest) {
        byte[] indirect = indirectData(digest);
        return Arrays.copyOfRange(indirect, headerLength(indirect), indirect.length);
    }

    /** The length of a DER TLV's tag and length octets (Authenticode digests the content octets alone). */
    static int headerLength(byte[] der) {
        int first = der[1] & 0xff;
        return first < 0x80 ? 2 : 2 + (first & 0x7f);
    }

    /**
     * What a signing chain fixes: the certificates field (the chain without self-signed
     * certificates, as jsign carries it, DER-sorted), the signer id, the signature algorithm
     * identifier, the chain in the order verification reports it (the signer first, then the
     * carried order) and the leaf's {@link SignatureCheck}. Public data only.
     */
    private record Template(
            byte[] certificates,
            byte[] signerId,
            byte[] signatureAlgorithm,
            List<X509Certificate> orderedChain,
            SignatureCheck signatureCheck) {
        private record Key(List<X509Certificate> chain, KeyAlgorithm algorithm) {}

        private static final Map<Key, Template> CACHE = new ConcurrentHashMap<>();

        static Template of(List<X509Certificate> chain, KeyAlgorithm algorithm) throws FormatException {
            Key key = new Key(List.copyOf(chain), algorithm);
            Template cached = CACHE.get(key);
            if (cached != null) {
                return cached;
            }
            Template made = create(key.chain(), new SignatureAlgorithm(algorithm, HashAlgorithm.SHA256));
            if (CACHE.size() >= MAX_CACHED) {
                CACHE.clear();
            }
            CACHE.put(key, made);
            return made;
        }

        private static Template create(List<X509Certificate> chain, SignatureAlgorithm algorithm)
                throws FormatException {
            X509Certificate leaf = chain.get(0);
            List<X509Certificate> carried = new ArrayList<>();
            List<byte[]> encoded = new ArrayList<>();
            try {
                for (int i = 0; i < chain.size(); i++) {
                    X509Certificate c = chain.get(i);
                    if (i == 0 || !c.getSubjectX500Principal().equals(c.getIssuerX500Principal())) {
                        carried.add(c);
                        encoded.add(c.getEncoded());
                    }
                }
            } catch (CertificateEncodingException e) {
                throw new FormatException("cannot encode the signer's certificate chain: " + e.getMessage(), e);
            }
            Integer[] order = new Integer[carried.size()];
            Arrays.setAll(order, i -> i);
            Arrays.sort(order, Comparator.comparing(encoded::get, Der::compareForSet));
            List<X509Certificate> ordered = new ArrayList<>(List.of(leaf));
            byte[][] sorted = new byte[order.length][];
            for (int i = 0; i < order.length; i++) {
                sorted[i] = encoded.get(order[i]);
                if (order[i] != 0) {
                    ordered.add(carried.get(order[i]));
                }
            }
            AlgorithmIdentifier signature =
                    algorithm.key() == KeyAlgorithm.RSA_2048 || algorithm.key() == KeyAlgorithm.RSA_3072
                            ? new AlgorithmIdentifier(PKCSObjectIdentifiers.rsaEncryption, DERNull.INSTANCE)
                            : KeyBackendContentSigner.algorithmIdentifier(algorithm);
            return new Template(
                    Der.tlv(0xA0, sorted),
                    Der.of(new IssuerAndSerialNumber(
                            X500Name.getInstance(leaf.getIssuerX500Principal().getEncoded()), leaf.getSerialNumber())),
                    Der.of(signature),
                    List.copyOf(ordered),
                    SignatureCheck.of(leaf, algorithm));
        }
    }
}
