package dev.signet.server.http.signer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.signet.server.service.ServiceException;
import dev.signet.server.testing.RequestHead;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class QueryMembersTest {
    @ParameterizedTest
    @CsvSource({
        "2027-01-01T00%3A00%3A00Z, 2027-01-01T00:00:00Z",
        "2026-12-01T12%3A00%3A00.123Z, 2026-12-01T12:00:00.123Z",
        "1767225600, 2026-01-01T00:00:00Z",
        "1767225600.5, 2026-01-01T00:00:00.500Z"
    })
    void readsIsoAndEpochSecondTimestamps(String raw, String expected) {
        assertThat(query("signatureExpiresBefore=" + raw).timestamp("signatureExpiresBefore"))
                .contains(Instant.parse(expected));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                // found by QueryMembersFuzz#query: an ISO year past epoch milliseconds parsed, then overflowed
                // in the job filter's page-token fingerprint (and the repository's binds): a 500
                "%2B1000000000-12-31T23%3A59%3A59Z",
                "-1000000000-01-01T00%3A00%3A00Z",
                "%2B292278994-08-17T07%3A12%3A55.808Z",
                "1e400",
                // found by QueryMembersFuzz#query: expanded to a million digits (454 MB) before it was refused
                "1e1000000",
                "-1e2147483647",
                "1e-1000000",
                "tomorrow"
            })
    void refusesATimestampOutsideEpochMillisecondsAsAValidationError(String raw) {
        QueryMembers query = query("signatureExpiresBefore=" + raw);

        assertThatThrownBy(() -> query.timestamp("signatureExpiresBefore"))
                .isInstanceOfSatisfying(ServiceException.class, e -> {
                    assertThat(e.errorCode()).isEqualTo("ValidationException");
                    assertThat(e.httpStatus()).isEqualTo(400);
                })
                .hasMessageStartingWith("signatureExpiresBefore must be an ISO 8601 timestamp or epoch seconds");
    }

    @ParameterizedTest
    @CsvSource({"maxResults=12, 12", "maxResults=, ''"})
    void readsIntegers(String raw, String expected) {
        assertThat(query(raw).integer("maxResults").map(String::valueOf).orElse(""))
                .isEqualTo(expected);
    }

    private static QueryMembers query(String rawQuery) {
        return new QueryMembers(RequestHead.parse(("GET /signing-jobs?" + rawQuery).getBytes(StandardCharsets.US_ASCII))
                .orElseThrow()
                .context(new byte[0]));
    }
}
