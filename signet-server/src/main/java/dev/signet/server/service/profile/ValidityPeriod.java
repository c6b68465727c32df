package dev.signet.server.service.profile;

import dev.signet.server.service.ServiceException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Objects;

/**
 * How long signatures made with a profile stay valid. AWS's default and maximum is 135 months; a
 * period longer than that (in calendar terms, from the moment it is applied) or shorter than one
 * unit is refused with a ValidationException.
 */
public record ValidityPeriod(int value, ValidityType type) {
    public static final ValidityPeriod DEFAULT = new ValidityPeriod(135, ValidityType.MONTHS);
    private static final int MAX_MONTHS = 135;

    public ValidityPeriod {
        Objects.requireNonNull(type, "type");
        int max = switch (type) {
            case DAYS -> MAX_MONTHS * 31;
            case MONTHS -> MAX_MONTHS;
            case YEARS -> MAX_MONTHS / 12;
        };
        if (value < 1 || value > max) {
            throw ServiceException.validation("signatureValidityPeriod.value must be between 1 and " + max + " for "
                    + type + " (the maximum validity is 135 months), got " + value);
        }
    }

    /** {@code from} plus this period in UTC calendar terms; refuses periods longer than 135 months. */
    public Instant after(Instant from) {
        var start = from.atOffset(ZoneOffset.UTC);
        var end = switch (type) {
            case DAYS -> start.plusDays(value);
            case MONTHS -> start.plusMonths(value);
            case YEARS -> start.plusYears(value);
        };
        if (end.isAfter(start.plusMonths(MAX_MONTHS))) {
            throw ServiceException.validation(
                    "signatureValidityPeriod " + value + " " + type + " is longer than the maximum of 135 months");
        }
        return end.toInstant();
    }
}
