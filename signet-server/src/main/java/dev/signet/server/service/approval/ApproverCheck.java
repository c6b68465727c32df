package dev.signet.server.service.approval;

import dev.signet.server.service.Caller;
import dev.signet.server.service.iam.IamGroup;
import dev.signet.server.service.iam.IamGroupRepository;
import java.util.List;
import java.util.Optional;

/**
 * Whether a caller is one of the principals an approvers list names: its own principal ARN (a user,
 * the account's administrator, or one exact role session), the ARN of the role its session acts as
 * (any session of that role), or the ARN of a group it is a member of (users only). Anything else,
 * and any ARN the list does not spell exactly, does not match: the check fails closed.
 */
final class ApproverCheck {
    private final IamGroupRepository groups;

    ApproverCheck(IamGroupRepository groups) {
        this.groups = groups;
    }

    boolean matches(Caller caller, List<String> approvers) {
        if (approvers.contains(caller.principalArn())) {
            return true;
        }
        Optional<Caller.RoleSession> session = caller.roleSession();
        if (session.isPresent()) {
            return approvers.contains(session.get().roleArn());
        }
        if (caller.kind() != Caller.Kind.USER || approvers.stream().noneMatch(ApproverCheck::isGroup)) {
            return false;
        }
        return groups.groupsOf(caller.userId()).stream().map(IamGroup::arn).anyMatch(approvers::contains);
    }

    static boolean isGroup(String arn) {
        int resource = arn.indexOf(":group/");
        return resource > 0 && arn.startsWith("arn:") && arn.contains(":iam::");
    }
}
