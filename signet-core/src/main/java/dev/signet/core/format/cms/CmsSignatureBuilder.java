package dev.signet.core.format.cms;

import dev.signet.core.crypto.Der;
import dev.signet.core.crypto.HashAlgorithm;
import dev.signet.core.crypto.KeyBackendException;
import dev.signet.core.crypto.SignatureValues;
import dev.signet.core.crypto.SigningKey;
import dev.signet.core.format.FormatException;
import dev.signet.core.format.SignatureEvidence;
import dev.signet.core.tsa.TimestampAttributes;
import dev.signet.core.tsa.TimestampException;
import dev.signet.core.tsa.Timestamper;
import dev.signet.core.tsa.VerifiedToken;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import org.bouncycastle.asn1.DERSet;
import org.bouncycastle.asn1.cms.Attribute;
import org.bouncycastle.asn1.cms.CMSAttributes;
import org.bouncycastle.asn1.cms.CMSObjectIdentifiers;
import org.bouncycastle.asn1.cms.ContentInfo;

/**
 * Assembles a detached CMS SignedData from a precomputed content digest, so a streamed file and a
 * client-supplied digest give the same structure, and checks the signature value before returning
 * it. Also what a JAR's signature block is (a detached SignedData over the signature file). Writes DER directly ({@link Der}); the parts fixed by the signer's chain come from {@link
 * CmsSignerTemplate}. The private key is used only through {@link SigningKey#sign}, over the DER
 * encoding of the signed attributes.
 */
public final class CmsSignatureBuilder {
    private static final byte[] VERSION_1 = Der.integer(1);
    private static final byte[] SIGNED_DATA = Der.of(CMSObjectIdentifiers.signedData);
    private static final byte[] DETACHED_DATA = Der.of(new ContentInfo(CMSObjectIdentifiers.data, null));
    private static final byte[] CONTENT_TYPE_ATTRIBUTE =
            Der.of(new Attribute(CMSAttributes.contentType, new DERSet(CMSObjectIdentifiers.data)));
    private static final byte[] SIGNING_TIME = Der.of(CMSAttributes.signingTime);
    private static final byte[] MESSAGE_DIGEST = Der.of(CMSAttributes.messageDigest);

    private CmsSignatureBuilder() {}

    /** A signature just made, with the evidence its self-check established. */
    public record Signed(byte[] der, SignatureEvidence evidence) {}

    /**
     * Signs, time-stamps when {@code timestamper} is present, and checks the signer's signature value
     * over the exact signed attributes with the leaf certificate's key (the time-stamp token comes
     * back checked from {@link Timestamper#timestampVerified}). The evidence is what {@link
     * CmsSignatureVerifier#verify} reports for the same output.
     *
     * @throws FormatException when the key backend or the TSA fails, or a signature value does not verify
     */
    public static Signed build(
            String formatId,
            SigningKey key,
            HashAlgorithm hash,
            byte[] contentDigest,
            Instant signingTime,
            Optional<Timestamper> timestamper)
            throws FormatException {
        CmsSignerTemplate template =
                CmsSignerTemplate.of(key.chain(), key.handle().algorithm(), hash);
        Instant time = signingTime.truncatedTo(ChronoUnit.SECONDS);
        byte[][] attributes = signedAttributes(template, contentDigest, time);
        byte[] toBeSigned = Der.tlv(Der.SET, attributes);
        byte[] signature;
        try {
            signature = key.sign(hash, toBeSigned);
        } catch (KeyBackendException e) {
            throw new FormatException("the key backend could not sign: " + e.getMessage(), e);
        }
        if (!template.signatureCheck().verifies(toBeSigned, signature)) {
            throw new FormatException("the new CMS signature failed its own verification: "
                    + "the signature does not verify with the signer's certificate");
        }
        Optional<VerifiedToken> token = Optional.empty();
        if (timestamper.isPresent()) {
            try {
                token = Optional.of(timestamper.get().timestampVerified(signature));
            } catch (TimestampException e) {
                throw new FormatException("cannot time-stamp the CMS signature: " + e.getMessage(), e);
            }
        }
        byte[] signerInfo = Der.sequence(
                VERSION_1,
                template.signerId(),
                template.digestAlgorithm(),
                Der.tlv(0xA0, attributes),
                template.signatureAlgorithm(),
                Der.octetString(signature),
                token.map(t -> Der.tlv(0xA1, TimestampAttributes.attribute(t.der())))
                        .orElse(new byte[0]));
        byte[] signedData = Der.sequence(
                VERSION_1,
                Der.set(template.digestAlgorithm()),
                DETACHED_DATA,
                template.certificates(),
                Der.set(signerInfo));
        SignatureEvidence evidence =
                new SignatureEvidence(formatId, true, "", template.orderedChain(), Optional.of(time));
        if (token.isPresent()) {
            evidence = evidence.withTimestamp(token.get().evidence());
        }
        evidence = evidence.withCanonicalSignatureValue(signature, SignatureValues.EcdsaEncoding.DER);
        return new Signed(Der.sequence(SIGNED_DATA, Der.tlv(0xA0, signedData)), evidence);
    }

    /** contentType, signingTime, messageDigest and CMSAlgorithmProtection, each a DER Attribute, DER-sorted. */
    static byte[][] signedAttributes(CmsSignerTemplate template, byte[] contentDigest, Instant signingTime) {
        return Der.sorted(
                CONTENT_TYPE_ATTRIBUTE,
                Der.sequence(SIGNING_TIME, Der.tlv(Der.SET, Der.time(signingTime))),
                Der.sequence(MESSAGE_DIGEST, Der.tlv(Der.SET, Der.octetString(contentDigest))),
                template.algorithmProtection());
    }
}
