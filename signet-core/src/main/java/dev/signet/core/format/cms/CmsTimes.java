package dev.signet.core.format.cms;

import java.io.IOException;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Optional;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1GeneralizedTime;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.ASN1UTCTime;

/**
 * The instant of a DER UTCTime ({@code YYMMDDHHMMSSZ}) or GeneralizedTime ({@code YYYYMMDDHHMMSSZ})
 * in its one DER form with every field in range, read directly: BouncyCastle's {@code Time.getDate}
 * goes through a new {@code SimpleDateFormat} each time, which cost a third of checking the
 * signature. UTCTime years 50-99 are 19xx and 00-49 are 20xx, as BouncyCastle reads them. Anything
 * else is empty, for the caller to read with BouncyCastle as before.
 */
final class CmsTimes {
    private static final int UTC_TIME = 0x17;
    private static final int GENERALIZED_TIME = 0x18;

    private CmsTimes() {}

    static Optional<Instant> plain(ASN1Encodable value) {
        ASN1Primitive primitive = value.toASN1Primitive();
        if (!(primitive instanceof ASN1UTCTime) && !(primitive instanceof ASN1GeneralizedTime)) {
            return Optional.empty();
        }
        byte[] der;
        try {
            der = primitive.getEncoded();
        } catch (IOException e) {
            return Optional.empty();
        }
        int year;
        int at;
        if (der.length == 15 && der[0] == UTC_TIME && der[1] == 13) {
            int yy = digits(der, 2);
            year = yy < 0 ? -1 : (yy < 50 ? 2000 + yy : 1900 + yy);
            at = 4;
        } else if (der.length == 17 && der[0] == GENERALIZED_TIME && der[1] == 15) {
            int high = digits(der, 2);
            int low = digits(der, 4);
            year = high < 0 || low < 0 ? -1 : high * 100 + low;
            at = 6;
        } else {
            return Optional.empty();
        }
        int month = digits(der, at);
        int day = digits(der, at + 2);
        int hour = digits(der, at + 4);
        int minute = digits(der, at + 6);
        int second = digits(der, at + 8);
        if (year < 0
                || der[at + 10] != 'Z'
                || hour < 0
                || hour > 23
                || minute < 0
                || minute > 59
                || second < 0
                || second > 59) {
            return Optional.empty();
        }
        try {
            // LocalDateTime refuses a month or day out of range, which a lenient SimpleDateFormat rolls over
            return Optional.of(
                    LocalDateTime.of(year, month, day, hour, minute, second).toInstant(ZoneOffset.UTC));
        } catch (DateTimeException e) {
            return Optional.empty();
        }
    }

    /** The two decimal digits at {@code at}, or -1. */
    private static int digits(byte[] der, int at) {
        int tens = der[at] - '0';
        int ones = der[at + 1] - '0';
        return tens < 0 || tens > 9 || ones < 0 || ones > 9 ? -1 : tens * 10 + ones;
    }
}
