package dev.signet.server.service.profile;

/** A signing profile's status; names are the model's {@code SigningProfileStatus} values. */
public enum ProfileStatus {
    Active,
    Canceled,
    Revoked
}
