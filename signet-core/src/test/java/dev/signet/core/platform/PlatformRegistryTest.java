package dev.signet.core.platform;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class PlatformRegistryTest {
    private static final PlatformRegistry REGISTRY = PlatformRegistry.builtIn();
    /** Values AWS returns that its published model's enums omit. */
    private static final Set<String> AWS_EXTRA_VALUES = Set.of("AWS", "SHA384");

    static List<SigningPlatform> platforms() {
        return REGISTRY.all();
    }

    @Test
    void holdsEveryPlatformOfTheDesign() {
        assertThat(REGISTRY.all())
                .extracting(SigningPlatform::platformId)
                .containsExactlyInAnyOrder(
                        "AWSLambda-SHA384-ECDSA",
                        "Notation-OCI-SHA384-ECDSA",
                        "AmazonFreeRTOS-Default",
                        "AWSIoTDeviceManagement-SHA256-ECDSA",
                        "AmazonFreeRTOS-TI-CC3220SF",
                        "Signet-CMS-SHA256-ECDSA",
                        "Signet-CMS-SHA256-RSA",
                        "Signet-Authenticode-SHA256-RSA",
                        "Signet-JAR-SHA256-ECDSA",
                        "Signet-OpenPGP-SHA256");
        assertThat(REGISTRY.find("Signet-CMS-SHA256-ECDSA"))
                .get()
                .extracting(SigningPlatform::formatId)
                .isEqualTo("cms-detached");
        assertThat(REGISTRY.find("nope")).isEmpty();
    }

    @Test
    void awsPlatformsKeepAwsExactValues() {
        SigningPlatform lambda = REGISTRY.find("AWSLambda-SHA384-ECDSA").orElseThrow();
        assertThat(lambda.displayName()).isEqualTo("AWS Lambda");
        assertThat(lambda.partner()).isEqualTo("AWSLambda");
        assertThat(lambda.target()).isEqualTo("SHA384-ECDSA");
        assertThat(lambda.maxSizeInMB()).isEqualTo(250);
        assertThat(lambda.revocationSupported()).isTrue();
        assertThat(REGISTRY.find("AWSIoTDeviceManagement-SHA256-ECDSA")
                        .orElseThrow()
                        .displayName())
                .isEqualTo("AWS IoT Device Management SHA256-ECDSA ");
    }

    @ParameterizedTest
    @MethodSource("platforms")
    void everyFieldIsPresentAndEnumsAreValidAgainstTheModel(SigningPlatform p) throws IOException {
        JsonNode shapes = model().get("shapes");
        assertThat(p.platformId()).isNotBlank();
        assertThat(p.displayName()).isNotBlank();
        assertThat(p.partner()).isNotBlank();
        assertThat(p.target()).isNotBlank();
        assertThat(p.formatId()).matches("[a-z0-9-]+");
        assertThat(p.maxSizeInMB()).isPositive();
        assertThat(enumValues(shapes, "Category")).contains("AWSIoT");
        assertThat(p.category()).isIn(union(enumValues(shapes, "Category"), AWS_EXTRA_VALUES));
        assertThat(p.encryptionAlgorithms())
                .isNotEmpty()
                .allSatisfy(v -> assertThat(v).isIn(enumValues(shapes, "EncryptionAlgorithm")));
        assertThat(p.hashAlgorithms())
                .isNotEmpty()
                .allSatisfy(v -> assertThat(v).isIn(union(enumValues(shapes, "HashAlgorithm"), AWS_EXTRA_VALUES)));
        assertThat(p.supportedImageFormats())
                .isNotEmpty()
                .allSatisfy(v -> assertThat(v).isIn(enumValues(shapes, "ImageFormat")));
        assertThat(p.encryptionAlgorithms()).contains(p.keyAlgorithm().family());
        assertThat(p.defaultHashAlgorithm()).isEqualTo(p.hashAlgorithm().awsName());
        if (p.platformId().startsWith("Signet-")) {
            assertThat(p.partner()).isEqualTo("Signet");
            assertThat(p.category()).isIn(enumValues(shapes, "Category"));
        }
    }

    private static Set<String> union(Set<String> a, Set<String> b) {
        Set<String> out = new HashSet<>(a);
        out.addAll(b);
        return out;
    }

    private static Set<String> enumValues(JsonNode shapes, String shape) {
        Set<String> out = new HashSet<>();
        shapes.get(shape).get("enum").forEach(v -> out.add(v.asText()));
        return out;
    }

    private static JsonNode model() throws IOException {
        try (InputStream in = PlatformRegistryTest.class.getResourceAsStream("/aws/signer-2017-08-25.service-2.json")) {
            assertThat(in).as("AWS model copied into test resources").isNotNull();
            return new ObjectMapper().readTree(in);
        }
    }
}
