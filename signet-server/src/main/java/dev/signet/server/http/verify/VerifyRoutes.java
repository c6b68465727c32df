package dev.signet.server.http.verify;

import dev.signet.core.format.Subject;
import dev.signet.core.verify.CodeSigningPolicy;
import dev.signet.core.verify.Decision;
import dev.signet.core.verify.DecisionJson;
import dev.signet.core.verify.DeployGate;
import dev.signet.server.http.Json;
import dev.signet.server.http.NativeApi;
import dev.signet.server.http.RequestBodies;
import dev.signet.server.service.Caller;
import dev.signet.server.service.ServiceException;
import dev.signet.server.service.csc.CodeSigningConfigService;
import dev.signet.server.service.revocation.TrustMaterial;
import dev.signet.server.service.revocation.TrustSnapshots;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Locale;
import java.util.Objects;

/**
 * {@code POST /v1/verify}: the online deploy gate. Takes a JSON request (a digest or payload subject
 * with a detached signature) or a {@code multipart/form-data} upload (the artifact, streamed to a
 * temp file under {@code DATA/tmp/verify} and deleted afterwards), a policy by code signing config
 * ARN (the caller's account's; any other is not found) or inline, and answers with the Decision JSON
 * of a {@link DeployGate} built per request from the current {@link TrustMaterial} (roots, imported
 * certificates, revocation list; {@link TrustSnapshots#current()}) and the service clock. A
 * blocked artifact is a 200 with decision BLOCK; a malformed request is a 400 and leaves nothing on
 * disk; a verification Signet itself could not finish (INTERNAL_ERROR) is no decision but a 500,
 * logged once with its stack trace under the request id. See docs/native-api.md.
 */
public final class VerifyRoutes implements NativeApi.RouteSet {
    /** The most a request body may declare: the largest artifact plus the small parts and framing. */
    static final long MAX_UPLOAD_BODY =
            VerifyUpload.MAX_ARTIFACT + VerifyRequest.MAX_JSON + VerifyUpload.MAX_SIGNATURE + 64 * 1024;

    private final CodeSigningConfigService configs;
    private final TrustSnapshots trust;
    private final Clock clock;
    private final Path tmpDir;

    /**
     * @param tmpDir an existing owner-only directory for uploaded artifacts, which this route
     *     empties of its own files as each request ends
     */
    public VerifyRoutes(CodeSigningConfigService configs, TrustSnapshots trust, Clock clock, Path tmpDir) {
        this.configs = Objects.requireNonNull(configs, "configs");
        this.trust = Objects.requireNonNull(trust, "trust");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.tmpDir = Objects.requireNonNull(tmpDir, "tmpDir");
    }

    @Override
    public void register(NativeApi api) {
        api.addStreaming("POST", "/v1/verify", "Verify", VerifyRoutes::isUpload, this::verify);
    }

    private static boolean isUpload(Context ctx) {
        return mediaType(ctx).equals("multipart/form-data");
    }

    private void verify(Context ctx, Caller caller) throws IOException {
        String mediaType = mediaType(ctx);
        if (mediaType.equals("application/json")) {
            byte[] body = ctx.bodyAsBytes();
            VerifyRequest request = VerifyRequest.parse(body, VerifyRequest.Mode.JSON);
            respond(ctx, caller, request, request.subject().orElseThrow());
        } else if (mediaType.equals("multipart/form-data")) {
            if (RequestBodies.declaredLength(ctx) > MAX_UPLOAD_BODY) {
                throw ServiceException.validation(
                        "the upload is larger than the artifact limit of " + VerifyUpload.MAX_ARTIFACT + " bytes");
            }
            try (InputStream body = RequestBodies.open(ctx);
                    VerifyUpload upload = VerifyUpload.read(body, ctx.contentType(), tmpDir)) {
                respond(ctx, caller, upload.request(), new Subject.File(upload.artifact()));
            }
        } else {
            throw ServiceException.badRequest(
                    "the Content-Type of POST /v1/verify must be application/json or multipart/form-data");
        }
    }

    private void respond(Context ctx, Caller caller, VerifyRequest request, Subject subject) throws IOException {
        CodeSigningPolicy policy = request.policy()
                .orElseGet(() -> policyOf(caller, request.codeSigningConfigArn().orElseThrow()));
        TrustMaterial material = trust.current();
        DeployGate gate = DeployGate.builder()
                .policy(policy)
                .trustedRoots(material.trustedRoots())
                .signetRoot(material.signetRoot())
                .importedCertificates(material.importedCertificates())
                .revocationList(material.revocationList())
                .clock(clock)
                .build();
        byte[] signature = request.signature();
        Decision decision = request.format().isPresent()
                ? gate.decide(request.format().get(), subject, signature)
                : gate.decide(subject, signature);
        if (decision.result().internalError().isPresent()) {
            // Signet failed, not the artifact: HttpErrors logs it under the request id and answers 500
            throw decision.result().internalError().get();
        }
        ctx.status(200)
                .contentType("application/json")
                .result(Json.mapper().writeValueAsBytes(DecisionJson.render(decision, request.codeSigningConfigArn())));
    }

    /** The policy of the caller's code signing config; another account's or an unknown one is a 404. */
    private CodeSigningPolicy policyOf(Caller caller, String arn) {
        try {
            return configs.get(caller, arn).policy();
        } catch (ServiceException e) {
            if (e.httpStatus() == 404) {
                throw ServiceException.notFound("The code signing config " + arn + " does not exist.");
            }
            throw ServiceException.validation(e.getMessage());
        }
    }

    private static String mediaType(Context ctx) {
        String type = ctx.contentType();
        if (type == null) {
            return "";
        }
        int semicolon = type.indexOf(';');
        return (semicolon < 0 ? type : type.substring(0, semicolon)).strip().toLowerCase(Locale.ROOT);
    }
}
