package dev.signet.server.http.verify;

/** The rows of the enforcement matrix (issue 5, "Checked by"), for every platform. */
enum MatrixCase {
    VALID("valid"),
    UNSIGNED("unsigned"),
    ONE_BYTE_CHANGED("one byte changed"),
    EXPIRED("expired"),
    SIGNATURE_REVOKED("signature revoked"),
    PROFILE_REVOKED_BEFORE("profile revoked before signing time"),
    PROFILE_REVOKED_AFTER("profile revoked after signing time"),
    OTHER_PROFILE("signed by a profile not in the CSC"),
    OTHER_ROOT("signed under a different root");

    final String label;

    MatrixCase(String label) {
        this.label = label;
    }
}
