package dev.signet.server.service.ca;

import dev.signet.server.service.profile.CertificateState;
import java.util.Objects;

/**
 * The signing certificate of an Active profile's current version, and where it came from (which
 * says how to replace it).
 */
public record ProfileCertificateExpiry(
        String profileName,
        String profileVersion,
        String profileVersionArn,
        CertificateState state,
        CertificateExpiry certificate) {
    public ProfileCertificateExpiry {
        Objects.requireNonNull(profileName, "profileName");
        Objects.requireNonNull(profileVersion, "profileVersion");
        Objects.requireNonNull(profileVersionArn, "profileVersionArn");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(certificate, "certificate");
    }

    /** What to do before it expires. */
    public String advice() {
        return switch (state) {
            case Issued -> "rotate it: signet profile rotate " + profileName;
            case External ->
                "have your CA issue a new certificate: signet profile put a new profile with"
                        + " --external-certificate, install the certificate, move publishers to it, cancel "
                        + profileName;
            case Imported ->
                "import the renewed key and certificate (signet certificate import) into a new"
                        + " profile, move publishers to it, cancel " + profileName;
            case PendingCertificate -> "install its certificate: signet profile certificate " + profileName;
        };
    }
}
