package dev.signet.server.http;

import dev.signet.core.testing.BoundedFuzzTest;
import dev.signet.core.testing.FuzzBounds;
import dev.signet.server.service.ServiceException;
import dev.signet.server.testing.ClientFaults;
import java.util.Set;

/**
 * The native routes' JSON bodies: {@link RequestJson#of} with the members of the policy and the
 * decision routes, then every member read as those routes read it. Declares {@link
 * ServiceException} with a 4xx status (ValidationException, BadRequestException).
 */
class RequestJsonFuzz {
    private static final Set<String> MEMBERS =
            Set.of("profileName", "quorum", "approvers", "windowSeconds", "jobId", "jobOwner", "reason");

    @BoundedFuzzTest
    void body(byte[] input) {
        FuzzBounds.parse(() -> {
            RequestJson body;
            try {
                body = RequestJson.parse(input, MEMBERS);
            } catch (ServiceException refused) {
                ClientFaults.require(refused);
                return;
            }
            refusable(() -> body.text("profileName"));
            refusable(() -> body.integer("quorum"));
            refusable(() -> body.strings("approvers"));
            refusable(() -> body.optionalLong("windowSeconds"));
            refusable(() -> body.optionalText("jobOwner"));
            refusable(() -> body.optionalText("reason"));
        });
    }

    private static void refusable(Runnable read) {
        try {
            read.run();
        } catch (ServiceException refused) {
            ClientFaults.require(refused);
        }
    }
}
