package dev.signet.server.http.lambda;

import static org.assertj.core.api.Assertions.assertThat;

import dev.signet.server.testing.TestServer;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.CodeSigningConfig;

/**
 * Lambda served next to Signer and S3 on one endpoint; configs, function associations and issued
 * markers survive a restart on the same data directory.
 */
class LambdaRestartIntegrationTest {

    @Test
    void configsAssociationsAndMarkersSurviveARestart() {
        try (TestServer server = TestServer.start()) {
            CodeSigningConfig first;
            String marker;
            try (LambdaClient lambda = server.lambda()) {
                first = lambda.createCodeSigningConfig(b -> b.allowedPublishers(
                                p -> p.signingProfileVersionArns(LambdaApiIntegrationTest.PUBLISHER)))
                        .codeSigningConfig();
                lambda.createCodeSigningConfig(
                        b -> b.allowedPublishers(p -> p.signingProfileVersionArns(LambdaApiIntegrationTest.PUBLISHER)));
                lambda.putFunctionCodeSigningConfig(
                        b -> b.functionName("kept").codeSigningConfigArn(first.codeSigningConfigArn()));
                marker = lambda.listCodeSigningConfigs(b -> b.maxItems(1)).nextMarker();
                assertThat(marker).isNotNull();
                // the other services still answer on the same endpoint
                try (var signer = server.signer()) {
                    assertThat(signer.listSigningPlatforms().platforms()).isNotEmpty();
                }
            }

            server.restart();

            try (LambdaClient lambda = server.lambda()) {
                assertThat(lambda.getCodeSigningConfig(b -> b.codeSigningConfigArn(first.codeSigningConfigArn()))
                                .codeSigningConfig())
                        .isEqualTo(first);
                assertThat(lambda.getFunctionCodeSigningConfig(b -> b.functionName("kept"))
                                .codeSigningConfigArn())
                        .isEqualTo(first.codeSigningConfigArn());
                assertThat(lambda.listCodeSigningConfigs(b -> b.marker(marker)).codeSigningConfigs())
                        .hasSize(1);
            }
        }
    }
}
