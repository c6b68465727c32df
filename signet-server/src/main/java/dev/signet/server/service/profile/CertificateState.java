package dev.signet.server.service.profile;

/**
 * Where a profile version's certificate chain comes from, and whether it has one yet. Stored per
 * version ({@code signing_profile_version.certificate_state}); the names are the stored values.
 */
public enum CertificateState {
    /** Issued by Signet's CA when the version was created. */
    Issued,
    /** Imported signing material ({@code signingMaterial.certificateArn}, the IoT platforms). */
    Imported,
    /**
     * The version's key exists; its certificate, to be issued by an outside CA from the version's
     * CSR, is not installed yet. The version cannot sign.
     */
    PendingCertificate,
    /** A certificate issued by an outside CA for the version's key, installed with its chain. */
    External
}
