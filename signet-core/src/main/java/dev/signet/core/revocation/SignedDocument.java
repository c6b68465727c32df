package dev.signet.core.revocation;

import com.fasterxml.jackson.databind.JsonNode;
import dev.signet.core.crypto.CryptoProviders;
import dev.signet.core.crypto.HashAlgorithm;
import dev.signet.core.crypto.Jose;
import dev.signet.core.crypto.KeyAlgorithm;
import dev.signet.core.crypto.SigningKey;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.security.Signature;
import java.security.SignatureException;
import java.security.cert.CertPathBuilder;
import java.security.cert.CertStore;
import java.security.cert.CollectionCertStoreParameters;
import java.security.cert.PKIXBuilderParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509CertSelector;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.time.Instant;
import java.util.Collection;
import java.util.Date;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The JWS compact serialization (RFC 7515) Signet's revocation data travels in: {@code
 * base64url(header) "." base64url(payload) "." base64url(r||s)}, ES384, with the canonical header
 * {@code {"alg":"ES384","typ":TYPE,"x5c":[signer, ..., root]}}. Opening one refuses anything but
 * that exact form, a signature that does not verify with {@code x5c[0]}'s key, and a signer that is
 * not a CA certificate with the cRLSign key usage. Trust in the chain is {@link #requireTrusted}'s.
 */
final class SignedDocument {
    static final int FIELD_BYTES = 48;
    static final int MAX_CHAIN = 4;
    private static final int CRL_SIGN = 6;

    private SignedDocument() {}

    /** What an opened document carries: its signer chain (signer first) and its payload. */
    record Opened(List<X509Certificate> chain, byte[] payload) {}

    static byte[] sign(String type, byte[] payload, SigningKey key) {
        if (key.handle().algorithm() != KeyAlgorithm.ECDSA_P384) {
            throw new IllegalArgumentException("revocation data is signed with an ECDSA P-384 key (ES384)");
        }
        String input = Jose.base64Url(header(type, key.chain())) + "." + Jose.base64Url(payload);
        byte[] der = key.sign(HashAlgorithm.SHA384, input.getBytes(StandardCharsets.US_ASCII));
        return (input + "." + Jose.base64Url(Jose.ecdsaDerToJose(der, FIELD_BYTES)))
                .getBytes(StandardCharsets.US_ASCII);
    }

    private static byte[] header(String type, List<X509Certificate> chain) {
        return CanonicalJson.write(g -> {
            g.writeStartObject();
            g.writeStringField("alg", "ES384");
            g.writeStringField("typ", type);
            g.writeArrayFieldStart("x5c");
            for (X509Certificate c : chain) {
                g.writeString(CanonicalJson.base64(c));
            }
            g.writeEndArray();
            g.writeEndObject();
        });
    }

    static Opened open(byte[] encoded, String type, int maxBytes, String what) throws RevocationDataException {
        if (encoded == null || encoded.length == 0) {
            throw new RevocationDataException(what + " is empty");
        }
        if (encoded.length > maxBytes) {
            throw new RevocationDataException(what + " is larger than " + maxBytes + " bytes");
        }
        for (byte b : encoded) {
            if (!(b == '.'
                    || b == '-'
                    || b == '_'
                    || (b >= '0' && b <= '9')
                    || (b >= 'A' && b <= 'Z')
                    || (b >= 'a' && b <= 'z'))) {
                throw new RevocationDataException(
                        what + " is not a JWS compact serialization (a byte outside base64url and '.')");
            }
        }
        String[] parts = new String(encoded, StandardCharsets.US_ASCII).split("\\.", -1);
        if (parts.length != 3) {
            throw new RevocationDataException(what + " is not a JWS compact serialization (three parts)");
        }
        byte[] headerBytes = decode(parts[0], what + " header");
        byte[] payload = decode(parts[1], what + " payload");
        byte[] signature = decode(parts[2], what + " signature");
        List<X509Certificate> chain = headerChain(headerBytes, type, what);
        verifySignature(chain.get(0), parts[0] + "." + parts[1], signature, what);
        requireRevocationSigner(chain.get(0), what);
        return new Opened(chain, payload);
    }

    private static byte[] decode(String part, String what) throws RevocationDataException {
        return Jose.decodeBase64Url(part)
                .filter(b -> b.length > 0)
                .orElseThrow(() -> new RevocationDataException(what + " is not canonical unpadded base64url"));
    }

    private static List<X509Certificate> headerChain(byte[] bytes, String type, String what)
            throws RevocationDataException {
        String where = what + " header";
        JsonNode header = CanonicalJson.object(CanonicalJson.parse(bytes, where), where, "alg", "typ", "x5c");
        if (!"ES384".equals(CanonicalJson.text(header, "alg", where))) {
            throw new RevocationDataException(where + ".alg is not ES384");
        }
        String typ = CanonicalJson.text(header, "typ", where);
        if (!type.equals(typ)) {
            throw new RevocationDataException(where + ".typ is " + CanonicalJson.quote(typ) + ", not " + type);
        }
        List<X509Certificate> chain =
                CanonicalJson.certificates(CanonicalJson.array(header, "x5c", where, MAX_CHAIN), where + ".x5c");
        if (chain.isEmpty()) {
            throw new RevocationDataException(where + ".x5c is empty");
        }
        CanonicalJson.requireCanonical(bytes, header(type, chain), where);
        return chain;
    }

    private static void verifySignature(X509Certificate signer, String input, byte[] jose, String what)
            throws RevocationDataException {
        boolean p384 = signer.getPublicKey() instanceof ECPublicKey ec
                && ec.getParams().getCurve().getField().getFieldSize() == 384;
        byte[] der = Jose.ecdsaJoseToDer(jose, FIELD_BYTES);
        if (!p384 || der.length == 0) {
            throw new RevocationDataException(what + " is not signed with an ECDSA P-384 key (ES384)");
        }
        boolean valid;
        try {
            Signature verifier = CryptoProviders.signature("SHA384withECDSA");
            CryptoProviders.initVerify(verifier, signer.getPublicKey());
            verifier.update(input.getBytes(StandardCharsets.US_ASCII));
            valid = verifier.verify(der);
        } catch (InvalidKeyException | SignatureException e) {
            valid = false; // the document's key or signature value, which the provider cannot use
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("no provider for SHA384withECDSA", e);
        }
        if (!valid) {
            throw new RevocationDataException(what + " signature does not verify with its signer's key (changed?)");
        }
    }

    /** The signer must be a CA allowed to sign revocation data: basicConstraints CA and cRLSign. */
    private static void requireRevocationSigner(X509Certificate signer, String what) throws RevocationDataException {
        boolean[] usage = signer.getKeyUsage();
        if (signer.getBasicConstraints() < 0 || usage == null || usage.length <= CRL_SIGN || !usage[CRL_SIGN]) {
            throw new RevocationDataException(what + " is signed by "
                    + signer.getSubjectX500Principal().getName()
                    + ", which is not a CA certificate with the cRLSign key usage");
        }
    }

    /** Refuses a chain that has no PKIX path (revocation not checked) to one of {@code roots} at {@code at}. */
    static void requireTrusted(List<X509Certificate> chain, Collection<X509Certificate> roots, Instant at, String what)
            throws RevocationDataException {
        if (roots.isEmpty()) {
            throw new RevocationDataException("no trusted roots to check " + what + " against");
        }
        try {
            Set<TrustAnchor> anchors =
                    roots.stream().map(r -> new TrustAnchor(r, null)).collect(Collectors.toSet());
            X509CertSelector target = new X509CertSelector();
            target.setCertificate(chain.get(0));
            PKIXBuilderParameters params = new PKIXBuilderParameters(anchors, target);
            params.setRevocationEnabled(false);
            params.setDate(Date.from(at));
            params.addCertStore(CertStore.getInstance("Collection", new CollectionCertStoreParameters(chain)));
            CertPathBuilder.getInstance("PKIX").build(params);
        } catch (GeneralSecurityException e) {
            throw new RevocationDataException(what + " is signed by "
                    + chain.get(0).getSubjectX500Principal().getName()
                    + ", which does not chain to a trusted root at " + at + ": " + CanonicalJson.oneLine(e));
        }
    }
}
