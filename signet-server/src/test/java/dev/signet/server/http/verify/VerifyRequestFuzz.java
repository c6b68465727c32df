package dev.signet.server.http.verify;

import dev.signet.core.testing.BoundedFuzzTest;
import dev.signet.core.testing.FuzzBounds;
import dev.signet.server.service.ServiceException;
import dev.signet.server.testing.ClientFaults;

/**
 * {@link VerifyRequest#parse}: the JSON of {@code POST /v1/verify}, in JSON mode and as an upload's
 * {@code request} part. Declares {@link ServiceException} with a 4xx status.
 */
class VerifyRequestFuzz {
    @BoundedFuzzTest
    void parse(byte[] json) {
        FuzzBounds.parse(() -> {
            for (VerifyRequest.Mode mode : VerifyRequest.Mode.values()) {
                try {
                    VerifyRequest.parse(json, mode);
                } catch (ServiceException refused) {
                    ClientFaults.require(refused);
                }
            }
        });
    }
}
