package dev.signet.core.format.openpgp;

import dev.signet.core.crypto.KeyAlgorithm;
import dev.signet.core.format.FormatException;
import dev.signet.core.format.SignRequest;
import dev.signet.core.format.SignatureEvidence;
import dev.signet.core.format.SignatureFormat;
import dev.signet.core.format.Subject;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.Date;
import java.util.HexFormat;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.bouncycastle.bcpg.ArmoredOutputStream;
import org.bouncycastle.openpgp.PGPException;
import org.bouncycastle.openpgp.PGPPublicKey;
import org.bouncycastle.openpgp.PGPSignature;
import org.bouncycastle.openpgp.PGPSignatureGenerator;
import org.bouncycastle.openpgp.PGPSignatureSubpacketGenerator;

/**
 * A detached, ASCII-armored OpenPGP v4 signature (RFC 4880) of type binary document, SHA-256, made
 * with the profile's RSA (or Ed25519) key through the key backend, for {@code gpg --verify}. Hashed
 * subpackets: creation time, signature expiration (the profile's signature validity), issuer
 * fingerprint, and the notation {@value OpenPgpSignatures#CHAIN_NOTATION} holding the X.509 chain
 * (concatenated DER), so that Signet can verify the signature against its CA while gpg needs only
 * the imported public key ({@link OpenPgpKeys}). Signs files, streamed; refuses digests (OpenPGP
 * hashes a trailer after the data). Layout in {@code docs/formats.md}.
 */
public final class OpenPgpFormat implements SignatureFormat {
    public static final String ID = "openpgp";

    @Override
    public String id() {
        return ID;
    }

    @Override
    public Set<String> platformIds() {
        return Set.of("Signet-OpenPGP-SHA256");
    }

    @Override
    public boolean detect(byte[] head) {
        return OpenPgpSignatures.isArmoredSignature(head);
    }

    @Override
    public SignatureEvidence sign(SignRequest request, OutputStream out) throws FormatException {
        Objects.requireNonNull(request, "request");
        Objects.requireNonNull(out, "out");
        KeyAlgorithm algorithm = request.key().handle().algorithm();
        if (algorithm != KeyAlgorithm.RSA_3072 && algorithm != KeyAlgorithm.ED25519) {
            throw new FormatException("openpgp signs with RSA or Ed25519 keys, not " + algorithm);
        }
        MessageDigest document;
        if (request.subject() instanceof Subject.Payload payload) {
            document = stated(payload).document();
        } else if (request.subject() instanceof Subject.File file) {
            try {
                document = PrehashedPgpVerifier.hashDocument(file.path());
            } catch (IOException e) {
                throw new FormatException("cannot read " + file.path() + ": " + e.getMessage(), e);
            }
        } else {
            throw new FormatException("openpgp signs files or " + OpenPgpDigestPayload.MEDIA_TYPE
                    + " payloads: an OpenPGP signature hashes a trailer after the data, so a finished digest"
                    + " cannot be signed");
        }
        byte[] armored;
        try {
            armored = armored(generate(request, document));
        } catch (PGPException | CertificateEncodingException | IOException e) {
            throw new FormatException("cannot make the OpenPGP signature: " + e.getMessage(), e);
        }
        // the self-check parses the output and checks its signature value over the document hashed
        // above (the same code as verify() after hashing the file), instead of reading the file again
        SignatureEvidence self = OpenPgpSignatures.verify(ID, () -> copy(document), armored);
        if (!self.intact()) {
            throw new FormatException("the OpenPGP signature failed its own verification: " + self.integrityDetail());
        }
        try {
            out.write(armored);
            return self;
        } catch (IOException e) {
            throw new FormatException("cannot write the OpenPGP signature: " + e.getMessage(), e);
        }
    }

    private static MessageDigest copy(MessageDigest state) throws IOException {
        try {
            return (MessageDigest) state.clone();
        } catch (CloneNotSupportedException e) {
            throw new IOException("the SHA-256 provider cannot copy a digest state", e);
        }
    }

    /** The signature over the document whose SHA-256 state {@code document} holds (not consumed). */
    private static PGPSignature generate(SignRequest request, MessageDigest document)
            throws PGPException, CertificateEncodingException {
        X509Certificate leaf = request.key().certificate();
        PGPPublicKey publicKey =
                OpenPgpKeys.publicKey(leaf, request.key().handle().algorithm());
        PGPSignatureGenerator generator = new PGPSignatureGenerator(
                new KeyBackendPgpSigner(request.key(), publicKey.getKeyID(), document), publicKey);
        PGPSignatureSubpacketGenerator hashed = new PGPSignatureSubpacketGenerator();
        Date created = Date.from(request.metadata().signingTime());
        hashed.setSignatureCreationTime(false, created);
        long validity = (request.metadata().expiresAt().getEpochSecond()
                - request.metadata().signingTime().getEpochSecond());
        hashed.setSignatureExpirationTime(false, Math.max(1, validity));
        hashed.setIssuerFingerprint(false, publicKey);
        hashed.addNotationData(false, false, OpenPgpSignatures.CHAIN_NOTATION, chainText(request));
        generator.setHashedSubpackets(hashed.generate());
        PGPSignatureSubpacketGenerator unhashed = new PGPSignatureSubpacketGenerator();
        unhashed.setIssuerKeyID(false, publicKey.getKeyID());
        generator.setUnhashedSubpackets(unhashed.generate());
        generator.init(PGPSignature.BINARY_DOCUMENT, OpenPgpKeys.placeholder(publicKey));
        return generator.generate();
    }

    /** The chain as base64 DER certificates joined by commas (notation values are text in gpg's output). */
    private static String chainText(SignRequest request) throws CertificateEncodingException {
        StringBuilder text = new StringBuilder();
        for (X509Certificate c : request.key().chain()) {
            if (text.length() > 0) {
                text.append(',');
            }
            text.append(java.util.Base64.getEncoder().encodeToString(c.getEncoded()));
        }
        return text.toString();
    }

    private static byte[] armored(PGPSignature signature) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ArmoredOutputStream armor =
                ArmoredOutputStream.builder().clearHeaders().build(bytes)) {
            signature.encode(armor);
        }
        return bytes.toString(StandardCharsets.US_ASCII).getBytes(StandardCharsets.US_ASCII);
    }

    /**
     * The Signet extension SignPayload takes on this platform: the file's SHA-256 state before its
     * last partial block and that block ({@link OpenPgpDigestPayload}), which the server finishes with
     * the hashed part and trailer of the signature it makes.
     */
    @Override
    public Optional<String> payloadFormat() {
        return Optional.of(OpenPgpDigestPayload.MEDIA_TYPE);
    }

    /**
     * A {@link #payloadFormat} payload's file SHA-256, {@code sha256:HEX}: its state finished with its
     * tail ({@link OpenPgpDigestPayload#fileSha256}), stated by the client as the state is; empty for a
     * payload the format refuses.
     */
    @Override
    public Optional<String> statedArtifactDigest(Subject subject) {
        if (!(subject instanceof Subject.Payload payload)) {
            return SignatureFormat.super.statedArtifactDigest(subject);
        }
        try {
            return Optional.of(
                    "sha256:" + HexFormat.of().formatHex(stated(payload).fileSha256()));
        } catch (FormatException e) {
            return Optional.empty();
        }
    }

    static OpenPgpDigestPayload stated(Subject.Payload payload) throws FormatException {
        if (!payload.mediaType().equals(OpenPgpDigestPayload.MEDIA_TYPE)) {
            throw new FormatException(
                    ID + " signs " + OpenPgpDigestPayload.MEDIA_TYPE + " payloads, not " + payload.mediaType());
        }
        return OpenPgpDigestPayload.parse(payload.bytes());
    }

    @Override
    public SignatureEvidence verify(Subject subject, byte[] signature) throws FormatException {
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(signature, "signature");
        if (subject instanceof Subject.Payload payload) {
            OpenPgpDigestPayload stated = stated(payload);
            return OpenPgpSignatures.verify(ID, stated::document, signature);
        }
        if (!(subject instanceof Subject.File file)) {
            throw new FormatException("an OpenPGP signature is verified over the file, not a digest");
        }
        return OpenPgpSignatures.verify(ID, file.path(), signature);
    }
}
