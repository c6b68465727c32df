package dev.signet.server.http.lambda;

import dev.signet.core.testing.BoundedFuzzTest;
import dev.signet.core.testing.FuzzBounds;
import dev.signet.server.http.Json;
import dev.signet.server.service.Arns;
import dev.signet.server.service.ServiceException;
import dev.signet.server.service.csc.CscValidation;
import dev.signet.server.service.csc.LambdaFunction;
import dev.signet.server.testing.ClientFaults;
import dev.signet.server.testing.RequestHead;
import io.javalin.http.Context;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The Lambda code-signing-config requests: every {@link LambdaRequests} JSON body decoder over the
 * input ({@link #decode}), and a request target ({@link #request}: the path split by {@link
 * LambdaPaths} with its config ARN or function name checked as the service checks them, and the
 * listing query's Marker and MaxItems). Declares {@link ServiceException} with a 4xx status
 * (Lambda's InvalidRequestContent and InvalidParameterValue).
 */
class LambdaRequestsFuzz {
    private static final List<Consumer<byte[]>> DECODERS = List.of(
            body -> LambdaRequests.create(Json.mapper(), body),
            body -> LambdaRequests.update(Json.mapper(), body),
            body -> LambdaRequests.cscArn(Json.mapper(), body));
    private static final Arns ARNS = new Arns("aws", "us-east-1", "000000000000");

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

    /** The input is a request target, {@code PATH[?QUERY]}; one Jetty would refuse is skipped. */
    @BoundedFuzzTest
    void request(byte[] input) {
        Optional<RequestHead> head = RequestHead.parse(
                ("GET " + new String(input, StandardCharsets.ISO_8859_1)).getBytes(StandardCharsets.ISO_8859_1));
        if (head.isEmpty()) {
            return;
        }
        Context ctx = head.get().context(new byte[0]);
        FuzzBounds.parse(() -> {
            try {
                List<String> path = LambdaPaths.of(ctx.path());
                if (path.size() >= 3) {
                    refusable(() -> CscValidation.cscArn(path.get(2)));
                    refusable(() -> LambdaFunction.parse(path.get(2), ARNS));
                }
            } catch (ServiceException refused) {
                ClientFaults.require(refused);
            }
            refusable(() -> LambdaRequests.marker(ctx));
            refusable(() -> CscValidation.maxItems(LambdaRequests.maxItems(ctx)));
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
