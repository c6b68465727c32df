package dev.signet.core.testing;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * What the AWS Signer Notation plugin ({@code aws/aws-signer-notation-plugin} 1.0.350, {@code
 * internal/verifier/verifier.go} and {@code plugin/plugin.go}) does with a {@code verify-signature}
 * request, written from its source for tests: its request validation, trusted-identity match, the
 * GetRevocationStatus input it builds (certificate hashes included) and how it reads the answer. Not
 * a copy: the same decisions, in Java, so that Signet's envelopes and GetRevocationStatus can be
 * checked against them.
 */
public final class AwsSignerPlugin {
    public static final String NAME = "com.amazonaws.signer.notation.plugin";
    public static final String VERSION = "1.0.350";
    public static final String TRUSTED_IDENTITY = "SIGNATURE_VERIFIER.TRUSTED_IDENTITY";
    public static final String REVOCATION_CHECK = "SIGNATURE_VERIFIER.REVOCATION_CHECK";
    public static final String PROFILE_VERSION = "com.amazonaws.signer.signingProfileVersion";
    public static final String JOB = "com.amazonaws.signer.signingJob";
    public static final String PLATFORM = "Notation-OCI-SHA384-ECDSA";
    /** {@code get-plugin-metadata} capabilities. */
    public static final List<String> CAPABILITIES =
            List.of("SIGNATURE_GENERATOR.ENVELOPE", TRUSTED_IDENTITY, REVOCATION_CHECK);
    /** What every successful response lists as processed, whatever was asked. */
    public static final List<String> PROCESSED_ATTRIBUTES = List.of(PROFILE_VERSION, JOB);

    private AwsSignerPlugin() {}

    /** A plugin error response (VALIDATION_ERROR, UNSUPPORTED...): Notation fails the verification. */
    public static final class PluginError extends Exception {
        private static final long serialVersionUID = 1L;

        PluginError(String message) {
            super(message);
        }
    }

    /** The plugin's GetRevocationStatus input. */
    public record RevocationInput(
            List<String> certificateHashes,
            String jobArn,
            String platformId,
            String profileVersionArn,
            Instant signatureTimestamp) {}

    /** GetRevocationStatus as the plugin calls it: the revoked entities, or an error message. */
    @FunctionalInterface
    public interface RevocationStatus {
        List<String> call(RevocationInput input) throws Exception;
    }

    public record Result(boolean success, String reason) {}

    public record Response(Map<String, Result> verificationResults, List<String> processedAttributes) {}

    /**
     * {@code Verifier.Verify}: validates the request, runs the asked capabilities, and names both
     * AWS attributes as processed.
     */
    public static Response verify(
            NotationPluginRequest request,
            List<String> trustedIdentities,
            List<String> signatureVerification,
            RevocationStatus revocation)
            throws PluginError {
        validate(request, trustedIdentities, signatureVerification);
        Map<String, Result> results = new LinkedHashMap<>();
        if (signatureVerification.contains(TRUSTED_IDENTITY)) {
            results.put(TRUSTED_IDENTITY, trustedIdentity(request, trustedIdentities));
        }
        if (signatureVerification.contains(REVOCATION_CHECK)) {
            results.put(REVOCATION_CHECK, revocation(request, revocation));
        }
        return new Response(results, PROCESSED_ATTRIBUTES);
    }

    static void validate(NotationPluginRequest request, List<String> identities, List<String> capabilities)
            throws PluginError {
        if (request.contentType().isEmpty() || request.signingScheme().isEmpty()) {
            throw new PluginError("signature's criticalAttributes's contentType and signingScheme cannot be empty");
        }
        if (request.certificateChain().isEmpty()) {
            throw new PluginError("signature's criticalAttributes's certificateChain cannot be empty");
        }
        if (identities.contains("*")) {
            throw new PluginError("The AWSSigner plugin does not support wildcard identity in the trust policy.");
        }
        for (String c : capabilities) {
            if (!c.equals(TRUSTED_IDENTITY) && !c.equals(REVOCATION_CHECK)) {
                throw new PluginError("'" + c + "' is not a supported plugin capability");
            }
        }
        if (request.authenticSigningTime().isEmpty()) {
            throw new PluginError("missing authenticSigningTime");
        }
        if (!request.signingScheme().equalsIgnoreCase("notary.x509.signingAuthority")) {
            throw new PluginError("'" + request.signingScheme() + "' signing scheme is not supported");
        }
    }

    static Result trustedIdentity(NotationPluginRequest request, List<String> identities) throws PluginError {
        String signer = string(request, PROFILE_VERSION);
        for (String identity : identities) {
            Optional<String[]> resource = signingProfileResource(identity);
            if (resource.isEmpty()) {
                continue;
            }
            int parts = resource.get().length;
            boolean match = false;
            if (parts == 3) {
                int last = signer.lastIndexOf('/');
                match = last != -1 && signer.substring(0, last).equalsIgnoreCase(identity);
            } else if (parts == 4) {
                match = signer.equalsIgnoreCase(identity);
            }
            if (match) {
                return new Result(true, "Signature publisher matched \"" + identity + "\" trusted identity.");
            }
        }
        return new Result(false, "Signature publisher doesn't match any trusted identities.");
    }

    /**
     * aws-sdk-go-v2's {@code arn.Parse} (prefix {@code arn:}, six colon-separated sections, the last
     * taking the rest) and the plugin's test: service {@code signer}, resource starting with {@code
     * /signing-profiles/}; the resource split on {@code /} (Go's {@code strings.Split}: a leading
     * empty part included).
     */
    static Optional<String[]> signingProfileResource(String identity) {
        if (!identity.startsWith("arn:")) {
            return Optional.empty();
        }
        String[] sections = identity.split(":", 6);
        if (sections.length != 6) {
            return Optional.empty();
        }
        if (!sections[2].equals("signer") || !sections[5].startsWith("/signing-profiles/")) {
            return Optional.empty();
        }
        return Optional.of(sections[5].split("/", -1));
    }

    static Result revocation(NotationPluginRequest request, RevocationStatus status) throws PluginError {
        String profileVersion = string(request, PROFILE_VERSION);
        String job = string(request, JOB);
        List<String> hashes;
        try {
            hashes = certificateHashes(request.certificateChain());
        } catch (CertificateException e) {
            throw new PluginError("unable to parse certificates in certificate chain.");
        }
        RevocationInput input = new RevocationInput(
                hashes,
                job,
                PLATFORM,
                profileVersion,
                request.authenticSigningTime().orElseThrow());
        List<String> revoked;
        try {
            revoked = status.call(input);
        } catch (Exception e) {
            return new Result(false, "GetRevocationStatus call failed with error: " + e.getMessage());
        }
        if (revoked.isEmpty()) {
            return new Result(true, "Signature is not revoked.");
        }
        return new Result(false, reason(revoked));
    }

    /** {@code getRevocationResultReason}: ARNs named, certificate hashes summarised. */
    public static String reason(List<String> revokedEntities) {
        List<String> resources = new ArrayList<>();
        boolean certificate = false;
        for (String r : revokedEntities) {
            if (r.startsWith("arn")) {
                resources.add(r);
            } else {
                certificate = true;
            }
        }
        String reason =
                resources.isEmpty() ? "" : "Resource(s) " + String.join(", ", resources) + " have been revoked.";
        return certificate ? reason + "Certificate(s) have been revoked." : reason;
    }

    /**
     * {@code hashCertificates}: for each certificate, lower-case hex SHA-384 of its TBSCertificate
     * followed by the next certificate's; the last followed by its own.
     */
    public static List<String> certificateHashes(List<byte[]> chain) throws CertificateException {
        CertificateFactory factory = CertificateFactory.getInstance("X.509");
        List<String> own = new ArrayList<>();
        for (byte[] der : chain) {
            X509Certificate c = (X509Certificate) factory.generateCertificate(new java.io.ByteArrayInputStream(der));
            own.add(sha384Hex(c.getTBSCertificate()));
        }
        List<String> hashes = new ArrayList<>();
        for (int i = 0; i < own.size(); i++) {
            hashes.add(own.get(i) + own.get(Math.min(i + 1, own.size() - 1)));
        }
        return hashes;
    }

    private static String sha384Hex(byte[] data) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-384").digest(data))
                    .toLowerCase(Locale.ROOT);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String string(NotationPluginRequest request, String key) throws PluginError {
        if (request.extendedAttributes().get(key) instanceof String s) {
            return s;
        }
        throw new PluginError("unable to parse attribute \"" + key + "\".");
    }
}
