package dev.signet.server.http.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.signet.server.objects.ObjectStoreException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ByteRangeTest {
    @ParameterizedTest
    @CsvSource({
        "bytes=0-99, 1000, 0, 100",
        "bytes=500-, 1000, 500, 500",
        "bytes=990-5000, 1000, 990, 10",
        "bytes=-100, 1000, 900, 100",
        "bytes=-5000, 1000, 0, 1000",
        "bytes=-1, 1, 0, 1"
    })
    void resolvesARangeInsideTheObject(String header, long size, long start, long length) throws Exception {
        ByteRange range = ByteRange.parse(header, size).orElseThrow();

        assertThat(range).isEqualTo(new ByteRange(start, length));
    }

    @ParameterizedTest
    @ValueSource(strings = {"bytes=10-5", "bytes=0-1,5-9", "items=0-5", "bytes=99999999999999999999-1", "bytes=-"})
    void ignoresARangeThatDoesNotParse(String header) throws Exception {
        assertThat(ByteRange.parse(header, 1000)).isEmpty();
    }

    @ParameterizedTest
    @CsvSource({"bytes=1000-, 1000", "bytes=-0, 1000", "bytes=0-, 0", "bytes=-1, 0", "bytes=-100, 0"})
    void refusesARangeWithNoByteToServe(String header, long size) {
        // found by S3RequestFuzz#range: a suffix range of an empty object resolved to zero bytes at 0,
        // answered 206 with "Content-Range: bytes 0--1/0"
        assertThatThrownBy(() -> ByteRange.parse(header, size))
                .isInstanceOfSatisfying(
                        ObjectStoreException.class, e -> assertThat(e.code()).isEqualTo("InvalidRange"))
                .hasMessage("The requested range is not satisfiable");
    }
}
