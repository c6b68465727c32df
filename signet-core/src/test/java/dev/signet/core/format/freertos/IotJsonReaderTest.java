package dev.signet.core.format.freertos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.signet.core.format.FormatException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The buffered reader: strings and base64 across buffer refills, and the canonical-base64 refusals. */
class IotJsonReaderTest {

    /** Hands out at most a few bytes per read, so every string crosses refills. */
    private static InputStream trickle(byte[] bytes) {
        return new FilterInputStream(new ByteArrayInputStream(bytes)) {
            private final Random random = new Random(bytes.length);

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                return super.read(b, off, Math.min(len, 1 + random.nextInt(7)));
            }
        };
    }

    private static byte[] payloadOf(String json) throws IOException, FormatException {
        // a size hint below the real length: the buffer grows as the strings need
        IotJsonReader reader = new IotJsonReader(trickle(json.getBytes(StandardCharsets.US_ASCII)), json.length() / 3);
        reader.expect("{\"payload\":\"");
        ByteArrayOutputStream decoded = new ByteArrayOutputStream();
        long size = reader.base64Stream(decoded::writeBytes);
        reader.expect("}");
        reader.expectEnd();
        assertThat(size).isEqualTo(decoded.size());
        return decoded.toByteArray();
    }

    @Test
    void payloadsOfEverySizeAndPaddingDecodeAcrossRefills() throws Exception {
        Random random = new Random(15);
        for (int n : new int[] {0, 1, 2, 3, 4, 5, 47, 48, 49, 12_287, 12_288, 12_289, 50_000, 100_001}) {
            byte[] payload = new byte[n];
            random.nextBytes(payload);
            String json = "{\"payload\":\"" + Base64.getEncoder().encodeToString(payload) + "\"}";
            assertThat(payloadOf(json)).as("%d bytes", n).isEqualTo(payload);
            IotJsonReader whole = new IotJsonReader(json.getBytes(StandardCharsets.US_ASCII));
            whole.expect("{\"payload\":\"");
            ByteArrayOutputStream decoded = new ByteArrayOutputStream();
            whole.base64Stream(decoded::writeBytes);
            assertThat(decoded.toByteArray()).isEqualTo(payload);
        }
    }

    @Test
    void nonCanonicalPayloadsAreRefused() {
        String[][] cases = {
            {"AB==", "non-canonical base64"}, // bits after the last byte
            {"AAB=", "non-canonical base64"},
            {"AA", "non-canonical base64"}, // missing padding
            {"AAA", "non-canonical base64"},
            {"AA==AAAA", "base64 padding inside the payload"},
            {"AA=A", "malformed base64"},
            {"A===", "base64 padding inside the payload"},
            {"AA\\u0041", "malformed base64"},
            {"AAA AAAA", "malformed base64"},
        };
        for (String[] c : cases) {
            assertThatThrownBy(() -> payloadOf("{\"payload\":\"" + c[0] + "\"}"))
                    .as(c[0])
                    .isInstanceOf(FormatException.class)
                    .hasMessageContaining(c[1]);
        }
        assertThatThrownBy(() -> payloadOf("{\"payload\":\"AAAA"))
                .isInstanceOf(FormatException.class)
                .hasMessageContaining("not terminated");
        assertThatThrownBy(() -> payloadOf("{\"payload\":\"AA=="))
                .isInstanceOf(FormatException.class)
                .hasMessageContaining("not terminated");
    }

    @Test
    void stringsAndBase64CrossRefillsAndKeepTheirLimits() throws Exception {
        byte[] value = new byte[20_000];
        new Random(3).nextBytes(value);
        String b64 = Base64.getEncoder().encodeToString(value);
        IotJsonReader reader = new IotJsonReader(
                trickle(("\"" + "x".repeat(40) + "\",\"" + b64 + "\",12345,").getBytes(StandardCharsets.US_ASCII)));
        reader.expect("\"");
        assertThat(reader.text(40)).isEqualTo("x".repeat(40));
        reader.expect(",\"");
        assertThat(reader.base64(b64.length())).isEqualTo(value);
        reader.expect(",");
        assertThat(reader.number(5)).isEqualTo(12345);
        assertThat(reader.position()).isEqualTo(b64.length() + 51);

        IotJsonReader tooLong = new IotJsonReader(trickle("\"abcdef\"".getBytes(StandardCharsets.US_ASCII)));
        tooLong.expect("\"");
        assertThatThrownBy(() -> tooLong.text(5))
                .isInstanceOf(FormatException.class)
                .hasMessageContaining("string longer than 5 characters");
        IotJsonReader control = new IotJsonReader("\"ab\ncd\"".getBytes(StandardCharsets.US_ASCII));
        control.expect("\"");
        assertThatThrownBy(() -> control.text(10))
                .isInstanceOf(FormatException.class)
                .hasMessageContaining("unexpected character or end of data in a string at byte 4");
        IotJsonReader unterminated = new IotJsonReader(trickle("\"abc".getBytes(StandardCharsets.US_ASCII)));
        unterminated.expect("\"");
        assertThatThrownBy(() -> unterminated.base64(10))
                .isInstanceOf(FormatException.class)
                .hasMessageContaining("end of data in a string");
        IotJsonReader bits = new IotJsonReader("\"AB==\"".getBytes(StandardCharsets.US_ASCII));
        bits.expect("\"");
        assertThatThrownBy(() -> bits.base64(10))
                .isInstanceOf(FormatException.class)
                .hasMessageContaining("non-canonical base64");
    }
}
