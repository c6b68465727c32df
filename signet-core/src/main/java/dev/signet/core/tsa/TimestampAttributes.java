package dev.signet.core.tsa;

import dev.signet.core.crypto.Asn1Decoding;
import dev.signet.core.crypto.CryptoProviders;
import dev.signet.core.crypto.Der;
import dev.signet.core.crypto.DerReader;
import dev.signet.core.crypto.HashAlgorithm;
import java.io.IOException;
import java.util.Arrays;
import java.util.Optional;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1Set;
import org.bouncycastle.asn1.DERSet;
import org.bouncycastle.asn1.cms.Attribute;
import org.bouncycastle.asn1.cms.ContentInfo;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;

/**
 * The RFC 3161 appendix A unsigned attribute {@code id-aa-timeStampToken} of a CMS SignerInfo: a
 * time-stamp token whose message imprint is the SHA-256 digest of the SignerInfo's signature value.
 * Builds it with a {@link Timestamper} and checks it with {@link TimestampVerifier}. A SignerInfo
 * carries at most one such attribute (or its Authenticode twin {@link #MICROSOFT_RFC3161}), with
 * exactly one value.
 */
public final class TimestampAttributes {
    /** Authenticode's spelling of the same attribute (SPC_RFC3161_OBJID), also accepted. */
    public static final org.bouncycastle.asn1.ASN1ObjectIdentifier MICROSOFT_RFC3161 =
            new org.bouncycastle.asn1.ASN1ObjectIdentifier("1.3.6.1.4.1.311.3.3.1");

    private static final byte[] TOKEN_ATTRIBUTE_TYPE = Der.of(PKCSObjectIdentifiers.id_aa_signatureTimeStampToken);
    private static final byte[] MICROSOFT_ATTRIBUTE_TYPE = Der.of(MICROSOFT_RFC3161);

    private TimestampAttributes() {}

    /** The unsigned attributes holding a token over {@code signatureValue}. */
    public static ASN1Set create(Timestamper timestamper, byte[] signatureValue) throws TimestampException {
        byte[] digest = CryptoProviders.messageDigest(HashAlgorithm.SHA256).digest(signatureValue);
        byte[] token = timestamper.timestamp(HashAlgorithm.SHA256, digest);
        ContentInfo tokenInfo = Asn1Decoding.decode(
                () -> ContentInfo.getInstance(token),
                malformed -> new TimestampException(
                        "the time-stamp authority returned a malformed token: " + malformed.reason(),
                        malformed.cause()));
        return new DERSet(new Attribute(PKCSObjectIdentifiers.id_aa_signatureTimeStampToken, new DERSet(tokenInfo)));
    }

    /**
     * The DER {@code id-aa-timeStampToken} Attribute carrying {@code tokenDer} (a DER ContentInfo,
     * spliced in unchanged), for encoders that write the unsigned attributes themselves.
     */
    public static byte[] attribute(byte[] tokenDer) {
        return Der.sequence(TOKEN_ATTRIBUTE_TYPE, Der.tlv(Der.SET, tokenDer));
    }

    /**
     * The verified token in {@code unsignedAttributes} (may be null), or empty when there is none.
     *
     * @throws TimestampException when a token is present but repeated, malformed, invalid or over
     *     other data than {@code signatureValue}
     */
    public static Optional<TimestampEvidence> verify(ASN1Set unsignedAttributes, byte[] signatureValue)
            throws TimestampException {
        if (unsignedAttributes == null) {
            return Optional.empty();
        }
        Optional<byte[]> token = Asn1Decoding.decode(
                () -> token(unsignedAttributes),
                malformed -> new TimestampException(
                        "the signature's unsigned attributes are malformed: " + malformed.reason(), malformed.cause()));
        if (token.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(TimestampVerifier.verify(token.get(), signatureValue));
    }

    /**
     * As {@link #verify(ASN1Set, byte[])}, for unsigned attributes given as the SignerInfo's DER
     * {@code [1]} element: the token is taken from those bytes as they are, not decoded and encoded
     * again. Attributes in any encoding but canonical DER, or of any unexpected shape, are read with
     * BouncyCastle as {@link #verify(ASN1Set, byte[])} reads them, which gives the same verdict.
     */
    public static Optional<TimestampEvidence> verifyEncoded(byte[] unsignedAttributes, byte[] signatureValue)
            throws TimestampException {
        Optional<byte[]> token;
        try {
            token = token(unsignedAttributes);
        } catch (DerReader.Malformed e) {
            byte[] asSet = unsignedAttributes.clone();
            asSet[0] = 0x31;
            ASN1Set set = Asn1Decoding.decode(
                    () -> ASN1Set.getInstance(asSet),
                    malformed -> new TimestampException(
                            "the signature's unsigned attributes are malformed: " + malformed.reason(),
                            malformed.cause()));
            return verify(set, signatureValue);
        }
        if (token.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(TimestampVerifier.verify(token.get(), signatureValue));
    }

    /** The one token among canonical DER {@code [1]} unsigned attributes, each with exactly one value. */
    private static Optional<byte[]> token(byte[] unsigned) throws DerReader.Malformed, TimestampException {
        DerReader set = new DerReader(unsigned, 0, unsigned.length).constructed(0xA1);
        DerReader.requireCanonical(unsigned, 0, unsigned.length);
        byte[] found = null;
        while (!set.atEnd()) {
            DerReader attribute = set.constructed(0x30);
            byte[] type = attribute.element(0x06);
            DerReader values = attribute.constructed(0x31);
            attribute.end();
            if (Arrays.equals(type, TOKEN_ATTRIBUTE_TYPE) || Arrays.equals(type, MICROSOFT_ATTRIBUTE_TYPE)) {
                byte[] value = values.element(0x30);
                if (found != null || !values.atEnd()) {
                    throw new TimestampException("the signature carries more than one time-stamp token");
                }
                found = value;
            }
        }
        return Optional.ofNullable(found);
    }

    /** The DER of the one time-stamp token among the attributes, if there is one. */
    private static Optional<byte[]> token(ASN1Set unsignedAttributes) throws IOException, TimestampException {
        ASN1Encodable found = null;
        for (ASN1Encodable a : unsignedAttributes) {
            Attribute attribute = Attribute.getInstance(a);
            if (attribute.getAttrType().equals(PKCSObjectIdentifiers.id_aa_signatureTimeStampToken)
                    || attribute.getAttrType().equals(MICROSOFT_RFC3161)) {
                if (found != null || attribute.getAttrValues().size() != 1) {
                    throw new TimestampException("the signature carries more than one time-stamp token");
                }
                found = attribute.getAttrValues().getObjectAt(0);
            }
        }
        return found == null
                ? Optional.empty()
                : Optional.of(found.toASN1Primitive().getEncoded(ASN1Encoding.DER));
    }
}
