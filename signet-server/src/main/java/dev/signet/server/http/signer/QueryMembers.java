package dev.signet.server.http.signer;

import dev.signet.server.service.ServiceException;
import dev.signet.server.service.Validation;
import io.javalin.http.Context;
import java.math.BigDecimal;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Optional;

/**
 * Typed reads of query-string members (restJson1 {@code location: querystring}). A value that does
 * not parse as the member's type is a ValidationException naming the member.
 */
final class QueryMembers {
    private final Context ctx;

    QueryMembers(Context ctx) {
        this.ctx = ctx;
    }

    Optional<String> string(String member) {
        return Optional.ofNullable(ctx.queryParam(member)).filter(v -> !v.isEmpty());
    }

    List<String> strings(String member) {
        return ctx.queryParams(member).stream().filter(v -> !v.isEmpty()).toList();
    }

    Optional<Integer> integer(String member) {
        return string(member).map(v -> {
            try {
                return Integer.parseInt(v);
            } catch (NumberFormatException e) {
                throw ServiceException.validation(
                        member + " must be an integer, got '" + Validation.printable(v) + "'");
            }
        });
    }

    Optional<Boolean> bool(String member) {
        return string(member).map(v -> switch (v) {
            case "true" -> true;
            case "false" -> false;
            default ->
                throw ServiceException.validation(
                        member + " must be true or false, got '" + Validation.printable(v) + "'");
        });
    }

    Optional<String> enumeration(String member, List<String> allowed) {
        return string(member).map(v -> checkEnum(member, v, allowed));
    }

    static String checkEnum(String member, String value, List<String> allowed) {
        if (!allowed.contains(value)) {
            throw ServiceException.validation(
                    member + " must be one of " + allowed + ", got '" + Validation.printable(value) + "'");
        }
        return value;
    }

    /**
     * ISO 8601 (what the SDKs send in query strings) or epoch seconds, within the range of epoch
     * milliseconds that filters and stores hold (an ISO year such as +1000000000 is refused here,
     * not left to overflow later).
     */
    Optional<Instant> timestamp(String member) {
        return string(member).map(v -> {
            try {
                Instant instant = isoOrEpochSeconds(v);
                instant.toEpochMilli();
                return instant;
            } catch (DateTimeException | NumberFormatException | ArithmeticException e) {
                throw ServiceException.validation(member + " must be an ISO 8601 timestamp or epoch seconds, got '"
                        + Validation.printable(v) + "'");
            }
        });
    }

    private static Instant isoOrEpochSeconds(String value) {
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException notIso) {
            // scaleByPowerOfTen keeps the scale (movePointRight would expand 1e1000000 to a
            // million digits), so longValueExact refuses an out-of-range value without computing it
            return Instant.ofEpochMilli(
                    new BigDecimal(value).scaleByPowerOfTen(3).longValueExact());
        }
    }
}
