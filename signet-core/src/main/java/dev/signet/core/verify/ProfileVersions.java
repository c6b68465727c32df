package dev.signet.core.verify;

import dev.signet.core.ca.CertificateAuthority;
import dev.signet.core.crypto.Digests;
import dev.signet.core.crypto.HashAlgorithm;
import java.security.cert.CertificateEncodingException;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * The profile versions a signer certificate signs for. An imported certificate (its SHA-256
 * fingerprint is bound) signs for exactly its bound versions, whatever names it carries. Any other
 * certificate signs for the profile version ARN that Signet wrote into it as a URI subject
 * alternative name ({@link CertificateAuthority#profileVersionArn}) ONLY when its chain leads to
 * the Signet root: a certificate under another trusted root (an imported CA) could name any ARN,
 * so its own name is not believed and it signs for nothing unless bound.
 */
final class ProfileVersions {
    private final Map<String, Set<String>> bindings;
    private final Optional<ChainCheck> signetChain;

    ProfileVersions(Map<String, Set<String>> bindings, Optional<X509Certificate> signetRoot) {
        this.bindings = bindings.entrySet().stream()
                .collect(Collectors.toUnmodifiableMap(
                        e -> e.getKey().toLowerCase(Locale.ROOT), e -> Set.copyOf(e.getValue())));
        this.signetChain = signetRoot.map(r -> new ChainCheck(Set.of(new TrustAnchor(r, null))));
    }

    /**
     * The believed profile versions of the signer of {@code chain} (signer first), judging the
     * path to the Signet root at {@code at} (moved into the signer certificate's validity).
     */
    List<String> of(List<X509Certificate> chain, Instant at) {
        X509Certificate leaf = chain.get(0);
        Set<String> bound = bindings.get(fingerprint(leaf));
        if (bound != null) {
            return List.copyOf(new TreeSet<>(bound));
        }
        Optional<String> named = CertificateAuthority.profileVersionArn(leaf);
        if (named.isEmpty() || !issuedUnderSignetRoot(chain, at)) {
            return List.of();
        }
        return List.of(named.get());
    }

    private boolean issuedUnderSignetRoot(List<X509Certificate> chain, Instant at) {
        X509Certificate leaf = chain.get(0);
        Instant notBefore = leaf.getNotBefore().toInstant();
        Instant notAfter = leaf.getNotAfter().toInstant();
        Instant when = at.isBefore(notBefore) ? notBefore : at.isAfter(notAfter) ? notAfter : at;
        return signetChain.map(c -> c.check(chain, when).passed()).orElse(false);
    }

    static String fingerprint(X509Certificate certificate) {
        try {
            return HexFormat.of().formatHex(Digests.digest(HashAlgorithm.SHA256, certificate.getEncoded()));
        } catch (CertificateEncodingException e) {
            return "";
        }
    }
}
