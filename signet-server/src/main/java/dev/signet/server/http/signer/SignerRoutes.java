package dev.signet.server.http.signer;

import com.fasterxml.jackson.core.Base64Variants;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.signet.server.http.AwsProtocolService;
import dev.signet.server.http.Json;
import dev.signet.server.http.RequestLog;
import dev.signet.server.service.Arns;
import dev.signet.server.service.Caller;
import dev.signet.server.service.ServiceException;
import dev.signet.server.service.Validation;
import dev.signet.server.service.access.AccessRequest;
import dev.signet.server.service.job.JobPage;
import dev.signet.server.service.job.PayloadSignature;
import dev.signet.server.service.job.PayloadSigningService;
import dev.signet.server.service.job.SigningJob;
import dev.signet.server.service.job.SigningJobService;
import dev.signet.server.service.permission.PermissionPage;
import dev.signet.server.service.permission.ProfilePermission;
import dev.signet.server.service.permission.ProfilePermissionService;
import dev.signet.server.service.platform.PlatformPage;
import dev.signet.server.service.platform.SigningPlatformService;
import dev.signet.server.service.profile.ProfilePage;
import dev.signet.server.service.profile.ProfileStatus;
import dev.signet.server.service.profile.ProfileTagService;
import dev.signet.server.service.profile.SigningProfile;
import dev.signet.server.service.profile.SigningProfileService;
import dev.signet.server.service.revocation.RevocationService;
import dev.signet.server.service.revocation.RevocationStatusQuery;
import io.javalin.http.Context;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The AWS Signer API (restJson1) over the signing services. Handlers are thin: decode the request,
 * call one service method, encode the response. Routes are matched on method and percent-decoded
 * path segments; anything else is an UnknownOperationException. Errors are {@link
 * ServiceException}s, turned into the AWS error shape by the dispatcher.
 */
public final class SignerRoutes implements AwsProtocolService {
    private final SigningProfileService profiles;
    private final SigningPlatformService platforms;
    private final SigningJobService jobs;
    private final PayloadSigningService payloads;
    private final ProfileTagService tags;
    private final ProfilePermissionService permissions;
    private final RevocationService revocations;
    private final SignerAccess access;
    private final ObjectMapper mapper = Json.mapper();
    /** The request body, parsed once for both the access request and the handler. */
    private static final String BODY = "signer.body";

    private static final byte[] NO_CONTENT = new byte[0];

    public SignerRoutes(
            Arns arns,
            SigningProfileService profiles,
            SigningPlatformService platforms,
            SigningJobService jobs,
            PayloadSigningService payloads,
            ProfileTagService tags,
            ProfilePermissionService permissions,
            RevocationService revocations) {
        this.profiles = Objects.requireNonNull(profiles, "profiles");
        this.platforms = Objects.requireNonNull(platforms, "platforms");
        this.jobs = Objects.requireNonNull(jobs, "jobs");
        this.payloads = Objects.requireNonNull(payloads, "payloads");
        this.tags = Objects.requireNonNull(tags, "tags");
        this.permissions = Objects.requireNonNull(permissions, "permissions");
        this.revocations = Objects.requireNonNull(revocations, "revocations");
        this.access = new SignerAccess(Objects.requireNonNull(arns, "arns"), profiles);
    }

    @Override
    public String signingName() {
        return "signer";
    }

    /**
     * The operation's action, resource and condition keys ({@link SignerAccess}); an unknown route
     * is refused here, before authorization, as it would be after.
     */
    @Override
    public AccessRequest accessRequest(Context ctx, Caller caller) {
        List<String> path = PathSegments.of(ctx.path());
        String method = ctx.method().name();
        AccessRequest request;
        if (path.size() >= 2 && path.get(0).equals("tags")) {
            RequestLog.operation(ctx, OPERATIONS.getOrDefault(method + " tags", RequestLog.UNKNOWN));
            request = SignerAccess.tags(method, String.join("/", path.subList(1, path.size())));
        } else {
            String route = method + " " + shape(path);
            RequestLog.operation(ctx, OPERATIONS.getOrDefault(route, RequestLog.UNKNOWN));
            boolean payload =
                    route.equals("POST signing-jobs/{}") && path.get(1).equals("with-payload");
            request = !route.equals("POST signing-jobs/{}") || payload
                    ? access.of(route, path, ctx, caller, this::body)
                    : null;
        }
        if (request == null) {
            throw unknown(method, ctx);
        }
        return request;
    }

    @Override
    public void handle(Context ctx, Caller caller) throws IOException {
        List<String> path = PathSegments.of(ctx.path());
        byte[] response = route(ctx.method().name(), path, ctx, caller);
        ctx.status(200);
        ctx.contentType("application/json");
        ctx.result(response);
    }

    private byte[] route(String method, List<String> path, Context ctx, Caller caller) throws IOException {
        if (path.size() >= 2 && path.get(0).equals("tags")) {
            RequestLog.operation(ctx, OPERATIONS.getOrDefault(method + " tags", RequestLog.UNKNOWN));
            // the ARN is one percent-encoded segment; tolerate clients that leave its slashes bare
            String arn = String.join("/", path.subList(1, path.size()));
            return tags(method, arn, ctx, caller);
        }
        String route = method + " " + shape(path);
        RequestLog.operation(ctx, OPERATIONS.getOrDefault(route, RequestLog.UNKNOWN));
        return switch (route) {
            case "GET signing-platforms" -> json(listPlatforms(new QueryMembers(ctx)));
            case "GET signing-platforms/{}" -> json(SignerResponses.platform(platforms.get(path.get(1))));
            case "PUT signing-profiles/{}" -> json(putProfile(path.get(1), ctx, caller));
            case "GET signing-profiles/{}" -> json(getProfile(path.get(1), new QueryMembers(ctx), caller));
            case "DELETE signing-profiles/{}" -> {
                profiles.cancel(caller, path.get(1));
                yield NO_CONTENT;
            }
            case "GET signing-profiles" -> json(listProfiles(new QueryMembers(ctx), caller));
            case "POST signing-profiles/{}/permissions" ->
                json(revision(permissions.add(caller, SignerRequests.addPermission(path.get(1), body(ctx)))));
            case "GET signing-profiles/{}/permissions" ->
                json(listPermissions(path.get(1), new QueryMembers(ctx), caller));
            case "DELETE signing-profiles/{}/permissions/{}" ->
                json(revision(permissions.remove(
                        caller, path.get(1), path.get(3), new QueryMembers(ctx).string("revisionId"))));
            case "PUT signing-profiles/{}/revoke" -> {
                revocations.revokeProfile(caller, SignerRequests.revokeProfile(path.get(1), body(ctx)));
                yield NO_CONTENT;
            }
            case "POST signing-jobs" -> json(startJob(ctx, caller));
            case "POST signing-jobs/{}" -> {
                if (!path.get(1).equals("with-payload")) {
                    RequestLog.operation(ctx, RequestLog.UNKNOWN);
                    throw unknown(method, ctx);
                }
                yield signPayload(ctx, caller);
            }
            case "GET signing-jobs/{}" -> json(SignerResponses.job(jobs.describe(caller, path.get(1)), false));
            case "GET signing-jobs" -> json(listJobs(new QueryMembers(ctx), caller));
            case "PUT signing-jobs/{}/revoke" -> {
                JsonMembers body = body(ctx);
                revocations.revokeSignature(caller, path.get(1), body.string("jobOwner"), body.string("reason"));
                yield NO_CONTENT;
            }
            case "GET revocations" -> json(revocationStatus(new QueryMembers(ctx)));
            default -> throw unknown(method, ctx);
        };
    }

    /** Each route's AWS operation name, for the request log and metrics. */
    private static final Map<String, String> OPERATIONS = Map.ofEntries(
            Map.entry("GET signing-platforms", "ListSigningPlatforms"),
            Map.entry("GET signing-platforms/{}", "GetSigningPlatform"),
            Map.entry("PUT signing-profiles/{}", "PutSigningProfile"),
            Map.entry("GET signing-profiles/{}", "GetSigningProfile"),
            Map.entry("DELETE signing-profiles/{}", "CancelSigningProfile"),
            Map.entry("GET signing-profiles", "ListSigningProfiles"),
            Map.entry("POST signing-profiles/{}/permissions", "AddProfilePermission"),
            Map.entry("GET signing-profiles/{}/permissions", "ListProfilePermissions"),
            Map.entry("DELETE signing-profiles/{}/permissions/{}", "RemoveProfilePermission"),
            Map.entry("PUT signing-profiles/{}/revoke", "RevokeSigningProfile"),
            Map.entry("POST signing-jobs", "StartSigningJob"),
            Map.entry("POST signing-jobs/{}", "SignPayload"),
            Map.entry("GET signing-jobs/{}", "DescribeSigningJob"),
            Map.entry("GET signing-jobs", "ListSigningJobs"),
            Map.entry("PUT signing-jobs/{}/revoke", "RevokeSignature"),
            Map.entry("GET revocations", "GetRevocationStatus"),
            Map.entry("GET tags", "ListTagsForResource"),
            Map.entry("POST tags", "TagResource"),
            Map.entry("DELETE tags", "UntagResource"));

    /** "signing-profiles/{}/permissions/{}": literal collection names, {} for the ids between them. */
    private static String shape(List<String> path) {
        StringBuilder shape = new StringBuilder();
        for (int i = 0; i < path.size(); i++) {
            shape.append(i == 0 ? "" : "/").append(i % 2 == 1 ? "{}" : path.get(i));
        }
        return shape.toString();
    }

    /** The tag operations name BadRequestException, not ValidationException, for bad input. */
    private byte[] tags(String method, String arn, Context ctx, Caller caller) throws IOException {
        try {
            return tagOperation(method, arn, ctx, caller);
        } catch (ServiceException e) {
            if (e.errorCode().equals("ValidationException")) {
                throw ServiceException.badRequest(e.getMessage());
            }
            throw e;
        }
    }

    private byte[] tagOperation(String method, String arn, Context ctx, Caller caller) throws IOException {
        switch (method) {
            case "GET" -> {
                ObjectNode out = SignerResponses.object();
                ObjectNode listed = out.putObject("tags");
                tags.list(caller, arn).forEach(listed::put);
                return json(out);
            }
            case "POST" -> {
                Map<String, String> added = SignerRequests.tags(body(ctx));
                tags.tag(caller, arn, added);
                return json(SignerResponses.object());
            }
            case "DELETE" -> {
                tags.untag(caller, arn, new QueryMembers(ctx).strings("tagKeys"));
                return json(SignerResponses.object());
            }
            default -> throw unknown(method, ctx);
        }
    }

    private JsonMembers body(Context ctx) {
        JsonMembers parsed = ctx.attribute(BODY);
        if (parsed == null) {
            parsed = JsonMembers.parse(mapper, ctx.bodyAsBytes());
            ctx.attribute(BODY, parsed);
        }
        return parsed;
    }

    private static ObjectNode revision(String revisionId) {
        ObjectNode out = SignerResponses.object();
        out.put("revisionId", revisionId);
        return out;
    }

    private ObjectNode listPermissions(String profileName, QueryMembers query, Caller caller) {
        PermissionPage page = permissions.list(caller, profileName, query.string("nextToken"));
        ObjectNode out = SignerResponses.object();
        page.revisionId().ifPresent(r -> out.put("revisionId", r));
        out.put("policySizeBytes", page.policySizeBytes());
        ArrayNode list = out.putArray("permissions");
        for (ProfilePermission p : page.permissions()) {
            ObjectNode permission = list.addObject();
            permission.put("action", p.action());
            permission.put("principal", p.principal());
            permission.put("statementId", p.statementId());
            p.profileVersion().ifPresent(v -> permission.put("profileVersion", v));
        }
        page.nextToken().ifPresent(t -> out.put("nextToken", t));
        return out;
    }

    private ObjectNode revocationStatus(QueryMembers query) {
        List<String> revoked = revocations.status(new RevocationStatusQuery(
                query.timestamp("signatureTimestamp"),
                query.string("platformId"),
                query.string("profileVersionArn"),
                query.string("jobArn"),
                query.strings("certificateHashes")));
        ObjectNode out = SignerResponses.object();
        revoked.forEach(out.putArray("revokedEntities")::add);
        return out;
    }

    private ObjectNode listPlatforms(QueryMembers query) {
        PlatformPage page = platforms.list(
                query.string("category"),
                query.string("partner"),
                query.string("target"),
                query.integer("maxResults"),
                query.string("nextToken"));
        ObjectNode out = SignerResponses.object();
        ArrayNode list = out.putArray("platforms");
        page.platforms().forEach(p -> list.add(SignerResponses.platform(p)));
        page.nextToken().ifPresent(t -> out.put("nextToken", t));
        return out;
    }

    private ObjectNode putProfile(String name, Context ctx, Caller caller) {
        SigningProfile profile = profiles.put(caller, SignerRequests.putProfile(name, body(ctx)));
        ObjectNode out = SignerResponses.object();
        out.put("arn", profiles.arn(profile));
        out.put("profileVersion", profile.version());
        out.put("profileVersionArn", profiles.versionArn(profile));
        return out;
    }

    private ObjectNode getProfile(String name, QueryMembers query, Caller caller) {
        SigningProfile profile = profiles.get(caller, name, query.string("profileOwner"));
        ObjectNode out = profile(profile, false);
        revocations.profileRevocation(profile).ifPresent(r -> {
            ObjectNode record = out.putObject("revocationRecord");
            SignerResponses.timestamp(record, "revocationEffectiveFrom", Optional.of(r.effectiveFrom()));
            SignerResponses.timestamp(record, "revokedAt", Optional.of(r.revokedAt()));
            record.put("revokedBy", r.revokedBy());
        });
        return out;
    }

    private ObjectNode listProfiles(QueryMembers query, Caller caller) {
        ProfilePage page = profiles.list(
                caller,
                query.bool("includeCanceled").orElse(false),
                query.string("platformId"),
                query.strings("statuses").stream()
                        .map(s -> ProfileStatus.valueOf(
                                QueryMembers.checkEnum("statuses", s, SignerRequests.PROFILE_STATUSES)))
                        .collect(Collectors.toSet()),
                query.integer("maxResults"),
                query.string("nextToken"));
        ObjectNode out = SignerResponses.object();
        ArrayNode list = out.putArray("profiles");
        page.profiles().forEach(p -> list.add(profile(p, true)));
        page.nextToken().ifPresent(t -> out.put("nextToken", t));
        return out;
    }

    private ObjectNode startJob(Context ctx, Caller caller) {
        SigningJob job = jobs.start(caller, SignerRequests.startJob(body(ctx)));
        ObjectNode out = SignerResponses.object();
        out.put("jobId", job.jobId());
        out.put("jobOwner", job.jobOwner());
        return out;
    }

    /**
     * SignPayload's answer, streamed: its shape is fixed ({@code jobId}, {@code jobOwner}, {@code
     * metadata}, {@code signature} in standard base64, as a tree would write them) and it is the one
     * answer written per signature, so no tree is built and the signature is encoded straight into
     * the output.
     */
    private byte[] signPayload(Context ctx, Caller caller) throws IOException {
        PayloadSignature signed = payloads.sign(caller, SignerRequests.signPayload(body(ctx)));
        ByteArrayOutputStream out = new ByteArrayOutputStream(512 + signed.signature().length * 4 / 3);
        try (JsonGenerator json = mapper.getFactory().createGenerator(out)) {
            json.writeStartObject();
            json.writeStringField("jobId", signed.job().jobId());
            json.writeStringField("jobOwner", signed.job().jobOwner());
            json.writeObjectFieldStart("metadata");
            for (Map.Entry<String, String> entry : signed.metadata().entrySet()) {
                json.writeStringField(entry.getKey(), entry.getValue());
            }
            json.writeEndObject();
            json.writeFieldName("signature");
            json.writeBinary(Base64Variants.MIME_NO_LINEFEEDS, signed.signature(), 0, signed.signature().length);
            json.writeEndObject();
        }
        return out.toByteArray();
    }

    private byte[] json(ObjectNode response) throws IOException {
        return mapper.writeValueAsBytes(response);
    }

    private ObjectNode listJobs(QueryMembers query, Caller caller) {
        JobPage page = jobs.list(
                caller,
                SignerRequests.jobFilter(query, caller.accountId()),
                query.integer("maxResults"),
                query.string("nextToken"));
        ObjectNode out = SignerResponses.object();
        ArrayNode list = out.putArray("jobs");
        page.jobs().forEach(j -> list.add(SignerResponses.job(j, true)));
        page.nextToken().ifPresent(t -> out.put("nextToken", t));
        return out;
    }

    private ObjectNode profile(SigningProfile profile, boolean summary) {
        return SignerResponses.profile(profile, profiles.arn(profile), profiles.versionArn(profile), summary);
    }

    private static ServiceException unknown(String method, Context ctx) {
        return new ServiceException(
                "UnknownOperationException",
                404,
                "no Signer operation is served at " + method + " " + Validation.printable(ctx.path()));
    }
}
