package dev.signet.core.policy;

/** The role a policy plays in one evaluation; it names the policy in AWS's AccessDenied messages. */
public enum PolicyType {
    IDENTITY("an identity-based policy", "no identity-based policy"),
    RESOURCE("a resource-based policy", "no resource-based policy"),
    PERMISSIONS_BOUNDARY("a permissions boundary", "no permissions boundary");

    private final String explicit;
    private final String implicit;

    PolicyType(String explicit, String implicit) {
        this.explicit = explicit;
        this.implicit = implicit;
    }

    /** "an identity-based policy", as in "with an explicit deny in an identity-based policy". */
    public String explicitDenyPhrase() {
        return explicit;
    }

    /** "no identity-based policy", as in "because no identity-based policy allows the ACTION action". */
    public String implicitDenyPhrase() {
        return implicit;
    }
}
