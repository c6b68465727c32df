package dev.signet.server.http;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Optional;

/**
 * HTTP dates. Every date header Signet writes uses the IMF-fixdate form of RFC 9110 section 5.6.7,
 * {@code Sun, 06 Nov 1994 08:49:37 GMT}: two-digit day, English names, GMT. (The JDK's
 * {@code RFC_1123_DATE_TIME} writes a one-digit day, which RFC 9110 does not allow.) Reading accepts
 * IMF-fixdate and the RFC 1123 variants clients send.
 */
public final class HttpDates {
    private static final DateTimeFormatter IMF_FIXDATE = DateTimeFormatter.ofPattern(
                    "EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.ROOT)
            .withZone(ZoneOffset.UTC);

    private HttpDates() {}

    /** {@code t} as IMF-fixdate, to the second. */
    public static String format(Instant t) {
        return IMF_FIXDATE.format(t);
    }

    /** A date header's value; empty when it does not parse (HTTP says to ignore such a condition). */
    public static Optional<Instant> parse(String value) {
        if (value == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(ZonedDateTime.parse(value.strip(), DateTimeFormatter.RFC_1123_DATE_TIME)
                    .toInstant());
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }
}
