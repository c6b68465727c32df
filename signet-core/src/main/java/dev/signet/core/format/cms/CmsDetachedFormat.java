package dev.signet.core.format.cms;

import dev.signet.core.crypto.Digests;
import dev.signet.core.crypto.HashAlgorithm;
import dev.signet.core.crypto.KeyAlgorithm;
import dev.signet.core.format.FormatException;
import dev.signet.core.format.SignRequest;
import dev.signet.core.format.SignatureEvidence;
import dev.signet.core.format.SignatureFormat;
import dev.signet.core.format.Subject;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Set;

/**
 * Detached CMS SignedData (RFC 5652), DER, SHA-256, with signed attributes contentType,
 * signingTime, messageDigest and CMSAlgorithmProtection (RFC 6211) and the full certificate chain.
 * The layout is specified in {@code docs/formats.md}. Signs files (streamed) and precomputed
 * SHA-256 digests identically; refuses Ed25519 keys (RFC 8419 would require SHA-512) and digests of
 * other algorithms. Verifies DER or PEM-armoured input of at most 1 MiB. Before returning a
 * signature it checks the signer's (and the time-stamp authority's) signature value over the exact
 * bytes signed, rather than parsing its own output back. Stateless, thread-safe.
 */
public final class CmsDetachedFormat implements SignatureFormat {
    public static final String ID = "cms-detached";
    static final HashAlgorithm HASH = HashAlgorithm.SHA256;

    @Override
    public String id() {
        return ID;
    }

    @Override
    public boolean signsDigests() {
        return true;
    }

    @Override
    public Set<String> platformIds() {
        return Set.of("Signet-CMS-SHA256-ECDSA", "Signet-CMS-SHA256-RSA");
    }

    @Override
    public boolean detect(byte[] head) {
        return CmsEncoding.detect(head);
    }

    @Override
    public SignatureEvidence sign(SignRequest request, OutputStream out) throws FormatException {
        Objects.requireNonNull(request, "request");
        Objects.requireNonNull(out, "out");
        if (request.key().handle().algorithm() == KeyAlgorithm.ED25519) {
            throw new FormatException("cms-detached signs with ECDSA or RSA keys, not Ed25519");
        }
        byte[] digest = digestOf(request.subject());
        // the self-check: the builder verifies the signature values (signer's and TSA's) over the
        // exact bytes signed, and its evidence equals what verify() reports for the output
        CmsSignatureBuilder.Signed signed = CmsSignatureBuilder.build(
                ID, request.key(), HASH, digest, request.metadata().signingTime(), request.timestamper());
        try {
            out.write(signed.der());
            return signed.evidence();
        } catch (IOException e) {
            throw new FormatException("cannot write the CMS signature: " + e.getMessage(), e);
        }
    }

    @Override
    public SignatureEvidence verify(Subject subject, byte[] signature) throws FormatException {
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(signature, "signature");
        if (signature.length == 0) {
            throw new FormatException("the CMS signature is empty");
        }
        ParsedCms parsed = ParsedCms.parse(CmsEncoding.der(signature));
        return CmsSignatureVerifier.verify(ID, subject, parsed);
    }

    /** A source that parses as a CMS SignedData (DER or PEM) is a signature, not an artifact. */
    @Override
    public boolean isSigned(Path artifact) throws IOException {
        if (Files.size(artifact) > CmsEncoding.MAX_SIGNATURE_SIZE) {
            return false;
        }
        byte[] bytes = Files.readAllBytes(artifact);
        if (!CmsEncoding.detect(bytes)) {
            return false;
        }
        try {
            ParsedCms.parse(CmsEncoding.der(bytes));
            return true;
        } catch (FormatException e) {
            return false;
        }
    }

    private static byte[] digestOf(Subject subject) throws FormatException {
        if (subject instanceof Subject.Digest d) {
            if (d.algorithm() != HASH) {
                throw new FormatException("cms-detached signs SHA-256 digests, not "
                        + d.algorithm().jcaName());
            }
            return d.value();
        }
        if (!(subject instanceof Subject.File file)) {
            throw new FormatException("cms-detached signs files and digests, not a structured payload");
        }
        try {
            return Digests.digest(HASH, file.path());
        } catch (IOException e) {
            throw new FormatException("cannot read " + file.path() + ": " + e.getMessage(), e);
        }
    }
}
