package dev.signet.core.format.freertos;

import dev.signet.core.crypto.CryptoProviders;
import dev.signet.core.crypto.HashAlgorithm;
import dev.signet.core.crypto.KeyAlgorithm;
import dev.signet.core.crypto.SignatureAlgorithm;
import dev.signet.core.crypto.SignatureValues;
import dev.signet.core.format.FormatException;
import dev.signet.core.format.SignRequest;
import dev.signet.core.format.SignatureEvidence;
import dev.signet.core.format.SignatureFormat;
import dev.signet.core.format.Subject;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The JSON signatures of AWS's IoT platforms, in the shape AWS Signer emits: {@code
 * rawPayloadSize}, {@code signature} (base64 of the DER ECDSA or PKCS#1 v1.5 RSA signature over the
 * raw artifact, exactly what {@code openssl dgst -verify} checks), {@code signatureAlgorithm}, and
 * either the artifact itself ({@code payload}, embedded) or where it lives ({@code payloadLocation},
 * detached). Signet adds {@code certificateChain} (signer first) so the signature can be verified
 * offline. Layout in {@code docs/formats.md}.
 *
 * <p>Signs whole files (streamed, flat memory), with the keys its {@link IotJsonFlavor} allows; the
 * detached flavor also signs, for SignPayload, a payload stating the artifact's length and SHA-256
 * ({@link #payloadFormat}), into the document a whole file with those would get.
 * Verification reads the exact canonical layout Signet writes and refuses any other; a signature
 * is intact only when its size, signature and carried chain all check out (each certificate issued
 * and signed by the next, the last a self-signed root), so a change to any signed or structural
 * byte fails. {@code payloadLocation} is informational and not covered, as on AWS.
 */
abstract class IotJsonFormat implements SignatureFormat {
    private static final int MAX_DETACHED = 256 * 1024;
    private static final int BUFFER = 1 << 16;
    private static final int HEAD = IotJsonDocument.MAX_CERTIFICATES * IotJsonDocument.MAX_CERTIFICATE_CHARS + 4096;
    private static final String PAYLOAD = ",\"payload\":\"";
    private static final List<String> MARKERS = List.of(
            "\"rawPayloadSize\":",
            "\"signatureAlgorithm\":\"",
            "\"certificateChain\":[",
            PAYLOAD,
            "\"payloadLocation\":");
    private static final Set<String> KNOWN_ALGORITHMS = Set.of("SHA256withECDSA", "SHA256withRSA", "SHA1withRSA");

    private final IotJsonFlavor flavor;

    IotJsonFormat(IotJsonFlavor flavor) {
        this.flavor = flavor;
    }

    @Override
    public final String id() {
        return flavor.id();
    }

    @Override
    public final Set<String> platformIds() {
        return flavor.platformIds();
    }

    /** The IoT JSON document carries no signing time and no time-stamp token. */
    @Override
    public final boolean provesSigningTime() {
        return false;
    }

    @Override
    public final String outputSuffix() {
        return ".json";
    }

    /**
     * A detached signature of this kind. Lenient on purpose: two of the member names suffice, so a
     * signature with one changed byte is still judged (and fails) as this format.
     */
    @Override
    public boolean detect(byte[] head) {
        if (flavor.embedded()) {
            return false;
        }
        String text = new String(head, StandardCharsets.ISO_8859_1);
        return markers(text) >= 2 && !text.contains(PAYLOAD);
    }

    /**
     * A signed JSON image of this flavor: two of the member names and a payload, and this flavor's
     * signatureAlgorithm (or, for the flavor that claims the unknown, none Signet knows).
     */
    @Override
    public boolean detectEmbedded(Path artifact) {
        if (!flavor.embedded()) {
            return false;
        }
        try (InputStream in = Files.newInputStream(artifact)) {
            // the head as text once: a String per marker and algorithm was a twelfth of a small sign
            String head = new String(in.readNBytes(HEAD), StandardCharsets.ISO_8859_1);
            if (markers(head) < 2) {
                return false;
            }
            boolean mine = flavor.algorithms().values().stream().anyMatch(a -> head.contains("\"" + a + "\""));
            boolean known = KNOWN_ALGORITHMS.stream().anyMatch(a -> head.contains("\"" + a + "\""));
            return mine || (!known && claimsUnknownAlgorithms());
        } catch (IOException e) {
            return false;
        }
    }

    /** Whether this flavor judges embedded documents whose signatureAlgorithm no flavor knows. */
    boolean claimsUnknownAlgorithms() {
        return false;
    }

    private static int markers(String head) {
        int count = 0;
        for (String marker : MARKERS) {
            if (head.contains(marker)) {
                count++;
            }
        }
        return count;
    }

    /**
     * Hashes the file once, signs the digest and checks the signature value over that digest with the
     * leaf certificate's key, instead of parsing the document back; an embedded document's payload is
     * hashed again as it is copied in, and must be the bytes that were signed. The evidence is what
     * {@link #verify} reports for the output.
     */
    @Override
    public final SignatureEvidence sign(SignRequest request, OutputStream out) throws FormatException {
        Objects.requireNonNull(request, "request");
        Objects.requireNonNull(out, "out");
        Optional<IotDigestPayload> stated = statedDigest(request.subject());
        if (stated.isEmpty() && !(request.subject() instanceof Subject.File)) {
            throw new FormatException(id() + " signs whole files (StartSigningJob), not digests");
        }
        KeyAlgorithm key = request.key().handle().algorithm();
        String algorithm = flavor.algorithmName(key)
                .orElseThrow(() -> new FormatException(id() + " cannot sign with a " + key + " key; it signs with "
                        + flavor.algorithms().keySet()));
        if (request.subject() instanceof Subject.File file && flavor.embedded() && detectEmbedded(file.path())) {
            throw new FormatException("the file is already a signed " + id() + " document");
        }
        IotChain chain = IotChain.of(request.key().chain(), new SignatureAlgorithm(key, flavor.hash()));
        if (!chain.problem().isEmpty()) {
            throw new FormatException("the new " + id() + " signature failed its own verification: " + chain.problem());
        }
        try {
            long size;
            byte[] digest;
            if (stated.isPresent()) {
                size = stated.get().size();
                digest = stated.get().digest();
            } else {
                MessageDigest hashed = CryptoProviders.messageDigest(flavor.hash());
                size = hash(((Subject.File) request.subject()).path(), hashed);
                digest = hashed.digest();
            }
            byte[] signature = request.key().signDigest(flavor.hash(), digest);
            if (!chain.check().verifiesDigest(digest, signature)) {
                throw new FormatException("the new " + id() + " signature failed its own verification: the " + algorithm
                        + " signature does not verify with the signer certificate's key");
            }
            String head = IotJsonWriter.head(size, signature, algorithm, chain.base64());
            if (flavor.embedded() && request.subject() instanceof Subject.File file) {
                MessageDigest copied = CryptoProviders.messageDigest(flavor.hash());
                long written = IotJsonWriter.embedded(head, file.path(), copied, out);
                if (written != size || !MessageDigest.isEqual(copied.digest(), digest)) {
                    throw new FormatException(file.path().getFileName() + " changed while it was signed");
                }
            } else {
                // a stated digest names no object: its document never has a payloadLocation
                out.write(IotJsonWriter.detached(
                        head,
                        stated.isPresent()
                                ? Optional.empty()
                                : request.metadata().location()));
            }
            return new SignatureEvidence(id(), true, "", chain.certificates(), Optional.empty())
                    .withCanonicalSignatureValue(signature, SignatureValues.EcdsaEncoding.DER);
        } catch (IOException e) {
            throw new FormatException("cannot read the artifact or write the signature: " + e.getMessage(), e);
        }
    }

    /** Feeds the file to {@code digest}; returns its length. */
    private static long hash(Path file, MessageDigest digest) throws IOException {
        long size = 0;
        try (SeekableByteChannel channel = Files.newByteChannel(file);
                InputStream in = Channels.newInputStream(channel)) {
            // a small file needs no 64 KiB buffer (clearing one costs more than hashing a few KiB)
            byte[] buffer = new byte[(int) Math.min(BUFFER, channel.size() + 1)];
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                digest.update(buffer, 0, n);
                size += n;
            }
        }
        return size;
    }

    /**
     * Embedded flavors: {@code subject} is the signed JSON document and {@code signature} is empty.
     * Detached: {@code subject} is the artifact, or the {@link #payloadFormat} payload stating its
     * length and SHA-256, and {@code signature} the JSON document.
     */
    @Override
    public final SignatureEvidence verify(Subject subject, byte[] signature) throws FormatException {
        Objects.requireNonNull(subject, "subject");
        Optional<IotDigestPayload> stated = statedDigest(subject);
        if (stated.isPresent()) {
            return verifyStated(stated.get(), signature);
        }
        if (!(subject instanceof Subject.File file)) {
            throw new FormatException(id() + " verifies whole files, not digests");
        }
        try {
            if (flavor.embedded()) {
                if (signature != null && signature.length > 0) {
                    throw new FormatException(id() + " signatures are embedded; give no detached signature");
                }
                try (SeekableByteChannel channel = Files.newByteChannel(file.path());
                        InputStream in = Channels.newInputStream(channel)) {
                    IotJsonReader reader = new IotJsonReader(in, channel.size());
                    IotJsonDocument doc = IotJsonDocument.readHead(reader);
                    IotChain chain = chain(doc);
                    MessageDigest digest = CryptoProviders.messageDigest(flavor.hash());
                    reader.expect(",\"payload\":\"");
                    long size = reader.base64Stream(digest::update);
                    reader.expect("}");
                    reader.expectEnd();
                    return evidence(doc, chain, digest.digest(), size);
                }
            }
            IotJsonDocument doc = detachedDocument(signature);
            IotChain chain = chain(doc);
            MessageDigest digest = CryptoProviders.messageDigest(flavor.hash());
            long size = hash(file.path(), digest);
            return evidence(doc, chain, digest.digest(), size);
        } catch (IOException e) {
            throw new FormatException("cannot read " + file.path().getFileName() + ": " + e.getMessage(), e);
        }
    }

    private IotJsonDocument detachedDocument(byte[] signature) throws FormatException {
        if (signature == null || signature.length == 0 || signature.length > MAX_DETACHED) {
            throw new FormatException(id() + " needs the detached JSON signature (at most " + MAX_DETACHED + " bytes)");
        }
        try {
            IotJsonReader reader = new IotJsonReader(signature);
            IotJsonDocument doc = IotJsonDocument.readHead(reader);
            IotJsonDocument.readDetachedTail(reader);
            return doc;
        } catch (IOException e) {
            throw new FormatException("cannot read the detached JSON signature: " + e.getMessage(), e);
        }
    }

    /**
     * Every flavor signs and verifies a Signet extension payload for SignPayload ({@value
     * IotDigestPayload#MEDIA_TYPE}): the artifact's length and digest with the flavor's hash, all its
     * document states about the artifact. The answer is the detached document without {@code
     * payloadLocation}; for the embedded flavors that is the signed image without its {@code payload},
     * which the client adds ({@link IotJsonClientSigning}).
     */
    @Override
    public final Optional<String> payloadFormat() {
        return Optional.of(IotDigestPayload.MEDIA_TYPE);
    }

    /** The flavor's hash: what a stated digest and the signature are over. */
    final HashAlgorithm hash() {
        return flavor.hash();
    }

    /** Whether the signed document carries the artifact ({@code payload}). */
    final boolean embedded() {
        return flavor.embedded();
    }

    /**
     * A document without payload against the stated length and digest: what {@link #verify} reports
     * for it.
     */
    final SignatureEvidence verifyStated(IotDigestPayload stated, byte[] document) throws FormatException {
        IotJsonDocument doc = detachedDocument(document);
        return evidence(doc, chain(doc), stated.digest(), stated.size());
    }

    /** A payload's stated digest of the artifact with the flavor's hash, e.g. {@code sha256:HEX}. */
    @Override
    public Optional<String> statedArtifactDigest(Subject subject) {
        try {
            return statedDigest(subject)
                    .map(d -> flavor.hash().awsName().toLowerCase(java.util.Locale.ROOT) + ":"
                            + java.util.HexFormat.of().formatHex(d.digest()));
        } catch (FormatException e) {
            return Optional.empty();
        }
    }

    /** The length and digest a {@link #payloadFormat} payload states; empty for any other subject. */
    private Optional<IotDigestPayload> statedDigest(Subject subject) throws FormatException {
        if (subject instanceof Subject.Payload payload && payloadFormat().isPresent()) {
            if (!payload.mediaType().equals(IotDigestPayload.MEDIA_TYPE)) {
                throw new FormatException(
                        id() + " signs " + IotDigestPayload.MEDIA_TYPE + " payloads, not " + payload.mediaType());
            }
            return Optional.of(IotDigestPayload.parse(payload.bytes(), flavor.hash()));
        }
        return Optional.empty();
    }

    /** The chain's checks for the document's algorithm, which must be this flavor's and fit the leaf's key. */
    private IotChain chain(IotJsonDocument doc) throws FormatException {
        if (!flavor.accepts(doc.algorithm())) {
            throw new FormatException(id() + " does not use signatureAlgorithm " + doc.algorithm());
        }
        PublicKey leaf = doc.chain().get(0).getPublicKey();
        boolean ecdsa = doc.algorithm().endsWith("withECDSA");
        if (ecdsa ? !(leaf instanceof ECPublicKey) : !(leaf instanceof RSAPublicKey)) {
            throw new FormatException("the signer certificate's key does not fit " + doc.algorithm());
        }
        // the check needs the key's family only: every size of it signs under the same JCA name
        KeyAlgorithm family = ecdsa ? KeyAlgorithm.ECDSA_P256 : KeyAlgorithm.RSA_2048;
        return IotChain.of(doc.chain(), new SignatureAlgorithm(family, flavor.hash()));
    }

    private SignatureEvidence evidence(IotJsonDocument doc, IotChain chain, byte[] digest, long size) {
        String problem;
        if (size != doc.rawPayloadSize()) {
            problem = "the artifact is " + size + " bytes, the signature states rawPayloadSize " + doc.rawPayloadSize();
        } else if (!chain.check().verifiesDigest(digest, doc.signature())) {
            problem = "the " + doc.algorithm() + " signature does not verify with the signer certificate's key";
        } else {
            problem = chain.problem();
        }
        return new SignatureEvidence(id(), problem.isEmpty(), problem, doc.chain(), Optional.empty())
                .withCanonicalSignatureValue(doc.signature(), SignatureValues.EcdsaEncoding.DER);
    }
}
