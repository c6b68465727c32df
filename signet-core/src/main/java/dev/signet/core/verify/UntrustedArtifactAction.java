package dev.signet.core.verify;

import java.util.Optional;

/** Lambda's {@code UntrustedArtifactOnDeployment}: what a failed non-integrity check does. */
public enum UntrustedArtifactAction {
    /** Allow, reporting the failures as warnings. */
    WARN("Warn"),
    /** Block. */
    ENFORCE("Enforce");

    private final String awsName;

    UntrustedArtifactAction(String awsName) {
        this.awsName = awsName;
    }

    /** {@code Warn} or {@code Enforce}, as the Lambda API spells it. */
    public String awsName() {
        return awsName;
    }

    public static Optional<UntrustedArtifactAction> fromAwsName(String name) {
        for (UntrustedArtifactAction a : values()) {
            if (a.awsName.equals(name)) {
                return Optional.of(a);
            }
        }
        return Optional.empty();
    }
}
