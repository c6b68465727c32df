package dev.signet.server.service.profile;

/** The unit of a {@link ValidityPeriod}; names are the model's {@code ValidityType} enum values. */
public enum ValidityType {
    DAYS,
    MONTHS,
    YEARS
}
