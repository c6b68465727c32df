package dev.signet.server.http.iam;

import dev.signet.core.sigv4.SigV4;
import dev.signet.server.http.query.QueryParameters;
import dev.signet.server.http.query.QueryResponse;
import dev.signet.server.service.Caller;
import dev.signet.server.service.ServiceException;
import dev.signet.server.service.iam.ManagedPolicy;
import dev.signet.server.service.iam.ManagedPolicyRepository;
import dev.signet.server.service.iam.ManagedPolicyService;
import dev.signet.server.service.iam.ManagedPolicyService.Target;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/** The managed policy actions of {@link IamRoutes}: read the members, call the service, write IAM's XML. */
final class ManagedPolicyActions {
    static final Set<String> ACTIONS = Set.of(
            "CreatePolicy",
            "GetPolicy",
            "GetPolicyVersion",
            "DeletePolicy",
            "ListPolicies",
            "AttachUserPolicy",
            "DetachUserPolicy",
            "AttachRolePolicy",
            "DetachRolePolicy",
            "AttachGroupPolicy",
            "ListAttachedUserPolicies",
            "ListAttachedRolePolicies");

    private final ManagedPolicyService policies;

    ManagedPolicyActions(ManagedPolicyService policies) {
        this.policies = Objects.requireNonNull(policies, "policies");
    }

    void handle(String action, QueryParameters p, Caller caller, QueryResponse out) {
        switch (action) {
            case "CreatePolicy" ->
                policy(
                        out,
                        policies.create(
                                caller,
                                p.required("PolicyName"),
                                p.optional("Path"),
                                p.required("PolicyDocument"),
                                p.optional("Description"),
                                p.tags()));
            case "GetPolicy" -> policy(out, policies.get(caller, p.required("PolicyArn")));
            case "GetPolicyVersion" -> {
                String arn = p.required("PolicyArn");
                ManagedPolicy policy = policies.get(caller, arn);
                ManagedPolicyRepository.Version v = policies.version(caller, arn, p.required("VersionId"));
                out.open("PolicyVersion")
                        .element("Document", SigV4.uriEncode(v.document(), false))
                        .element("VersionId", v.versionId())
                        .element(
                                "IsDefaultVersion", String.valueOf(v.versionId().equals(policy.defaultVersion())))
                        .element("CreateDate", QueryResponse.date(v.createdAt()))
                        .close("PolicyVersion");
            }
            case "DeletePolicy" -> policies.delete(caller, p.required("PolicyArn"));
            case "ListPolicies" -> {
                ManagedPolicyService.PolicyPage page = policies.list(
                        caller,
                        p.optional("Scope"),
                        bool(p, "OnlyAttached"),
                        p.optional("PathPrefix"),
                        p.optional("Marker"),
                        p.integer("MaxItems"));
                out.open("Policies");
                for (ManagedPolicy policy : page.policies()) {
                    out.open("member");
                    members(out, policy);
                    out.close("member");
                }
                out.close("Policies");
                out.element("IsTruncated", String.valueOf(page.marker().isPresent()));
                page.marker().ifPresent(m -> out.element("Marker", m));
            }
            case "AttachUserPolicy" ->
                policies.attach(caller, Target.USER, p.required("UserName"), p.required("PolicyArn"));
            case "DetachUserPolicy" ->
                policies.detach(caller, Target.USER, p.required("UserName"), p.required("PolicyArn"));
            case "AttachRolePolicy" ->
                policies.attach(caller, Target.ROLE, p.required("RoleName"), p.required("PolicyArn"));
            case "DetachRolePolicy" ->
                policies.detach(caller, Target.ROLE, p.required("RoleName"), p.required("PolicyArn"));
            case "AttachGroupPolicy" ->
                policies.attach(caller, Target.GROUP, p.required("GroupName"), p.required("PolicyArn"));
            case "ListAttachedUserPolicies" ->
                attached(
                        out,
                        policies.attached(
                                caller,
                                Target.USER,
                                p.required("UserName"),
                                p.optional("PathPrefix"),
                                p.optional("Marker"),
                                p.integer("MaxItems")));
            case "ListAttachedRolePolicies" ->
                attached(
                        out,
                        policies.attached(
                                caller,
                                Target.ROLE,
                                p.required("RoleName"),
                                p.optional("PathPrefix"),
                                p.optional("Marker"),
                                p.integer("MaxItems")));
            default -> throw new IllegalStateException("unrouted action " + action);
        }
    }

    private static boolean bool(QueryParameters p, String name) {
        Optional<String> v = p.optional(name);
        if (v.isEmpty() || v.get().equals("false")) {
            return false;
        }
        if (v.get().equals("true")) {
            return true;
        }
        throw new ServiceException("ValidationError", 400, "The value of " + name + " must be true or false.");
    }

    private static void policy(QueryResponse out, ManagedPolicy policy) {
        out.open("Policy");
        members(out, policy);
        policy.description().ifPresent(d -> out.element("Description", d));
        if (!policy.tags().isEmpty()) {
            out.open("Tags");
            policy.tags()
                    .forEach((k, v) -> out.open("member")
                            .element("Key", k)
                            .element("Value", v)
                            .close("member"));
            out.close("Tags");
        }
        out.close("Policy");
    }

    private static void members(QueryResponse out, ManagedPolicy policy) {
        String date = QueryResponse.date(policy.createdAt());
        out.element("PolicyName", policy.policyName())
                .element("PolicyId", policy.policyId())
                .element("Arn", policy.arn())
                .element("Path", policy.path())
                .element("DefaultVersionId", policy.defaultVersion())
                .element("AttachmentCount", String.valueOf(policy.attachmentCount()))
                .element("PermissionsBoundaryUsageCount", "0")
                .element("IsAttachable", "true")
                .element("CreateDate", date)
                .element("UpdateDate", date);
    }

    private static void attached(QueryResponse out, List<ManagedPolicy> attached) {
        out.open("AttachedPolicies");
        for (ManagedPolicy policy : attached) {
            out.open("member")
                    .element("PolicyName", policy.policyName())
                    .element("PolicyArn", policy.arn())
                    .close("member");
        }
        out.close("AttachedPolicies");
        out.element("IsTruncated", "false");
    }
}
