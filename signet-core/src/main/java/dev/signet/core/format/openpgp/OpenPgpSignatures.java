package dev.signet.core.format.openpgp;

import dev.signet.core.crypto.BoundedCache;
import dev.signet.core.crypto.CertificateCache;
import dev.signet.core.crypto.KeyAlgorithm;
import dev.signet.core.format.FormatException;
import dev.signet.core.format.SignatureEvidence;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.security.interfaces.EdECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import org.bouncycastle.bcpg.ArmoredInputStream;
import org.bouncycastle.bcpg.HashAlgorithmTags;
import org.bouncycastle.bcpg.sig.IssuerFingerprint;
import org.bouncycastle.bcpg.sig.NotationData;
import org.bouncycastle.openpgp.PGPException;
import org.bouncycastle.openpgp.PGPPublicKey;
import org.bouncycastle.openpgp.PGPSignature;
import org.bouncycastle.openpgp.PGPSignatureList;
import org.bouncycastle.openpgp.PGPSignatureSubpacketVector;
import org.bouncycastle.openpgp.jcajce.JcaPGPObjectFactory;

/**
 * Parses and checks Signet's OpenPGP signatures: armored, exactly one v4 binary-document signature,
 * SHA-256, RSA or EdDSA, with the X.509 chain in the hashed notation {@link #CHAIN_NOTATION}; the
 * leaf's OpenPGP key ({@link OpenPgpKeys#publicKey}) must have the hashed issuer fingerprint, and
 * the signature must verify over the file. Input over {@link #MAX_SIGNATURE_SIZE} bytes is refused.
 */
final class OpenPgpSignatures {
    static final String CHAIN_NOTATION = "x509-chain@signet.dev";
    static final int MAX_SIGNATURE_SIZE = 1 << 20;
    private static final String BEGIN = "-----BEGIN PGP SIGNATURE-----";
    /**
     * Chain notations that parsed once, by their exact text: every signature of a signer carries the
     * same one, and splitting, decoding and hashing it again was about 6% of a verify. At most
     * {@value #MAX_CACHED_CHAINS} of at most {@value #MAX_CACHED_CHAIN_CHARS} characters (hostile
     * input pins at most 8 MiB); the cache starts over when full.
     */
    static final int MAX_CACHED_CHAINS = 256;

    private static final int MAX_CACHED_CHAIN_CHARS = 32 * 1024;
    private static final BoundedCache<String, List<X509Certificate>> CHAINS = new BoundedCache<>(MAX_CACHED_CHAINS);

    private OpenPgpSignatures() {}

    static boolean isArmoredSignature(byte[] head) {
        if (head == null) {
            return false;
        }
        int i = 0;
        while (i < head.length && i < 1024 && Character.isWhitespace(head[i])) {
            i++;
        }
        return head.length - i >= BEGIN.length()
                && new String(head, i, BEGIN.length(), StandardCharsets.US_ASCII).equals(BEGIN);
    }

    /** Where the SHA-256 state over the signed document comes from (read lazily, after the cheap checks). */
    @FunctionalInterface
    interface Document {
        MessageDigest hashed() throws IOException;
    }

    static SignatureEvidence verify(String formatId, Path file, byte[] armored) throws FormatException {
        try {
            return verify(formatId, () -> PrehashedPgpVerifier.hashDocument(file), armored);
        } catch (UncheckedIOException e) {
            throw new FormatException("cannot read " + file + ": " + oneLine(e.getCause()), e.getCause());
        }
    }

    /**
     * Verifies {@code armored} over a document whose SHA-256 state (not finished) {@code document}
     * supplies: what {@link #verify(String, Path, byte[])} does after hashing the file, so that the
     * signer, which has already hashed the file once, reports exactly the same evidence.
     */
    static SignatureEvidence verify(String formatId, Document document, byte[] armored) throws FormatException {
        if (armored.length > MAX_SIGNATURE_SIZE) {
            throw new FormatException("the OpenPGP signature is larger than " + MAX_SIGNATURE_SIZE + " bytes");
        }
        if (!isArmoredSignature(armored)) {
            throw new FormatException("not an armored OpenPGP signature");
        }
        PGPSignature signature = parse(armored);
        SignatureEvidence evidence = check(formatId, document, signature).withSignatureValue(encoded(signature));
        long validity = subpackets(() -> signature.getHashedSubPackets().getSignatureExpirationTime());
        return validity <= 0
                ? evidence
                : evidence.withExpiresAt(signature.getCreationTime().toInstant().plusSeconds(validity));
    }

    /**
     * The signature packet in its canonical form ({@link CanonicalSignaturePacket}: without
     * unhashed subpackets, MPIs minimal), so that changing what the key does not sign keeps the id.
     */
    private static byte[] encoded(PGPSignature signature) throws FormatException {
        try {
            byte[] packet = signature.getEncoded();
            return CanonicalSignaturePacket.of(packet)
                    .orElseThrow(() -> new FormatException("malformed OpenPGP signature packet"));
        } catch (IOException e) {
            throw new FormatException("malformed OpenPGP signature: " + oneLine(e), e);
        }
    }

    /** The evidence of a parsed signature; the caller names its signature value and expiry. */
    private static SignatureEvidence check(String formatId, Document document, PGPSignature signature)
            throws FormatException {
        PGPSignatureSubpacketVector hashed = signature.getHashedSubPackets();
        List<X509Certificate> chain = chain(hashed);
        Optional<java.time.Instant> created =
                Optional.of(signature.getCreationTime().toInstant());
        try {
            KeyAlgorithm algorithm = signature.getKeyAlgorithm() == 22 ? KeyAlgorithm.ED25519 : KeyAlgorithm.RSA_3072;
            if (!holdsKeyOf(chain.get(0), algorithm)) {
                return new SignatureEvidence(
                        formatId,
                        false,
                        "the signature's key algorithm is not its certificate's key (" + algorithm + ")",
                        chain,
                        created);
            }
            PGPPublicKey key = OpenPgpKeys.publicKey(chain.get(0), algorithm);
            byte[] issuer = subpackets(() -> {
                IssuerFingerprint f = hashed.getIssuerFingerprint();
                return f == null ? null : f.getFingerprint();
            });
            if (issuer == null || !Arrays.equals(issuer, key.getFingerprint())) {
                return new SignatureEvidence(
                        formatId,
                        false,
                        "the signature's issuer fingerprint is not its certificate's key",
                        chain,
                        created);
            }
            MessageDigest state;
            try {
                state = document.hashed();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            signature.init(new PrehashedPgpVerifier(state, chain.get(0)), key);
            boolean ok = signature.verify();
            return new SignatureEvidence(
                    formatId, ok, ok ? "" : "the file does not match its OpenPGP signature", chain, created);
        } catch (PGPException | IllegalArgumentException e) {
            return new SignatureEvidence(
                    formatId, false, "the OpenPGP signature does not verify: " + oneLine(e), chain, created);
        }
    }

    /** Whether the certificate's key is of the kind the signature claims (the key converter casts to it). */
    private static boolean holdsKeyOf(X509Certificate certificate, KeyAlgorithm algorithm) {
        PublicKey key = certificate.getPublicKey();
        return algorithm == KeyAlgorithm.ED25519
                ? key instanceof EdECPublicKey || "Ed25519".equals(key.getAlgorithm())
                : key instanceof RSAPublicKey;
    }

    private static PGPSignature parse(byte[] armored) throws FormatException {
        return bcpg("malformed OpenPGP signature", () -> {
            Optional<byte[]> packets = CanonicalArmor.decode(armored);
            try (InputStream in = packets.isPresent()
                    ? new ByteArrayInputStream(packets.get())
                    : new ArmoredInputStream(new ByteArrayInputStream(armored))) {
                Object first = new JcaPGPObjectFactory(in).nextObject();
                if (!(first instanceof PGPSignatureList list) || list.size() != 1) {
                    throw new FormatException("the armor does not hold exactly one OpenPGP signature");
                }
                PGPSignature signature = list.get(0);
                if (signature.getVersion() != 4
                        || signature.getSignatureType() != PGPSignature.BINARY_DOCUMENT
                        || signature.getHashAlgorithm() != HashAlgorithmTags.SHA256) {
                    throw new FormatException("not a v4 SHA-256 binary-document signature");
                }
                if (signature.getHashedSubPackets() == null || signature.getCreationTime() == null) {
                    throw new FormatException("the OpenPGP signature has no hashed subpackets");
                }
                return signature;
            }
        });
    }

    private static List<X509Certificate> chain(PGPSignatureSubpacketVector hashed) throws FormatException {
        String encoded = subpackets(() -> {
            for (NotationData notation : hashed.getNotationDataOccurrences()) {
                if (CHAIN_NOTATION.equals(notation.getNotationName())) {
                    return notation.getNotationValue();
                }
            }
            return null;
        });
        if (encoded == null) {
            throw new FormatException("the OpenPGP signature carries no " + CHAIN_NOTATION
                    + " notation: Signet verifies only the signatures it makes (use gpg for others)");
        }
        List<X509Certificate> cached = CHAINS.get(encoded);
        if (cached != null) {
            return cached;
        }
        List<X509Certificate> chain = new ArrayList<>();
        try {
            for (String part : encoded.split(",", 9)) {
                chain.add(CertificateCache.parse(Base64.getDecoder().decode(part)));
            }
        } catch (CertificateException | IllegalArgumentException e) {
            throw new FormatException("the signature's certificate chain is malformed", e);
        }
        List<X509Certificate> parsed = List.copyOf(chain);
        if (encoded.length() <= MAX_CACHED_CHAIN_CHARS) {
            CHAINS.put(encoded, parsed);
        }
        return parsed;
    }

    /**
     * Reads hashed subpackets. BouncyCastle decodes a subpacket's content only when asked, so a
     * malformed one (a notation that is not UTF-8, a time shorter than four bytes) fails here, after
     * {@link #parse} accepted the packet.
     */
    private static <T> T subpackets(BcpgRead<T> read) throws FormatException {
        return bcpg("malformed OpenPGP signature subpacket", read);
    }

    /** A read of BouncyCastle's OpenPGP packet classes over untrusted bytes, and this class's refusals. */
    @FunctionalInterface
    private interface BcpgRead<T> {
        T read() throws IOException, FormatException;
    }

    /**
     * Runs {@code read}. BouncyCastle's OpenPGP classes report a malformed packet as {@link
     * IOException}, and content they decode late as {@link IllegalArgumentException} (a string that
     * is not UTF-8), {@link IndexOutOfBoundsException} (a field shorter than its type) or {@link
     * IllegalStateException}: those become {@code FormatException(what + ": " + reason)}; anything
     * else escapes as a bug.
     */
    private static <T> T bcpg(String what, BcpgRead<T> read) throws FormatException {
        try {
            return read.read();
        } catch (IOException | IllegalArgumentException | IndexOutOfBoundsException | IllegalStateException e) {
            throw new FormatException(what + ": " + oneLine(e), e);
        }
    }

    static String oneLine(Throwable e) {
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        message = message.replaceAll("[\\r\\n]+", " ");
        return message.length() > 200 ? message.substring(0, 200) + "..." : message;
    }
}
