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
                "have your CA renew the certificate for the same key and install it (signet profile certificate "
                        + profileName + " --chain renewed.pem), or rotate to a new key (signet profile rotate "
                        + profileName + ", then signet profile csr and signet profile certificate)";
            case Imported ->
                "import the renewed key and certificate (signet certificate import) and rotate to them:"
                        + " signet profile rotate " + profileName + " --certificate-arn ARN";
            case PendingCertificate -> "install its certificate: signet profile certificate " + profileName;
        };
    }
}
