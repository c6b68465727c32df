package dev.signet.core.format.openpgp;

import dev.signet.core.crypto.KeyAlgorithm;
import dev.signet.core.crypto.SigningKey;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.util.Date;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.security.auth.x500.X500Principal;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x500.style.IETFUtils;
import org.bouncycastle.bcpg.ArmoredOutputStream;
import org.bouncycastle.bcpg.PublicKeyAlgorithmTags;
import org.bouncycastle.bcpg.sig.KeyFlags;
import org.bouncycastle.openpgp.PGPException;
import org.bouncycastle.openpgp.PGPPrivateKey;
import org.bouncycastle.openpgp.PGPPublicKey;
import org.bouncycastle.openpgp.PGPSignature;
import org.bouncycastle.openpgp.PGPSignatureGenerator;
import org.bouncycastle.openpgp.PGPSignatureSubpacketGenerator;
import org.bouncycastle.openpgp.operator.jcajce.JcaPGPKeyConverter;

/**
 * The OpenPGP view of a profile version's key. The public key packet's creation time is the
 * X.509 certificate's notBefore, so the key, and its fingerprint, are a pure function of the
 * certificate: the same on every call and after every restart. The transferable public key for
 * {@code gpg --import} has one user ID (the certificate's common name, "(Signet)") with a positive
 * self-certification made at that same time, and RSA PKCS#1 v1.5 is deterministic, so the armored
 * key is byte-identical across calls.
 */
public final class OpenPgpKeys {
    static final int MAX_CACHED = 1024;

    private record CacheKey(X509Certificate certificate, KeyAlgorithm algorithm) {}

    /** Converted keys (immutable: bcpg's certification adds a copy), at most {@link #MAX_CACHED}; the cache starts over when full. */
    private static final Map<CacheKey, PGPPublicKey> KEYS = new ConcurrentHashMap<>();

    private OpenPgpKeys() {}

    /**
     * The OpenPGP public key of {@code certificate}'s key (RSA, or legacy EdDSA for Ed25519),
     * converted once per certificate and algorithm.
     */
    public static PGPPublicKey publicKey(X509Certificate certificate, KeyAlgorithm algorithm) throws PGPException {
        CacheKey key = new CacheKey(certificate, algorithm);
        PGPPublicKey cached = KEYS.get(key);
        if (cached != null) {
            return cached;
        }
        PGPPublicKey made = new JcaPGPKeyConverter()
                .getPGPPublicKey(pgpAlgorithm(algorithm), certificate.getPublicKey(), certificate.getNotBefore());
        if (KEYS.size() >= MAX_CACHED) {
            KEYS.clear();
        }
        KEYS.put(key, made);
        return made;
    }

    /** The armored transferable public key (key, user ID, self-signature) of a signing key. */
    public static String armoredPublicKey(SigningKey key) throws PGPException {
        PGPPublicKey publicKey = publicKey(key.certificate(), key.handle().algorithm());
        String userId = userId(key.certificate());
        PGPSignatureGenerator generator =
                new PGPSignatureGenerator(new KeyBackendPgpSigner(key, publicKey.getKeyID()), publicKey);
        PGPSignatureSubpacketGenerator hashed = new PGPSignatureSubpacketGenerator();
        hashed.setSignatureCreationTime(false, key.certificate().getNotBefore());
        hashed.setKeyFlags(false, KeyFlags.SIGN_DATA | KeyFlags.CERTIFY_OTHER);
        hashed.setIssuerFingerprint(false, publicKey);
        hashed.setPrimaryUserID(false, true);
        generator.setHashedSubpackets(hashed.generate());
        PGPSignatureSubpacketGenerator unhashed = new PGPSignatureSubpacketGenerator();
        unhashed.setIssuerKeyID(false, publicKey.getKeyID());
        generator.setUnhashedSubpackets(unhashed.generate());
        generator.init(PGPSignature.POSITIVE_CERTIFICATION, placeholder(publicKey));
        PGPSignature certification = generator.generateCertification(userId, publicKey);
        PGPPublicKey certified = PGPPublicKey.addCertification(publicKey, userId, certification);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ArmoredOutputStream armor =
                ArmoredOutputStream.builder().clearHeaders().build(bytes)) {
            certified.encode(armor);
        } catch (IOException e) {
            throw new PGPException("cannot armor the public key", e);
        }
        return bytes.toString(StandardCharsets.US_ASCII);
    }

    /** bcpg asks for a private key object; the key stays in the backend, so this one holds nothing. */
    static PGPPrivateKey placeholder(PGPPublicKey publicKey) {
        return new PGPPrivateKey(publicKey.getKeyID(), publicKey.getPublicKeyPacket(), null);
    }

    static int pgpAlgorithm(KeyAlgorithm algorithm) {
        return switch (algorithm) {
            case RSA_3072, RSA_2048, RSA_4096 -> PublicKeyAlgorithmTags.RSA_GENERAL;
            case ED25519 -> PublicKeyAlgorithmTags.EDDSA_LEGACY;
            case ECDSA_P256, ECDSA_P384 ->
                throw new IllegalArgumentException(
                        "Signet's OpenPGP format signs with RSA or Ed25519 keys, not " + algorithm);
        };
    }

    private static String userId(X509Certificate certificate) {
        X500Name name =
                X500Name.getInstance(certificate.getSubjectX500Principal().getEncoded());
        RDN[] cn = name.getRDNs(BCStyle.CN);
        String common = cn.length > 0
                ? IETFUtils.valueToString(cn[0].getFirst().getValue())
                : certificate.getSubjectX500Principal().getName(X500Principal.RFC2253);
        return common + " (Signet)";
    }

    static Date creationTime(X509Certificate certificate) {
        return certificate.getNotBefore();
    }
}
