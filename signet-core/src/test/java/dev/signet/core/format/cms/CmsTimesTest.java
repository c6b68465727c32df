package dev.signet.core.format.cms;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import org.bouncycastle.asn1.ASN1GeneralizedTime;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.ASN1UTCTime;
import org.bouncycastle.asn1.cms.Time;
import org.junit.jupiter.api.Test;

class CmsTimesTest {
    @Test
    void plainTimesReadAsBouncyCastleReadsThem() throws Exception {
        List<Instant> instants = List.of(
                Instant.parse("1950-01-01T00:00:00Z"),
                Instant.parse("1999-12-31T23:59:59Z"),
                Instant.parse("2000-02-29T12:34:56Z"),
                Instant.parse("2026-12-07T07:20:00Z"),
                Instant.parse("2049-12-31T23:59:59Z"));
        for (Instant instant : instants) {
            ASN1UTCTime utc = new ASN1UTCTime(Date.from(instant));
            assertThat(CmsTimes.plain(utc)).as(utc.getTime()).contains(instant);
            assertThat(CmsTimes.plain(utc))
                    .contains(Time.getInstance(utc).getDate().toInstant());
        }
        for (Instant instant : List.of(
                Instant.parse("1949-12-31T23:59:59Z"),
                Instant.parse("2050-01-01T00:00:00Z"),
                Instant.parse("2026-12-07T07:20:00Z"))) {
            ASN1GeneralizedTime generalized = new ASN1GeneralizedTime(Date.from(instant));
            assertThat(CmsTimes.plain(generalized)).as(generalized.getTime()).contains(instant);
        }
    }

    @Test
    void anythingElseIsLeftToBouncyCastle() throws Exception {
        // those BouncyCastle parses at all (it refuses some forms at once): none is read here
        int parsed = 0;
        for (String utc : List.of(
                "991332000000Z",
                "990230000000Z",
                "990101240000Z",
                "990101006000Z",
                "990101000060Z",
                "990101000000+0100",
                "9901010000Z")) {
            Optional<ASN1Primitive> time = parse(encode(0x17, utc));
            if (time.isPresent()) {
                parsed++;
                assertThat(CmsTimes.plain(time.get())).as(utc).isEmpty();
            }
        }
        for (String generalized : List.of("20261207072000.5Z", "20261307072000Z", "20261207072000+0100")) {
            Optional<ASN1Primitive> time = parse(encode(0x18, generalized));
            if (time.isPresent()) {
                parsed++;
                assertThat(CmsTimes.plain(time.get())).as(generalized).isEmpty();
            }
        }
        assertThat(parsed).isGreaterThanOrEqualTo(3);
        assertThat(CmsTimes.plain(new org.bouncycastle.asn1.DEROctetString(new byte[13])))
                .isEmpty();
    }

    private static Optional<ASN1Primitive> parse(byte[] der) {
        try {
            return Optional.of(ASN1Primitive.fromByteArray(der));
        } catch (java.io.IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    private static byte[] encode(int tag, String value) {
        byte[] text = value.getBytes(StandardCharsets.US_ASCII);
        byte[] der = new byte[text.length + 2];
        der[0] = (byte) tag;
        der[1] = (byte) text.length;
        System.arraycopy(text, 0, der, 2, text.length);
        return der;
    }
}
