package dev.signet.server.http.profile;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.signet.server.http.Json;
import dev.signet.server.http.NativeApi;
import dev.signet.server.http.RequestJson;
import dev.signet.server.service.Caller;
import dev.signet.server.service.ServiceException;
import dev.signet.server.service.profile.ExternalCertificateService;
import dev.signet.server.service.profile.PutProfileRequest;
import dev.signet.server.service.profile.SigningOverrides;
import dev.signet.server.service.profile.SigningProfile;
import dev.signet.server.service.profile.SigningProfileService;
import dev.signet.server.service.profile.ValidityPeriod;
import dev.signet.server.service.profile.ValidityType;
import io.javalin.http.Context;
import java.io.IOException;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The native profile routes that AWS's PutSigningProfile has no room for (docs/native-api.md):
 * {@code POST /v1/profiles} creates a profile whose key goes to a named key backend and, with
 * {@code externalCertificate}, waits for an outside CA's certificate; {@code POST /v1/profiles/csr}
 * returns that version's PKCS#10 request; {@code POST /v1/profiles/certificate} installs the
 * certificate and its chain (or a renewed certificate for the same key, as a new version); {@code
 * POST /v1/profiles/rotate} gives a profile a new version with a new key and certificate (an outside
 * CA's profile: a new key waiting for its certificate; imported material: the new material named);
 * {@code POST /v1/profiles/get} shows the current version with the version pending beside it. Thin:
 * decode, call one service method, encode.
 */
public final class ProfileRoutes implements NativeApi.RouteSet {
    private static final Set<String> PUT_MEMBERS = Set.of(
            "profileName",
            "platformId",
            "keyBackend",
            "externalCertificate",
            "certificateArn",
            "signatureValidityPeriod",
            "signingParameters");
    private final SigningProfileService profiles;
    private final ExternalCertificateService external;
    private final ObjectMapper mapper = Json.mapper();

    public ProfileRoutes(SigningProfileService profiles, ExternalCertificateService external) {
        this.profiles = Objects.requireNonNull(profiles, "profiles");
        this.external = Objects.requireNonNull(external, "external");
    }

    @Override
    public void register(NativeApi api) {
        api.add("POST", "/v1/profiles", "PutSigningProfile", this::put);
        api.add("POST", "/v1/profiles/csr", "GetProfileCertificateRequest", this::csr);
        api.add("POST", "/v1/profiles/certificate", "InstallProfileCertificate", this::certificate);
        api.add("POST", "/v1/profiles/rotate", "RotateSigningProfile", this::rotate);
        // a read of one profile: authorized on its ARN, as AWS's GetSigningProfile is
        api.add(
                "POST",
                "/v1/profiles/get",
                "GetSigningProfile",
                (ctx, caller) -> profiles.arn(
                        caller, RequestJson.of(ctx, Set.of("profileName")).text("profileName")),
                this::get);
    }

    /** The current version as {@code POST /v1/profiles} returns it, and the pending version beside it. */
    private void get(Context ctx, Caller caller) throws IOException {
        String name = text(body(ctx, Set.of("profileName")), "profileName");
        SigningProfile current = profiles.get(caller, name, Optional.empty());
        ObjectNode out = profile(current);
        profiles.pendingVersion(caller, name).ifPresent(p -> out.set("pendingVersion", profile(p)));
        respond(ctx, out);
    }

    private void rotate(Context ctx, Caller caller) throws IOException {
        JsonNode body = body(ctx, Set.of("profileName", "keyBackend", "certificateArn"));
        respond(
                ctx,
                profile(profiles.rotate(
                        caller,
                        text(body, "profileName"),
                        optionalText(body, "keyBackend"),
                        optionalText(body, "certificateArn"))));
    }

    private void put(Context ctx, Caller caller) throws IOException {
        JsonNode body = body(ctx, PUT_MEMBERS);
        PutProfileRequest request = new PutProfileRequest(
                text(body, "profileName"),
                text(body, "platformId"),
                optionalText(body, "certificateArn"),
                validity(body.get("signatureValidityPeriod")),
                SigningOverrides.NONE,
                strings(body.get("signingParameters")),
                Map.of(),
                optionalText(body, "keyBackend"),
                bool(body, "externalCertificate"));
        respond(ctx, profile(profiles.put(caller, request)));
    }

    private void csr(Context ctx, Caller caller) throws IOException {
        JsonNode body = body(ctx, Set.of("profileName", "subject"));
        String csr = external.certificationRequest(caller, text(body, "profileName"), optionalText(body, "subject"));
        ObjectNode out = mapper.createObjectNode();
        out.put("csr", csr);
        respond(ctx, out);
    }

    private void certificate(Context ctx, Caller caller) throws IOException {
        JsonNode body = body(ctx, Set.of("profileName", "certificateChain"));
        respond(ctx, profile(external.install(caller, text(body, "profileName"), text(body, "certificateChain"))));
    }

    private ObjectNode profile(SigningProfile p) {
        ObjectNode out = mapper.createObjectNode();
        out.put("profileName", p.name());
        out.put("profileVersion", p.version());
        out.put("profileVersionArn", profiles.versionArn(p));
        out.put("arn", profiles.arn(p));
        out.put("platformId", p.platformId());
        out.put("status", p.reportedStatus());
        p.statusReason().ifPresent(r -> out.put("statusReason", r));
        out.put("certificateState", p.certificateState().name());
        out.put("keyBackend", p.key().backend());
        ObjectNode validity = out.putObject("signatureValidityPeriod");
        validity.put("value", p.validity().value());
        validity.put("type", p.validity().type().name());
        return out;
    }

    private void respond(Context ctx, ObjectNode out) throws IOException {
        ctx.status(200).contentType("application/json").result(mapper.writeValueAsBytes(out));
    }

    private static JsonNode body(Context ctx, Set<String> members) {
        return RequestJson.of(ctx, members).body();
    }

    private static Optional<ValidityPeriod> validity(JsonNode value) {
        if (value == null || value.isNull()) {
            return Optional.empty();
        }
        if (!value.isObject()
                || !value.path("value").isInt()
                || !value.path("type").isTextual()
                || value.size() != 2) {
            throw ServiceException.validation(
                    "signatureValidityPeriod must be {\"value\": INTEGER, \"type\": \"DAYS|MONTHS|YEARS\"}");
        }
        ValidityType type;
        try {
            type = ValidityType.valueOf(value.get("type").asText());
        } catch (IllegalArgumentException e) {
            throw ServiceException.validation("signatureValidityPeriod.type must be DAYS, MONTHS or YEARS");
        }
        return Optional.of(new ValidityPeriod(value.get("value").asInt(), type));
    }

    private static Map<String, String> strings(JsonNode value) {
        Map<String, String> map = new LinkedHashMap<>();
        if (value == null || value.isNull()) {
            return map;
        }
        if (!value.isObject()) {
            throw ServiceException.validation("signingParameters must be an object of strings");
        }
        for (Iterator<Map.Entry<String, JsonNode>> fields = value.fields(); fields.hasNext(); ) {
            Map.Entry<String, JsonNode> field = fields.next();
            if (!field.getValue().isTextual()) {
                throw ServiceException.validation("signingParameters must be an object of strings");
            }
            map.put(field.getKey(), field.getValue().asText());
        }
        return map;
    }

    private static boolean bool(JsonNode body, String member) {
        JsonNode value = body.get(member);
        if (value == null || value.isNull()) {
            return false;
        }
        if (!value.isBoolean()) {
            throw ServiceException.validation(member + " must be true or false");
        }
        return value.asBoolean();
    }

    private static String text(JsonNode body, String member) {
        return new RequestJson(body).text(member);
    }

    private static Optional<String> optionalText(JsonNode body, String member) {
        return new RequestJson(body).optionalText(member);
    }
}
