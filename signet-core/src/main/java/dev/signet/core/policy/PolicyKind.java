package dev.signet.core.policy;

/**
 * What a policy document is attached to, which decides the elements it must and must not have.
 *
 * <ul>
 *   <li>IDENTITY: attached to a user, group or role, or used as a permissions boundary: no
 *       Principal or NotPrincipal; Resource or NotResource required.
 *   <li>RESOURCE: attached to a resource (a signing profile, a bucket): Principal or NotPrincipal
 *       required; Resource optional (absent: the resource the policy is attached to).
 *   <li>TRUST: a role's trust policy: Principal or NotPrincipal required (NotPrincipal with Allow
 *       refused); no Resource or NotResource.
 * </ul>
 */
public enum PolicyKind {
    IDENTITY,
    RESOURCE,
    TRUST
}
