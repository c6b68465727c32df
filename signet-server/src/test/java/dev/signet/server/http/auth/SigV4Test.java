package dev.signet.server.http.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SigV4Test {
    @ParameterizedTest
    @ValueSource(strings = {"%", "%Z", "%ZZ", "a%2", "%E1%88", "%FF", "%C0%AF"})
    void malformedEscapesAreRefused(String raw) {
        assertThatThrownBy(() -> SigV4.percentDecode(raw)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SigV4.canonicalQuery("a=" + raw, Set.of()))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void s3PathsAreEncodedOnceAndNotNormalized() {
        assertThat(SigV4.canonicalUri("/b/a//../k ü+%", false)).isEqualTo("/b/a//../k%20%C3%BC%2B%25");
        assertThat(SigV4.canonicalUri("/b/a//../k", true)).isEqualTo("/b/k");
    }

    @Test
    void otherServicesEncodeTheWirePathAgain() {
        assertThat(SigV4.canonicalUri("/signing-profiles/a%20b", true)).isEqualTo("/signing-profiles/a%2520b");
    }

    @Test
    void plusInAQueryIsAPlus() {
        assertThat(SigV4.canonicalQuery("a=b+c&a=b%20c", Set.of())).isEqualTo("a=b%20c&a=b%2Bc");
    }

    @Test
    void presignedSignatureParameterIsExcluded() {
        assertThat(SigV4.canonicalQuery("X-Amz-Signature=abc&X-Amz-Date=1", Set.of("X-Amz-Signature")))
                .isEqualTo("X-Amz-Date=1");
    }
}
