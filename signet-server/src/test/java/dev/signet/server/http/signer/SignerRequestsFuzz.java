package dev.signet.server.http.signer;

import dev.signet.core.testing.BoundedFuzzTest;
import dev.signet.core.testing.FuzzBounds;
import dev.signet.server.http.Json;
import dev.signet.server.service.ServiceException;
import dev.signet.server.testing.ClientFaults;
import java.util.List;
import java.util.function.Consumer;

/**
 * The Signer API's JSON request bodies: {@link JsonMembers#parse}, then every {@link
 * SignerRequests} decoder over the same body. Declares {@link ServiceException} with a 4xx status
 * (a 5xx, or any other exception, would turn a client's bad JSON into an internal error).
 */
class SignerRequestsFuzz {
    private static final List<Consumer<JsonMembers>> DECODERS = List.of(
            body -> SignerRequests.putProfile("fuzz", body),
            SignerRequests::startJob,
            SignerRequests::signPayload,
            body -> SignerRequests.addPermission("fuzz", body),
            body -> SignerRequests.revokeProfile("fuzz", body),
            SignerRequests::tags,
            body -> body.string("jobOwner"));

    @BoundedFuzzTest
    void decode(byte[] input) {
        FuzzBounds.parse(() -> {
            JsonMembers body;
            try {
                body = JsonMembers.parse(Json.mapper(), input);
            } catch (ServiceException refused) {
                ClientFaults.require(refused);
                return;
            }
            for (Consumer<JsonMembers> decoder : DECODERS) {
                try {
                    decoder.accept(body);
                } catch (ServiceException refused) {
                    ClientFaults.require(refused);
                }
            }
        });
    }
}
