package dev.signet.server.http.signer;

import dev.signet.core.testing.BoundedFuzzTest;
import dev.signet.core.testing.FuzzBounds;
import dev.signet.server.service.PageTokens;
import dev.signet.server.service.ServiceException;
import dev.signet.server.service.Validation;
import dev.signet.server.service.job.JobFilter;
import dev.signet.server.service.profile.ProfileStatus;
import dev.signet.server.testing.ClientFaults;
import dev.signet.server.testing.RequestHead;
import io.javalin.http.Context;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * The Signer API's query strings ({@link QueryMembers}, restJson1 {@code location: querystring}),
 * split and decoded by Javalin as the routes read them: the members of ListSigningJobs (its {@link
 * JobFilter} and the fingerprint its page tokens are bound to), ListSigningProfiles,
 * ListSigningPlatforms, GetRevocationStatus, ListProfilePermissions and UntagResource, with their
 * validations and the page-token check ({@link PageTokens#open}). The input is the raw query string;
 * one that Jetty would refuse (outside printable ASCII) is skipped. Declares {@link
 * ServiceException} with a 4xx status.
 */
class QueryMembersFuzz {
    private static final String ACCOUNT = "000000000000";
    private static final PageTokens PAGE_TOKENS =
            new PageTokens("fuzz page-token key, 32 bytes or more".getBytes(StandardCharsets.US_ASCII));

    @BoundedFuzzTest
    void query(byte[] input) {
        Optional<RequestHead> head =
                RequestHead.parse(("GET /signing-jobs?" + new String(input, StandardCharsets.ISO_8859_1))
                        .getBytes(StandardCharsets.ISO_8859_1));
        if (head.isEmpty()) {
            return;
        }
        Context ctx = head.get().context(new byte[0]);
        FuzzBounds.parse(() -> {
            QueryMembers query = new QueryMembers(ctx);
            refusable(() -> {
                JobFilter filter = SignerRequests.jobFilter(query, ACCOUNT);
                Validation.accountId("jobInvoker", filter.jobInvoker());
                Validation.maxResults(query.integer("maxResults"));
                PAGE_TOKENS.open(filter.fingerprint(), query.string("nextToken"));
            });
            refusable(() -> {
                query.bool("includeCanceled");
                query.strings("statuses")
                        .forEach(s -> ProfileStatus.valueOf(
                                QueryMembers.checkEnum("statuses", s, SignerRequests.PROFILE_STATUSES)));
                query.string("platformId");
            });
            refusable(() -> {
                query.string("category");
                query.string("partner");
                query.string("target");
                Validation.maxResults(query.integer("maxResults"));
            });
            refusable(() -> {
                query.timestamp("signatureTimestamp");
                query.string("profileVersionArn").ifPresent(arn -> Validation.arn("profileVersionArn", arn));
                query.string("jobArn").ifPresent(arn -> Validation.arn("jobArn", arn));
                query.strings("certificateHashes").forEach(h -> Validation.length("certificateHashes", h, 1, 1024));
            });
            refusable(() -> {
                query.string("profileOwner");
                query.string("revisionId");
                query.strings("tagKeys");
            });
        });
    }

    private static void refusable(Runnable decode) {
        try {
            decode.run();
        } catch (ServiceException refused) {
            ClientFaults.require(refused);
        }
    }
}
