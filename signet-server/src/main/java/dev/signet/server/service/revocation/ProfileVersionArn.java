package dev.signet.server.service.revocation;

import dev.signet.server.service.Arns;
import dev.signet.server.service.Validation;
import java.util.Optional;

/** A signing profile version ARN of this deployment, taken apart; anything else is empty. */
record ProfileVersionArn(String account, String name, String version) {
    private static final String RESOURCE = "/signing-profiles/";

    static Optional<ProfileVersionArn> parse(Arns arns, String arn) {
        String[] parts = arn.split(":", 6);
        if (parts.length != 6
                || !parts[0].equals("arn")
                || !parts[1].equals(arns.partition())
                || !parts[2].equals("signer")
                || !parts[3].equals(arns.region())
                || !Validation.ACCOUNT_ID.matcher(parts[4]).matches()
                || !parts[5].startsWith(RESOURCE)) {
            return Optional.empty();
        }
        String[] path = parts[5].substring(RESOURCE.length()).split("/", -1);
        if (path.length != 2
                || !Validation.PROFILE_NAME.matcher(path[0]).matches()
                || !Validation.PROFILE_VERSION.matcher(path[1]).matches()) {
            return Optional.empty();
        }
        return Optional.of(new ProfileVersionArn(parts[4], path[0], path[1]));
    }
}
