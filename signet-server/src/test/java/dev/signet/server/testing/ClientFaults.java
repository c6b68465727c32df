package dev.signet.server.testing;

import dev.signet.server.service.ServiceException;

/** What fuzz targets of request decoders accept as a refusal: a ServiceException answered with a 4xx. */
public final class ClientFaults {
    private ClientFaults() {}

    /** Passes a client-fault refusal; anything the caller would see as a 5xx is a finding. */
    public static void require(ServiceException refusal) {
        if (refusal.httpStatus() < 400 || refusal.httpStatus() >= 500) {
            throw new AssertionError(
                    "bad input answered " + refusal.httpStatus() + " " + refusal.errorCode() + ": "
                            + refusal.getMessage(),
                    refusal);
        }
    }
}
