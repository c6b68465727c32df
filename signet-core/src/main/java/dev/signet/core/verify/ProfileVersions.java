package dev.signet.core.verify;

import dev.signet.core.ca.CertificateAuthority;
import dev.signet.core.crypto.Digests;
import dev.signet.core.crypto.HashAlgorithm;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * The profile versions a signer certificate signs for. An imported certificate (its SHA-256
 * fingerprint is bound) signs for exactly its bound versions, whatever names it carries; any other
 * certificate for the profile version ARN that Signet wrote into it as a URI subject alternative
 * name ({@link CertificateAuthority#profileVersionArn}).
 */
final class ProfileVersions {
    private final Map<String, Set<String>> bindings;

    ProfileVersions(Map<String, Set<String>> bindings) {
        this.bindings = bindings.entrySet().stream()
                .collect(Collectors.toUnmodifiableMap(
                        e -> e.getKey().toLowerCase(Locale.ROOT), e -> Set.copyOf(e.getValue())));
    }

    List<String> of(X509Certificate leaf) {
        Set<String> bound = bindings.get(fingerprint(leaf));
        if (bound != null) {
            return List.copyOf(new TreeSet<>(bound));
        }
        return CertificateAuthority.profileVersionArn(leaf).map(List::of).orElse(List.of());
    }

    static String fingerprint(X509Certificate certificate) {
        try {
            return HexFormat.of().formatHex(Digests.digest(HashAlgorithm.SHA256, certificate.getEncoded()));
        } catch (CertificateEncodingException e) {
            return "";
        }
    }
}
