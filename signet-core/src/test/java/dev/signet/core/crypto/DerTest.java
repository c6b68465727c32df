package dev.signet.core.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.time.Instant;
import java.util.Date;
import java.util.Random;
import org.bouncycastle.asn1.ASN1EncodableVector;
import org.bouncycastle.asn1.ASN1GeneralizedTime;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.DERSequence;
import org.bouncycastle.asn1.DERSet;
import org.bouncycastle.asn1.cms.Time;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Every encoding {@link Der} writes equals BouncyCastle's DER encoding of the same value. */
class DerTest {
    @ParameterizedTest
    @ValueSource(ints = {0, 1, 127, 128, 255, 256, 65_535, 65_536, 1 << 20})
    void lengthsInShortAndLongForm(int length) throws Exception {
        byte[] value = new byte[length];
        new Random(length).nextBytes(value);
        assertThat(Der.octetString(value)).isEqualTo(new DEROctetString(value).getEncoded());
        ASN1Primitive parsed = ASN1Primitive.fromByteArray(Der.sequence(Der.octetString(value)));
        assertThat(ASN1OctetString.getInstance(DERSequence.getInstance(parsed).getObjectAt(0))
                        .getOctets())
                .isEqualTo(value);
    }

    @Test
    void setsAreSortedAsDerSetsAre() throws Exception {
        Random random = new Random(7);
        for (int round = 0; round < 50; round++) {
            int n = 1 + random.nextInt(6);
            byte[][] elements = new byte[n][];
            ASN1EncodableVector vector = new ASN1EncodableVector();
            for (int i = 0; i < n; i++) {
                byte[] value = new byte[random.nextInt(4) + (random.nextBoolean() ? 0 : 200)];
                random.nextBytes(value);
                elements[i] = Der.octetString(value);
                vector.add(new DEROctetString(value));
            }
            assertThat(Der.set(elements)).isEqualTo(new DERSet(vector).getEncoded());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "1", "127", "128", "-1", "-129", "340282366920938463463374607431768211455"})
    void integers(String value) throws Exception {
        BigInteger n = new BigInteger(value);
        assertThat(Der.integer(n)).isEqualTo(new ASN1Integer(n).getEncoded());
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "1950-01-01T00:00:00Z",
                "1949-12-31T23:59:59Z",
                "2026-11-27T10:01:23.999Z",
                "2049-12-31T23:59:59Z",
                "2050-01-01T00:00:00Z",
                "2105-06-30T12:00:00Z"
            })
    void timesAsBouncyCastleEncodesThem(String instant) throws Exception {
        Instant t = Instant.parse(instant);
        Date seconds = Date.from(t.truncatedTo(java.time.temporal.ChronoUnit.SECONDS));
        assertThat(Der.time(t)).isEqualTo(new Time(seconds).getEncoded());
        assertThat(Der.generalizedTime(t)).isEqualTo(new ASN1GeneralizedTime(seconds).getEncoded());
    }

    @Test
    void refusesMultiOctetTags() {
        assertThatThrownBy(() -> Der.tlv(0x1f))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("not a single-octet tag: 31");
        assertThatThrownBy(() -> Der.tlv(0x100))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("not a single-octet tag: 256");
    }
}
