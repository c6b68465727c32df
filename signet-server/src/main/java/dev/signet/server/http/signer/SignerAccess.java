package dev.signet.server.http.signer;

import dev.signet.server.service.Arns;
import dev.signet.server.service.Caller;
import dev.signet.server.service.ServiceException;
import dev.signet.server.service.access.AccessRequest;
import dev.signet.server.service.profile.SigningProfileService;
import io.javalin.http.Context;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * The IAM action, resource and condition keys of each Signer operation, as AWS's service
 * authorization reference names them (the table is in docs/access-control.md): profile operations
 * act on {@code arn:aws:signer:REGION:OWNER:/signing-profiles/NAME}, job operations on {@code
 * .../signing-jobs/ID}, listings and platforms on {@code *}. {@code signer:ProfileVersion} is the
 * version a request names, or for the operations that use a profile's current version (StartSigningJob,
 * SignPayload, GetSigningProfile) that version when the profile is Active. StartSigningJob also
 * needs {@code s3:GetObject} on its source and {@code s3:PutObject} on its destination, so that
 * signing is not a way to read or write objects the caller could not.
 */
final class SignerAccess {
    private static final String VERSION_KEY = "signer:ProfileVersion";

    private final Arns arns;
    private final SigningProfileService profiles;

    SignerAccess(Arns arns, SigningProfileService profiles) {
        this.arns = arns;
        this.profiles = profiles;
    }

    /** @param route {@code METHOD shape} as the routes match it; {@code body} parses the body once */
    AccessRequest of(String route, List<String> path, Context ctx, Caller caller, Function<Context, JsonMembers> body) {
        Arns own = arns.inAccount(caller.accountId());
        return switch (route) {
            case "GET signing-platforms" -> any("ListSigningPlatforms");
            case "GET signing-platforms/{}" -> any("GetSigningPlatform");
            case "PUT signing-profiles/{}" ->
                new AccessRequest("signer:PutSigningProfile", own.signingProfile(path.get(1)));
            case "GET signing-profiles/{}" -> {
                Optional<String> owner = Optional.ofNullable(ctx.queryParam("profileOwner"));
                yield current("signer:GetSigningProfile", caller, path.get(1), owner);
            }
            case "DELETE signing-profiles/{}" -> profile("CancelSigningProfile", own, path);
            case "GET signing-profiles" -> any("ListSigningProfiles");
            case "POST signing-profiles/{}/permissions" ->
                AccessRequest.withKey(
                        "signer:AddProfilePermission",
                        own.signingProfile(path.get(1)),
                        VERSION_KEY,
                        body.apply(ctx).string("profileVersion").orElse(null));
            case "GET signing-profiles/{}/permissions" -> profile("ListProfilePermissions", own, path);
            case "DELETE signing-profiles/{}/permissions/{}" -> profile("RemoveProfilePermission", own, path);
            case "PUT signing-profiles/{}/revoke" ->
                AccessRequest.withKey(
                        "signer:RevokeSigningProfile",
                        own.signingProfile(path.get(1)),
                        VERSION_KEY,
                        body.apply(ctx).string("profileVersion").orElse(null));
            case "POST signing-jobs" -> startJob(body.apply(ctx), caller);
            case "POST signing-jobs/{}" -> {
                JsonMembers members = body.apply(ctx);
                yield current(
                        "signer:SignPayload",
                        caller,
                        members.string("profileName").orElse(""),
                        members.string("profileOwner"));
            }
            case "GET signing-jobs/{}" -> new AccessRequest("signer:DescribeSigningJob", own.signingJob(path.get(1)));
            case "GET signing-jobs" -> any("ListSigningJobs");
            case "PUT signing-jobs/{}/revoke" -> {
                String owner = body.apply(ctx).string("jobOwner").orElse(caller.accountId());
                yield new AccessRequest(
                        "signer:RevokeSignature", arns.inAccount(owner).signingJob(path.get(1)));
            }
            case "GET revocations" -> any("GetRevocationStatus");
            default -> null;
        };
    }

    /** TagResource, UntagResource and ListTagsForResource act on the ARN they name. */
    static AccessRequest tags(String method, String arn) {
        String action = switch (method) {
            case "GET" -> "signer:ListTagsForResource";
            case "POST" -> "signer:TagResource";
            case "DELETE" -> "signer:UntagResource";
            default -> null;
        };
        return action == null ? null : new AccessRequest(action, arn.isEmpty() ? "*" : arn);
    }

    private static AccessRequest any(String operation) {
        return new AccessRequest("signer:" + operation, "*");
    }

    private static AccessRequest profile(String operation, Arns own, List<String> path) {
        return new AccessRequest("signer:" + operation, own.signingProfile(path.get(1)));
    }

    /** An operation on a profile's current version: {@code signer:ProfileVersion} is that version when known. */
    private AccessRequest current(String action, Caller caller, String name, Optional<String> owner) {
        String account = owner.orElse(caller.accountId());
        return AccessRequest.withKey(
                action, arns.inAccount(account).signingProfile(name), VERSION_KEY, currentVersion(caller, name, owner));
    }

    /** The Active profile's version from the signing cache; null when there is none (the route then refuses). */
    private String currentVersion(Caller caller, String name, Optional<String> owner) {
        try {
            return profiles.cachedActiveForSigning(caller, name, owner).version();
        } catch (ServiceException e) {
            return null;
        }
    }

    private AccessRequest startJob(JsonMembers body, Caller caller) {
        AccessRequest request = current(
                "signer:StartSigningJob", caller, body.string("profileName").orElse(""), body.string("profileOwner"));
        Optional<JsonMembers> source = body.object("source").flatMap(s -> s.object("s3"));
        Optional<JsonMembers> destination = body.object("destination").flatMap(d -> d.object("s3"));
        Optional<String> sourceBucket = source.flatMap(s -> s.string("bucketName"));
        Optional<String> sourceKey = source.flatMap(s -> s.string("key"));
        if (sourceBucket.isPresent() && sourceKey.isPresent()) {
            boolean versioned = source.flatMap(s -> s.string("version")).isPresent();
            request = request.and(new AccessRequest(
                    versioned ? "s3:GetObjectVersion" : "s3:GetObject",
                    "arn:" + arns.partition() + ":s3:::" + sourceBucket.get() + "/" + sourceKey.get()));
        }
        Optional<String> destinationBucket = destination.flatMap(d -> d.string("bucketName"));
        if (destinationBucket.isPresent()) {
            String prefix = destination.flatMap(d -> d.string("prefix")).orElse("");
            request = request.and(new AccessRequest(
                    "s3:PutObject",
                    "arn:" + arns.partition() + ":s3:::" + destinationBucket.get() + "/" + prefix + "*"));
        }
        return request;
    }
}
