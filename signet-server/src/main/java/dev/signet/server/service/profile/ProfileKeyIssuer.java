package dev.signet.server.service.profile;

import dev.signet.core.ca.CertificateAuthority;
import dev.signet.core.ca.Pem;
import dev.signet.core.crypto.HashAlgorithm;
import dev.signet.core.crypto.KeyAlgorithm;
import dev.signet.core.crypto.KeyBackend;
import dev.signet.core.crypto.KeyBackendContentSigner;
import dev.signet.core.crypto.KeyHandle;
import dev.signet.core.crypto.SigningKey;
import dev.signet.core.platform.SigningPlatform;
import dev.signet.server.service.CertificatePem;
import dev.signet.server.service.ServiceException;
import dev.signet.server.service.Validation;
import dev.signet.server.service.certificate.CertificateService;
import dev.signet.server.service.certificate.ImportedCertificate;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;

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
    private final Map<String, KeyBackend> generators;
    private final CertificateAuthority ca;
    private final Optional<CertificateService> imported;
    private final Optional<URI> crlUrl;

    /** An issuer without imported signing material: profiles naming a certificateArn are refused. */
    public ProfileKeyIssuer(KeyBackend keys, CertificateAuthority ca) {
        this(keys, Map.of(keys.name(), keys), ca, Optional.empty(), Optional.empty());
    }

    /**
     * @param keys where new keys go unless a request names a backend; uses any key
     * @param generators the backends a request may name for a new key, by name, each generating its
     *     keys there (and using any key)
     * @param crlUrl the CRL distribution point certificates issued with {@code namesCrl} name; none
     *     is named when empty
     */
    public ProfileKeyIssuer(
            KeyBackend keys,
            Map<String, KeyBackend> generators,
            CertificateAuthority ca,
            Optional<CertificateService> imported,
            Optional<URI> crlUrl) {
        this.keys = keys;
        this.generators = Map.copyOf(generators);
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
        if (!SigningProfileService.IMPORTED_MATERIAL_PLATFORMS.contains(platform.platformId())) {
            // Signet's own platforms and Lambda/Notation: the key and certificate Signet's CA would make
            if (certificate.key().algorithm() != platform.keyAlgorithm()) {
                throw ServiceException.validation(
                        "the imported certificate has a " + certificate.key().algorithm()
                                + " key; platform " + platform.platformId() + " signs with " + platform.keyAlgorithm()
                                + " keys");
            }
            ExternalChainCheck.checkLeafUsage(
                    CertificatePem.decode(certificate.certificateChainPem()).get(0),
                    platform.platformId(),
                    "the imported certificate");
        }
        return new IssuedKey(certificate.key(), certificate.certificateChainPem());
    }

    /**
     * A new key with its certificate, issuing CA and root; the certificate names the CRL
     * distribution point when {@code namesCrl} and one is configured.
     */
    public IssuedKey issue(
            SigningPlatform platform,
            Optional<String> backend,
            String profileName,
            String profileVersionArn,
            boolean namesCrl,
            Instant now,
            Instant validUntil) {
        KeyHandle handle = generator(backend).generate(platform.keyAlgorithm());
        PublicKey publicKey = keys.publicKey(handle);
        List<X509Certificate> issuing = ca.issuingChain();
        Instant caExpiry = issuing.get(0).getNotAfter().toInstant();
        Instant notAfter = validUntil.isAfter(caExpiry) ? caExpiry : validUntil;
        X509Certificate leaf = ca.issueCodeSigning(
                publicKey, profileName, profileVersionArn, namesCrl ? crlUrl : Optional.empty(), now, notAfter);
        // the chain of the CA that issued the leaf: a renewal between the two calls changes issuingChain()
        return new IssuedKey(handle, CertificatePem.encode(ca.chainOf(leaf)));
    }

    /**
     * A new key for a version whose certificate an outside CA will issue: no certificate yet (the
     * chain is empty, {@link CertificateState#PendingCertificate}).
     */
    public IssuedKey pending(SigningPlatform platform, Optional<String> backend) {
        return new IssuedKey(generator(backend).generate(platform.keyAlgorithm()), "");
    }

    /** The public key of a stored version's key. */
    public PublicKey publicKey(SigningProfile profile) {
        return keys.publicKey(profile.key());
    }

    /**
     * A PKCS#10 request for {@code subject}'s certificate over the version's public key, signed by
     * the version's key where it lives (the key never leaves its backend), PEM.
     */
    public String certificationRequest(SigningProfile profile, X500Name subject) {
        PublicKey publicKey = keys.publicKey(profile.key());
        PKCS10CertificationRequest request = new JcaPKCS10CertificationRequestBuilder(subject, publicKey)
                .build(new KeyBackendContentSigner(keys, profile.key(), csrHash(profile.key())));
        try {
            return Pem.encode("CERTIFICATE REQUEST", request.getEncoded());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot encode a certification request", e);
        }
    }

    private static HashAlgorithm csrHash(KeyHandle key) {
        return key.algorithm() == KeyAlgorithm.ECDSA_P384 ? HashAlgorithm.SHA384 : HashAlgorithm.SHA256;
    }

    private KeyBackend generator(Optional<String> backend) {
        if (backend.isEmpty()) {
            return keys;
        }
        KeyBackend chosen = generators.get(backend.get());
        if (chosen == null) {
            throw ServiceException.validation("keyBackend " + Validation.printable(backend.get())
                    + " is not configured on this server; configured: " + new TreeSet<>(generators.keySet()));
        }
        return chosen;
    }

    /**
     * The key a stored profile version signs with. Decoded chains are remembered by their exact PEM
     * text (at most {@link #MAX_CACHED_CHAINS}; cleared when full), so a busy profile's chain is
     * parsed once, not on every SignPayload.
     */
    public SigningKey signingKey(SigningProfile profile) {
        if (profile.pendingCertificate()) {
            throw ServiceException.validation(SigningProfileService.pendingReason(profile.name()));
        }
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
