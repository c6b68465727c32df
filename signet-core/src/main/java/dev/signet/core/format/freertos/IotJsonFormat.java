package dev.signet.core.format.freertos;

import dev.signet.core.crypto.CryptoProviders;
import dev.signet.core.crypto.Digests;
import dev.signet.core.crypto.SignatureValues;
import dev.signet.core.format.FormatException;
import dev.signet.core.format.SignRequest;
import dev.signet.core.format.SignatureEvidence;
import dev.signet.core.format.SignatureFormat;
import dev.signet.core.format.Subject;
import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.Signature;
import java.security.SignatureException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
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
 * <p>Signs whole files only (streamed, flat memory), with the keys its {@link IotJsonFlavor} allows.
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
        return !flavor.embedded() && markers(head) >= 2 && !contains(head, PAYLOAD);
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
            byte[] head = in.readNBytes(HEAD);
            if (markers(head) < 2) {
                return false;
            }
            boolean mine = flavor.algorithms().values().stream().anyMatch(a -> contains(head, "\"" + a + "\""));
            boolean known = KNOWN_ALGORITHMS.stream().anyMatch(a -> contains(head, "\"" + a + "\""));
            return mine || (!known && claimsUnknownAlgorithms());
        } catch (IOException e) {
            return false;
        }
    }

    /** Whether this flavor judges embedded documents whose signatureAlgorithm no flavor knows. */
    boolean claimsUnknownAlgorithms() {
        return false;
    }

    private static int markers(byte[] head) {
        int count = 0;
        for (String marker : MARKERS) {
            if (contains(head, marker)) {
                count++;
            }
        }
        return count;
    }

    private static boolean contains(byte[] head, String text) {
        return new String(head, StandardCharsets.ISO_8859_1).contains(text);
    }

    @Override
    public final SignatureEvidence sign(SignRequest request, OutputStream out) throws FormatException {
        Objects.requireNonNull(request, "request");
        Objects.requireNonNull(out, "out");
        if (!(request.subject() instanceof Subject.File file)) {
            throw new FormatException(id() + " signs whole files (StartSigningJob), not digests");
        }
        String algorithm = flavor.algorithmName(request.key().handle().algorithm())
                .orElseThrow(() -> new FormatException(
                        id() + " cannot sign with a " + request.key().handle().algorithm() + " key; it signs with "
                                + flavor.algorithms().keySet()));
        if (flavor.embedded() && detectEmbedded(file.path())) {
            throw new FormatException("the file is already a signed " + id() + " document");
        }
        Path temp = null;
        try {
            long size = Files.size(file.path());
            byte[] signature = request.key().signDigest(flavor.hash(), Digests.digest(flavor.hash(), file.path()));
            String head =
                    IotJsonWriter.head(size, signature, algorithm, request.key().chain());
            if (flavor.embedded()) {
                temp = Files.createTempFile("signet-iot-", ".json");
                try (OutputStream signed = Files.newOutputStream(temp)) {
                    IotJsonWriter.embedded(head, file.path(), signed);
                }
                SignatureEvidence self = selfCheck(verify(new Subject.File(temp), new byte[0]), request);
                Files.copy(temp, out);
                return self;
            } else {
                byte[] document =
                        IotJsonWriter.detached(head, request.metadata().location());
                SignatureEvidence self = selfCheck(verify(file, document), request);
                out.write(document);
                return self;
            }
        } catch (IOException | CertificateEncodingException e) {
            throw new FormatException("cannot read the artifact or write the signature: " + e.getMessage(), e);
        } finally {
            if (temp != null) {
                try {
                    Files.deleteIfExists(temp);
                } catch (IOException ignored) {
                    // in the system temp directory; nothing else to do
                }
            }
        }
    }

    private SignatureEvidence selfCheck(SignatureEvidence check, SignRequest request) throws FormatException {
        if (!check.intact() || !check.chain().get(0).equals(request.key().certificate())) {
            throw new FormatException(
                    "the new " + id() + " signature failed its own verification: " + check.integrityDetail());
        }
        return check;
    }

    /**
     * Embedded flavors: {@code subject} is the signed JSON document and {@code signature} is empty.
     * Detached: {@code subject} is the artifact and {@code signature} the JSON document.
     */
    @Override
    public final SignatureEvidence verify(Subject subject, byte[] signature) throws FormatException {
        Objects.requireNonNull(subject, "subject");
        if (!(subject instanceof Subject.File file)) {
            throw new FormatException(id() + " verifies whole files, not digests");
        }
        try {
            if (flavor.embedded()) {
                if (signature != null && signature.length > 0) {
                    throw new FormatException(id() + " signatures are embedded; give no detached signature");
                }
                try (InputStream in = new BufferedInputStream(Files.newInputStream(file.path()), BUFFER)) {
                    IotJsonReader reader = new IotJsonReader(in);
                    IotJsonDocument doc = IotJsonDocument.readHead(reader);
                    Signature verifier = verifier(doc);
                    reader.expect(",\"payload\":\"");
                    long size = reader.base64Stream(bytes -> update(verifier, bytes));
                    reader.expect("}");
                    reader.expectEnd();
                    return evidence(doc, verifier, size);
                }
            }
            if (signature == null || signature.length == 0 || signature.length > MAX_DETACHED) {
                throw new FormatException(
                        id() + " needs the detached JSON signature (at most " + MAX_DETACHED + " bytes)");
            }
            IotJsonReader reader = new IotJsonReader(new ByteArrayInputStream(signature));
            IotJsonDocument doc = IotJsonDocument.readHead(reader);
            IotJsonDocument.readDetachedTail(reader);
            Signature verifier = verifier(doc);
            long size = 0;
            try (InputStream in = Files.newInputStream(file.path())) {
                byte[] buffer = new byte[BUFFER];
                for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                    verifier.update(buffer, 0, n);
                    size += n;
                }
            }
            return evidence(doc, verifier, size);
        } catch (IOException e) {
            throw new FormatException("cannot read " + file.path().getFileName() + ": " + e.getMessage(), e);
        } catch (GeneralSecurityException e) {
            throw new FormatException(
                    "cannot check the signature: " + e.getClass().getSimpleName());
        }
    }

    private Signature verifier(IotJsonDocument doc) throws FormatException {
        if (!flavor.accepts(doc.algorithm())) {
            throw new FormatException(id() + " does not use signatureAlgorithm " + doc.algorithm());
        }
        try {
            Signature verifier = CryptoProviders.signature(doc.algorithm());
            CryptoProviders.initVerify(verifier, doc.chain().get(0).getPublicKey());
            return verifier;
        } catch (GeneralSecurityException e) {
            throw new FormatException("the signer certificate's key does not fit " + doc.algorithm());
        }
    }

    private static void update(Signature verifier, byte[] bytes) throws FormatException {
        try {
            verifier.update(bytes);
        } catch (GeneralSecurityException e) {
            throw new FormatException(
                    "cannot check the signature: " + e.getClass().getSimpleName());
        }
    }

    private SignatureEvidence evidence(IotJsonDocument doc, Signature verifier, long size)
            throws GeneralSecurityException {
        String problem = "";
        if (size != doc.rawPayloadSize()) {
            problem = "the artifact is " + size + " bytes, the signature states rawPayloadSize " + doc.rawPayloadSize();
        } else if (!verifySafely(verifier, doc.signature())) {
            problem = "the " + doc.algorithm() + " signature does not verify with the signer certificate's key";
        } else {
            problem = ChainConsistency.problem(doc.chain());
        }
        return new SignatureEvidence(id(), problem.isEmpty(), problem, doc.chain(), Optional.empty())
                .withCanonicalSignatureValue(doc.signature(), SignatureValues.EcdsaEncoding.DER);
    }

    /** False for a signature value that does not verify or does not even decode (SignatureException). */
    private static boolean verifySafely(Signature verifier, byte[] signature) {
        try {
            return verifier.verify(signature);
        } catch (SignatureException e) {
            return false;
        }
    }

    /**
     * Checks that the carried chain is whole: each certificate names and is signed by the next, and
     * the last is a self-signed root. Every byte of every carried certificate is then covered by a
     * signature inside the chain, so an altered certificate is an integrity failure, not merely an
     * untrusted chain.
     */
    static final class ChainConsistency {
        private ChainConsistency() {}

        static String problem(List<X509Certificate> chain) {
            for (int i = 0; i < chain.size(); i++) {
                X509Certificate c = chain.get(i);
                X509Certificate issuer = i == chain.size() - 1 ? c : chain.get(i + 1);
                String by =
                        issuer == c ? "itself (the chain must end in a self-signed root)" : "certificate " + (i + 1);
                if (!c.getIssuerX500Principal().equals(issuer.getSubjectX500Principal())) {
                    return "certificate " + i + " of the carried chain is not issued by " + by;
                }
                try {
                    c.verify(issuer.getPublicKey());
                } catch (GeneralSecurityException e) {
                    return "certificate " + i + " of the carried chain is not signed by " + by;
                }
            }
            return "";
        }
    }
}
