package dev.signet.server.service.principals;

import java.time.Instant;
import java.util.Objects;

/** When an access key last signed a request, and for which service and region. */
public record AccessKeyUse(Instant at, String service, String region) {
    public AccessKeyUse {
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(service, "service");
        Objects.requireNonNull(region, "region");
    }
}
