package dev.signet.server.service.profile;

import dev.signet.core.ca.CertificateAuthority;
import dev.signet.core.crypto.KeyBackend;
import dev.signet.core.crypto.KeyHandle;
import dev.signet.core.crypto.SigningKey;
import dev.signet.core.platform.SigningPlatform;
import dev.signet.server.service.ServiceException;
import dev.signet.server.service.certificate.CertificateService;
import dev.signet.server.service.certificate.ImportedCertificate;
import java.net.URI;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Creates the key and code-signing certificate of a new profile version, and rebuilds the {@link
 * SigningKey} of a stored one. The certificate is valid from its creation until the profile's
 * validity period ends, but never past the issuing CA's own expiry, and names the configured CRL
 * distribution point when its format's verifiers read CRLs.
 */
public final class ProfileKeyIssuer {
    static final int MAX_CACHED_CHAINS = 256;
    private final Map<String, List<X509Certificate>> chains = new ConcurrentHashMap<>();
    private final KeyBackend keys;
    private final CertificateAuthority ca;
    private final Optional<CertificateService> imported;
    private final Optional<URI> crlUrl;

    /** An issuer without imported signing material: profiles naming a certificateArn are refused. */
    public ProfileKeyIssuer(KeyBackend keys, CertificateAuthority ca) {
        this(keys, ca, Optional.empty(), Optional.empty());
    }

    /**
     * @param crlUrl the CRL distribution point certificates issued with {@code namesCrl} name; none
     *     is named when empty
     */
    public ProfileKeyIssuer(
            KeyBackend keys, CertificateAuthority ca, Optional<CertificateService> imported, Optional<URI> crlUrl) {
        this.keys = keys;
        this.ca = ca;
        this.imported = imported;
        this.crlUrl = crlUrl;
    }

    /**
     * The imported key and chain named by {@code certificateArn} in {@code ownerAccount}, for a
     * profile version on {@code platform}; refuses a key whose family the platform does not allow.
     */
    public IssuedKey imported(SigningPlatform platform, String ownerAccount, String certificateArn) {
        CertificateService certificates = imported.orElseThrow(
                () -> ServiceException.validation("imported signing material is not available on this server"));
        ImportedCertificate certificate = certificates.require(ownerAccount, certificateArn);
        String family = certificate.key().algorithm().family();
        if (!platform.encryptionAlgorithms().contains(family)) {
            throw ServiceException.validation("the imported certificate has a " + family + " key; platform "
                    + platform.platformId() + " signs with " + platform.encryptionAlgorithms());
        }
        return new IssuedKey(certificate.key(), certificate.certificateChainPem());
    }

    /**
     * A new key with its certificate, issuing CA and root; the certificate names the CRL
     * distribution point when {@code namesCrl} and one is configured.
     */
    public IssuedKey issue(
            SigningPlatform platform,
            String profileName,
            String profileVersionArn,
            boolean namesCrl,
            Instant now,
            Instant validUntil) {
        KeyHandle handle = keys.generate(platform.keyAlgorithm());
        PublicKey publicKey = keys.publicKey(handle);
        List<X509Certificate> issuing = ca.issuingChain();
        Instant caExpiry = issuing.get(0).getNotAfter().toInstant();
        Instant notAfter = validUntil.isAfter(caExpiry) ? caExpiry : validUntil;
        X509Certificate leaf = ca.issueCodeSigning(
                publicKey, profileName, profileVersionArn, namesCrl ? crlUrl : Optional.empty(), now, notAfter);
        List<X509Certificate> chain = new ArrayList<>();
        chain.add(leaf);
        chain.addAll(issuing);
        return new IssuedKey(handle, CertificatePem.encode(chain));
    }

    /**
     * The key a stored profile version signs with. Decoded chains are remembered by their exact PEM
     * text (at most {@link #MAX_CACHED_CHAINS}; cleared when full), so a busy profile's chain is
     * parsed once, not on every SignPayload.
     */
    public SigningKey signingKey(SigningProfile profile) {
        String pem = profile.certificateChainPem();
        List<X509Certificate> chain = chains.get(pem);
        if (chain == null) {
            chain = List.copyOf(CertificatePem.decode(pem));
            if (chains.size() >= MAX_CACHED_CHAINS) {
                chains.clear();
            }
            chains.put(pem, chain);
        }
        return new SigningKey(keys, profile.key(), chain);
    }

    /** A generated key and its chain as PEM, leaf first. */
    public record IssuedKey(KeyHandle handle, String chainPem) {}
}
