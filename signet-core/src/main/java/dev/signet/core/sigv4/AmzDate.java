package dev.signet.core.sigv4;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/**
 * The request time of SigV4, {@code yyyyMMdd'T'HHmmss'Z'} in UTC ({@code X-Amz-Date}), read and
 * written without a formatter in the common case: a verifier reads one per request and a client
 * writes one per request, and {@link DateTimeFormatter} costs more than the rest of a small request's
 * date handling. Both directions give exactly what {@link #FORMAT} gives (tested against it).
 */
public final class AmzDate {
    /** The reference: what {@link #parse} and {@link #format} agree with. */
    public static final DateTimeFormatter FORMAT =
            DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

    private AmzDate() {}

    /**
     * The instant of {@code amzDate}, as {@link #FORMAT} reads it; plain digits of a real time take a
     * fast path, anything else goes to the formatter.
     *
     * @throws DateTimeParseException when it is not such a date
     */
    public static Instant parse(String amzDate) {
        Instant fast = fastParse(amzDate);
        return fast != null ? fast : Instant.from(FORMAT.parse(amzDate));
    }

    /**
     * {@code instant} (to the second) as {@link #FORMAT} writes it.
     *
     * @throws IllegalArgumentException for a year outside 1000-9999 (which the form cannot hold in
     *     four digits without a sign)
     */
    public static String format(Instant instant) {
        LocalDateTime t = LocalDateTime.ofEpochSecond(instant.getEpochSecond(), 0, ZoneOffset.UTC);
        if (t.getYear() < 1000 || t.getYear() > 9999) {
            throw new IllegalArgumentException("a time in years 1000-9999 is expected: " + t);
        }
        char[] out = new char[16];
        put(out, 0, t.getYear(), 4);
        put(out, 4, t.getMonthValue(), 2);
        put(out, 6, t.getDayOfMonth(), 2);
        out[8] = 'T';
        put(out, 9, t.getHour(), 2);
        put(out, 11, t.getMinute(), 2);
        put(out, 13, t.getSecond(), 2);
        out[15] = 'Z';
        return new String(out);
    }

    private static void put(char[] out, int at, int value, int digits) {
        for (int i = at + digits - 1; i >= at; i--) {
            out[i] = (char) ('0' + value % 10);
            value /= 10;
        }
    }

    /** The instant of a well-formed, valid 16-character date; null for anything else (the formatter decides). */
    private static Instant fastParse(String s) {
        if (s.length() != 16 || s.charAt(8) != 'T' || s.charAt(15) != 'Z') {
            return null;
        }
        int year = digits(s, 0, 4);
        int month = digits(s, 4, 6);
        int day = digits(s, 6, 8);
        int hour = digits(s, 9, 11);
        int minute = digits(s, 11, 13);
        int second = digits(s, 13, 15);
        if (year < 1
                || month < 1
                || month > 12
                || day < 1
                || hour < 0
                || hour > 23
                || minute < 0
                || minute > 59
                || second < 0
                || second > 59
                || day > YearMonth.of(year, month).lengthOfMonth()) {
            return null;
        }
        return LocalDateTime.of(year, month, day, hour, minute, second).toInstant(ZoneOffset.UTC);
    }

    /** The decimal value of {@code s[from, to)}, or -1 if any of it is not an ASCII digit. */
    private static int digits(String s, int from, int to) {
        int value = 0;
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }
}
