package dev.signet.server.service.profile;

import dev.signet.server.service.Caller;
import dev.signet.server.service.CertificatePem;
import dev.signet.server.service.ServiceException;
import dev.signet.server.service.Validation;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;
import org.bouncycastle.asn1.x500.X500Name;

/**
 * Bring your own certificate: the CSR of a profile version whose key Signet made for an outside CA
 * ({@link CertificateState#PendingCertificate}, the first version or a rotated profile's new one),
 * and the installation of the certificate that CA issued, with its chain ({@link
 * ExternalChainCheck} says what is refused), after which the version signs; and the renewal of an
 * installed certificate (same key, new certificate) as a new version. Only the profile's owner
 * account, only an Active profile.
 */
public final class ExternalCertificateService {
    static final int MAX_SUBJECT = 1024;

    private final SigningProfileService profiles;
    private final ProfileRepository repository;
    private final ProfileKeyIssuer keys;
    private final Clock clock;

    public ExternalCertificateService(
            SigningProfileService profiles, ProfileRepository repository, ProfileKeyIssuer keys, Clock clock) {
        this.profiles = Objects.requireNonNull(profiles, "profiles");
        this.repository = Objects.requireNonNull(repository, "repository");
        this.keys = Objects.requireNonNull(keys, "keys");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * A PKCS#10 CSR (PEM) for the key of the version waiting for its certificate (a rotated profile's
     * new version), else of the current version, signed by that key, naming {@code subject} (an
     * X.500 name in RFC 4514 text, {@code CN=NAME} when empty). Refused unless the version's
     * certificate comes from an outside CA.
     */
    public String certificationRequest(Caller caller, String name, Optional<String> subject) {
        SigningProfile profile = target(active(caller, name));
        if (!profile.externalCertificate()) {
            throw ServiceException.validation("signing profile " + name + " has a certificate from "
                    + (profile.certificateState() == CertificateState.Imported
                            ? "imported signing material"
                            : "Signet's CA")
                    + "; a CSR is for profiles made with externalCertificate");
        }
        return keys.certificationRequest(profile, x500(subject.orElse("CN=" + name)));
    }

    /**
     * Installs the outside CA's certificate and chain (leaf first) for the version waiting for it
     * (the first version, or a rotated profile's new version, which then replaces the current one);
     * or, when no version waits and the current one has an installed external certificate, installs
     * a renewed certificate for the same key as a new version, which becomes the current one.
     * Either way the version signs from then on; the checks are the same ({@link
     * ExternalChainCheck}).
     */
    public SigningProfile install(Caller caller, String name, String chainPem) {
        SigningProfile current = active(caller, name);
        SigningProfile profile = target(current);
        if (!profile.externalCertificate()) {
            throw ServiceException.validation("signing profile " + name + " is not waiting for a certificate (its"
                    + " certificate is " + profile.certificateState() + ")");
        }
        var chain = ExternalChainCheck.check(chainPem, keys.publicKey(profile), profile.platformId(), clock.instant());
        String pem = CertificatePem.encode(chain);
        if (!profile.pendingCertificate()) {
            return renew(current, chain.get(0), pem);
        }
        if (!repository.installExternalChain(profile.ownerAccount(), profile.name(), profile.version(), pem)) {
            throw ServiceException.conflict("signing profile " + name + " changed while its certificate was installed");
        }
        profiles.forget(current);
        return profile.withExternalChain(pem);
    }

    /** A new version with the current version's key and the renewed certificate. */
    private SigningProfile renew(SigningProfile current, X509Certificate renewed, String pem) {
        X509Certificate installed =
                CertificatePem.decode(current.certificateChainPem()).get(0);
        if (Arrays.equals(der(installed), der(renewed))) {
            throw ServiceException.validation("certificate not installed: it is already installed on signing profile "
                    + current.name() + " version " + current.version() + "; a renewal is a new certificate for the"
                    + " same key");
        }
        SigningProfile next = current.nextVersion(
                profiles.newVersion(),
                Optional.empty(),
                new ProfileKeyIssuer.IssuedKey(current.key(), pem),
                CertificateState.External);
        return profiles.replace(current, next, clock.instant().truncatedTo(ChronoUnit.MILLIS));
    }

    /** The version a CSR or a certificate is for: the pending one of a rotation, else the current one. */
    private SigningProfile target(SigningProfile current) {
        return repository
                .findPendingVersion(current.ownerAccount(), current.name())
                .orElse(current);
    }

    private static byte[] der(X509Certificate certificate) {
        try {
            return certificate.getEncoded();
        } catch (CertificateEncodingException e) {
            throw new IllegalStateException("cannot encode a certificate", e);
        }
    }

    private SigningProfile active(Caller caller, String name) {
        SigningProfile profile = profiles.get(caller, name, Optional.empty());
        if (profile.status() != ProfileStatus.Active) {
            throw ServiceException.validation("signing profile " + name + " is " + profile.status());
        }
        return profile;
    }

    private static X500Name x500(String subject) {
        Validation.length("subject", subject, 1, MAX_SUBJECT);
        try {
            X500Name parsed = new X500Name(subject);
            if (parsed.getRDNs().length == 0) {
                throw ServiceException.validation("subject names no attribute");
            }
            return parsed;
        } catch (IllegalArgumentException e) {
            throw ServiceException.validation("subject " + Validation.printable(subject)
                    + " is not an X.500 name such as CN=Example Code Signing,O=Example");
        }
    }
}
