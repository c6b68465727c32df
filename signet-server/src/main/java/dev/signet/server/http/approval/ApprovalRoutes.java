package dev.signet.server.http.approval;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.signet.server.http.Json;
import dev.signet.server.http.NativeApi;
import dev.signet.server.http.RequestJson;
import dev.signet.server.service.Arns;
import dev.signet.server.service.Caller;
import dev.signet.server.service.ServiceException;
import dev.signet.server.service.Validation;
import dev.signet.server.service.approval.ApprovalPolicy;
import dev.signet.server.service.approval.ApprovalPolicyService;
import dev.signet.server.service.approval.ApprovalService;
import dev.signet.server.service.approval.ApprovalService.JobApprovalView;
import dev.signet.server.service.approval.JobApproval;
import dev.signet.server.service.job.SigningJob;
import io.javalin.http.Context;
import java.io.IOException;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The native approval routes (docs/native-api.md, "Approvals"): a profile's approval policy
 * ({@code signet:PutProfileApprovalPolicy}, {@code GetProfileApprovalPolicy}, {@code
 * DeleteProfileApprovalPolicy} on the profile's ARN) and the decisions on a waiting job ({@code
 * signet:ApproveSigningJob}, {@code RejectSigningJob}, {@code DescribeSigningJob} on the job's
 * ARN). Thin: decode, call one service method, encode.
 */
public final class ApprovalRoutes implements NativeApi.RouteSet {
    private static final Set<String> PUT_MEMBERS = Set.of("profileName", "quorum", "approvers", "windowSeconds");
    private static final Set<String> PROFILE_MEMBERS = Set.of("profileName");
    private static final Set<String> DECISION_MEMBERS = Set.of("jobId", "jobOwner", "reason");
    private static final Set<String> JOB_MEMBERS = Set.of("jobId", "jobOwner");

    private final ApprovalPolicyService policies;
    private final ApprovalService approvals;
    private final Arns arns;
    private final ObjectMapper mapper = Json.mapper();

    public ApprovalRoutes(ApprovalPolicyService policies, ApprovalService approvals, Arns arns) {
        this.policies = Objects.requireNonNull(policies, "policies");
        this.approvals = Objects.requireNonNull(approvals, "approvals");
        this.arns = Objects.requireNonNull(arns, "arns");
    }

    @Override
    public void register(NativeApi api) {
        api.add("POST", "/v1/profiles/approval-policy", "PutProfileApprovalPolicy", profile(PUT_MEMBERS), this::put);
        api.add(
                "POST",
                "/v1/profiles/approval-policy/get",
                "GetProfileApprovalPolicy",
                profile(PROFILE_MEMBERS),
                this::get);
        api.add(
                "POST",
                "/v1/profiles/approval-policy/delete",
                "DeleteProfileApprovalPolicy",
                profile(PROFILE_MEMBERS),
                this::delete);
        api.add("POST", "/v1/jobs/approve", "ApproveSigningJob", job(DECISION_MEMBERS), this::approve);
        api.add("POST", "/v1/jobs/reject", "RejectSigningJob", job(DECISION_MEMBERS), this::reject);
        api.add("POST", "/v1/jobs/describe", "DescribeSigningJob", job(JOB_MEMBERS), this::describe);
    }

    /** The profile's ARN in the caller's account: policies are set by the profile's owner only. */
    private NativeApi.Resource profile(Set<String> members) {
        return (ctx, caller) -> {
            String name = Validation.profileName(
                    "profileName", RequestJson.of(ctx, members).text("profileName"));
            return arns.inAccount(caller.accountId()).signingProfile(name);
        };
    }

    /** The job's ARN in {@code jobOwner}'s account (the caller's by default). */
    private NativeApi.Resource job(Set<String> members) {
        return (ctx, caller) -> {
            RequestJson body = RequestJson.of(ctx, members);
            String jobId = body.text("jobId");
            if (!Validation.JOB_ID.matcher(jobId).matches()) {
                throw ServiceException.validation("jobId must be a signing job id (a UUID)");
            }
            String owner = Validation.accountId("jobOwner", body.optionalText("jobOwner"))
                    .orElse(caller.accountId());
            return arns.inAccount(owner).signingJob(jobId);
        };
    }

    private void put(Context ctx, Caller caller) throws IOException {
        RequestJson body = RequestJson.of(ctx, PUT_MEMBERS);
        String name = body.text("profileName");
        ApprovalPolicy policy = policies.put(
                caller,
                name,
                body.integer("quorum"),
                body.strings("approvers"),
                body.optionalLong("windowSeconds").map(Duration::ofSeconds));
        respond(ctx, policyView(caller, name, Optional.of(policy)));
    }

    private void get(Context ctx, Caller caller) throws IOException {
        String name = RequestJson.of(ctx, PROFILE_MEMBERS).text("profileName");
        respond(ctx, policyView(caller, name, policies.get(caller, name)));
    }

    private void delete(Context ctx, Caller caller) throws IOException {
        String name = RequestJson.of(ctx, PROFILE_MEMBERS).text("profileName");
        boolean removed = policies.delete(caller, name);
        ObjectNode out = policyView(caller, name, Optional.empty());
        out.put("removed", removed);
        respond(ctx, out);
    }

    private void approve(Context ctx, Caller caller) throws IOException {
        RequestJson body = RequestJson.of(ctx, DECISION_MEMBERS);
        decided(
                ctx,
                approvals.approve(
                        caller, body.text("jobId"), body.optionalText("jobOwner"), body.optionalText("reason")));
    }

    private void reject(Context ctx, Caller caller) throws IOException {
        RequestJson body = RequestJson.of(ctx, DECISION_MEMBERS);
        decided(
                ctx,
                approvals.reject(
                        caller, body.text("jobId"), body.optionalText("jobOwner"), body.optionalText("reason")));
    }

    private void describe(Context ctx, Caller caller) throws IOException {
        RequestJson body = RequestJson.of(ctx, JOB_MEMBERS);
        respond(ctx, jobView(approvals.view(caller, body.text("jobId"), body.optionalText("jobOwner"))));
    }

    private void decided(Context ctx, ApprovalService.Decided decided) throws IOException {
        ObjectNode out = jobView(decided.view());
        out.put("outcome", decided.outcome().name());
        respond(ctx, out);
    }

    private ObjectNode policyView(Caller caller, String name, Optional<ApprovalPolicy> policy) {
        ObjectNode out = mapper.createObjectNode();
        out.put("profileName", name);
        out.put("profileArn", arns.inAccount(caller.accountId()).signingProfile(name));
        if (policy.isPresent()) {
            ObjectNode p = out.putObject("approvalPolicy");
            p.put("quorum", policy.get().quorum());
            ArrayNode list = p.putArray("approvers");
            policy.get().approvers().forEach(list::add);
            p.put("windowSeconds", policy.get().window().toSeconds());
        } else {
            out.putNull("approvalPolicy");
        }
        return out;
    }

    private ObjectNode jobView(JobApprovalView view) {
        SigningJob job = view.job();
        ObjectNode out = mapper.createObjectNode();
        out.put("jobId", job.jobId());
        out.put("jobArn", arns.inAccount(job.jobOwner()).signingJob(job.jobId()));
        out.put("jobOwner", job.jobOwner());
        out.put("jobInvoker", job.jobInvoker());
        out.put("requestedBy", job.requestedBy());
        out.put("profileName", job.profileName());
        out.put("profileVersion", job.profileVersion());
        out.put("platformId", job.platformId());
        out.put("status", job.status().name());
        job.statusReason().ifPresent(r -> out.put("statusReason", r));
        out.put("createdAt", job.createdAt().toString());
        job.completedAt().ifPresent(t -> out.put("completedAt", t.toString()));
        job.signedObject().ifPresent(o -> {
            ObjectNode signed = out.putObject("signedObject");
            signed.put("bucketName", o.bucketName());
            signed.put("key", o.key());
        });
        job.artifactDigest().ifPresent(d -> out.put("artifactDigest", d));
        if (view.gate().isPresent()) {
            ObjectNode approvalsNode = out.putObject("approvals");
            approvalsNode.put("quorum", view.gate().get().gate().quorum());
            ArrayNode approvers = approvalsNode.putArray("approvers");
            view.gate().get().gate().approvers().forEach(approvers::add);
            approvalsNode.put("deadline", view.gate().get().gate().deadline().toString());
            approvalsNode.put("awaiting", view.gate().get().awaiting());
            ArrayNode decisions = approvalsNode.putArray("decisions");
            for (JobApproval d : view.decisions()) {
                ObjectNode node = decisions.addObject();
                node.put("approver", d.approverArn());
                node.put("decision", d.decision().name());
                d.reason().ifPresent(r -> node.put("reason", r));
                node.put("decidedAt", d.decidedAt().toString());
            }
        }
        return out;
    }

    private void respond(Context ctx, ObjectNode out) throws IOException {
        ctx.status(200).contentType("application/json").result(mapper.writeValueAsBytes(out));
    }
}
