package dev.signet.core.tsa;

import dev.signet.core.crypto.CryptoProviders;
import dev.signet.core.crypto.Der;
import dev.signet.core.crypto.HashAlgorithm;
import dev.signet.core.crypto.KeyBackendContentSigner;
import dev.signet.core.crypto.SignatureAlgorithm;
import java.math.BigInteger;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import org.bouncycastle.asn1.DERSet;
import org.bouncycastle.asn1.cms.Attribute;
import org.bouncycastle.asn1.cms.CMSAlgorithmProtection;
import org.bouncycastle.asn1.cms.CMSAttributes;
import org.bouncycastle.asn1.cms.CMSObjectIdentifiers;
import org.bouncycastle.asn1.cms.IssuerAndSerialNumber;
import org.bouncycastle.asn1.ess.ESSCertIDv2;
import org.bouncycastle.asn1.ess.SigningCertificateV2;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;

/**
 * Encodes RFC 3161 TimeStampTokens for one TSA certificate chain and signature algorithm, laid out
 * as BouncyCastle's {@code TimeStampTokenGenerator} lays them out for Signet's TSA: SignedData v3
 * with the TSTInfo (version 1, {@link TimestampAuthority#POLICY}, the imprint, serial number, genTime
 * in whole seconds, accuracy one second, nonce) as encapsulated content, the chain in chain order,
 * and one SignerInfo whose signed attributes are contentType, signingTime, messageDigest,
 * CMSAlgorithmProtection and signingCertificateV2 (ESSCertIDv2 with the SHA-256 certificate hash).
 * Everything constant is encoded once here; per token only the TSTInfo, two attributes and the
 * SignerInfo are written. Immutable and thread-safe.
 */
final class TokenEncoder {
    private static final byte[] VERSION_1 = Der.integer(1);
    private static final byte[] VERSION_3 = Der.integer(3);
    private static final byte[] SIGNED_DATA = Der.of(CMSObjectIdentifiers.signedData);
    private static final byte[] TST_INFO = Der.of(PKCSObjectIdentifiers.id_ct_TSTInfo);
    private static final byte[] POLICY = Der.of(TimestampAuthority.POLICY);
    private static final byte[] ACCURACY_ONE_SECOND = Der.sequence(Der.integer(1));
    private static final byte[] SIGNING_TIME = Der.of(CMSAttributes.signingTime);
    private static final byte[] MESSAGE_DIGEST = Der.of(CMSAttributes.messageDigest);
    private static final byte[] CONTENT_TYPE_ATTRIBUTE =
            Der.of(new Attribute(CMSAttributes.contentType, new DERSet(PKCSObjectIdentifiers.id_ct_TSTInfo)));
    private static final byte[] SHA256 = Der.of(KeyBackendContentSigner.digestIdentifier(HashAlgorithm.SHA256));
    private static final byte[] SHA384 = Der.of(KeyBackendContentSigner.digestIdentifier(HashAlgorithm.SHA384));

    private final byte[] certificates;
    private final byte[] signerId;
    private final byte[] signatureAlgorithm;
    private final byte[] algorithmProtection;
    private final byte[] signingCertificate;

    /**
     * @param chain the TSA certificate first, then its issuers
     * @param algorithm the TSA key's algorithm with SHA-256
     */
    TokenEncoder(List<X509Certificate> chain, SignatureAlgorithm algorithm) throws CertificateEncodingException {
        Objects.requireNonNull(algorithm, "algorithm");
        if (chain.isEmpty() || algorithm.hash() != HashAlgorithm.SHA256) {
            throw new IllegalArgumentException("a TSA chain and a SHA-256 signature algorithm are required");
        }
        X509Certificate tsa = chain.get(0);
        byte[][] certs = new byte[chain.size()][];
        for (int i = 0; i < certs.length; i++) {
            certs[i] = chain.get(i).getEncoded();
        }
        this.certificates = Der.tlv(0xA0, certs);
        this.signerId = Der.of(new IssuerAndSerialNumber(
                X500Name.getInstance(tsa.getIssuerX500Principal().getEncoded()), tsa.getSerialNumber()));
        AlgorithmIdentifier signature = KeyBackendContentSigner.algorithmIdentifier(algorithm);
        AlgorithmIdentifier digest = KeyBackendContentSigner.digestIdentifier(HashAlgorithm.SHA256);
        this.signatureAlgorithm = Der.of(signature);
        this.algorithmProtection = Der.of(new Attribute(
                CMSAttributes.cmsAlgorithmProtect,
                new DERSet(new CMSAlgorithmProtection(digest, CMSAlgorithmProtection.SIGNATURE, signature))));
        byte[] certHash = CryptoProviders.messageDigest(HashAlgorithm.SHA256).digest(certs[0]);
        this.signingCertificate = Der.of(new Attribute(
                PKCSObjectIdentifiers.id_aa_signingCertificateV2,
                new DERSet(new SigningCertificateV2(new ESSCertIDv2(certHash)))));
    }

    /** Whether tokens can carry an imprint of {@code hash} (SHA-256 or SHA-384). */
    static boolean supports(HashAlgorithm hash) {
        return hash == HashAlgorithm.SHA256 || hash == HashAlgorithm.SHA384;
    }

    /** The DER TSTInfo. */
    byte[] tstInfo(HashAlgorithm hash, byte[] digest, BigInteger serial, Instant genTime, BigInteger nonce) {
        if (!supports(hash) || digest.length != hash.length()) {
            throw new IllegalArgumentException("not a SHA-256 or SHA-384 digest");
        }
        byte[] imprint = Der.sequence(hash == HashAlgorithm.SHA256 ? SHA256 : SHA384, Der.octetString(digest));
        return Der.sequence(
                VERSION_1,
                POLICY,
                imprint,
                Der.integer(serial),
                Der.generalizedTime(genTime),
                ACCURACY_ONE_SECOND,
                Der.integer(nonce));
    }

    /** The signed attributes over {@code tstInfo}, each a DER Attribute, in DER SET order. */
    byte[][] signedAttributes(byte[] tstInfo, Instant genTime) {
        byte[] digest = CryptoProviders.messageDigest(HashAlgorithm.SHA256).digest(tstInfo);
        return Der.sorted(
                CONTENT_TYPE_ATTRIBUTE,
                Der.sequence(SIGNING_TIME, Der.tlv(Der.SET, Der.time(genTime))),
                Der.sequence(MESSAGE_DIGEST, Der.tlv(Der.SET, Der.octetString(digest))),
                algorithmProtection,
                signingCertificate);
    }

    /** The bytes the TSA signs: the signed attributes as a DER SET. */
    static byte[] toBeSigned(byte[][] signedAttributes) {
        return Der.tlv(Der.SET, signedAttributes);
    }

    /** The DER TimeStampToken (a ContentInfo) carrying {@code tstInfo} signed with {@code signature}. */
    byte[] token(byte[] tstInfo, byte[][] signedAttributes, byte[] signature) {
        byte[] signerInfo = Der.sequence(
                VERSION_1,
                signerId,
                SHA256,
                Der.tlv(0xA0, signedAttributes),
                signatureAlgorithm,
                Der.octetString(signature));
        byte[] signedData = Der.sequence(
                VERSION_3,
                Der.set(SHA256),
                Der.sequence(TST_INFO, Der.tlv(0xA0, Der.octetString(tstInfo))),
                certificates,
                Der.set(signerInfo));
        return Der.sequence(SIGNED_DATA, Der.tlv(0xA0, signedData));
    }
}
