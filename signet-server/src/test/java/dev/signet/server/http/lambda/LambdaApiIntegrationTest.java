package dev.signet.server.http.lambda;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.signet.server.testing.TestServer;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.CodeSigningConfig;
import software.amazon.awssdk.services.lambda.model.CodeSigningConfigNotFoundException;
import software.amazon.awssdk.services.lambda.model.CodeSigningPolicy;
import software.amazon.awssdk.services.lambda.model.CreateCodeSigningConfigRequest;
import software.amazon.awssdk.services.lambda.model.GetFunctionCodeSigningConfigResponse;
import software.amazon.awssdk.services.lambda.model.InvalidParameterValueException;
import software.amazon.awssdk.services.lambda.model.LambdaException;
import software.amazon.awssdk.services.lambda.model.ListCodeSigningConfigsResponse;
import software.amazon.awssdk.services.lambda.model.ListFunctionsByCodeSigningConfigResponse;
import software.amazon.awssdk.services.lambda.model.ResourceConflictException;
import software.amazon.awssdk.services.lambda.model.ResourceNotFoundException;

/**
 * The nine Lambda code-signing-config operations through the SDK's {@link LambdaClient} with default
 * settings against a real server: every operation, both paginators and each documented error.
 */
class LambdaApiIntegrationTest {
    static final String PUBLISHER = "arn:aws:signer:us-east-1:000000000000:/signing-profiles/app/AbCdE12345";
    static final String MISSING_CSC = "arn:aws:lambda:us-east-1:000000000000:code-signing-config:csc-0000000000000000z";
    static final DateTimeFormatter LAMBDA_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSZ");

    static TestServer server;
    static LambdaClient lambda;

    @BeforeAll
    static void start() {
        server = TestServer.start();
        lambda = server.lambda();
    }

    @AfterAll
    static void stop() {
        lambda.close();
        server.close();
    }

    static CodeSigningConfig create(Consumer<CreateCodeSigningConfigRequest.Builder> customize) {
        CreateCodeSigningConfigRequest.Builder b =
                CreateCodeSigningConfigRequest.builder().allowedPublishers(p -> p.signingProfileVersionArns(PUBLISHER));
        customize.accept(b);
        return lambda.createCodeSigningConfig(b.build()).codeSigningConfig();
    }

    @Test
    void createGetUpdateAndDeleteAConfig() {
        Instant before = Instant.now().minusSeconds(1);
        CodeSigningConfig created = create(b -> b.description("release gate")
                .allowedPublishers(p -> p.signingProfileVersionArns(PUBLISHER, PUBLISHER.replace("app", "lib")))
                .codeSigningPolicies(p -> p.untrustedArtifactOnDeployment(CodeSigningPolicy.ENFORCE))
                .tags(java.util.Map.of("team", "payments")));

        assertThat(created.codeSigningConfigId()).matches("csc-[a-z0-9]{17}");
        assertThat(created.codeSigningConfigArn())
                .isEqualTo(
                        "arn:aws:lambda:us-east-1:000000000000:code-signing-config:" + created.codeSigningConfigId());
        assertThat(created.description()).isEqualTo("release gate");
        assertThat(created.allowedPublishers().signingProfileVersionArns())
                .containsExactly(PUBLISHER, PUBLISHER.replace("app", "lib"));
        assertThat(created.codeSigningPolicies().untrustedArtifactOnDeployment())
                .isEqualTo(CodeSigningPolicy.ENFORCE);
        assertThat(created.lastModified()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}\\+0000");
        assertThat(OffsetDateTime.parse(created.lastModified(), LAMBDA_TIME).toInstant())
                .isAfter(before);

        String arn = created.codeSigningConfigArn();
        assertThat(lambda.getCodeSigningConfig(b -> b.codeSigningConfigArn(arn)).codeSigningConfig())
                .isEqualTo(created);

        CodeSigningConfig updated = lambda.updateCodeSigningConfig(b -> b.codeSigningConfigArn(arn)
                        .codeSigningPolicies(p -> p.untrustedArtifactOnDeployment(CodeSigningPolicy.WARN)))
                .codeSigningConfig();
        assertThat(updated.codeSigningPolicies().untrustedArtifactOnDeployment())
                .isEqualTo(CodeSigningPolicy.WARN);
        assertThat(updated.description()).isEqualTo("release gate");
        assertThat(updated.allowedPublishers()).isEqualTo(created.allowedPublishers());

        CodeSigningConfig redescribed = lambda.updateCodeSigningConfig(b -> b.codeSigningConfigArn(arn)
                        .description("")
                        .allowedPublishers(p -> p.signingProfileVersionArns(PUBLISHER)))
                .codeSigningConfig();
        assertThat(redescribed.description()).isEmpty();
        assertThat(redescribed.allowedPublishers().signingProfileVersionArns()).containsExactly(PUBLISHER);
        assertThat(lambda.getCodeSigningConfig(b -> b.codeSigningConfigArn(arn)).codeSigningConfig())
                .isEqualTo(redescribed);

        lambda.deleteCodeSigningConfig(b -> b.codeSigningConfigArn(arn));
        assertThatThrownBy(() -> lambda.getCodeSigningConfig(b -> b.codeSigningConfigArn(arn)))
                .isInstanceOfSatisfying(ResourceNotFoundException.class, e -> {
                    assertThat(e.statusCode()).isEqualTo(404);
                    assertThat(e.type()).isEqualTo("User");
                    assertThat(e.awsErrorDetails().errorMessage()).contains(arn);
                });
        assertThatThrownBy(() -> lambda.deleteCodeSigningConfig(b -> b.codeSigningConfigArn(arn)))
                .isInstanceOf(ResourceNotFoundException.class)
                .hasMessageContaining("The code signing config " + arn + " does not exist");
    }

    @Test
    void thePolicyDefaultsToWarn() {
        CodeSigningConfig created = create(b -> {});

        assertThat(created.codeSigningPolicies().untrustedArtifactOnDeployment())
                .isEqualTo(CodeSigningPolicy.WARN);
        assertThat(created.description()).isNull();
    }

    @Test
    void theListPaginatorVisitsEveryConfigOnce() {
        List<String> created = IntStream.range(0, 7)
                .mapToObj(i -> create(b -> b.description("page " + i)).codeSigningConfigArn())
                .toList();

        List<String> listed = new ArrayList<>();
        int pages = 0;
        for (ListCodeSigningConfigsResponse page : lambda.listCodeSigningConfigsPaginator(b -> b.maxItems(3))) {
            assertThat(page.codeSigningConfigs()).hasSizeLessThanOrEqualTo(3);
            page.codeSigningConfigs().forEach(c -> listed.add(c.codeSigningConfigArn()));
            pages++;
            assertThat(pages).isLessThan(100);
        }

        assertThat(listed).doesNotHaveDuplicates().containsAll(created);
        assertThat(pages).isGreaterThanOrEqualTo(3);
        assertThat(lambda.listCodeSigningConfigs(b -> b.maxItems(10000)).codeSigningConfigs())
                .extracting(CodeSigningConfig::codeSigningConfigArn)
                .containsExactlyElementsOf(listed);
    }

    @Test
    void functionsAreAttachedByNamePartialArnOrArnAndListedByConfig() {
        String arn = create(b -> {}).codeSigningConfigArn();
        String other = create(b -> {}).codeSigningConfigArn();
        String prefix = "arn:aws:lambda:us-east-1:000000000000:function:";

        var put =
                lambda.putFunctionCodeSigningConfig(b -> b.functionName("alpha").codeSigningConfigArn(arn));
        assertThat(put.functionName()).isEqualTo("alpha");
        assertThat(put.codeSigningConfigArn()).isEqualTo(arn);
        lambda.putFunctionCodeSigningConfig(
                b -> b.functionName("000000000000:function:beta").codeSigningConfigArn(arn));
        lambda.putFunctionCodeSigningConfig(
                b -> b.functionName(prefix + "gamma").codeSigningConfigArn(arn));
        lambda.putFunctionCodeSigningConfig(b -> b.functionName("delta").codeSigningConfigArn(arn));

        GetFunctionCodeSigningConfigResponse got =
                lambda.getFunctionCodeSigningConfig(b -> b.functionName(prefix + "beta"));
        assertThat(got.functionName()).isEqualTo("beta");
        assertThat(got.codeSigningConfigArn()).isEqualTo(arn);

        // re-attaching moves the function to the other config
        lambda.putFunctionCodeSigningConfig(b -> b.functionName("delta").codeSigningConfigArn(other));
        assertThat(lambda.getFunctionCodeSigningConfig(b -> b.functionName("delta"))
                        .codeSigningConfigArn())
                .isEqualTo(other);

        List<String> functions = new ArrayList<>();
        int pages = 0;
        for (ListFunctionsByCodeSigningConfigResponse page : lambda.listFunctionsByCodeSigningConfigPaginator(
                b -> b.codeSigningConfigArn(arn).maxItems(2))) {
            functions.addAll(page.functionArns());
            pages++;
            assertThat(pages).isLessThan(100);
        }
        assertThat(functions).containsExactly(prefix + "alpha", prefix + "beta", prefix + "gamma");
        assertThat(pages).isEqualTo(2);

        lambda.deleteFunctionCodeSigningConfig(b -> b.functionName("beta"));
        assertThatThrownBy(() -> lambda.getFunctionCodeSigningConfig(b -> b.functionName("beta")))
                .isInstanceOf(ResourceNotFoundException.class)
                .hasMessageContaining("Function not found: arn:aws:lambda:us-east-1:000000000000:function:beta");
        assertThatThrownBy(() -> lambda.deleteFunctionCodeSigningConfig(b -> b.functionName("beta")))
                .isInstanceOf(ResourceNotFoundException.class)
                .hasMessageContaining("Function not found: arn:aws:lambda:us-east-1:000000000000:function:beta");
        assertThat(lambda.listFunctionsByCodeSigningConfig(b -> b.codeSigningConfigArn(arn))
                        .functionArns())
                .containsExactly(prefix + "alpha", prefix + "gamma");
    }

    @Test
    void aConfigInUseCannotBeDeleted() {
        String arn = create(b -> {}).codeSigningConfigArn();
        lambda.putFunctionCodeSigningConfig(b -> b.functionName("in-use").codeSigningConfigArn(arn));

        assertThatThrownBy(() -> lambda.deleteCodeSigningConfig(b -> b.codeSigningConfigArn(arn)))
                .isInstanceOfSatisfying(ResourceConflictException.class, e -> {
                    assertThat(e.statusCode()).isEqualTo(409);
                    assertThat(e.type()).isEqualTo("User");
                });
        assertThat(lambda.getCodeSigningConfig(b -> b.codeSigningConfigArn(arn)))
                .isNotNull();

        lambda.deleteFunctionCodeSigningConfig(b -> b.functionName("in-use"));
        lambda.deleteCodeSigningConfig(b -> b.codeSigningConfigArn(arn));
    }

    @Test
    void attachingAConfigThatDoesNotExistIsCodeSigningConfigNotFound() {
        assertThatThrownBy(() -> lambda.putFunctionCodeSigningConfig(
                        b -> b.functionName("orphan").codeSigningConfigArn(MISSING_CSC)))
                .isInstanceOfSatisfying(
                        CodeSigningConfigNotFoundException.class,
                        e -> assertThat(e.statusCode()).isEqualTo(404));
        assertThatThrownBy(() -> lambda.getFunctionCodeSigningConfig(b -> b.functionName("orphan")))
                .isInstanceOf(ResourceNotFoundException.class)
                .hasMessageContaining("Function not found: arn:aws:lambda:us-east-1:000000000000:function:orphan");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                MISSING_CSC,
                // another region's config is not found here
                "arn:aws:lambda:eu-west-1:000000000000:code-signing-config:csc-0123456789abcdefg"
            })
    void unknownConfigsAreNotFoundInEveryOperation(String arn) {
        assertThatThrownBy(() -> lambda.getCodeSigningConfig(b -> b.codeSigningConfigArn(arn)))
                .isInstanceOf(ResourceNotFoundException.class)
                .hasMessageContaining("The code signing config " + arn + " does not exist");
        assertThatThrownBy(() -> lambda.updateCodeSigningConfig(
                        b -> b.codeSigningConfigArn(arn).description("x")))
                .isInstanceOf(ResourceNotFoundException.class)
                .hasMessageContaining("The code signing config " + arn + " does not exist");
        assertThatThrownBy(() -> lambda.deleteCodeSigningConfig(b -> b.codeSigningConfigArn(arn)))
                .isInstanceOf(ResourceNotFoundException.class)
                .hasMessageContaining("The code signing config " + arn + " does not exist");
        assertThatThrownBy(() -> lambda.listFunctionsByCodeSigningConfig(b -> b.codeSigningConfigArn(arn)))
                .isInstanceOf(ResourceNotFoundException.class)
                .hasMessageContaining("The code signing config " + arn + " does not exist");
    }

    @Test
    void anotherAccountsConfigIsNotTheAdministratorsToRead() {
        String arn = "arn:aws:lambda:us-east-1:111111111111:code-signing-config:csc-0123456789abcdefg";
        assertThatThrownBy(() -> lambda.getCodeSigningConfig(b -> b.codeSigningConfigArn(arn)))
                .isInstanceOfSatisfying(LambdaException.class, e -> {
                    assertThat(e.statusCode()).isEqualTo(403);
                    assertThat(e.awsErrorDetails().errorCode()).isEqualTo("AccessDeniedException");
                    assertThat(e.awsErrorDetails().errorMessage())
                            .isEqualTo("User: arn:aws:iam::000000000000:user/admin is not authorized to perform:"
                                    + " lambda:GetCodeSigningConfig on resource: " + arn
                                    + " because no resource-based policy allows the lambda:GetCodeSigningConfig"
                                    + " action");
                });
    }

    static Stream<Named<Runnable>> invalidRequests() {
        String csc = "arn:aws:lambda:us-east-1:000000000000:code-signing-config:csc-0123456789abcdefg";
        return Stream.of(
                Named.of("description of 257 characters", () -> create(b -> b.description("d".repeat(257)))),
                Named.of(
                        "no publishers",
                        () -> create(b -> b.allowedPublishers(p -> p.signingProfileVersionArns(List.of())))),
                Named.of(
                        "21 publishers",
                        () -> create(b -> b.allowedPublishers(p -> p.signingProfileVersionArns(IntStream.range(0, 21)
                                .mapToObj(i -> PUBLISHER + i)
                                .toList())))),
                Named.of(
                        "publisher that is not an ARN",
                        () -> create(
                                b -> b.allowedPublishers(p -> p.signingProfileVersionArns("signing-profile/app")))),
                Named.of(
                        "policy outside the enum",
                        () -> create(b -> b.codeSigningPolicies(p -> p.untrustedArtifactOnDeployment("Block")))),
                Named.of("missing AllowedPublishers", () -> lambda.createCodeSigningConfig(b -> b.description("x"))),
                Named.of(
                        "config id instead of ARN",
                        () -> lambda.getCodeSigningConfig(b -> b.codeSigningConfigArn("csc-0123456789abcdefg"))),
                Named.of(
                        "ARN with an upper-case id",
                        () -> lambda.getCodeSigningConfig(b -> b.codeSigningConfigArn(csc.replace("csc-0", "csc-A")))),
                Named.of(
                        "ARN with a short id",
                        () -> lambda.deleteCodeSigningConfig(
                                b -> b.codeSigningConfigArn(csc.substring(0, csc.length() - 1)))),
                Named.of(
                        "update with an invalid description",
                        () -> lambda.updateCodeSigningConfig(
                                b -> b.codeSigningConfigArn(csc).description("d".repeat(257)))),
                Named.of("MaxItems 0", () -> lambda.listCodeSigningConfigs(b -> b.maxItems(0))),
                Named.of("MaxItems 10001", () -> lambda.listCodeSigningConfigs(b -> b.maxItems(10001))),
                Named.of("forged Marker", () -> lambda.listCodeSigningConfigs(b -> b.marker("csc-zzz.AAAA"))),
                Named.of(
                        "function name with a qualifier",
                        () -> lambda.putFunctionCodeSigningConfig(
                                b -> b.functionName("app:prod").codeSigningConfigArn(csc))),
                Named.of(
                        "function name with a space",
                        () -> lambda.getFunctionCodeSigningConfig(b -> b.functionName("my app"))),
                Named.of(
                        "function name of 257 characters",
                        () -> lambda.deleteFunctionCodeSigningConfig(b -> b.functionName("f".repeat(257)))),
                Named.of(
                        "function of another account",
                        () -> lambda.getFunctionCodeSigningConfig(b -> b.functionName("111111111111:function:app"))),
                Named.of(
                        "attach with a malformed config ARN",
                        () -> lambda.putFunctionCodeSigningConfig(
                                b -> b.functionName("app").codeSigningConfigArn("arn:aws:lambda:nope"))));
    }

    /** One rule for allowed publishers (core's CodeSigningPolicy): a config always makes a valid policy. */
    @Test
    void aPublisherArnOver2048CharactersIsRefusedLikeInAPolicyFile() {
        String longest = PUBLISHER + "x".repeat(2048 - PUBLISHER.length());
        assertThat(create(b -> b.allowedPublishers(p -> p.signingProfileVersionArns(longest)))
                        .allowedPublishers()
                        .signingProfileVersionArns())
                .containsExactly(longest);
        assertThatThrownBy(() -> create(b -> b.allowedPublishers(p -> p.signingProfileVersionArns(longest + "x"))))
                .isInstanceOfSatisfying(
                        InvalidParameterValueException.class,
                        e -> assertThat(e.awsErrorDetails().errorMessage())
                                .startsWith("AllowedPublishers.SigningProfileVersionArns member '")
                                .endsWith("' is longer than 2048 characters"));
    }

    @ParameterizedTest
    @MethodSource("invalidRequests")
    void invalidMembersAreInvalidParameterValueExceptions(Runnable call) {
        assertThatThrownBy(call::run).isInstanceOfSatisfying(InvalidParameterValueException.class, e -> {
            assertThat(e.statusCode()).isEqualTo(400);
            assertThat(e.type()).isEqualTo("User");
            assertThat(e.awsErrorDetails().errorMessage()).isNotBlank();
        });
    }

    @Test
    void aMarkerOfOneListingIsRefusedByAnother() {
        String arn = create(b -> {}).codeSigningConfigArn();
        create(b -> {});
        String marker = lambda.listCodeSigningConfigs(b -> b.maxItems(1)).nextMarker();
        assertThat(marker).isNotNull();

        assertThatThrownBy(() -> lambda.listFunctionsByCodeSigningConfig(
                        b -> b.codeSigningConfigArn(arn).marker(marker)))
                .isInstanceOf(InvalidParameterValueException.class)
                .hasMessageContaining(
                        "Marker is invalid: it was not issued by this listing or was issued for another one");
        assertThatThrownBy(() -> lambda.listCodeSigningConfigs(b -> b.marker(marker + "A")))
                .isInstanceOf(InvalidParameterValueException.class)
                .hasMessageContaining(
                        "Marker is invalid: it was not issued by this listing or was issued for another one");
    }

    @Test
    void failedRequestsChangeNothing() {
        CodeSigningConfig created = create(b -> b.description("kept"));
        String arn = created.codeSigningConfigArn();

        assertThatThrownBy(() -> lambda.updateCodeSigningConfig(b -> b.codeSigningConfigArn(arn)
                        .description("changed")
                        .allowedPublishers(p -> p.signingProfileVersionArns("not-an-arn"))))
                .isInstanceOf(LambdaException.class)
                .hasMessageContaining("AllowedPublishers.SigningProfileVersionArns member 'not-an-arn' is not an ARN");

        assertThat(lambda.getCodeSigningConfig(b -> b.codeSigningConfigArn(arn)).codeSigningConfig())
                .isEqualTo(created);
    }
}
