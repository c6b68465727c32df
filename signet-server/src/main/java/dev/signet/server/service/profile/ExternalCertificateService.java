package dev.signet.server.service.profile;

import dev.signet.server.service.Caller;
import dev.signet.server.service.CertificatePem;
import dev.signet.server.service.ServiceException;
import dev.signet.server.service.Validation;
import java.time.Clock;
import java.util.Objects;
import java.util.Optional;
import org.bouncycastle.asn1.x500.X500Name;

/**
 * Bring your own certificate: the CSR of a profile version whose key Signet made for an outside CA
 * ({@link CertificateState#PendingCertificate}), and the installation of the certificate that CA
 * issued, with its chain ({@link ExternalChainCheck} says what is refused), after which the
 * version signs. Only the profile's owner account, only an Active profile.
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
     * A PKCS#10 CSR (PEM) for the current version's key, signed by that key, naming {@code subject}
     * (an X.500 name in RFC 4514 text, {@code CN=NAME} when empty). Refused unless the version's
     * certificate comes from an outside CA.
     */
    public String certificationRequest(Caller caller, String name, Optional<String> subject) {
        SigningProfile profile = active(caller, name);
        if (!profile.externalCertificate()) {
            throw ServiceException.validation("signing profile " + name + " has a certificate from "
                    + (profile.certificateState() == CertificateState.Imported
                            ? "imported signing material"
                            : "Signet's CA")
                    + "; a CSR is for profiles made with externalCertificate");
        }
        return keys.certificationRequest(profile, x500(subject.orElse("CN=" + name)));
    }

    /** Installs the outside CA's certificate and chain (leaf first); the version becomes able to sign. */
    public SigningProfile install(Caller caller, String name, String chainPem) {
        SigningProfile profile = active(caller, name);
        if (!profile.pendingCertificate()) {
            throw ServiceException.validation("signing profile " + name + " is not waiting for a certificate (its"
                    + " certificate is " + profile.certificateState() + ")");
        }
        var chain = ExternalChainCheck.check(chainPem, keys.publicKey(profile), profile.platformId(), clock.instant());
        String pem = CertificatePem.encode(chain);
        if (!repository.installExternalChain(profile.ownerAccount(), profile.name(), profile.version(), pem)) {
            throw ServiceException.conflict("signing profile " + name + " changed while its certificate was installed");
        }
        return profile.withExternalChain(pem);
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
