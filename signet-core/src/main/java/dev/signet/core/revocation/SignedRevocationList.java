package dev.signet.core.revocation;

import dev.signet.core.crypto.SigningKey;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Objects;

/**
 * The revocation list's wire form (docs/formats.md, "Signed revocation list"): a JWS compact
 * serialization, ES384, typ {@value #TYPE}, signed by the Signet CA's issuing key and carrying its
 * chain in {@code x5c}, so an offline verifier that trusts the root trusts the list. The payload is
 * canonical JSON; times are kept to the millisecond (finer parts are dropped when signing).
 * Verification refuses any changed byte, a signer that is not a CA certificate with cRLSign, a
 * chain that does not lead to a trusted root at the list's issuedAt, and files over {@link
 * #MAX_BYTES} bytes or with over 1,000,000 entries.
 */
public final class SignedRevocationList {
    public static final String TYPE = "application/vnd.signet.revocation-list+json";
    /** The media type of the signed list as served ({@code GET /v1/revocation-list}). */
    public static final String MEDIA_TYPE = "application/vnd.signet.revocation-list+jose";

    public static final int MAX_BYTES = 8 << 20;
    private static final String WHAT = "the revocation list";

    private SignedRevocationList() {}

    /**
     * Encodes and signs {@code list} with {@code caKey} (the CA's issuing key and chain).
     *
     * @throws IllegalArgumentException when the key is not ECDSA P-384, or the list names the same
     *     signature of the same job or the same profile version twice, or holds more than 1,000,000
     *     entries
     */
    public static byte[] sign(RevocationList list, SigningKey caKey) {
        Objects.requireNonNull(list, "list");
        Objects.requireNonNull(caKey, "caKey");
        byte[] signed = SignedDocument.sign(TYPE, RevocationListJson.encode(list), caKey);
        if (signed.length > MAX_BYTES) {
            throw new IllegalArgumentException("the signed revocation list would exceed " + MAX_BYTES + " bytes");
        }
        return signed;
    }

    /**
     * Parses and checks a signed list: the signature is valid, the signer's chain leads to one of
     * {@code trustedRoots}, and the signer may sign revocation data (a CA certificate with
     * cRLSign). Staleness is not judged here.
     *
     * @throws RevocationDataException for anything else, with a one-line reason
     */
    public static RevocationList verify(byte[] encoded, List<X509Certificate> trustedRoots)
            throws RevocationDataException {
        Objects.requireNonNull(trustedRoots, "trustedRoots");
        SignedDocument.Opened opened = SignedDocument.open(encoded, TYPE, MAX_BYTES, WHAT);
        RevocationList list = RevocationListJson.decode(opened.payload());
        SignedDocument.requireTrusted(opened.chain(), trustedRoots, list.issuedAt(), WHAT);
        return list;
    }
}
