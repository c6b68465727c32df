package dev.signet.server.service.approval;

import dev.signet.server.service.Caller;
import dev.signet.server.service.ServiceException;
import dev.signet.server.service.Validation;
import dev.signet.server.service.profile.SigningProfile;
import dev.signet.server.service.profile.SigningProfileService;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * Sets, reads and removes a signing profile's {@link ApprovalPolicy} (the native routes {@code
 * /v1/profiles/approval-policy*}). A policy is never a tag: ordinary tag changes cannot weaken it.
 * Refuses, changing nothing: a profile the caller's account does not own, a quorum outside 1..{@value
 * ApprovalPolicy#MAX_QUORUM}, an approvers list that is empty, longer than {@value
 * ApprovalPolicy#MAX_APPROVERS}, repeats an ARN or holds anything but IAM user, role or group ARNs,
 * and a window outside 1 minute..7 days.
 */
public final class ApprovalPolicyService {
    /** IAM user, role and group ARNs, with paths: {@code arn:PARTITION:iam::ACCOUNT:user/PATH/NAME}. */
    private static final Pattern APPROVER =
            Pattern.compile("arn:aws[a-z-]*:iam::[0-9]{12}:(user|role|group)(/[\\x21-\\x7e&&[^/]]{1,128})+");

    private static final int MAX_ARN = 2048;
    private static final int MAX_CACHED = 10_000;

    private final ApprovalRepository repository;
    private final SigningProfileService profiles;
    private final Clock clock;
    private final Duration staleness;
    private final Map<String, Cached> cache = new ConcurrentHashMap<>();

    private record Cached(Optional<ApprovalPolicy> policy, Instant readAt) {}

    /**
     * @param staleness how long SignPayload's refusal relies on a policy read earlier (a change on
     *     this node is seen at once; one made on another node within this bound)
     */
    public ApprovalPolicyService(
            ApprovalRepository repository, SigningProfileService profiles, Clock clock, Duration staleness) {
        this.repository = repository;
        this.profiles = profiles;
        this.clock = clock;
        this.staleness = staleness;
    }

    /** Creates or replaces the policy of one of the caller's account's profiles. */
    public ApprovalPolicy put(
            Caller caller, String profileName, int quorum, List<String> approvers, Optional<Duration> window) {
        ApprovalPolicy policy = validated(quorum, approvers, window.orElse(ApprovalPolicy.DEFAULT_WINDOW));
        SigningProfile profile = profiles.get(caller, profileName, Optional.empty());
        repository.putPolicy(profile.ownerAccount(), profile.name(), policy, caller.principalArn(), clock.instant());
        cache.remove(key(profile.ownerAccount(), profile.name()));
        return policy;
    }

    /** The policy of one of the caller's account's profiles; empty when it requires no approvals. */
    public Optional<ApprovalPolicy> get(Caller caller, String profileName) {
        SigningProfile profile = profiles.get(caller, profileName, Optional.empty());
        return repository.policy(profile.ownerAccount(), profile.name());
    }

    /** Removes the policy: jobs started afterwards need no approvals; waiting jobs keep theirs. */
    public boolean delete(Caller caller, String profileName) {
        SigningProfile profile = profiles.get(caller, profileName, Optional.empty());
        boolean removed = repository.deletePolicy(profile.ownerAccount(), profile.name());
        cache.remove(key(profile.ownerAccount(), profile.name()));
        return removed;
    }

    /** The stored policy of {@code profile}, read now. */
    Optional<ApprovalPolicy> current(String ownerAccount, String profileName) {
        return repository.policy(ownerAccount, profileName);
    }

    /** As {@link #current}, from a cache re-read once {@code staleness} old: SignPayload's hot path. */
    Optional<ApprovalPolicy> cached(SigningProfile profile) {
        String key = key(profile.ownerAccount(), profile.name());
        Instant now = clock.instant();
        Cached entry = cache.get(key);
        if (entry != null
                && !now.isBefore(entry.readAt())
                && now.isBefore(entry.readAt().plus(staleness))) {
            return entry.policy();
        }
        Optional<ApprovalPolicy> policy = repository.policy(profile.ownerAccount(), profile.name());
        if (cache.size() >= MAX_CACHED) {
            cache.clear();
        }
        cache.put(key, new Cached(policy, now));
        return policy;
    }

    static ApprovalPolicy validated(int quorum, List<String> approvers, Duration window) {
        if (quorum < 1 || quorum > ApprovalPolicy.MAX_QUORUM) {
            throw ServiceException.validation("quorum must be 1 to " + ApprovalPolicy.MAX_QUORUM + ", got " + quorum);
        }
        if (approvers.isEmpty() || approvers.size() > ApprovalPolicy.MAX_APPROVERS) {
            throw ServiceException.validation("approvers must list 1 to " + ApprovalPolicy.MAX_APPROVERS
                    + " IAM user, role or group ARNs, got " + approvers.size());
        }
        HashSet<String> seen = new HashSet<>();
        for (String arn : approvers) {
            if (arn == null || arn.length() > MAX_ARN || !APPROVER.matcher(arn).matches()) {
                throw ServiceException.validation("approvers: " + Validation.printable(String.valueOf(arn))
                        + " is not an IAM user, role or group ARN (arn:aws:iam::ACCOUNT:user/NAME, role/NAME,"
                        + " group/NAME)");
            }
            if (!seen.add(arn)) {
                throw ServiceException.validation("approvers: " + arn + " is listed twice");
            }
        }
        if (window.compareTo(ApprovalPolicy.MIN_WINDOW) < 0 || window.compareTo(ApprovalPolicy.MAX_WINDOW) > 0) {
            throw ServiceException.validation("windowSeconds must be 60 to " + ApprovalPolicy.MAX_WINDOW.toSeconds()
                    + ", got " + window.toSeconds());
        }
        return new ApprovalPolicy(quorum, approvers, window);
    }

    private static String key(String ownerAccount, String profileName) {
        return ownerAccount + "/" + profileName;
    }
}
