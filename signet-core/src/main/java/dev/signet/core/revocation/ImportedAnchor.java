package dev.signet.core.revocation;

import dev.signet.core.crypto.Digests;
import dev.signet.core.crypto.HashAlgorithm;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * An imported signing certificate (customer material, {@code POST /v1/certificates}) and what it is
 * trusted for: the roots its imported chain ends in are trusted for this one certificate alone,
 * never for any other certificate under them, and it signs for exactly its bound profile versions,
 * whatever names it carries itself.
 *
 * @param certificateSha256 lower-case hex SHA-256 of the imported certificate's DER
 * @param profileVersionArns the profile versions that sign with it (at least one)
 * @param roots the self-signed roots its imported chain may end in (empty: it chains to none and
 *     passes CHAIN only under a root trusted for every certificate)
 */
public record ImportedAnchor(String certificateSha256, Set<String> profileVersionArns, List<X509Certificate> roots) {
    private static final Pattern FINGERPRINT = Pattern.compile("[0-9a-f]{64}");

    public ImportedAnchor {
        Objects.requireNonNull(certificateSha256, "certificateSha256");
        if (!FINGERPRINT.matcher(certificateSha256).matches()) {
            throw new IllegalArgumentException("certificateSha256 must be 64 lower-case hex digits");
        }
        profileVersionArns = Set.copyOf(profileVersionArns);
        if (profileVersionArns.isEmpty()) {
            throw new IllegalArgumentException("an imported certificate must be bound to a profile version");
        }
        roots = List.copyOf(roots);
    }

    /** The lower-case hex SHA-256 of {@code certificate}'s DER: the key an anchor is found by. */
    public static String fingerprint(X509Certificate certificate) {
        try {
            return HexFormat.of().formatHex(Digests.digest(HashAlgorithm.SHA256, certificate.getEncoded()));
        } catch (CertificateEncodingException e) {
            throw new IllegalArgumentException("the certificate cannot be encoded", e);
        }
    }
}
