package dev.signet.cli.oci;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.signet.cli.CliException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ImageReferenceTest {
    static final String D = "sha256:" + "a1".repeat(32);

    @Test
    void parsesLoopbackHttpAndRemoteHttps() {
        ImageReference local = ImageReference.parse("http://127.0.0.1:5000/team/app@" + D, false);
        assertThat(local.base().toString()).isEqualTo("http://127.0.0.1:5000");
        assertThat(local.repository()).isEqualTo("team/app");
        assertThat(local.digest()).isEqualTo(D);
        assertThat(ImageReference.parse("localhost:5000/app@" + D, true).base().getScheme())
                .isEqualTo("http");
        assertThat(ImageReference.parse("registry.example/app@" + D, false)
                        .base()
                        .toString())
                .isEqualTo("https://registry.example");
        assertThat(ImageReference.parse("registry.example/app:v1@" + D, false).digest())
                .isEqualTo(D);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "",
                "app",
                "registry.example/app",
                "registry.example/app:v1",
                "registry.example/App@sha256:a1",
                "registry.example/app@sha256:A1A1A1A1A1A1A1A1A1A1A1A1A1A1A1A1A1A1A1A1A1A1A1A1A1A1A1A1A1A1A1A1",
                "registry.example/app@md5:0123456789abcdef0123456789abcdef",
                "http://registry.example/app@sha256:a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1",
                "ftp://127.0.0.1/app@sha256:a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1",
                "127.0.0.1/../app@sha256:a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1",
            })
    void refusesTagsBadDigestsAndRemotePlainHttp(String ref) {
        assertThatThrownBy(() -> ImageReference.parse(ref, false))
                .isInstanceOf(CliException.class)
                .extracting(e -> ((CliException) e).exitCode())
                .isEqualTo(2);
    }

    @Test
    void insecureIsRefusedForRemoteRegistries() {
        assertThatThrownBy(() -> ImageReference.parse("registry.example/app@" + D, true))
                .isInstanceOf(CliException.class)
                .hasMessageContaining("plain HTTP is allowed only for a registry on the loopback interface");
    }
}
