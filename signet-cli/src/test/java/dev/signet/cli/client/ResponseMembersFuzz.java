package dev.signet.cli.client;

import dev.signet.core.testing.BoundedFuzzTest;
import dev.signet.core.testing.FuzzBounds;

/**
 * {@link ResponseMembers}: the JSON body of a SignPayload answer as {@code signet sign} reads it.
 * {@code parse} declares nothing (anything but a JSON object is empty); {@code base64} declares
 * {@link IllegalArgumentException} for a member that is not base64.
 */
class ResponseMembersFuzz {
    @BoundedFuzzTest
    void parse(byte[] body) {
        FuzzBounds.parse(() -> ResponseMembers.parse(body).ifPresent(members -> {
            members.text("jobId");
            members.object("metadata");
            try {
                members.base64("signature");
            } catch (IllegalArgumentException declared) {
                // refused, as documented
            }
        }));
    }
}
