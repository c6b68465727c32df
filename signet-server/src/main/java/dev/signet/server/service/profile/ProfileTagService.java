package dev.signet.server.service.profile;

import dev.signet.server.service.Arns;
import dev.signet.server.service.Caller;
import dev.signet.server.service.ServiceException;
import dev.signet.server.service.Validation;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * {@code TagResource}, {@code UntagResource} and {@code ListTagsForResource} on signing profiles.
 * The resource is named by its profile ARN ({@code arn:PARTITION:signer:REGION:ACCOUNT:/signing-profiles/NAME});
 * a version ARN names the same profile, since tags belong to the profile, but only a version that
 * exists. Malformed ARNs, ARNs of other resources and bad tags are BadRequestException (the tag
 * operations name no ValidationException); a profile or version that does not exist, or belongs to
 * another account, is NotFoundException (the tag operations' not-found error in the model).
 */
public final class ProfileTagService {
    private static final int MAX_TAGS = 200;

    private final ProfileRepository repository;
    private final Arns arns;

    public ProfileTagService(ProfileRepository repository, Arns arns) {
        this.repository = repository;
        this.arns = arns;
    }

    public Map<String, String> list(Caller caller, String resourceArn) {
        return profile(caller, resourceArn).tags();
    }

    /** Adds or overwrites {@code tags}; the profile may hold at most 200 tags afterwards. */
    public void tag(Caller caller, String resourceArn, Map<String, String> tags) {
        if (tags.isEmpty()) {
            throw ServiceException.badRequest("tags must hold at least one tag");
        }
        checkTags(tags);
        SigningProfile profile = profile(caller, resourceArn);
        change(profile, current -> {
            Map<String, String> merged = new LinkedHashMap<>(current);
            merged.putAll(tags);
            if (merged.size() > MAX_TAGS) {
                throw ServiceException.badRequest("a signing profile may hold at most " + MAX_TAGS
                        + " tags; this request would leave " + merged.size());
            }
            return merged;
        });
    }

    /** Removes {@code tagKeys}; keys the profile does not have are ignored. */
    public void untag(Caller caller, String resourceArn, List<String> tagKeys) {
        if (tagKeys.isEmpty() || tagKeys.size() > MAX_TAGS) {
            throw ServiceException.badRequest("tagKeys must name 1 to " + MAX_TAGS + " keys, got " + tagKeys.size());
        }
        tagKeys.forEach(ProfileTagService::checkKey);
        SigningProfile profile = profile(caller, resourceArn);
        change(profile, current -> {
            Map<String, String> remaining = new LinkedHashMap<>(current);
            tagKeys.forEach(remaining::remove);
            return remaining;
        });
    }

    private void change(SigningProfile profile, UnaryOperator<Map<String, String>> change) {
        repository
                .changeTags(profile.ownerAccount(), profile.name(), change)
                .orElseThrow(() -> notFound(profile.name()));
    }

    private static ServiceException notFound(String name) {
        return new ServiceException("NotFoundException", 404, "signing profile " + name + " does not exist");
    }

    private SigningProfile profile(Caller caller, String resourceArn) {
        Validation.require("resourceArn", resourceArn);
        String prefix = arns.inAccount(caller.accountId()).signingProfile("");
        if (!resourceArn.startsWith(prefix)) {
            throw ServiceException.badRequest("resourceArn " + Validation.printable(resourceArn)
                    + " is not a signing profile ARN of this deployment (" + prefix + "NAME)");
        }
        String rest = resourceArn.substring(prefix.length());
        int slash = rest.indexOf('/');
        String name = slash < 0 ? rest : rest.substring(0, slash);
        if (!Validation.PROFILE_NAME.matcher(name).matches()
                || (slash >= 0
                        && !Validation.PROFILE_VERSION
                                .matcher(rest.substring(slash + 1))
                                .matches())) {
            throw ServiceException.badRequest(
                    "resourceArn " + Validation.printable(resourceArn) + " is not a valid signing profile ARN");
        }
        SigningProfile profile = repository.find(caller.accountId(), name).orElseThrow(() -> notFound(name));
        if (slash >= 0) {
            String version = rest.substring(slash + 1);
            if (repository.findVersion(caller.accountId(), name, version).isEmpty()) {
                throw new ServiceException(
                        "NotFoundException", 404, "signing profile " + name + " has no version " + version);
            }
        }
        return profile;
    }

    private static void checkTags(Map<String, String> tags) {
        if (tags.size() > MAX_TAGS) {
            throw ServiceException.badRequest("tags may hold at most " + MAX_TAGS + " entries, got " + tags.size());
        }
        tags.forEach((key, value) -> {
            checkKey(key);
            if (value.length() > 256) {
                throw ServiceException.badRequest(
                        "tag value of '" + Validation.printable(key) + "' is longer than 256 characters");
            }
        });
    }

    private static void checkKey(String key) {
        if (!Validation.isTagKey(key)) {
            throw ServiceException.badRequest("tag key '" + Validation.printable(key)
                    + "' must be 1 to 128 characters matching ^(?!aws:)[a-zA-Z+-=._:/]+$");
        }
    }
}
