package dev.signet.server.http.lambda;

import dev.signet.core.testing.BoundedFuzzTest;
import dev.signet.core.testing.FuzzBounds;
import dev.signet.server.http.Json;
import dev.signet.server.service.ServiceException;
import dev.signet.server.testing.ClientFaults;
import java.util.List;
import java.util.function.Consumer;

/**
 * The Lambda code-signing-config JSON request bodies: every {@link LambdaRequests} decoder over the
 * input. Declares {@link ServiceException} with a 4xx status (Lambda's InvalidRequestContent and
 * InvalidParameterValue).
 */
class LambdaRequestsFuzz {
    private static final List<Consumer<byte[]>> DECODERS = List.of(
            body -> LambdaRequests.create(Json.mapper(), body),
            body -> LambdaRequests.update(Json.mapper(), body),
            body -> LambdaRequests.cscArn(Json.mapper(), body));

    @BoundedFuzzTest
    void decode(byte[] input) {
        FuzzBounds.parse(() -> {
            for (Consumer<byte[]> decoder : DECODERS) {
                try {
                    decoder.accept(input);
                } catch (ServiceException refused) {
                    ClientFaults.require(refused);
                }
            }
        });
    }
}
