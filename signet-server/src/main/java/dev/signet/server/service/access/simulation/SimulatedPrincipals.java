package dev.signet.server.service.access.simulation;

import dev.signet.core.policy.CallerPrincipal;
import dev.signet.server.service.Caller;
import dev.signet.server.service.ServiceException;
import dev.signet.server.service.access.IdentityPolicies;
import dev.signet.server.service.access.IdentityPolicies.SourcedPolicy;
import dev.signet.server.service.iam.IamGroup;
import dev.signet.server.service.iam.IamRole;
import dev.signet.server.service.iam.IamUser;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Who a simulation is about: SimulatePrincipalPolicy's PolicySourceArn (a user, group or role of
 * the requester's account, read now, with the policies {@link IdentityPolicies} gives it) and
 * CallerArn (an IAM user, stored or not).
 */
final class SimulatedPrincipals {
    /** The session name a simulated role's session is given. */
    static final String SESSION = "SimulatePrincipalPolicy";

    private static final Pattern SOURCE =
            Pattern.compile("arn:([a-z-]+):iam::(\\d{12}):(user|group|role)/(?:[\\x21-\\x7e]*/)?([\\w+=,.@-]{1,128})");

    private final IdentityPolicies.Sources sources;
    private final IdentityPolicies identities;

    SimulatedPrincipals(IdentityPolicies.Sources sources, IdentityPolicies identities) {
        this.sources = sources;
        this.identities = identities;
    }

    /**
     * The simulated principal's policies, the caller it is when known (a user; a session of a
     * role), and the caller to evaluate as when none is known (an unnamed user of the account).
     */
    record Simulated(List<SourcedPolicy> policies, Optional<CallerPrincipal> caller, CallerPrincipal anonymous) {}

    Simulated source(Caller requester, String arn) {
        SimulationChecks.length("policySourceArn", arn, 20, 2048);
        Matcher m = SOURCE.matcher(arn);
        if (!m.matches()) {
            throw SimulationChecks.invalidInput("PolicySourceArn " + SimulationChecks.printable(arn)
                    + " must be the ARN of an IAM user, group or role.");
        }
        String account = m.group(2);
        String kind = m.group(3);
        String name = m.group(4);
        CallerPrincipal unnamed = unnamed(arn, account);
        if (!account.equals(requester.accountId())) {
            throw noSuch(kind, name);
        }
        return switch (kind) {
            case "user" -> {
                IamUser user = sources.users()
                        .find(account, name)
                        .filter(u -> u.arn().equals(arn))
                        .orElseThrow(() -> noSuch(kind, name));
                yield new Simulated(
                        identities.userPolicies(user.userId()),
                        Optional.of(CallerPrincipal.user(
                                user.arn(), user.userId(), sources.users().tags(user.userId()))),
                        unnamed);
            }
            case "group" -> {
                IamGroup group = sources.groups()
                        .find(account, name)
                        .filter(g -> g.arn().equals(arn))
                        .orElseThrow(() -> noSuch(kind, name));
                yield new Simulated(identities.groupPolicies(group.groupId()), Optional.empty(), unnamed);
            }
            default -> {
                IamRole role = sources.roles()
                        .find(account, name)
                        .filter(r -> r.arn().equals(arn))
                        .orElseThrow(() -> noSuch(kind, name));
                String session =
                        "arn:" + m.group(1) + ":sts::" + account + ":assumed-role/" + role.roleName() + "/" + SESSION;
                yield new Simulated(
                        identities.rolePolicies(role.roleId()),
                        Optional.of(CallerPrincipal.roleSession(
                                session, role.arn(), role.roleId() + ":" + SESSION, role.tags())),
                        unnamed);
            }
        };
    }

    /** SimulateCustomPolicy's principal when no CallerArn names one: an unnamed user of the requester's account. */
    Simulated none(Caller requester) {
        return new Simulated(List.of(), Optional.empty(), unnamed(requester.principalArn(), requester.accountId()));
    }

    /** CallerArn's user: the stored user's id and tags when it exists, else the ARN alone. */
    CallerPrincipal caller(String arn, String[] accountAndName) {
        Optional<IamUser> stored = sources.users()
                .find(accountAndName[0], accountAndName[1])
                .filter(u -> u.arn().equals(arn));
        return stored.map(u -> CallerPrincipal.user(
                        u.arn(), u.userId(), sources.users().tags(u.userId())))
                .orElseGet(() -> new CallerPrincipal(
                        CallerPrincipal.PrincipalType.USER,
                        arn,
                        accountAndName[0],
                        Optional.empty(),
                        Optional.empty(),
                        Map.of()));
    }

    private static CallerPrincipal unnamed(String arn, String account) {
        return new CallerPrincipal(
                CallerPrincipal.PrincipalType.USER, arn, account, Optional.empty(), Optional.empty(), Map.of());
    }

    private static ServiceException noSuch(String kind, String name) {
        return new ServiceException("NoSuchEntity", 404, "The " + kind + " with name " + name + " cannot be found.");
    }
}
