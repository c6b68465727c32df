/**
 * The IAM policy language: {@link dev.signet.core.policy.PolicyParser} reads identity-based,
 * resource-based and trust policy documents strictly (every refusal a {@link
 * dev.signet.core.policy.MalformedPolicyException} naming the problem), and {@link
 * dev.signet.core.policy.PolicyEvaluator} decides a {@link dev.signet.core.policy.RequestContext}
 * against a {@link dev.signet.core.policy.PolicySet} with AWS's evaluation rules. Pure: no I/O, no
 * clock (the caller puts {@code aws:CurrentTime} into the context), no server types. The rules and
 * what is refused are written down in {@code docs/access-control.md}.
 */
package dev.signet.core.policy;
